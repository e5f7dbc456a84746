//! Neighbourhood life: community events (capacity, waitlist, promotion), forum moderation,
//! listings, mutual help and proposed solutions.

use linli_domain::neighbourhood::activity::*;
use linli_domain::neighbourhood::forum::*;
use linli_domain::neighbourhood::help::*;
use linli_domain::neighbourhood::idea::*;
use linli_domain::neighbourhood::listing::*;
use linli_domain::neighbourhood::{
    ActivityId, HelpRequestId, IdeaId, ListingId, NeighbourhoodError, PostId,
};
use linli_domain::testing::given;
use linli_domain::{Actor, Fen, UserId};

use crate::fixtures::*;

const EVENT: ActivityId = ActivityId::from_u128(600);
const POST: PostId = PostId::from_u128(601);
const LISTING: ListingId = ListingId::from_u128(602);
const HELP: HelpRequestId = HelpRequestId::from_u128(603);
const IDEA: IdeaId = IdeaId::from_u128(604);

fn neighbour(n: u128) -> UserId {
    UserId::from_u128(1000 + n)
}

fn scheduled(capacity: u32) -> ActivityEvent {
    ActivityScheduled {
        activity_id: EVENT,
        community: village(),
        title: "包饺子".into(),
        description: "社区食堂一起包饺子".into(),
        place: "社区食堂".into(),
        starts_at: day(5, 2, 0),
        capacity,
        organiser: cadre(),
        at: t(9, 0),
    }
    .into()
}

fn register(user: UserId) -> ActivityCommand {
    ActivityCommand::Register(RegisterForActivity {
        by: Actor::resident(user),
        at: t(10, 0),
    })
}

fn registered(user: UserId) -> ActivityEvent {
    ActivityRegistered { user, at: t(10, 0) }.into()
}

fn waitlisted(user: UserId, place: u32) -> ActivityEvent {
    ActivityWaitlisted {
        user,
        place,
        at: t(10, 0),
    }
    .into()
}

fn leave(user: UserId) -> ActivityCommand {
    ActivityCommand::CancelRegistration(CancelRegistration {
        by: Actor::resident(user),
        at: t(11, 0),
    })
}

/// Registers `n` neighbours one after another, each decided against the history so far,
/// the way the engine serialises concurrent registrations on the event's stream.
fn registered_in_turn(capacity: u32, n: u128) -> Vec<ActivityEvent> {
    let mut history = vec![scheduled(capacity)];
    for i in 0..n {
        let events = given::<Activity>(history.clone())
            .when(register(neighbour(i)))
            .then_events();
        history.extend(events);
    }
    history
}

#[test]
fn the_seats_go_to_the_first_registrants_and_the_rest_are_waitlisted_in_order() {
    let history = registered_in_turn(5, 24);
    let seats = history
        .iter()
        .filter(|e| matches!(e, ActivityEvent::Registered(_)))
        .count();
    assert_eq!(seats, 5, "never more seats than capacity");
    let places: Vec<u32> = history
        .iter()
        .filter_map(|e| match e {
            ActivityEvent::Waitlisted(w) => Some(w.place),
            _ => None,
        })
        .collect();
    assert_eq!(places, (1..=19).collect::<Vec<u32>>());
    let state = given::<Activity>(history).when(leave(neighbour(0)));
    // A seat holder leaving promotes the head of the waitlist.
    let events = state.then_events();
    assert_eq!(
        events,
        vec![
            RegistrationCancelled {
                user: neighbour(0),
                at: t(11, 0)
            }
            .into(),
            ActivityPromoted {
                user: neighbour(5),
                at: t(11, 0)
            }
            .into(),
        ]
    );
}

#[test]
fn a_full_event_waitlists_and_a_promotion_keeps_the_seat_count_at_capacity() {
    let state = given::<Activity>([scheduled(1), registered(neighbour(1))])
        .when(register(neighbour(2)))
        .then([waitlisted(neighbour(2), 1)]);
    assert_eq!(state.unwrap().seats, vec![neighbour(1)]);

    let history = registered_in_turn(2, 4);
    let mut after = history.clone();
    after.extend(
        given::<Activity>(history)
            .when(leave(neighbour(1)))
            .then_events(),
    );
    let record = given::<Activity>(after.clone())
        .when(register(neighbour(9)))
        .then([waitlisted(neighbour(9), 2)])
        .unwrap();
    assert_eq!(record.seats, vec![neighbour(0), neighbour(2)]);
    assert_eq!(
        record.waitlist.iter().copied().collect::<Vec<_>>(),
        vec![neighbour(3), neighbour(9)]
    );
}

#[test]
fn leaving_the_waitlist_promotes_no_one() {
    let history = registered_in_turn(1, 3);
    given::<Activity>(history)
        .when(leave(neighbour(2)))
        .then([RegistrationCancelled {
            user: neighbour(2),
            at: t(11, 0),
        }
        .into()]);
}

