//! Mutual-help requests (邻里互助): posted → offered (a neighbour steps in) → done (the
//! requester confirms), or cancelled by the requester before it is done.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{acting_as, Item, NeighbourhoodError};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{HelpRequestId, JurisdictionCode, UserId};
use crate::validate;

const ITEM: Item = Item::Help;
const MAX_TITLE: usize = 60;
const MAX_DESCRIPTION: usize = 1000;
const MAX_NOTE: usize = 300;

/// Where a help request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HelpStatus {
    /// Waiting for a neighbour.
    Posted,
    /// A neighbour offered to help.
    Offered,
    /// The requester confirmed it was done (final).
    Done,
    /// The requester called it off (final).
    Cancelled,
}

impl HelpStatus {
    /// Every status.
    pub const ALL: [HelpStatus; 4] = [
        HelpStatus::Posted,
        HelpStatus::Offered,
        HelpStatus::Done,
        HelpStatus::Cancelled,
    ];

    /// The stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            HelpStatus::Posted => "posted",
            HelpStatus::Offered => "offered",
            HelpStatus::Done => "done",
            HelpStatus::Cancelled => "cancelled",
        }
    }
}

/// A command for one help request stream.
#[derive(Debug, Clone, PartialEq)]
pub enum HelpCommand {
    /// Ask the neighbours. Who: a resident.
    Post(PostHelpRequest),
    /// Offer to help. Who: a resident other than the requester.
    Offer(OfferHelp),
    /// Confirm it was done. Who: the requester.
    ConfirmDone(RequesterAction),
    /// Call it off. Who: the requester.
    Cancel(RequesterAction),
}

