//! The OpenAPI 3 document at `GET /api/v1/openapi.json`, generated from the handlers'
//! `#[utoipa::path]` annotations and the request/view types' `ToSchema` derives.
//!
//! Conventions every route shares are added here once, by rule, instead of on 50 handlers
//! (see [`Conventions`]): the bearer scheme, 401 on secured routes, 500 everywhere, the
//! extractor rejections (400/413/422) on routes with a JSON body or query parameters, and
//! the optional `Idempotency-Key` header on commands. A test checks that every `/api/v1`
//! route registered in the source appears in the document.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::path::{Operation, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, Required, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};

/// The one error shape, as every `/api/v1` failure carries it.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only its schema is used; `ApiError` builds the JSON.
pub struct ErrorBody {
    /// What went wrong.
    error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Only its schema is used.
pub struct ErrorDetail {
    /// Stable machine-readable code such as `complaint.not_found`.
    #[schema(example = "complaint.not_found")]
    code: String,
    /// Human-readable explanation, safe to show.
    message: String,
    /// Structured extra information, or null.
    #[schema(value_type = Object, nullable)]
    details: Option<serde_json::Value>,
}

/// The document: every annotated handler.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "linli API",
        version = "1",
        description = "Complaints (诉求), their routing and progress, the cadre queue, the dashboard \
                       and the directory. Errors always have the shape \
                       `{\"error\": {\"code\", \"message\", \"details\"}}`. Commands answer with the \
                       log `position` they wrote; pass it as `?after=` to read your own write."
    ),
    paths(
        openapi_json,
        super::auth_routes::wechat,
        super::auth_routes::dev,
        super::auth_routes::logout,
        super::auth_routes::me,
        super::dev::advance_clock,
        super::dev::tick,
        super::complaints::commands::file,
        super::complaints::commands::accept,
        super::complaints::commands::note,
        super::complaints::commands::transfer,
        super::complaints::commands::reject,
        super::complaints::commands::resolve,
        super::complaints::commands::confirm,
        super::complaints::commands::reopen,
        super::complaints::commands::rate,
        super::complaints::commands::escalate,
        super::complaints::commands::withdraw,
        super::complaints::commands::merge,
        super::complaints::queries::detail,
        super::complaints::queries::mine,
        super::complaints::queries::search,
        super::complaints::queries::queue,
        super::complaints::queries::dashboard,
        super::directory::view::directory,
        super::directory::import::import,
        super::directory::edits::define_node,
        super::directory::edits::post_cadre,
        super::directory::edits::unpost_cadre,
        super::directory::edits::set_rule,
        super::directory::edits::set_time_limits,
        super::directory::edits::set_calendar,
        super::directory::edits::set_working_hours,
        super::users::grant,
        super::users::revoke,
        super::users::profile,
        super::privacy::mine,
        super::privacy::theirs,
        super::privacy::forget,
        super::media::upload,
        super::media::download,
        super::encouragements::post_one,
        super::encouragements::like,
        super::encouragements::comment,
        super::encouragements::one,
        super::encouragements::for_cadre,
        super::civic::announcements::publish,
        super::civic::announcements::edit,
        super::civic::announcements::pin,
        super::civic::announcements::unpin,
        super::civic::announcements::withdraw,
        super::civic::announcements::feed,
        super::civic::announcements::list,
        super::civic::announcements::one,
        super::civic::guides::define,
        super::civic::guides::revise,
        super::civic::guides::retire,
        super::civic::guides::list,
        super::civic::guides::one,
        super::civic::applications::submit,
        super::civic::applications::request_materials,
        super::civic::applications::supply_materials,
        super::civic::applications::approve,
        super::civic::applications::reject,
        super::civic::applications::withdraw,
        super::civic::applications::one,
        super::civic::applications::mine,
        super::civic::applications::list,
        super::civic::errands::request,
        super::civic::errands::assign,
        super::civic::errands::submit_documents,
        super::civic::errands::verify,
        super::civic::errands::reject_documents,
        super::civic::errands::progress,
        super::civic::errands::complete,
        super::civic::errands::cancel,
        super::civic::errands::one,
        super::civic::errands::documents,
        super::civic::errands::mine,
        super::civic::errands::list,
        super::civic::errand_files::upload,
        super::civic::errand_files::download,
        super::civic::feedback::submit,
        super::civic::feedback::reply,
        super::civic::feedback::close,
        super::civic::feedback::one,
        super::civic::feedback::mine,
        super::civic::feedback::list,
        super::civic::dashboard::counts,
        super::services::catalog::list,
        super::services::catalog::update,
        super::services::catalog::withdraw,
        super::services::catalog::open_slot,
        super::services::catalog::service,
        super::services::catalog::search,
        super::services::catalog::slots,
        super::services::catalog::usage,
        super::services::orders::reserve,
        super::services::orders::order,
        super::services::orders::my_orders,
        super::services::orders::provider_orders,
        super::services::orders::schedule,
        super::services::pay::pay,
        super::services::pay::notify,
        super::services::pay::sandbox_pay,
        super::services::providers::register,
        super::services::providers::approve,
        super::services::providers::reject,
        super::services::providers::provider,
        super::services::providers::providers,
        super::services::steps::dispatch,
        super::services::steps::start,
        super::services::steps::complete,
        super::services::steps::evaluate,
        super::services::steps::cancel,
        super::services::steps::refund,
        super::inbox::messages,
        super::inbox::mark_read,
        super::inbox::stream,
        super::neighbourhood::activities::schedule,
        super::neighbourhood::activities::register,
        super::neighbourhood::activities::leave,
        super::neighbourhood::activities::cancel,
        super::neighbourhood::activities::feed,
        super::neighbourhood::activities::one,
        super::neighbourhood::forum::publish,
        super::neighbourhood::forum::comment,
        super::neighbourhood::forum::hide,
        super::neighbourhood::forum::restore,
        super::neighbourhood::forum::feed,
        super::neighbourhood::forum::one,
        super::neighbourhood::forum::comments,
        super::neighbourhood::help::ask,
        super::neighbourhood::help::offer,
        super::neighbourhood::help::done,
        super::neighbourhood::help::cancel,
        super::neighbourhood::help::feed,
        super::neighbourhood::help::one,
        super::neighbourhood::ideas::propose,
        super::neighbourhood::ideas::support,
        super::neighbourhood::ideas::respond,
        super::neighbourhood::ideas::feed,
        super::neighbourhood::ideas::one,
        super::neighbourhood::listings::create,
        super::neighbourhood::listings::reserve,
        super::neighbourhood::listings::release,
        super::neighbourhood::listings::exchange,
        super::neighbourhood::listings::withdraw,
        super::neighbourhood::listings::feed,
        super::neighbourhood::listings::one,
        super::neighbourhood::ranking::ranking,
        super::neighbourhood::ranking::counts,
        super::sse::complaint_events,
        super::sse::dashboard_stream,
        super::audit::events,
        super::audit::stream,
        super::audit::state_at_route,
        super::audit::checkpoints,
        super::audit::verify_status,
        super::audit::verify_start,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Conventions),
    tags(
        (name = "auth", description = "Sign-in and who am I"),
        (name = "complaints", description = "Filing, handling and following complaints"),
        (name = "directory", description = "The jurisdiction tree, cadres, routing rules, time limits"),
        (name = "users", description = "Roles and profiles"),
        (name = "privacy", description = "Residents' personal data: reading it (recorded for staff) and forgetting a resident"),
        (name = "encouragements", description = "点赞鼓励: praise for cadres"),
        (name = "media", description = "Photos, videos and voice notes"),
        (name = "dev", description = "Test-only routes (`--dev-clock`); 404 otherwise"),
        (name = "meta", description = "This document"),
        (name = "services", description = "Life services: providers, the catalog, slots, orders and WeChat Pay"),
        (name = "inbox", description = "Each user's messages: order updates, replies, announcements"),
        (name = "neighbourhood", description = "邻里: forum, community events, second-hand listings, mutual help, residents' ideas, the cadre ranking"),
        (name = "audit", description = "Auditors and managers: the log itself, state at a moment, chain checkpoints, verification"),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

/// The document as JSON, built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .unwrap_or_else(|_| "{}".to_owned())
    })
}

