//! `linli replay`: one stream's history, or the whole log from a position or a time.

use std::io::{self, BufWriter, Write};

use linli_eventlog::{EventLog, Position, StreamId, StreamVersion};

use super::progress::events_bar;
use super::Outcome;
use crate::audit::replay::first_position_since;
use crate::audit::view::AuditEvent;
use crate::cli::ReplayArgs;

/// Events read per batch of a stream.
const STREAM_PAGE: usize = 1_000;

enum Stop {
    Damaged(String),
    Io(io::Error),
}

fn emit(
    out: &mut dyn Write,
    json: bool,
    record: &linli_eventlog::RecordedEvent,
) -> Result<(), Stop> {
    let event = AuditEvent::from(record);
    let line = if json {
        serde_json::to_string(&event).map_err(|e| Stop::Io(e.into()))?
    } else {
        event.human()
    };
    writeln!(out, "{line}").map_err(Stop::Io)
}

fn replay(log: &EventLog, args: &ReplayArgs) -> Result<u64, Stop> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let limit = args.limit.unwrap_or(u64::MAX);
    let mut written = 0u64;
    if let Some(stream) = &args.stream {
        let stream = StreamId::new(stream.clone()).map_err(|e| Stop::Damaged(e.to_string()))?;
        let mut next = StreamVersion(1);
        while written < limit {
            let page = log
                .read_stream(&stream, next, STREAM_PAGE)
                .map_err(|e| Stop::Damaged(e.to_string()))?;
            for record in page.iter().take((limit - written) as usize) {
                emit(&mut out, args.json, record)?;
                written += 1;
            }
            match page.last() {
                Some(last) if page.len() == STREAM_PAGE => next = StreamVersion(last.version.0 + 1),
                _ => break,
            }
        }
    } else {
        let from = match (args.from_position, args.since) {
            (Some(position), _) => Position(position.max(1)),
            (None, Some(since)) => first_position_since(log, since.with_timezone(&chrono::Utc))
                .map_err(|e| Stop::Damaged(e.to_string()))?,
            (None, None) => Position::FIRST,
        };
        let head = log.head().position.0;
        let bar = events_bar(head.saturating_sub(from.0 - 1).min(limit), "replaying");
        for record in log.scan(from).take(limit.min(usize::MAX as u64) as usize) {
            let record = record.map_err(|e| Stop::Damaged(e.to_string()))?;
            emit(&mut out, args.json, &record)?;
            written += 1;
            if written % 1_000 == 0 {
                bar.set_position(written);
            }
        }
        bar.finish_and_clear();
    }
    out.flush().map_err(Stop::Io)?;
    Ok(written)
}

pub async fn run(args: ReplayArgs) -> Outcome {
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli replay: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    match tokio::task::spawn_blocking(move || replay(&log, &args)).await {
        Ok(Ok(events)) => {
            tracing::debug!(events, "replay complete");
            Outcome::Success
        }
        Ok(Err(Stop::Damaged(problem))) => {
            eprintln!("linli replay: {problem}");
            Outcome::Refused
        }
        // A closed pipe (`linli replay | head`) is the reader's choice, not a failure.
        Ok(Err(Stop::Io(e))) if e.kind() == io::ErrorKind::BrokenPipe => Outcome::Success,
        Ok(Err(Stop::Io(e))) => {
            eprintln!("linli replay: {e}");
            Outcome::Failure
        }
        Err(e) => {
            eprintln!("linli replay: {e}");
            Outcome::Failure
        }
    }
}
