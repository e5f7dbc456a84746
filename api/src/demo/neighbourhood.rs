//! Neighbourhood life in the demo, village by village: forum posts with comments (one post
//! and one comment hidden by the village's staff member), a community event per village
//! (small ones fill up and waitlist, a seat given up promotes, one event is called off),
//! second-hand listings and mutual-help requests in every state, and proposed solutions
//! with support and official responses.

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::neighbourhood::activity::{
    Activity, ActivityCommand, CancelActivity, CancelRegistration, RegisterForActivity,
    ScheduleActivity,
};
use linli_domain::neighbourhood::forum::{
    CommentOnPost, ForumCommand, ForumPost, HideContent, PublishPost, Target,
};
use linli_domain::neighbourhood::help::{
    HelpCommand, HelpRequest, OfferHelp, PostHelpRequest, RequesterAction,
};
use linli_domain::neighbourhood::idea::{
    Idea, IdeaCommand, IdeaDecision, ProposeIdea, RespondToIdea, SupportIdea,
};
use linli_domain::neighbourhood::listing::{
    CreateListing, Listing, ListingCommand, OwnerAction, ReserveListing,
};
use linli_domain::neighbourhood::{
    ActivityId, HelpRequestId, IdeaId, ListingId, NeighbourhoodStream, PostId,
};
use linli_domain::{Actor, Fen, Role, StreamName};

use super::civic::{as_role, demo_id, exec, Cast, Village};
use super::{Demo, DemoError};

fn ago(demo: &Demo, hours: i64) -> DateTime<Utc> {
    demo.now - TimeDelta::hours(hours)
}

fn resident(village: &Village, n: usize) -> Actor {
    as_role(
        village.residents[n % village.residents.len()],
        Role::Resident,
    )
}

/// Writes every village's neighbourhood history.
pub async fn play(demo: &Demo, cast: &Cast) -> Result<(), DemoError> {
    for (n, village) in cast.villages.iter().enumerate() {
        forum(demo, village, n).await?;
        activity(demo, village, n).await?;
        listings(demo, village, n).await?;
        help(demo, village, n).await?;
        idea(demo, village, n).await?;
    }
    Ok(())
}

const POSTS: [(&str, &str, &str); 4] = [
    (
        "楼下停车太乱了",
        "晚上车停到消防通道上，救护车都进不来。",
        "同感，建议划线管理",
    ),
    (
        "谁家的橘猫走丢了？",
        "在 3 号楼车棚看到一只橘猫，很亲人。",
        "好像是 5 楼王阿姨家的",
    ),
    (
        "推荐靠谱的修鞋师傅",
        "想找附近修鞋换拉链的，有人知道吗？",
        "菜场门口周二周四有",
    ),
    (
        "广场舞音响太吵",
        "晚上九点以后还在放，孩子没法写作业。",
        "可以找社区协调下时间",
    ),
];

async fn forum(demo: &Demo, village: &Village, n: usize) -> Result<(), DemoError> {
    let cadre = as_role(village.cadre, Role::Cadre);
    for k in 0..2 {
        let id = PostId::from_uuid(demo_id(10, n * 2 + k));
        let stream = StreamName::Neighbourhood(NeighbourhoodStream::Post(id));
        let (title, body, reply) = POSTS[(n + k) % POSTS.len()];
        let author = resident(village, n + k);
        let at = ago(demo, 4 + ((n * 2 + k) as i64 * 11) % 300);
        exec::<ForumPost>(
            demo,
            stream,
            ForumCommand::Publish(PublishPost {
                post_id: id,
                community: village.code,
                title: title.into(),
                body: body.into(),
                media: vec![],
                by: author,
                at,
            }),
            author,
            format!("forum:{n}:{k}:publish"),
        )
        .await?;
        let commenter = resident(village, n + k + 1);
        exec::<ForumPost>(
            demo,
            stream,
            ForumCommand::Comment(CommentOnPost {
                text: reply.into(),
                by: commenter,
                at: at + TimeDelta::minutes(40),
            }),
            commenter,
            format!("forum:{n}:{k}:comment"),
        )
        .await?;
        exec::<ForumPost>(
            demo,
            stream,
            ForumCommand::Comment(CommentOnPost {
                text: "已记下，社区这周会去现场看看。".into(),
                by: cadre,
                at: at + TimeDelta::minutes(90),
            }),
            cadre,
            format!("forum:{n}:{k}:answer"),
        )
        .await?;
        let hide = match (n % 5, k) {
            (2, 0) => Some((Target::Post, "含他人电话号码")),
            (3, 1) => Some((Target::Comment { number: 1 }, "与主题无关")),
            _ => None,
        };
        if let Some((target, reason)) = hide {
            exec::<ForumPost>(
                demo,
                stream,
                ForumCommand::Hide(HideContent {
                    target,
                    reason: reason.into(),
                    by: cadre,
                    at: at + TimeDelta::minutes(120),
                }),
                cadre,
                format!("forum:{n}:{k}:hide"),
            )
            .await?;
        }
    }
    Ok(())
}

