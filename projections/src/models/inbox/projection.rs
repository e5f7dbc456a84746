//! Stores the messages [`messages_for`] produces, per user, with unread state and counts,
//! and applies the users' `inbox.read` events.

use bincode::{Decode, Encode};
use linli_domain::complaint::ComplaintEvent;
use linli_domain::inbox::{InboxEvent, ReadSelection};
use linli_domain::services::order::OrderEvent;
use linli_domain::user::UserEvent;
use linli_domain::{ComplaintId, JurisdictionCode, OrderId, ProviderId, UserId};
use linli_engine::AnyEvent;
use uuid::Uuid;

use super::messages::{messages_for, MessageKind, OrderParties, Parties};
use crate::error::ProjectionError;
use crate::models::common::{decode, encode, id_at, micros, uid, user, Key, StoredCode};
use crate::runtime::{Envelope, Projection, Staged};

/// `[PARTY_ORDER][order]` → [`PartyRec`].
const PARTY_ORDER: u8 = 1;
/// `[PARTY_COMPLAINT][complaint]` → the filer's id, 16 bytes.
const PARTY_COMPLAINT: u8 = 2;
/// `[MESSAGE][user][id desc]` → [`MessageRec`].
pub(crate) const MESSAGE: u8 = 3;
/// `[UNREAD][user][id asc]` → empty.
pub(crate) const UNREAD: u8 = 4;
/// `[UNREAD_COUNT][user]` → u64, big-endian.
pub(crate) const UNREAD_COUNT: u8 = 5;

/// `[HOME][user]` → the user's home grid as a [`StoredCode`] (10 bytes).
const HOME: u8 = 6;
/// `[RESIDENT_UNDER][place][user]` → empty: one row per node at or above a user's home
/// grid, so an announcement for a village finds every resident of its grids.
const RESIDENT_UNDER: u8 = 7;

/// Messages per event at most; a message's id is `position × PER_EVENT + index`, so ids
/// grow with the log and one event may address many people (an announcement reaches every
/// resident of its place). 2^20 keeps ids below 2^53 (exact in JavaScript) for 2^33 events.
const PER_EVENT: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct PartyRec {
    resident: u128,
    provider: u128,
    service_name: String,
}

/// A message as stored.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub(crate) struct MessageRec {
    pub(crate) id: u64,
    pub(crate) kind: u8,
    pub(crate) subject: String,
    pub(crate) title: String,
    pub(crate) body: String,
    pub(crate) at: i64,
    pub(crate) read: bool,
}

pub(crate) fn message_key(owner: u128, id: u64) -> Vec<u8> {
    Key::new(MESSAGE).id(owner).u64(!id).build()
}

pub(crate) fn unread_key(owner: u128, id: u64) -> Vec<u8> {
    Key::new(UNREAD).id(owner).u64(id).build()
}

pub(crate) fn count_key(owner: u128) -> Vec<u8> {
    Key::new(UNREAD_COUNT).id(owner).build()
}

pub(crate) fn read_count(bytes: Option<&[u8]>) -> u64 {
    bytes
        .and_then(|b| b.try_into().ok())
        .map(u64::from_be_bytes)
        .unwrap_or(0)
}

/// The inbox projection.
#[derive(Debug, Default)]
pub struct InboxProjection;

/// Answers [`Parties`] from the staged batch (so a reservation and its payment in one batch
/// see each other).
struct StagedParties<'a, 'b>(&'a Staged<'b>);

impl Parties for StagedParties<'_, '_> {
    fn order(&self, order: OrderId) -> Result<Option<OrderParties>, ProjectionError> {
        let key = Key::new(PARTY_ORDER).id(order.as_uuid().as_u128()).build();
        let Some(bytes) = self.0.get(&key)? else {
            return Ok(None);
        };
        let rec: PartyRec = decode(self.0.tree(), &bytes)?;
        Ok(Some(OrderParties {
            resident: user(rec.resident),
            provider: ProviderId::from_uuid(Uuid::from_u128(rec.provider)),
            service_name: rec.service_name,
        }))
    }

    fn complaint_filer(&self, complaint: ComplaintId) -> Result<Option<UserId>, ProjectionError> {
        let key = Key::new(PARTY_COMPLAINT)
            .id(complaint.as_uuid().as_u128())
            .build();
        Ok(self
            .0
            .get(&key)?
            .and_then(|b| b.as_slice().try_into().ok())
            .map(|b: [u8; 16]| user(u128::from_be_bytes(b))))
    }

    fn residents_under(&self, place: &JurisdictionCode) -> Result<Vec<UserId>, ProjectionError> {
        let prefix = Key::new(RESIDENT_UNDER).code(StoredCode::of(place)).build();
        Ok(self
            .0
            .keys_with_prefix(&prefix)?
            .iter()
            .filter_map(|key| id_at(key, prefix.len()))
            .map(user)
            .collect())
    }
}

