//! Feedback (意见反馈) about linli itself: a resident writes a suggestion, reports a problem
//! with the app, praises, or anything else; a manager replies (once or more) and closes it.
//! Feedback is about the service, not a place, so any manager handles it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acting, CivicError, Subject};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{FeedbackId, MediaId, UserId};
use crate::validate;

const S: Subject = Subject::Feedback;
/// Longest feedback or reply.
pub const MAX_TEXT: usize = 1000;

/// What kind of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FeedbackKind {
    /// 建议
    Suggestion,
    /// 程序问题 — something in the app does not work.
    AppProblem,
    /// 表扬
    Praise,
    /// 其他
    Other,
}

impl FeedbackKind {
    /// Every kind.
    pub const ALL: [FeedbackKind; 4] = [
        FeedbackKind::Suggestion,
        FeedbackKind::AppProblem,
        FeedbackKind::Praise,
        FeedbackKind::Other,
    ];

    /// The stable snake_case name, as in JSON.
    pub const fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Suggestion => "suggestion",
            FeedbackKind::AppProblem => "app_problem",
            FeedbackKind::Praise => "praise",
            FeedbackKind::Other => "other",
        }
    }
}

/// A command for one feedback stream.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedbackCommand {
    /// Give feedback. Who: a resident.
    Submit(SubmitFeedback),
    /// Answer it. Who: a manager; not once closed.
    Reply(ReplyToFeedback),
    /// Close it. Who: a manager.
    Close(CloseFeedback),
}

/// Give feedback.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitFeedback {
    /// The id the caller generated.
    pub feedback_id: FeedbackId,
    /// What kind.
    pub kind: FeedbackKind,
    /// What the resident says.
    pub text: String,
    /// Screenshots.
    pub media: Vec<MediaId>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Reply.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplyToFeedback {
    /// The answer.
    pub text: String,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Close.
#[derive(Debug, Clone, PartialEq)]
pub struct CloseFeedback {
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a piece of feedback.
    pub enum FeedbackEvent {
        /// A resident gave feedback.
        Submitted(FeedbackSubmitted) = ("feedback.submitted", 1),
        /// A manager replied.
        Replied(FeedbackReplied) = ("feedback.replied", 1),
        /// A manager closed it.
        Closed(FeedbackClosed) = ("feedback.closed", 1),
    }
}

/// `feedback.submitted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSubmitted {
    /// Its id.
    pub feedback_id: FeedbackId,
    /// What kind.
    pub kind: FeedbackKind,
    /// The text (trimmed).
    pub text: String,
    /// Screenshots.
    pub media: Vec<MediaId>,
    /// The resident.
    pub author: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `feedback.replied` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackReplied {
    /// The answer (trimmed).
    pub text: String,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `feedback.closed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackClosed {
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `None` until submitted.
pub type FeedbackState = Option<FeedbackRecord>;

/// What decisions need of a piece of feedback.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FeedbackRecord {
    /// The resident.
    pub author: UserId,
    /// Closed by a manager.
    pub closed: bool,
}

/// The feedback aggregate; one stream `feedback-{uuid}` each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Feedback;

impl Aggregate for Feedback {
    const NAME: &'static str = "feedback";
    type Command = FeedbackCommand;
    type Event = FeedbackEvent;
    type State = FeedbackState;
    type Error = CivicError;

    fn decide(
        command: &FeedbackCommand,
        state: &FeedbackState,
    ) -> Result<Vec<FeedbackEvent>, CivicError> {
        const WHO: &str = "only a manager answers feedback";
        let invalid = CivicError::invalid(S);
        let refuse = |command| CivicError::InvalidTransition {
            subject: S,
            from: "closed",
            command,
        };
        match (command, state) {
            (FeedbackCommand::Submit(c), None) => {
                let author = acting(
                    S,
                    &c.by,
                    &[Role::Resident],
                    "only a resident gives feedback",
                )?;
                validate::media("media", &c.media).map_err(&invalid)?;
                Ok(vec![FeedbackSubmitted {
                    feedback_id: c.feedback_id,
                    kind: c.kind,
                    text: validate::text("text", &c.text, MAX_TEXT).map_err(&invalid)?,
                    media: c.media.clone(),
                    author,
                    at: c.at,
                }
                .into()])
            }
            (FeedbackCommand::Submit(_), Some(_)) => Err(CivicError::AlreadyExists(S)),
            (_, None) => Err(CivicError::NotFound(S)),
            (FeedbackCommand::Reply(c), Some(f)) => {
                let by = acting(S, &c.by, &[Role::Manager], WHO)?;
                if f.closed {
                    return Err(refuse("reply to"));
                }
                Ok(vec![FeedbackReplied {
                    text: validate::text("text", &c.text, MAX_TEXT).map_err(&invalid)?,
                    by,
                    at: c.at,
                }
                .into()])
            }
            (FeedbackCommand::Close(c), Some(f)) => {
                let by = acting(S, &c.by, &[Role::Manager], WHO)?;
                if f.closed {
                    return Err(refuse("close"));
                }
                Ok(vec![FeedbackClosed { by, at: c.at }.into()])
            }
        }
    }

    fn evolve(state: FeedbackState, event: &FeedbackEvent) -> FeedbackState {
        match (state, event) {
            (None, FeedbackEvent::Submitted(e)) => Some(FeedbackRecord {
                author: e.author,
                closed: false,
            }),
            (Some(mut f), FeedbackEvent::Closed(_)) => {
                f.closed = true;
                Some(f)
            }
            (state, _) => state,
        }
    }
}
