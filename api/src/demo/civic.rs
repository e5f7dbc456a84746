//! Community services in the demo: announcements for every village (some pinned, one edited,
//! one withdrawn), handling guides, applications in every state that needs no uploaded file,
//! errands waiting for an agent or for documents, or cancelled, and feedback with replies.
//!
//! Errand documents and application materials are files in the media store, which the demo
//! does not write; so no demo errand gets past "awaiting documents" and demo applications
//! are filed under the guide that asks for no materials.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::civic::announcement::{
    Announcement, AnnouncementCommand, EditAnnouncement, Pinning, PublishAnnouncement,
    WithdrawAnnouncement,
};
use linli_domain::civic::application::{
    Application, ApplicationCommand, ApproveApplication, GuideSnapshot, RejectApplication,
    RequestMaterials, SubmitApplication, WithdrawApplication,
};
use linli_domain::civic::errand::{
    AgentKind, AssignAgent, Errand, ErrandCommand, ErrandReason, RequestErrand,
};
use linli_domain::civic::feedback::{
    CloseFeedback, Feedback, FeedbackCommand, FeedbackKind, ReplyToFeedback, SubmitFeedback,
};
use linli_domain::civic::guide::{DefineGuide, Guide, GuideCommand, GuideContent};
use linli_domain::{
    Actor, Aggregate, AnnouncementId, ApplicationId, ErrandId, FeedbackId, GuideId,
    JurisdictionCode, Role, StreamName, UserId,
};

use super::county::County;
use super::{meta, Demo, DemoError};

/// A village with its staff member and the residents who live in its grids.
#[derive(Debug, Clone)]
pub struct Village {
    /// The village's code.
    pub code: JurisdictionCode,
    /// Its name.
    pub name: &'static str,
    /// The village staff member (a cadre whose scope is the village).
    pub cadre: UserId,
    /// The manager of its township.
    pub manager: UserId,
    /// Residents whose home grid lies in it, in enrolment order.
    pub residents: Vec<UserId>,
}

/// Who does what in the community and neighbourhood demo.
#[derive(Debug, Clone)]
pub struct Cast {
    /// Villages with at least two residents.
    pub villages: Vec<Village>,
    /// The county manager.
    pub county_manager: UserId,
    /// The county itself.
    pub county: JurisdictionCode,
}

/// Picks the people from the demo county.
pub fn cast(county: &County) -> Cast {
    let id = |p: &super::county::Person| UserId::from_openid(&p.openid);
    let county_manager = id(&county.managers[0]);
    let villages = county
        .villages
        .iter()
        .filter_map(|v| {
            let cadre = county
                .cadres
                .iter()
                .find(|p| p.home == Some(v.code))
                .map(id)?;
            let manager = county
                .managers
                .iter()
                .skip(1)
                .find(|p| p.home.is_some() && p.home == v.code.parent())
                .map(id)
                .unwrap_or(county_manager);
            let residents: Vec<UserId> = county
                .residents
                .iter()
                .filter(|p| p.home.is_some_and(|h| v.code.covers(&h)))
                .map(id)
                .collect();
            (residents.len() >= 2).then_some(Village {
                code: v.code,
                name: v.name,
                cadre,
                manager,
                residents,
            })
        })
        .collect();
    Cast {
        villages,
        county_manager,
        county: county.managers[0]
            .home
            .expect("the county manager is posted at the county"),
    }
}

/// Deterministic ids: one namespace per kind, numbered.
pub fn demo_id(kind: u8, n: usize) -> uuid::Uuid {
    uuid::Uuid::from_u128(
        0x6c69_6e6c_6900_0000_0000_0000_0000_0000 | (u128::from(kind) << 32) | n as u128,
    )
}

/// Runs one demo command on a stream.
pub async fn exec<A>(
    demo: &Demo,
    stream: StreamName,
    command: A::Command,
    actor: Actor,
    step: String,
) -> Result<(), DemoError>
where
    A: Aggregate,
    A::Event: Clone,
    A::Error: Into<linli_domain::DomainError> + std::fmt::Display,
{
    demo.engine
        .execute::<A>(stream, command, meta(&actor, &step))
        .await
        .map(|_| ())
        .map_err(|e| DemoError::Step {
            step,
            reason: e.to_string(),
        })
}

