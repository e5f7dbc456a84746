//! Service (服务项目): one listing of a provider, with category, price and the jurisdictions
//! it serves. One stream `service-{uuid}` per listing. Bookable time slots are their own
//! streams (`slot`), so that booking contention on one slot never blocks edits of the
//! listing or bookings of other slots.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::ServicesError;
use super::provider::owner_of;
use super::types::ServiceCategory;
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, ProviderId, ServiceId};
use crate::money::Fen;
use crate::validate::{self, ValidationError};

/// The most jurisdictions one listing may serve.
pub const MAX_SCOPE: usize = 50;

/// A command for a service stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceCommand {
    /// List a new service. Who: the provider's own account, acting as provider.
    List(ListService),
    /// Change name, description, price or scope. Who: the provider.
    Update(UpdateService),
    /// Take the listing down (existing orders go on). Who: the provider, or a manager.
    Withdraw(WithdrawService),
}

/// What a listing says; shared by listing and updating.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceTerms {
    /// Category.
    pub category: ServiceCategory,
    /// Name (1–60 characters).
    pub name: String,
    /// What is included (up to 1000 characters).
    pub description: String,
    /// Price per booking, in fen (1 fen to 1,000,000 yuan).
    pub price: Fen,
    /// The jurisdictions served (each covers its subtree); 1 to [`MAX_SCOPE`], no repeats.
    pub scope: Vec<JurisdictionCode>,
}

/// List a new service.
#[derive(Debug, Clone, PartialEq)]
pub struct ListService {
    /// The id the caller generated; names the stream.
    pub service_id: ServiceId,
    /// The listing provider.
    pub provider: ProviderId,
    /// The terms.
    pub terms: ServiceTerms,
    /// The provider's account.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Change a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateService {
    /// The new terms (all of them).
    pub terms: ServiceTerms,
    /// The provider's account.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Take a listing down.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawService {
    /// The provider's account, or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a listing.
    pub enum ServiceEvent {
        /// A provider listed a service.
        Listed(ServiceListed) = ("service.listed", 1),
        /// The provider changed its terms.
        Updated(ServiceUpdated) = ("service.updated", 1),
        /// The listing was taken down.
        Withdrawn(ServiceWithdrawn) = ("service.withdrawn", 1),
    }
}

/// `service.listed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceListed {
    /// The listing.
    pub service_id: ServiceId,
    /// Its provider.
    pub provider: ProviderId,
    /// Category.
    pub category: ServiceCategory,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Price in fen.
    pub price: Fen,
    /// Jurisdictions served.
    pub scope: Vec<JurisdictionCode>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `service.updated` v1: the full new terms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceUpdated {
    /// Category.
    pub category: ServiceCategory,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Price in fen (orders already reserved keep their price).
    pub price: Fen,
    /// Jurisdictions served.
    pub scope: Vec<JurisdictionCode>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `service.withdrawn` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceWithdrawn {
    /// Who took it down.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// A listing as it stands: `None` until listed.
pub type ServiceState = Option<ServiceRecord>;

/// A listed service.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ServiceRecord {
    /// Its id.
    pub id: ServiceId,
    /// Its provider.
    pub provider: ProviderId,
    /// Category.
    pub category: ServiceCategory,
    /// Name, for order descriptions.
    pub name: String,
    /// Current price.
    pub price: Fen,
    /// Jurisdictions served.
    pub scope: Vec<JurisdictionCode>,
    /// Whether it was taken down.
    pub withdrawn: bool,
}

impl ServiceRecord {
    /// Whether the listing serves `place` (some scope code covers it).
    pub fn serves(&self, place: &JurisdictionCode) -> bool {
        self.scope.iter().any(|s| s.covers(place))
    }
}

/// The service aggregate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Service;

impl Aggregate for Service {
    const NAME: &'static str = "service";
    type Command = ServiceCommand;
    type Event = ServiceEvent;
    type State = ServiceState;
    type Error = ServicesError;

    fn decide(
        command: &ServiceCommand,
        state: &ServiceState,
    ) -> Result<Vec<ServiceEvent>, ServicesError> {
        match (command, state) {
            (ServiceCommand::List(_), Some(_)) => {
                Err(ServicesError::AlreadyExists { what: "service" })
            }
            (ServiceCommand::List(cmd), None) => {
                provider_account(&cmd.by, cmd.provider)?;
                let t = validated(&cmd.terms)?;
                Ok(vec![ServiceListed {
                    service_id: cmd.service_id,
                    provider: cmd.provider,
                    category: t.category,
                    name: t.name,
                    description: t.description,
                    price: t.price,
                    scope: t.scope,
                    at: cmd.at,
                }
                .into()])
            }
            (_, None) => Err(ServicesError::NotFound { what: "service" }),
            (ServiceCommand::Update(cmd), Some(record)) => {
                provider_account(&cmd.by, record.provider)?;
                if record.withdrawn {
                    return Err(ServicesError::ServiceWithdrawn);
                }
                let t = validated(&cmd.terms)?;
                Ok(vec![ServiceUpdated {
                    category: t.category,
                    name: t.name,
                    description: t.description,
                    price: t.price,
                    scope: t.scope,
                    at: cmd.at,
                }
                .into()])
            }
            (ServiceCommand::Withdraw(cmd), Some(record)) => {
                if !cmd.by.has_role(Role::Manager) {
                    provider_account(&cmd.by, record.provider)?;
                }
                if record.withdrawn {
                    return Ok(Vec::new());
                }
                Ok(vec![ServiceWithdrawn {
                    by: cmd.by,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: ServiceState, event: &ServiceEvent) -> ServiceState {
        match (state, event) {
            (None, ServiceEvent::Listed(e)) => Some(ServiceRecord {
                id: e.service_id,
                provider: e.provider,
                category: e.category,
                name: e.name.clone(),
                price: e.price,
                scope: e.scope.clone(),
                withdrawn: false,
            }),
            (Some(mut r), ServiceEvent::Updated(e)) => {
                r.category = e.category;
                r.name = e.name.clone();
                r.price = e.price;
                r.scope = e.scope.clone();
                Some(r)
            }
            (Some(mut r), ServiceEvent::Withdrawn(_)) => {
                r.withdrawn = true;
                Some(r)
            }
            (state, _) => state,
        }
    }
}

/// The provider's own account acting as provider.
pub(crate) fn provider_account(by: &Actor, provider: ProviderId) -> Result<(), ServicesError> {
    if by.is(owner_of(provider), Role::Provider) {
        Ok(())
    } else {
        Err(ServicesError::not_allowed(
            by,
            "only the provider's own account does this",
        ))
    }
}

/// The most a listing may cost: one million yuan.
const MAX_PRICE: Fen = Fen(100_000_000);

fn validated(terms: &ServiceTerms) -> Result<ServiceTerms, ServicesError> {
    if terms.price.0 < 1 || terms.price > MAX_PRICE {
        return Err(ValidationError::Invalid {
            field: "price",
            reason: "must be 1 fen to 1,000,000 yuan",
        }
        .into());
    }
    if terms.scope.is_empty() {
        return Err(ValidationError::Empty { field: "scope" }.into());
    }
    validate::unique_list("scope", &terms.scope, MAX_SCOPE)?;
    Ok(ServiceTerms {
        category: terms.category,
        name: validate::text("name", &terms.name, 60)?,
        description: validate::optional_text("description", Some(&terms.description), 1000)?
            .unwrap_or_default(),
        price: terms.price,
        scope: terms.scope.clone(),
    })
}
