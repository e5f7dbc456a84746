//! Provider (服务商): a business or person that registers, is approved by a manager, and then
//! lists services. One stream `provider-{uuid}` per provider; the provider's id is the id of
//! the user account that registered it (one provider per account), so "is this the
//! provider?" is a comparison of ids, never a lookup.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::ServicesError;
use super::types::ProviderStanding;
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{ProviderId, UserId};
use crate::user::PhoneNumber;
use crate::validate;

/// The provider whose account is `user`.
pub fn provider_of(user: UserId) -> ProviderId {
    ProviderId::from_uuid(*user.as_uuid())
}

/// The account that owns `provider`.
pub fn owner_of(provider: ProviderId) -> UserId {
    UserId::from_uuid(*provider.as_uuid())
}

/// A command for a provider stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ProviderCommand {
    /// Apply to be a provider. Who: any signed-in person except an auditor, for their own
    /// account.
    Register(RegisterProvider),
    /// Approve the application. Who: a manager.
    Approve(ReviewProvider),
    /// Refuse the application. Who: a manager; a reason is required.
    Reject(ReviewProvider),
}

/// Apply to be a provider.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterProvider {
    /// Business name (1–60 characters).
    pub name: String,
    /// Who residents and managers call.
    pub phone: PhoneNumber,
    /// What the provider does (up to 500 characters).
    pub description: String,
    /// The applicant; the provider id is theirs.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A manager's review.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewProvider {
    /// Why (required when rejecting, up to 300 characters).
    pub reason: Option<String>,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a provider.
    pub enum ProviderEvent {
        /// An account applied to be a provider.
        Registered(ProviderRegistered) = ("provider.registered", 1),
        /// A manager approved it.
        Approved(ProviderApproved) = ("provider.approved", 1),
        /// A manager refused it.
        Rejected(ProviderRejected) = ("provider.rejected", 1),
    }
}

/// `provider.registered` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderRegistered {
    /// The provider (the same uuid as its owner's account).
    pub provider_id: ProviderId,
    /// The account that registered it.
    pub owner: UserId,
    /// Business name.
    pub name: String,
    /// Contact number.
    pub phone: PhoneNumber,
    /// What it does.
    pub description: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `provider.approved` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderApproved {
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `provider.rejected` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderRejected {
    /// The manager.
    pub by: UserId,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// A provider as it stands: `None` until registered.
pub type ProviderState = Option<ProviderRecord>;

/// A registered provider.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ProviderRecord {
    /// Its id.
    pub id: ProviderId,
    /// The owning account.
    pub owner: UserId,
    /// Business name.
    pub name: String,
    /// Where the application stands.
    pub standing: ProviderStanding,
}

/// The provider aggregate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Provider;

impl Aggregate for Provider {
    const NAME: &'static str = "provider";
    type Command = ProviderCommand;
    type Event = ProviderEvent;
    type State = ProviderState;
    type Error = ServicesError;

    fn decide(
        command: &ProviderCommand,
        state: &ProviderState,
    ) -> Result<Vec<ProviderEvent>, ServicesError> {
        match (command, state) {
            (ProviderCommand::Register(_), Some(_)) => {
                Err(ServicesError::AlreadyExists { what: "provider" })
            }
            (ProviderCommand::Register(cmd), None) => register(cmd),
            (_, None) => Err(ServicesError::NotFound { what: "provider" }),
            (ProviderCommand::Approve(cmd), Some(record)) => {
                let manager = manager(&cmd.by)?;
                if record.standing == ProviderStanding::Approved {
                    return Ok(Vec::new());
                }
                Ok(vec![ProviderApproved {
                    by: manager,
                    at: cmd.at,
                }
                .into()])
            }
            (ProviderCommand::Reject(cmd), Some(record)) => {
                let manager = manager(&cmd.by)?;
                let reason = validate::text("reason", cmd.reason.as_deref().unwrap_or(""), 300)?;
                if record.standing == ProviderStanding::Rejected {
                    return Ok(Vec::new());
                }
                Ok(vec![ProviderRejected {
                    by: manager,
                    reason,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: ProviderState, event: &ProviderEvent) -> ProviderState {
        match (state, event) {
            (None, ProviderEvent::Registered(e)) => Some(ProviderRecord {
                id: e.provider_id,
                owner: e.owner,
                name: e.name.clone(),
                standing: ProviderStanding::Pending,
            }),
            (Some(mut r), ProviderEvent::Approved(_)) => {
                r.standing = ProviderStanding::Approved;
                Some(r)
            }
            (Some(mut r), ProviderEvent::Rejected(_)) => {
                r.standing = ProviderStanding::Rejected;
                Some(r)
            }
            (state, _) => state,
        }
    }
}

fn register(cmd: &RegisterProvider) -> Result<Vec<ProviderEvent>, ServicesError> {
    let owner = match cmd.by {
        Actor::User { user, role } if role != Role::Auditor => user,
        _ => {
            return Err(ServicesError::not_allowed(
                &cmd.by,
                "only a signed-in person registers a provider",
            ))
        }
    };
    Ok(vec![ProviderRegistered {
        provider_id: provider_of(owner),
        owner,
        name: validate::text("name", &cmd.name, 60)?,
        phone: cmd.phone.clone(),
        description: validate::optional_text("description", Some(&cmd.description), 500)?
            .unwrap_or_default(),
        at: cmd.at,
    }
    .into()])
}

fn manager(by: &Actor) -> Result<UserId, ServicesError> {
    match by {
        Actor::User {
            user,
            role: Role::Manager,
        } => Ok(*user),
        _ => Err(ServicesError::not_allowed(
            by,
            "only a manager reviews providers",
        )),
    }
}
