//! The demo county (`linli demo`, `linli serve --demo`): a realistic 余杭区 with four
//! townships, sixteen villages and communities, 2–3 grids each with polygons, cadres,
//! managers, an auditor, sixty residents, and six weeks of complaints in every state, with
//! ratings and encouragements. Times are relative to "now", so the dashboard looks alive.
//!
//! Everything is drawn from one fixed RNG seed, so two loads produce the same county and
//! the same stories. Every demo command carries the tenant [`DEMO_TENANT`] in its
//! metadata; that is how a later load recognises a store that already holds the demo. The
//! auditor is enrolled last of all, so their user stream marks a load that finished.

mod civic;
mod county;
mod encourage;
mod history;
mod lifecycle;
mod neighbourhood;
pub mod people;
mod places;
mod scans;
mod services;
mod texts;
mod users;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::{Actor, Role, StreamName, UserId};
use linli_engine::{CommandMeta, DirectoryCache, Engine};
use linli_eventlog::{EventLog, Position, StreamId};
use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::task::JoinSet;

use crate::directory::{self, Authority, ImportError};
use users::{Enrolment, Home};

/// Marks every demo event's metadata.
pub const DEMO_TENANT: &str = "linli-demo";

/// The seed: the same county and stories on every load.
const SEED: u64 = 0x6c69_6e6c_6920_3031;

/// How many complaints the history holds.
const COMPLAINTS: usize = 320;

/// How many encouragement posts.
const ENCOURAGEMENTS: usize = 40;

/// Why the demo did not load.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The store holds events that are not the demo's: loading would mix them.
    #[error("the store already holds {events} events that are not a demo load; use an empty --data directory")]
    NotEmpty {
        /// How many events the store holds.
        events: u64,
    },
    /// An earlier demo load stopped half-way; its history cannot be completed consistently.
    #[error("an earlier demo load was interrupted; start again from an empty --data directory")]
    Interrupted,
    /// The store could not be read.
    #[error("reading the store: {0}")]
    Store(String),
    /// The directory import failed.
    #[error("importing the demo directory: {0}")]
    Import(#[from] ImportError),
    /// A command failed.
    #[error("{step}: {reason}")]
    Step {
        /// What was being done.
        step: String,
        /// Why it failed.
        reason: String,
    },
}

/// What a store holds, as far as the demo is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreState {
    /// Nothing: the demo may load.
    Empty,
    /// A previous demo load (its first event is the demo's, and it finished): loading
    /// again does nothing.
    DemoLoaded,
    /// A demo load that was interrupted: its first event is the demo's, but the auditor,
    /// enrolled last, is missing.
    DemoInterrupted,
    /// Someone else's events.
    Foreign,
}

/// Looks at the first event.
pub fn store_state(log: &EventLog) -> Result<StoreState, DemoError> {
    if log.head().position.0 == 0 {
        return Ok(StoreState::Empty);
    }
    let first = log
        .read_at(Position(1))
        .map_err(|e| DemoError::Store(e.to_string()))?;
    if first.metadata.tenant.as_deref() != Some(DEMO_TENANT) {
        return Ok(StoreState::Foreign);
    }
    let auditor = UserId::from_openid(
        &people::login("auditor")
            .parse()
            .map_err(|e: linli_domain::IdError| DemoError::Store(e.to_string()))?,
    );
    let stream = StreamId::new(StreamName::User(auditor).to_string())
        .map_err(|e| DemoError::Store(e.to_string()))?;
    let version = log
        .stream_version(&stream)
        .map_err(|e| DemoError::Store(e.to_string()))?;
    Ok(if version.0 > 0 {
        StoreState::DemoLoaded
    } else {
        StoreState::DemoInterrupted
    })
}

/// What the demo commands share.
#[derive(Debug)]
pub struct Demo {
    /// The write side.
    engine: Engine,
    /// The router's view of the directory.
    directory: DirectoryCache,
    /// "Now": the end of the history.
    now: DateTime<Utc>,
    /// Seals the residents' phone numbers.
    vault: linli_vault::Vault,
    /// Where the demo's scans (materials, errand documents) are stored.
    media: crate::media::MediaStore,
}

/// Metadata for a demo command: the demo tenant and a deterministic idempotency key.
fn meta(actor: &Actor, step: &str) -> CommandMeta {
    CommandMeta::by(actor)
        .with_tenant(DEMO_TENANT)
        .with_idempotency_key(format!("demo:{step}"))
}

/// What a load wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Complaints filed.
    pub complaints: usize,
    /// Encouragement posts.
    pub encouragements: usize,
    /// The log head afterwards.
    pub head: u64,
}

/// What [`load`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loaded {
    /// The demo was written.
    Fresh(Summary),
    /// The store already held the demo; nothing was written.
    AlreadyThere,
}

