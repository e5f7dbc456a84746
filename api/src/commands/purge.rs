//! `linli purge`: apply the media retention policy on a stopped store.

use linli_engine::Engine;
use linli_eventlog::EventLog;

use super::Outcome;
use crate::cli::PurgeArgs;
use crate::media::{MediaKind, MediaStore};
use crate::privacy::retention::{by_kind, plan, purge, RetentionPolicy};

pub async fn run(args: PurgeArgs) -> Outcome {
    let log = match EventLog::open(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli purge: cannot open {} (is `linli serve` still running? it holds the lock): {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let outcome = run_on(&log, &args).await;
    log.close().await;
    outcome
}

async fn run_on(log: &EventLog, args: &PurgeArgs) -> Outcome {
    let store = match MediaStore::open(&args.store.data, log.database()) {
        Ok(store) => store,
        Err(e) => {
            eprintln!("linli purge: cannot open the media store: {e}");
            return Outcome::Failure;
        }
    };
    let mut kinds = args.kinds.clone();
    if kinds.is_empty() {
        kinds = vec![MediaKind::Image, MediaKind::Video, MediaKind::Audio];
    }
    kinds.dedup();
    let policy = RetentionPolicy {
        keep_after_close: chrono::TimeDelta::days(i64::from(args.older_than_days)),
        kinds,
    };
    let now = chrono::Utc::now();
    let planned = {
        let (log, store, policy) = (log.clone(), store.clone(), policy.clone());
        tokio::task::spawn_blocking(move || plan(&log, &store, &policy, now)).await
    };
    let candidates = match planned {
        Ok(Ok(candidates)) => candidates,
        Ok(Err(e)) => {
            eprintln!("linli purge: {e}");
            return Outcome::Failure;
        }
        Err(e) => {
            eprintln!("linli purge: {e}");
            return Outcome::Failure;
        }
    };
    let rule = policy.rule();
    if args.dry_run {
        #[allow(clippy::print_stdout)] // the plan is the command's output
        for c in &candidates {
            println!(
                "{}\t{:?}\t{} bytes\tclosed {}",
                c.media.as_str(),
                c.kind,
                c.size,
                c.closed_at.to_rfc3339()
            );
        }
        for (kind, (count, bytes)) in by_kind(&candidates) {
            eprintln!("linli purge --dry-run: would remove {count} {kind} ({bytes} bytes)");
        }
        eprintln!(
            "linli purge --dry-run: {} blobs match \"{rule}\"; nothing removed, nothing recorded",
            candidates.len()
        );
        return Outcome::Success;
    }
    let engine = Engine::new(log.clone());
    match purge(&engine, &store, &policy, &candidates, now).await {
        Ok(done) => {
            eprintln!(
                "linli purge: removed {} blobs ({} bytes) under \"{rule}\"; {} media.purged events recorded",
                done.media, done.bytes, done.events
            );
            Outcome::Success
        }
        Err(e) => {
            eprintln!("linli purge: {e}");
            Outcome::Failure
        }
    }
}
