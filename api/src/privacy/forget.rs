//! Forgetting a resident (crypto-shredding), for `linli forget` and the managers' route.
//!
//! Order matters. The `user.forgotten` event is appended first, then the key is destroyed:
//! if destroying fails, the record exists and a retry (the command is idempotent: a second
//! `user.forgotten` is never written) finishes the job; the other order could destroy data
//! with no record of who did it and why. From the moment the event is in the log the API
//! shows the resident's personal data as forgotten, whatever the key store holds.

use chrono::{DateTime, Utc};
use linli_domain::user::{ForgetUser, User, UserCommand, UserError};
use linli_domain::{Actor, StreamName, UserId};
use linli_engine::{CommandMeta, CommandOutcome, Engine, EngineError};
use linli_vault::{Forgetting, Vault, VaultError};
use thiserror::Error;

/// What forgetting did.
#[derive(Debug)]
pub struct Forgot {
    /// The `user.forgotten` event written (or, when already forgotten, the stream's last
    /// position with `Replay::Unchanged`).
    pub outcome: CommandOutcome<linli_domain::user::UserEvent>,
    /// What became of the key.
    pub key: Forgetting,
}

/// Why forgetting failed.
#[derive(Debug, Error)]
pub enum ForgetError {
    /// The command was refused (no such user, not allowed, bad reason) or storage failed.
    #[error(transparent)]
    Engine(#[from] EngineError<UserError>),
    /// The event is recorded but the key could not be destroyed: retry.
    #[error("user.forgotten is recorded, but the key could not be destroyed (run it again): {0}")]
    Key(#[from] VaultError),
}

/// Records `user.forgotten` for `subject`, then destroys their key.
pub async fn forget(
    engine: &Engine,
    vault: &Vault,
    subject: UserId,
    (by, reason, at): (Actor, String, DateTime<Utc>),
    meta: CommandMeta,
) -> Result<Forgot, ForgetError> {
    let outcome = engine
        .execute::<User>(
            StreamName::User(subject),
            UserCommand::Forget(ForgetUser { reason, by, at }),
            meta,
        )
        .await?;
    let vault = vault.clone();
    let key = tokio::task::spawn_blocking(move || vault.forget(subject))
        .await
        .map_err(|e| VaultError::Io {
            path: "<keys>".into(),
            source: std::io::Error::other(e.to_string()),
        })??;
    Ok(Forgot { outcome, key })
}
