//! `linli serve`: open the store, serve HTTP, shut down gracefully on SIGTERM/Ctrl-C.

use std::sync::Arc;

use linli_engine::scheduler::Scheduler;
use linli_engine::{DirectoryCache, Engine};
use linli_eventlog::EventLog;
use linli_projections::{all_specs, DomainDecoder, Projector, ReadModels, RuntimeConfig};

use super::Outcome;
use crate::auth::SessionStore;
use crate::cli::{ServeArgs, WechatArgs};
use crate::clock::OffsetClock;
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
    let vault = match linli_vault::Vault::open_dir(&args.store.keys_dir()) {
        Ok(vault) => vault,
        Err(e) => {
            eprintln!("linli serve: cannot open the key store: {e}");
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
    let engine = Engine::new(log.clone());
    if args.demo {
        // Before the read models start, so they catch up on the demo like any history.
        let loaded = super::demo::load(&engine, &vault, &args.store.data, chrono::Utc::now()).await;
        if loaded != Outcome::Success {
            log.close().await;
            return loaded;
        }
    }
    let projector =
        match Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()) {
            Ok(projector) => Arc::new(projector),
            Err(e) => {
                eprintln!("linli serve: cannot start the read models: {e}");
                return Outcome::Failure;
            }
        };
    let read = match ReadModels::new(&projector) {
        Ok(read) => read,
        Err(e) => {
            eprintln!("linli serve: {e}");
            return Outcome::Failure;
        }
    };
    let media = match crate::media::MediaStore::open(&args.store.data, log.database()) {
        Ok(media) => media,
        Err(e) => {
            eprintln!("linli serve: cannot open the media store: {e}");
            return Outcome::Failure;
        }
    };
    let clock = Arc::new(OffsetClock::default());
    let directory = DirectoryCache::new(engine.clone());
    let scheduler = Scheduler::new(
        engine.clone(),
        directory.clone(),
        Arc::new(read.queues.clone()),
        Arc::new(read.queues.clone()),
        clock.clone(),
    );
    let (stop_scheduler, scheduler_stopped) = tokio::sync::oneshot::channel::<()>();
    let scheduler_task = {
        let scheduler = scheduler.clone();
        let interval = std::time::Duration::from_secs(args.scheduler_interval_secs.max(1));
        tokio::spawn(async move {
            scheduler
                .run_until(interval, async {
                    let _ = scheduler_stopped.await;
                })
                .await;
        })
    };
    let open311 = match crate::open311::Partners::parse(&args.open311_api_keys) {
        Ok(partners) => partners,
        Err(e) => {
            eprintln!("linli serve: {e}");
            return Outcome::Failure;
        }
    };
    let payments = match crate::pay::Payments::from_args(&args.pay) {
        Ok(payments) => payments.map(Arc::new),
        Err(e) => {
            eprintln!("linli serve: {e}");
            return Outcome::Failure;
        }
    };
    let state = AppState {
        engine,
        log: log.clone(),
        sessions,
        clock: clock.clone(),
        wechat_login,
        dev_login,
        dev_clock: args.dev_clock.then_some(clock),
        read,
        projector: projector.clone(),
        directory,
        scheduler,
        media,
        vault,
        reopen_window: chrono::TimeDelta::days(args.reopen_window_days.max(0)),
        open311,
        metrics,
        payments,
        operator: http::admin::Operator::new(args.operator.admin_token.as_deref()),
    };
    let (stop_checkpoints, checkpoints_stopped) = tokio::sync::oneshot::channel::<()>();
    let checkpoint_task = {
        let recorder = crate::audit::recorder::ChainRecorder::new(
            state.engine.clone(),
            state.clock.clone(),
            crate::audit::recorder::CheckpointPolicy {
                every_events: args.operator.checkpoint_every_events,
                every: std::time::Duration::from_secs(args.operator.checkpoint_every_secs),
            },
        );
        tokio::spawn(async move {
            recorder
                .run_until(async {
                    let _ = checkpoints_stopped.await;
                })
                .await;
        })
    };
    let served = axum::serve(listener, http::router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    // In-flight requests have finished: stop the scheduler, then let queued appends
    // finish and flush.
    let _ = stop_scheduler.send(());
    let _ = scheduler_task.await;
    let _ = stop_checkpoints.send(());
    let _ = checkpoint_task.await;
    log.close().await;
    if let Ok(projector) = Arc::try_unwrap(projector) {
        projector.shutdown().await;
    }
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
