//! `linli serve`: open the store, serve HTTP, shut down gracefully on SIGTERM/Ctrl-C.

use std::sync::Arc;

use linli_engine::{Engine, SystemClock};
use linli_eventlog::EventLog;

use super::Outcome;
use crate::auth::SessionStore;
use crate::cli::{ServeArgs, WechatArgs};
use crate::http::{self, AppState, DevLogin};
use crate::metrics::{LogObserver, Metrics};

/// The code2Session client, if the server was given WeChat credentials.
fn wechat_login(args: &WechatArgs) -> Result<Option<linli_wechat::LoginClient>, String> {
    let (Some(appid), Some(secret)) = (&args.appid, &args.secret) else {
        return Ok(None);
    };
    let base_url = linli_wechat::BaseUrl::parse(&args.api_base)
        .map_err(|e| format!("--wechat-api-base: {e}"))?;
    let config = linli_wechat::MiniProgramConfig {
        appid: linli_wechat::AppId::new(appid.clone()),
        secret: linli_wechat::AppSecret::new(secret.clone()),
        base_url,
    };
    linli_wechat::LoginClient::new(config, &linli_wechat::HttpConfig::default())
        .map(Some)
        .map_err(|e| e.to_string())
}

pub async fn run(args: ServeArgs) -> Outcome {
    let metrics = Arc::new(Metrics::new());
    let config = args
        .store
        .log_config()
        .with_observer(Arc::new(LogObserver(metrics.clone())));
    let log = match EventLog::open(config) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli serve: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.listen).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("linli serve: cannot listen on {}: {e}", args.listen);
            return Outcome::Failure;
        }
    };
    let sessions = match SessionStore::open(
        log.database(),
        chrono::Duration::hours(args.session_ttl_hours.max(1)),
    ) {
        Ok(sessions) => sessions,
        Err(e) => {
            eprintln!("linli serve: cannot open the session store: {e}");
            return Outcome::Failure;
        }
    };
    let wechat_login = match wechat_login(&args.wechat) {
        Ok(client) => client,
        Err(e) => {
            eprintln!("linli serve: {e}");
            return Outcome::Failure;
        }
    };
    if wechat_login.is_none() {
        tracing::warn!("WeChat login is not configured (--wechat-appid/--wechat-secret)");
    }
    let dev_login = if args.dev_login {
        tracing::warn!("the development login is ON: anyone can sign in as anyone");
        DevLogin::Enabled
    } else {
        DevLogin::Disabled
    };
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    tracing::info!(%address, data = %args.store.data.display(), head = log.head().position.0, "linli is listening");
    let state = AppState {
        engine: Engine::new(log.clone()),
        log: log.clone(),
        sessions,
        clock: Arc::new(SystemClock),
        wechat_login,
        dev_login,
        metrics,
    };
    let served = axum::serve(listener, http::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    // In-flight requests have finished; let queued appends finish and flush.
    log.close().await;
    match served {
        Ok(()) => {
            tracing::info!("linli stopped cleanly");
            Outcome::Success
        }
        Err(e) => {
            tracing::error!(error = %e, "server error");
            Outcome::Failure
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
