//! `linli forget SUBJECT`: crypto-shred a resident on a stopped store.

use linli_domain::Actor;
use linli_engine::{CommandMeta, Engine};
use linli_eventlog::EventLog;
use linli_vault::{Forgetting, Vault};

use super::Outcome;
use crate::cli::ForgetArgs;
use crate::privacy::forget::{forget, ForgetError};

pub async fn run(args: ForgetArgs) -> Outcome {
    let log = match EventLog::open(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli forget: cannot open {}: {e}\n\
                 If `linli serve` is running on this store, it holds the lock: stop it, or have \
                 a manager call POST /api/v1/users/{}/forget on the running server.",
                args.store.data.display(),
                args.subject
            );
            return Outcome::Failure;
        }
    };
    let outcome = run_on(&log, &args).await;
    log.close().await;
    outcome
}

async fn run_on(log: &EventLog, args: &ForgetArgs) -> Outcome {
    let vault = match Vault::open_dir(&args.store.keys_dir()) {
        Ok(vault) => vault,
        Err(e) => {
            eprintln!("linli forget: cannot open the key store: {e}");
            return Outcome::Failure;
        }
    };
    let engine = Engine::new(log.clone());
    let meta = CommandMeta::by(&Actor::System)
        .with_actor("system:forget")
        .with_idempotency_key(format!("forget:{}", args.subject));
    let by = (Actor::System, args.reason.clone(), chrono::Utc::now());
    match forget(&engine, &vault, args.subject, by, meta).await {
        Ok(forgot) => {
            let key = match forgot.key {
                Forgetting::Destroyed => "key destroyed",
                Forgetting::NoKeyExisted => "no key had been made (nothing was ever sealed)",
                Forgetting::AlreadyForgotten => "key was already destroyed",
            };
            eprintln!(
                "linli forget: {} forgotten at position {} ({key}); their sealed personal data is unreadable everywhere",
                args.subject, forgot.outcome.position.0
            );
            Outcome::Success
        }
        Err(ForgetError::Engine(linli_engine::EngineError::Rejected(e))) => {
            eprintln!("linli forget: refused: {e}");
            Outcome::Refused
        }
        Err(e) => {
            eprintln!("linli forget: {e}");
            Outcome::Failure
        }
    }
}
