//! `linli verify`: the whole chain, the stream index, the heads, the chain checkpoints
//! recorded in the log, the projection checkpoints, and checkpoints held outside.

use std::fs::File;
use std::io::BufReader;

use linli_eventlog::EventLog;

use super::progress::events_bar;
use super::Outcome;
use crate::audit::checkpoints::read_external;
use crate::audit::verify::verify_store;
use crate::cli::VerifyArgs;

#[allow(clippy::print_stdout)] // the report is the command's output
pub async fn run(args: VerifyArgs) -> Outcome {
    let external = match &args.against {
        None => Vec::new(),
        Some(path) => {
            let read = File::open(path)
                .map_err(|e| e.to_string())
                .and_then(|f| read_external(&mut BufReader::new(f)));
            match read {
                Ok(found) => found,
                Err(e) => {
                    eprintln!("linli verify: cannot read {}: {e}", path.display());
                    return Outcome::Usage;
                }
            }
        }
    };
    // Read-only: a damaged store must still be inspectable, and verify never writes.
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli verify: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let bar = events_bar(log.head().position.0, "verifying");
    let result = tokio::task::spawn_blocking(move || {
        let result = verify_store(&log, &external, &mut |checked| bar.set_position(checked));
        bar.finish_and_clear();
        result
    })
    .await;
    match result {
        Ok(Ok(report)) => {
            println!(
                "ok: {} events in {} streams, {} idempotency keys, {} chain checkpoints, {} projection checkpoints{}; head {} {}",
                report.log.events,
                report.log.streams,
                report.log.idempotency_keys,
                report.chain_checkpoints,
                report.projection_checkpoints,
                if args.against.is_some() {
                    format!(", {} outside checkpoints", report.external_checkpoints)
                } else {
                    String::new()
                },
                report.log.head.position,
                report.log.head.hash
            );
            Outcome::Success
        }
        Ok(Err(damage)) => {
            println!(
                "DAMAGED at position {}: {}",
                damage.position, damage.problem
            );
            Outcome::Refused
        }
        Err(e) => {
            eprintln!("linli verify: {e}");
            Outcome::Failure
        }
    }
}
