//! The demo's life services: four approved providers, their listings, and a month of orders
//! in every state — evaluated, completed, cancelled before and after payment, refunded in
//! part, and upcoming ones not yet served — so the services dashboard and the provider
//! pages look alive. Payments and refunds are recorded as the verified WeChat Pay
//! notifications would record them (as the system), with made-up transaction numbers.
//!
//! Its own RNG seed keeps the complaint history exactly as it was before services existed.

mod plan;
mod play;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::services::catalog::{ListService, Service, ServiceCommand, ServiceTerms};
use linli_domain::services::provider::{
    provider_of, Provider, ProviderCommand, RegisterProvider, ReviewProvider,
};
use linli_domain::{Actor, Aggregate, Fen, JurisdictionCode, Role, ServiceId, StreamName, UserId};
use linli_engine::EngineError;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use tokio::task::JoinSet;
use uuid::Uuid;

use super::county::{County, Person};
use super::users::{self, Enrolment, Home};
use super::{join_all, meta, Demo, DemoError};
use plan::{Listing, Offer, OFFERS};

/// The services' own seed.
const SEED: u64 = 0x6c69_6e6c_6920_5356;

/// Loads the providers, their listings and the orders. Runs after the complaint history.
pub async fn load(
    demo: &Arc<Demo>,
    county: &County,
    residents: &[UserId],
    set_up: DateTime<Utc>,
) -> Result<(), DemoError> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let manager = county
        .managers
        .first()
        .map(|p| UserId::from_openid(&p.openid))
        .ok_or_else(|| failed("approving providers", "the demo county has no manager"))?;
    let areas: Vec<JurisdictionCode> = county.villages.iter().map(|v| v.code).collect();
    let mut listings = Vec::new();
    for offer in OFFERS {
        listings.extend(provider(demo, offer, manager, &areas, set_up, &mut rng).await?);
    }
    let plans = plan::plan(&mut rng, county, residents, &listings, demo.now);
    let mut tasks = JoinSet::new();
    for plan in plans {
        let demo = demo.clone();
        tasks.spawn(async move { play::play(&demo, &plan).await });
    }
    join_all(tasks).await
}

fn failed(step: &str, reason: impl ToString) -> DemoError {
    DemoError::Step {
        step: step.to_owned(),
        reason: reason.to_string(),
    }
}

async fn run<A: Aggregate>(
    demo: &Demo,
    stream: StreamName,
    command: A::Command,
    by: &Actor,
    step: String,
) -> Result<Vec<A::Event>, DemoError>
where
    A::Event: Clone,
    A::Error: std::fmt::Display,
{
    demo.engine
        .execute::<A>(stream, command, meta(by, &step))
        .await
        .map(|outcome| outcome.events)
        .map_err(|e: EngineError<A::Error>| failed(&step, e))
}

/// Enrols, registers and approves one provider, and lists its services.
async fn provider(
    demo: &Demo,
    (openid, name, phone, services): &Offer,
    manager: UserId,
    areas: &[JurisdictionCode],
    at: DateTime<Utc>,
    rng: &mut StdRng,
) -> Result<Vec<Listing>, DemoError> {
    let person = Person {
        openid: openid.parse().map_err(|e| failed("a provider login", e))?,
        name: (*name).to_owned(),
        home: None,
    };
    let owner = users::enrol(
        demo,
        &Enrolment {
            person,
            phone: None,
            home: Home::Works,
            grant: Some((Role::Provider, Vec::new())),
        },
        at,
    )
    .await?;
    let id = provider_of(owner);
    let by = Actor::User {
        user: owner,
        role: Role::Provider,
    };
    let register = ProviderCommand::Register(RegisterProvider {
        name: (*name).to_owned(),
        phone: phone.parse().map_err(|e| failed("a provider phone", e))?,
        description: format!("{name}，服务本街道各社区，持证上岗。"),
        by,
        at,
    });
    run::<Provider>(
        demo,
        StreamName::Provider(id),
        register,
        &by,
        format!("{id}:provider-register"),
    )
    .await?;
    let reviewer = Actor::User {
        user: manager,
        role: Role::Manager,
    };
    let approve = ProviderCommand::Approve(ReviewProvider {
        reason: None,
        by: reviewer,
        at: at + TimeDelta::hours(2),
    });
    run::<Provider>(
        demo,
        StreamName::Provider(id),
        approve,
        &reviewer,
        format!("{id}:provider-approve"),
    )
    .await?;
    let mut listings = Vec::new();
    for (category, service_name, price) in services.iter() {
        // Most serve the whole county; some only a handful of villages.
        let scope: Vec<JurisdictionCode> = if rng.gen_bool(0.7) {
            areas.to_vec()
        } else {
            areas
                .choose_multiple(rng, areas.len() / 2)
                .copied()
                .collect()
        };
        let listing = Listing {
            id: ServiceId::from_uuid(Uuid::from_u128(rng.gen())),
            provider: id,
            owner,
            category: *category,
            name: (*service_name).to_owned(),
            price: Fen(*price),
            scope,
        };
        let list = ServiceCommand::List(ListService {
            service_id: listing.id,
            provider: id,
            terms: ServiceTerms {
                category: *category,
                name: listing.name.clone(),
                description: format!("{service_name}：{name}提供，明码标价，不满意可申请退款。"),
                price: listing.price,
                scope: listing.scope.clone(),
            },
            by,
            at: at + TimeDelta::hours(3),
        });
        run::<Service>(
            demo,
            StreamName::Service(listing.id),
            list,
            &by,
            format!("{}:list", listing.id),
        )
        .await?;
        listings.push(listing);
    }
    Ok(listings)
}
