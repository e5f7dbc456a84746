//! `linli serve`: open the store, serve HTTP, shut down gracefully on SIGTERM/Ctrl-C.

use std::sync::Arc;

use linli_eventlog::EventLog;

use super::Outcome;
use crate::cli::ServeArgs;
use crate::http::{self, AppState};
use crate::metrics::{LogObserver, Metrics};

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
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    tracing::info!(%address, data = %args.store.data.display(), head = log.head().position.0, "linli is listening");
    let state = AppState {
        log: log.clone(),
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
