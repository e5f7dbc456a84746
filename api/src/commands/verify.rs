//! `linli verify`: the whole chain, the stream index and the heads.

use linli_eventlog::EventLog;

use super::progress::events_bar;
use super::Outcome;
use crate::cli::StoreArgs;

#[allow(clippy::print_stdout)] // the report is the command's output
pub async fn run(args: StoreArgs) -> Outcome {
    // Read-only: a damaged store must still be inspectable, and verify never writes.
    let log = match EventLog::open_read_only(args.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!("linli verify: cannot open {}: {e}", args.data.display());
            return Outcome::Failure;
        }
    };
    let bar = events_bar(log.head().position.0, "verifying");
    let result = tokio::task::spawn_blocking(move || {
        let result = log.verify_with_progress(&mut |checked| bar.set_position(checked));
        bar.finish_and_clear();
        result
    })
    .await;
    match result {
        Ok(Ok(report)) => {
            println!(
                "ok: {} events in {} streams, {} idempotency keys; head {} {}",
                report.events,
                report.streams,
                report.idempotency_keys,
                report.head.position,
                report.head.hash
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
