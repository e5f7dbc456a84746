//! An aggregate's state as it was at a log position or a moment, as JSON: what
//! `linli state-at` prints and `GET /api/v1/audit/streams/{stream}/state` answers.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use linli_domain::checkpoint::ChainCheckpoint;
use linli_domain::civic::{
    announcement::Announcement, application::Application, errand::Errand, feedback::Feedback,
    guide::Guide,
};
use linli_domain::complaint::Complaint;
use linli_domain::directory::Directory;
use linli_domain::encouragement::Encouragement;
use linli_domain::inbox::Inbox;
use linli_domain::neighbourhood::{
    activity::Activity, forum::ForumPost, help::HelpRequest, idea::Idea, listing::Listing,
    NeighbourhoodStream,
};
use linli_domain::privacy::{PersonalDataAccess, Retention};
use linli_domain::services::{catalog::Service, order::Order, provider::Provider, slot::Slot};
use linli_domain::user::User;
use linli_domain::{Aggregate, StreamName};
use linli_engine::{AsOf, Engine, LoadError, StateAt};
use linli_eventlog::Position;
use serde::Serialize;
use thiserror::Error;

/// A moment of history: a log position, or an instant (RFC 3339).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// Everything at or before this global position.
    Position(Position),
    /// Everything committed at or before this instant.
    Time(DateTime<Utc>),
}

/// Why a moment or a stream name was not understood.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StateAtError {
    /// Neither a position nor an RFC 3339 time.
    #[error("{0:?} is neither a log position nor an RFC 3339 time")]
    BadMoment(String),
    /// Not a stream name this build knows.
    #[error("{0}")]
    BadStream(String),
    /// The state could not be serialized (never for linli's own states).
    #[error("state is not representable as JSON: {0}")]
    Json(String),
}

impl FromStr for Moment {
    type Err = StateAtError;

    fn from_str(text: &str) -> Result<Moment, StateAtError> {
        let text = text.trim();
        if let Ok(position) = text.parse::<u64>() {
            return Ok(Moment::Position(Position(position)));
        }
        DateTime::parse_from_rfc3339(text)
            .map(|t| Moment::Time(t.with_timezone(&Utc)))
            .map_err(|_| StateAtError::BadMoment(text.to_owned()))
    }
}

impl Moment {
    fn as_of(self) -> AsOf {
        match self {
            Moment::Position(p) => AsOf::Position(p),
            Moment::Time(t) => AsOf::Time(t),
        }
    }
}

/// Parses a stream name as the domain spells it (`complaint-<uuid>`, `directory`, …).
pub fn parse_stream(text: &str) -> Result<StreamName, StateAtError> {
    StreamName::from_str(text).map_err(|e| StateAtError::BadStream(e.to_string()))
}

/// A stream's state at a moment.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StateAtView {
    /// The stream.
    pub stream: String,
    /// The stream version the state includes (0: the stream had no events yet).
    pub version: u64,
    /// The log position of the last event included (0: none).
    pub position: u64,
    /// The folded state as the aggregate keeps it (`null` before the stream's first event).
    /// The directory is shown as its list of nodes.
    #[schema(value_type = Object, nullable)]
    pub state: serde_json::Value,
}

fn view<S>(
    stream: StreamName,
    at: StateAt<S>,
    json: impl FnOnce(&S) -> Result<serde_json::Value, serde_json::Error>,
) -> Result<StateAtView, StateAtError> {
    Ok(StateAtView {
        stream: stream.to_string(),
        version: at.version.0,
        position: at.position.0,
        state: json(&at.state).map_err(|e| StateAtError::Json(e.to_string()))?,
    })
}

/// The state of `stream` at `moment`, or why not.
pub fn state_at(
    engine: &Engine,
    stream: StreamName,
    moment: Moment,
) -> Result<Result<StateAtView, StateAtError>, LoadError> {
    let as_of = moment.as_of();
    fn plain<A: Aggregate>(
        engine: &Engine,
        stream: StreamName,
        as_of: AsOf,
    ) -> Result<Result<StateAtView, StateAtError>, LoadError>
    where
        A::State: Serialize + 'static,
    {
        let at = engine.state_at::<A>(stream, as_of)?;
        Ok(view(stream, at, |state| serde_json::to_value(state)))
    }
    match stream {
        StreamName::Complaint(_) => plain::<Complaint>(engine, stream, as_of),
        StreamName::User(_) => plain::<User>(engine, stream, as_of),
        StreamName::Encouragement(_) => plain::<Encouragement>(engine, stream, as_of),
        StreamName::Checkpoint => plain::<ChainCheckpoint>(engine, stream, as_of),
        StreamName::Announcement(_) => plain::<Announcement>(engine, stream, as_of),
        StreamName::Guide(_) => plain::<Guide>(engine, stream, as_of),
        StreamName::Application(_) => plain::<Application>(engine, stream, as_of),
        StreamName::Errand(_) => plain::<Errand>(engine, stream, as_of),
        StreamName::Feedback(_) => plain::<Feedback>(engine, stream, as_of),
        StreamName::Provider(_) => plain::<Provider>(engine, stream, as_of),
        StreamName::Service(_) => plain::<Service>(engine, stream, as_of),
        StreamName::Slot(_) => plain::<Slot>(engine, stream, as_of),
        StreamName::Order(_) => plain::<Order>(engine, stream, as_of),
        // An inbox's state is the count of read marks; a personal-data stream's, the count
        // of recorded accesses; retention's, the media ids purged so far.
        StreamName::Inbox(_) => plain::<Inbox>(engine, stream, as_of),
        StreamName::PersonalData(_) => plain::<PersonalDataAccess>(engine, stream, as_of),
        StreamName::Retention => plain::<Retention>(engine, stream, as_of),
        StreamName::Neighbourhood(item) => match item {
            NeighbourhoodStream::Post(_) => plain::<ForumPost>(engine, stream, as_of),
            NeighbourhoodStream::Activity(_) => plain::<Activity>(engine, stream, as_of),
            NeighbourhoodStream::Listing(_) => plain::<Listing>(engine, stream, as_of),
            NeighbourhoodStream::Help(_) => plain::<HelpRequest>(engine, stream, as_of),
            NeighbourhoodStream::Idea(_) => plain::<Idea>(engine, stream, as_of),
        },
        StreamName::Directory => {
            let at = engine.state_at::<Directory>(stream, as_of)?;
            Ok(view(stream, at, |state| {
                let nodes: Vec<_> = state.nodes().collect();
                serde_json::to_value(serde_json::json!({ "nodes": nodes }))
            }))
        }
    }
}
