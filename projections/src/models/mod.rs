//! The read models. Each is a projection (registered with the runtime under a stable id
//! and version) plus a reader with plain query methods returning serde-serialisable views.

pub mod civic;
pub mod common;
pub mod dashboard;
pub mod directory;
pub mod encouragements;
pub mod inbox;
pub mod neighbourhood;
pub mod progress;
pub mod queues;
pub mod services;

pub use common::{china_day, Cursor, Page, PageOf};

use linli_engine::AnyEvent;
use linli_eventlog::RecordedEvent;

use crate::error::ProjectionError;
use crate::runtime::{Decoder, ProjectionSpec, Projector};

/// Decodes records with the engine's codec (upcasting old schema versions).
#[derive(Debug, Clone, Copy, Default)]
pub struct DomainDecoder;

impl Decoder for DomainDecoder {
    type Event = AnyEvent;

    fn decode(&self, record: &RecordedEvent) -> Result<AnyEvent, String> {
        linli_engine::codec::decode(record).map_err(|e| e.to_string())
    }
}

/// The projections over complaint events: progress, cadre queues, dashboard.
pub fn complaint_specs() -> Vec<ProjectionSpec<AnyEvent>> {
    vec![
        ProjectionSpec::new(
            progress::ID,
            progress::VERSION,
            progress::ProgressProjection::default,
        ),
        ProjectionSpec::new(
            queues::ID,
            queues::VERSION,
            queues::QueueProjection::default,
        ),
        ProjectionSpec::new(
            dashboard::ID,
            dashboard::VERSION,
            dashboard::DashboardProjection::default,
        ),
    ]
}

/// Every read model's projection.
pub fn all_specs() -> Vec<ProjectionSpec<AnyEvent>> {
    let mut specs = complaint_specs();
    specs.push(ProjectionSpec::new(
        directory::ID,
        directory::VERSION,
        directory::DirectoryProjection::default,
    ));
    specs.push(ProjectionSpec::new(
        encouragements::ID,
        encouragements::VERSION,
        encouragements::EncouragementProjection::default,
    ));
    specs.push(ProjectionSpec::new(
        services::ID,
        services::VERSION,
        services::ServicesProjection::default,
    ));
    specs.push(ProjectionSpec::new(
        inbox::ID,
        inbox::VERSION,
        inbox::InboxProjection::default,
    ));
    specs.extend(civic::specs());
    specs.push(ProjectionSpec::new(
        neighbourhood::ID,
        neighbourhood::VERSION,
        neighbourhood::NeighbourhoodProjection::default,
    ));
    specs
}

/// A reader for every read model of a runtime started with [`all_specs`].
#[derive(Debug, Clone)]
pub struct ReadModels {
    /// Complaint timelines, residents' lists, managers' search.
    pub progress: progress::ComplaintProgress,
    /// Open items per cadre and node; workload; deadlines.
    pub queues: queues::CadreQueues,
    /// Counts, rates, percentiles, ranking.
    pub dashboard: dashboard::Dashboard,
    /// Jurisdiction tree, cadres, rules.
    pub directory: directory::DirectoryView,
    /// Praise per cadre.
    pub encouragements: encouragements::EncouragementFeed,
    /// Life services: catalog, slots, orders, schedules, usage.
    pub services: services::ServicesView,
    /// Notifications inbox per user.
    pub inbox: inbox::InboxView,
    /// Announcements, guides and applications, errands, feedback; their counts.
    pub civic: civic::CivicModels,
    /// Forum, community events, listings, help requests, ideas; their counts.
    pub neighbourhood: neighbourhood::Neighbourhood,
}

impl ReadModels {
    /// Readers over a runtime's serving builds.
    pub fn new(projector: &Projector<DomainDecoder>) -> Result<Self, ProjectionError> {
        Ok(ReadModels {
            progress: progress::ComplaintProgress::new(projector.serving(progress::ID)?),
            queues: queues::CadreQueues::new(projector.serving(queues::ID)?),
            dashboard: dashboard::Dashboard::new(projector.serving(dashboard::ID)?),
            directory: directory::DirectoryView::new(projector.serving(directory::ID)?),
            encouragements: encouragements::EncouragementFeed::new(
                projector.serving(encouragements::ID)?,
            ),
            services: services::ServicesView::new(projector.serving(services::ID)?),
            inbox: inbox::InboxView::new(projector.serving(inbox::ID)?),
            civic: civic::CivicModels::new(projector)?,
            neighbourhood: neighbourhood::Neighbourhood::new(projector.serving(neighbourhood::ID)?),
        })
    }
}
