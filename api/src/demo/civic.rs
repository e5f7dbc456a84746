//! Community services in the demo: announcements for every village (some pinned, one edited,
//! one withdrawn), handling guides, applications in every state (with scanned materials, some
//! sent back for more), errands from "waiting for an agent" through verified documents to
//! completed or cancelled, and feedback with replies.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::civic::announcement::{
    Announcement, AnnouncementCommand, EditAnnouncement, Pinning, PublishAnnouncement,
    WithdrawAnnouncement,
};
use linli_domain::civic::errand::{
    AgentKind, AssignAgent, Errand, ErrandCommand, ErrandNote, ErrandReason, ErrandStep,
    RequestErrand, SubmitDocuments,
};
use linli_domain::civic::feedback::{
    CloseFeedback, Feedback, FeedbackCommand, FeedbackKind, ReplyToFeedback, SubmitFeedback,
};
use linli_domain::{
    Actor, Aggregate, AnnouncementId, ErrandId, FeedbackId, JurisdictionCode, Role, StreamName,
    UserId,
};

use super::county::County;
use super::scans::upload_sealed;
use super::{meta, Demo, DemoError};

mod applications;

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

pub(super) fn ago(demo: &Demo, hours: i64) -> DateTime<Utc> {
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
    let guides = applications::guides(demo, cast).await?;
    applications::applications(demo, cast, &guides).await?;
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
        let (requester, agent) = (village.residents[0], village.residents[1]);
        let by = as_role(requester, Role::Resident);
        let at = ago(demo, 30 + (n as i64 * 13) % 150);
        let later = |hours| at + TimeDelta::hours(hours);
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
                agent,
                kind: AgentKind::Volunteer,
                by: cadre,
                at: later(2),
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
                    at: later(5),
                }),
                by,
                format!("errand:{n}:cancel"),
            )
            .await?;
            continue;
        }
        // The agent's ID card sealed under the agent's key, the power of attorney under the
        // requester's: each document belongs to the person it is about.
        let id_card_copy = upload_sealed(demo, 30_000 + n as u32 * 2, agent, agent).await?;
        let power_of_attorney =
            upload_sealed(demo, 30_001 + n as u32 * 2, requester, requester).await?;
        let helper = as_role(agent, Role::Resident);
        let mut steps = vec![
            (
                "documents",
                ErrandCommand::SubmitDocuments(SubmitDocuments {
                    id_card_copy,
                    power_of_attorney,
                    by: helper,
                    at: later(4),
                }),
                helper,
            ),
            (
                "verify",
                ErrandCommand::VerifyDocuments(ErrandStep {
                    by: cadre,
                    at: later(6),
                }),
                cadre,
            ),
            (
                "progress",
                ErrandCommand::NoteProgress(ErrandNote {
                    text: "材料已递交窗口，等待办理".into(),
                    by: helper,
                    at: later(20),
                }),
                helper,
            ),
        ];
        if n % 2 == 1 {
            steps.push((
                "complete",
                ErrandCommand::Complete(ErrandNote {
                    text: "已办好，证件交还本人".into(),
                    by: helper,
                    at: later(26),
                }),
                helper,
            ));
        }
        for (step, command, actor) in steps {
            exec::<Errand>(demo, stream, command, actor, format!("errand:{n}:{step}")).await?;
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
