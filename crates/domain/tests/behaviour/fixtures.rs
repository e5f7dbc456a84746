//! Shared people, places and times.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use linli_domain::complaint::*;
use linli_domain::{Actor, ComplaintId, JurisdictionCode, MediaId, Role, UserId};

pub const RESIDENT: UserId = UserId::from_u128(1);
pub const OTHER_RESIDENT: UserId = UserId::from_u128(2);
pub const CADRE: UserId = UserId::from_u128(10);
pub const OTHER_CADRE: UserId = UserId::from_u128(11);
pub const VILLAGE_CADRE: UserId = UserId::from_u128(12);
pub const MANAGER: UserId = UserId::from_u128(20);
pub const AUDITOR: UserId = UserId::from_u128(30);
pub const COMPLAINT: ComplaintId = ComplaintId::from_u128(100);
pub const OTHER_COMPLAINT: ComplaintId = ComplaintId::from_u128(101);

/// 2026-06-01 (a Monday) at h:m UTC.
pub fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, h, m, 0).unwrap()
}

/// `d` days after 2026-06-01 at h:m UTC.
pub fn day(d: i64, h: u32, m: u32) -> DateTime<Utc> {
    t(h, m) + TimeDelta::days(d)
}

pub fn code(s: &str) -> JurisdictionCode {
    s.parse().unwrap()
}

pub fn grid() -> JurisdictionCode {
    code("330106001001-G003")
}

pub fn village() -> JurisdictionCode {
    code("330106001001")
}

pub fn township() -> JurisdictionCode {
    code("330106001000")
}

pub fn county() -> JurisdictionCode {
    code("330106000000")
}

pub fn media(n: u8) -> MediaId {
    format!("{:064x}", n).parse().unwrap()
}

pub fn resident() -> Actor {
    Actor::resident(RESIDENT)
}

pub fn other_resident() -> Actor {
    Actor::resident(OTHER_RESIDENT)
}

pub fn cadre() -> Actor {
    Actor::cadre(CADRE)
}

pub fn other_cadre() -> Actor {
    Actor::cadre(OTHER_CADRE)
}

pub fn manager() -> Actor {
    Actor::manager(MANAGER)
}

pub fn auditor() -> Actor {
    Actor::User {
        user: AUDITOR,
        role: Role::Auditor,
    }
}

/// Response due 10:00, resolution due 18:00 (UTC) on day one.
pub fn assignment_to(cadre: Option<UserId>, jurisdiction: JurisdictionCode) -> Assignment {
    Assignment {
        cadre,
        jurisdiction,
        basis: if cadre.is_some() {
            RoutingBasis::PointInPolygon
        } else {
            RoutingBasis::Triage
        },
        response_due_at: t(10, 0),
        resolution_due_at: t(18, 0),
    }
}

pub fn file_command() -> FileComplaint {
    FileComplaint {
        complaint_id: COMPLAINT,
        by: resident(),
        category: Category::SecurityHazard,
        occurred_at: t(7, 30),
        address: "  翠苑一区 5 幢楼下 ".into(),
        point: Some(linli_domain::geo::GeoPoint::new(120.123, 30.281).unwrap()),
        jurisdiction: None,
        description: "路灯电线裸露，老人孩子经过很危险".into(),
        media: vec![media(1), media(2)],
        voice_note: Some(media(3)),
        anonymity: Anonymity::Named,
        visibility: Visibility::Public,
        at: t(8, 0),
    }
}

pub fn filed() -> ComplaintEvent {
    ComplaintEvent::Filed(ComplaintFiled {
        complaint_id: COMPLAINT,
        resident: RESIDENT,
        category: Category::SecurityHazard,
        occurred_at: t(7, 30),
        address: "翠苑一区 5 幢楼下".into(),
        point: Some(linli_domain::geo::GeoPoint::new(120.123, 30.281).unwrap()),
        jurisdiction: None,
        description: "路灯电线裸露，老人孩子经过很危险".into(),
        media: vec![media(1), media(2)],
        voice_note: Some(media(3)),
        anonymity: Anonymity::Named,
        visibility: Visibility::Public,
        filed_at: t(8, 0),
    })
}

pub fn assigned() -> ComplaintEvent {
    ComplaintAssigned {
        assignment: assignment_to(Some(CADRE), grid()),
        by: Actor::System,
        at: t(8, 1),
    }
    .into()
}

pub fn assigned_to_triage() -> ComplaintEvent {
    ComplaintAssigned {
        assignment: assignment_to(None, township()),
        by: Actor::System,
        at: t(8, 1),
    }
    .into()
}

pub fn accepted() -> ComplaintEvent {
    ComplaintAccepted {
        cadre: CADRE,
        at: t(9, 0),
    }
    .into()
}

pub fn resolved() -> ComplaintEvent {
    ComplaintResolved {
        cadre: CADRE,
        resolution: "已联系电力公司包好电线".into(),
        media: vec![media(4)],
        at: t(15, 0),
    }
    .into()
}

pub fn confirmed() -> ComplaintEvent {
    ResolutionConfirmed {
        by: resident(),
        at: t(16, 0),
    }
    .into()
}

/// Filed, routed to CADRE at the grid.
pub fn history_assigned() -> Vec<ComplaintEvent> {
    vec![filed(), assigned()]
}

/// Filed, routed, accepted.
pub fn history_in_progress() -> Vec<ComplaintEvent> {
    vec![filed(), assigned(), accepted()]
}

/// Filed, routed, accepted, resolved at 15:00.
pub fn history_resolved() -> Vec<ComplaintEvent> {
    vec![filed(), assigned(), accepted(), resolved()]
}

/// Resolved and confirmed.
pub fn history_closed() -> Vec<ComplaintEvent> {
    vec![filed(), assigned(), accepted(), resolved(), confirmed()]
}
