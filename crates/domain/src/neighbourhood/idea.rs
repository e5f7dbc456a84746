//! Residents' proposed solutions (群众点子): a resident proposes, neighbours support (+1,
//! once each), and a cadre or manager gives the official response: under consideration
//! (may be followed by another response), accepted or declined (final).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{acting_as, Item, NeighbourhoodError};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{IdeaId, JurisdictionCode, UserId};
use crate::validate;

const ITEM: Item = Item::Idea;
const MAX_TITLE: usize = 60;
const MAX_BODY: usize = 2000;
const MAX_RESPONSE: usize = 1000;

/// The official response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum IdeaDecision {
    /// 采纳: it will be done (final).
    Accepted,
    /// 研究中: being looked at; a later response follows.
    UnderConsideration,
    /// 暂不采纳: not now, with the reason in the text (final).
    Declined,
}

impl IdeaDecision {
    /// Every decision.
    pub const ALL: [IdeaDecision; 3] = [
        IdeaDecision::Accepted,
        IdeaDecision::UnderConsideration,
        IdeaDecision::Declined,
    ];

    /// The stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdeaDecision::Accepted => "accepted",
            IdeaDecision::UnderConsideration => "under_consideration",
            IdeaDecision::Declined => "declined",
        }
    }

    /// Whether no further response may follow.
    pub const fn is_final(self) -> bool {
        !matches!(self, IdeaDecision::UnderConsideration)
    }
}

/// A command for one idea stream.
#[derive(Debug, Clone, PartialEq)]
pub enum IdeaCommand {
    /// Propose. Who: a resident.
    Propose(ProposeIdea),
    /// +1. Who: a resident other than the author, once.
    Support(SupportIdea),
    /// The official response. Who: a cadre or manager (the API checks the scope).
    Respond(RespondToIdea),
}

/// Propose into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ProposeIdea {
    /// The id the caller generated.
    pub idea_id: IdeaId,
    /// The community it is for.
    pub community: JurisdictionCode,
    /// Title (1–60 characters).
    pub title: String,
    /// The proposal (1–2000 characters).
    pub body: String,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Support an idea.
#[derive(Debug, Clone, PartialEq)]
pub struct SupportIdea {
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Respond officially.
#[derive(Debug, Clone, PartialEq)]
pub struct RespondToIdea {
    /// The decision.
    pub decision: IdeaDecision,
    /// The response text (1–1000 characters).
    pub text: String,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about an idea.
    pub enum IdeaEvent {
        /// A resident proposed it.
        Proposed(IdeaProposed) = ("idea.proposed", 1),
        /// A resident supported it.
        Supported(IdeaSupported) = ("idea.supported", 1),
        /// A cadre or manager responded.
        Responded(IdeaResponded) = ("idea.responded", 1),
    }
}

/// `idea.proposed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaProposed {
    /// Its id.
    pub idea_id: IdeaId,
    /// The community.
    pub community: JurisdictionCode,
    /// The resident.
    pub author: UserId,
    /// Title.
    pub title: String,
    /// The proposal.
    pub body: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `idea.supported` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaSupported {
    /// Who.
    pub user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `idea.responded` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaResponded {
    /// The decision.
    pub decision: IdeaDecision,
    /// The response text.
    pub text: String,
    /// Who responded, in which role.
    pub responder: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of an idea stream: `None` until proposed.
pub type IdeaState = Option<IdeaRecord>;

/// An idea as `decide` needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IdeaRecord {
    /// Its id.
    pub id: IdeaId,
    /// The community, for the API's membership and scope checks.
    pub community: JurisdictionCode,
    /// The author.
    pub author: UserId,
    /// Who supported it; its size is the support count.
    pub supporters: BTreeSet<UserId>,
    /// The latest response.
    pub decision: Option<IdeaDecision>,
}

/// The idea aggregate; one stream `idea-{uuid}` per proposal.
#[derive(Debug, Clone, Copy, Default)]
pub struct Idea;

impl Aggregate for Idea {
    const NAME: &'static str = "idea";
    type Command = IdeaCommand;
    type Event = IdeaEvent;
    type State = IdeaState;
    type Error = NeighbourhoodError;

    fn decide(command: &IdeaCommand, state: &IdeaState) -> Result<Vec<IdeaEvent>, Self::Error> {
        match (command, state) {
            (IdeaCommand::Propose(_), Some(_)) => Err(NeighbourhoodError::AlreadyExists(ITEM)),
            (IdeaCommand::Propose(cmd), None) => {
                let author = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents propose")?;
                let title = validate::text("title", &cmd.title, MAX_TITLE)?;
                let body = validate::text("body", &cmd.body, MAX_BODY)?;
                Ok(vec![IdeaProposed {
                    idea_id: cmd.idea_id,
                    community: cmd.community,
                    author,
                    title,
                    body,
                    at: cmd.at,
                }
                .into()])
            }
            (_, None) => Err(NeighbourhoodError::NotFound(ITEM)),
            (IdeaCommand::Support(cmd), Some(idea)) => {
                let user = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents support")?;
                if user == idea.author {
                    return Err(NeighbourhoodError::not_allowed(
                        ITEM,
                        cmd.by,
                        "the author's support is implied",
                    ));
                }
                if idea.supporters.contains(&user) {
                    return Err(NeighbourhoodError::AlreadySupported);
                }
                Ok(vec![IdeaSupported { user, at: cmd.at }.into()])
            }
            (IdeaCommand::Respond(cmd), Some(idea)) => {
                acting_as(
                    &cmd.by,
                    &[Role::Cadre, Role::Manager],
                    ITEM,
                    "cadres and managers respond",
                )?;
                if let Some(decided) = idea.decision.filter(|d| d.is_final()) {
                    return Err(NeighbourhoodError::illegal(
                        ITEM,
                        "respond to",
                        decided.as_str(),
                    ));
                }
                let text = validate::text("text", &cmd.text, MAX_RESPONSE)?;
                Ok(vec![IdeaResponded {
                    decision: cmd.decision,
                    text,
                    responder: cmd.by,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: IdeaState, event: &IdeaEvent) -> IdeaState {
        let Some(mut idea) = state else {
            return match event {
                IdeaEvent::Proposed(e) => Some(IdeaRecord {
                    id: e.idea_id,
                    community: e.community,
                    author: e.author,
                    supporters: BTreeSet::new(),
                    decision: None,
                }),
                _ => None,
            };
        };
        match event {
            IdeaEvent::Proposed(_) => {}
            IdeaEvent::Supported(e) => {
                idea.supporters.insert(e.user);
            }
            IdeaEvent::Responded(e) => idea.decision = Some(e.decision),
        }
        Some(idea)
    }
}