const EVENTS: [(&str, &str, &str); 4] = [
    (
        "冬至包饺子",
        "社区食堂一起包饺子，送给独居老人。",
        "社区食堂",
    ),
    ("亲子植树", "带孩子在河边种树，工具社区准备。", "河滨绿地"),
    ("义诊进社区", "社区医院医生测血压血糖、答疑。", "文化礼堂"),
    ("旧物交换集市", "带上闲置物品，以物换物。", "村口广场"),
];

async fn activity(demo: &Demo, village: &Village, n: usize) -> Result<(), DemoError> {
    let id = ActivityId::from_uuid(demo_id(11, n));
    let stream = StreamName::Neighbourhood(NeighbourhoodStream::Activity(id));
    let cadre = as_role(village.cadre, Role::Cadre);
    let (title, description, place) = EVENTS[n % EVENTS.len()];
    // Small events fill up, so the waitlist shows.
    let capacity = if n % 2 == 0 { 2 } else { 30 };
    let at = ago(demo, 24 * 3 + n as i64);
    exec::<Activity>(
        demo,
        stream,
        ActivityCommand::Schedule(ScheduleActivity {
            activity_id: id,
            community: village.code,
            title: title.into(),
            description: description.into(),
            place: place.into(),
            starts_at: demo.now + TimeDelta::days(2 + n as i64 % 5),
            capacity,
            by: cadre,
            at,
        }),
        cadre,
        format!("activity:{n}:schedule"),
    )
    .await?;
    for (k, user) in village.residents.iter().enumerate() {
        let by = as_role(*user, Role::Resident);
        exec::<Activity>(
            demo,
            stream,
            ActivityCommand::Register(RegisterForActivity {
                by,
                at: at + TimeDelta::minutes(30 + 7 * k as i64),
            }),
            by,
            format!("activity:{n}:register:{k}"),
        )
        .await?;
    }
    if n % 4 == 0 {
        // A seat holder gives up: the first on the waitlist moves up.
        let by = resident(village, 0);
        exec::<Activity>(
            demo,
            stream,
            ActivityCommand::CancelRegistration(CancelRegistration {
                by,
                at: at + TimeDelta::hours(20),
            }),
            by,
            format!("activity:{n}:leave"),
        )
        .await?;
    }
    if n % 6 == 5 {
        exec::<Activity>(
            demo,
            stream,
            ActivityCommand::Cancel(CancelActivity {
                reason: "天气预报有雨，改期另行通知".into(),
                by: cadre,
                at: at + TimeDelta::hours(30),
            }),
            cadre,
            format!("activity:{n}:cancel"),
        )
        .await?;
    }
    Ok(())
}

const GOODS: [(&str, &str, i64); 4] = [
    ("九成新婴儿车", "可折叠，带雨棚", 15_000),
    ("实木书桌", "搬家带不走，自提", 0),
    ("儿童自行车", "适合 4-6 岁", 8_000),
    ("电饭煲", "用了一年，功能正常", 5_000),
];

