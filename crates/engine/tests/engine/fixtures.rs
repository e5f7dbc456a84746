//! Shared people, places, times and a log in a temporary directory.

#![allow(dead_code)]

use std::collections::BTreeSet;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use linli_domain::calendar::{WorkCalendar, WorkingHours};
use linli_domain::complaint::*;
use linli_domain::directory::*;
use linli_domain::encouragement::*;
use linli_domain::geo::{GeoPoint, Polygon};
use linli_domain::user::*;
use linli_domain::{
    Actor, ComplaintId, EncouragementId, JurisdictionCode, Level, MediaId, Role, UserId,
};
use linli_eventlog::{EventLog, LogConfig};

pub const RESIDENT: UserId = UserId::from_u128(1);
pub const CADRE: UserId = UserId::from_u128(10);
pub const MANAGER: UserId = UserId::from_u128(20);
pub const COMPLAINT: ComplaintId = ComplaintId::from_u128(100);
pub const ENCOURAGEMENT: EncouragementId = EncouragementId::from_u128(200);

/// A log in a fresh temporary directory; keep the `TempDir` alive as long as the log.
pub fn temp_log() -> (tempfile::TempDir, EventLog) {
    let dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(LogConfig::new(dir.path().join("log"))).unwrap();
    (dir, log)
}

/// 2026-06-01 (a Monday) at h:m UTC.
pub fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, h, m, 0).unwrap()
}

pub fn code(s: &str) -> JurisdictionCode {
    s.parse().unwrap()
}

