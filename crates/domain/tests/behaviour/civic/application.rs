//! Online applications: a resident applies with the guide's materials; a cadre or manager
//! asks for more, approves or rejects with a reason; the applicant supplies or withdraws.

use linli_domain::civic::application::*;
use linli_domain::civic::{CivicError, Subject};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, ApplicationId, GuideId};

use super::{cannot, chars, empty, invalid, not_allowed, too_long};
use crate::fixtures::*;

const S: Subject = Subject::Application;
const APPLICATION: ApplicationId = ApplicationId::from_u128(720);
const GUIDE: GuideId = GuideId::from_u128(710);
const REVIEWER_ONLY: &str = "only a cadre or manager reviews applications";

fn material(name: &str, files: &[u8]) -> Material {
    Material {
        name: name.into(),
        media: files.iter().copied().map(media).collect(),
    }
}

fn guide() -> GuideSnapshot {
    GuideSnapshot {
        guide_id: GUIDE,
        name: "居住证办理".into(),
        required: vec!["身份证".into(), "租房合同".into()],
    }
}

fn submit_with(by: Actor, materials: Vec<Material>, note: Option<&str>) -> ApplicationCommand {
    ApplicationCommand::Submit(SubmitApplication {
        application_id: APPLICATION,
        guide: guide(),
        jurisdiction: grid(),
        materials,
        note: note.map(Into::into),
        by,
        at: t(9, 0),
    })
}

fn submit(by: Actor) -> ApplicationCommand {
    submit_with(
        by,
        vec![material(" 身份证 ", &[1, 2]), material("租房合同", &[3])],
        Some("  工作日下午方便联系 "),
    )
}

fn submitted() -> ApplicationEvent {
    ApplicationSubmitted {
        application_id: APPLICATION,
        guide_id: GUIDE,
        guide_name: "居住证办理".into(),
        applicant: RESIDENT,
        jurisdiction: grid(),
        materials: vec![material("身份证", &[1, 2]), material("租房合同", &[3])],
        note: Some("工作日下午方便联系".into()),
        at: t(9, 0),
    }
    .into()
}

fn request_materials(by: Actor, materials: &[&str], reason: &str) -> ApplicationCommand {
    ApplicationCommand::RequestMaterials(RequestMaterials {
        materials: materials.iter().map(|m| (*m).into()).collect(),
        reason: reason.into(),
        by,
        at: t(10, 0),
    })
}

fn materials_requested() -> ApplicationEvent {
    ApplicationMaterialsRequested {
        materials: vec!["居住证明".into(), "社保缴费记录".into()],
        reason: "租房合同已过期，请补充".into(),
        by: cadre(),
        at: t(10, 0),
    }
    .into()
}

fn supply(by: Actor, materials: Vec<Material>) -> ApplicationCommand {
    ApplicationCommand::SupplyMaterials(SupplyMaterials {
        materials,
        note: None,
        by,
        at: t(11, 0),
    })
}

fn the_requested_materials() -> Vec<Material> {
    vec![material("居住证明", &[4]), material("社保缴费记录", &[5])]
}

fn materials_supplied() -> ApplicationEvent {
    ApplicationMaterialsSupplied {
        materials: the_requested_materials(),
        note: None,
        at: t(11, 0),
    }
    .into()
}

fn approve(by: Actor, note: Option<&str>) -> ApplicationCommand {
    ApplicationCommand::Approve(ApproveApplication {
        note: note.map(Into::into),
        by,
        at: t(12, 0),
    })
}

fn approved() -> ApplicationEvent {
    ApplicationApproved {
        note: None,
        by: cadre(),
        at: t(12, 0),
    }
    .into()
}

fn reject(by: Actor, reason: &str) -> ApplicationCommand {
    ApplicationCommand::Reject(RejectApplication {
        reason: reason.into(),
        by,
        at: t(12, 0),
    })
}

fn rejected() -> ApplicationEvent {
    ApplicationRejected {
        reason: "不在本社区居住".into(),
        by: cadre(),
        at: t(12, 0),
    }
    .into()
}

fn withdraw(by: Actor) -> ApplicationCommand {
    ApplicationCommand::Withdraw(WithdrawApplication { by, at: t(13, 0) })
}

fn withdrawn() -> ApplicationEvent {
    ApplicationWithdrawn { at: t(13, 0) }.into()
}

fn status_after(history: Vec<ApplicationEvent>) -> ApplicationStatus {
    given::<Application>(history).state().unwrap().status
}

#[test]
fn a_resident_applies_with_every_material_the_guide_asks_for() {
    let record = given::<Application>([])
        .when(submit(resident()))
        .then([submitted()])
        .unwrap();
    assert_eq!(record.applicant, RESIDENT);
    assert_eq!(record.status, ApplicationStatus::UnderReview);
    assert!(record.requested.is_empty());
}

#[test]
fn only_a_resident_applies() {
    for by in [cadre(), manager(), auditor(), Actor::System] {
        given::<Application>([])
            .when(submit(by))
            .then_error(not_allowed(S, by, "only a resident applies"));
    }
}

