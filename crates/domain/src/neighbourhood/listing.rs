//! Second-hand listings (闲置交换): listed → reserved → exchanged, or withdrawn; a reserved
//! listing can be released back to listed. Only the owner changes their listing's state:
//! neighbours ask in person or in the comments, the owner records who it is reserved for.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{acting_as, Item, NeighbourhoodError};
use crate::actor::{Actor, Role};
use crate::aggregate::Aggregate;
use crate::event::domain_events;
use crate::ids::{JurisdictionCode, ListingId, MediaId, UserId};
use crate::money::Fen;
use crate::validate::{self, ValidationError};

const ITEM: Item = Item::Listing;
const MAX_TITLE: usize = 60;
const MAX_DESCRIPTION: usize = 1000;
/// ¥100 000: a neighbourhood swap, not a car sale.
pub const MAX_PRICE: Fen = Fen(10_000_000);

/// Where a listing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ListingStatus {
    /// On offer.
    Listed,
    /// Promised to one neighbour.
    Reserved,
    /// Handed over (final).
    Exchanged,
    /// Taken off by the owner (final).
    Withdrawn,
}

impl ListingStatus {
    /// Every status.
    pub const ALL: [ListingStatus; 4] = [
        ListingStatus::Listed,
        ListingStatus::Reserved,
        ListingStatus::Exchanged,
        ListingStatus::Withdrawn,
    ];

    /// The stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Listed => "listed",
            ListingStatus::Reserved => "reserved",
            ListingStatus::Exchanged => "exchanged",
            ListingStatus::Withdrawn => "withdrawn",
        }
    }
}

/// A command for one listing stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ListingCommand {
    /// Put something on offer. Who: a resident.
    List(CreateListing),
    /// Promise it to a neighbour. Who: the owner.
    Reserve(ReserveListing),
    /// Take the promise back (listed again). Who: the owner.
    Release(OwnerAction),
    /// Record the hand-over. Who: the owner.
    Exchange(OwnerAction),
    /// Take it off. Who: the owner.
    Withdraw(OwnerAction),
}

/// List an item into an empty stream.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateListing {
    /// The id the caller generated.
    pub listing_id: ListingId,
    /// The community it is offered in.
    pub community: JurisdictionCode,
    /// Title (1–60 characters).
    pub title: String,
    /// Description (1–1000 characters).
    pub description: String,
    /// Asking price in fen; 0 = free.
    pub price: Fen,
    /// Photos, at most nine.
    pub media: Vec<MediaId>,
    /// A resident: the owner.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// Reserve for a neighbour.
#[derive(Debug, Clone, PartialEq)]
pub struct ReserveListing {
    /// The neighbour it is promised to (not the owner).
    pub for_user: UserId,
    /// The owner.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

/// A state change only the owner makes.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerAction {
    /// The owner.
    pub by: Actor,
    /// Now.
    pub at: DateTime<Utc>,
}

domain_events! {
    /// Every fact about a listing.
    pub enum ListingEvent {
        /// A resident listed an item.
        Listed(ItemListed) = ("listing.listed", 1),
        /// The owner promised it to a neighbour.
        Reserved(ListingReserved) = ("listing.reserved", 1),
        /// The owner took the promise back.
        Released(ListingReleased) = ("listing.released", 1),
        /// Handed over.
        Exchanged(ListingExchanged) = ("listing.exchanged", 1),
        /// Taken off.
        Withdrawn(ListingWithdrawn) = ("listing.withdrawn", 1),
    }
}

/// `listing.listed` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemListed {
    /// Its id.
    pub listing_id: ListingId,
    /// The community.
    pub community: JurisdictionCode,
    /// The owner.
    pub owner: UserId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Asking price in fen; 0 = free.
    pub price: Fen,
    /// Photos.
    pub media: Vec<MediaId>,
    /// When.
    pub at: DateTime<Utc>,
}

/// `listing.reserved` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingReserved {
    /// The neighbour it is promised to.
    pub for_user: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `listing.released` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingReleased {
    /// When.
    pub at: DateTime<Utc>,
}

/// `listing.exchanged` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingExchanged {
    /// Who received it (the neighbour it was reserved for).
    pub with: UserId,
    /// When.
    pub at: DateTime<Utc>,
}

/// `listing.withdrawn` v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingWithdrawn {
    /// When.
    pub at: DateTime<Utc>,
}

/// The state of a listing stream: `None` until listed.
pub type ListingState = Option<ListingRecord>;

/// A listing as `decide` needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ListingRecord {
    /// Its id.
    pub id: ListingId,
    /// The owner.
    pub owner: UserId,
    /// Where it stands.
    pub status: ListingStatus,
    /// Who it is reserved for, while reserved.
    pub reserved_for: Option<UserId>,
}

