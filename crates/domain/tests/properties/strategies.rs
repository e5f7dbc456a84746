//! Generators for every value an event can carry.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use linli_domain::calendar::{ClockTime, WorkInterval, WorkingHours};
use linli_domain::complaint::*;
use linli_domain::directory::CadreRole;
use linli_domain::geo::{GeoPoint, Polygon};
use linli_domain::user::PhoneNumber;
use linli_domain::{
    Actor, ComplaintId, EncouragementId, JurisdictionCode, MediaId, OpenId, Role, UserId,
};
use proptest::prelude::*;

/// A valid code of any level.
pub fn code() -> impl Strategy<Value = JurisdictionCode> {
    (
        11u64..=82,
        1u64..=99,
        1u64..=99,
        1u64..=999,
        1u64..=999,
        1u16..=999,
        0usize..6,
    )
        .prop_map(|(p, c, d, t, v, g, depth)| {
            let segments = [
                p * 10_000_000_000,
                c * 100_000_000,
                d * 1_000_000,
                t * 1_000,
                v,
            ];
            let division: u64 = segments.iter().take((depth + 1).min(5)).sum();
            let grid = (depth == 5).then_some(g);
            JurisdictionCode::new(division, grid).unwrap()
        })
}

pub fn time() -> impl Strategy<Value = DateTime<Utc>> {
    (1_577_836_800i64..2_082_758_400, 0u32..1_000_000_000)
        .prop_map(|(s, ns)| Utc.timestamp_opt(s, ns).unwrap())
}

pub fn date() -> impl Strategy<Value = NaiveDate> {
    (2020i32..2035, 1u32..=366)
        .prop_filter_map("day of year", |(y, d)| NaiveDate::from_yo_opt(y, d))
}

pub fn user() -> impl Strategy<Value = UserId> {
    any::<u128>().prop_map(UserId::from_u128)
}

pub fn complaint_id() -> impl Strategy<Value = ComplaintId> {
    any::<u128>().prop_map(ComplaintId::from_u128)
}

pub fn encouragement_id() -> impl Strategy<Value = EncouragementId> {
    any::<u128>().prop_map(EncouragementId::from_u128)
}

pub fn media() -> impl Strategy<Value = MediaId> {
    "[0-9a-f]{64}".prop_map(|s| s.parse().unwrap())
}

pub fn media_list() -> impl Strategy<Value = Vec<MediaId>> {
    prop::collection::vec(media(), 0..4)
}

pub fn openid() -> impl Strategy<Value = OpenId> {
    "[A-Za-z0-9_-]{1,40}".prop_map(|s| s.parse().unwrap())
}

/// A sealed value of any subject (random bytes: the codec never opens it).
pub fn sealed() -> impl Strategy<Value = linli_domain::sealed::Sealed> {
    (
        user(),
        any::<u32>(),
        any::<[u8; 12]>(),
        prop::collection::vec(any::<u8>(), 16..80),
    )
        .prop_map(|(subject, version, nonce, ciphertext)| {
            linli_domain::sealed::Sealed::new(
                subject,
                linli_domain::sealed::SealAlgorithm::Aes256Gcm,
                version,
                nonce,
                ciphertext,
            )
            .unwrap()
        })
}

pub fn phone() -> impl Strategy<Value = PhoneNumber> {
    "\\+?[0-9]{5,15}".prop_map(|s| s.parse().unwrap())
}

/// Any text, including Chinese, quotes, escapes and emoji.
pub fn text() -> impl Strategy<Value = String> {
    "\\PC{0,40}"
}

pub fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..4)
}

pub fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

pub fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        Just(Actor::System),
        (user(), role()).prop_map(|(user, role)| Actor::User { user, role }),
    ]
}

pub fn category() -> impl Strategy<Value = Category> {
    prop::sample::select(Category::ALL.to_vec())
}

pub fn point() -> impl Strategy<Value = GeoPoint> {
    (-180.0f64..=180.0, -90.0f64..=90.0).prop_map(|(lon, lat)| GeoPoint::new(lon, lat).unwrap())
}

pub fn polygon() -> impl Strategy<Value = Polygon> {
    prop::collection::vec((-180.0f64..=180.0, -90.0f64..=90.0), 3..8).prop_map(|pts| {
        let mut ring: Vec<[f64; 2]> = pts.into_iter().map(|(x, y)| [x, y]).collect();
        ring.push(ring[0]);
        Polygon::new(vec![ring]).unwrap()
    })
}

pub fn routing_basis() -> impl Strategy<Value = RoutingBasis> {
    prop::sample::select(vec![
        RoutingBasis::ExplicitCode,
        RoutingBasis::PointInPolygon,
        RoutingBasis::AddressText,
        RoutingBasis::HomeGrid,
        RoutingBasis::Triage,
        RoutingBasis::Manual,
    ])
}

pub fn assignment() -> impl Strategy<Value = Assignment> {
    (
        prop::option::of(user()),
        code(),
        routing_basis(),
        time(),
        time(),
    )
        .prop_map(|(cadre, jurisdiction, basis, a, b)| Assignment {
            cadre,
            jurisdiction,
            basis,
            response_due_at: a.min(b),
            resolution_due_at: a.max(b),
        })
}

pub fn score() -> impl Strategy<Value = Score> {
    (1u8..=5).prop_map(|s| Score::new(s).unwrap())
}

pub fn deadline() -> impl Strategy<Value = DeadlineKind> {
    prop::sample::select(vec![DeadlineKind::Response, DeadlineKind::Resolution])
}

pub fn escalation_reason() -> impl Strategy<Value = EscalationReason> {
    prop::sample::select(vec![
        EscalationReason::ResponseOverdue,
        EscalationReason::ResolutionOverdue,
        EscalationReason::Manual,
    ])
}

pub fn note_visibility() -> impl Strategy<Value = NoteVisibility> {
    prop::sample::select(vec![NoteVisibility::Internal, NoteVisibility::Shared])
}

pub fn anonymity() -> impl Strategy<Value = Anonymity> {
    prop::sample::select(vec![Anonymity::Named, Anonymity::Anonymous])
}

pub fn visibility() -> impl Strategy<Value = Visibility> {
    prop::sample::select(vec![Visibility::Private, Visibility::Public])
}

pub fn cadre_role() -> impl Strategy<Value = CadreRole> {
    prop::sample::select(vec![
        CadreRole::GridWorker,
        CadreRole::VillageStaff,
        CadreRole::TownshipStaff,
        CadreRole::CountyStaff,
    ])
}

pub fn working_hours() -> impl Strategy<Value = WorkingHours> {
    prop::collection::btree_set(0u16..=1440, 2..8).prop_map(|set| {
        let points: Vec<u16> = set.into_iter().collect();
        let intervals = points
            .chunks_exact(2)
            .map(|p| WorkInterval {
                start: ClockTime::new(p[0] / 60, p[0] % 60).unwrap(),
                end: ClockTime::new(p[1] / 60, p[1] % 60).unwrap(),
            })
            .collect();
        WorkingHours::new(intervals).unwrap()
    })
}
