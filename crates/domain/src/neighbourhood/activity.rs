//! Community events (社区活动) with registration, capacity and a waitlist.
//!
//! The event's stream is the consistency boundary for its seats: `decide` hands out a seat
//! only while fewer than `capacity` residents hold one, and the engine appends with the
//! expected stream version, so two registrations decided on the same state cannot both be
//! written; the loser is decided again on the new state (and waitlisted if the seats ran
//! out). Cancelling a seat promotes the first resident on the waitlist in the same append.

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{acting_as, Item, NeighbourhoodError};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{ActivityId, JurisdictionCode, UserId};
use crate::validate::{self, ValidationError};

const ITEM: Item = Item::Activity;
const MAX_TITLE: usize = 60;
const MAX_DESCRIPTION: usize = 2000;
const MAX_PLACE: usize = 100;
const MAX_REASON: usize = 200;
/// The largest capacity: a township square, not a stadium.
pub const MAX_CAPACITY: u32 = 10_000;

/// A command for one community event stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivityCommand {
    /// Announce an event. Who: a cadre or manager (the API checks the scope).
    Schedule(ScheduleActivity),
    /// Take a seat, or a waitlist place when full. Who: a resident.
    Register(RegisterForActivity),
    /// Give up one's seat or waitlist place. Who: the registered resident.
    CancelRegistration(CancelRegistration),
    /// Call the event off. Who: the organiser, or a manager.
    Cancel(CancelActivity),
}

/// Schedule an event into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleActivity {
    /// The id the caller generated.
    pub activity_id: ActivityId,
    /// The community it is for.
    pub community: JurisdictionCode,
    /// Title (1–60 characters).
    pub title: String,
    /// Description (1–2000 characters).
    pub description: String,
    /// Where (1–100 characters).
    pub place: String,
    /// When it starts; registration closes then. Must be after `at`.
    pub starts_at: DateTime<Utc>,
    /// Seats (1–10 000).
    pub capacity: u32,
    /// A cadre or manager: the organiser.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Register for an event.
#[derive(Debug, Clone, PartialEq)]
pub struct RegisterForActivity {
    /// A resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Cancel one's own registration.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelRegistration {
    /// The registered resident.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Cancel the event.
#[derive(Debug, Clone, PartialEq)]
pub struct CancelActivity {
    /// Why (1–200 characters), told to everyone registered.
    pub reason: String,
    /// The organiser or a manager.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a community event.
    pub enum ActivityEvent {
        /// A cadre or manager announced it.
        Scheduled(ActivityScheduled) = ("activity.scheduled", 1),
        /// A resident took a seat.
        Registered(ActivityRegistered) = ("activity.registered", 1),
        /// A resident joined the waitlist (all seats taken).
        Waitlisted(ActivityWaitlisted) = ("activity.waitlisted", 1),
        /// A resident gave up a seat or a waitlist place.
        RegistrationCancelled(RegistrationCancelled) = ("activity.registration_cancelled", 1),
        /// The first waitlisted resident got the seat that was freed.
        Promoted(ActivityPromoted) = ("activity.promoted", 1),
        /// The organiser called it off.
        Cancelled(ActivityCancelled) = ("activity.cancelled", 1),
    }
}

/// `activity.scheduled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityScheduled {
    /// Its id.
    pub activity_id: ActivityId,
    /// The community.
    pub community: JurisdictionCode,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Where.
    pub place: String,
    /// Start; registration closes then.
    pub starts_at: DateTime<Utc>,
    /// Seats.
    pub capacity: u32,
    /// The organiser, in their role.
    pub organiser: Actor,
    /// When announced.
    pub at: DateTime<Utc>,
}

