//! Filing and routing in one call, and retrying it.

use std::collections::HashMap;

use linli_domain::complaint::*;
use linli_domain::directory::Directory;
use linli_domain::StreamName;
use linli_engine::routing::NoWorkload;
use linli_engine::{
    file_and_route, CommandMeta, DirectoryCache, Engine, EngineError, IntakeError, Replay,
};

use crate::fixtures::*;

async fn world() -> (tempfile::TempDir, Engine, DirectoryCache) {
    let (dir, log) = temp_log();
    let engine = Engine::new(log);
    for command in directory_commands() {
        engine
            .execute::<Directory>(StreamName::Directory, command, CommandMeta::default())
            .await
            .unwrap();
    }
    let cache = DirectoryCache::new(engine.clone());
    (dir, engine, cache)
}

fn filing_in_grid2() -> FileComplaint {
    let ComplaintCommand::File(mut file) = file_command(COMPLAINT) else {
        unreachable!()
    };
    file.point = Some(point(120.17, 30.22));
    file.at = cst(9, 30, 16, 0);
    file.occurred_at = cst(9, 30, 15, 0);
    file
}

#[tokio::test]
async fn a_filed_complaint_is_routed_and_assigned_with_its_due_times() {
    let (_dir, engine, cache) = world().await;
    let busy: HashMap<_, _> = [(GRID2_WORKER_A, 3)].into();
    let intake = file_and_route(
        &engine,
        &cache,
        &busy,
        filing_in_grid2(),
        None,
        CommandMeta::default(),
    )
    .await
    .unwrap();
    assert_eq!(intake.assignment.jurisdiction, code(GRID2));
    assert_eq!(intake.assignment.basis, RoutingBasis::PointInPolygon);
    assert_eq!(intake.assignment.cadre, Some(GRID2_WORKER_B));
    assert_eq!(intake.assignment.response_due_at, cst(9, 30, 17, 0));
    assert_eq!(intake.filed.replay, Replay::Fresh);
    assert_eq!(intake.assigned.replay, Replay::Fresh);
    assert_eq!(intake.position(), engine.log().head().position);
    let state = engine
        .load::<Complaint>(StreamName::Complaint(COMPLAINT))
        .unwrap();
    assert_eq!(state.state.unwrap().status, ComplaintStatus::Assigned);
}

#[tokio::test]
async fn a_retried_intake_returns_the_first_result_and_routes_nothing_new() {
    let (_dir, engine, cache) = world().await;
    let meta = CommandMeta::default().with_idempotency_key("req-1");
    let first = file_and_route(
        &engine,
        &cache,
        &NoWorkload,
        filing_in_grid2(),
        None,
        meta.clone(),
    )
    .await
    .unwrap();
    let head = engine.log().head().position;
    // Workload changed meanwhile: routing now would pick the other worker.
    let busy: HashMap<_, _> = [(GRID2_WORKER_A, 9)].into();
    let again = file_and_route(&engine, &cache, &busy, filing_in_grid2(), None, meta)
        .await
        .unwrap();
    assert_eq!(again.filed.replay, Replay::Duplicate);
    assert_eq!(again.assigned.replay, Replay::Duplicate);
    assert_eq!(again.assignment, first.assignment);
    assert_eq!(again.position(), first.position());
    assert_eq!(engine.log().head().position, head);
}

#[tokio::test]
async fn an_intake_cut_short_after_filing_is_completed_by_the_retry() {
    let (_dir, engine, cache) = world().await;
    let meta = CommandMeta::default().with_idempotency_key("req-2");
    engine
        .execute::<Complaint>(
            StreamName::Complaint(COMPLAINT),
            ComplaintCommand::File(filing_in_grid2()),
            meta.clone(),
        )
        .await
        .unwrap();
    let intake = file_and_route(&engine, &cache, &NoWorkload, filing_in_grid2(), None, meta)
        .await
        .unwrap();
    assert_eq!(intake.filed.replay, Replay::Duplicate);
    assert_eq!(intake.assigned.replay, Replay::Fresh);
    assert_eq!(intake.assignment.cadre, Some(GRID2_WORKER_A));
}

#[tokio::test]
async fn an_intake_retried_without_a_key_is_refused_as_already_existing() {
    let (_dir, engine, cache) = world().await;
    file_and_route(
        &engine,
        &cache,
        &NoWorkload,
        filing_in_grid2(),
        None,
        CommandMeta::default(),
    )
    .await
    .unwrap();
    let err = file_and_route(
        &engine,
        &cache,
        &NoWorkload,
        filing_in_grid2(),
        None,
        CommandMeta::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        IntakeError::Command(EngineError::Rejected(ComplaintError::AlreadyExists))
    ));
}

#[tokio::test]
async fn with_no_directory_the_complaint_is_filed_but_not_routed() {
    let (_dir, log) = temp_log();
    let engine = Engine::new(log);
    let cache = DirectoryCache::new(engine.clone());
    let err = file_and_route(
        &engine,
        &cache,
        &NoWorkload,
        filing_in_grid2(),
        None,
        CommandMeta::default(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, IntakeError::Routing(_)));
    let state = engine
        .load::<Complaint>(StreamName::Complaint(COMPLAINT))
        .unwrap();
    assert_eq!(state.state.unwrap().status, ComplaintStatus::Filed);
}
