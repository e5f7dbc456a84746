//! `linli demo`: load the demo county into a store, then exit. `linli serve --demo` does the
//! same before serving, through [`load`].

use linli_engine::Engine;
use linli_eventlog::EventLog;

use super::Outcome;
use crate::cli::StoreArgs;
use crate::demo::{self, DemoError, Loaded};

pub async fn run(args: StoreArgs) -> Outcome {
    let log = match EventLog::open(args.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli demo: cannot open {} (is the server still running?): {e}",
                args.data.display()
            );
            return Outcome::Failure;
        }
    };
    let vault = match linli_vault::Vault::open_dir(&args.keys_dir()) {
        Ok(vault) => vault,
        Err(e) => {
            eprintln!("linli demo: cannot open the key store: {e}");
            log.close().await;
            return Outcome::Failure;
        }
    };
    let engine = Engine::new(log.clone());
    let outcome = load(&engine, &vault, &args.data, chrono::Utc::now()).await;
    log.close().await;
    outcome
}

/// Loads the demo and logs what happened and the logins; the outcome says whether to go on.
pub async fn load(
    engine: &Engine,
    vault: &linli_vault::Vault,
    data: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> Outcome {
    let started = std::time::Instant::now();
    // The demo's scans (application materials, errand documents) go to the store's media.
    let media = match crate::media::MediaStore::open(data, engine.log().database()) {
        Ok(media) => media,
        Err(e) => {
            eprintln!("linli demo: cannot open the media store: {e}");
            return Outcome::Failure;
        }
    };
    match demo::load(engine, vault, &media, now).await {
        Ok(Loaded::Fresh(summary)) => {
            tracing::info!(
                complaints = summary.complaints,
                encouragements = summary.encouragements,
                head = summary.head,
                seconds = started.elapsed().as_secs_f64(),
                "demo county loaded"
            );
            demo::log_logins();
            Outcome::Success
        }
        Ok(Loaded::AlreadyThere) => {
            tracing::info!("the store already holds the demo; nothing to load");
            demo::log_logins();
            Outcome::Success
        }
        Err(e @ (DemoError::NotEmpty { .. } | DemoError::Interrupted)) => {
            eprintln!("linli demo: refused: {e}");
            Outcome::Refused
        }
        Err(e) => {
            eprintln!("linli demo: {e}");
            Outcome::Failure
        }
    }
}
