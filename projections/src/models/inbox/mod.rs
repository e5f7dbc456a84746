//! Notifications inbox (消息) per user: messages derived from events (order status changes,
//! staff replies on a complaint, announcements for the places residents live in), unread counts, and the user's own `inbox.read` events.
//!
//! **Extension point**: [`messages::messages_for`] is the single function that decides
//! which events become which messages for whom; see its module docs for how another feature
//! (e.g. announcements) adds its messages. Bump [`VERSION`] when it changes, so the inbox is
//! rebuilt from the log with the new messages included.

pub mod messages;
mod projection;
mod query;

pub use messages::{messages_for, Addressed, Message, MessageKind, OrderParties, Parties};
pub use projection::InboxProjection;
pub use query::{InboxView, MessageView};

/// The projection's id.
pub const ID: &str = "inbox";
/// Bump when the stored layout or [`messages_for`] changes.
pub const VERSION: u32 = 3;
