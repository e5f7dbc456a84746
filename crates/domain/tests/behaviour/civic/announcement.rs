//! Announcements: a manager publishes, edits, pins, unpins and withdraws; a withdrawn one is
//! frozen.

use linli_domain::civic::announcement::*;
use linli_domain::civic::{CivicError, Subject};
use linli_domain::testing::given;
use linli_domain::validate::ValidationError;
use linli_domain::{Actor, AnnouncementId};

use super::{cannot, chars, empty, invalid, not_allowed, too_long};
use crate::fixtures::*;

const S: Subject = Subject::Announcement;
const NOTICE: AnnouncementId = AnnouncementId::from_u128(700);
const MANAGER_ONLY: &str = "only a manager manages announcements";

fn publish_by(by: Actor, title: &str, body: &str) -> AnnouncementCommand {
    AnnouncementCommand::Publish(PublishAnnouncement {
        announcement_id: NOTICE,
        jurisdiction: village(),
        title: title.into(),
        body: body.into(),
        media: vec![media(1)],
        pinned: Pinning::Normal,
        by,
        at: t(9, 0),
    })
}

fn publish(by: Actor) -> AnnouncementCommand {
    publish_by(by, "  停水通知 ", " 明日 8:00-12:00 翠苑一区停水检修。 ")
}

fn published(pinned: Pinning) -> AnnouncementEvent {
    AnnouncementPublished {
        announcement_id: NOTICE,
        jurisdiction: village(),
        title: "停水通知".into(),
        body: "明日 8:00-12:00 翠苑一区停水检修。".into(),
        media: vec![media(1)],
        pinned,
        author: MANAGER,
        at: t(9, 0),
    }
    .into()
}

fn edit(by: Actor, title: &str, body: &str) -> AnnouncementCommand {
    AnnouncementCommand::Edit(EditAnnouncement {
        title: title.into(),
        body: body.into(),
        media: vec![media(2)],
        by,
        at: t(10, 0),
    })
}

fn pin(by: Actor) -> AnnouncementCommand {
    AnnouncementCommand::Pin(ManageAnnouncement { by, at: t(11, 0) })
}

fn unpin(by: Actor) -> AnnouncementCommand {
    AnnouncementCommand::Unpin(ManageAnnouncement { by, at: t(11, 0) })
}

fn withdraw(by: Actor, reason: Option<&str>) -> AnnouncementCommand {
    AnnouncementCommand::Withdraw(WithdrawAnnouncement {
        reason: reason.map(Into::into),
        by,
        at: t(12, 0),
    })
}

fn pinned() -> AnnouncementEvent {
    AnnouncementPinned {
        by: MANAGER,
        at: t(11, 0),
    }
    .into()
}

fn withdrawn() -> AnnouncementEvent {
    AnnouncementWithdrawn {
        reason: None,
        by: MANAGER,
        at: t(12, 0),
    }
    .into()
}

#[test]
fn a_manager_publishes_an_announcement_with_trimmed_text() {
    let record = given::<Announcement>([])
        .when(publish(manager()))
        .then([published(Pinning::Normal)])
        .unwrap();
    assert_eq!(record.jurisdiction, village());
    assert_eq!(record.pinned, Pinning::Normal);
    assert!(!record.withdrawn);
}

#[test]
fn an_announcement_published_pinned_starts_pinned() {
    let AnnouncementCommand::Publish(mut cmd) = publish(manager()) else {
        unreachable!()
    };
    cmd.pinned = Pinning::Pinned;
    let record = given::<Announcement>([])
        .when(AnnouncementCommand::Publish(cmd))
        .then([published(Pinning::Pinned)])
        .unwrap();
    assert_eq!(record.pinned, Pinning::Pinned);
}

#[test]
fn residents_cadres_auditors_and_the_system_cannot_publish() {
    for by in [resident(), cadre(), auditor(), Actor::System] {
        given::<Announcement>([])
            .when(publish(by))
            .then_error(not_allowed(S, by, MANAGER_ONLY));
    }
}

#[test]
fn publishing_into_a_stream_that_holds_an_announcement_is_refused() {
    given::<Announcement>([published(Pinning::Normal)])
        .when(publish(manager()))
        .then_error(CivicError::AlreadyExists(S));
}

#[test]
fn an_announcement_needs_a_title_and_a_body_within_bounds() {
    let cases = [
        ("  ", "正文", empty(S, "title")),
        ("标题", " \n ", empty(S, "body")),
        (
            &chars(MAX_TITLE + 1) as &str,
            "正文",
            too_long(S, "title", 81, 80),
        ),
        (
            "标题",
            &chars(MAX_BODY + 1),
            too_long(S, "body", 5001, 5000),
        ),
    ];
    for (title, body, error) in cases {
        given::<Announcement>([])
            .when(publish_by(manager(), title, body))
            .then_error(error);
    }
    let at_the_bounds = given::<Announcement>([])
        .when(publish_by(manager(), &chars(MAX_TITLE), &chars(MAX_BODY)))
        .then_events();
    assert_eq!(at_the_bounds.len(), 1);
}

