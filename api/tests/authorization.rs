//! Who may see and do what, and bad input: every refusal is in the one error shape with a
//! 4xx status, and the log position does not move.

mod common;
mod fixtures;

use common::{error_code, TestApp};
use fixtures::*;
use serde_json::{json, Value};

fn complaint(public: bool) -> Value {
    json!({
        "category": "environment",
        "occurred_at": "2026-11-21T08:00:00Z",
        "address": "青芝坞 3 号垃圾房",
        "point": {"lon": 120.121, "lat": 30.261},
        "description": "垃圾房三天没清运，味道很大。",
        "public": public
    })
}

async fn filed(app: &TestApp, token: &str, public: bool) -> String {
    let response = app
        .post("/api/v1/complaints", Some(token), complaint(public))
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    let id = body["id"].as_str().unwrap().to_owned();
    // Wait until read models show it.
    app.get(
        &format!("/api/v1/complaints/{id}?after={}", body["position"]),
        Some(token),
    )
    .await;
    id
}

#[tokio::test]
async fn a_resident_cannot_read_a_neighbours_private_complaint_but_can_read_a_public_one() {
    let (app, _) = county(&["--dev-clock"]).await;
    let a = app.dev_login("o-resident-a").await;
    let b = app.dev_login("o-resident-b").await;
    let private = filed(&app, &a, false).await;
    let public = filed(&app, &a, true).await;
    assert_eq!(
        error_code(
            app.get(&format!("/api/v1/complaints/{private}"), Some(&b))
                .await,
            404
        )
        .await,
        "complaint.not_found"
    );
    let seen: Value = app
        .get(&format!("/api/v1/complaints/{public}"), Some(&b))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen["complaint"]["id"], json!(public));
    assert!(
        seen["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"].is_null()),
        "a neighbour sees no identities"
    );
    // Nor can B act on A's complaint.
    let before = app.head().await;
    let response = app
        .post(
            &format!("/api/v1/complaints/{private}/withdraw"),
            Some(&b),
            json!({}),
        )
        .await;
    assert!(response.status().is_client_error());
    assert_eq!(app.head().await, before);
}

#[tokio::test]
async fn a_cadre_cannot_handle_a_complaint_outside_their_grid() {
    let (app, _) = county(&["--dev-clock"]).await;
    let resident = app.dev_login("o-resident-c").await;
    let id = filed(&app, &resident, false).await; // lands in grid A
    let cadre_b = app.dev_login(CADRE_B).await;
    let before = app.head().await;
    assert_eq!(
        error_code(
            app.get(&format!("/api/v1/complaints/{id}"), Some(&cadre_b))
                .await,
            404
        )
        .await,
        "complaint.not_found"
    );
    let response = app
        .post(
            &format!("/api/v1/complaints/{id}/accept"),
            Some(&cadre_b),
            json!(null),
        )
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .post(
            &format!("/api/v1/complaints/{id}/resolve"),
            Some(&cadre_b),
            json!({"resolution": "x"}),
        )
        .await;
    assert_eq!(response.status(), 403);
    assert_eq!(app.head().await, before);
}

