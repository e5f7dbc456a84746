//! The shape every aggregate shares, and the names of the streams they live in.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

use crate::event::DomainEvent;
use crate::ids::{
    AnnouncementId, ApplicationId, ComplaintId, EncouragementId, ErrandId, FeedbackId, GuideId,
    IdError, UserId,
};

/// A consistency boundary as a pair of pure functions.
///
/// `decide` looks at the current state and a command and either refuses or says which facts
/// happened; `evolve` folds one fact into the state. Both are deterministic: everything from
/// outside (time, ids, routing, deadlines) is already in the command, so replaying the same
/// events always yields the same state.
pub trait Aggregate {
    /// Stream category, the part before `-{uuid}` in a stream name.
    const NAME: &'static str;
    /// What callers ask for.
    type Command;
    /// The facts recorded in the log.
    type Event: DomainEvent;
    /// What `decide` needs to know, folded from the events; `Default` is "nothing happened".
    type State: Default;
    /// Why a command was refused.
    type Error;

    /// Refuses the command, or returns the events it causes (possibly none, for a retried
    /// command that changes nothing).
    fn decide(
        command: &Self::Command,
        state: &Self::State,
    ) -> Result<Vec<Self::Event>, Self::Error>;

    /// Applies one event. Total: an event that cannot apply (which `decide` never produces)
    /// leaves the state as it was rather than panicking during a replay.
    fn evolve(state: Self::State, event: &Self::Event) -> Self::State;

    /// The state after a sequence of events, from the beginning.
    fn fold<'a, I>(events: I) -> Self::State
    where
        I: IntoIterator<Item = &'a Self::Event>,
        Self::Event: 'a,
    {
        events
            .into_iter()
            .fold(Self::State::default(), |state, event| {
                Self::evolve(state, event)
            })
    }
}

/// The one stream that holds the whole directory (jurisdiction tree, cadres, rules, limits,
/// calendar): it is small, changes rarely and is read whole by the router.
pub const DIRECTORY_STREAM: &str = "directory";

/// The one stream of `media.purged` events.
pub const RETENTION_STREAM: &str = "retention";

/// The name of a stream in the log: `complaint-{uuid}`, `user-{uuid}`,
/// `encouragement-{uuid}` or `directory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StreamName {
    /// One complaint's history.
    Complaint(ComplaintId),
    /// One user's registration, profile and roles.
    User(UserId),
    /// One encouragement with its likes and comments.
    Encouragement(EncouragementId),
    /// The directory.
    Directory,
    /// One announcement: `announcement-{uuid}`.
    Announcement(AnnouncementId),
    /// One handling guide (application type): `guide-{uuid}`.
    Guide(GuideId),
    /// One online application: `application-{uuid}`.
    Application(ApplicationId),
    /// One errand: `errand-{uuid}`.
    Errand(ErrandId),
    /// One piece of feedback: `feedback-{uuid}`.
    Feedback(FeedbackId),
    /// A life-service provider: `provider-{uuid}`.
    Provider(crate::ids::ProviderId),
    /// A service listing: `service-{uuid}`.
    Service(crate::ids::ServiceId),
    /// A bookable slot, the consistency boundary of its capacity: `slot-{uuid}`.
    Slot(crate::ids::SlotId),
    /// A service order: `order-{uuid}`.
    Order(crate::ids::OrderId),
    /// A user's inbox (what they read): `inbox-{user uuid}`.
    Inbox(UserId),
    /// A neighbourhood item: `forum-`, `activity-`, `listing-`, `help-` or `idea-{uuid}`.
    Neighbourhood(crate::neighbourhood::NeighbourhoodStream),
    /// The chain checkpoints (`chain.checkpointed`).
    Checkpoint,
    /// Who read one resident's personal data: `personal_data-{user uuid}`.
    PersonalData(UserId),
    /// The media retention record (`media.purged`): `retention`.
    Retention,
}

impl StreamName {
    /// The category (aggregate name) of the stream.
    pub const fn category(&self) -> &'static str {
        match self {
            StreamName::Complaint(_) => "complaint",
            StreamName::User(_) => "user",
            StreamName::Encouragement(_) => "encouragement",
            StreamName::Directory => DIRECTORY_STREAM,
            StreamName::Announcement(_) => "announcement",
            StreamName::Guide(_) => "guide",
            StreamName::Application(_) => "application",
            StreamName::Errand(_) => "errand",
            StreamName::Feedback(_) => "feedback",
            StreamName::Provider(_) => "provider",
            StreamName::Service(_) => "service",
            StreamName::Slot(_) => "slot",
            StreamName::Order(_) => "order",
            StreamName::Inbox(_) => "inbox",
            StreamName::Neighbourhood(s) => s.category(),
            StreamName::Checkpoint => crate::checkpoint::CHECKPOINT_STREAM,
            StreamName::PersonalData(_) => "personal_data",
            StreamName::Retention => RETENTION_STREAM,
        }
    }
}

