//! Open311 GeoReport v2, black-box: discovery, services, service definitions, requests
//! (create with a partner's api_key, list with filters, one), tokens; JSON and XML; the
//! spec's error format; empty parameters counted as absent.

mod common;
mod fixtures;

use common::{spawn_app_in, TestApp};
use fixtures::*;
use serde_json::{json, Value};

const KEY: &str = "county-key";

async fn county() -> TestApp {
    let data = tempfile::tempdir().unwrap();
    grant_roles(data.path());
    let app = spawn_app_in(
        data,
        &[
            "--dev-login",
            "--open311-api-key",
            &format!("{KEY}=o-county-platform"),
        ],
    );
    let manager = app.dev_login(MANAGER).await;
    let response = app
        .post("/api/v1/directory/import", Some(&manager), directory())
        .await;
    assert_eq!(response.status(), 200, "directory import");
    app
}

async fn get(app: &TestApp, path: &str) -> (u16, String, String) {
    let response = app.get(path, None).await;
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

async fn get_json(app: &TestApp, path: &str, status: u16) -> Value {
    let (got, kind, text) = get(app, path).await;
    assert_eq!(got, status, "GET {path}: {text}");
    assert!(kind.starts_with("application/json"), "{kind}");
    serde_json::from_str(&text).unwrap()
}

async fn get_xml(app: &TestApp, path: &str, status: u16) -> String {
    let (got, kind, text) = get(app, path).await;
    assert_eq!(got, status, "GET {path}: {text}");
    assert!(kind.starts_with("text/xml"), "{kind}");
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"),
        "{text}"
    );
    text
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .http
        .post(format!("{}{path}", app.base))
        .form(form)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Asserts the spec's JSON error format and returns the description.
fn open311_error(body: &str, code: u16) -> String {
    let value: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    let errors = value.as_array().expect("errors are a bare array");
    assert_eq!(errors[0]["code"], code, "{body}");
    errors[0]["description"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn discovery_services_and_definitions_in_json_and_xml() {
    let app = county().await;
    let discovery = get_json(&app, "/open311/v2/discovery.json", 200).await;
    let endpoint = &discovery["endpoints"][0];
    assert_eq!(
        endpoint["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert!(endpoint["url"].as_str().unwrap().ends_with("/open311/v2"));
    let xml = get_xml(&app, "/open311/v2/discovery.xml", 200).await;
    assert!(xml.contains("<discovery><changeset>"));
    assert!(xml
        .contains("<formats><format>text/xml</format><format>application/json</format></formats>"));

    let services = get_json(&app, "/open311/v2/services.json", 200).await;
    let services = services.as_array().expect("a bare array");
    assert_eq!(services.len(), 7);
    let theft = services
        .iter()
        .find(|s| s["service_code"] == "theft")
        .unwrap();
    assert_eq!(theft["type"], "realtime");
    assert_eq!(theft["metadata"], true);
    assert!(theft["service_name"].as_str().unwrap().contains("盗窃"));
    let xml = get_xml(&app, "/open311/v2/services.xml", 200).await;
    assert!(xml.contains("<services><service><service_code>theft</service_code>"));

    let definition = get_json(&app, "/open311/v2/services/theft.json", 200).await;
    assert_eq!(definition["service_code"], "theft");
    assert_eq!(definition["attributes"][0]["code"], "occurred_at");
    assert_eq!(definition["attributes"][0]["datatype"], "datetime");
    let xml = get_xml(&app, "/open311/v2/services/theft.xml", 200).await;
    assert!(xml.contains("<attributes><attribute><variable>true</variable>"));

    let (status, _, body) = get(&app, "/open311/v2/services/potholes.json").await;
    assert_eq!(status, 404);
    open311_error(&body, 404);
    let xml = get_xml(&app, "/open311/v2/services/potholes.xml", 404).await;
    assert!(xml.contains("<errors><error><code>404</code><description>"));
    let (status, _, _) = get(&app, "/open311/v2/services.yaml").await;
    assert_eq!(status, 404);
    let xml = get_xml(&app, "/open311/v2/widgets/theft.xml", 404).await;
    assert!(xml.contains("<errors><error><code>404</code>"));
}

#[tokio::test]
async fn a_partner_files_with_its_api_key_and_everyone_follows_the_public_request() {
    let app = county().await;
    // No key, then a bad key: 403 in the spec's format, nothing filed.
    let form = [
        ("service_code", "infrastructure"),
        ("lat", "30.26"),
        ("long", "120.12"),
        ("description", "路灯坏了"),
    ];
    let (status, body) = post_form(&app, "/open311/v2/requests.json", &form).await;
    assert_eq!(status, 403);
    open311_error(&body, 403);
    let mut bad = form.to_vec();
    bad.push(("api_key", "wrong"));
    let (status, body) = post_form(&app, "/open311/v2/requests.xml", &bad).await;
    assert_eq!(status, 403);
    assert!(body.contains("<errors><error><code>403</code>"), "{body}");

    // Missing service_code, unknown service_code, no location.
    let (status, body) = post_form(
        &app,
        "/open311/v2/requests.json",
        &[("api_key", KEY), ("lat", "30.26"), ("long", "120.12")],
    )
    .await;
    assert_eq!(status, 400);
    open311_error(&body, 400);
    let (status, body) = post_form(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", KEY),
            ("service_code", "potholes"),
            ("address_string", "x"),
        ],
    )
    .await;
    assert_eq!(status, 404);
    open311_error(&body, 404);
    let (status, body) = post_form(
        &app,
        "/open311/v2/requests.json",
        &[
            ("api_key", KEY),
            ("service_code", "theft"),
            ("address_string", ""),
        ],
    )
    .await;
    assert_eq!(status, 400, "an empty address_string is absent: {body}");

    // A good one, with empty optional fields (absent) and the occurred_at attribute.
    let mut good = form.to_vec();
    good.extend([
        ("api_key", KEY),
        ("email", ""),
        ("address_string", "青芝坞路 18 号"),
        ("attribute[occurred_at]", "2026-11-20T20:30:00+08:00"),
    ]);
    let (status, body) = post_form(&app, "/open311/v2/requests.json", &good).await;
    assert_eq!(status, 200, "{body}");
    let created: Value = serde_json::from_str(&body).unwrap();
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // XML creation answers in XML.
    let (status, xml) = post_form(&app, "/open311/v2/requests.xml", &good).await;
    assert_eq!(status, 200, "{xml}");
    assert!(
        xml.contains("<service_requests><request><service_request_id>"),
        "{xml}"
    );

    // Open311 has no read-your-writes parameter: poll (bounded, generously for a loaded
    // machine) until the read models show the filing and its assignment, and both requests.
    let mut one = Value::Null;
    for _ in 0..300 {
        let (status, _, text) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
        if status == 200 {
            one = serde_json::from_str(&text).unwrap();
            let listed = get_json(&app, "/open311/v2/requests.json", 200).await;
            let assigned = one[0]["status_notes"]
                .as_str()
                .is_some_and(|notes| notes.starts_with("assigned"));
            if assigned && listed.as_array().is_some_and(|all| all.len() == 2) {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let request = &one[0];
    assert_eq!(request["service_request_id"], id.as_str());
    assert_eq!(request["service_code"], "infrastructure");
    assert_eq!(request["status"], "open");
    assert!(request["status_notes"]
        .as_str()
        .unwrap()
        .starts_with("assigned"));
    assert_eq!(request["agency_responsible"], "青芝坞一网格");
    assert_eq!(request["lat"], 30.26);
    assert_eq!(request["long"], 120.12);
    assert_eq!(request["address"], "青芝坞路 18 号");
    assert!(request["requested_datetime"]
        .as_str()
        .unwrap()
        .ends_with("+08:00"));
    assert!(request["expected_datetime"].is_string());
    let xml = get_xml(&app, &format!("/open311/v2/requests/{id}.xml"), 200).await;
    assert!(xml.contains(&format!(
        "<service_requests><request><service_request_id>{id}</service_request_id>"
    )));

    // Lists and filters; empty parameters are absent.
    let all = get_json(
        &app,
        "/open311/v2/requests.json?status=&service_code=&start_date=",
        200,
    )
    .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
    let by_id = get_json(
        &app,
        &format!("/open311/v2/requests.json?service_request_id={id},nope&status=closed"),
        200,
    )
    .await;
    assert_eq!(
        by_id.as_array().unwrap().len(),
        1,
        "service_request_id wins over other filters"
    );
    let open = get_json(
        &app,
        "/open311/v2/requests.json?status=open&service_code=infrastructure,theft",
        200,
    )
    .await;
    assert_eq!(open.as_array().unwrap().len(), 2);
    let closed = get_json(&app, "/open311/v2/requests.json?status=closed", 200).await;
    assert_eq!(closed.as_array().unwrap().len(), 0);
    let theft = get_json(&app, "/open311/v2/requests.json?service_code=theft", 200).await;
    assert_eq!(theft.as_array().unwrap().len(), 0);
    let past = get_json(
        &app,
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z",
        200,
    )
    .await;
    assert_eq!(past.as_array().unwrap().len(), 0);
    let xml = get_xml(&app, "/open311/v2/requests.xml?status=open", 200).await;
    assert_eq!(xml.matches("<request>").count(), 2);
    let (status, _, body) = get(&app, "/open311/v2/requests.json?status=pending").await;
    assert_eq!(status, 400);
    open311_error(&body, 400);
    let (status, _, body) = get(&app, "/open311/v2/requests.json?start_date=yesterday").await;
    assert_eq!(status, 400);
    open311_error(&body, 400);
    let (status, _, body) = get(
        &app,
        "/open311/v2/requests.json?start_date=2020-01-01T00:00:00Z&end_date=2021-01-01T00:00:00Z",
    )
    .await;
    assert_eq!(status, 400, "more than 90 days");
    open311_error(&body, 400);

    // Tokens: a request's token is its id.
    let token = get_json(&app, &format!("/open311/v2/tokens/{id}.json"), 200).await;
    assert_eq!(token[0]["service_request_id"], id.as_str());
    get_xml(&app, &format!("/open311/v2/tokens/{id}.xml"), 200).await;
    get_xml(&app, "/open311/v2/tokens/unknown.xml", 404).await;
    let (status, _, body) = get(
        &app,
        "/open311/v2/requests/00000000-0000-0000-0000-000000000000.json",
    )
    .await;
    assert_eq!(status, 404);
    open311_error(&body, 404);
}

#[tokio::test]
async fn private_complaints_stay_out_of_open311() {
    let app = county().await;
    let resident = app.dev_login("o-open311-resident").await;
    let response = app
        .post(
            "/api/v1/complaints",
            Some(&resident),
            json!({
                "category": "neighbour_conflict",
                "occurred_at": "2026-11-20T20:30:00Z",
                "address": "青芝坞路 18 号",
                "description": "楼上装修太吵",
            }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let filed: Value = response.json().await.unwrap();
    let id = filed["id"].as_str().unwrap();
    let position = filed["position"].as_u64().unwrap();
    // Wait until the read models have the complaint, then look through Open311.
    let seen = app
        .get(
            &format!("/api/v1/complaints/{id}?after={position}"),
            Some(&resident),
        )
        .await;
    assert_eq!(seen.status(), 200);
    let (status, _, _) = get(&app, &format!("/open311/v2/requests/{id}.json")).await;
    assert_eq!(status, 404);
    let all = get_json(&app, "/open311/v2/requests.json", 200).await;
    assert!(all.as_array().unwrap().is_empty());
}
