//! Running a planned import through the engine: users first (registration, cadre grants),
//! then the directory commands in order.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use linli_domain::directory::{Directory, DirectoryError};
use linli_domain::user::{User, UserError};
use linli_domain::{Actor, StreamName, UserId};
use linli_engine::{CommandMeta, Engine, EngineError, LoadError, Replay};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::document::DirectoryDocument;
use super::plan::{plan, Authority, Current, PlanError};
use super::settings::DirectorySettings;

/// Why an import stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The document was refused before anything was written.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The directory or a user could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A directory command failed while running (someone changed the directory meanwhile,
    /// or the log failed); the steps before it are written.
    #[error(transparent)]
    Directory(#[from] EngineError<DirectoryError>),
    /// A user command failed while running.
    #[error(transparent)]
    User(#[from] EngineError<UserError>),
}

/// What an import wrote.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// The last log position written (or the head, when nothing was): pass as `?after=`.
    pub position: u64,
    /// Directory events written.
    pub directory_commands: usize,
    /// User registrations and role grants written.
    pub user_commands: usize,
    /// Entries the directory already said, so nothing was written for them.
    pub unchanged: usize,
}

/// How to label each command's idempotency key: given a stable description of the change,
/// the command's metadata.
pub type MetaFor<'a> = dyn Fn(&Actor, &str) -> CommandMeta + Send + Sync + 'a;

/// A short, stable step name for an idempotency key (the log bounds keys to 256 bytes,
/// and a grant's description may list many nodes).
pub fn step_name(change: &str) -> String {
    let digest = Sha256::digest(change.as_bytes());
    format!("directory:{}", hex::encode(&digest[..12]))
}

/// Imports `document`: plans it against the current directory, refuses it whole if any
/// entry is bad or out of scope, then runs the commands.
pub async fn import(
    engine: &Engine,
    document: &DirectoryDocument,
    authority: Authority<'_>,
    at: DateTime<Utc>,
    meta_for: &MetaFor<'_>,
) -> Result<ImportReport, ImportError> {
    let settings = engine
        .load::<DirectorySettings>(StreamName::Directory)?
        .state;
    let mut users = BTreeMap::new();
    for posting in &document.cadres {
        let user = match (&posting.user, &posting.openid) {
            (Some(user), _) => *user,
            (None, Some(openid)) => UserId::from_openid(openid),
            (None, None) => continue,
        };
        if let std::collections::btree_map::Entry::Vacant(slot) = users.entry(user) {
            slot.insert(engine.load::<User>(StreamName::User(user))?.state);
        }
    }
    let plan = plan(
        document,
        &Current {
            settings: &settings,
            users: &users,
        },
        authority,
        at,
    )?;
    let mut report = ImportReport {
        unchanged: plan.unchanged,
        ..ImportReport::default()
    };
    let mut last = None;
    for (user, step) in plan.users {
        let actor = *step.command.by();
        let outcome = engine
            .execute::<User>(
                StreamName::User(user),
                step.command,
                meta_for(&actor, &step.change),
            )
            .await?;
        if outcome.replay != Replay::Unchanged {
            report.user_commands += 1;
            last = last.max(Some(outcome.position.0));
        }
    }
    for step in plan.directory {
        let actor = *step.command.by();
        let outcome = engine
            .execute::<Directory>(
                StreamName::Directory,
                step.command,
                meta_for(&actor, &step.change),
            )
            .await?;
        if outcome.replay != Replay::Unchanged {
            report.directory_commands += 1;
            last = last.max(Some(outcome.position.0));
        }
    }
    report.position = last.unwrap_or_else(|| engine.log().head().position.0);
    Ok(report)
}
