//! Personal data, black-box against the real binary: sealed at rest, shown to the resident
//! and to staff (whose reads are recorded), crypto-shredded by `linli forget` while the chain
//! still verifies, and media removed by the retention policy with a 410 afterwards.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{error_code, json_of, linli_ok, spawn_app_in, TestApp};
use linli_domain::sealed::Sealed;
use linli_vault::{Vault, VaultError};
use serde_json::{json, Value};

const COUNTY: &str = "330110000000";
const HOME_GRID: &str = "330110005201-G001";
const MANAGER: &str = "o-privacy-manager";
const AUDITOR: &str = "o-privacy-auditor";
const RESIDENT: &str = "o-privacy-resident";
const PHONE: &str = "13812345678";
const ID_CARD: &str = "11010519491231002X";
const ADDRESS: &str = "灵源村灵源路 12 号 3 幢 201 室";

fn linli(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_linli"))
        .args(args)
        .output()
        .expect("run linli")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A store with a county manager and an auditor, served with the development login.
fn county() -> tempfile::TempDir {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap().to_owned();
    linli_ok(&[
        "grant", "--data", &dir, "--openid", MANAGER, "--role", "manager", "--scope", COUNTY,
    ]);
    linli_ok(&[
        "grant", "--data", &dir, "--openid", AUDITOR, "--role", "auditor",
    ]);
    data
}

/// The resident fills in every personal field; returns their user id.
async fn resident_with_personal_data(app: &TestApp) -> (String, String) {
    let token = app.dev_login(RESIDENT).await;
    json_of(
        app.post(
            "/api/v1/me/profile",
            Some(&token),
            json!({"display_name": "李阿姨", "phone": PHONE, "id_card": ID_CARD,
                   "home_address": ADDRESS, "home_grid": HOME_GRID}),
        )
        .await,
        200,
    )
    .await;
    let me = json_of(app.get("/api/v1/me", Some(&token)).await, 200).await;
    let id = me["id"]
        .as_str()
        .or_else(|| me["user"]["id"].as_str())
        .or_else(|| me["user"].as_str())
        .unwrap_or_else(|| panic!("no id in {me}"))
        .to_owned();
    (token, id)
}

fn shown(value: &str) -> Value {
    json!({"status": "shown", "value": value})
}

/// Every `personal_data.accessed` event in an NDJSON export.
fn accesses(export: &str) -> Vec<Value> {
    export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["event_type"] == "personal_data.accessed")
        .map(|l| serde_json::from_str(l["payload"].as_str().unwrap()).unwrap())
        .collect()
}

/// The sealed values of every `user.profile_updated` in an export.
fn sealed_in(export: &str) -> Vec<Sealed> {
    export
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["event_type"] == "user.profile_updated")
        .flat_map(|l| {
            let payload: Value = serde_json::from_str(l["payload"].as_str().unwrap()).unwrap();
            ["phone", "id_card", "home_address"]
                .into_iter()
                .filter(|f| !payload[*f].is_null())
                .map(|f| serde_json::from_value(payload[f].clone()).unwrap())
                .collect::<Vec<Sealed>>()
        })
        .collect()
}

