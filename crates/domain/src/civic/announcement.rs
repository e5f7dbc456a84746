//! Announcements (公告): a manager publishes a notice for a jurisdiction; residents of that
//! place and everything below it read it, pinned ones first. The manager may edit, pin,
//! unpin and withdraw it. Whether the manager's scope covers the jurisdiction is checked by
//! the API (scopes live in `auth/scope.rs`); the domain checks the role.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{acting, CivicError, Subject};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{AnnouncementId, JurisdictionCode, MediaId, UserId};
use crate::validate;

const S: Subject = Subject::Announcement;
/// Longest title, in characters.
pub const MAX_TITLE: usize = 80;
/// Longest body, in characters.
pub const MAX_BODY: usize = 5000;
/// Longest withdrawal reason.
pub const MAX_REASON: usize = 300;

/// A command for one announcement stream.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnouncementCommand {
    /// Publish into an empty stream. Who: a manager.
    Publish(PublishAnnouncement),
    /// Replace title, body and pictures. Who: a manager; not once withdrawn.
    Edit(EditAnnouncement),
    /// Show it above the others. Who: a manager.
    Pin(ManageAnnouncement),
    /// Stop showing it above the others. Who: a manager.
    Unpin(ManageAnnouncement),
    /// Take it down for good. Who: a manager.
    Withdraw(WithdrawAnnouncement),
}

/// Publish an announcement.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishAnnouncement {
    /// The id the caller generated; names the stream.
    pub announcement_id: AnnouncementId,
    /// Who it is for: this node and everything below it.
    pub jurisdiction: JurisdictionCode,
    /// The headline.
    pub title: String,
    /// The text.
    pub body: String,
    /// Pictures (a map, a poster).
    pub media: Vec<MediaId>,
    /// Pinned from the start.
    pub pinned: Pinning,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Whether an announcement is shown above the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Pinning {
    /// In date order.
    #[default]
    Normal,
    /// Above every unpinned one.
    Pinned,
}

