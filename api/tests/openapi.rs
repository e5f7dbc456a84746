//! The OpenAPI document from the real binary, and the error shape on the edges the document
//! promises it for: malformed path parameters and unsupported methods.

mod common;

use common::{error_code, spawn_app};
use serde_json::Value;

#[tokio::test]
async fn the_document_is_served_without_a_token_and_names_every_family_of_routes() {
    let app = spawn_app(&[]);
    let response = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let doc: Value = response.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/complaints",
        "/api/v1/complaints/{id}/resolve",
        "/api/v1/queue",
        "/api/v1/dashboard",
        "/api/v1/directory/import",
        "/api/v1/media",
        "/api/v1/encouragements",
        "/api/v1/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    let error = &doc["components"]["schemas"]["ErrorBody"];
    assert_eq!(
        error["properties"]["error"]["$ref"],
        "#/components/schemas/ErrorDetail"
    );
}

#[tokio::test]
async fn a_malformed_path_parameter_is_a_400_in_the_error_shape() {
    let app = spawn_app(&["--dev-login"]);
    let token = app.dev_login("o-path-prober").await;
    let response = app.get("/api/v1/complaints/not-a-uuid", Some(&token)).await;
    assert_eq!(error_code(response, 400).await, "request.invalid_path");
    let response = app.get("/api/v1/media/abc", Some(&token)).await;
    assert_eq!(error_code(response, 400).await, "request.invalid_path");
}

#[tokio::test]
async fn an_unsupported_method_is_a_405_in_the_error_shape_with_allow() {
    let app = spawn_app(&[]);
    let response = app
        .http
        .put(format!("{}/api/v1/me", app.base))
        .send()
        .await
        .unwrap();
    assert!(response.headers()["allow"]
        .to_str()
        .unwrap()
        .contains("GET"));
    assert_eq!(error_code(response, 405).await, "method_not_allowed");
}
