//! The names of the neighbourhood streams: `forum-{uuid}`, `activity-{uuid}`,
//! `listing-{uuid}`, `help-{uuid}` and `idea-{uuid}`.

use std::fmt;

use crate::ids::{ActivityId, HelpRequestId, IdError, IdeaId, ListingId, PostId};

/// One neighbourhood item's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NeighbourhoodStream {
    /// A forum post with its comments and moderation.
    Post(PostId),
    /// A community event with its registrations and waitlist.
    Activity(ActivityId),
    /// A second-hand listing.
    Listing(ListingId),
    /// A mutual-help request.
    Help(HelpRequestId),
    /// A proposed solution with its support and the official response.
    Idea(IdeaId),
}

impl NeighbourhoodStream {
    /// The stream category (the aggregate's name).
    pub const fn category(&self) -> &'static str {
        match self {
            NeighbourhoodStream::Post(_) => "forum",
            NeighbourhoodStream::Activity(_) => "activity",
            NeighbourhoodStream::Listing(_) => "listing",
            NeighbourhoodStream::Help(_) => "help",
            NeighbourhoodStream::Idea(_) => "idea",
        }
    }

    /// Parses `{category}` and `{uuid}` of a stream name; `None` for another category.
    pub fn parse(category: &str, id: &str) -> Option<Result<Self, IdError>> {
        Some(match category {
            "forum" => id.parse().map(NeighbourhoodStream::Post),
            "activity" => id.parse().map(NeighbourhoodStream::Activity),
            "listing" => id.parse().map(NeighbourhoodStream::Listing),
            "help" => id.parse().map(NeighbourhoodStream::Help),
            "idea" => id.parse().map(NeighbourhoodStream::Idea),
            _ => return None,
        })
    }
}

impl fmt::Display for NeighbourhoodStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NeighbourhoodStream::Post(id) => write!(f, "forum-{id}"),
            NeighbourhoodStream::Activity(id) => write!(f, "activity-{id}"),
            NeighbourhoodStream::Listing(id) => write!(f, "listing-{id}"),
            NeighbourhoodStream::Help(id) => write!(f, "help-{id}"),
            NeighbourhoodStream::Idea(id) => write!(f, "idea-{id}"),
        }
    }
}