impl Projection<AnyEvent> for InboxProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        remember_parties(&envelope.event, staged);
        if let AnyEvent::User(who, UserEvent::ProfileUpdated(e)) = &envelope.event {
            remember_home(staged, uid(*who), e.home_grid.as_ref())?;
        }
        if let AnyEvent::Inbox(owner, InboxEvent::Read(e)) = &envelope.event {
            return mark_read(staged, uid(*owner), &e.which);
        }
        let addressed = messages_for(&envelope.event, &StagedParties(staged))?;
        let at = micros(envelope.recorded_at);
        for (index, a) in addressed.into_iter().take(PER_EVENT as usize).enumerate() {
            let id = envelope.position.0 * PER_EVENT + index as u64;
            let owner = uid(a.to);
            let rec = MessageRec {
                id,
                kind: MessageKind::ALL
                    .iter()
                    .position(|k| *k == a.message.kind)
                    .unwrap_or(0) as u8,
                subject: a.message.subject.to_string(),
                title: a.message.title,
                body: a.message.body,
                at,
                read: false,
            };
            staged.insert(message_key(owner, id), encode(&rec));
            staged.insert(unread_key(owner, id), Vec::new());
            bump(staged, owner, 1)?;
        }
        Ok(())
    }
}

fn remember_parties(event: &AnyEvent, staged: &mut Staged<'_>) {
    match event {
        AnyEvent::Order(id, OrderEvent::Reserved(e)) => staged.insert(
            Key::new(PARTY_ORDER).id(id.as_uuid().as_u128()).build(),
            encode(&PartyRec {
                resident: uid(e.resident),
                provider: e.provider.as_uuid().as_u128(),
                service_name: e.service_name.clone(),
            }),
        ),
        AnyEvent::Complaint(id, ComplaintEvent::Filed(e)) => staged.insert(
            Key::new(PARTY_COMPLAINT).id(id.as_uuid().as_u128()).build(),
            uid(e.resident).to_be_bytes().to_vec(),
        ),
        _ => {}
    }
}

/// Moves a user's rows in the resident index from their old home grid to the new one.
fn remember_home(
    staged: &mut Staged<'_>,
    who: u128,
    home: Option<&JurisdictionCode>,
) -> Result<(), ProjectionError> {
    let home_key = Key::new(HOME).id(who).build();
    let new = home.map(StoredCode::of);
    let old: Option<StoredCode> = match staged.get(&home_key)? {
        Some(bytes) => Some(decode(staged.tree(), &bytes)?),
        None => None,
    };
    if old == new {
        return Ok(());
    }
    let chain = |code: StoredCode| -> Vec<StoredCode> {
        code.text()
            .parse::<JurisdictionCode>()
            .map(|c| c.self_and_ancestors().map(|a| StoredCode::of(&a)).collect())
            .unwrap_or_default()
    };
    if let Some(old) = old {
        for node in chain(old) {
            staged.remove(Key::new(RESIDENT_UNDER).code(node).id(who).build());
        }
    }
    match new {
        Some(new) => {
            for node in chain(new) {
                staged.insert(
                    Key::new(RESIDENT_UNDER).code(node).id(who).build(),
                    Vec::new(),
                );
            }
            staged.insert(home_key, encode(&new));
        }
        None => staged.remove(home_key),
    }
    Ok(())
}

fn bump(staged: &mut Staged<'_>, owner: u128, delta: i64) -> Result<(), ProjectionError> {
    let key = count_key(owner);
    let count = read_count(staged.get(&key)?.as_deref());
    let next = count.saturating_add_signed(delta);
    staged.insert(key, next.to_be_bytes().to_vec());
    Ok(())
}

fn mark_read(
    staged: &mut Staged<'_>,
    owner: u128,
    which: &ReadSelection,
) -> Result<(), ProjectionError> {
    let ids: Vec<u64> = match which {
        ReadSelection::Messages(ids) => ids.clone(),
        ReadSelection::UpTo(up_to) => {
            // The unread index as committed, plus nothing from this batch: messages and
            // their reads are never in one batch out of order, because a read names ids the
            // reader has seen, i.e. committed ones.
            let start = unread_key(owner, 0);
            let end = unread_key(owner, up_to.saturating_add(1));
            let mut ids = Vec::new();
            for kv in staged.tree().range(start..end) {
                let (key, _) = kv?;
                if let Some(b) = key.get(17..25).and_then(|b| b.try_into().ok()) {
                    ids.push(u64::from_be_bytes(b));
                }
            }
            ids
        }
    };
    for id in ids {
        let ukey = unread_key(owner, id);
        if staged.get(&ukey)?.is_none() {
            continue;
        }
        staged.remove(ukey);
        let mkey = message_key(owner, id);
        if let Some(bytes) = staged.get(&mkey)? {
            let mut rec: MessageRec = decode(staged.tree(), &bytes)?;
            rec.read = true;
            staged.insert(mkey, encode(&rec));
        }
        bump(staged, owner, -1)?;
    }
    Ok(())
}
