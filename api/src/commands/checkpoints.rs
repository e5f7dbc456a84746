//! `linli checkpoints`: the recorded chain checkpoints as NDJSON, one per line, for an
//! outside party to keep and later check with `linli verify --against FILE`.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use linli_eventlog::EventLog;

use super::Outcome;
use crate::audit::checkpoints::recorded;
use crate::cli::CheckpointsArgs;

pub async fn run(args: CheckpointsArgs) -> Outcome {
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli checkpoints: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let checkpoints = match recorded(&log, 1, usize::MAX) {
        Ok(found) => found,
        Err(damage) => {
            eprintln!(
                "linli checkpoints: DAMAGED at position {}: {}",
                damage.position, damage.problem
            );
            return Outcome::Refused;
        }
    };
    let written = (|| -> io::Result<()> {
        let mut out: Box<dyn Write> = if args.output.as_os_str() == "-" {
            Box::new(BufWriter::new(io::stdout().lock()))
        } else {
            Box::new(BufWriter::new(File::create(&args.output)?))
        };
        for checkpoint in &checkpoints {
            writeln!(out, "{}", serde_json::to_string(checkpoint)?)?;
        }
        out.flush()
    })();
    match written {
        Ok(()) => Outcome::Success,
        Err(e) => {
            eprintln!("linli checkpoints: {e}");
            Outcome::Failure
        }
    }
}
