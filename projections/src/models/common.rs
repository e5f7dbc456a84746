//! What the read models share: compact stored encodings, keys, China-time days, paging.

use bincode::{Decode, Encode};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use linli_domain::complaint::{Category, ComplaintStatus};
use linli_domain::{Actor, JurisdictionCode, Role, UserId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ProjectionError;

/// bincode 2.0.1's standard configuration (varints), as the event log uses it.
fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a stored record.
pub(crate) fn encode<T: Encode>(value: &T) -> Vec<u8> {
    // Encoding plain structs into a Vec cannot fail.
    bincode::encode_to_vec(value, config()).unwrap_or_default()
}

/// Decodes a stored record, naming the tree if it is damaged.
pub(crate) fn decode<T: Decode<()>>(tree: &sled::Tree, bytes: &[u8]) -> Result<T, ProjectionError> {
    bincode::decode_from_slice(bytes, config())
        .map(|(value, _)| value)
        .map_err(|e| ProjectionError::corrupt(tree, e))
}

/// Builds a key: a one-byte table tag, then fixed-width big-endian parts, so byte order is
/// the order queries want.
#[derive(Debug, Clone)]
pub(crate) struct Key(Vec<u8>);

impl Key {
    pub(crate) fn new(table: u8) -> Key {
        let mut bytes = Vec::with_capacity(48);
        bytes.push(table);
        Key(bytes)
    }

    pub(crate) fn id(mut self, id: u128) -> Key {
        self.0.extend_from_slice(&id.to_be_bytes());
        self
    }

    pub(crate) fn u64(mut self, value: u64) -> Key {
        self.0.extend_from_slice(&value.to_be_bytes());
        self
    }

    /// A timestamp in ascending order.
    pub(crate) fn time(self, micros: i64) -> Key {
        self.u64(ordered(micros))
    }

    /// A timestamp in descending order (newest first when scanning forwards).
    pub(crate) fn time_desc(self, micros: i64) -> Key {
        self.u64(!ordered(micros))
    }

    pub(crate) fn code(mut self, code: StoredCode) -> Key {
        self.0.extend_from_slice(&code.0.to_be_bytes());
        self.0.extend_from_slice(&code.1.to_be_bytes());
        self
    }

    pub(crate) fn build(self) -> Vec<u8> {
        self.0
    }
}

/// Maps i64 onto u64 preserving order, for big-endian keys.
fn ordered(micros: i64) -> u64 {
    (micros as u64) ^ (1 << 63)
}

/// Reads a big-endian u128 id out of a key at `at`.
pub(crate) fn id_at(key: &[u8], at: usize) -> Option<u128> {
    key.get(at..at + 16)?
        .try_into()
        .ok()
        .map(u128::from_be_bytes)
}

/// A timestamp as stored: microseconds since the Unix epoch, UTC.
pub(crate) fn micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

/// A stored timestamp back as UTC.
pub(crate) fn time(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// China Standard Time: UTC+8, no daylight saving. Days on the dashboard are China days.
pub(crate) fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The China-time calendar day of an instant.
pub fn china_day(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&china()).date_naive()
}

/// A stored id as a u128.
pub(crate) fn uid(user: UserId) -> u128 {
    user.as_uuid().as_u128()
}

/// A stored u128 back as a user id.
pub(crate) fn user(id: u128) -> UserId {
    UserId::from_uuid(Uuid::from_u128(id))
}

/// A jurisdiction code as stored: the 12-digit division and the grid number (0 = none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode)]
pub(crate) struct StoredCode(pub(crate) u64, pub(crate) u16);

impl StoredCode {
    pub(crate) fn of(code: &JurisdictionCode) -> StoredCode {
        StoredCode(code.division(), code.grid_number().unwrap_or(0))
    }

    /// The code as text (`330106001001-G003`), cheaper than parsing it back.
    pub(crate) fn text(self) -> String {
        if self.1 == 0 {
            format!("{:012}", self.0)
        } else {
            format!("{:012}-G{:03}", self.0, self.1)
        }
    }
}

/// A category as one byte (its index in [`Category::ALL`]).
pub(crate) fn category_byte(category: Category) -> u8 {
    Category::ALL
        .iter()
        .position(|c| *c == category)
        .unwrap_or(0) as u8
}

/// A stored category byte back; `Other` for a damaged byte.
pub(crate) fn category(byte: u8) -> Category {
    Category::ALL
        .get(byte as usize)
        .copied()
        .unwrap_or(Category::Other)
}

/// Every status, in the order their bytes number them.
pub(crate) const STATUSES: [ComplaintStatus; 8] = [
    ComplaintStatus::Filed,
    ComplaintStatus::Triage,
    ComplaintStatus::Assigned,
    ComplaintStatus::InProgress,
    ComplaintStatus::Resolved,
    ComplaintStatus::Closed,
    ComplaintStatus::Withdrawn,
    ComplaintStatus::Merged,
];

/// A status as one byte.
pub(crate) fn status_byte(status: ComplaintStatus) -> u8 {
    STATUSES.iter().position(|s| *s == status).unwrap_or(0) as u8
}

/// A stored status byte back.
pub(crate) fn status(byte: u8) -> ComplaintStatus {
    STATUSES
        .get(byte as usize)
        .copied()
        .unwrap_or(ComplaintStatus::Filed)
}

/// An actor as stored: `None` for the system, else the user and the role's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub(crate) struct StoredActor(pub(crate) Option<(u128, u8)>);

impl StoredActor {
    pub(crate) fn of(actor: &Actor) -> StoredActor {
        StoredActor(match actor {
            Actor::System => None,
            Actor::User { user, role } => Some((
                uid(*user),
                Role::ALL.iter().position(|r| r == role).unwrap_or(0) as u8,
            )),
        })
    }

    pub(crate) fn actor(self) -> Actor {
        match self.0 {
            None => Actor::System,
            Some((id, role)) => Actor::User {
                user: user(id),
                role: Role::ALL
                    .get(role as usize)
                    .copied()
                    .unwrap_or(Role::Resident),
            },
        }
    }
}

/// Where a page starts: after the item a previous page ended with. Opaque to callers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cursor(String);

impl Cursor {
    pub(crate) fn from_key(key: &[u8]) -> Cursor {
        Cursor(hex::encode(key))
    }

    pub(crate) fn key(&self) -> Result<Vec<u8>, ProjectionError> {
        hex::decode(&self.0).map_err(|_| ProjectionError::InvalidQuery("malformed cursor".into()))
    }

    /// The cursor as text, for a query string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A cursor from a query string (checked when used).
    pub fn parse(text: &str) -> Cursor {
        Cursor(text.to_owned())
    }
}

/// Which page of a list: start after `after` (the previous page's `next`), at most `limit`
/// items (capped at [`Page::MAX_LIMIT`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Page {
    /// Where the previous page ended; `None` for the first page.
    pub after: Option<Cursor>,
    /// Most items to return.
    pub limit: usize,
}

