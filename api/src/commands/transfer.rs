//! `linli export` and `linli import` (NDJSON with hashes).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Write};

use linli_eventlog::{import_ndjson, EventLog, Position, TransferError};

use super::progress::{events_bar, events_spinner};
use super::Outcome;
use crate::cli::{ExportArgs, ImportArgs};

pub async fn export(args: ExportArgs) -> Outcome {
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli export: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let result = tokio::task::spawn_blocking(move || -> Result<u64, TransferError> {
        let mut out: Box<dyn Write> = if args.output.as_os_str() == "-" {
            Box::new(BufWriter::new(io::stdout().lock()))
        } else {
            Box::new(BufWriter::new(File::create(&args.output)?))
        };
        let bar = events_bar(log.head().position.0, "exporting");
        let report = log.export_ndjson(Position(1), &mut out, &mut |n| bar.set_position(n))?;
        out.flush()?;
        bar.finish_and_clear();
        Ok(report.events)
    })
    .await;
    match result {
        Ok(Ok(events)) => {
            tracing::info!(events, "export complete");
            Outcome::Success
        }
        Ok(Err(TransferError::Read(e))) => {
            eprintln!("linli export: the store is damaged, nothing trustworthy to export: {e}");
            Outcome::Refused
        }
        Ok(Err(e)) => {
            eprintln!("linli export: {e}");
            Outcome::Failure
        }
        Err(e) => {
            eprintln!("linli export: {e}");
            Outcome::Failure
        }
    }
}

pub async fn import(args: ImportArgs) -> Outcome {
    let config = args.store.log_config();
    let result = tokio::task::spawn_blocking(move || {
        let mut input: Box<dyn io::BufRead> = if args.input.as_os_str() == "-" {
            Box::new(BufReader::new(io::stdin().lock()))
        } else {
            Box::new(BufReader::new(File::open(&args.input)?))
        };
        let bar = events_spinner("importing");
        let report = import_ndjson(&config, &mut input, &mut |n| bar.set_position(n));
        bar.finish_and_clear();
        report
    })
    .await;
    match result {
        Ok(Ok(report)) => {
            tracing::info!(events = report.events, streams = report.streams, head = %report.head.hash, "import complete and verified");
            Outcome::Success
        }
        Ok(Err(e @ (TransferError::Refused { .. } | TransferError::NotEmpty(_)))) => {
            eprintln!("linli import: refused, nothing imported: {e}");
            Outcome::Refused
        }
        Ok(Err(e)) => {
            eprintln!("linli import: {e}");
            Outcome::Failure
        }
        Err(e) => {
            eprintln!("linli import: {e}");
            Outcome::Failure
        }
    }
}