pub(super) fn as_role(user: UserId, role: Role) -> Actor {
    Actor::User { user, role }
}

fn ago(demo: &Demo, hours: i64) -> DateTime<Utc> {
    demo.now - TimeDelta::hours(hours)
}

const NOTICES: [(&str, &str); 6] = [
    (
        "周三上午停水通知",
        "因管网检修，周三 8:30-14:00 停水，请提前储水。",
    ),
    (
        "垃圾分类督导员招募",
        "每周六上午在垃圾投放点值守两小时，欢迎报名。",
    ),
    (
        "老年人免费体检",
        "65 周岁以上老人本月可到社区卫生服务站免费体检，请带身份证。",
    ),
    (
        "电动车集中充电点启用",
        "车棚新装 20 个充电口，禁止楼道充电。",
    ),
    (
        "道路施工绕行提示",
        "主干道雨污分流施工两周，请从东侧小路绕行。",
    ),
    ("反诈宣传进社区", "周五晚 7 点在文化礼堂开展防诈骗讲座。"),
];

/// Writes the announcements, guides, applications, errands and feedback.
pub async fn play(demo: &Demo, cast: &Cast) -> Result<(), DemoError> {
    announcements(demo, cast).await?;
    let general = guides(demo, cast).await?;
    applications(demo, cast, general).await?;
    errands(demo, cast).await?;
    feedback(demo, cast).await
}

async fn announcements(demo: &Demo, cast: &Cast) -> Result<(), DemoError> {
    let county_wide = AnnouncementId::from_uuid(demo_id(1, 0));
    let boss = as_role(cast.county_manager, Role::Manager);
    exec::<Announcement>(
        demo,
        StreamName::Announcement(county_wide),
        AnnouncementCommand::Publish(PublishAnnouncement {
            announcement_id: county_wide,
            jurisdiction: cast.county,
            title: "冬季防火安全提示".into(),
            body: "天干物燥，请勿在楼道堆放杂物，定期检查家中电线。".into(),
            media: vec![],
            pinned: Pinning::Pinned,
            by: boss,
            at: ago(demo, 24 * 9),
        }),
        boss,
        "announcement:county".into(),
    )
    .await?;
    for (n, village) in cast.villages.iter().enumerate() {
        let id = AnnouncementId::from_uuid(demo_id(1, n + 1));
        let stream = StreamName::Announcement(id);
        let by = as_role(village.manager, Role::Manager);
        let (title, body) = NOTICES[n % NOTICES.len()];
        let at = ago(demo, 6 + (n as i64 * 17) % 200);
        exec::<Announcement>(
            demo,
            stream,
            AnnouncementCommand::Publish(PublishAnnouncement {
                announcement_id: id,
                jurisdiction: village.code,
                title: format!("{}{title}", village.name),
                body: body.into(),
                media: vec![],
                pinned: if n % 3 == 0 {
                    Pinning::Pinned
                } else {
                    Pinning::Normal
                },
                by,
                at,
            }),
            by,
            format!("announcement:{n}:publish"),
        )
        .await?;
        if n % 4 == 1 {
            exec::<Announcement>(
                demo,
                stream,
                AnnouncementCommand::Edit(EditAnnouncement {
                    title: format!("{}{title}（更新）", village.name),
                    body: format!("{body}具体安排以社区通知为准。"),
                    media: vec![],
                    by,
                    at: at + TimeDelta::hours(2),
                }),
                by,
                format!("announcement:{n}:edit"),
            )
            .await?;
        }
        if n % 7 == 5 {
            exec::<Announcement>(
                demo,
                stream,
                AnnouncementCommand::Withdraw(WithdrawAnnouncement {
                    reason: Some("活动取消".into()),
                    by,
                    at: at + TimeDelta::hours(3),
                }),
                by,
                format!("announcement:{n}:withdraw"),
            )
            .await?;
        }
    }
    Ok(())
}