/// Replace an announcement's content.
#[derive(Debug, Clone, PartialEq)]
pub struct EditAnnouncement {
    /// The new headline.
    pub title: String,
    /// The new text.
    pub body: String,
    /// The new pictures.
    pub media: Vec<MediaId>,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Pin or unpin.
#[derive(Debug, Clone, PartialEq)]
pub struct ManageAnnouncement {
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Withdraw.
#[derive(Debug, Clone, PartialEq)]
pub struct WithdrawAnnouncement {
    /// Why, if the manager says.
    pub reason: Option<String>,
    /// A manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about an announcement.
    pub enum AnnouncementEvent {
        /// A manager published it.
        Published(AnnouncementPublished) = ("announcement.published", 1),
        /// A manager changed its content.
        Edited(AnnouncementEdited) = ("announcement.edited", 1),
        /// It is shown above the others.
        Pinned(AnnouncementPinned) = ("announcement.pinned", 1),
        /// It is back in date order.
        Unpinned(AnnouncementUnpinned) = ("announcement.unpinned", 1),
        /// It was taken down.
        Withdrawn(AnnouncementWithdrawn) = ("announcement.withdrawn", 1),
    }
}

/// `announcement.published` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementPublished {
    /// Its id, repeated from the stream name so the event stands alone in exports.
    pub announcement_id: AnnouncementId,
    /// Who it is for: this node and everything below it.
    pub jurisdiction: JurisdictionCode,
    /// The headline (trimmed).
    pub title: String,
    /// The text (trimmed).
    pub body: String,
    /// Pictures.
    pub media: Vec<MediaId>,
    /// Whether it starts pinned.
    pub pinned: Pinning,
    /// The manager.
    pub author: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `announcement.edited` v1: the whole new content (the old one stays in the log).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementEdited {
    /// The new headline.
    pub title: String,
    /// The new text.
    pub body: String,
    /// The new pictures.
    pub media: Vec<MediaId>,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `announcement.pinned` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementPinned {
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `announcement.unpinned` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementUnpinned {
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `announcement.withdrawn` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnouncementWithdrawn {
    /// Why, if given.
    pub reason: Option<String>,
    /// The manager.
    pub by: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `None` until published.
pub type AnnouncementState = Option<AnnouncementRecord>;

/// What decisions need of a published announcement.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AnnouncementRecord {
    /// Who it is for.
    pub jurisdiction: JurisdictionCode,
    /// Shown above the others.
    pub pinned: Pinning,
    /// Taken down.
    pub withdrawn: bool,
}

/// The announcement aggregate; one stream `announcement-{uuid}` each.
#[derive(Debug, Clone, Copy, Default)]
pub struct Announcement;

impl Aggregate for Announcement {
    const NAME: &'static str = "announcement";
    type Command = AnnouncementCommand;
    type Event = AnnouncementEvent;
    type State = AnnouncementState;
    type Error = CivicError;

    fn decide(
        command: &AnnouncementCommand,
        state: &AnnouncementState,
    ) -> Result<Vec<AnnouncementEvent>, CivicError> {
        decide(command, state)
    }

    fn evolve(state: AnnouncementState, event: &AnnouncementEvent) -> AnnouncementState {
        match (state, event) {
            (None, AnnouncementEvent::Published(e)) => Some(AnnouncementRecord {
                jurisdiction: e.jurisdiction,
                pinned: e.pinned,
                withdrawn: false,
            }),
            (Some(mut r), AnnouncementEvent::Pinned(_)) => {
                r.pinned = Pinning::Pinned;
                Some(r)
            }
            (Some(mut r), AnnouncementEvent::Unpinned(_)) => {
                r.pinned = Pinning::Normal;
                Some(r)
            }
            (Some(mut r), AnnouncementEvent::Withdrawn(_)) => {
                r.withdrawn = true;
                Some(r)
            }
            (state, _) => state,
        }
    }
}

const MANAGER_ONLY: &str = "only a manager manages announcements";

fn decide(
    command: &AnnouncementCommand,
    state: &AnnouncementState,
) -> Result<Vec<AnnouncementEvent>, CivicError> {
    let invalid = CivicError::invalid(S);
    let record = match (command, state) {
        (AnnouncementCommand::Publish(cmd), None) => {
            let author = acting(S, &cmd.by, &[Role::Manager], MANAGER_ONLY)?;
            validate::media("media", &cmd.media).map_err(&invalid)?;
            return Ok(vec![AnnouncementPublished {
                announcement_id: cmd.announcement_id,
                jurisdiction: cmd.jurisdiction,
                title: validate::text("title", &cmd.title, MAX_TITLE).map_err(&invalid)?,
                body: validate::text("body", &cmd.body, MAX_BODY).map_err(&invalid)?,
                media: cmd.media.clone(),
                pinned: cmd.pinned,
                author,
                at: cmd.at,
            }
            .into()]);
        }
        (_, None) => return Err(CivicError::NotFound(S)),
        (_, Some(r)) => r,
    };
    let (by, at, name) = match command {
        AnnouncementCommand::Publish(_) => return Err(CivicError::AlreadyExists(S)),
        AnnouncementCommand::Edit(c) => (&c.by, c.at, "edit"),
        AnnouncementCommand::Pin(c) => (&c.by, c.at, "pin"),
        AnnouncementCommand::Unpin(c) => (&c.by, c.at, "unpin"),
        AnnouncementCommand::Withdraw(c) => (&c.by, c.at, "withdraw"),
    };
    let by = acting(S, by, &[Role::Manager], MANAGER_ONLY)?;
    if record.withdrawn {
        return Err(CivicError::InvalidTransition {
            subject: S,
            from: "withdrawn",
            command: name,
        });
    }
    Ok(match command {
        AnnouncementCommand::Publish(_) => Vec::new(),
        AnnouncementCommand::Edit(c) => {
            validate::media("media", &c.media).map_err(&invalid)?;
            vec![AnnouncementEdited {
                title: validate::text("title", &c.title, MAX_TITLE).map_err(&invalid)?,
                body: validate::text("body", &c.body, MAX_BODY).map_err(&invalid)?,
                media: c.media.clone(),
                by,
                at,
            }
            .into()]
        }
        // Pinning what is pinned changes nothing; the command is accepted and writes nothing.
        AnnouncementCommand::Pin(_) if record.pinned == Pinning::Pinned => Vec::new(),
        AnnouncementCommand::Pin(_) => vec![AnnouncementPinned { by, at }.into()],
        AnnouncementCommand::Unpin(_) if record.pinned == Pinning::Normal => Vec::new(),
        AnnouncementCommand::Unpin(_) => vec![AnnouncementUnpinned { by, at }.into()],
        AnnouncementCommand::Withdraw(c) => vec![AnnouncementWithdrawn {
            reason: validate::optional_text("reason", c.reason.as_deref(), MAX_REASON)
                .map_err(&invalid)?,
            by,
            at,
        }
        .into()],
    })
}