#[tokio::test]
async fn an_auditor_reads_everything_and_writes_nothing() {
    let (app, _) = county(&["--dev-clock"]).await;
    let resident = app.dev_login("o-resident-d").await;
    let id = filed(&app, &resident, false).await;
    let auditor = app.dev_login(AUDITOR).await;
    assert_eq!(
        app.get(&format!("/api/v1/complaints/{id}"), Some(&auditor))
            .await
            .status(),
        200
    );
    let before = app.head().await;
    assert_eq!(
        error_code(
            app.post("/api/v1/complaints", Some(&auditor), complaint(false))
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(
        error_code(
            app.post(
                &format!("/api/v1/complaints/{id}/notes"),
                Some(&auditor),
                json!({"text": "x"})
            )
            .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(app.head().await, before);
}

#[tokio::test]
async fn no_token_or_an_expired_one_gets_401() {
    let (app, _) = county(&["--dev-clock"]).await;
    assert_eq!(
        error_code(app.get("/api/v1/complaints/mine", None).await, 401).await,
        "auth.missing_token"
    );
    let token = app.dev_login("o-resident-e").await;
    assert_eq!(
        app.get("/api/v1/complaints/mine", Some(&token))
            .await
            .status(),
        200
    );
    // Sessions last 72 hours by default.
    assert_eq!(
        app.post("/api/v1/dev/clock", None, json!({"minutes": 73 * 60}))
            .await
            .status(),
        200
    );
    assert_eq!(
        error_code(app.get("/api/v1/complaints/mine", Some(&token)).await, 401).await,
        "auth.expired"
    );
}

#[tokio::test]
async fn bad_input_gets_a_4xx_in_the_error_shape_and_the_log_does_not_move() {
    let (app, _) = county(&["--dev-clock"]).await;
    let token = app.dev_login("o-resident-f").await;
    let id = filed(&app, &token, false).await;
    let before = app.head().await;
    let raw = |body: &'static str| {
        app.http
            .post(format!("{}/api/v1/complaints", app.base))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    assert_eq!(
        error_code(raw("{\"category\": ").await.unwrap(), 400).await,
        "request.malformed_json"
    );
    assert_eq!(
        error_code(raw("{\"category\": 7}").await.unwrap(), 422).await,
        "request.invalid_fields"
    );
    let mut unknown = complaint(false);
    unknown["category"] = json!("alien_abduction");
    assert_eq!(
        error_code(
            app.post("/api/v1/complaints", Some(&token), unknown).await,
            422
        )
        .await,
        "request.invalid_fields"
    );
    let mut far = complaint(false);
    far["point"] = json!({"lon": 500.0, "lat": 30.0});
    assert_eq!(
        error_code(app.post("/api/v1/complaints", Some(&token), far).await, 422).await,
        "request.invalid_fields"
    );
    let mut empty = complaint(false);
    empty["description"] = json!("");
    assert!(app
        .post("/api/v1/complaints", Some(&token), empty)
        .await
        .status()
        .is_client_error());
    let mut ghost_media = complaint(false);
    ghost_media["media"] = json!(["a".repeat(64)]);
    assert_eq!(
        error_code(
            app.post("/api/v1/complaints", Some(&token), ghost_media)
                .await,
            422
        )
        .await,
        "media.unknown"
    );
    let huge = json!({"text": "长".repeat(40_000)});
    let too_large = app
        .post(
            &format!("/api/v1/complaints/{id}/notes"),
            Some(&token),
            huge,
        )
        .await;
    assert_eq!(error_code(too_large, 413).await, "request.too_large");
    // An impossible transition: rating before resolution.
    let response = app
        .post(
            &format!("/api/v1/complaints/{id}/rate"),
            Some(&token),
            json!({"score": 5}),
        )
        .await;
    assert!(response.status().is_client_error());
    let code = error_code(response, 409).await;
    assert!(code.starts_with("complaint."), "{code}");
    let bad_score = app
        .post(
            &format!("/api/v1/complaints/{id}/rate"),
            Some(&token),
            json!({"score": 9}),
        )
        .await;
    assert!(bad_score.status().is_client_error());
    let bad_key = app
        .http
        .post(format!("{}/api/v1/complaints", app.base))
        .bearer_auth(&token)
        .header("Idempotency-Key", "")
        .json(&complaint(false))
        .send()
        .await
        .unwrap();
    assert_eq!(
        error_code(bad_key, 400).await,
        "request.invalid_idempotency_key"
    );
    assert_eq!(
        app.head().await,
        before,
        "no refused request wrote anything"
    );
}

#[tokio::test]
async fn hostile_media_uploads_are_refused_by_their_bytes() {
    let (app, _) = county(&["--dev-clock"]).await;
    let token = app.dev_login("o-resident-g").await;
    let upload = |bytes: Vec<u8>, name: &'static str, mime: &'static str| {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(name)
            .mime_str(mime)
            .unwrap();
        app.http
            .post(format!("{}/api/v1/media", app.base))
            .bearer_auth(&token)
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
    };
    let html = b"<html><script>document.cookie</script></html>".to_vec();
    assert_eq!(
        error_code(upload(html, "photo.jpg", "image/jpeg").await.unwrap(), 415).await,
        "media.unsupported_type"
    );
    let elf = vec![0x7F, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0];
    assert_eq!(
        error_code(upload(elf, "voice.aac", "audio/aac").await.unwrap(), 415).await,
        "media.unsupported_type"
    );
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    png.resize(11 * 1024 * 1024, 0);
    assert_eq!(
        error_code(upload(png, "big.png", "image/png").await.unwrap(), 413).await,
        "media.too_large"
    );
    // A real (tiny) PNG is accepted, whatever the client claims it is, and served as PNG.
    let mut small = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    small.extend_from_slice(&[0; 64]);
    let stored = upload(small, "x.exe", "application/octet-stream")
        .await
        .unwrap();
    assert_eq!(stored.status(), 201);
    let meta: Value = stored.json().await.unwrap();
    assert_eq!(meta["mime"], json!("image/png"));
    let fetched = app
        .get(
            &format!("/api/v1/media/{}", meta["id"].as_str().unwrap()),
            Some(&token),
        )
        .await;
    assert_eq!(fetched.headers()["content-type"], "image/png");
    // Someone else cannot fetch it without a complaint that shows it.
    let other = app.dev_login("o-resident-h").await;
    assert_eq!(
        app.get(
            &format!("/api/v1/media/{}", meta["id"].as_str().unwrap()),
            Some(&other)
        )
        .await
        .status(),
        404
    );
}
