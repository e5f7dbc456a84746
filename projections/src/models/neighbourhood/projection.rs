//! Folding neighbourhood events into item records, feeds and counters.
//!
//! Every item record is read (through the batch's overlay), changed and written back; its
//! counter contributions before and after are subtracted and added, so the counters always
//! equal a fresh sum over the records, as in the dashboard.

use linli_domain::neighbourhood::activity::ActivityEvent;
use linli_domain::neighbourhood::forum::{ForumEvent, Target};
use linli_domain::neighbourhood::help::{HelpEvent, HelpStatus};
use linli_domain::neighbourhood::idea::IdeaEvent;
use linli_domain::neighbourhood::listing::{ListingEvent, ListingStatus};
use linli_domain::Actor;
use linli_engine::codec::NeighbourhoodEvent;
use linli_engine::AnyEvent;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::keys::{comment_key, count_key, feed_key, record_key, Kind};
use super::views::*;
use crate::error::ProjectionError;
use crate::models::common::micros;
use crate::runtime::{Envelope, Projection, Staged};

/// Folds neighbourhood events.
#[derive(Debug, Default)]
pub struct NeighbourhoodProjection;

impl Projection<AnyEvent> for NeighbourhoodProjection {
    fn apply(
        &mut self,
        envelope: &Envelope<AnyEvent>,
        staged: &mut Staged<'_>,
    ) -> Result<(), ProjectionError> {
        let AnyEvent::Neighbourhood(event) = &envelope.event else {
            return Ok(());
        };
        match event {
            NeighbourhoodEvent::Forum(id, e) => forum(staged, id.as_uuid().as_u128(), e),
            NeighbourhoodEvent::Activity(id, e) => activity(staged, id.as_uuid().as_u128(), e),
            NeighbourhoodEvent::Listing(id, e) => listing(staged, id.as_uuid().as_u128(), e),
            NeighbourhoodEvent::Help(id, e) => help(staged, id.as_uuid().as_u128(), e),
            NeighbourhoodEvent::Idea(id, e) => idea(staged, id.as_uuid().as_u128(), e),
        }
    }
}

/// What one record adds to the counters.
trait Counted {
    fn contributions(&self) -> Vec<(String, i64)>;
}

fn read<V: DeserializeOwned>(
    staged: &Staged<'_>,
    key: &[u8],
) -> Result<Option<V>, ProjectionError> {
    staged
        .get(key)?
        .map(|bytes| {
            serde_json::from_slice(&bytes).map_err(|e| ProjectionError::corrupt(staged.tree(), e))
        })
        .transpose()
}

fn write<V: Serialize>(staged: &mut Staged<'_>, key: Vec<u8>, value: &V) {
    // Serializing plain views into a Vec cannot fail.
    staged.insert(key, serde_json::to_vec(value).unwrap_or_default());
}

fn add(staged: &mut Staged<'_>, name: &str, delta: i64) -> Result<(), ProjectionError> {
    if delta == 0 {
        return Ok(());
    }
    let key = count_key(name);
    let old = match staged.get(&key)? {
        Some(bytes) => i64::from_be_bytes(
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| ProjectionError::corrupt(staged.tree(), "bad counter"))?,
        ),
        None => 0,
    };
    match old + delta {
        0 => staged.remove(key),
        value => staged.insert(key, value.to_be_bytes().to_vec()),
    }
    Ok(())
}

/// Creates a record, indexes it in its feed and counts it.
fn create<V: Serialize + Counted>(
    staged: &mut Staged<'_>,
    kind: Kind,
    id: u128,
    at: i64,
    view: &V,
) -> Result<(), ProjectionError> {
    if staged.get(&record_key(kind, id))?.is_some() {
        return Ok(());
    }
    staged.insert(feed_key(kind, at, id), Vec::new());
    write(staged, record_key(kind, id), view);
    for (name, delta) in view.contributions() {
        add(staged, &name, delta)?;
    }
    Ok(())
}

/// Changes a record and moves its counter contributions.
fn update<V: Serialize + DeserializeOwned + Counted>(
    staged: &mut Staged<'_>,
    kind: Kind,
    id: u128,
    change: impl FnOnce(&mut V),
) -> Result<(), ProjectionError> {
    let key = record_key(kind, id);
    let Some(mut view) = read::<V>(staged, &key)? else {
        return Ok(());
    };
    for (name, delta) in view.contributions() {
        add(staged, &name, -delta)?;
    }
    change(&mut view);
    for (name, delta) in view.contributions() {
        add(staged, &name, delta)?;
    }
    write(staged, key, &view);
    Ok(())
}

