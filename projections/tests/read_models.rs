//! The read models' queries on a small, hand-written history.

mod common;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use common::*;
use linli_domain::complaint::*;
use linli_domain::directory::*;
use linli_domain::encouragement::*;
use linli_domain::{
    Actor, ComplaintId, EncouragementId, JurisdictionCode, Level, StreamName, UserId,
};
use linli_engine::{DeadlineIndex, Workload};
use linli_eventlog::{EventLog, ExpectedVersion, Metadata, Position, StreamId};
use linli_projections::models::dashboard::MinSample;
use linli_projections::models::progress::{Audience, ComplaintSearch, ResidentFilter};
use linli_projections::{all_specs, DomainDecoder, Page, Projector, ReadModels, RuntimeConfig};

fn t(hours: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 1, 0, 0).unwrap() + TimeDelta::hours(hours)
}

const VILLAGE: &str = "330106001001";

async fn put<E: linli_domain::DomainEvent>(
    log: &EventLog,
    stream: StreamName,
    events: &[E],
) -> Position {
    log.append(
        StreamId::new(stream.to_string()).unwrap(),
        ExpectedVersion::Any,
        linli_engine::codec::encode_all(events).unwrap(),
        Metadata::default(),
    )
    .await
    .unwrap()
    .last_position
}

fn filed(
    id: ComplaintId,
    resident: UserId,
    category: Category,
    at: DateTime<Utc>,
) -> ComplaintEvent {
    ComplaintEvent::Filed(ComplaintFiled {
        complaint_id: id,
        resident,
        category,
        occurred_at: at,
        address: "文一路100号".into(),
        point: None,
        jurisdiction: None,
        description: format!("problem {id}"),
        media: vec![],
        voice_note: None,
        anonymity: Anonymity::Named,
        visibility: Visibility::Private,
        filed_at: at,
    })
}

