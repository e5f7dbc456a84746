//! NDJSON export and import: a round trip reproduces the store; a tampered, truncated or
//! reordered file is refused and leaves the target empty.

mod common;

use common::{fill, stream};
use linli_eventlog::{
    import_ndjson, EventLog, ExpectedVersion, Metadata, NewEvent, Position, TransferError,
};

async fn exported(events: usize) -> (EventLog, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(common::config(dir.path())).unwrap();
    fill(&log, "a", events / 2).await;
    // A binary payload and full metadata, to cover base64 and every field.
    log.append(
        stream("b"),
        ExpectedVersion::Any,
        vec![NewEvent::new("bin.event", 2, vec![0, 159, 146, 150, 255])],
        Metadata {
            correlation_id: Some(uuid::Uuid::new_v4()),
            causation_id: Some(uuid::Uuid::new_v4()),
            actor: Some("user-1".into()),
            idempotency_key: Some("k-1".into()),
            tenant: Some("330106001001".into()),
        },
    )
    .await
    .unwrap();
    fill(&log, "c", events - events / 2 - 1).await;
    let mut out = Vec::new();
    log.export_ndjson(Position(1), &mut out, &mut |_| {})
        .unwrap();
    (log, String::from_utf8(out).unwrap(), dir)
}

fn import(
    text: &str,
) -> (
    Result<linli_eventlog::ImportReport, TransferError>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let result = import_ndjson(
        &common::config(dir.path()),
        &mut text.as_bytes(),
        &mut |_| {},
    );
    (result, dir)
}

#[tokio::test]
async fn export_then_import_reproduces_the_chain_and_indexes() {
    let (source, text, _src) = exported(20).await;
    let (result, dir) = import(&text);
    let report = result.unwrap();
    assert_eq!(report.head, source.head());
    let copy = EventLog::open(common::config(dir.path())).unwrap();
    let verified = copy.verify().unwrap();
    assert_eq!(verified.events, 20);
    assert_eq!(verified.idempotency_keys, 1);
    let a: Vec<_> = source.scan(Position(1)).collect::<Result<_, _>>().unwrap();
    let b: Vec<_> = copy.scan(Position(1)).collect::<Result<_, _>>().unwrap();
    assert_eq!(a, b);
    // The copy keeps working: idempotency survives, and appends continue the chain.
    let again = copy
        .append(
            stream("b"),
            ExpectedVersion::Any,
            vec![NewEvent::new("bin.event", 2, vec![1])],
            Metadata {
                idempotency_key: Some("k-1".into()),
                ..Metadata::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(again.replay, linli_eventlog::Replay::Duplicate);
    fill(&copy, "a", 1).await;
    copy.verify().unwrap();
}

fn assert_refused(text: &str) {
    let (result, dir) = import(text);
    assert!(
        matches!(result, Err(TransferError::Refused { .. })),
        "{result:?}"
    );
    let left = EventLog::open_read_only(common::config(dir.path())).unwrap();
    assert_eq!(
        left.head().position,
        Position(0),
        "a refused import leaves the store empty"
    );
}

#[tokio::test]
async fn an_edited_payload_is_refused() {
    let (_log, text, _dir) = exported(10).await;
    assert_refused(&text.replacen("{\\\"n\\\":3}", "{\\\"n\\\":4}", 1));
}

#[tokio::test]
async fn an_edited_actor_is_refused() {
    let (_log, text, _dir) = exported(10).await;
    assert_refused(&text.replacen("\"actor\":\"user-1\"", "\"actor\":\"user-2\"", 1));
}

#[tokio::test]
async fn a_truncated_file_is_refused() {
    let (_log, text, _dir) = exported(10).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_refused(&lines[..lines.len() - 1].join("\n"));
    assert_refused(&lines[..lines.len() - 3].join("\n"));
    assert_refused(&text[..text.len() / 2]);
}

#[tokio::test]
async fn a_removed_or_reordered_line_is_refused() {
    let (_log, text, _dir) = exported(10).await;
    let mut lines: Vec<&str> = text.lines().collect();
    let mut removed = lines.clone();
    removed.remove(4);
    assert_refused(&removed.join("\n"));
    lines.swap(3, 4);
    assert_refused(&lines.join("\n"));
}

#[tokio::test]
async fn import_into_a_non_empty_store_is_refused() {
    let (_log, text, dir) = exported(4).await;
    drop(_log);
    let result = import_ndjson(
        &common::config(dir.path()),
        &mut text.as_bytes(),
        &mut |_| {},
    );
    assert!(matches!(result, Err(TransferError::NotEmpty(_))));
}