pub fn media(n: u8) -> MediaId {
    format!("{n:064x}").parse().unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn assignment(cadre: Option<UserId>, place: &str) -> Assignment {
    Assignment {
        cadre,
        jurisdiction: code(place),
        basis: RoutingBasis::PointInPolygon,
        response_due_at: t(10, 0),
        resolution_due_at: t(12, 0),
    }
}

/// One event of every complaint event type, in declaration order.
pub fn every_complaint_event() -> Vec<ComplaintEvent> {
    let grid = "330106001001-G003";
    vec![
        ComplaintFiled {
            complaint_id: COMPLAINT,
            resident: RESIDENT,
            category: Category::Infrastructure,
            occurred_at: t(1, 0),
            address: "翠苑一区 3 幢门口的路灯".into(),
            point: Some(GeoPoint::new(120.123_456_789_012_3, 30.281_234_567_890_1).unwrap()),
            jurisdiction: Some(code(grid)),
            description: "路灯坏了三天 \"quoted\" 🚧".into(),
            media: vec![media(1), media(2)],
            voice_note: Some(media(3)),
            anonymity: Anonymity::Anonymous,
            visibility: Visibility::Public,
            filed_at: t(1, 5),
        }
        .into(),
        ComplaintAssigned {
            assignment: assignment(Some(CADRE), grid),
            by: Actor::System,
            at: t(1, 6),
        }
        .into(),
        ComplaintAccepted {
            cadre: CADRE,
            at: t(1, 7),
        }
        .into(),
        NoteAdded {
            number: 1,
            author: Actor::cadre(CADRE),
            text: "已联系物业".into(),
            media: vec![],
            visibility: NoteVisibility::Internal,
            at: t(1, 8),
        }
        .into(),
        ComplaintTransferred {
            from_cadre: Some(CADRE),
            from_jurisdiction: code(grid),
            assignment: assignment(Some(UserId::from_u128(11)), "330106001001"),
            reason: "归村里管".into(),
            by: Actor::manager(MANAGER),
            at: t(1, 9),
        }
        .into(),
        RejectedNotResponsible {
            cadre: UserId::from_u128(11),
            from_jurisdiction: code("330106001001"),
            triage_jurisdiction: code("330106001000"),
            reason: "不是我们村".into(),
            at: t(1, 10),
        }
        .into(),
        ComplaintResolved {
            cadre: CADRE,
            resolution: "已更换灯泡".into(),
            media: vec![media(4)],
            at: t(1, 11),
        }
        .into(),
        ResolutionConfirmed {
            by: Actor::resident(RESIDENT),
            at: t(1, 12),
        }
        .into(),
        ComplaintReopened {
            reason: "又坏了".into(),
            resolution_due_at: t(5, 0),
            at: t(1, 13),
        }
        .into(),
        ComplaintRated {
            score: Score::new(4).unwrap(),
            tags: vec!["快".into(), "态度好".into()],
            comment: Some("谢谢".into()),
            at: t(1, 14),
        }
        .into(),
        MarkedOverdue {
            deadline: DeadlineKind::Response,
            due_at: t(1, 0),
            at: t(1, 15),
        }
        .into(),
        ComplaintEscalated {
            from_jurisdiction: code(grid),
            assignment: assignment(None, "330106001000"),
            level: 1,
            reason: EscalationReason::ResponseOverdue,
            by: Actor::System,
            at: t(1, 16),
        }
        .into(),
        ComplaintWithdrawn {
            reason: None,
            at: t(1, 17),
        }
        .into(),
        MergedAsDuplicate {
            into: ComplaintId::from_u128(101),
            by: Actor::manager(MANAGER),
            at: t(1, 18),
        }
        .into(),
    ]
}

/// One event of every encouragement event type.
pub fn every_encouragement_event() -> Vec<EncouragementEvent> {
    vec![
        EncouragementPosted {
            encouragement_id: ENCOURAGEMENT,
            author: RESIDENT,
            cadre: CADRE,
            text: "张书记办事快 👍".into(),
            media: vec![media(5)],
            at: t(2, 0),
        }
        .into(),
        EncouragementLiked {
            user: UserId::from_u128(2),
            at: t(2, 1),
        }
        .into(),
        EncouragementCommented {
            number: 1,
            author: Actor::resident(UserId::from_u128(2)),
            text: "同意".into(),
            at: t(2, 2),
        }
        .into(),
    ]
}

/// One event of every user event type.
pub fn every_user_event() -> Vec<UserEvent> {
    vec![
        UserRegistered {
            user: RESIDENT,
            openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o".parse().unwrap(),
            at: t(3, 0),
        }
        .into(),
        ProfileUpdated {
            display_name: Some("王阿姨".into()),
            phone: Some(sealed_for(RESIDENT)),
            id_card: Some(sealed_for(RESIDENT)),
            home_address: None,
            home_grid: Some(code("330106001001-G003")),
            legacy_phone: None,
            at: t(3, 1),
        }
        .into(),
        RoleGranted {
            role: Role::Cadre,
            scope: vec![code("330106001001")],
            by: Actor::manager(MANAGER),
            at: t(3, 2),
        }
        .into(),
        RoleRevoked {
            role: Role::Cadre,
            by: Actor::manager(MANAGER),
            at: t(3, 3),
        }
        .into(),
        UserForgotten {
            by: Actor::System,
            reason: "erasure request".into(),
            at: t(3, 4),
        }
        .into(),
    ]
}

/// A sealed value as the key store would make it (the codec never opens it).
pub fn sealed_for(subject: linli_domain::UserId) -> linli_domain::sealed::Sealed {
    linli_domain::sealed::Sealed::new(
        subject,
        linli_domain::sealed::SealAlgorithm::Aes256Gcm,
        1,
        [3; 12],
        vec![5; 27],
    )
    .unwrap()
}

/// One event of every directory event type.
pub fn every_directory_event() -> Vec<DirectoryEvent> {
    let node = NodeDefined {
        code: code("330106001001-G003"),
        name: "翠苑一区第三网格".into(),
        level: Level::Grid,
        parent: Some(code("330106001001")),
        aliases: vec!["三网格".into()],
        polygon: Some(
            Polygon::new(vec![vec![
                [120.1, 30.2],
                [120.2, 30.2],
                [120.2, 30.3],
                [120.1, 30.3],
                [120.1, 30.2],
            ]])
            .unwrap(),
        ),
        by: Actor::System,
        at: t(4, 0),
    };
    vec![
        DirectoryEvent::NodeDefined(node.clone()),
        DirectoryEvent::NodeUpdated(NodeUpdated(node)),
        CadrePosted {
            cadre: CADRE,
            node: code("330106001001-G003"),
            role: CadreRole::GridWorker,
            by: Actor::manager(MANAGER),
            at: t(4, 1),
        }
        .into(),
        CadreUnposted {
            cadre: CADRE,
            node: code("330106001001-G003"),
            by: Actor::manager(MANAGER),
            at: t(4, 2),
        }
        .into(),
        RoutingRuleSet {
            node: code("330106000000"),
            category: Some(Category::Theft),
            role: CadreRole::TownshipStaff,
            by: Actor::System,
            at: t(4, 3),
        }
        .into(),
        TimeLimitsSet {
            category: Category::Theft,
            response_minutes: 60,
            resolution_minutes: 60 * 7 * 3,
            by: Actor::System,
            at: t(4, 4),
        }
        .into(),
        HolidayCalendarSet {
            year: 2026,
            holidays: (1..=7).map(|d| date(2026, 10, d)).collect(),
            makeup_workdays: vec![date(2026, 9, 27), date(2026, 10, 10)],
            by: Actor::System,
            at: t(4, 5),
        }
        .into(),
        WorkingHoursSet {
            hours: WorkingHours::default(),
            by: Actor::System,
            at: t(4, 6),
        }
        .into(),
    ]
}

/// The 2026 National Day calendar: 1–7 October off, make-up working days on Sunday
/// 27 September and Saturday 10 October, default working hours.
pub fn national_day_2026() -> WorkCalendar {
    let holidays: BTreeSet<_> = (1..=7).map(|d| date(2026, 10, d)).collect();
    let makeup: BTreeSet<_> = [date(2026, 9, 27), date(2026, 10, 10)].into();
    let mut days = linli_domain::calendar::HolidayCalendar::default();
    days.set_year(
        2026,
        linli_domain::calendar::YearCalendar::new(2026, holidays, makeup).unwrap(),
    );
    WorkCalendar {
        days,
        hours: WorkingHours::default(),
    }
}

/// A resident files an infrastructure complaint at 2026-06-01 01:05 UTC.
pub fn file_command(id: ComplaintId) -> ComplaintCommand {
    ComplaintCommand::File(FileComplaint {
        complaint_id: id,
        by: Actor::resident(RESIDENT),
        category: Category::Infrastructure,
        occurred_at: t(1, 0),
        address: "翠苑一区 3 幢门口".into(),
        point: None,
        jurisdiction: None,
        description: "路灯坏了".into(),
        media: vec![],
        voice_note: None,
        anonymity: Anonymity::Named,
        visibility: Visibility::Public,
        at: t(1, 5),
    })
}

/// The router assigns the complaint to `CADRE` at a grid, due at 10:00 and 12:00 UTC.
pub fn assign_command() -> ComplaintCommand {
    ComplaintCommand::Assign(AssignComplaint {
        assignment: assignment(Some(CADRE), "330106001001-G003"),
        by: Actor::System,
        at: t(1, 6),
    })
}

/// The assigned cadre adds a note.
pub fn note_command(text: &str) -> ComplaintCommand {
    ComplaintCommand::AddNote(AddNote {
        text: text.into(),
        media: vec![],
        visibility: NoteVisibility::Shared,
        by: Actor::cadre(CADRE),
        at: t(1, 30),
    })
}

// ---------------------------------------------------------------------------------------
// A small demo county for routing, deadlines and the scheduler.
//
// 西湖区 330106000000 (county, root)
// ├── 翠苑街道 330106001000 (township, alias 翠苑)
// │   ├── 翠苑一区 330106001001 (village, square 120.10–120.20 × 30.20–30.30)
// │   │   ├── 一区第一网格 -G001 (120.10–120.15 × 30.20–30.25)
// │   │   └── 一区第二网格 -G002 (120.15–120.20 × 30.20–30.25, shares x=120.15 with G001)
// │   └── 翠苑二区 330106001002 (village, 120.20–120.30 × 30.20–30.30 with a hole
// │                              120.24–120.26 × 30.24–30.26; shares x=120.20 with 一区)
// └── 文新街道 330106002000 (township, alias 文新)
//     ├── 东方 330106002001 (village)
//     └── 东方红 330106002002 (village)
//
// Rules: every node level has an any-category rule for its own role (county → county staff,
// townships → township staff, villages → village staff, grids → grid workers); G001 sends
// thefts to village staff.

pub const GRID1_WORKER: UserId = UserId::from_u128(101);
pub const GRID2_WORKER_A: UserId = UserId::from_u128(102);
pub const GRID2_WORKER_B: UserId = UserId::from_u128(103);
pub const VILLAGE1_STAFF: UserId = UserId::from_u128(111);
pub const TOWNSHIP_STAFF: UserId = UserId::from_u128(121);
pub const COUNTY_STAFF: UserId = UserId::from_u128(131);

pub const COUNTY: &str = "330106000000";
pub const CUIYUAN: &str = "330106001000";
pub const VILLAGE1: &str = "330106001001";
pub const GRID1: &str = "330106001001-G001";
pub const GRID2: &str = "330106001001-G002";
pub const VILLAGE2: &str = "330106001002";
pub const WENXIN: &str = "330106002000";
pub const DONGFANG: &str = "330106002001";
pub const DONGFANGHONG: &str = "330106002002";

pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<[f64; 2]> {
    vec![[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

fn define(
    c: &str,
    name: &str,
    aliases: &[&str],
    rings: Option<Vec<Vec<[f64; 2]>>>,
) -> DirectoryCommand {
    DirectoryCommand::DefineNode(DefineNode {
        code: code(c),
        name: name.into(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        polygon: rings.map(|r| Polygon::new(r).unwrap()),
        by: Actor::System,
        at: t(0, 0),
    })
}

fn post(cadre: UserId, node: &str, role: CadreRole) -> DirectoryCommand {
    DirectoryCommand::PostCadre(PostCadre {
        cadre,
        node: code(node),
        role,
        by: Actor::System,
        at: t(0, 0),
    })
}

fn rule(node: &str, category: Option<Category>, role: CadreRole) -> DirectoryCommand {
    DirectoryCommand::SetRoutingRule(SetRoutingRule {
        node: code(node),
        category,
        role,
        by: Actor::System,
        at: t(0, 0),
    })
}

/// The commands that build the demo county's directory, in order.
pub fn directory_commands() -> Vec<DirectoryCommand> {
    vec![
        define(COUNTY, "西湖区", &[], None),
        define(CUIYUAN, "翠苑街道", &["翠苑"], None),
        define(
            VILLAGE1,
            "翠苑一区",
            &[],
            Some(vec![rect(120.10, 30.20, 120.20, 30.30)]),
        ),
        define(
            GRID1,
            "一区第一网格",
            &[],
            Some(vec![rect(120.10, 30.20, 120.15, 30.25)]),
        ),
        define(
            GRID2,
            "一区第二网格",
            &[],
            Some(vec![rect(120.15, 30.20, 120.20, 30.25)]),
        ),
        define(
            VILLAGE2,
            "翠苑二区",
            &[],
            Some(vec![
                rect(120.20, 30.20, 120.30, 30.30),
                rect(120.24, 30.24, 120.26, 30.26),
            ]),
        ),
        define(WENXIN, "文新街道", &["文新"], None),
        define(DONGFANG, "东方", &[], None),
        define(DONGFANGHONG, "东方红", &[], None),
        post(GRID1_WORKER, GRID1, CadreRole::GridWorker),
        post(GRID2_WORKER_B, GRID2, CadreRole::GridWorker),
        post(GRID2_WORKER_A, GRID2, CadreRole::GridWorker),
        post(VILLAGE1_STAFF, VILLAGE1, CadreRole::VillageStaff),
        post(TOWNSHIP_STAFF, CUIYUAN, CadreRole::TownshipStaff),
        post(COUNTY_STAFF, COUNTY, CadreRole::CountyStaff),
        rule(COUNTY, None, CadreRole::CountyStaff),
        rule(CUIYUAN, None, CadreRole::TownshipStaff),
        rule(WENXIN, None, CadreRole::TownshipStaff),
        rule(VILLAGE1, None, CadreRole::VillageStaff),
        rule(VILLAGE2, None, CadreRole::VillageStaff),
        rule(GRID1, None, CadreRole::GridWorker),
        rule(GRID2, None, CadreRole::GridWorker),
        rule(GRID1, Some(Category::Theft), CadreRole::VillageStaff),
        DirectoryCommand::SetTimeLimits(SetTimeLimits {
            category: Category::Infrastructure,
            limits: TimeLimits {
                response_minutes: 60,
                resolution_minutes: 3 * 420,
            },
            by: Actor::System,
            at: t(0, 0),
        }),
        DirectoryCommand::SetHolidayCalendar(SetHolidayCalendar {
            year: 2026,
            holidays: (1..=7).map(|d| date(2026, 10, d)).collect(),
            makeup_workdays: [date(2026, 9, 27), date(2026, 10, 10)].into(),
            by: Actor::System,
            at: t(0, 0),
        }),
    ]
}

/// The demo county's directory, decided and folded command by command.
pub fn directory_state() -> DirectoryState {
    use linli_domain::Aggregate;
    directory_commands()
        .iter()
        .fold(DirectoryState::default(), |state, command| {
            let events = Directory::decide(command, &state).unwrap();
            events.iter().fold(state, Directory::evolve)
        })
}

/// A GCJ-02 point.
pub fn point(lon: f64, lat: f64) -> GeoPoint {
    GeoPoint::new(lon, lat).unwrap()
}

/// China time on a 2026 date, as UTC.
pub fn cst(month: u32, day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, month, day, hour, minute, 0)
        .unwrap()
        - chrono::TimeDelta::hours(8)
}