/// Post a request into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct PostHelpRequest {
    /// The id the caller generated.
    pub help_id: HelpRequestId,
    /// The community asked.
    pub community: JurisdictionCode,
    /// Title (1–60 characters).
    pub title: String,
    /// What is needed (1–1000 characters).
    pub description: String,
    /// By when, if it matters.
    pub needed_by: Option<DateTime<Utc>>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Offer help.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferHelp {
    /// A word to the requester (optional, at most 300 characters).
    pub note: Option<String>,
    /// A neighbour.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A step only the requester takes.
#[derive(Debug, Clone, PartialEq)]
pub struct RequesterAction {
    /// The requester.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a help request.
    pub enum HelpEvent {
        /// A resident asked for help.
        Requested(HelpRequested) = ("help.requested", 1),
        /// A neighbour offered to help.
        Offered(HelpOffered) = ("help.offered", 1),
        /// The requester confirmed it was done.
        Done(HelpDone) = ("help.done", 1),
        /// The requester called it off.
        Cancelled(HelpCancelled) = ("help.cancelled", 1),
    }
}

/// `help.requested` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpRequested {
    /// Its id.
    pub help_id: HelpRequestId,
    /// The community.
    pub community: JurisdictionCode,
    /// The requester.
    pub requester: UserId,
    /// Title.
    pub title: String,
    /// What is needed.
    pub description: String,
    /// By when.
    pub needed_by: Option<DateTime<Utc>>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `help.offered` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpOffered {
    /// The neighbour.
    pub helper: UserId,
    /// Their note.
    pub note: Option<String>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `help.done` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpDone {
    /// Who helped.
    pub helper: UserId,
    /// When confirmed.
    pub at: DateTime<Utc>,
}

/// `help.cancelled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpCancelled {
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of a help stream: `None` until posted.
pub type HelpState = Option<HelpRecord>;

/// A help request as `decide` needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HelpRecord {
    /// Its id.
    pub id: HelpRequestId,
    /// The community, for the API's membership and scope checks.
    pub community: JurisdictionCode,
    /// The requester.
    pub requester: UserId,
    /// Where it stands.
    pub status: HelpStatus,
    /// The neighbour who offered.
    pub helper: Option<UserId>,
}

/// The help request aggregate; one stream `help-{uuid}` per request.
#[derive(Debug, Clone, Copy, Default)]
pub struct HelpRequest;

impl Aggregate for HelpRequest {
    const NAME: &'static str = "help";
    type Command = HelpCommand;
    type Event = HelpEvent;
    type State = HelpState;
    type Error = NeighbourhoodError;

    fn decide(command: &HelpCommand, state: &HelpState) -> Result<Vec<HelpEvent>, Self::Error> {
        use HelpStatus::*;
        let h = match (command, state) {
            (HelpCommand::Post(_), Some(_)) => return Err(NeighbourhoodError::AlreadyExists(ITEM)),
            (HelpCommand::Post(cmd), None) => return post(cmd),
            (_, None) => return Err(NeighbourhoodError::NotFound(ITEM)),
            (_, Some(h)) => h,
        };
        match command {
            HelpCommand::Post(_) => Err(NeighbourhoodError::AlreadyExists(ITEM)),
            HelpCommand::Offer(cmd) => {
                let helper = acting_as(&cmd.by, &[Role::Resident], ITEM, "neighbours offer help")?;
                if helper == h.requester {
                    return Err(NeighbourhoodError::not_allowed(
                        ITEM,
                        cmd.by,
                        "a neighbour, not the requester, offers help",
                    ));
                }
                if h.status != Posted {
                    return Err(NeighbourhoodError::illegal(
                        ITEM,
                        "offer",
                        h.status.as_str(),
                    ));
                }
                let note = validate::optional_text("note", cmd.note.as_deref(), MAX_NOTE)?;
                Ok(vec![HelpOffered {
                    helper,
                    note,
                    at: cmd.at,
                }
                .into()])
            }
            HelpCommand::ConfirmDone(cmd) => {
                requester(&cmd.by, h)?;
                match (h.status, h.helper) {
                    (Offered, Some(helper)) => Ok(vec![HelpDone { helper, at: cmd.at }.into()]),
                    _ => Err(NeighbourhoodError::illegal(
                        ITEM,
                        "confirm",
                        h.status.as_str(),
                    )),
                }
            }
            HelpCommand::Cancel(cmd) => {
                requester(&cmd.by, h)?;
                match h.status {
                    Posted | Offered => Ok(vec![HelpCancelled { at: cmd.at }.into()]),
                    _ => Err(NeighbourhoodError::illegal(
                        ITEM,
                        "cancel",
                        h.status.as_str(),
                    )),
                }
            }
        }
    }

    fn evolve(state: HelpState, event: &HelpEvent) -> HelpState {
        let Some(mut h) = state else {
            return match event {
                HelpEvent::Requested(e) => Some(HelpRecord {
                    id: e.help_id,
                    community: e.community,
                    requester: e.requester,
                    status: HelpStatus::Posted,
                    helper: None,
                }),
                _ => None,
            };
        };
        match event {
            HelpEvent::Requested(_) => {}
            HelpEvent::Offered(e) => {
                h.status = HelpStatus::Offered;
                h.helper = Some(e.helper);
            }
            HelpEvent::Done(_) => h.status = HelpStatus::Done,
            HelpEvent::Cancelled(_) => h.status = HelpStatus::Cancelled,
        }
        Some(h)
    }
}

fn requester(by: &Actor, h: &HelpRecord) -> Result<(), NeighbourhoodError> {
    if by.is(h.requester, Role::Resident) {
        Ok(())
    } else {
        Err(NeighbourhoodError::not_allowed(
            ITEM,
            *by,
            "only the requester confirms or cancels",
        ))
    }
}

fn post(cmd: &PostHelpRequest) -> Result<Vec<HelpEvent>, NeighbourhoodError> {
    let requester = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents ask for help")?;
    let title = validate::text("title", &cmd.title, MAX_TITLE)?;
    let description = validate::text("description", &cmd.description, MAX_DESCRIPTION)?;
    Ok(vec![HelpRequested {
        help_id: cmd.help_id,
        community: cmd.community,
        requester,
        title,
        description,
        needed_by: cmd.needed_by,
        at: cmd.at,
    }
    .into()])
}