const GUIDES: [(&str, &str, &[&str]); 4] = [
    (
        "居住证办理",
        "在本区居住半年以上、有合法稳定住所的非本地户籍人员可申领居住证。",
        &["身份证", "租房合同", "近期证件照"],
    ),
    (
        "社保缴费记录查询",
        "本人在线申请，社区工作人员代为打印社保缴费记录并通知领取。",
        &[],
    ),
    (
        "高龄津贴申请",
        "年满 80 周岁的本区户籍老人可申请高龄津贴，按月发放。",
        &["身份证", "户口簿"],
    ),
    ("无犯罪记录证明", "由社区初审后转派出所出具。", &["身份证"]),
];

/// Defines the guides; answers the one that asks for no materials.
async fn guides(demo: &Demo, cast: &Cast) -> Result<GuideSnapshot, DemoError> {
    let by = as_role(cast.county_manager, Role::Manager);
    let mut general = None;
    for (n, (name, text, materials)) in GUIDES.iter().enumerate() {
        let id = GuideId::from_uuid(demo_id(2, n));
        exec::<Guide>(
            demo,
            StreamName::Guide(id),
            GuideCommand::Define(DefineGuide {
                guide_id: id,
                content: GuideContent {
                    name: (*name).into(),
                    text: (*text).into(),
                    materials: materials.iter().map(|m| (*m).into()).collect(),
                },
                by,
                at: ago(demo, 24 * 45),
            }),
            by,
            format!("guide:{n}"),
        )
        .await?;
        if materials.is_empty() {
            general = Some(GuideSnapshot {
                guide_id: id,
                name: (*name).into(),
                required: vec![],
            });
        }
    }
    general.ok_or_else(|| DemoError::Step {
        step: "guides".into(),
        reason: "no guide without materials".into(),
    })
}

async fn applications(demo: &Demo, cast: &Cast, guide: GuideSnapshot) -> Result<(), DemoError> {
    for (n, village) in cast.villages.iter().enumerate() {
        let id = ApplicationId::from_uuid(demo_id(3, n));
        let stream = StreamName::Application(id);
        let applicant = as_role(
            village.residents[n % village.residents.len()],
            Role::Resident,
        );
        let staff = as_role(village.cadre, Role::Cadre);
        let at = ago(demo, 10 + (n as i64 * 23) % 300);
        exec::<Application>(
            demo,
            stream,
            ApplicationCommand::Submit(SubmitApplication {
                application_id: id,
                guide: guide.clone(),
                jurisdiction: village.code,
                materials: vec![],
                note: Some("办理公积金贷款需要近两年的缴费记录".into()),
                by: applicant,
                at,
            }),
            applicant,
            format!("application:{n}:submit"),
        )
        .await?;
        let later = at + TimeDelta::hours(3);
        let (step, command, actor) = match n % 5 {
            0 => continue,
            1 => (
                "approve",
                ApplicationCommand::Approve(ApproveApplication {
                    note: Some("已打印，请到社区服务中心领取".into()),
                    by: staff,
                    at: later,
                }),
                staff,
            ),
            2 => (
                "reject",
                ApplicationCommand::Reject(RejectApplication {
                    reason: "社保关系不在本区，请到参保地查询".into(),
                    by: staff,
                    at: later,
                }),
                staff,
            ),
            3 => (
                "request",
                ApplicationCommand::RequestMaterials(RequestMaterials {
                    materials: vec!["身份证".into()],
                    reason: "需核验本人身份".into(),
                    by: staff,
                    at: later,
                }),
                staff,
            ),
            _ => (
                "withdraw",
                ApplicationCommand::Withdraw(WithdrawApplication {
                    by: applicant,
                    at: later,
                }),
                applicant,
            ),
        };
        exec::<Application>(
            demo,
            stream,
            command,
            actor,
            format!("application:{n}:{step}"),
        )
        .await?;
    }
    Ok(())
}

const TASKS: [&str; 4] = [
    "代母亲到医保窗口补办医保卡",
    "代取不动产登记证明",
    "代办老人公交卡年审",
    "代交物业费并取回发票",
];

