//! The neighbourhood forum: residents post and comment in their community; a cadre or
//! manager in scope hides a post or a comment with a reason, or restores it. Hiding is an
//! event, so the original text always stays in the log; read models show a placeholder to
//! everyone but the author and the moderators.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{acting_as, Item, NeighbourhoodError};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, MediaId, PostId, UserId};
use crate::validate;

const ITEM: Item = Item::Post;
const MAX_TITLE: usize = 60;
const MAX_BODY: usize = 2000;
const MAX_COMMENT: usize = 500;
const MAX_REASON: usize = 200;

/// A command for one forum post stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ForumCommand {
    /// Publish a post. Who: a resident (the API checks they live in the community).
    Publish(PublishPost),
    /// Comment on a visible post. Who: a resident, cadre or manager.
    Comment(CommentOnPost),
    /// Hide the post or one comment, with a reason. Who: a cadre or manager in scope.
    Hide(HideContent),
    /// Restore hidden content. Who: a cadre or manager in scope.
    Restore(RestoreContent),
}

/// Publish a post into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct PublishPost {
    /// The id the caller generated; names the stream.
    pub post_id: PostId,
    /// The community (village, residential community or grid) the post belongs to.
    pub community: JurisdictionCode,
    /// Title (1–60 characters).
    pub title: String,
    /// Text (1–2000 characters).
    pub body: String,
    /// Photos, at most nine.
    pub media: Vec<MediaId>,
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Comment on a post.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentOnPost {
    /// The comment (1–500 characters).
    pub text: String,
    /// Who comments.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// What moderation acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// The post itself.
    Post,
    /// One comment, by its number.
    Comment {
        /// The comment's number (1 for the first).
        number: u32,
    },
}

/// Hide content.
#[derive(Debug, Clone, PartialEq)]
pub struct HideContent {
    /// The post or a comment.
    pub target: Target,
    /// Why, shown to the author and the moderators (1–200 characters).
    pub reason: String,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Restore hidden content.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoreContent {
    /// The post or a comment.
    pub target: Target,
    /// A cadre or manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a forum post.
    pub enum ForumEvent {
        /// A resident published a post.
        Published(PostPublished) = ("forum.post_published", 1),
        /// Someone commented.
        Commented(CommentAdded) = ("forum.comment_added", 1),
        /// A moderator hid the post or a comment.
        Hidden(ContentHidden) = ("forum.content_hidden", 1),
        /// A moderator restored it.
        Restored(ContentRestored) = ("forum.content_restored", 1),
    }
}

/// `forum.post_published` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PostPublished {
    /// Its id, repeated from the stream name so the event stands alone in exports.
    pub post_id: PostId,
    /// The community it belongs to.
    pub community: JurisdictionCode,
    /// The resident who wrote it.
    pub author: UserId,
    /// Title (trimmed).
    pub title: String,
    /// Text (trimmed); stays in the log even when hidden.
    pub body: String,
    /// Photos.
    pub media: Vec<MediaId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `forum.comment_added` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentAdded {
    /// 1 for the first comment, then 2, …: the handle moderation uses.
    pub number: u32,
    /// Who commented, and in which role.
    pub author: Actor,
    /// The comment (trimmed).
    pub text: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// `forum.content_hidden` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentHidden {
    /// The post or a comment.
    pub target: Target,
    /// Why (trimmed).
    pub reason: String,
    /// The moderator.
    pub moderator: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// `forum.content_restored` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentRestored {
    /// The post or a comment.
    pub target: Target,
    /// The moderator.
    pub moderator: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of a forum stream: `None` until published.
pub type ForumState = Option<PostRecord>;

/// A published post as `decide` needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PostRecord {
    /// Its id.
    pub id: PostId,
    /// The community.
    pub community: JurisdictionCode,
    /// The author.
    pub author: UserId,
    /// Whether the post is hidden now.
    pub hidden: bool,
    /// Comment number → hidden now.
    pub comments: BTreeMap<u32, bool>,
}

/// The forum post aggregate; one stream `forum-{uuid}` per post.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForumPost;

impl Aggregate for ForumPost {
    const NAME: &'static str = "forum";
    type Command = ForumCommand;
    type Event = ForumEvent;
    type State = ForumState;
    type Error = NeighbourhoodError;