impl Counted for PostView {
    fn contributions(&self) -> Vec<(String, i64)> {
        let mut out = vec![("posts".to_owned(), 1)];
        if self.hidden.is_some() {
            out.push(("posts_hidden".to_owned(), 1));
        }
        out
    }
}

impl Counted for ActivityView {
    fn contributions(&self) -> Vec<(String, i64)> {
        let mut out = vec![
            ("activities".to_owned(), 1),
            (format!("activity.{}", self.status.as_str()), 1),
        ];
        if self.status != ActivityStatus::Cancelled {
            out.push(("seats_taken".to_owned(), i64::from(self.registered)));
            out.push(("waitlisted".to_owned(), i64::from(self.waitlisted)));
        }
        out
    }
}

impl Counted for ListingView {
    fn contributions(&self) -> Vec<(String, i64)> {
        vec![
            ("listings".to_owned(), 1),
            (format!("listing.{}", self.status.as_str()), 1),
        ]
    }
}

impl Counted for HelpView {
    fn contributions(&self) -> Vec<(String, i64)> {
        vec![
            ("help".to_owned(), 1),
            (format!("help.{}", self.status.as_str()), 1),
        ]
    }
}

impl Counted for IdeaView {
    fn contributions(&self) -> Vec<(String, i64)> {
        let response = self
            .response
            .as_ref()
            .map_or("unanswered", |r| r.decision.as_str());
        vec![
            ("ideas".to_owned(), 1),
            (format!("idea.{response}"), 1),
            ("idea_supports".to_owned(), i64::from(self.supports)),
        ]
    }
}

fn moderator_of(actor: &Actor) -> linli_domain::UserId {
    actor.user().unwrap_or(linli_domain::UserId::from_u128(0))
}

fn forum(staged: &mut Staged<'_>, id: u128, event: &ForumEvent) -> Result<(), ProjectionError> {
    match event {
        ForumEvent::Published(e) => create(
            staged,
            Kind::Post,
            id,
            micros(e.at),
            &PostView {
                id: e.post_id,
                community: e.community,
                author: e.author,
                title: Some(e.title.clone()),
                body: Some(e.body.clone()),
                media: e.media.len() as u32,
                published_at: e.at,
                comments: 0,
                hidden: None,
            },
        ),
        ForumEvent::Commented(e) => {
            let comment = CommentView {
                number: e.number,
                author: moderator_of(&e.author),
                role: e.author.role().unwrap_or(linli_domain::Role::Resident),
                text: Some(e.text.clone()),
                at: e.at,
                hidden: None,
            };
            write(staged, comment_key(id, e.number), &comment);
            add(staged, "comments", 1)?;
            update(staged, Kind::Post, id, |p: &mut PostView| p.comments += 1)
        }
        ForumEvent::Hidden(e) => {
            let moderation = Moderation {
                reason: Some(e.reason.clone()),
                moderator: moderator_of(&e.moderator),
                at: e.at,
            };
            moderate(staged, id, e.target, Some(moderation))
        }
        ForumEvent::Restored(e) => moderate(staged, id, e.target, None),
    }
}

fn moderate(
    staged: &mut Staged<'_>,
    id: u128,
    target: Target,
    moderation: Option<Moderation>,
) -> Result<(), ProjectionError> {
    match target {
        Target::Post => update(staged, Kind::Post, id, |p: &mut PostView| {
            p.hidden = moderation
        }),
        Target::Comment { number } => {
            let key = comment_key(id, number);
            let Some(mut comment) = read::<CommentView>(staged, &key)? else {
                return Ok(());
            };
            let delta = i64::from(moderation.is_some()) - i64::from(comment.hidden.is_some());
            comment.hidden = moderation;
            write(staged, key, &comment);
            add(staged, "comments_hidden", delta)
        }
    }
}

fn seat_status(a: &ActivityView) -> ActivityStatus {
    if a.status == ActivityStatus::Cancelled {
        ActivityStatus::Cancelled
    } else if a.registered >= a.capacity {
        ActivityStatus::Full
    } else {
        ActivityStatus::Open
    }
}