async fn errands(demo: &Demo, cast: &Cast) -> Result<(), DemoError> {
    for (n, village) in cast.villages.iter().enumerate() {
        let id = ErrandId::from_uuid(demo_id(4, n));
        let stream = StreamName::Errand(id);
        let requester = village.residents[0];
        let by = as_role(requester, Role::Resident);
        let at = ago(demo, 8 + (n as i64 * 13) % 150);
        exec::<Errand>(
            demo,
            stream,
            ErrandCommand::Request(RequestErrand {
                errand_id: id,
                jurisdiction: village.code,
                task: TASKS[n % TASKS.len()].into(),
                deadline: demo.now + TimeDelta::days(5 + n as i64 % 9),
                by,
                at,
            }),
            by,
            format!("errand:{n}:request"),
        )
        .await?;
        if n % 3 == 0 {
            continue;
        }
        let cadre = as_role(village.cadre, Role::Cadre);
        exec::<Errand>(
            demo,
            stream,
            ErrandCommand::AssignAgent(AssignAgent {
                agent: village.residents[1],
                kind: AgentKind::Volunteer,
                by: cadre,
                at: at + TimeDelta::hours(2),
            }),
            cadre,
            format!("errand:{n}:assign"),
        )
        .await?;
        if n % 3 == 2 {
            exec::<Errand>(
                demo,
                stream,
                ErrandCommand::Cancel(ErrandReason {
                    reason: "家人已经办好了".into(),
                    by,
                    at: at + TimeDelta::hours(5),
                }),
                by,
                format!("errand:{n}:cancel"),
            )
            .await?;
        }
    }
    Ok(())
}

const FEEDBACK: [(FeedbackKind, &str, Option<&str>); 6] = [
    (
        FeedbackKind::Praise,
        "网格员回复很快，点赞！",
        Some("感谢您的肯定，我们会继续努力。"),
    ),
    (
        FeedbackKind::AppProblem,
        "上传视频时偶尔卡住不动",
        Some("已优化上传，请更新小程序后再试。"),
    ),
    (FeedbackKind::Suggestion, "希望公告能按村社筛选", None),
    (
        FeedbackKind::Suggestion,
        "能否增加老人代办的电话预约",
        Some("已转社区研究，感谢建议。"),
    ),
    (FeedbackKind::Other, "想了解志愿者如何报名", None),
    (FeedbackKind::AppProblem, "夜间模式下地图看不清", None),
];

async fn feedback(demo: &Demo, cast: &Cast) -> Result<(), DemoError> {
    let manager = as_role(cast.county_manager, Role::Manager);
    for (n, (kind, text, reply)) in FEEDBACK.iter().enumerate() {
        let village = &cast.villages[n % cast.villages.len()];
        let author = village.residents[(n + 1) % village.residents.len()];
        let by = as_role(author, Role::Resident);
        let id = FeedbackId::from_uuid(demo_id(5, n));
        let stream = StreamName::Feedback(id);
        let at = ago(demo, 20 + n as i64 * 31);
        exec::<Feedback>(
            demo,
            stream,
            FeedbackCommand::Submit(SubmitFeedback {
                feedback_id: id,
                kind: *kind,
                text: (*text).into(),
                media: vec![],
                by,
                at,
            }),
            by,
            format!("feedback:{n}:submit"),
        )
        .await?;
        if let Some(reply) = reply {
            exec::<Feedback>(
                demo,
                stream,
                FeedbackCommand::Reply(ReplyToFeedback {
                    text: (*reply).into(),
                    by: manager,
                    at: at + TimeDelta::hours(4),
                }),
                manager,
                format!("feedback:{n}:reply"),
            )
            .await?;
            exec::<Feedback>(
                demo,
                stream,
                FeedbackCommand::Close(CloseFeedback {
                    by: manager,
                    at: at + TimeDelta::hours(5),
                }),
                manager,
                format!("feedback:{n}:close"),
            )
            .await?;
        }
    }
    Ok(())
}