async fn listings(demo: &Demo, village: &Village, n: usize) -> Result<(), DemoError> {
    for k in 0..2 {
        let m = n * 2 + k;
        let id = ListingId::from_uuid(demo_id(12, m));
        let stream = StreamName::Neighbourhood(NeighbourhoodStream::Listing(id));
        let owner = resident(village, k);
        let buyer = village.residents[(k + 1) % village.residents.len()];
        let (title, description, price) = GOODS[m % GOODS.len()];
        let at = ago(demo, 12 + (m as i64 * 19) % 400);
        exec::<Listing>(
            demo,
            stream,
            ListingCommand::List(CreateListing {
                listing_id: id,
                community: village.code,
                title: title.into(),
                description: description.into(),
                price: Fen(price),
                media: vec![],
                by: owner,
                at,
            }),
            owner,
            format!("listing:{m}:list"),
        )
        .await?;
        let later = |hours| at + TimeDelta::hours(hours);
        match m % 4 {
            0 => {}
            3 => {
                exec::<Listing>(
                    demo,
                    stream,
                    ListingCommand::Withdraw(OwnerAction {
                        by: owner,
                        at: later(6),
                    }),
                    owner,
                    format!("listing:{m}:withdraw"),
                )
                .await?
            }
            step => {
                exec::<Listing>(
                    demo,
                    stream,
                    ListingCommand::Reserve(ReserveListing {
                        for_user: buyer,
                        by: owner,
                        at: later(2),
                    }),
                    owner,
                    format!("listing:{m}:reserve"),
                )
                .await?;
                if step == 2 {
                    exec::<Listing>(
                        demo,
                        stream,
                        ListingCommand::Exchange(OwnerAction {
                            by: owner,
                            at: later(26),
                        }),
                        owner,
                        format!("listing:{m}:exchange"),
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}

const NEEDS: [(&str, &str); 4] = [
    ("帮忙搬冰箱上三楼", "周六上午，无电梯"),
    ("求借梯子一用", "换楼道灯泡，用完就还"),
    ("接孩子放学一次", "周三临时加班，四点半在小学门口"),
    ("教老人用手机挂号", "父亲想学在手机上预约门诊"),
];

async fn help(demo: &Demo, village: &Village, n: usize) -> Result<(), DemoError> {
    let id = HelpRequestId::from_uuid(demo_id(13, n));
    let stream = StreamName::Neighbourhood(NeighbourhoodStream::Help(id));
    let asker = resident(village, n);
    let helper = resident(village, n + 1);
    let (title, description) = NEEDS[n % NEEDS.len()];
    let at = ago(demo, 5 + (n as i64 * 29) % 200);
    exec::<HelpRequest>(
        demo,
        stream,
        HelpCommand::Post(PostHelpRequest {
            help_id: id,
            community: village.code,
            title: title.into(),
            description: description.into(),
            needed_by: Some(demo.now + TimeDelta::days(3)),
            by: asker,
            at,
        }),
        asker,
        format!("help:{n}:post"),
    )
    .await?;
    match n % 4 {
        0 => return Ok(()),
        3 => {
            return exec::<HelpRequest>(
                demo,
                stream,
                HelpCommand::Cancel(RequesterAction {
                    by: asker,
                    at: at + TimeDelta::hours(3),
                }),
                asker,
                format!("help:{n}:cancel"),
            )
            .await
        }
        _ => {}
    }
    exec::<HelpRequest>(
        demo,
        stream,
        HelpCommand::Offer(OfferHelp {
            note: Some("我有空，微信联系".into()),
            by: helper,
            at: at + TimeDelta::hours(1),
        }),
        helper,
        format!("help:{n}:offer"),
    )
    .await?;
    if n % 4 == 2 {
        exec::<HelpRequest>(
            demo,
            stream,
            HelpCommand::ConfirmDone(RequesterAction {
                by: asker,
                at: at + TimeDelta::hours(4),
            }),
            asker,
            format!("help:{n}:done"),
        )
        .await?;
    }
    Ok(())
}

const IDEAS: [(&str, &str); 4] = [
    (
        "车棚加装充电桩",
        "电动车在楼道充电太危险，建议车棚统一装充电桩。",
    ),
    (
        "小区路口加装路灯",
        "北门到菜场那段路晚上太黑，老人走路不安全。",
    ),
    (
        "设立共享工具角",
        "梯子、电钻这类不常用的工具可以放在社区共用。",
    ),
    ("周末开放学校操场", "周末把小学操场开放给居民锻炼。"),
];

async fn idea(demo: &Demo, village: &Village, n: usize) -> Result<(), DemoError> {
    let id = IdeaId::from_uuid(demo_id(14, n));
    let stream = StreamName::Neighbourhood(NeighbourhoodStream::Idea(id));
    let author = resident(village, n);
    let (title, body) = IDEAS[n % IDEAS.len()];
    let at = ago(demo, 24 * 2 + (n as i64 * 37) % 500);
    exec::<Idea>(
        demo,
        stream,
        IdeaCommand::Propose(ProposeIdea {
            idea_id: id,
            community: village.code,
            title: title.into(),
            body: body.into(),
            by: author,
            at,
        }),
        author,
        format!("idea:{n}:propose"),
    )
    .await?;
    for (k, user) in village.residents.iter().enumerate() {
        let by = as_role(*user, Role::Resident);
        if by == author {
            continue;
        }
        exec::<Idea>(
            demo,
            stream,
            IdeaCommand::Support(SupportIdea {
                by,
                at: at + TimeDelta::hours(1 + k as i64),
            }),
            by,
            format!("idea:{n}:support:{k}"),
        )
        .await?;
    }
    let decision = match n % 4 {
        0 => return Ok(()),
        1 => (
            IdeaDecision::Accepted,
            "已列入明年民生实事项目，预计春节后动工。",
        ),
        2 => (
            IdeaDecision::UnderConsideration,
            "正在征求物业和业委会意见。",
        ),
        _ => (IdeaDecision::Declined, "场地权属不在社区，已向上级反映。"),
    };
    let cadre = as_role(village.cadre, Role::Cadre);
    exec::<Idea>(
        demo,
        stream,
        IdeaCommand::Respond(RespondToIdea {
            decision: decision.0,
            text: decision.1.into(),
            by: cadre,
            at: at + TimeDelta::hours(30),
        }),
        cadre,
        format!("idea:{n}:respond"),
    )
    .await
}