fn assigned(cadre: UserId, at: DateTime<Utc>, response_hours: i64) -> ComplaintEvent {
    ComplaintEvent::Assigned(ComplaintAssigned {
        assignment: Assignment {
            cadre: Some(cadre),
            jurisdiction: VILLAGE.parse().unwrap(),
            basis: RoutingBasis::ExplicitCode,
            response_due_at: at + TimeDelta::hours(response_hours),
            resolution_due_at: at + TimeDelta::hours(48),
        },
        by: Actor::System,
        at,
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_answer_from_the_projected_history() {
    let (_dir, log) = temp_log();
    let projector =
        Projector::start(&log, DomainDecoder, all_specs(), RuntimeConfig::default()).unwrap();
    let models = ReadModels::new(&projector).unwrap();
    let alice = UserId::from_u128(1);
    let bob = UserId::from_u128(2);
    let cadre = UserId::from_u128(10);
    let (c1, c2, c3) = (
        ComplaintId::from_u128(101),
        ComplaintId::from_u128(102),
        ComplaintId::from_u128(103),
    );
    let village: JurisdictionCode = VILLAGE.parse().unwrap();

    put(
        &log,
        StreamName::Directory,
        &[
            DirectoryEvent::NodeDefined(NodeDefined {
                code: village,
                name: "翠苑一村".into(),
                level: Level::Village,
                parent: village.parent(),
                aliases: vec!["翠苑".into()],
                polygon: None,
                by: Actor::System,
                at: t(0),
            }),
            DirectoryEvent::CadrePosted(CadrePosted {
                cadre,
                node: village,
                role: CadreRole::GridWorker,
                by: Actor::System,
                at: t(0),
            }),
            DirectoryEvent::RoutingRuleSet(RoutingRuleSet {
                node: village,
                category: None,
                role: CadreRole::GridWorker,
                by: Actor::System,
                at: t(0),
            }),
        ],
    )
    .await;
    // c1: filed, assigned, accepted, internal and shared notes, resolved, rated 5.
    put(
        &log,
        StreamName::Complaint(c1),
        &[
            filed(c1, alice, Category::Environment, t(1)),
            assigned(cadre, t(1), 4),
            ComplaintEvent::Accepted(ComplaintAccepted { cadre, at: t(2) }),
            ComplaintEvent::NoteAdded(NoteAdded {
                number: 1,
                author: Actor::cadre(cadre),
                text: "internal".into(),
                media: vec![],
                visibility: NoteVisibility::Internal,
                at: t(3),
            }),
            ComplaintEvent::NoteAdded(NoteAdded {
                number: 2,
                author: Actor::cadre(cadre),
                text: "on my way".into(),
                media: vec![],
                visibility: NoteVisibility::Shared,
                at: t(4),
            }),
            ComplaintEvent::Resolved(ComplaintResolved {
                cadre,
                resolution: "cleaned".into(),
                media: vec![],
                at: t(5),
            }),
            ComplaintEvent::Rated(ComplaintRated {
                score: Score::new(5).unwrap(),
                tags: vec![],
                comment: None,
                at: t(6),
            }),
        ],
    )
    .await;
    // c2: assigned with a 1-hour response limit; c3: assigned with a 10-hour one.
    put(
        &log,
        StreamName::Complaint(c2),
        &[
            filed(c2, alice, Category::Theft, t(7)),
            assigned(cadre, t(7), 1),
        ],
    )
    .await;
    put(
        &log,
        StreamName::Complaint(c3),
        &[
            filed(c3, bob, Category::Theft, t(8)),
            assigned(cadre, t(8), 10),
        ],
    )
    .await;
    let e1 = EncouragementId::from_u128(201);
    let last = put(
        &log,
        StreamName::Encouragement(e1),
        &[
            EncouragementEvent::Posted(EncouragementPosted {
                encouragement_id: e1,
                author: alice,
                cadre,
                text: "谢谢".into(),
                media: vec![],
                at: t(9),
            }),
            EncouragementEvent::Liked(EncouragementLiked {
                user: bob,
                at: t(10),
            }),
            EncouragementEvent::Commented(EncouragementCommented {
                number: 1,
                author: Actor::resident(bob),
                text: "赞".into(),
                at: t(10),
            }),
        ],
    )
    .await;
    projector.wait_for(last, WAIT).await.unwrap();

    // Timeline: the filer does not see the internal note.
    let handler = models.progress.timeline(c1, Audience::Handler).unwrap();
    let filer = models.progress.timeline(c1, Audience::Filer).unwrap();
    assert_eq!(handler.len(), 7);
    assert_eq!(filer.len(), 6);
    assert_eq!(
        handler.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [
            "filed",
            "assigned",
            "accepted",
            "note_added",
            "note_added",
            "resolved",
            "rated"
        ]
    );
    assert_eq!(handler[5].text, "cleaned");
    assert_eq!(handler[0].text, format!("problem {c1}"));
    assert_eq!(handler[5].actor, Some(cadre));

    // Alice's list, newest first, filtered and paged.
    let all = models
        .progress
        .by_resident(alice, &ResidentFilter::default(), &Page::first(1))
        .unwrap();
    assert_eq!(all.items[0].id, c2);
    let rest = models
        .progress
        .by_resident(
            alice,
            &ResidentFilter::default(),
            &Page {
                after: all.next.clone(),
                limit: 10,
            },
        )
        .unwrap();
    assert_eq!(rest.items.iter().map(|c| c.id).collect::<Vec<_>>(), [c1]);
    assert!(rest.next.is_none());
    let resolved = models
        .progress
        .by_resident(
            alice,
            &ResidentFilter {
                status: Some(ComplaintStatus::Resolved),
                category: None,
            },
            &Page::first(10),
        )
        .unwrap();
    assert_eq!(resolved.items.len(), 1);

    // Managers' search by category and jurisdiction prefix, newest first.
    let thefts = models
        .progress
        .search(
            &ComplaintSearch {
                category: Some(Category::Theft),
                jurisdiction_prefix: Some("330106".into()),
                ..Default::default()
            },
            &Page::first(10),
        )
        .unwrap();
    assert_eq!(
        thefts.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        [c3, c2]
    );
    let early = models
        .progress
        .search(
            &ComplaintSearch {
                filed_before: Some(t(7)),
                ..Default::default()
            },
            &Page::first(10),
        )
        .unwrap();
    assert_eq!(early.items.iter().map(|c| c.id).collect::<Vec<_>>(), [c1]);

    // Queues: due soonest first, overdue judged at `now`.
    let now = t(9);
    let queue = models
        .queues
        .cadre_queue(cadre, now, &Page::first(10))
        .unwrap();
    assert_eq!(
        queue.items.iter().map(|i| i.complaint).collect::<Vec<_>>(),
        [c2, c3]
    );
    assert!(queue.items[0].overdue && !queue.items[1].overdue);
    let node = models
        .queues
        .jurisdiction_queue(&village, now, &Page::first(10))
        .unwrap();
    assert_eq!(node.items.len(), 2);
    assert_eq!(models.queues.open_items(cadre), 2);
    let due = models.queues.due_before(now, 10);
    assert_eq!(due.iter().map(|d| d.complaint).collect::<Vec<_>>(), [c2]);

    // Dashboard.
    let view = models.dashboard.overview(MinSample(2)).unwrap();
    assert_eq!(view.filed, 3);
    assert_eq!(
        (view.response_rate.numerator, view.response_rate.denominator),
        (1, 3)
    );
    assert_eq!(
        (
            view.resolution_rate.numerator,
            view.resolution_rate.denominator
        ),
        (1, 3)
    );
    assert_eq!(view.satisfaction_rate.value, Some(1.0));
    assert_eq!(view.handling_time.p50_minutes, Some(4 * 60));
    assert_eq!(view.cadres.ranked.len(), 1);
    assert_eq!(view.cadres.ranked[0].encouragements, 1);
    assert_eq!(view.cadres.ranked[0].handled, 1);
    let strict = models.dashboard.overview(MinSample(5)).unwrap();
    assert!(strict.cadres.ranked.is_empty());
    assert_eq!(strict.cadres.insufficient_data.len(), 1);
    assert_eq!(view.by_day.iter().map(|d| d.filed).sum::<u64>(), 3);

    // Directory and encouragements.
    let tree = models.directory.tree().unwrap();
    assert_eq!(tree.len(), 1);
    assert_eq!(tree[0].cadres.len(), 1);
    assert_eq!(models.directory.routing_rules().unwrap().len(), 1);
    let feed = models
        .encouragements
        .for_cadre(cadre, &Page::first(10))
        .unwrap();
    assert_eq!((feed.items[0].likes, feed.items[0].comments), (1, 1));
    projector.shutdown().await;
}