#[test]
fn applying_into_a_stream_that_holds_an_application_is_refused() {
    given::<Application>([submitted()])
        .when(submit(resident()))
        .then_error(CivicError::AlreadyExists(S));
}

#[test]
fn an_application_without_every_required_material_names_what_is_missing() {
    given::<Application>([])
        .when(submit_with(
            resident(),
            vec![material("身份证", &[1])],
            None,
        ))
        .then_error(CivicError::MaterialsMissing {
            missing: vec!["租房合同".into()],
        });
    given::<Application>([])
        .when(submit_with(resident(), vec![], None))
        .then_error(CivicError::MaterialsMissing {
            missing: vec!["身份证".into(), "租房合同".into()],
        });
}

#[test]
fn each_material_is_one_the_guide_asks_for_with_at_least_one_distinct_file() {
    let not_asked = invalid(
        S,
        ValidationError::Invalid {
            field: "materials.name",
            reason: "not a material this application asks for",
        },
    );
    let cases = [
        (material("户口本", &[1]), not_asked),
        (material(" ", &[1]), empty(S, "materials.name")),
        (material("身份证", &[]), empty(S, "materials.media")),
        (
            material("身份证", &[1, 1]),
            invalid(
                S,
                ValidationError::Duplicate {
                    field: "materials.media",
                },
            ),
        ),
        (
            material("身份证", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
            invalid(
                S,
                ValidationError::TooMany {
                    field: "materials.media",
                    len: 10,
                    max: 9,
                },
            ),
        ),
    ];
    for (bad, error) in cases {
        given::<Application>([])
            .when(submit_with(
                resident(),
                vec![bad, material("租房合同", &[3])],
                None,
            ))
            .then_error(error);
    }
}

#[test]
fn a_material_handed_in_twice_is_refused() {
    given::<Application>([])
        .when(submit_with(
            resident(),
            vec![
                material("身份证", &[1]),
                material(" 身份证", &[2]),
                material("租房合同", &[3]),
            ],
            None,
        ))
        .then_error(invalid(
            S,
            ValidationError::Duplicate { field: "materials" },
        ));
}

#[test]
fn an_applicants_note_is_optional_and_at_most_a_thousand_characters() {
    let events = given::<Application>([])
        .when(submit_with(
            resident(),
            vec![material("身份证", &[1]), material("租房合同", &[3])],
            Some("   "),
        ))
        .then_events();
    assert!(matches!(&events[..], [ApplicationEvent::Submitted(e)] if e.note.is_none()));
    given::<Application>([])
        .when(submit_with(
            resident(),
            vec![material("身份证", &[1]), material("租房合同", &[3])],
            Some(&chars(MAX_NOTE + 1)),
        ))
        .then_error(too_long(S, "note", 1001, 1000));
}

#[test]
fn reviewing_an_application_that_was_never_submitted_finds_nothing() {
    for command in [
        request_materials(cadre(), &["居住证明"], "请补充"),
        supply(resident(), the_requested_materials()),
        approve(cadre(), None),
        reject(cadre(), "不符合条件"),
        withdraw(resident()),
    ] {
        given::<Application>([])
            .when(command)
            .then_error(CivicError::NotFound(S));
    }
}

#[test]
fn a_reviewer_asks_for_more_materials_and_the_application_waits_for_them() {
    let record = given::<Application>([submitted()])
        .when(request_materials(
            cadre(),
            &[" 居住证明", "社保缴费记录 "],
            " 租房合同已过期，请补充 ",
        ))
        .then([materials_requested()])
        .unwrap();
    assert_eq!(record.status, ApplicationStatus::MaterialsRequested);
    assert_eq!(record.requested, vec!["居住证明", "社保缴费记录"]);
}

#[test]
fn a_request_for_materials_names_at_least_one_and_says_why() {
    given::<Application>([submitted()])
        .when(request_materials(manager(), &[], "请补充"))
        .then_error(empty(S, "materials"));
    given::<Application>([submitted()])
        .when(request_materials(
            manager(),
            &["居住证明", "居住证明"],
            "请补充",
        ))
        .then_error(invalid(
            S,
            ValidationError::Duplicate { field: "materials" },
        ));
    given::<Application>([submitted()])
        .when(request_materials(manager(), &["居住证明"], "  "))
        .then_error(empty(S, "reason"));
}

#[test]
fn only_a_cadre_or_manager_reviews_an_application() {
    for by in [resident(), other_resident(), auditor(), Actor::System] {
        for command in [
            request_materials(by, &["居住证明"], "请补充"),
            approve(by, None),
            reject(by, "不符合条件"),
        ] {
            given::<Application>([submitted()])
                .when(command)
                .then_error(not_allowed(S, by, REVIEWER_ONLY));
        }
    }
}

#[test]
fn more_materials_cannot_be_requested_while_a_request_is_open() {
    given::<Application>([submitted(), materials_requested()])
        .when(request_materials(cadre(), &["户口本"], "还需要户口本"))
        .then_error(cannot(S, "request materials for", "materials_requested"));
}

#[test]
fn the_applicant_supplies_exactly_what_was_asked_for_and_review_resumes() {
    let record = given::<Application>([submitted(), materials_requested()])
        .when(supply(resident(), the_requested_materials()))
        .then([materials_supplied()])
        .unwrap();
    assert_eq!(record.status, ApplicationStatus::UnderReview);
    assert!(record.requested.is_empty());
}

#[test]
fn supplying_only_part_of_the_request_names_what_is_missing() {
    given::<Application>([submitted(), materials_requested()])
        .when(supply(resident(), vec![material("居住证明", &[4])]))
        .then_error(CivicError::MaterialsMissing {
            missing: vec!["社保缴费记录".into()],
        });
}

#[test]
fn supplying_a_material_that_was_not_requested_is_refused() {
    let mut materials = the_requested_materials();
    materials.push(material("身份证", &[6]));
    given::<Application>([submitted(), materials_requested()])
        .when(supply(resident(), materials))
        .then_error(invalid(
            S,
            ValidationError::Invalid {
                field: "materials.name",
                reason: "not a material this application asks for",
            },
        ));
}

#[test]
fn only_the_applicant_acting_as_a_resident_supplies_materials_or_withdraws() {
    for by in [
        other_resident(),
        Actor::cadre(RESIDENT),
        cadre(),
        manager(),
        Actor::System,
    ] {
        given::<Application>([submitted(), materials_requested()])
            .when(supply(by, the_requested_materials()))
            .then_error(not_allowed(S, by, "only the applicant"));
        given::<Application>([submitted()])
            .when(withdraw(by))
            .then_error(not_allowed(S, by, "only the applicant"));
    }
}

#[test]
fn materials_cannot_be_supplied_when_none_were_asked_for() {
    given::<Application>([submitted()])
        .when(supply(resident(), the_requested_materials()))
        .then_error(cannot(S, "supply materials for", "under_review"));
    given::<Application>([submitted(), materials_requested(), materials_supplied()])
        .when(supply(resident(), the_requested_materials()))
        .then_error(cannot(S, "supply materials for", "under_review"));
}

#[test]
fn a_cadre_or_manager_approves_an_application_under_review_with_an_optional_note() {
    let record = given::<Application>([submitted()])
        .when(approve(manager(), Some(" 请携带原件到服务大厅领取 ")))
        .then([ApplicationApproved {
            note: Some("请携带原件到服务大厅领取".into()),
            by: manager(),
            at: t(12, 0),
        }
        .into()])
        .unwrap();
    assert_eq!(record.status, ApplicationStatus::Approved);
    given::<Application>([submitted(), materials_requested(), materials_supplied()])
        .when(approve(cadre(), None))
        .then([approved()]);
}

#[test]
fn an_application_cannot_be_approved_while_materials_are_outstanding() {
    given::<Application>([submitted(), materials_requested()])
        .when(approve(cadre(), None))
        .then_error(cannot(S, "approve", "materials_requested"));
}

#[test]
fn a_rejection_needs_a_reason() {
    given::<Application>([submitted()])
        .when(reject(cadre(), " \n"))
        .then_error(empty(S, "reason"));
    given::<Application>([submitted()])
        .when(reject(cadre(), &chars(MAX_NOTE + 1)))
        .then_error(too_long(S, "reason", 1001, 1000));
}

#[test]
fn a_reviewer_rejects_with_a_reason_even_while_materials_are_outstanding() {
    for history in [vec![submitted()], vec![submitted(), materials_requested()]] {
        let record = given::<Application>(history)
            .when(reject(cadre(), " 不在本社区居住 "))
            .then([rejected()])
            .unwrap();
        assert_eq!(record.status, ApplicationStatus::Rejected);
    }
}

#[test]
fn the_applicant_withdraws_an_open_application() {
    for history in [vec![submitted()], vec![submitted(), materials_requested()]] {
        let record = given::<Application>(history)
            .when(withdraw(resident()))
            .then([withdrawn()])
            .unwrap();
        assert_eq!(record.status, ApplicationStatus::Withdrawn);
    }
}

#[test]
fn nothing_more_happens_to_an_approved_rejected_or_withdrawn_application() {
    for (last, from) in [
        (approved(), "approved"),
        (rejected(), "rejected"),
        (withdrawn(), "withdrawn"),
    ] {
        let history = vec![submitted(), last];
        assert!(status_after(history.clone()).is_final());
        let refusals = [
            (
                request_materials(cadre(), &["户口本"], "请补充"),
                "request materials for",
            ),
            (
                supply(resident(), the_requested_materials()),
                "supply materials for",
            ),
            (approve(cadre(), None), "approve"),
            (reject(cadre(), "不符合条件"), "reject"),
            (withdraw(resident()), "withdraw"),
        ];
        for (command, name) in refusals {
            given::<Application>(history.clone())
                .when(command)
                .then_error(cannot(S, name, from));
        }
    }
}
