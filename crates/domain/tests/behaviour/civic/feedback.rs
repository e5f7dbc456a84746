//! Feedback about linli: a resident submits, any manager replies (as often as needed) and
//! closes; closed feedback takes no more replies.

use linli_domain::civic::feedback::*;
use linli_domain::civic::{CivicError, Subject};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, FeedbackId, UserId};

use super::{cannot, chars, empty, invalid, not_allowed, too_long};
use crate::fixtures::*;

const S: Subject = Subject::Feedback;
const FEEDBACK: FeedbackId = FeedbackId::from_u128(740);
const WHO: &str = "only a manager answers feedback";

fn submit(by: Actor, kind: FeedbackKind, text: &str) -> FeedbackCommand {
    FeedbackCommand::Submit(SubmitFeedback {
        feedback_id: FEEDBACK,
        kind,
        text: text.into(),
        media: vec![media(5)],
        by,
        at: t(9, 0),
    })
}

fn submitted() -> FeedbackEvent {
    FeedbackSubmitted {
        feedback_id: FEEDBACK,
        kind: FeedbackKind::AppProblem,
        text: "上传照片时小程序闪退".into(),
        media: vec![media(5)],
        author: RESIDENT,
        at: t(9, 0),
    }
    .into()
}

fn reply(by: Actor, text: &str) -> FeedbackCommand {
    FeedbackCommand::Reply(ReplyToFeedback {
        text: text.into(),
        by,
        at: t(10, 0),
    })
}

fn replied() -> FeedbackEvent {
    FeedbackReplied {
        text: "已修复，请更新小程序".into(),
        by: MANAGER,
        at: t(10, 0),
    }
    .into()
}

fn close(by: Actor) -> FeedbackCommand {
    FeedbackCommand::Close(CloseFeedback { by, at: t(11, 0) })
}

fn closed() -> FeedbackEvent {
    FeedbackClosed {
        by: MANAGER,
        at: t(11, 0),
    }
    .into()
}

#[test]
fn a_resident_submits_feedback_with_trimmed_text() {
    let record = given::<Feedback>([])
        .when(submit(
            resident(),
            FeedbackKind::AppProblem,
            "  上传照片时小程序闪退 ",
        ))
        .then([submitted()])
        .unwrap();
    assert_eq!(record.author, RESIDENT);
    assert!(!record.closed);
}

#[test]
fn every_kind_of_feedback_is_accepted() {
    for kind in FeedbackKind::ALL {
        let events = given::<Feedback>([])
            .when(submit(resident(), kind, "很好用"))
            .then_events();
        assert!(matches!(&events[..], [FeedbackEvent::Submitted(e)] if e.kind == kind));
    }
}

#[test]
fn only_a_resident_gives_feedback() {
    for by in [cadre(), manager(), auditor(), Actor::System] {
        given::<Feedback>([])
            .when(submit(by, FeedbackKind::Suggestion, "建议增加夜间模式"))
            .then_error(not_allowed(S, by, "only a resident gives feedback"));
    }
}

#[test]
fn submitting_into_a_stream_that_holds_feedback_is_refused() {
    given::<Feedback>([submitted()])
        .when(submit(resident(), FeedbackKind::Praise, "谢谢"))
        .then_error(CivicError::AlreadyExists(S));
}

#[test]
fn feedback_text_is_required_and_at_most_a_thousand_characters() {
    given::<Feedback>([])
        .when(submit(resident(), FeedbackKind::Other, " \t "))
        .then_error(empty(S, "text"));
    given::<Feedback>([])
        .when(submit(
            resident(),
            FeedbackKind::Other,
            &chars(MAX_TEXT + 1),
        ))
        .then_error(too_long(S, "text", 1001, 1000));
}

#[test]
fn feedback_screenshots_are_distinct() {
    let FeedbackCommand::Submit(mut cmd) = submit(resident(), FeedbackKind::Other, "截图") else {
        unreachable!()
    };
    cmd.media = vec![media(5), media(5)];
    given::<Feedback>([])
        .when(FeedbackCommand::Submit(cmd))
        .then_error(invalid(S, ValidationError::Duplicate { field: "media" }));
}

#[test]
fn replying_to_or_closing_feedback_that_was_never_given_finds_nothing() {
    for command in [reply(manager(), "收到"), close(manager())] {
        given::<Feedback>([])
            .when(command)
            .then_error(CivicError::NotFound(S));
    }
}

#[test]
fn a_manager_replies_with_trimmed_text_and_may_reply_again() {
    given::<Feedback>([submitted()])
        .when(reply(manager(), " 已修复，请更新小程序 "))
        .then([replied()]);
    let another = UserId::from_u128(21);
    given::<Feedback>([submitted(), replied()])
        .when(reply(Actor::manager(another), "还有问题请再告诉我们"))
        .then([FeedbackReplied {
            text: "还有问题请再告诉我们".into(),
            by: another,
            at: t(10, 0),
        }
        .into()]);
}

#[test]
fn a_reply_needs_text_within_bounds() {
    given::<Feedback>([submitted()])
        .when(reply(manager(), ""))
        .then_error(empty(S, "text"));
    given::<Feedback>([submitted()])
        .when(reply(manager(), &chars(MAX_TEXT + 1)))
        .then_error(too_long(S, "text", 1001, 1000));
}

#[test]
fn only_a_manager_replies_to_or_closes_feedback_not_even_its_author() {
    for by in [
        resident(),
        other_resident(),
        cadre(),
        auditor(),
        Actor::System,
    ] {
        for command in [reply(by, "收到"), close(by)] {
            given::<Feedback>([submitted()])
                .when(command)
                .then_error(not_allowed(S, by, WHO));
        }
    }
}

#[test]
fn a_manager_closes_feedback_after_replying() {
    let record = given::<Feedback>([submitted(), replied()])
        .when(close(manager()))
        .then([closed()])
        .unwrap();
    assert!(record.closed);
}

#[test]
fn a_manager_may_close_feedback_without_replying() {
    given::<Feedback>([submitted()])
        .when(close(manager()))
        .then([closed()]);
}

#[test]
fn closed_feedback_takes_no_reply_and_cannot_be_closed_again() {
    given::<Feedback>([submitted(), replied(), closed()])
        .when(reply(manager(), "补充一句"))
        .then_error(cannot(S, "reply to", "closed"));
    given::<Feedback>([submitted(), closed()])
        .when(close(manager()))
        .then_error(cannot(S, "close", "closed"));
}