fn export(data: &Path) -> String {
    let out = linli(&["export", "--data", data.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn personal_data_is_sealed_in_the_log_and_shown_to_the_resident_themself() {
    let app = spawn_app_in(county(), &["--dev-login"]);
    let (token, _) = resident_with_personal_data(&app).await;

    let mine = json_of(app.get("/api/v1/me/personal", Some(&token)).await, 200).await;
    assert_eq!(mine["phone"], shown(PHONE));
    assert_eq!(mine["id_card"], shown(ID_CARD));
    assert_eq!(mine["home_address"], shown(ADDRESS));

    // A wrong check digit is refused, and nothing is written.
    let before = app.head().await;
    let bad = app
        .post(
            "/api/v1/me/profile",
            Some(&token),
            json!({"id_card": "110105194912310021"}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(app.head().await, before);

    let data = app.stop();
    let exported = export(data.path());
    for secret in [PHONE, ID_CARD, "灵源路 12 号"] {
        assert!(!exported.contains(secret), "{secret} is in the export");
    }
    let sealed = sealed_in(&exported);
    assert_eq!(sealed.len(), 3);
    let vault = Vault::open_dir(&data.path().join("keys")).unwrap();
    assert_eq!(vault.open(&sealed[0]).unwrap(), PHONE.as_bytes());
}

#[tokio::test]
async fn a_managers_and_an_auditors_reads_are_recorded_and_the_residents_own_is_not() {
    let app = spawn_app_in(county(), &["--dev-login"]);
    let (token, resident) = resident_with_personal_data(&app).await;
    let manager = app.dev_login(MANAGER).await;
    let auditor = app.dev_login(AUDITOR).await;
    let cadre_less = app.dev_login("o-another-resident").await;
    let path = format!("/api/v1/users/{resident}/personal");

    // The resident reads their own through either route: not recorded.
    json_of(app.get(&path, Some(&token)).await, 200).await;

    // A purpose is required, and a refused read writes nothing.
    let before = app.head().await;
    assert_eq!(
        error_code(app.get(&path, Some(&manager)).await, 422).await,
        "privacy.invalid"
    );
    assert_eq!(
        error_code(
            app.get(&format!("{path}?purpose=curious"), Some(&cadre_less))
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(app.head().await, before);

    let seen = json_of(
        app.get(&format!("{path}?purpose=回访核实"), Some(&manager))
            .await,
        200,
    )
    .await;
    assert_eq!(seen["phone"], shown(PHONE));
    let seen = json_of(
        app.get(&format!("{path}?purpose=年度审计"), Some(&auditor))
            .await,
        200,
    )
    .await;
    assert_eq!(seen["id_card"], shown(ID_CARD));

    let data = app.stop();
    let recorded = accesses(&export(data.path()));
    assert_eq!(recorded.len(), 2, "{recorded:?}");
    assert_eq!(recorded[0]["subject"], json!(resident));
    assert_eq!(recorded[0]["purpose"], json!("回访核实"));
    assert_eq!(
        recorded[0]["by"]["role"],
        json!("manager"),
        "{:?}",
        recorded[0]
    );
    assert_eq!(
        recorded[0]["fields"],
        json!(["phone", "id_card", "home_address"])
    );
    assert_eq!(
        recorded[1]["by"]["role"],
        json!("auditor"),
        "{:?}",
        recorded[1]
    );
    assert_eq!(
        recorded[1]["route"],
        json!("GET /api/v1/users/{id}/personal")
    );
}

#[tokio::test]
async fn forget_destroys_the_key_so_api_export_and_backup_cannot_read_it_and_verify_still_passes() {
    let app = spawn_app_in(county(), &["--dev-login"]);
    let (_, resident) = resident_with_personal_data(&app).await;

    // The CLI cannot open a store the server holds: a clear message and exit code 3.
    let data_dir = app.data.path().to_str().unwrap().to_owned();
    let locked = linli(&["forget", "--data", &data_dir, &resident]);
    assert_eq!(locked.status.code(), Some(3), "{}", stderr(&locked));
    assert!(stderr(&locked).contains("/forget"), "{}", stderr(&locked));

    let data = app.stop();
    let dir = data.path().to_str().unwrap().to_owned();
    let before = sealed_in(&export(data.path()));
    linli_ok(&[
        "forget",
        "--data",
        &dir,
        &resident,
        "--reason",
        "本人申请删除个人信息",
    ]);
    // Forgetting again changes nothing and still succeeds.
    linli_ok(&["forget", "--data", &dir, &resident]);

    let verified = linli(&["verify", "--data", &dir]);
    assert!(verified.status.success(), "{}", stderr(&verified));

    let exported = export(data.path());
    let forgotten: Vec<&str> = exported
        .lines()
        .filter(|l| l.contains("\"user.forgotten\""))
        .collect();
    assert_eq!(forgotten.len(), 1, "one user.forgotten event");
    assert!(forgotten[0].contains("本人申请删除个人信息"));
    // The ciphertext is still in the log (the chain forbids removing it), but unreadable.
    assert_eq!(sealed_in(&exported), before);
    let vault = Vault::open_dir(&data.path().join("keys")).unwrap();
    for sealed in &before {
        assert!(matches!(vault.open(sealed), Err(VaultError::Forgotten(_))));
    }

    // A backup taken now holds the same ciphertext and no keys: unreadable there too.
    let backups = tempfile::tempdir().unwrap();
    let dest = backups.path().join("after-forget");
    linli_ok(&["backup", dest.to_str().unwrap(), "--data", &dir]);
    let backed_up = std::fs::read_to_string(dest.join("log.ndjson")).unwrap();
    for secret in [PHONE, ID_CARD, "灵源路 12 号"] {
        assert!(!backed_up.contains(secret), "{secret} is in the backup");
    }
    assert_eq!(sealed_in(&backed_up), before);
    assert!(!dest.join("keys").exists(), "a backup carries no keys");

    let app = spawn_app_in(data, &["--dev-login"]);
    // Sessions do not survive a restart: sign in again.
    let token = app.dev_login(RESIDENT).await;
    let mine = json_of(app.get("/api/v1/me/personal", Some(&token)).await, 200).await;
    for field in ["phone", "id_card", "home_address"] {
        assert_eq!(mine[field], json!({"status": "forgotten"}), "{mine}");
    }
    assert!(mine["forgotten_at"].is_string());
    let auditor = app.dev_login(AUDITOR).await;
    let seen = json_of(
        app.get(
            &format!("/api/v1/users/{resident}/personal?purpose=核查"),
            Some(&auditor),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(seen["phone"], json!({"status": "forgotten"}));
    // No new personal data can be recorded for a forgotten resident.
    assert_eq!(
        error_code(
            app.post("/api/v1/me/profile", Some(&token), json!({"phone": PHONE}))
                .await,
            409
        )
        .await,
        "personal_data.forgotten"
    );
}

#[tokio::test]
async fn a_manager_forgets_a_resident_of_their_scope_through_the_running_server() {
    let app = spawn_app_in(county(), &["--dev-login"]);
    let (token, resident) = resident_with_personal_data(&app).await;
    let manager = app.dev_login(MANAGER).await;
    let auditor = app.dev_login(AUDITOR).await;
    let path = format!("/api/v1/users/{resident}/forget");

    assert_eq!(
        error_code(
            app.post(&path, Some(&auditor), json!({"reason": "x"}))
                .await,
            403
        )
        .await,
        "auth.forbidden"
    );
    assert_eq!(
        error_code(
            app.post(&path, Some(&manager), json!({"reason": " "}))
                .await,
            422
        )
        .await,
        "user.invalid"
    );
    let done = json_of(
        app.post(&path, Some(&manager), json!({"reason": "本人申请"}))
            .await,
        200,
    )
    .await;
    assert_eq!(done["replay"], json!("fresh"));
    let again = json_of(
        app.post(&path, Some(&manager), json!({"reason": "本人申请"}))
            .await,
        200,
    )
    .await;
    assert_eq!(again["replay"], json!("unchanged"));
    let mine = json_of(app.get("/api/v1/me/personal", Some(&token)).await, 200).await;
    assert_eq!(mine["id_card"], json!({"status": "forgotten"}));
}

fn png(seed: u8) -> Vec<u8> {
    let mut bytes = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    bytes.extend(std::iter::repeat_n(seed, 200));
    bytes
}

async fn upload(app: &TestApp, token: &str, bytes: Vec<u8>) -> String {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("photo.png")
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
    let body = json_of(response, 201).await;
    body["id"].as_str().unwrap().to_owned()
}

/// The county as its only jurisdiction: filings land in its triage queue.
async fn import_directory(app: &TestApp) {
    let manager = app.dev_login(MANAGER).await;
    json_of(
        app.post(
            "/api/v1/directory/import",
            Some(&manager),
            json!({"nodes": [{"code": COUNTY, "name": "灵源县"}]}),
        )
        .await,
        200,
    )
    .await;
}

async fn file_with(app: &TestApp, token: &str, media: &str) -> String {
    let body = json_of(
        app.post(
            "/api/v1/complaints",
            Some(token),
            json!({
                "category": "environment",
                "occurred_at": "2026-11-21T08:00:00Z",
                "address": "青芝坞 3 号垃圾房",
                "description": "垃圾房三天没清运。",
                "media": [media],
            }),
        )
        .await,
        201,
    )
    .await;
    body["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn purge_removes_only_media_of_closed_complaints_records_it_and_reads_answer_410() {
    let app = spawn_app_in(county(), &["--dev-login"]);
    import_directory(&app).await;
    let token = app.dev_login(RESIDENT).await;
    let closed_photo = upload(&app, &token, png(1)).await;
    let open_photo = upload(&app, &token, png(2)).await;
    let loose_photo = upload(&app, &token, png(3)).await;
    let closed = file_with(&app, &token, &closed_photo).await;
    file_with(&app, &token, &open_photo).await;
    json_of(
        app.post(
            &format!("/api/v1/complaints/{closed}/withdraw"),
            Some(&token),
            json!({"reason": "已自行解决"}),
        )
        .await,
        200,
    )
    .await;
    let data = app.stop();
    let dir = data.path().to_str().unwrap().to_owned();

    // A dry run lists what would go and changes nothing.
    let before = export(data.path());
    let dry = linli(&[
        "purge",
        "--data",
        &dir,
        "--older-than-days",
        "0",
        "--dry-run",
    ]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    let listed = String::from_utf8(dry.stdout).unwrap();
    assert_eq!(listed.lines().count(), 1, "{listed}");
    assert!(listed.starts_with(&closed_photo), "{listed}");
    assert_eq!(export(data.path()), before);

    // Kept for 30 days after closing: nothing goes yet.
    linli_ok(&["purge", "--data", &dir, "--older-than-days", "30"]);
    assert_eq!(export(data.path()), before);

    linli_ok(&["purge", "--data", &dir, "--older-than-days", "0"]);
    // A second run finds nothing more and records nothing more.
    linli_ok(&["purge", "--data", &dir, "--older-than-days", "0"]);
    let after = export(data.path());
    let purged: Vec<Value> = after
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["event_type"] == "media.purged")
        .map(|l| serde_json::from_str(l["payload"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(purged.len(), 1, "{purged:?}");
    assert_eq!(purged[0]["media"], json!([closed_photo]));
    assert!(purged[0]["rule"]
        .as_str()
        .unwrap()
        .contains("closed more than 0 days ago"));
    // The export frames its events with a header and an end line; compare the events.
    let events = |export: &str| -> Vec<String> {
        export
            .lines()
            .filter(|l| l.starts_with("{\"position\":"))
            .map(str::to_owned)
            .collect()
    };
    let (was, is) = (events(&before), events(&after));
    assert_eq!(is.len(), was.len() + 1, "one media.purged added");
    assert_eq!(is[..was.len()], was[..], "events are only ever added");
    let verified = linli(&["verify", "--data", &dir]);
    assert!(verified.status.success(), "{}", stderr(&verified));

    let app = spawn_app_in(data, &["--dev-login"]);
    let token = app.dev_login(RESIDENT).await;
    assert_eq!(
        error_code(
            app.get(&format!("/api/v1/media/{closed_photo}"), Some(&token))
                .await,
            410
        )
        .await,
        "media.purged"
    );
    for kept in [&open_photo, &loose_photo] {
        let response = app
            .get(&format!("/api/v1/media/{kept}"), Some(&token))
            .await;
        assert_eq!(response.status(), 200, "{kept} is kept");
    }
}
