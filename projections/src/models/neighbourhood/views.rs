//! What the neighbourhood read model answers. Records are stored as the JSON of these views:
//! neighbourhood items are few and small next to complaints, and one shape for storage and
//! answer keeps the fold short (complaint read models use compact bincode records because
//! their rebuild throughput matters).

use chrono::{DateTime, Utc};
use linli_domain::neighbourhood::help::HelpStatus;
use linli_domain::neighbourhood::idea::IdeaDecision;
use linli_domain::neighbourhood::listing::ListingStatus;
use linli_domain::neighbourhood::{ActivityId, HelpRequestId, IdeaId, ListingId, PostId};
use linli_domain::{JurisdictionCode, Role, UserId};
use serde::{Deserialize, Serialize};

/// Why and when content was hidden. `reason` is shown only to the author and moderators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Moderation {
    /// The moderator's reason; `null` for readers who may not see it.
    pub reason: Option<String>,
    /// The moderator.
    pub moderator: UserId,
    /// When hidden.
    pub at: DateTime<Utc>,
}

/// A forum post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostView {
    /// The post.
    pub id: PostId,
    /// Its community.
    pub community: JurisdictionCode,
    /// The resident who wrote it.
    pub author: UserId,
    /// Title; `null` while hidden, for readers other than the author and moderators.
    pub title: Option<String>,
    /// Text; `null` while hidden, for readers other than the author and moderators.
    pub body: Option<String>,
    /// How many photos.
    pub media: u32,
    /// When published.
    pub published_at: DateTime<Utc>,
    /// Comments written (hidden ones included).
    pub comments: u32,
    /// Set while the post is hidden.
    pub hidden: Option<Moderation>,
}

/// A comment on a forum post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentView {
    /// 1 for the first comment.
    pub number: u32,
    /// Who wrote it.
    pub author: UserId,
    /// In which role.
    pub role: Role,
    /// The text; `null` while hidden, for readers other than the author and moderators.
    pub text: Option<String>,
    /// When written.
    pub at: DateTime<Utc>,
    /// Set while the comment is hidden.
    pub hidden: Option<Moderation>,
}

/// Where a community event stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ActivityStatus {
    /// Seats left.
    Open,
    /// Every seat taken; new registrations join the waitlist.
    Full,
    /// Called off.
    Cancelled,
}

impl ActivityStatus {
    /// The stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ActivityStatus::Open => "open",
            ActivityStatus::Full => "full",
            ActivityStatus::Cancelled => "cancelled",
        }
    }
}

/// A community event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityView {
    /// The event.
    pub id: ActivityId,
    /// Its community.
    pub community: JurisdictionCode,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Where.
    pub place: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// Seats.
    pub capacity: u32,
    /// The organiser.
    pub organiser: UserId,
    /// Seats taken (never more than `capacity`).
    pub registered: u32,
    /// Residents waiting.
    pub waitlisted: u32,
    /// Seat holders in order; residents other than the organiser and staff in scope see
    /// only themselves.
    pub seats: Vec<UserId>,
    /// The waitlist, first in line first; filtered like `seats`.
    pub waitlist: Vec<UserId>,
    /// Open, full or cancelled.
    pub status: ActivityStatus,
    /// Why it was called off.
    pub cancel_reason: Option<String>,
    /// When announced.
    pub scheduled_at: DateTime<Utc>,
}

/// A second-hand listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingView {
    /// The listing.
    pub id: ListingId,
    /// Its community.
    pub community: JurisdictionCode,
    /// The owner.
    pub owner: UserId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Asking price in fen; 0 = free.
    pub price_fen: i64,
    /// How many photos.
    pub media: u32,
    /// Where it stands.
    pub status: ListingStatus,
    /// The neighbour it is reserved for or was handed to.
    pub counterpart: Option<UserId>,
    /// When listed.
    pub listed_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// A mutual-help request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HelpView {
    /// The request.
    pub id: HelpRequestId,
    /// Its community.
    pub community: JurisdictionCode,
    /// Who asked.
    pub requester: UserId,
    /// Title.
    pub title: String,
    /// What is needed.
    pub description: String,
    /// By when.
    pub needed_by: Option<DateTime<Utc>>,
    /// Where it stands.
    pub status: HelpStatus,
    /// The neighbour who offered.
    pub helper: Option<UserId>,
    /// Their note.
    pub offer_note: Option<String>,
    /// When asked.
    pub requested_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The official response to an idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaResponse {
    /// Accepted, under consideration or declined.
    pub decision: IdeaDecision,
    /// The response text.
    pub text: String,
    /// The cadre or manager.
    pub responder: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// A resident's proposed solution (群众点子).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdeaView {
    /// The idea.
    pub id: IdeaId,
    /// Its community.
    pub community: JurisdictionCode,
    /// Who proposed it.
    pub author: UserId,
    /// Title.
    pub title: String,
    /// The proposal.
    pub body: String,
    /// Residents who supported it (+1), the author not counted.
    pub supports: u32,
    /// The latest official response.
    pub response: Option<IdeaResponse>,
    /// When proposed.
    pub proposed_at: DateTime<Utc>,
}

/// One count under a name (a status or decision).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedCount {
    /// The status or decision.
    pub name: String,
    /// How many now.
    pub count: u64,
}

/// Dashboard counts for neighbourhood life. Counts "now" follow the current state; the
/// others only grow.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeighbourhoodCounts {
    /// Forum posts published.
    pub posts: u64,
    /// Posts hidden now.
    pub posts_hidden: u64,
    /// Comments written.
    pub comments: u64,
    /// Comments hidden now.
    pub comments_hidden: u64,
    /// Community events scheduled.
    pub activities: u64,
    /// Events per status now (open, full, cancelled).
    pub activities_by_status: Vec<NamedCount>,
    /// Seats taken now, over every event.
    pub seats_taken: u64,
    /// Residents on a waitlist now.
    pub waitlisted: u64,
    /// Listings created.
    pub listings: u64,
    /// Listings per status now.
    pub listings_by_status: Vec<NamedCount>,
    /// Help requests posted.
    pub help_requests: u64,
    /// Help requests per status now.
    pub help_by_status: Vec<NamedCount>,
    /// Ideas proposed.
    pub ideas: u64,
    /// Ideas by their latest response now (`unanswered` for none yet).
    pub ideas_by_response: Vec<NamedCount>,
    /// Supports (+1) given to ideas.
    pub idea_supports: u64,
}
