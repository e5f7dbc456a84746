//! The neighbourhood tree's keys: a table tag, then big-endian parts.
//!
//! * `[1][kind][item]` → the item's view as JSON.
//! * `[2][kind][time desc][item]` → empty: the feed, newest first.
//! * `[3][post][number]` → a comment's view as JSON, in writing order.
//! * `[4][name]` → a counter, i64 big-endian.

use crate::models::common::Key;

const RECORD: u8 = 1;
const FEED: u8 = 2;
const COMMENT: u8 = 3;
const COUNT: u8 = 4;

/// The five kinds of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Post = 1,
    Activity = 2,
    Listing = 3,
    Help = 4,
    Idea = 5,
}

pub(crate) fn record_key(kind: Kind, id: u128) -> Vec<u8> {
    let mut key = vec![RECORD, kind as u8];
    key.extend_from_slice(&id.to_be_bytes());
    key
}

pub(crate) fn feed_prefix(kind: Kind) -> Vec<u8> {
    vec![FEED, kind as u8]
}

pub(crate) fn feed_key(kind: Kind, at: i64, id: u128) -> Vec<u8> {
    let mut key = feed_prefix(kind);
    key.extend(Key::new(0).time_desc(at).id(id).build().into_iter().skip(1));
    key
}

pub(crate) fn comment_prefix(post: u128) -> Vec<u8> {
    Key::new(COMMENT).id(post).build()
}

pub(crate) fn comment_key(post: u128, number: u32) -> Vec<u8> {
    let mut key = comment_prefix(post);
    key.extend_from_slice(&number.to_be_bytes());
    key
}

pub(crate) fn count_prefix() -> Vec<u8> {
    vec![COUNT]
}

pub(crate) fn count_key(name: &str) -> Vec<u8> {
    let mut key = count_prefix();
    key.extend_from_slice(name.as_bytes());
    key
}