#[test]
fn an_announcement_carries_at_most_nine_distinct_pictures() {
    let AnnouncementCommand::Publish(mut cmd) = publish(manager()) else {
        unreachable!()
    };
    cmd.media = (1..=10).map(media).collect();
    given::<Announcement>([])
        .when(AnnouncementCommand::Publish(cmd.clone()))
        .then_error(invalid(
            S,
            ValidationError::TooMany {
                field: "media",
                len: 10,
                max: 9,
            },
        ));
    cmd.media = vec![media(1), media(1)];
    given::<Announcement>([])
        .when(AnnouncementCommand::Publish(cmd))
        .then_error(invalid(S, ValidationError::Duplicate { field: "media" }));
}

#[test]
fn managing_an_announcement_that_was_never_published_finds_nothing() {
    for command in [
        edit(manager(), "标题", "正文"),
        pin(manager()),
        unpin(manager()),
        withdraw(manager(), None),
    ] {
        given::<Announcement>([])
            .when(command)
            .then_error(CivicError::NotFound(S));
    }
}

#[test]
fn a_manager_edits_the_whole_content_of_an_announcement() {
    given::<Announcement>([published(Pinning::Normal)])
        .when(edit(manager(), " 停水通知（更新） ", " 改为 9:00-11:00。 "))
        .then([AnnouncementEdited {
            title: "停水通知（更新）".into(),
            body: "改为 9:00-11:00。".into(),
            media: vec![media(2)],
            by: MANAGER,
            at: t(10, 0),
        }
        .into()]);
}

#[test]
fn an_edit_is_held_to_the_same_bounds_as_publishing() {
    given::<Announcement>([published(Pinning::Normal)])
        .when(edit(manager(), "", "正文"))
        .then_error(empty(S, "title"));
    given::<Announcement>([published(Pinning::Normal)])
        .when(edit(manager(), "标题", &chars(MAX_BODY + 1)))
        .then_error(too_long(S, "body", 5001, 5000));
}

#[test]
fn only_a_manager_edits_pins_unpins_or_withdraws() {
    for by in [resident(), cadre(), auditor(), Actor::System] {
        for command in [
            edit(by, "标题", "正文"),
            pin(by),
            unpin(by),
            withdraw(by, None),
        ] {
            given::<Announcement>([published(Pinning::Normal)])
                .when(command)
                .then_error(not_allowed(S, by, MANAGER_ONLY));
        }
    }
}

#[test]
fn any_manager_may_manage_an_announcement_another_manager_published() {
    // Scope (which places a manager covers) is the API's check, not the domain's.
    let other_manager = Actor::manager(linli_domain::UserId::from_u128(21));
    given::<Announcement>([published(Pinning::Normal)])
        .when(pin(other_manager))
        .then([AnnouncementPinned {
            by: linli_domain::UserId::from_u128(21),
            at: t(11, 0),
        }
        .into()]);
}

#[test]
fn pinning_then_unpinning_moves_an_announcement_above_the_others_and_back() {
    let record = given::<Announcement>([published(Pinning::Normal)])
        .when(pin(manager()))
        .then([pinned()])
        .unwrap();
    assert_eq!(record.pinned, Pinning::Pinned);
    let record = given::<Announcement>([published(Pinning::Normal), pinned()])
        .when(unpin(manager()))
        .then([AnnouncementUnpinned {
            by: MANAGER,
            at: t(11, 0),
        }
        .into()])
        .unwrap();
    assert_eq!(record.pinned, Pinning::Normal);
}

#[test]
fn pinning_a_pinned_announcement_or_unpinning_an_unpinned_one_writes_nothing() {
    given::<Announcement>([published(Pinning::Pinned)])
        .when(pin(manager()))
        .then([]);
    given::<Announcement>([published(Pinning::Normal), pinned()])
        .when(pin(manager()))
        .then([]);
    given::<Announcement>([published(Pinning::Normal)])
        .when(unpin(manager()))
        .then([]);
}

#[test]
fn a_manager_withdraws_an_announcement_with_an_optional_trimmed_reason() {
    let record = given::<Announcement>([published(Pinning::Normal)])
        .when(withdraw(manager(), Some("  信息有误 ")))
        .then([AnnouncementWithdrawn {
            reason: Some("信息有误".into()),
            by: MANAGER,
            at: t(12, 0),
        }
        .into()])
        .unwrap();
    assert!(record.withdrawn);
    given::<Announcement>([published(Pinning::Normal)])
        .when(withdraw(manager(), Some("   ")))
        .then([withdrawn()]);
}

#[test]
fn a_withdrawal_reason_is_at_most_three_hundred_characters() {
    given::<Announcement>([published(Pinning::Normal)])
        .when(withdraw(manager(), Some(&chars(MAX_REASON + 1))))
        .then_error(too_long(S, "reason", 301, 300));
}

#[test]
fn a_withdrawn_announcement_cannot_be_edited_pinned_unpinned_or_withdrawn_again() {
    let cases = [
        (edit(manager(), "标题", "正文"), "edit"),
        (pin(manager()), "pin"),
        (unpin(manager()), "unpin"),
        (withdraw(manager(), None), "withdraw"),
    ];
    for (command, name) in cases {
        given::<Announcement>([published(Pinning::Pinned), withdrawn()])
            .when(command)
            .then_error(cannot(S, name, "withdrawn"));
    }
}

#[test]
fn a_non_manager_touching_a_withdrawn_announcement_is_told_they_may_not_act() {
    // The role is checked before the status, so a resident learns nothing about its state.
    given::<Announcement>([published(Pinning::Normal), withdrawn()])
        .when(pin(resident()))
        .then_error(not_allowed(S, resident(), MANAGER_ONLY));
}
