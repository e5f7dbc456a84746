//! `linli state-at --stream ID --at TIME|POSITION`: an aggregate's state as it was then.

use linli_engine::Engine;
use linli_eventlog::EventLog;

use super::Outcome;
use crate::audit::state::{parse_stream, state_at, Moment};
use crate::cli::StateAtArgs;

#[allow(clippy::print_stdout)] // the state is the command's output
pub async fn run(args: StateAtArgs) -> Outcome {
    let stream = match parse_stream(&args.stream) {
        Ok(stream) => stream,
        Err(e) => {
            eprintln!("linli state-at: --stream: {e}");
            return Outcome::Usage;
        }
    };
    let moment: Moment = match args.at.parse() {
        Ok(moment) => moment,
        Err(e) => {
            eprintln!("linli state-at: --at: {e}");
            return Outcome::Usage;
        }
    };
    let log = match EventLog::open_read_only(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli state-at: cannot open {}: {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let engine = Engine::new(log);
    match state_at(&engine, stream, moment) {
        Ok(Ok(view)) => match serde_json::to_string_pretty(&view) {
            Ok(text) => {
                println!("{text}");
                Outcome::Success
            }
            Err(e) => {
                eprintln!("linli state-at: {e}");
                Outcome::Failure
            }
        },
        Ok(Err(e)) => {
            eprintln!("linli state-at: {e}");
            Outcome::Usage
        }
        Err(e) => {
            eprintln!("linli state-at: the stream cannot be read: {e}");
            Outcome::Refused
        }
    }
}
