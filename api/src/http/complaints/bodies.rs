//! Request bodies of the complaint commands. Domain types validate while deserializing
//! (a bad category, code, point or media id is a 422 before any command is built).

use chrono::{DateTime, Utc};
use linli_domain::complaint::Category;
use linli_domain::geo::GeoPoint;
use linli_domain::{ComplaintId, JurisdictionCode, MediaId, UserId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `POST /api/v1/complaints`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FileBody {
    /// theft, security_hazard, lost_item, neighbour_conflict, environment, infrastructure, other.
    pub category: Category,
    /// When it happened (the resident's best guess).
    pub occurred_at: DateTime<Utc>,
    /// Where, in the resident's words; also used for routing by place names.
    #[schema(min_length = 1, max_length = 200)]
    pub address: String,
    /// GCJ-02 point from `wx.chooseLocation`/`wx.getLocation`.
    #[serde(default)]
    pub point: Option<GeoPoint>,
    /// A jurisdiction code, when the resident picked one.
    #[serde(default)]
    pub jurisdiction_code: Option<JurisdictionCode>,
    /// What happened.
    #[schema(min_length = 1, max_length = 2000)]
    pub description: String,
    /// Uploaded photos and videos.
    #[serde(default)]
    #[schema(max_items = 9)]
    pub media: Vec<MediaId>,
    /// An uploaded voice note.
    #[serde(default)]
    pub voice_note: Option<MediaId>,
    /// Hide the resident's identity from handlers.
    #[serde(default)]
    pub anonymous: bool,
    /// Let every resident see it (useful for shared problems such as a broken street light).
    #[serde(default)]
    pub public: bool,
}

/// `POST …/notes`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// The note.
    #[schema(min_length = 1, max_length = 1000)]
    pub text: String,
    /// Attached media.
    #[serde(default)]
    #[schema(max_items = 9)]
    pub media: Vec<MediaId>,
    /// Staff-only notes are hidden from the resident.
    #[serde(default)]
    pub internal: bool,
}

/// `POST …/transfer`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferBody {
    /// Hand to this jurisdiction (its routing rule picks the cadre)…
    #[serde(default)]
    pub to_jurisdiction: Option<JurisdictionCode>,
    /// …or to this cadre directly.
    #[serde(default)]
    pub to_cadre: Option<UserId>,
    /// Why.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// A reason, for reject, reopen, escalate and withdraw.
#[derive(Debug, Deserialize, Default, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// `POST …/resolve`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveBody {
    /// What was done.
    #[schema(min_length = 1, max_length = 2000)]
    pub resolution: String,
    /// Photos of the result.
    #[serde(default)]
    #[schema(max_items = 9)]
    pub media: Vec<MediaId>,
}

/// `POST …/rate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateBody {
    /// 1–5.
    #[schema(minimum = 1, maximum = 5)]
    pub score: u8,
    /// Preset tags such as 快 or 态度好.
    #[serde(default)]
    #[schema(max_items = 5)]
    pub tags: Vec<String>,
    /// Free words.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub comment: Option<String>,
}

/// `POST …/merge`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The complaint this one duplicates.
    pub into: ComplaintId,
}

/// What every complaint command answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// The complaint.
    pub id: ComplaintId,
    /// The log position written; pass as `?after=` to read your own write.
    pub position: u64,
    /// `fresh`, `duplicate` (a retried Idempotency-Key) or `unchanged`.
    #[schema(value_type = String, pattern = "^(fresh|duplicate|unchanged)$")]
    pub replay: &'static str,
}
