//! Handling guides (办事指南): the kinds of application residents can file online (residence
//! permit, social security inquiry, elderly allowance, certificates…), each with its guide
//! text and the materials an application must carry. Managers define, revise and retire
//! them; a retired guide takes no new applications, while those already filed go on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acting, CivicError, Subject};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{GuideId, UserId};
use crate::validate;

const S: Subject = Subject::Guide;
/// Longest name.
pub const MAX_NAME: usize = 60;
/// Longest guide text.
pub const MAX_TEXT: usize = 5000;
/// Most required materials.
pub const MAX_MATERIALS: usize = 20;
/// Longest material name.
pub const MAX_MATERIAL_NAME: usize = 60;

/// A command for one guide stream.
#[derive(Debug, Clone, PartialEq)]
pub enum GuideCommand {
    /// Define a new application type. Who: a manager.
    Define(DefineGuide),
    /// Replace its name, text and materials. Who: a manager; not once retired.
    Revise(ReviseGuide),
    /// Stop taking applications. Who: a manager.
    Retire(RetireGuide),
}

/// The content of a guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideContent {
    /// The application type's name, e.g. 居住证办理.
    pub name: String,
    /// How to apply: conditions, where to go, how long it takes.
    pub text: String,
    /// The materials an application must carry, by name (e.g. 身份证正反面).
    pub materials: Vec<String>,
}

impl GuideContent {
    fn validated(&self) -> Result<GuideContent, CivicError> {
        let invalid = CivicError::invalid(S);
        Ok(GuideContent {
            name: validate::text("name", &self.name, MAX_NAME).map_err(&invalid)?,
            text: validate::text("text", &self.text, MAX_TEXT).map_err(&invalid)?,
            materials: validate::text_list(
                "materials",
                &self.materials,
                MAX_MATERIALS,
                MAX_MATERIAL_NAME,
            )
            .map_err(&invalid)?,
        })
    }
}

/// Define a guide.
#[derive(Debug, Clone, PartialEq)]
pub struct DefineGuide {
    /// The id the caller generated.
    pub guide_id: GuideId,
    /// What it says.
    pub content: GuideContent,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Revise a guide.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviseGuide {
    /// What it says now.
    pub content: GuideContent,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Retire a guide.
#[derive(Debug, Clone, PartialEq)]
pub struct RetireGuide {
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a guide.
    pub enum GuideEvent {
        /// A manager defined an application type.
        Defined(GuideDefined) = ("guide.defined", 1),
        /// A manager revised it.
        Revised(GuideRevised) = ("guide.revised", 1),
        /// It takes no new applications.
        Retired(GuideRetired) = ("guide.retired", 1),
    }
}

/// `guide.defined` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuideDefined {
    /// Its id.
    pub guide_id: GuideId,
    /// Name, text and required materials (trimmed).
    #[serde(flatten)]
    pub content: GuideContent,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `guide.revised` v1: the whole new content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuideRevised {
    /// Name, text and required materials (trimmed).
    #[serde(flatten)]
    pub content: GuideContent,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `guide.retired` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GuideRetired {
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `None` until defined.
pub type GuideState = Option<GuideRecord>;

/// A defined guide.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct GuideRecord {
    /// Its id.
    pub id: GuideId,
    /// What it says now; what a new application is checked against.
    pub content: GuideContent,
    /// Takes no new applications.
    pub retired: bool,
}

/// The guide aggregate; one stream `guide-{uuid}` each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Guide;

impl Aggregate for Guide {
    const NAME: &'static str = "guide";
    type Command = GuideCommand;
    type Event = GuideEvent;
    type State = GuideState;
    type Error = CivicError;

    fn decide(command: &GuideCommand, state: &GuideState) -> Result<Vec<GuideEvent>, CivicError> {
        const WHO: &str = "only a manager configures application types";
        match (command, state) {
            (GuideCommand::Define(c), None) => Ok(vec![GuideDefined {
                guide_id: c.guide_id,
                by: acting(S, &c.by, &[Role::Manager], WHO)?,
                content: c.content.validated()?,
                at: c.at,
            }
            .into()]),
            (GuideCommand::Define(_), Some(_)) => Err(CivicError::AlreadyExists(S)),
            (_, None) => Err(CivicError::NotFound(S)),
            (GuideCommand::Revise(c), Some(g)) => {
                let by = acting(S, &c.by, &[Role::Manager], WHO)?;
                if g.retired {
                    return Err(retired("revise"));
                }
                Ok(vec![GuideRevised {
                    content: c.content.validated()?,
                    by,
                    at: c.at,
                }
                .into()])
            }
            (GuideCommand::Retire(c), Some(g)) => {
                let by = acting(S, &c.by, &[Role::Manager], WHO)?;
                if g.retired {
                    return Err(retired("retire"));
                }
                Ok(vec![GuideRetired { by, at: c.at }.into()])
            }
        }
    }

    fn evolve(state: GuideState, event: &GuideEvent) -> GuideState {
        match (state, event) {
            (None, GuideEvent::Defined(e)) => Some(GuideRecord {
                id: e.guide_id,
                content: e.content.clone(),
                retired: false,
            }),
            (Some(mut g), GuideEvent::Revised(e)) => {
                g.content = e.content.clone();
                Some(g)
            }
            (Some(mut g), GuideEvent::Retired(_)) => {
                g.retired = true;
                Some(g)
            }
            (state, _) => state,
        }
    }
}

fn retired(command: &'static str) -> CivicError {
    CivicError::InvalidTransition {
        subject: S,
        from: "retired",
        command,
    }
}
