//! `linli grant`: the operator's bootstrap. Registers the user behind an openid if needed
//! and grants a role as the system, straight through the engine, while the server is
//! stopped (sled allows one process per store). This is how the first manager is made;
//! managers then administer everything else over the API.

use linli_domain::user::{GrantRole, RegisterUser, User, UserCommand, UserError};
use linli_domain::{Actor, Role, StreamName, UserId};
use linli_engine::{CommandMeta, Engine, EngineError, Replay};
use linli_eventlog::EventLog;

use super::Outcome;
use crate::cli::{GrantArgs, GrantableRole};

impl From<GrantableRole> for Role {
    fn from(role: GrantableRole) -> Role {
        match role {
            GrantableRole::Manager => Role::Manager,
            GrantableRole::Cadre => Role::Cadre,
            GrantableRole::Auditor => Role::Auditor,
            GrantableRole::Provider => Role::Provider,
        }
    }
}

#[allow(clippy::print_stdout)] // the result is the command's output
pub async fn run(args: GrantArgs) -> Outcome {
    let log = match EventLog::open(args.store.log_config()) {
        Ok(log) => log,
        Err(e) => {
            eprintln!(
                "linli grant: cannot open {} (is the server still running?): {e}",
                args.store.data.display()
            );
            return Outcome::Failure;
        }
    };
    let engine = Engine::new(log.clone());
    let outcome = grant(&engine, &args).await;
    log.close().await;
    outcome
}

#[allow(clippy::print_stdout)]
async fn grant(engine: &Engine, args: &GrantArgs) -> Outcome {
    let user = UserId::from_openid(&args.openid);
    let role = Role::from(args.role);
    let now = chrono::Utc::now();
    let meta = CommandMeta::by(&Actor::System).with_actor("system:operator");
    let register = UserCommand::Register(RegisterUser {
        user,
        openid: args.openid.clone(),
        by: Actor::System,
        at: now,
    });
    match engine
        .execute::<User>(StreamName::User(user), register, meta.clone())
        .await
    {
        Ok(_) | Err(EngineError::Rejected(UserError::AlreadyExists)) => {}
        Err(e) => return failed(e),
    }
    let command = UserCommand::GrantRole(GrantRole {
        role,
        scope: args.scope.clone(),
        by: Actor::System,
        at: now,
    });
    match engine
        .execute::<User>(StreamName::User(user), command, meta)
        .await
    {
        Ok(outcome) => {
            let scope: Vec<String> = args.scope.iter().map(ToString::to_string).collect();
            let what = if outcome.replay == Replay::Unchanged {
                "already held"
            } else {
                "granted"
            };
            println!(
                "{what}: user {user} (openid {}) is {} over [{}]; position {}",
                args.openid,
                format!("{role:?}").to_lowercase(),
                scope.join(", "),
                outcome.position.0
            );
            Outcome::Success
        }
        Err(e) => failed(e),
    }
}

fn failed(e: EngineError<UserError>) -> Outcome {
    match e {
        EngineError::Rejected(refusal) => {
            eprintln!("linli grant: refused: {refusal}");
            Outcome::Refused
        }
        other => {
            eprintln!("linli grant: {other}");
            Outcome::Failure
        }
    }
}