impl Page {
    /// The largest page a query returns.
    pub const MAX_LIMIT: usize = 200;

    /// The first page of `limit` items.
    pub fn first(limit: usize) -> Page {
        Page { after: None, limit }
    }

    pub(crate) fn capped_limit(&self) -> usize {
        self.limit.clamp(1, Page::MAX_LIMIT)
    }
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageOf<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// Pass as [`Page::after`] for the next page; `None` when this was the last.
    pub next: Option<Cursor>,
}

/// Walks the keys of `prefix` in order starting after the cursor, keeps those `accept`
/// turns into items, and stops at `limit`: the paging every list query shares.
pub(crate) fn page_through<T>(
    tree: &sled::Tree,
    prefix: &[u8],
    page: &Page,
    descending: bool,
    mut accept: impl FnMut(&[u8], &[u8]) -> Result<Option<T>, ProjectionError>,
) -> Result<PageOf<T>, ProjectionError> {
    let limit = page.capped_limit();
    let after = page.after.as_ref().map(Cursor::key).transpose()?;
    if let Some(after) = &after {
        if !after.starts_with(prefix) {
            return Err(ProjectionError::InvalidQuery(
                "the cursor belongs to another list".into(),
            ));
        }
    }
    let mut end = prefix.to_vec();
    // Every key of the prefix sorts below prefix ++ 0xFF…; ids and times never fill 64 bytes of 0xFF.
    end.extend_from_slice(&[0xFF; 64]);
    let range: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> =
        match (descending, after) {
            (false, None) => Box::new(tree.range(prefix.to_vec()..end)),
            (false, Some(a)) => {
                Box::new(tree.range((std::ops::Bound::Excluded(a), std::ops::Bound::Excluded(end))))
            }
            (true, None) => Box::new(tree.range(prefix.to_vec()..end).rev()),
            (true, Some(a)) => Box::new(tree.range(prefix.to_vec()..a).rev()),
        };
    let mut items = Vec::new();
    let mut last_key = None;
    for kv in range {
        let (key, value) = kv?;
        if let Some(item) = accept(&key, &value)? {
            items.push(item);
            if items.len() == limit {
                last_key = Some(key.to_vec());
                break;
            }
        }
    }
    Ok(PageOf {
        items,
        next: last_key.map(|k| Cursor::from_key(&k)),
    })
}