/// The listing aggregate; one stream `listing-{uuid}` per item.
#[derive(Debug, Clone, Copy, Default)]
pub struct Listing;

impl Aggregate for Listing {
    const NAME: &'static str = "listing";
    type Command = ListingCommand;
    type Event = ListingEvent;
    type State = ListingState;
    type Error = NeighbourhoodError;

    fn decide(
        command: &ListingCommand,
        state: &ListingState,
    ) -> Result<Vec<ListingEvent>, NeighbourhoodError> {
        use ListingStatus::*;
        let l = match (command, state) {
            (ListingCommand::List(_), Some(_)) => {
                return Err(NeighbourhoodError::AlreadyExists(ITEM))
            }
            (ListingCommand::List(cmd), None) => return list(cmd),
            (_, None) => return Err(NeighbourhoodError::NotFound(ITEM)),
            (_, Some(l)) => l,
        };
        let (by, action) = match command {
            ListingCommand::List(c) => (&c.by, "list"),
            ListingCommand::Reserve(c) => (&c.by, "reserve"),
            ListingCommand::Release(c) => (&c.by, "release"),
            ListingCommand::Exchange(c) => (&c.by, "exchange"),
            ListingCommand::Withdraw(c) => (&c.by, "withdraw"),
        };
        if !by.is(l.owner, Role::Resident) {
            return Err(NeighbourhoodError::not_allowed(
                ITEM,
                *by,
                "only the owner changes a listing",
            ));
        }
        let illegal = || NeighbourhoodError::illegal(ITEM, action, l.status.as_str());
        match command {
            ListingCommand::List(_) => Err(NeighbourhoodError::AlreadyExists(ITEM)),
            ListingCommand::Reserve(cmd) => {
                if l.status != Listed {
                    return Err(illegal());
                }
                if cmd.for_user == l.owner {
                    return Err(ValidationError::Invalid {
                        field: "for_user",
                        reason: "reserve for a neighbour, not yourself",
                    }
                    .into());
                }
                Ok(vec![ListingReserved {
                    for_user: cmd.for_user,
                    at: cmd.at,
                }
                .into()])
            }
            ListingCommand::Release(cmd) => match l.status {
                Reserved => Ok(vec![ListingReleased { at: cmd.at }.into()]),
                _ => Err(illegal()),
            },
            ListingCommand::Exchange(cmd) => match (l.status, l.reserved_for) {
                (Reserved, Some(with)) => Ok(vec![ListingExchanged { with, at: cmd.at }.into()]),
                _ => Err(illegal()),
            },
            ListingCommand::Withdraw(cmd) => match l.status {
                Listed | Reserved => Ok(vec![ListingWithdrawn { at: cmd.at }.into()]),
                _ => Err(illegal()),
            },
        }
    }

    fn evolve(state: ListingState, event: &ListingEvent) -> ListingState {
        let Some(mut l) = state else {
            return match event {
                ListingEvent::Listed(e) => Some(ListingRecord {
                    id: e.listing_id,
                    owner: e.owner,
                    status: ListingStatus::Listed,
                    reserved_for: None,
                }),
                _ => None,
            };
        };
        match event {
            ListingEvent::Listed(_) => {}
            ListingEvent::Reserved(e) => {
                l.status = ListingStatus::Reserved;
                l.reserved_for = Some(e.for_user);
            }
            ListingEvent::Released(_) => {
                l.status = ListingStatus::Listed;
                l.reserved_for = None;
            }
            ListingEvent::Exchanged(_) => l.status = ListingStatus::Exchanged,
            ListingEvent::Withdrawn(_) => l.status = ListingStatus::Withdrawn,
        }
        Some(l)
    }
}

fn list(cmd: &CreateListing) -> Result<Vec<ListingEvent>, NeighbourhoodError> {
    let owner = acting_as(&cmd.by, &[Role::Resident], ITEM, "residents list items")?;
    let title = validate::text("title", &cmd.title, MAX_TITLE)?;
    let description = validate::text("description", &cmd.description, MAX_DESCRIPTION)?;
    validate::media("media", &cmd.media)?;
    if cmd.price.is_negative() || cmd.price > MAX_PRICE {
        return Err(ValidationError::Invalid {
            field: "price",
            reason: "must be between 0 (free) and 10000000 fen",
        }
        .into());
    }
    Ok(vec![ItemListed {
        listing_id: cmd.listing_id,
        community: cmd.community,
        owner,
        title,
        description,
        price: cmd.price,
        media: cmd.media.clone(),
        at: cmd.at,
    }
    .into()])
}
