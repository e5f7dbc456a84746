//! Handling guides: a manager defines, revises and retires an application type; a retired
//! guide is frozen.

use linli_domain::civic::guide::*;
use linli_domain::civic::{CivicError, Subject};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, GuideId};

use super::{cannot, chars, empty, invalid, not_allowed, too_long};
use crate::fixtures::*;

const S: Subject = Subject::Guide;
const GUIDE: GuideId = GuideId::from_u128(710);
const WHO: &str = "only a manager configures application types";

fn content(name: &str, text: &str, materials: &[&str]) -> GuideContent {
    GuideContent {
        name: name.into(),
        text: text.into(),
        materials: materials.iter().map(|m| (*m).into()).collect(),
    }
}

fn residence_permit() -> GuideContent {
    content(
        "居住证办理",
        "持以下材料到社区服务中心，5 个工作日办结。",
        &["身份证", "租房合同"],
    )
}

fn define(by: Actor, content: GuideContent) -> GuideCommand {
    GuideCommand::Define(DefineGuide {
        guide_id: GUIDE,
        content,
        by,
        at: t(9, 0),
    })
}

fn defined() -> GuideEvent {
    GuideDefined {
        guide_id: GUIDE,
        content: residence_permit(),
        by: MANAGER,
        at: t(9, 0),
    }
    .into()
}

fn revise(by: Actor, content: GuideContent) -> GuideCommand {
    GuideCommand::Revise(ReviseGuide {
        content,
        by,
        at: t(10, 0),
    })
}

fn retire(by: Actor) -> GuideCommand {
    GuideCommand::Retire(RetireGuide { by, at: t(11, 0) })
}

fn retired() -> GuideEvent {
    GuideRetired {
        by: MANAGER,
        at: t(11, 0),
    }
    .into()
}

#[test]
fn a_manager_defines_a_guide_with_trimmed_name_text_and_materials() {
    let record = given::<Guide>([])
        .when(define(
            manager(),
            content(
                " 居住证办理 ",
                " 持以下材料到社区服务中心，5 个工作日办结。\n",
                &[" 身份证", "租房合同 "],
            ),
        ))
        .then([defined()])
        .unwrap();
    assert_eq!(record.id, GUIDE);
    assert_eq!(record.content, residence_permit());
    assert!(!record.retired);
}

#[test]
fn a_guide_may_require_no_materials() {
    let no_papers = content("社保查询", "带上手机即可。", &[]);
    given::<Guide>([])
        .when(define(manager(), no_papers.clone()))
        .then([GuideDefined {
            guide_id: GUIDE,
            content: no_papers,
            by: MANAGER,
            at: t(9, 0),
        }
        .into()]);
}

#[test]
fn only_a_manager_defines_revises_or_retires_a_guide() {
    for by in [resident(), cadre(), auditor(), Actor::System] {
        given::<Guide>([])
            .when(define(by, residence_permit()))
            .then_error(not_allowed(S, by, WHO));
        for command in [revise(by, residence_permit()), retire(by)] {
            given::<Guide>([defined()])
                .when(command)
                .then_error(not_allowed(S, by, WHO));
        }
    }
}

#[test]
fn defining_into_a_stream_that_holds_a_guide_is_refused() {
    given::<Guide>([defined()])
        .when(define(manager(), residence_permit()))
        .then_error(CivicError::AlreadyExists(S));
}

#[test]
fn revising_or_retiring_a_guide_that_was_never_defined_finds_nothing() {
    for command in [revise(manager(), residence_permit()), retire(manager())] {
        given::<Guide>([])
            .when(command)
            .then_error(CivicError::NotFound(S));
    }
}

#[test]
fn a_guide_needs_a_name_and_a_text_within_bounds() {
    let cases = [
        (content(" ", "说明", &[]), empty(S, "name")),
        (content("名称", "", &[]), empty(S, "text")),
        (
            content(&chars(MAX_NAME + 1), "说明", &[]),
            too_long(S, "name", 61, 60),
        ),
        (
            content("名称", &chars(MAX_TEXT + 1), &[]),
            too_long(S, "text", 5001, 5000),
        ),
    ];
    for (content, error) in cases {
        given::<Guide>([])
            .when(define(manager(), content))
            .then_error(error);
    }
}

#[test]
fn required_materials_are_named_distinct_and_at_most_twenty() {
    let long_name = chars(MAX_MATERIAL_NAME + 1);
    let twenty_one: Vec<String> = (0..=MAX_MATERIALS).map(|i| format!("材料{i}")).collect();
    let twenty_one: Vec<&str> = twenty_one.iter().map(String::as_str).collect();
    let cases = [
        (vec!["身份证", "  "], empty(S, "materials")),
        (vec![long_name.as_str()], too_long(S, "materials", 61, 60)),
        (
            vec!["身份证", " 身份证 "],
            invalid(S, ValidationError::Duplicate { field: "materials" }),
        ),
        (
            twenty_one,
            invalid(
                S,
                ValidationError::TooMany {
                    field: "materials",
                    len: 21,
                    max: 20,
                },
            ),
        ),
    ];
    for (materials, error) in cases {
        given::<Guide>([])
            .when(define(manager(), content("名称", "说明", &materials)))
            .then_error(error);
    }
}

#[test]
fn a_manager_revises_the_whole_content_of_a_guide() {
    let revised = content(
        "居住证办理",
        "线上提交，3 个工作日办结。",
        &["身份证", "居住证明"],
    );
    let record = given::<Guide>([defined()])
        .when(revise(manager(), revised.clone()))
        .then([GuideRevised {
            content: revised.clone(),
            by: MANAGER,
            at: t(10, 0),
        }
        .into()])
        .unwrap();
    assert_eq!(record.content, revised);
}

#[test]
fn a_revision_is_held_to_the_same_bounds_as_a_definition() {
    given::<Guide>([defined()])
        .when(revise(
            manager(),
            content("名称", "说明", &["身份证", "身份证"]),
        ))
        .then_error(invalid(
            S,
            ValidationError::Duplicate { field: "materials" },
        ));
}

#[test]
fn a_manager_retires_a_guide() {
    let record = given::<Guide>([defined()])
        .when(retire(manager()))
        .then([retired()])
        .unwrap();
    assert!(record.retired);
}

#[test]
fn a_retired_guide_cannot_be_revised_or_retired_again() {
    given::<Guide>([defined(), retired()])
        .when(revise(manager(), residence_permit()))
        .then_error(cannot(S, "revise", "retired"));
    given::<Guide>([defined(), retired()])
        .when(retire(manager()))
        .then_error(cannot(S, "retire", "retired"));
}