fn activity(
    staged: &mut Staged<'_>,
    id: u128,
    event: &ActivityEvent,
) -> Result<(), ProjectionError> {
    let change = |a: &mut ActivityView| {
        match event {
            ActivityEvent::Scheduled(_) => {}
            ActivityEvent::Registered(e) => a.seats.push(e.user),
            ActivityEvent::Waitlisted(e) => a.waitlist.push(e.user),
            ActivityEvent::RegistrationCancelled(e) => {
                a.seats.retain(|u| *u != e.user);
                a.waitlist.retain(|u| *u != e.user);
            }
            ActivityEvent::Promoted(e) => {
                a.waitlist.retain(|u| *u != e.user);
                a.seats.push(e.user);
            }
            ActivityEvent::Cancelled(e) => {
                a.status = ActivityStatus::Cancelled;
                a.cancel_reason = Some(e.reason.clone());
            }
        }
        a.registered = a.seats.len() as u32;
        a.waitlisted = a.waitlist.len() as u32;
        a.status = seat_status(a);
    };
    match event {
        ActivityEvent::Scheduled(e) => create(
            staged,
            Kind::Activity,
            id,
            micros(e.at),
            &ActivityView {
                id: e.activity_id,
                community: e.community,
                title: e.title.clone(),
                description: e.description.clone(),
                place: e.place.clone(),
                starts_at: e.starts_at,
                capacity: e.capacity,
                organiser: moderator_of(&e.organiser),
                registered: 0,
                waitlisted: 0,
                seats: Vec::new(),
                waitlist: Vec::new(),
                status: ActivityStatus::Open,
                cancel_reason: None,
                scheduled_at: e.at,
            },
        ),
        _ => update(staged, Kind::Activity, id, change),
    }
}

fn listing(staged: &mut Staged<'_>, id: u128, event: &ListingEvent) -> Result<(), ProjectionError> {
    let (status, at) = match event {
        ListingEvent::Listed(e) => {
            return create(
                staged,
                Kind::Listing,
                id,
                micros(e.at),
                &ListingView {
                    id: e.listing_id,
                    community: e.community,
                    owner: e.owner,
                    title: e.title.clone(),
                    description: e.description.clone(),
                    price_fen: e.price.0,
                    media: e.media.len() as u32,
                    status: ListingStatus::Listed,
                    counterpart: None,
                    listed_at: e.at,
                    updated_at: e.at,
                },
            )
        }
        ListingEvent::Reserved(e) => (ListingStatus::Reserved, e.at),
        ListingEvent::Released(e) => (ListingStatus::Listed, e.at),
        ListingEvent::Exchanged(e) => (ListingStatus::Exchanged, e.at),
        ListingEvent::Withdrawn(e) => (ListingStatus::Withdrawn, e.at),
    };
    update(staged, Kind::Listing, id, |l: &mut ListingView| {
        match event {
            ListingEvent::Reserved(e) => l.counterpart = Some(e.for_user),
            ListingEvent::Released(_) => l.counterpart = None,
            ListingEvent::Exchanged(e) => l.counterpart = Some(e.with),
            _ => {}
        }
        l.status = status;
        l.updated_at = at;
    })
}

fn help(staged: &mut Staged<'_>, id: u128, event: &HelpEvent) -> Result<(), ProjectionError> {
    let (status, at) = match event {
        HelpEvent::Requested(e) => {
            return create(
                staged,
                Kind::Help,
                id,
                micros(e.at),
                &HelpView {
                    id: e.help_id,
                    community: e.community,
                    requester: e.requester,
                    title: e.title.clone(),
                    description: e.description.clone(),
                    needed_by: e.needed_by,
                    status: HelpStatus::Posted,
                    helper: None,
                    offer_note: None,
                    requested_at: e.at,
                    updated_at: e.at,
                },
            )
        }
        HelpEvent::Offered(e) => (HelpStatus::Offered, e.at),
        HelpEvent::Done(e) => (HelpStatus::Done, e.at),
        HelpEvent::Cancelled(e) => (HelpStatus::Cancelled, e.at),
    };
    update(staged, Kind::Help, id, |h: &mut HelpView| {
        if let HelpEvent::Offered(e) = event {
            h.helper = Some(e.helper);
            h.offer_note = e.note.clone();
        }
        h.status = status;
        h.updated_at = at;
    })
}

fn idea(staged: &mut Staged<'_>, id: u128, event: &IdeaEvent) -> Result<(), ProjectionError> {
    match event {
        IdeaEvent::Proposed(e) => create(
            staged,
            Kind::Idea,
            id,
            micros(e.at),
            &IdeaView {
                id: e.idea_id,
                community: e.community,
                author: e.author,
                title: e.title.clone(),
                body: e.body.clone(),
                supports: 0,
                response: None,
                proposed_at: e.at,
            },
        ),
        IdeaEvent::Supported(_) => {
            update(staged, Kind::Idea, id, |i: &mut IdeaView| i.supports += 1)
        }
        IdeaEvent::Responded(e) => update(staged, Kind::Idea, id, |i: &mut IdeaView| {
            i.response = Some(IdeaResponse {
                decision: e.decision,
                text: e.text.clone(),
                responder: moderator_of(&e.responder),
                at: e.at,
            })
        }),
    }
}
