//! What the demo's services hold and what happens to each order: providers and their
//! listings, and one plan per order drawn from the seeded RNG in a fixed order.

use chrono::{DateTime, TimeDelta, Timelike, Utc};
use linli_domain::services::{Contact, ServiceCategory};
use linli_domain::user::PhoneNumber;
use linli_domain::{Fen, JurisdictionCode, OrderId, ProviderId, ServiceId, SlotId, UserId};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use uuid::Uuid;

use crate::demo::county::County;

/// Orders served in the past month.
const PAST_ORDERS: usize = 90;

/// Orders booked for the coming days.
const UPCOMING_ORDERS: usize = 12;

/// The first provider's openid is a demo login (listed in `people::LOGINS`).
pub(super) const PROVIDER_LOGIN: &str = "demo-provider";

/// A provider and what it lists: (openid, name, phone, [(category, name, price in fen)]).
pub(super) type Offer = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(ServiceCategory, &'static str, i64)],
);

pub(super) const OFFERS: &[Offer] = &[
    (
        PROVIDER_LOGIN,
        "好邻居家政服务社",
        "13957100001",
        &[
            (ServiceCategory::Housekeeping, "日常保洁（2小时）", 8_000),
            (ServiceCategory::Housekeeping, "深度保洁（全屋）", 26_000),
            (ServiceCategory::ElderCare, "助老陪护（半天）", 9_000),
        ],
    ),
    (
        "demo-provider-repair",
        "快修师傅维修部",
        "13957100002",
        &[
            (ServiceCategory::Maintenance, "水电维修上门", 5_000),
            (ServiceCategory::Maintenance, "空调清洗", 12_000),
        ],
    ),
    (
        "demo-provider-delivery",
        "邻里鲜送",
        "13957100003",
        &[
            (ServiceCategory::Delivery, "送菜上门", 500),
            (ServiceCategory::Delivery, "代取药品", 800),
        ],
    ),
    (
        "demo-provider-station",
        "社区便民服务站",
        "13957100004",
        &[
            (ServiceCategory::ElderCare, "上门理发（老人）", 3_000),
            (ServiceCategory::Other, "家电回收与搬运", 6_000),
        ],
    ),
];

pub(super) const WORKERS: &[&str] = &["李师傅", "王阿姨", "张师傅", "陈阿姨", "赵师傅", "周阿姨"];
pub(super) const TAGS: &[&str] = &["准时", "专业", "态度好", "干净", "细心", "性价比高"];
pub(super) const PRAISE: &[&str] = &[
    "师傅很准时，做得很仔细。",
    "服务周到，下次还找他们。",
    "价格实在，老人很满意。",
    "来得快，问题一次解决。",
    "",
];
pub(super) const COMPLAINT: &[&str] = &["来晚了半小时。", "还可以，就是有点贵。"];

/// A listing, as the plan sees it.
#[derive(Debug, Clone)]
pub(super) struct Listing {
    pub(super) id: ServiceId,
    pub(super) provider: ProviderId,
    pub(super) owner: UserId,
    pub(super) category: ServiceCategory,
    pub(super) name: String,
    pub(super) price: Fen,
    /// The villages it serves.
    pub(super) scope: Vec<JurisdictionCode>,
}

/// How an order's story ends (as of now).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// Served and rated.
    Evaluated,
    /// Served, not rated (yet).
    Completed,
    /// Served, then part of the payment refunded.
    PartlyRefunded,
    /// Cancelled before paying.
    CancelledUnpaid,
    /// Cancelled after paying, refunded in full.
    CancelledPaid,
    /// Upcoming: reserved, not paid.
    Reserved,
    /// Upcoming: paid.
    Paid,
    /// Upcoming: a worker is assigned.
    Dispatched,
}

/// One order to play out.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub(super) order: OrderId,
    pub(super) slot: SlotId,
    pub(super) listing: Listing,
    pub(super) resident: UserId,
    pub(super) contact: Contact,
    pub(super) address: String,
    pub(super) area: JurisdictionCode,
    pub(super) starts_at: DateTime<Utc>,
    pub(super) fate: Fate,
    pub(super) seed: u64,
}

pub(super) fn plan(
    rng: &mut StdRng,
    county: &County,
    residents: &[UserId],
    listings: &[Listing],
    now: DateTime<Utc>,
) -> Vec<Plan> {
    let mut plans = Vec::new();
    for n in 0..PAST_ORDERS + UPCOMING_ORDERS {
        let listing = listings[rng.gen_range(0..listings.len())].clone();
        let who = rng.gen_range(0..residents.len());
        let served: Vec<_> = county
            .villages
            .iter()
            .filter(|v| listing.scope.contains(&v.code))
            .collect();
        let Some(village) = served.choose(rng).copied() else {
            continue;
        };
        let street = village.streets.choose(rng).copied().unwrap_or("幸福路");
        let upcoming = n >= PAST_ORDERS;
        let day = if upcoming {
            TimeDelta::days(rng.gen_range(1..6))
        } else {
            -TimeDelta::days(rng.gen_range(1..30))
        };
        let starts_at = (now + day)
            .with_hour(rng.gen_range(8..18))
            .and_then(|t| t.with_minute(0))
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0))
            .unwrap_or(now + day);
        let roll: f64 = rng.gen();
        let fate = if upcoming {
            match roll {
                r if r < 0.3 => Fate::Reserved,
                r if r < 0.7 => Fate::Paid,
                _ => Fate::Dispatched,
            }
        } else {
            match roll {
                r if r < 0.6 => Fate::Evaluated,
                r if r < 0.75 => Fate::Completed,
                r if r < 0.8 => Fate::PartlyRefunded,
                r if r < 0.9 => Fate::CancelledUnpaid,
                _ => Fate::CancelledPaid,
            }
        };
        let person = &county.residents[who];
        plans.push(Plan {
            order: OrderId::from_uuid(Uuid::from_u128(rng.gen())),
            slot: SlotId::from_uuid(Uuid::from_u128(rng.gen())),
            listing,
            resident: residents[who],
            contact: Contact {
                name: person.name.clone(),
                phone: format!("139{:08}", 57_000_000 + who * 131)
                    .parse::<PhoneNumber>()
                    .unwrap_or_else(|_| "13900000000".parse().expect("a valid number")),
            },
            address: format!("{}{}{}号", village.name, street, rng.gen_range(1..120)),
            area: village.code,
            starts_at,
            fate,
            seed: rng.gen(),
        });
    }
    plans
}