#[test]
fn nobody_registers_twice_nor_leaves_what_they_never_joined() {
    given::<Activity>([scheduled(3), registered(neighbour(1))])
        .when(register(neighbour(1)))
        .then_error(NeighbourhoodError::AlreadyRegistered);
    given::<Activity>([scheduled(3)])
        .when(leave(neighbour(1)))
        .then_error(NeighbourhoodError::NotRegistered);
}

#[test]
fn a_cancelled_or_started_event_takes_no_registrations() {
    let cancelled: ActivityEvent = ActivityCancelled {
        reason: "改期".into(),
        by: cadre(),
        at: t(9, 30),
    }
    .into();
    let error = given::<Activity>([scheduled(3), cancelled])
        .when(register(neighbour(1)))
        .then_any_error();
    assert!(matches!(
        error,
        NeighbourhoodError::IllegalTransition { .. }
    ));
    let late = ActivityCommand::Register(RegisterForActivity {
        by: Actor::resident(neighbour(1)),
        at: day(5, 3, 0),
    });
    let error = given::<Activity>([scheduled(3)])
        .when(late)
        .then_any_error();
    assert!(matches!(
        error,
        NeighbourhoodError::IllegalTransition { .. }
    ));
}

#[test]
fn residents_do_not_organise_events_and_capacity_must_be_positive() {
    let schedule = |by: Actor, capacity: u32| {
        ActivityCommand::Schedule(ScheduleActivity {
            activity_id: EVENT,
            community: village(),
            title: "义诊".into(),
            description: "社区医院义诊".into(),
            place: "活动室".into(),
            starts_at: day(5, 2, 0),
            capacity,
            by,
            at: t(9, 0),
        })
    };
    let error = given::<Activity>([])
        .when(schedule(resident(), 10))
        .then_any_error();
    assert!(matches!(error, NeighbourhoodError::NotAllowed { .. }));
    let error = given::<Activity>([])
        .when(schedule(cadre(), 0))
        .then_any_error();
    assert!(
        matches!(error, NeighbourhoodError::Validation(_)),
        "{error:?}"
    );
}

fn published() -> ForumEvent {
    PostPublished {
        post_id: POST,
        community: grid(),
        author: RESIDENT,
        title: "楼下停车乱象".into(),
        body: "消防通道被堵".into(),
        media: vec![],
        at: t(9, 0),
    }
    .into()
}

fn hide(target: Target, by: Actor) -> ForumCommand {
    ForumCommand::Hide(HideContent {
        target,
        reason: "含个人电话".into(),
        by,
        at: t(10, 0),
    })
}

#[test]
fn a_moderator_hides_a_post_once_with_a_reason_and_restores_it() {
    let hidden = given::<ForumPost>([published()])
        .when(hide(Target::Post, cadre()))
        .then_events();
    assert_eq!(
        hidden,
        vec![ContentHidden {
            target: Target::Post,
            reason: "含个人电话".into(),
            moderator: cadre(),
            at: t(10, 0),
        }
        .into()]
    );
    let mut history = vec![published()];
    history.extend(hidden);
    given::<ForumPost>(history.clone())
        .when(hide(Target::Post, cadre()))
        .then_any_error();
    let restore = ForumCommand::Restore(RestoreContent {
        target: Target::Post,
        by: manager(),
        at: t(11, 0),
    });
    let state = given::<ForumPost>(history)
        .when(restore)
        .then([ContentRestored {
            target: Target::Post,
            moderator: manager(),
            at: t(11, 0),
        }
        .into()]);
    assert!(!state.unwrap().hidden);
}

#[test]
fn residents_do_not_moderate_and_an_unknown_comment_cannot_be_hidden() {
    let error = given::<ForumPost>([published()])
        .when(hide(Target::Post, other_resident()))
        .then_any_error();
    assert!(matches!(error, NeighbourhoodError::NotAllowed { .. }));
    given::<ForumPost>([published()])
        .when(hide(Target::Comment { number: 3 }, cadre()))
        .then_error(NeighbourhoodError::CommentNotFound);
}

fn listed() -> ListingEvent {
    ItemListed {
        listing_id: LISTING,
        community: grid(),
        owner: RESIDENT,
        title: "婴儿车".into(),
        description: "九成新".into(),
        price: Fen(15000),
        media: vec![],
        at: t(9, 0),
    }
    .into()
}

fn owner_does(by: Actor) -> OwnerAction {
    OwnerAction { by, at: t(12, 0) }
}

