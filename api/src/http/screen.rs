//! `/screen`: the data screen (数据大屏), a static page with one script bundle (ECharts
//! included) built from `screen/src` into `screen/dist` and compiled into the binary, so
//! it works offline and with no Node on the server. Its data comes from the dashboard API
//! and SSE stream with the token given in `?token=`. See
//! docs/adr/0004-data-screen-assets.md for why the bundle is committed.

use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

use super::AppState;

const INDEX_HTML: &str = include_str!("../../../screen/dist/index.html");
const SCREEN_JS: &str = include_str!("../../../screen/dist/screen.js");
const SCREEN_CSS: &str = include_str!("../../../screen/dist/screen.css");

/// Only our own files and our own API; ECharts sets element styles, hence inline styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                   img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

/// The data screen's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/screen",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route("/screen/", get(|| async { Redirect::permanent("/screen") }))
        .route(
            "/screen/screen.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCREEN_JS) }),
        )
        .route(
            "/screen/screen.css",
            get(|| async { asset("text/css; charset=utf-8", SCREEN_CSS) }),
        )
}

/// A static file. `no-cache` makes browsers revalidate, so a new build shows at once.
fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::CONTENT_SECURITY_POLICY, CSP),
        ],
        body,
    )
        .into_response()
}