/// `GET /api/v1/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "This OpenAPI 3.1 document", content_type = "application/json", body = Object)),
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}

/// Adds what every route shares, by rule (see the module docs).
#[derive(Debug)]
struct Conventions;

/// Commands (POSTs under `/api/v1` except sign-in, test routes and media uploads, which are
/// idempotent by their content hash) accept the header.
fn takes_idempotency_key(path: &str) -> bool {
    path.starts_with("/api/v1/")
        && !path.starts_with("/api/v1/auth/")
        && !path.starts_with("/api/v1/dev/")
        && path != "/api/v1/media"
}

fn error_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

fn add_error(operation: &mut Operation, status: &str, description: &str) {
    operation
        .responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| error_response(description).into());
}

fn idempotency_header() -> utoipa::openapi::path::Parameter {
    ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(
            "Makes the command safe to retry: a repeat with the same key (per user) returns \
             the first result instead of acting twice.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(128))
                .pattern(Some("^[!-~]+$")),
        ))
        .build()
}

impl Modify for Conventions {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("opaque")
                    .description(Some(
                        "The token from POST /api/v1/auth/wechat (or /auth/dev in development).",
                    ))
                    .build(),
            ),
        );
        for (path, item) in doc.paths.paths.iter_mut() {
            let command = takes_idempotency_key(path);
            let operations = [
                (&mut item.get, false),
                (&mut item.post, command),
                (&mut item.put, command),
                (&mut item.patch, command),
                (&mut item.delete, command),
            ];
            for (operation, idempotent) in operations {
                let Some(operation) = operation.as_mut() else {
                    continue;
                };
                if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    add_error(operation, "401", "No, invalid or expired bearer token");
                }
                if operation.request_body.is_some() {
                    add_error(operation, "400", "Malformed request");
                    add_error(operation, "413", "Request body too large");
                    add_error(
                        operation,
                        "422",
                        "A field is missing, of the wrong type or out of range",
                    );
                }
                let has_query = operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == ParameterIn::Query);
                if has_query {
                    add_error(operation, "400", "Malformed query string");
                    add_error(operation, "422", "A query parameter is invalid");
                }
                let has_path = operation
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| p.parameter_in == ParameterIn::Path);
                if has_path {
                    add_error(operation, "400", "A path parameter is malformed");
                }
                if idempotent {
                    operation
                        .parameters
                        .get_or_insert_with(Vec::new)
                        .push(idempotency_header());
                    add_error(operation, "400", "Malformed Idempotency-Key");
                    add_error(
                        operation,
                        "422",
                        "The Idempotency-Key was used for a different request",
                    );
                }
                add_error(operation, "500", "Something went wrong on the server");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// Every `(METHOD, path)` registered with `.route("/api/v1/…", get(…).post(…))` in the
    /// crate's source. Scanning the source (rather than a hand-kept list) means a route
    /// someone adds anywhere fails this test until it is annotated.
    fn registered_routes() -> BTreeSet<(String, String)> {
        let mut found = BTreeSet::new();
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut pending = vec![root];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).expect("read src") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    // Comments may show example routes; only code registers them.
                    let code: Vec<&str> = text
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect();
                    scan(&code.join("\n"), &mut found);
                }
            }
        }
        found
    }

    fn scan(text: &str, found: &mut BTreeSet<(String, String)>) {
        // The scan reads whole paths from `.route("…")`; a nested router would register
        // paths it cannot see, so nesting is refused rather than silently missed.
        // (Spelled in pieces so this file does not match itself.)
        for name in ["nest", "nest_service", "route_service"] {
            let nesting = format!(".{name}(");
            assert!(
                !text.contains(&nesting),
                "{nesting} hides routes from the OpenAPI coverage test; register whole paths with .route()"
            );
        }
        let mut rest = text;
        while let Some(at) = rest.find(".route(") {
            rest = &rest[at + ".route(".len()..];
            let Some(open) = rest.find('"') else { break };
            let Some(len) = rest[open + 1..].find('"') else {
                break;
            };
            let route = &rest[open + 1..open + 1 + len];
            // The method routers follow the path, up to the call's closing parenthesis.
            let mut depth = 1usize;
            let mut end = rest.len();
            for (i, c) in rest.char_indices() {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            end = i;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if route.starts_with("/api/v1") {
                let call = &rest[open + 1 + len..end];
                for method in ["get", "post", "put", "patch", "delete"] {
                    let needle = format!("{method}(");
                    let mut from = 0;
                    while let Some(i) = call[from..].find(&needle) {
                        let i = from + i;
                        let before = call[..i].chars().last();
                        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                            found.insert((method.to_uppercase(), route.to_owned()));
                        }
                        from = i + needle.len();
                    }
                }
            }
        }
    }

    fn documented_routes() -> BTreeSet<(String, String)> {
        let doc: serde_json::Value = serde_json::from_str(document_json()).expect("json");
        let mut found = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("item").keys() {
                found.insert((method.to_uppercase(), path.clone()));
            }
        }
        found
    }

    #[test]
    fn every_registered_route_is_documented() {
        let registered = registered_routes();
        assert!(
            registered.len() > 20,
            "the scan found too few routes: {registered:?}"
        );
        let documented = documented_routes();
        let missing: Vec<_> = registered.difference(&documented).collect();
        assert!(
            missing.is_empty(),
            "routes missing from the OpenAPI document: {missing:?}"
        );
    }

    #[test]
    fn the_document_route_is_registered_and_documented() {
        assert!(documented_routes().contains(&("GET".into(), "/api/v1/openapi.json".into())));
    }

    #[test]
    fn commands_carry_the_idempotency_header_and_secured_routes_answer_401() {
        let doc: serde_json::Value = serde_json::from_str(document_json()).expect("json");
        let file = &doc["paths"]["/api/v1/complaints"]["post"];
        let params = file["parameters"].as_array().expect("params");
        assert!(params.iter().any(|p| p["name"] == "Idempotency-Key"));
        assert!(file["responses"]["401"].is_object());
        assert!(file["responses"]["201"].is_object());
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let code = &doc["components"]["schemas"]["JurisdictionCode"];
        assert_eq!(code["type"], "string");
        assert!(code["pattern"].is_string());
        assert_eq!(
            doc["components"]["schemas"]["ComplaintId"]["format"],
            "uuid"
        );
    }
}
