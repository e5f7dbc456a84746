//! Handling guides and applications in the demo: every guide, applications with scanned
//! materials in every state, some sent back for more and answered.

use chrono::TimeDelta;
use linli_domain::civic::application::{
    Application, ApplicationCommand, ApproveApplication, GuideSnapshot, Material,
    RejectApplication, RequestMaterials, SubmitApplication, SupplyMaterials, WithdrawApplication,
};
use linli_domain::civic::guide::{DefineGuide, Guide, GuideCommand, GuideContent};
use linli_domain::{ApplicationId, GuideId, Role, StreamName, UserId};

use super::{ago, as_role, demo_id, exec, Cast};
use crate::demo::scans::upload;
use crate::demo::{Demo, DemoError};

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

/// Defines the guides; answers them as applications see them.
pub(super) async fn guides(demo: &Demo, cast: &Cast) -> Result<Vec<GuideSnapshot>, DemoError> {
    let by = as_role(cast.county_manager, Role::Manager);
    let mut snapshots = Vec::new();
    for (n, (name, text, materials)) in GUIDES.iter().enumerate() {
        let id = GuideId::from_uuid(demo_id(2, n));
        let required: Vec<String> = materials.iter().map(|m| (*m).into()).collect();
        exec::<Guide>(
            demo,
            StreamName::Guide(id),
            GuideCommand::Define(DefineGuide {
                guide_id: id,
                content: GuideContent {
                    name: (*name).into(),
                    text: (*text).into(),
                    materials: required.clone(),
                },
                by,
                at: ago(demo, 24 * 45),
            }),
            by,
            format!("guide:{n}"),
        )
        .await?;
        snapshots.push(GuideSnapshot {
            guide_id: id,
            name: (*name).into(),
            required,
        });
    }
    Ok(snapshots)
}

/// One material with one freshly uploaded scan.
async fn material(demo: &Demo, name: &str, n: u32, by: UserId) -> Result<Material, DemoError> {
    Ok(Material {
        name: name.into(),
        media: vec![upload(demo, n, by).await?],
    })
}

pub(super) async fn applications(
    demo: &Demo,
    cast: &Cast,
    guides: &[GuideSnapshot],
) -> Result<(), DemoError> {
    for (n, village) in cast.villages.iter().enumerate() {
        let id = ApplicationId::from_uuid(demo_id(3, n));
        let stream = StreamName::Application(id);
        let guide = &guides[n % guides.len()];
        let user = village.residents[n % village.residents.len()];
        let applicant = as_role(user, Role::Resident);
        let staff = as_role(village.cadre, Role::Cadre);
        let at = ago(demo, 30 + (n as i64 * 23) % 300);
        let mut materials = Vec::new();
        for (k, name) in guide.required.iter().enumerate() {
            materials.push(material(demo, name, 10_000 + n as u32 * 10 + k as u32, user).await?);
        }
        exec::<Application>(
            demo,
            stream,
            ApplicationCommand::Submit(SubmitApplication {
                application_id: id,
                guide: guide.clone(),
                jurisdiction: village.code,
                materials,
                note: Some("材料已按指南准备，请审核".into()),
                by: applicant,
                at,
            }),
            applicant,
            format!("application:{n}:submit"),
        )
        .await?;
        let later = |hours| at + TimeDelta::hours(hours);
        let approve = |hours| {
            ApplicationCommand::Approve(ApproveApplication {
                note: Some("已办结，请到社区服务中心领取".into()),
                by: staff,
                at: later(hours),
            })
        };
        let mut steps = Vec::new();
        match n % 5 {
            0 => {}
            1 => steps.push(("approve", approve(3), staff)),
            2 => steps.push((
                "reject",
                ApplicationCommand::Reject(RejectApplication {
                    reason: "户籍不在本社区，请到户籍所在地办理".into(),
                    by: staff,
                    at: later(3),
                }),
                staff,
            )),
            3 => {
                steps.push((
                    "request",
                    ApplicationCommand::RequestMaterials(RequestMaterials {
                        materials: vec!["户口簿首页".into()],
                        reason: "需核对户籍信息".into(),
                        by: staff,
                        at: later(3),
                    }),
                    staff,
                ));
                // Every other one was answered and then approved.
                if n % 2 == 1 {
                    let supplied = material(demo, "户口簿首页", 20_000 + n as u32, user).await?;
                    steps.push((
                        "supply",
                        ApplicationCommand::SupplyMaterials(SupplyMaterials {
                            materials: vec![supplied],
                            note: None,
                            at: later(20),
                            by: applicant,
                        }),
                        applicant,
                    ));
                    steps.push(("approve", approve(26), staff));
                }
            }
            _ => steps.push((
                "withdraw",
                ApplicationCommand::Withdraw(WithdrawApplication {
                    by: applicant,
                    at: later(2),
                }),
                applicant,
            )),
        }
        for (step, command, actor) in steps {
            exec::<Application>(
                demo,
                stream,
                command,
                actor,
                format!("application:{n}:{step}"),
            )
            .await?;
        }
    }
    Ok(())
}