/// `activity.registered` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRegistered {
    /// The resident.
    pub user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `activity.waitlisted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityWaitlisted {
    /// The resident.
    pub user: UserId,
    /// Their place in the queue when they joined (1 = next to be promoted).
    pub place: u32,
    /// When.
    pub at: DateTime<Utc>,
}

/// `activity.registration_cancelled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationCancelled {
    /// The resident.
    pub user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `activity.promoted` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityPromoted {
    /// The resident who moved from the waitlist to a seat.
    pub user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `activity.cancelled` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityCancelled {
    /// Why.
    pub reason: String,
    /// Who called it off.
    pub by: Actor,
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of an event stream: `None` until scheduled.
pub type ActivityState = Option<ActivityRecord>;

/// A scheduled event as `decide` needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ActivityRecord {
    /// Its id.
    pub id: ActivityId,
    /// The community.
    pub community: JurisdictionCode,
    /// Seats.
    pub capacity: u32,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// The organiser.
    pub organiser: UserId,
    /// Seat holders, in the order they got their seat; never longer than `capacity`.
    pub seats: Vec<UserId>,
    /// The waitlist, first in line first.
    pub waitlist: VecDeque<UserId>,
    /// Called off.
    pub cancelled: bool,
}

/// The community event aggregate; one stream `activity-{uuid}` per event.
#[derive(Debug, Clone, Copy, Default)]
pub struct Activity;

impl Aggregate for Activity {
    const NAME: &'static str = "activity";
    type Command = ActivityCommand;
    type Event = ActivityEvent;
    type State = ActivityState;
    type Error = NeighbourhoodError;

    fn decide(
        command: &ActivityCommand,
        state: &ActivityState,
    ) -> Result<Vec<ActivityEvent>, NeighbourhoodError> {
        match (command, state) {
            (ActivityCommand::Schedule(_), Some(_)) => Err(NeighbourhoodError::AlreadyExists(ITEM)),
            (ActivityCommand::Schedule(cmd), None) => schedule(cmd),
            (_, None) => Err(NeighbourhoodError::NotFound(ITEM)),
            (_, Some(a)) if a.cancelled => Err(NeighbourhoodError::illegal(
                ITEM,
                action_of(command),
                "cancelled",
            )),
            (ActivityCommand::Register(cmd), Some(a)) => register(cmd, a),
            (ActivityCommand::CancelRegistration(cmd), Some(a)) => {
                let user = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents register")?;
                if cmd.at >= a.starts_at {
                    return Err(NeighbourhoodError::illegal(ITEM, "leave", "under way"));
                }
                let had_seat = a.seats.contains(&user);
                if !had_seat && !a.waitlist.contains(&user) {
                    return Err(NeighbourhoodError::NotRegistered);
                }
                let mut events = vec![RegistrationCancelled { user, at: cmd.at }.into()];
                if let (true, Some(next)) = (had_seat, a.waitlist.front()) {
                    events.push(
                        ActivityPromoted {
                            user: *next,
                            at: cmd.at,
                        }
                        .into(),
                    );
                }
                Ok(events)
            }
            (ActivityCommand::Cancel(cmd), Some(a)) => {
                let user = acting_as(
                    &cmd.by,
                    &[Role::Cadre, Role::Manager],
                    ITEM,
                    "the organiser or a manager cancels",
                )?;
                if user != a.organiser && !cmd.by.has_role(Role::Manager) {
                    return Err(NeighbourhoodError::not_allowed(
                        ITEM,
                        cmd.by,
                        "the organiser or a manager cancels",
                    ));
                }
                let reason = validate::text("reason", &cmd.reason, MAX_REASON)?;
                Ok(vec![ActivityCancelled {
                    reason,
                    by: cmd.by,
                    at: cmd.at,
                }
                .into()])
            }
        }
    }

    fn evolve(state: ActivityState, event: &ActivityEvent) -> ActivityState {
        let Some(mut a) = state else {
            return match event {
                ActivityEvent::Scheduled(e) => Some(ActivityRecord {
                    id: e.activity_id,
                    community: e.community,
                    capacity: e.capacity,
                    starts_at: e.starts_at,
                    organiser: e.organiser.user().unwrap_or(UserId::from_u128(0)),
                    seats: Vec::new(),
                    waitlist: VecDeque::new(),
                    cancelled: false,
                }),
                _ => None,
            };
        };
        match event {
            ActivityEvent::Scheduled(_) => {}
            ActivityEvent::Registered(e) => a.seats.push(e.user),
            ActivityEvent::Waitlisted(e) => a.waitlist.push_back(e.user),
            ActivityEvent::RegistrationCancelled(e) => {
                a.seats.retain(|u| *u != e.user);
                a.waitlist.retain(|u| *u != e.user);
            }
            ActivityEvent::Promoted(e) => {
                a.waitlist.retain(|u| *u != e.user);
                a.seats.push(e.user);
            }
            ActivityEvent::Cancelled(_) => a.cancelled = true,
        }
        Some(a)
    }
}

fn action_of(command: &ActivityCommand) -> &'static str {
    match command {
        ActivityCommand::Schedule(_) => "schedule",
        ActivityCommand::Register(_) => "register for",
        ActivityCommand::CancelRegistration(_) => "leave",
        ActivityCommand::Cancel(_) => "cancel",
    }
}

fn schedule(cmd: &ScheduleActivity) -> Result<Vec<ActivityEvent>, NeighbourhoodError> {
    acting_as(
        &cmd.by,
        &[Role::Cadre, Role::Manager],
        ITEM,
        "cadres and managers organise events",
    )?;
    let title = validate::text("title", &cmd.title, MAX_TITLE)?;
    let description = validate::text("description", &cmd.description, MAX_DESCRIPTION)?;
    let place = validate::text("place", &cmd.place, MAX_PLACE)?;
    if cmd.capacity == 0 || cmd.capacity > MAX_CAPACITY {
        return Err(ValidationError::Invalid {
            field: "capacity",
            reason: "must be between 1 and 10000",
        }
        .into());
    }
    if cmd.starts_at <= cmd.at {
        return Err(ValidationError::Invalid {
            field: "starts_at",
            reason: "must be in the future",
        }
        .into());
    }
    Ok(vec![ActivityScheduled {
        activity_id: cmd.activity_id,
        community: cmd.community,
        title,
        description,
        place,
        starts_at: cmd.starts_at,
        capacity: cmd.capacity,
        organiser: cmd.by,
        at: cmd.at,
    }
    .into()])
}

fn register(
    cmd: &RegisterForActivity,
    a: &ActivityRecord,
) -> Result<Vec<ActivityEvent>, NeighbourhoodError> {
    let user = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents register")?;
    if cmd.at >= a.starts_at {
        return Err(NeighbourhoodError::illegal(
            ITEM,
            "register for",
            "under way",
        ));
    }
    if a.seats.contains(&user) || a.waitlist.contains(&user) {
        return Err(NeighbourhoodError::AlreadyRegistered);
    }
    // The one place a seat is handed out: strictly fewer holders than seats.
    if (a.seats.len() as u64) < u64::from(a.capacity) {
        return Ok(vec![ActivityRegistered { user, at: cmd.at }.into()]);
    }
    Ok(vec![ActivityWaitlisted {
        user,
        place: a.waitlist.len() as u32 + 1,
        at: cmd.at,
    }
    .into()])
}
