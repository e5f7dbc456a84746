//! Encouragement: posted by a resident for a cadre, liked once per person, commented.

use linli_domain::encouragement::*;
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, EncouragementId};

use crate::fixtures::*;

const POST: EncouragementId = EncouragementId::from_u128(500);

fn post(by: Actor, cadre: linli_domain::UserId) -> EncouragementCommand {
    EncouragementCommand::Post(PostEncouragement {
        encouragement_id: POST,
        cadre,
        text: " 张书记半夜帮我们修好了水管！ ".into(),
        media: vec![media(7)],
        by,
        at: t(10, 0),
    })
}

fn posted() -> EncouragementEvent {
    EncouragementPosted {
        encouragement_id: POST,
        author: RESIDENT,
        cadre: CADRE,
        text: "张书记半夜帮我们修好了水管！".into(),
        media: vec![media(7)],
        at: t(10, 0),
    }
    .into()
}

fn like(by: Actor) -> EncouragementCommand {
    EncouragementCommand::Like(LikeEncouragement { by, at: t(11, 0) })
}

fn liked(user: linli_domain::UserId) -> EncouragementEvent {
    EncouragementLiked { user, at: t(11, 0) }.into()
}

fn comment(by: Actor, text: &str) -> EncouragementCommand {
    EncouragementCommand::Comment(CommentOnEncouragement {
        text: text.into(),
        by,
        at: t(12, 0),
    })
}

#[test]
fn resident_posts_an_encouragement_for_a_cadre() {
    let state = given::<Encouragement>([])
        .when(post(resident(), CADRE))
        .then([posted()]);
    let r = state.unwrap();
    assert_eq!(r.cadre, CADRE);
    assert!(r.likes.is_empty());
}

#[test]
fn cadre_cannot_post_an_encouragement() {
    given::<Encouragement>([])
        .when(post(other_cadre(), CADRE))
        .then_error(EncouragementError::NotAllowed {
            actor: other_cadre(),
            reason: "only a resident posts an encouragement",
        });
}

#[test]
fn a_cadre_acting_as_resident_cannot_encourage_themselves() {
    given::<Encouragement>([])
        .when(post(Actor::resident(CADRE), CADRE))
        .then_error(EncouragementError::CannotEncourageSelf);
}

#[test]
fn posting_twice_into_one_stream_is_refused() {
    given::<Encouragement>([posted()])
        .when(post(resident(), CADRE))
        .then_error(EncouragementError::AlreadyExists);
}

#[test]
fn an_empty_encouragement_is_refused() {
    given::<Encouragement>([])
        .when(EncouragementCommand::Post(PostEncouragement {
            encouragement_id: POST,
            cadre: CADRE,
            text: "".into(),
            media: vec![],
            by: resident(),
            at: t(10, 0),
        }))
        .then_error(ValidationError::Empty { field: "text" }.into());
}

#[test]
fn anyone_signed_in_likes_an_encouragement() {
    let state = given::<Encouragement>([posted()])
        .when(like(other_resident()))
        .then([liked(OTHER_RESIDENT)]);
    assert_eq!(state.unwrap().likes.len(), 1);
    given::<Encouragement>([posted()])
        .when(like(manager()))
        .then([liked(MANAGER)]);
}

#[test]
fn a_person_likes_only_once() {
    given::<Encouragement>([posted(), liked(OTHER_RESIDENT)])
        .when(like(other_resident()))
        .then_error(EncouragementError::AlreadyLiked);
}

#[test]
fn the_praised_cadre_cannot_like_their_own_encouragement() {
    given::<Encouragement>([posted()])
        .when(like(cadre()))
        .then_error(EncouragementError::CannotEncourageSelf);
}

#[test]
fn the_system_and_auditors_cannot_like() {
    for actor in [Actor::System, auditor()] {
        given::<Encouragement>([posted()])
            .when(like(actor))
            .then_error(EncouragementError::NotAllowed {
                actor,
                reason: "only a signed-in person likes",
            });
    }
}

#[test]
fn liking_a_missing_encouragement_is_not_found() {
    given::<Encouragement>([])
        .when(like(resident()))
        .then_error(EncouragementError::NotFound);
}

#[test]
fn comments_are_numbered_and_the_cadre_may_answer() {
    let first: EncouragementEvent = EncouragementCommented {
        number: 1,
        author: other_resident(),
        text: "张书记真好".into(),
        at: t(12, 0),
    }
    .into();
    given::<Encouragement>([posted()])
        .when(comment(other_resident(), "张书记真好"))
        .then([first.clone()]);
    let state = given::<Encouragement>([posted(), first])
        .when(comment(cadre(), "应该的"))
        .then([EncouragementCommented {
            number: 2,
            author: cadre(),
            text: "应该的".into(),
            at: t(12, 0),
        }
        .into()]);
    assert_eq!(state.unwrap().comment_count, 2);
}

#[test]
fn an_auditor_cannot_comment() {
    given::<Encouragement>([posted()])
        .when(comment(auditor(), "审计"))
        .then_error(EncouragementError::NotAllowed {
            actor: auditor(),
            reason: "only a signed-in person comments",
        });
}

#[test]
fn an_overlong_comment_is_refused() {
    given::<Encouragement>([posted()])
        .when(comment(resident(), &"好".repeat(301)))
        .then_error(
            ValidationError::TooLong {
                field: "text",
                len: 301,
                max: 300,
            }
            .into(),
        );
}

#[test]
fn commenting_on_a_missing_encouragement_is_not_found() {
    given::<Encouragement>([])
        .when(comment(resident(), "好"))
        .then_error(EncouragementError::NotFound);
}