impl fmt::Display for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamName::Complaint(id) => write!(f, "complaint-{id}"),
            StreamName::User(id) => write!(f, "user-{id}"),
            StreamName::Encouragement(id) => write!(f, "encouragement-{id}"),
            StreamName::Directory => f.write_str(DIRECTORY_STREAM),
            StreamName::Announcement(id) => write!(f, "announcement-{id}"),
            StreamName::Guide(id) => write!(f, "guide-{id}"),
            StreamName::Application(id) => write!(f, "application-{id}"),
            StreamName::Errand(id) => write!(f, "errand-{id}"),
            StreamName::Feedback(id) => write!(f, "feedback-{id}"),
            StreamName::Provider(id) => write!(f, "provider-{id}"),
            StreamName::Service(id) => write!(f, "service-{id}"),
            StreamName::Slot(id) => write!(f, "slot-{id}"),
            StreamName::Order(id) => write!(f, "order-{id}"),
            StreamName::Inbox(id) => write!(f, "inbox-{id}"),
            StreamName::Neighbourhood(s) => fmt::Display::fmt(s, f),
            StreamName::Checkpoint => f.write_str(crate::checkpoint::CHECKPOINT_STREAM),
            StreamName::PersonalData(id) => write!(f, "personal_data-{id}"),
            StreamName::Retention => f.write_str(RETENTION_STREAM),
        }
    }
}

/// Why a string is not a stream name.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StreamNameError {
    /// The category before the id is not one the domain knows.
    #[error("unknown stream category in {0:?}")]
    UnknownCategory(String),
    /// The id after the category is invalid.
    #[error(transparent)]
    Id(#[from] IdError),
}

impl FromStr for StreamName {
    type Err = StreamNameError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == DIRECTORY_STREAM {
            return Ok(StreamName::Directory);
        }
        if s == crate::checkpoint::CHECKPOINT_STREAM {
            return Ok(StreamName::Checkpoint);
        }
        if s == RETENTION_STREAM {
            return Ok(StreamName::Retention);
        }
        let unknown = || StreamNameError::UnknownCategory(crate::ids::excerpt(s));
        let (category, id) = s.split_once('-').ok_or_else(unknown)?;
        match category {
            "complaint" => Ok(StreamName::Complaint(id.parse()?)),
            "user" => Ok(StreamName::User(id.parse()?)),
            "encouragement" => Ok(StreamName::Encouragement(id.parse()?)),
            "personal_data" => Ok(StreamName::PersonalData(id.parse()?)),
            "announcement" => Ok(StreamName::Announcement(id.parse()?)),
            "guide" => Ok(StreamName::Guide(id.parse()?)),
            "application" => Ok(StreamName::Application(id.parse()?)),
            "errand" => Ok(StreamName::Errand(id.parse()?)),
            "feedback" => Ok(StreamName::Feedback(id.parse()?)),
            "provider" => Ok(StreamName::Provider(id.parse()?)),
            "service" => Ok(StreamName::Service(id.parse()?)),
            "slot" => Ok(StreamName::Slot(id.parse()?)),
            "order" => Ok(StreamName::Order(id.parse()?)),
            "inbox" => Ok(StreamName::Inbox(id.parse()?)),
            other => match crate::neighbourhood::NeighbourhoodStream::parse(other, id) {
                Some(parsed) => Ok(StreamName::Neighbourhood(parsed?)),
                None => Err(unknown()),
            },
        }
    }
}

impl From<ComplaintId> for StreamName {
    fn from(id: ComplaintId) -> Self {
        StreamName::Complaint(id)
    }
}

impl From<UserId> for StreamName {
    fn from(id: UserId) -> Self {
        StreamName::User(id)
    }
}

/// `From<id>` for the community-service streams.
macro_rules! stream_from_id {
    ($($id:ident => $variant:ident),+ $(,)?) => {
        $(
            impl From<$id> for StreamName {
                fn from(id: $id) -> Self {
                    StreamName::$variant(id)
                }
            }
        )+
    };
}

stream_from_id!(
    AnnouncementId => Announcement,
    GuideId => Guide,
    ApplicationId => Application,
    ErrandId => Errand,
    FeedbackId => Feedback,
);

impl From<EncouragementId> for StreamName {
    fn from(id: EncouragementId) -> Self {
        StreamName::Encouragement(id)
    }
}

impl From<crate::ids::ProviderId> for StreamName {
    fn from(id: crate::ids::ProviderId) -> Self {
        StreamName::Provider(id)
    }
}

impl From<crate::ids::ServiceId> for StreamName {
    fn from(id: crate::ids::ServiceId) -> Self {
        StreamName::Service(id)
    }
}

impl From<crate::ids::SlotId> for StreamName {
    fn from(id: crate::ids::SlotId) -> Self {
        StreamName::Slot(id)
    }
}

impl From<crate::ids::OrderId> for StreamName {
    fn from(id: crate::ids::OrderId) -> Self {
        StreamName::Order(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_round_trip() {
        let names = [
            StreamName::Complaint(ComplaintId::from_u128(1)),
            StreamName::User(UserId::from_u128(2)),
            StreamName::Encouragement(EncouragementId::from_u128(3)),
            StreamName::Directory,
            StreamName::Checkpoint,
        ];
        for name in names {
            assert_eq!(name.to_string().parse::<StreamName>(), Ok(name));
        }
        assert_eq!(
            StreamName::Complaint(ComplaintId::from_u128(1)).to_string(),
            "complaint-00000000-0000-0000-0000-000000000001"
        );
        assert!("invoice-00000000-0000-0000-0000-000000000001"
            .parse::<StreamName>()
            .is_err());
        assert!("complaint-xyz".parse::<StreamName>().is_err());
    }
}
