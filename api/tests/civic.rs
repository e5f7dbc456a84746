//! Community and government services, black-box: announcements, handling guides and
//! applications, errands (委托代办) with their private documents, and feedback. Each flow:
//! the happy path, an illegal transition, who may not act, and bad input that changes
//! nothing in the log.

mod common;
mod fixtures;

use common::{error_code, json_of, spawn_app_in, TestApp};
use fixtures::*;
use serde_json::{json, Value};

fn id_and_position(body: &Value) -> (String, u64) {
    (
        body["id"].as_str().unwrap().to_owned(),
        body["position"].as_u64().unwrap(),
    )
}

/// A tiny PNG whose bytes differ per `seed`, so each upload is its own file.
fn png(seed: u8) -> Vec<u8> {
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    bytes.extend_from_slice(&[seed; 64]);
    bytes
}

async fn upload_media(app: &TestApp, token: &str, seed: u8) -> String {
    let part = reqwest::multipart::Part::bytes(png(seed))
        .file_name("scan.png")
        .mime_str("image/png")
        .unwrap();
    let response = app
        .http
        .post(format!("{}/api/v1/media", app.base))
        .bearer_auth(token)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    json_of(response, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn upload_document(
    app: &TestApp,
    token: &str,
    errand: &str,
    kind: &str,
    seed: u8,
) -> reqwest::Response {
    let part = reqwest::multipart::Part::bytes(png(seed))
        .file_name("doc.png")
        .mime_str("image/png")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("kind", kind.to_owned())
        .part("file", part);
    app.http
        .post(format!(
            "{}/api/v1/errands/{errand}/documents/files",
            app.base
        ))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

async fn publish(app: &TestApp, manager: &str, place: &str, title: &str) -> (String, u64) {
    id_and_position(
        &json_of(
            app.post(
                "/api/v1/announcements",
                Some(manager),
                json!({"jurisdiction": place, "title": title, "body": format!("{title}，请相互转告。")}),
            )
            .await,
            201,
        )
        .await,
    )
}

#[tokio::test]
async fn a_manager_publishes_pins_edits_and_withdraws_and_residents_read_their_places_feed() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let li = resident_of(&app, "o-resident-li", GRID_B).await;

    let (water, _) = publish(&app, &manager, VILLAGE_A, "青芝坞周三停水").await;
    let (_, _) = publish(&app, &manager, TOWNSHIP, "街道疫苗接种安排").await;
    let (_, last) = publish(&app, &manager, VILLAGE_B, "茅家埠垃圾分类督导").await;

    // Wang lives in grid A: the village A and township notices, newest first; not village B's.
    let feed = json_of(
        app.get(
            &format!("/api/v1/announcements/feed?after={last}"),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(titles(&feed), vec!["街道疫苗接种安排", "青芝坞周三停水"]);

    // Pinned goes first, whatever its age.
    let pinned = json_of(
        app.post(
            &format!("/api/v1/announcements/{water}/pin"),
            Some(&manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let feed = json_of(
        app.get(
            &format!("/api/v1/announcements/feed?after={}", pinned["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(titles(&feed), vec!["青芝坞周三停水", "街道疫苗接种安排"]);
    assert_eq!(feed["items"][0]["pinned"], json!(true));

    // Edited text shows; unpinned returns it to date order.
    json_of(
        app.post(
            &format!("/api/v1/announcements/{water}/edit"),
            Some(&manager),
            json!({"title": "青芝坞周四停水", "body": "改为周四 9:00-15:00 停水。"}),
        )
        .await,
        200,
    )
    .await;
    let unpinned = json_of(
        app.post(
            &format!("/api/v1/announcements/{water}/unpin"),
            Some(&manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let feed = json_of(
        app.get(
            &format!("/api/v1/announcements/feed?after={}", unpinned["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(titles(&feed), vec!["街道疫苗接种安排", "青芝坞周四停水"]);

    // Li in village B sees the township notice and their own village's.
    let feed = json_of(app.get("/api/v1/announcements/feed", Some(&li)).await, 200).await;
    assert_eq!(
        titles(&feed),
        vec!["茅家埠垃圾分类督导", "街道疫苗接种安排"]
    );

    // Withdrawn: gone from the feed, still in the staff list; withdrawing twice is illegal.
    let withdrawn = json_of(
        app.post(
            &format!("/api/v1/announcements/{water}/withdraw"),
            Some(&manager),
            json!({"reason": "已恢复供水"}),
        )
        .await,
        200,
    )
    .await;
    let feed = json_of(
        app.get(
            &format!("/api/v1/announcements/feed?after={}", withdrawn["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(titles(&feed), vec!["街道疫苗接种安排"]);
    let staff = json_of(
        app.get("/api/v1/announcements?status=withdrawn", Some(&manager))
            .await,
        200,
    )
    .await;
    assert_eq!(titles(&staff), vec!["青芝坞周四停水"]);
    let before = app.head().await;
    error_code(
        app.post(
            &format!("/api/v1/announcements/{water}/withdraw"),
            Some(&manager),
            json!({}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(app.head().await, before, "a refused command writes nothing");
}

#[tokio::test]
async fn publishing_puts_a_message_in_the_inbox_of_the_residents_of_that_place_only() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let li = resident_of(&app, "o-resident-li", GRID_B).await;
    let (id, position) = publish(&app, &manager, VILLAGE_A, "青芝坞周三停水").await;

    let inbox = json_of(
        app.get(&format!("/api/v1/inbox?after={position}"), Some(&wang))
            .await,
        200,
    )
    .await;
    let items = inbox["items"].as_array().unwrap();
    assert!(
        items.iter().any(|m| m["kind"] == json!("announcement")
            && m["subject"] == json!(format!("announcement-{id}"))
            && m["body"] == json!("青芝坞周三停水")),
        "{inbox}"
    );
    assert!(inbox["unread"].as_u64().unwrap() >= 1);
    let other = json_of(
        app.get(&format!("/api/v1/inbox?after={position}"), Some(&li))
            .await,
        200,
    )
    .await;
    assert!(
        !other["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == json!("announcement")),
        "village B's resident gets nothing: {other}"
    );
}

#[tokio::test]
async fn only_managers_of_the_place_publish_and_bad_announcements_change_nothing() {
    let (app, manager) = county(NO_FLAGS).await;
    let cadre = app.dev_login(CADRE_A).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let before = app.head().await;
    let body = json!({"jurisdiction": VILLAGE_A, "title": "通知", "body": "内容"});
    for token in [&cadre, &wang] {
        error_code(
            app.post("/api/v1/announcements", Some(token), body.clone())
                .await,
            403,
        )
        .await;
    }
    error_code(app.get("/api/v1/announcements", Some(&wang)).await, 403).await;
    // Empty title, unknown place, unknown field: 4xx in the one shape.
    for bad in [
        json!({"jurisdiction": VILLAGE_A, "title": "", "body": "内容"}),
        json!({"jurisdiction": "330106009009", "title": "通知", "body": "内容"}),
        json!({"jurisdiction": VILLAGE_A, "title": "通知", "body": "内容", "urgent": true}),
    ] {
        let response = app
            .post("/api/v1/announcements", Some(&manager), bad.clone())
            .await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad} answered {status}");
        error_code(response, status).await;
    }
    assert_eq!(app.head().await, before, "nothing was written");
}

async fn define_guide(app: &TestApp, manager: &str) -> String {
    json_of(
        app.post(
            "/api/v1/guides",
            Some(manager),
            json!({
                "name": "高龄津贴申请",
                "text": "年满 80 周岁的本地户籍老人可申请高龄津贴。",
                "materials": ["身份证", "户口簿"]
            }),
        )
        .await,
        201,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_application_goes_through_a_request_for_more_materials_to_approval() {
    let (app, manager) = county(NO_FLAGS).await;
    let guide = define_guide(&app, &manager).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let (card, book) = (
        upload_media(&app, &wang, 1).await,
        upload_media(&app, &wang, 2).await,
    );
    let submitted = json_of(
        app.post(
            "/api/v1/applications",
            Some(&wang),
            json!({
                "guide": guide,
                "materials": [
                    {"name": "身份证", "media": [card]},
                    {"name": "户口簿", "media": [book]}
                ],
                "note": "为母亲申请"
            }),
        )
        .await,
        201,
    )
    .await;
    let (id, position) = id_and_position(&submitted);

    // The grid's cadre sees it in the review queue and asks for one more material.
    let queue = json_of(
        app.get(
            &format!("/api/v1/applications?after={position}"),
            Some(&cadre),
        )
        .await,
        200,
    )
    .await;
    assert!(queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == json!(id)));
    json_of(
        app.post(
            &format!("/api/v1/applications/{id}/request-materials"),
            Some(&cadre),
            json!({"materials": ["老人近照"], "reason": "系统需要存档照片"}),
        )
        .await,
        200,
    )
    .await;
    // Approving while materials are outstanding is illegal.
    let before = app.head().await;
    error_code(
        app.post(
            &format!("/api/v1/applications/{id}/approve"),
            Some(&cadre),
            json!({}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(app.head().await, before);

    let photo = upload_media(&app, &wang, 3).await;
    json_of(
        app.post(
            &format!("/api/v1/applications/{id}/supply-materials"),
            Some(&wang),
            json!({"materials": [{"name": "老人近照", "media": [photo]}]}),
        )
        .await,
        200,
    )
    .await;
    let approved = json_of(
        app.post(
            &format!("/api/v1/applications/{id}/approve"),
            Some(&cadre),
            json!({"note": "下月起发放"}),
        )
        .await,
        200,
    )
    .await;

    // The resident follows it: status and a timeline of every step.
    let view = json_of(
        app.get(
            &format!("/api/v1/applications/{id}?after={}", approved["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("approved"));
    let steps: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        vec![
            "application.submitted",
            "application.materials_requested",
            "application.materials_supplied",
            "application.approved"
        ]
    );
    let mine = json_of(app.get("/api/v1/me/applications", Some(&wang)).await, 200).await;
    assert_eq!(mine["items"][0]["id"], json!(id));
    // Its files are served in its context to the applicant.
    let file = app
        .get(
            &format!("/api/v1/media/{card}?application={id}"),
            Some(&wang),
        )
        .await;
    assert_eq!(file.status(), 200);
}

#[tokio::test]
async fn a_rejection_needs_a_reason_and_applications_are_private_to_applicant_and_staff() {
    let (app, manager) = county(NO_FLAGS).await;
    let guide = define_guide(&app, &manager).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let nosy = resident_of(&app, "o-resident-nosy", GRID_A).await;
    let cadre_b = app.dev_login(CADRE_B).await;
    let cadre_a = app.dev_login(CADRE_A).await;
    let (card, book) = (
        upload_media(&app, &wang, 11).await,
        upload_media(&app, &wang, 12).await,
    );
    let materials = json!([
        {"name": "身份证", "media": [card]},
        {"name": "户口簿", "media": [book]}
    ]);

    // Bad input: a required material missing, another's file, unknown guide.
    let theirs = upload_media(&app, &nosy, 13).await;
    let before = app.head().await;
    for bad in [
        json!({"guide": guide, "materials": [{"name": "身份证", "media": [card]}]}),
        json!({"guide": guide, "materials": [{"name": "身份证", "media": [theirs]}, {"name": "户口簿", "media": [book]}]}),
        json!({"guide": "00000000-0000-4000-8000-000000000000", "materials": materials}),
    ] {
        let response = app
            .post("/api/v1/applications", Some(&wang), bad.clone())
            .await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad} answered {status}");
        error_code(response, status).await;
    }
    assert_eq!(
        app.head().await,
        before,
        "refused submissions write nothing"
    );

    let (id, position) = id_and_position(
        &json_of(
            app.post(
                "/api/v1/applications",
                Some(&wang),
                json!({"guide": guide, "materials": materials}),
            )
            .await,
            201,
        )
        .await,
    );
    // Another resident and a cadre of another grid cannot see it, nor its files.
    for token in [&nosy, &cadre_b] {
        error_code(
            app.get(
                &format!("/api/v1/applications/{id}?after={position}"),
                Some(token),
            )
            .await,
            404,
        )
        .await;
        let file = app
            .get(
                &format!("/api/v1/media/{card}?application={id}"),
                Some(token),
            )
            .await;
        assert_eq!(file.status(), 404);
    }
    // A cadre of another grid may not decide it (it does not exist for them); the
    // applicant may not approve their own.
    error_code(
        app.post(
            &format!("/api/v1/applications/{id}/approve"),
            Some(&cadre_b),
            json!({}),
        )
        .await,
        404,
    )
    .await;
    error_code(
        app.post(
            &format!("/api/v1/applications/{id}/approve"),
            Some(&wang),
            json!({}),
        )
        .await,
        403,
    )
    .await;
    // A rejection without a reason is refused and changes nothing.
    let before = app.head().await;
    let response = app
        .post(
            &format!("/api/v1/applications/{id}/reject"),
            Some(&cadre_a),
            json!({"reason": "  "}),
        )
        .await;
    let status = response.status().as_u16();
    assert!((400..500).contains(&status));
    error_code(response, status).await;
    assert_eq!(app.head().await, before);

    let rejected = json_of(
        app.post(
            &format!("/api/v1/applications/{id}/reject"),
            Some(&cadre_a),
            json!({"reason": "户籍不在本社区"}),
        )
        .await,
        200,
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/applications/{id}?after={}", rejected["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("rejected"));
    assert_eq!(view["decision"], json!("户籍不在本社区"));
    // Over is over.
    error_code(
        app.post(
            &format!("/api/v1/applications/{id}/withdraw"),
            Some(&wang),
            json!(null),
        )
        .await,
        409,
    )
    .await;
}

/// A resident of grid A asks for an errand, cadre A assigns `agent`.
async fn entrusted(app: &TestApp, requester: &str, cadre: &str, agent: &str) -> String {
    let (id, _) = id_and_position(
        &json_of(
            app.post(
                "/api/v1/errands",
                Some(requester),
                json!({"task": "代办母亲的医保卡补办", "deadline": "2026-12-20T09:00:00Z"}),
            )
            .await,
            201,
        )
        .await,
    );
    let agent_id = app.me(agent).await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/assign"),
            Some(cadre),
            json!({"agent": agent_id}),
        )
        .await,
        200,
    )
    .await;
    id
}

#[tokio::test]
async fn an_errand_agent_acts_only_after_a_cadre_verified_the_documents_and_it_ends_completed() {
    let (app, _) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let zhao = resident_of(&app, "o-volunteer-zhao", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let id = entrusted(&app, &wang, &cadre, &zhao).await;

    // No verified documents: the agent may not act yet.
    let before = app.head().await;
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/progress"),
            Some(&zhao),
            json!({"text": "已到医保窗口"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(app.head().await, before);

    let card = json_of(
        upload_document(&app, &zhao, &id, "id_card_copy", 21).await,
        201,
    )
    .await;
    let letter = json_of(
        upload_document(&app, &wang, &id, "power_of_attorney", 22).await,
        201,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/documents"),
            Some(&zhao),
            json!({"id_card_copy": card["id"], "power_of_attorney": letter["id"]}),
        )
        .await,
        200,
    )
    .await;
    // The verifier refuses a blurred scan: the agent still may not act, and sends new ones.
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/documents/reject"),
            Some(&cadre),
            json!({"reason": "身份证复印件看不清"}),
        )
        .await,
        200,
    )
    .await;
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/progress"),
            Some(&zhao),
            json!({"text": "已到医保窗口"}),
        )
        .await,
        409,
    )
    .await;
    let card = json_of(
        upload_document(&app, &zhao, &id, "id_card_copy", 23).await,
        201,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/documents"),
            Some(&zhao),
            json!({"id_card_copy": card["id"], "power_of_attorney": letter["id"]}),
        )
        .await,
        200,
    )
    .await;
    // Only the verifying cadre verifies: not the agent.
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/documents/verify"),
            Some(&zhao),
            json!(null),
        )
        .await,
        403,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/documents/verify"),
            Some(&cadre),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/progress"),
            Some(&zhao),
            json!({"text": "已到医保窗口取号"}),
        )
        .await,
        200,
    )
    .await;
    let done = json_of(
        app.post(
            &format!("/api/v1/errands/{id}/complete"),
            Some(&zhao),
            json!({"text": "新卡已交给王阿姨"}),
        )
        .await,
        200,
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/errands/{id}?after={}", done["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("completed"));
    let steps: Vec<&str> = view["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["event"].as_str().unwrap())
        .collect();
    assert_eq!(steps.first(), Some(&"errand.requested"));
    assert_eq!(steps.last(), Some(&"errand.completed"));
    assert!(steps.contains(&"errand.documents_verified"), "{steps:?}");
    assert!(steps.contains(&"errand.documents_rejected"), "{steps:?}");
    assert!(steps.contains(&"errand.progress_noted"), "{steps:?}");
    // Over is over.
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/cancel"),
            Some(&wang),
            json!({"reason": "不需要了"}),
        )
        .await,
        409,
    )
    .await;
    let theirs = json_of(
        app.get("/api/v1/me/errands?role=agent", Some(&zhao)).await,
        200,
    )
    .await;
    assert_eq!(theirs["items"][0]["id"], json!(id));
}

#[tokio::test]
async fn errand_documents_are_seen_only_by_requester_agent_and_verifying_cadre() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let zhao = resident_of(&app, "o-volunteer-zhao", GRID_A).await;
    let neighbour = resident_of(&app, "o-resident-nosy", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let cadre_b = app.dev_login(CADRE_B).await;
    let auditor = app.dev_login(AUDITOR).await;
    let id = entrusted(&app, &wang, &cadre, &zhao).await;

    // A stranger may not even upload to it.
    error_code(
        upload_document(&app, &neighbour, &id, "id_card_copy", 30).await,
        404,
    )
    .await;
    let card = json_of(
        upload_document(&app, &zhao, &id, "id_card_copy", 31).await,
        201,
    )
    .await;
    let letter = json_of(
        upload_document(&app, &wang, &id, "power_of_attorney", 32).await,
        201,
    )
    .await;
    let (card, letter) = (
        card["id"].as_str().unwrap().to_owned(),
        letter["id"].as_str().unwrap().to_owned(),
    );
    // An ordinary (unsealed) upload is refused as a document, and nothing is written.
    let plain = upload_media(&app, &zhao, 33).await;
    let before = app.head().await;
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/documents"),
            Some(&zhao),
            json!({"id_card_copy": plain, "power_of_attorney": letter}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(app.head().await, before);
    let submitted = json_of(
        app.post(
            &format!("/api/v1/errands/{id}/documents"),
            Some(&zhao),
            json!({"id_card_copy": card, "power_of_attorney": letter}),
        )
        .await,
        200,
    )
    .await;
    let after = submitted["position"].as_u64().unwrap();

    for party in [&wang, &zhao, &cadre] {
        let documents = json_of(
            app.get(
                &format!("/api/v1/errands/{id}/documents?after={after}"),
                Some(party),
            )
            .await,
            200,
        )
        .await;
        assert_eq!(documents["id_card_copy"], json!(card));
        let file = app
            .get(
                &format!("/api/v1/errands/{id}/documents/files/{card}"),
                Some(party),
            )
            .await;
        assert_eq!(file.status(), 200);
        assert_eq!(file.bytes().await.unwrap().to_vec(), png(31));
    }
    // Everyone else: the manager and auditor who oversee the place, another grid's cadre,
    // a neighbour. Not through the errand, and not through the plain media route.
    for outsider in [&manager, &auditor, &cadre_b, &neighbour] {
        error_code(
            app.get(
                &format!("/api/v1/errands/{id}/documents?after={after}"),
                Some(outsider),
            )
            .await,
            404,
        )
        .await;
        for media in [&card, &letter] {
            let file = app
                .get(
                    &format!("/api/v1/errands/{id}/documents/files/{media}"),
                    Some(outsider),
                )
                .await;
            assert_eq!(file.status(), 404);
            let plain = app
                .get(&format!("/api/v1/media/{media}"), Some(outsider))
                .await;
            assert!(plain.status().is_client_error());
        }
    }
    // The errand view itself never carries the documents.
    let view = json_of(
        app.get(
            &format!("/api/v1/errands/{id}?after={after}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert!(!view.to_string().contains(&card), "{view}");
    // A neighbour cannot see the errand at all.
    error_code(
        app.get(&format!("/api/v1/errands/{id}"), Some(&neighbour))
            .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn an_errand_can_be_cancelled_by_its_requester_and_bad_errands_change_nothing() {
    let (app, _) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let zhao = resident_of(&app, "o-volunteer-zhao", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let cadre_b = app.dev_login(CADRE_B).await;

    let before = app.head().await;
    for bad in [
        json!({"task": "", "deadline": "2026-12-20T09:00:00Z"}),
        json!({"task": "代办", "deadline": "not a time"}),
        json!({"task": "代办", "deadline": "2020-01-01T00:00:00Z"}),
    ] {
        let response = app.post("/api/v1/errands", Some(&wang), bad.clone()).await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad} answered {status}");
        error_code(response, status).await;
    }
    assert_eq!(app.head().await, before);

    let (id, _) = id_and_position(
        &json_of(
            app.post(
                "/api/v1/errands",
                Some(&wang),
                json!({"task": "代取社保卡", "deadline": "2026-12-20T09:00:00Z"}),
            )
            .await,
            201,
        )
        .await,
    );
    // Only a cadre of the errand's place assigns.
    let zhao_id = app.me(&zhao).await;
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/assign"),
            Some(&cadre_b),
            json!({"agent": zhao_id}),
        )
        .await,
        404,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/errands/{id}/assign"),
            Some(&cadre),
            json!({"agent": zhao_id}),
        )
        .await,
        200,
    )
    .await;
    let cancelled = json_of(
        app.post(
            &format!("/api/v1/errands/{id}/cancel"),
            Some(&wang),
            json!({"reason": "家人已办好"}),
        )
        .await,
        200,
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/errands/{id}?after={}", cancelled["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("cancelled"));
    assert_eq!(
        view["timeline"].as_array().unwrap().last().unwrap()["event"],
        json!("errand.cancelled")
    );
    error_code(
        app.post(
            &format!("/api/v1/errands/{id}/assign"),
            Some(&cadre),
            json!({"agent": zhao_id}),
        )
        .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn feedback_is_answered_and_closed_by_a_manager() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;

    let before = app.head().await;
    for bad in [
        json!({"kind": "complaint", "text": "界面很好用"}),
        json!({"kind": "praise", "text": ""}),
        json!({"kind": "praise"}),
    ] {
        let response = app.post("/api/v1/feedback", Some(&wang), bad.clone()).await;
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{bad} answered {status}");
        error_code(response, status).await;
    }
    assert_eq!(app.head().await, before);

    let (id, position) = id_and_position(
        &json_of(
            app.post(
                "/api/v1/feedback",
                Some(&wang),
                json!({"kind": "app_problem", "text": "上传照片时偶尔卡住"}),
            )
            .await,
            201,
        )
        .await,
    );
    let open = json_of(
        app.get(
            &format!("/api/v1/feedback?status=open&after={position}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert!(open["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == json!(id)));
    // Residents and cadres neither read the list nor reply.
    error_code(app.get("/api/v1/feedback", Some(&wang)).await, 403).await;
    error_code(
        app.post(
            &format!("/api/v1/feedback/{id}/reply"),
            Some(&cadre),
            json!({"text": "收到"}),
        )
        .await,
        403,
    )
    .await;
    json_of(
        app.post(
            &format!("/api/v1/feedback/{id}/reply"),
            Some(&manager),
            json!({"text": "已修复，请更新小程序"}),
        )
        .await,
        200,
    )
    .await;
    let closed = json_of(
        app.post(
            &format!("/api/v1/feedback/{id}/close"),
            Some(&manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/feedback/{id}?after={}", closed["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["status"], json!("closed"));
    assert!(view.to_string().contains("已修复，请更新小程序"), "{view}");
    let before = app.head().await;
    error_code(
        app.post(
            &format!("/api/v1/feedback/{id}/close"),
            Some(&manager),
            json!(null),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(app.head().await, before);
    let mine = json_of(app.get("/api/v1/me/feedback", Some(&wang)).await, 200).await;
    assert_eq!(mine["items"][0]["id"], json!(id));
}

#[tokio::test]
async fn the_civic_dashboard_counts_what_happened() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    publish(&app, &manager, VILLAGE_A, "青芝坞周三停水").await;
    let (_, position) = id_and_position(
        &json_of(
            app.post(
                "/api/v1/feedback",
                Some(&wang),
                json!({"kind": "praise", "text": "网格员很负责"}),
            )
            .await,
            201,
        )
        .await,
    );
    let counts = json_of(
        app.get(
            &format!("/api/v1/dashboard/civic?after={position}"),
            Some(&manager),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(counts["announcements"]["published"], json!(1), "{counts}");
    assert_eq!(counts["feedback"]["open"], json!(1), "{counts}");
    error_code(app.get("/api/v1/dashboard/civic", Some(&wang)).await, 403).await;
}

#[tokio::test]
async fn guides_are_defined_revised_and_retired_by_managers_and_a_retired_guide_takes_no_applications(
) {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    let cadre = app.dev_login(CADRE_A).await;
    let before = app.head().await;
    let body =
        json!({"name": "社保缴费记录查询", "text": "在线申请，社区代为打印。", "materials": []});
    for token in [&wang, &cadre] {
        error_code(
            app.post("/api/v1/guides", Some(token), body.clone()).await,
            403,
        )
        .await;
    }
    let response = app
        .post(
            "/api/v1/guides",
            Some(&manager),
            json!({"name": "", "text": "在线申请", "materials": []}),
        )
        .await;
    let status = response.status().as_u16();
    assert!((400..500).contains(&status));
    error_code(response, status).await;
    assert_eq!(app.head().await, before);

    let guide = json_of(app.post("/api/v1/guides", Some(&manager), body).await, 201).await;
    let id = guide["id"].as_str().unwrap().to_owned();
    let revised = json_of(
        app.post(
            &format!("/api/v1/guides/{id}/revise"),
            Some(&manager),
            json!({"name": "社保缴费记录查询", "text": "在线申请，三个工作日内到社区领取。", "materials": ["身份证"]}),
        )
        .await,
        200,
    )
    .await;
    let view = json_of(
        app.get(
            &format!("/api/v1/guides/{id}?after={}", revised["position"]),
            Some(&wang),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(view["materials"], json!(["身份证"]));
    // The revised guide asks for an ID card: an application without it is refused.
    let before = app.head().await;
    error_code(
        app.post(
            "/api/v1/applications",
            Some(&wang),
            json!({"guide": id, "materials": []}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(app.head().await, before);
    json_of(
        app.post(
            &format!("/api/v1/guides/{id}/retire"),
            Some(&manager),
            json!(null),
        )
        .await,
        200,
    )
    .await;
    error_code(
        app.post(
            &format!("/api/v1/guides/{id}/retire"),
            Some(&manager),
            json!(null),
        )
        .await,
        409,
    )
    .await;
    let card = upload_media(&app, &wang, 41).await;
    let before = app.head().await;
    error_code(
        app.post(
            "/api/v1/applications",
            Some(&wang),
            json!({"guide": id, "materials": [{"name": "身份证", "media": [card]}]}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(app.head().await, before);
}

#[tokio::test]
async fn a_manager_of_another_place_may_not_manage_an_announcement() {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    common::linli_ok(&[
        "grant",
        "--data",
        data.path().to_str().unwrap(),
        "--openid",
        "o-manager-b",
        "--role",
        "manager",
        "--scope",
        VILLAGE_B,
    ]);
    let app = spawn_app_in(data, &["--dev-login"]);
    let manager = app.dev_login(MANAGER).await;
    json_of(
        app.post("/api/v1/directory/import", Some(&manager), directory())
            .await,
        200,
    )
    .await;
    let village_b = app.dev_login("o-manager-b").await;
    let (id, _) = publish(&app, &manager, VILLAGE_A, "青芝坞周三停水").await;
    let before = app.head().await;
    for step in ["pin", "unpin", "withdraw"] {
        error_code(
            app.post(
                &format!("/api/v1/announcements/{id}/{step}"),
                Some(&village_b),
                json!({}),
            )
            .await,
            403,
        )
        .await;
    }
    error_code(
        app.post(
            "/api/v1/announcements",
            Some(&village_b),
            json!({"jurisdiction": VILLAGE_A, "title": "通知", "body": "内容"}),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(app.head().await, before);
    // Their own village is theirs to announce to.
    publish(&app, &village_b, VILLAGE_B, "茅家埠垃圾分类督导").await;
}

#[tokio::test]
async fn a_resident_who_moves_gets_the_announcements_of_the_new_place_only() {
    let (app, manager) = county(NO_FLAGS).await;
    let wang = resident_of(&app, "o-resident-wang", GRID_A).await;
    json_of(
        app.post(
            "/api/v1/me/profile",
            Some(&wang),
            json!({"home_grid": GRID_B}),
        )
        .await,
        200,
    )
    .await;
    publish(&app, &manager, VILLAGE_A, "青芝坞周三停水").await;
    let (_, last) = publish(&app, &manager, VILLAGE_B, "茅家埠垃圾分类督导").await;
    let inbox = json_of(
        app.get(&format!("/api/v1/inbox?after={last}"), Some(&wang))
            .await,
        200,
    )
    .await;
    let bodies: Vec<&Value> = inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == json!("announcement"))
        .map(|m| &m["body"])
        .collect();
    assert_eq!(bodies, vec![&json!("茅家埠垃圾分类督导")], "{inbox}");
}