    fn decide(command: &ForumCommand, state: &ForumState) -> Result<Vec<ForumEvent>, Self::Error> {
        match (command, state) {
            (ForumCommand::Publish(_), Some(_)) => Err(NeighbourhoodError::AlreadyExists(ITEM)),
            (ForumCommand::Publish(cmd), None) => publish(cmd),
            (_, None) => Err(NeighbourhoodError::NotFound(ITEM)),
            (ForumCommand::Comment(cmd), Some(post)) => {
                acting_as(
                    &cmd.by,
                    &[Role::Resident, Role::Cadre, Role::Manager],
                    ITEM,
                    "residents, cadres and managers comment",
                )?;
                if post.hidden {
                    return Err(NeighbourhoodError::illegal(ITEM, "comment on", "hidden"));
                }
                let text = validate::text("text", &cmd.text, MAX_COMMENT)?;
                let number = post.comments.keys().next_back().copied().unwrap_or(0) + 1;
                Ok(vec![CommentAdded {
                    number,
                    author: cmd.by,
                    text,
                    at: cmd.at,
                }
                .into()])
            }
            (ForumCommand::Hide(cmd), Some(post)) => {
                moderator(&cmd.by)?;
                if hidden(post, cmd.target)? {
                    return Err(NeighbourhoodError::illegal(ITEM, "hide", "hidden"));
                }
                let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
                Ok(vec![ContentHidden {
                    target: cmd.target,
                    reason,
                    moderator: cmd.by,
                    at: cmd.at,
                }
                .into()])
            }
            (ForumCommand::Restore(cmd), Some(post)) => {
                moderator(&cmd.by)?;
                if !hidden(post, cmd.target)? {
                    return Err(NeighbourhoodError::illegal(ITEM, "restore", "visible"));
                }
                Ok(vec![ContentRestored {
                    target: cmd.target,
                    moderator: cmd.by,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: ForumState, event: &ForumEvent) -> ForumState {
        match (state, event) {
            (None, ForumEvent::Published(e)) => Some(PostRecord {
                id: e.post_id,
                community: e.community,
                author: e.author,
                hidden: false,
                comments: BTreeMap::new(),
            }),
            (Some(mut post), ForumEvent::Commented(e)) => {
                post.comments.insert(e.number, false);
                Some(post)
            }
            (Some(mut post), ForumEvent::Hidden(e)) => {
                set_hidden(&mut post, e.target, true);
                Some(post)
            }
            (Some(mut post), ForumEvent::Restored(e)) => {
                set_hidden(&mut post, e.target, false);
                Some(post)
            }
            (state, _) => state,
        }
    }
}

fn publish(cmd: &PublishPost) -> Result<Vec<ForumEvent>, NeighbourhoodError> {
    let author = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents post")?;
    let title = validate::text("title", &cmd.title, MAX_TITLE)?;
    let body = validate::text("body", &cmd.body, MAX_BODY)?;
    validate::media("media", &cmd.media)?;
    Ok(vec![PostPublished {
        post_id: cmd.post_id,
        community: cmd.community,
        author,
        title,
        body,
        media: cmd.media.clone(),
        at: cmd.at,
    }
    .into()])
}

fn moderator(by: &Actor) -> Result<UserId, NeighbourhoodError> {
    acting_as(
        by,
        &[Role::Cadre, Role::Manager],
        ITEM,
        "cadres and managers moderate",
    )
}

fn hidden(post: &PostRecord, target: Target) -> Result<bool, NeighbourhoodError> {
    match target {
        Target::Post => Ok(post.hidden),
        Target::Comment { number } => post
            .comments
            .get(&number)
            .copied()
            .ok_or(NeighbourhoodError::CommentNotFound),
    }
}

fn set_hidden(post: &mut PostRecord, target: Target, value: bool) {
    match target {
        Target::Post => post.hidden = value,
        Target::Comment { number } => {
            if let Some(h) = post.comments.get_mut(&number) {
                *h = value;
            }
        }
    }
}