#[test]
fn a_listing_is_reserved_then_exchanged_and_then_it_is_over() {
    let reserve = ListingCommand::Reserve(ReserveListing {
        for_user: OTHER_RESIDENT,
        by: resident(),
        at: t(10, 0),
    });
    let reserved: ListingEvent = ListingReserved {
        for_user: OTHER_RESIDENT,
        at: t(10, 0),
    }
    .into();
    given::<Listing>([listed()])
        .when(reserve)
        .then([reserved.clone()]);
    let exchanged: ListingEvent = ListingExchanged {
        with: OTHER_RESIDENT,
        at: t(12, 0),
    }
    .into();
    given::<Listing>([listed(), reserved.clone()])
        .when(ListingCommand::Exchange(owner_does(resident())))
        .then([exchanged.clone()]);
    let error = given::<Listing>([listed(), reserved, exchanged])
        .when(ListingCommand::Withdraw(owner_does(resident())))
        .then_any_error();
    assert!(matches!(
        error,
        NeighbourhoodError::IllegalTransition { .. }
    ));
}

#[test]
fn only_the_owner_acts_on_a_listing_and_nothing_is_exchanged_unreserved() {
    let error = given::<Listing>([listed()])
        .when(ListingCommand::Withdraw(owner_does(other_resident())))
        .then_any_error();
    assert!(matches!(error, NeighbourhoodError::NotAllowed { .. }));
    let error = given::<Listing>([listed()])
        .when(ListingCommand::Exchange(owner_does(resident())))
        .then_any_error();
    assert!(matches!(
        error,
        NeighbourhoodError::IllegalTransition { .. }
    ));
}

fn asked() -> HelpEvent {
    HelpRequested {
        help_id: HELP,
        community: grid(),
        requester: RESIDENT,
        title: "帮忙搬冰箱".into(),
        description: "三楼无电梯".into(),
        needed_by: None,
        at: t(9, 0),
    }
    .into()
}

#[test]
fn help_is_offered_by_a_neighbour_and_confirmed_done_by_the_requester() {
    let offered: HelpEvent = HelpOffered {
        helper: OTHER_RESIDENT,
        note: Some("我周六有空".into()),
        at: t(10, 0),
    }
    .into();
    given::<HelpRequest>([asked()])
        .when(HelpCommand::Offer(OfferHelp {
            note: Some("我周六有空".into()),
            by: other_resident(),
            at: t(10, 0),
        }))
        .then([offered.clone()]);
    let done = RequesterAction {
        by: resident(),
        at: t(15, 0),
    };
    let state = given::<HelpRequest>([asked(), offered.clone()])
        .when(HelpCommand::ConfirmDone(done))
        .then([HelpDone {
            helper: OTHER_RESIDENT,
            at: t(15, 0),
        }
        .into()]);
    assert_eq!(state.unwrap().status, HelpStatus::Done);
    // The helper cannot close it for the requester; nobody offers to their own request.
    let error = given::<HelpRequest>([asked(), offered])
        .when(HelpCommand::ConfirmDone(RequesterAction {
            by: other_resident(),
            at: t(15, 0),
        }))
        .then_any_error();
    assert!(matches!(error, NeighbourhoodError::NotAllowed { .. }));
    given::<HelpRequest>([asked()])
        .when(HelpCommand::Offer(OfferHelp {
            note: None,
            by: resident(),
            at: t(10, 0),
        }))
        .then_any_error();
}

fn proposed() -> IdeaEvent {
    IdeaProposed {
        idea_id: IDEA,
        community: grid(),
        author: RESIDENT,
        title: "车棚加装充电桩".into(),
        body: "楼道充电危险".into(),
        at: t(9, 0),
    }
    .into()
}

#[test]
fn an_idea_is_supported_once_per_neighbour_and_answered_by_staff() {
    let support = |by: Actor| IdeaCommand::Support(SupportIdea { by, at: t(10, 0) });
    let supported: IdeaEvent = IdeaSupported {
        user: OTHER_RESIDENT,
        at: t(10, 0),
    }
    .into();
    given::<Idea>([proposed()])
        .when(support(other_resident()))
        .then([supported.clone()]);
    given::<Idea>([proposed(), supported.clone()])
        .when(support(other_resident()))
        .then_error(NeighbourhoodError::AlreadySupported);
    let respond = |by: Actor| {
        IdeaCommand::Respond(RespondToIdea {
            decision: IdeaDecision::Accepted,
            text: "已列入明年民生实事".into(),
            by,
            at: t(16, 0),
        })
    };
    let state = given::<Idea>([proposed(), supported.clone()])
        .when(respond(cadre()))
        .then([IdeaResponded {
            decision: IdeaDecision::Accepted,
            text: "已列入明年民生实事".into(),
            responder: cadre(),
            at: t(16, 0),
        }
        .into()]);
    assert_eq!(state.unwrap().decision, Some(IdeaDecision::Accepted));
    let error = given::<Idea>([proposed(), supported])
        .when(respond(other_resident()))
        .then_any_error();
    assert!(matches!(error, NeighbourhoodError::NotAllowed { .. }));
}