/// Loads the demo into an empty store (or does nothing if it is already there).
pub async fn load(
    engine: &Engine,
    vault: &linli_vault::Vault,
    media: &crate::media::MediaStore,
    now: DateTime<Utc>,
) -> Result<Loaded, DemoError> {
    match store_state(engine.log())? {
        StoreState::DemoLoaded => return Ok(Loaded::AlreadyThere),
        StoreState::Foreign => {
            return Err(DemoError::NotEmpty {
                events: engine.log().head().position.0,
            })
        }
        StoreState::DemoInterrupted => return Err(DemoError::Interrupted),
        StoreState::Empty => {}
    }
    let demo = Arc::new(Demo {
        engine: engine.clone(),
        directory: DirectoryCache::new(engine.clone()),
        now,
        vault: vault.clone(),
        media: media.clone(),
    });
    let mut rng = StdRng::seed_from_u64(SEED);
    let county = county::build(&mut rng);
    let set_up = now - TimeDelta::days(50);
    let meta_for = |actor: &Actor, change: &str| meta(actor, &directory::step_name(change));
    directory::import(
        engine,
        &county.document,
        Authority::System,
        set_up,
        &meta_for,
    )
    .await?;

    let mut enrolments: Vec<Enrolment> = county
        .residents
        .iter()
        .enumerate()
        .map(|(i, person)| Enrolment {
            person: person.clone(),
            phone: Some(format!(
                "1{}{:09}",
                [3, 5, 8][i % 3],
                371_000_000 + i * 7919
            )),
            home: Home::Lives,
            grant: None,
        })
        .collect();
    for person in &county.cadres {
        enrolments.push(Enrolment {
            person: person.clone(),
            phone: None,
            home: Home::Works,
            grant: None,
        });
    }
    for person in &county.managers {
        enrolments.push(Enrolment {
            person: person.clone(),
            phone: None,
            home: Home::Works,
            grant: person.home.map(|node| (Role::Manager, vec![node])),
        });
    }
    let mut tasks = JoinSet::new();
    for enrolment in enrolments {
        let demo = demo.clone();
        tasks.spawn(async move { users::enrol(&demo, &enrolment, set_up).await });
    }
    join_all(tasks).await?;

    let residents: Vec<UserId> = county
        .residents
        .iter()
        .map(|p| UserId::from_openid(&p.openid))
        .collect();
    let stories = history::plan(&mut rng, &county, &residents, now, COMPLAINTS);
    let cadres: Vec<(UserId, String)> = county
        .cadres
        .iter()
        .map(|p| (UserId::from_openid(&p.openid), p.name.clone()))
        .collect();
    let thanks = encourage::plan(&mut rng, &residents, &cadres, now, ENCOURAGEMENTS);
    let mut tasks = JoinSet::new();
    for story in stories {
        let demo = demo.clone();
        tasks.spawn(async move { lifecycle::play(&demo, &story).await });
    }
    for post in thanks {
        let demo = demo.clone();
        tasks.spawn(async move { encourage::play(&demo, &post).await });
    }
    join_all(tasks).await?;
    services::load(&demo, &county, &residents, set_up).await?;
    // Community services and neighbourhood life, once every resident has a home grid.
    let cast = Arc::new(civic::cast(&county));
    let mut tasks = JoinSet::new();
    {
        let (demo, cast) = (demo.clone(), cast.clone());
        tasks.spawn(async move { civic::play(&demo, &cast).await });
    }
    {
        let (demo, cast) = (demo.clone(), cast.clone());
        tasks.spawn(async move { neighbourhood::play(&demo, &cast).await });
    }
    join_all(tasks).await?;
    // Last of all: the auditor's stream is the mark of a finished load (see `store_state`).
    let auditor = Enrolment {
        person: county.auditor.clone(),
        phone: None,
        home: Home::Works,
        grant: Some((Role::Auditor, vec![])),
    };
    users::enrol(&demo, &auditor, set_up).await?;
    Ok(Loaded::Fresh(Summary {
        complaints: COMPLAINTS,
        encouragements: ENCOURAGEMENTS,
        head: engine.log().head().position.0,
    }))
}

async fn join_all<T: 'static>(mut tasks: JoinSet<Result<T, DemoError>>) -> Result<(), DemoError> {
    while let Some(joined) = tasks.join_next().await {
        joined.map_err(|e| DemoError::Step {
            step: "a demo task".into(),
            reason: e.to_string(),
        })??;
    }
    Ok(())
}

/// Logs the demo logins, for `--dev-login`.
pub fn log_logins() {
    for (who, openid) in people::LOGINS {
        tracing::info!(who, openid, "demo login");
    }
}
