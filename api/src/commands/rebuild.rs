//! `linli rebuild [PROJECTION]`: rebuild read models from the log.
//!
//! Both ways are blue/green, through the projection runtime's own rebuild (the one a
//! version bump triggers): a fresh generation is built in new trees from position 1 while
//! the current one keeps serving, then the registry swaps to it and the old trees are
//! dropped. With `--server` the running server does it (queries keep being answered);
//! without, this process opens the stopped store and does the same.

use std::sync::Arc;
use std::time::Duration;

use linli_eventlog::EventLog;
use linli_projections::{all_specs, rebuild_checkpoint, DomainDecoder, Projector, RuntimeConfig};

use super::admin_client::{AdminClient, AdminError};
use super::progress::{events_bar, events_spinner};
use super::Outcome;
use crate::cli::RebuildArgs;

pub async fn run(args: RebuildArgs) -> Outcome {
    match AdminClient::from_args(&args.admin) {
        Ok(Some(client)) => online(&client, args.projection.as_deref()).await,
        Ok(None) => offline(args).await,
        Err(e) => failure(e),
    }
}

fn failure(error: AdminError) -> Outcome {
    eprintln!("linli rebuild: {error}");
    match error {
        AdminError::Unauthorized(_) => Outcome::Usage,
        AdminError::Server { status, .. } if status.as_u16() == 404 => Outcome::Usage,
        _ => Outcome::Failure,
    }
}

#[allow(clippy::print_stdout)] // the summary is the command's output
async fn online(client: &AdminClient, projection: Option<&str>) -> Outcome {
    let path = match projection {
        Some(id) => format!("/admin/v1/rebuild/{id}"),
        None => "/admin/v1/rebuild".to_owned(),
    };
    // The server answers once every build has swapped in; it shows no progress over HTTP.
    let spinner = events_spinner("rebuilding on the server");
    spinner.enable_steady_tick(Duration::from_millis(200));
    let answer = client.post(&path).await;
    spinner.finish_and_clear();
    match answer {
        Ok(response) => {
            let body: serde_json::Value = response.json().await.unwrap_or_default();
            println!("rebuilt and swapped in: {}", body["rebuilt"]);
            Outcome::Success
        }
        Err(e) => failure(e),
    }
}

#[allow(clippy::print_stdout)] // the summary is the command's output
async fn offline(args: RebuildArgs) -> Outcome {
    let log = match EventLog::open(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli rebuild: cannot open {} (is the server running? then use --server): {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let specs = all_specs();
    let versions: std::collections::HashMap<_, _> =
        specs.iter().map(|s| (s.id.clone(), s.version)).collect();
    let projector = match Projector::start(&log, DomainDecoder, specs, RuntimeConfig::default()) {
        Ok(projector) => Arc::new(projector),
        Err(e) => {
            eprintln!("linli rebuild: cannot start the read models: {e}");
            log.close().await;
            return Outcome::Failure;
        }
    };
    let ids: Vec<String> = match &args.projection {
        Some(id) => vec![id.clone()],
        None => projector
            .ids()
            .into_iter()
            .map(|id| id.to_string())
            .collect(),
    };
    let head = log.head().position;
    let mut outcome = Outcome::Success;
    for id in &ids {
        let Some(status) = projector.status().into_iter().find(|s| s.id.as_str() == id) else {
            eprintln!("linli rebuild: no read model is called {id:?}");
            outcome = Outcome::Usage;
            break;
        };
        let version = versions[&status.id];
        let bar = events_bar(head.0, &format!("rebuilding {id}"));
        let rebuild = projector.rebuild(id);
        tokio::pin!(rebuild);
        let mut ticker = tokio::time::interval(Duration::from_millis(250));
        let result = loop {
            tokio::select! {
                result = &mut rebuild => break result,
                _ = ticker.tick() => {
                    if let Some(at) = rebuild_checkpoint(log.database(), &status.id, status.progress.build, version) {
                        bar.set_position(at.0);
                    }
                }
            }
        };
        bar.finish_and_clear();
        match result {
            Ok(()) => println!("{id}: rebuilt up to position {head} and swapped in"),
            Err(e) => {
                eprintln!("linli rebuild: {id}: {e}");
                outcome = Outcome::Failure;
                break;
            }
        }
    }
    if let Ok(projector) = Arc::try_unwrap(projector) {
        projector.shutdown().await;
    }
    log.close().await;
    outcome
}
