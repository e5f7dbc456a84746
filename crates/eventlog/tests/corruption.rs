//! Damage is detected, named by position, and never handed back as data.

mod common;

use common::{fill, stream};
use linli_eventlog::{damage, EventLog, OpenError, Position, ReadError, StreamVersion};

async fn store_with(events: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let log = EventLog::open(common::config(dir.path())).unwrap();
    for i in 0..events {
        fill(&log, if i % 2 == 0 { "even" } else { "odd" }, 1).await;
    }
    log.close().await;
    dir
}

fn read_only(dir: &tempfile::TempDir) -> EventLog {
    EventLog::open_read_only(common::config(dir.path())).unwrap()
}

#[tokio::test]
async fn a_flipped_payload_byte_is_detected_by_reads_and_verify_at_its_position() {
    let dir = store_with(10).await;
    damage::flip_record_byte(dir.path(), Position(5), 30).unwrap();
    let log = EventLog::open(common::config(dir.path())).unwrap();
    let scanned: Result<Vec<_>, _> = log.scan(Position(1)).collect();
    assert!(matches!(
        scanned,
        Err(ReadError::Corruption {
            position: Position(5),
            ..
        })
    ));
    // Position 5 is the third event of "even".
    let stream_read = log.read_stream(&stream("even"), StreamVersion(1), 10);
    assert!(matches!(
        stream_read,
        Err(ReadError::Corruption {
            position: Position(5),
            ..
        })
    ));
    assert!(matches!(
        log.read_at(Position(5)),
        Err(ReadError::Corruption { .. })
    ));
    assert!(
        log.read_at(Position(4)).is_ok(),
        "undamaged records stay readable"
    );
    assert_eq!(log.verify().unwrap_err().position, Position(5));
}

#[tokio::test]
async fn a_flipped_stored_hash_is_detected() {
    let dir = store_with(6).await;
    damage::flip_record_byte(dir.path(), Position(3), -1).unwrap();
    let log = read_only(&dir);
    assert_eq!(log.verify().unwrap_err().position, Position(3));
}

#[tokio::test]
async fn a_damaged_tail_refuses_to_open_for_writing_but_opens_for_audit() {
    let dir = store_with(4).await;
    damage::flip_record_byte(dir.path(), Position(4), 20).unwrap();
    assert!(matches!(
        EventLog::open(common::config(dir.path())),
        Err(OpenError::Corrupt(_))
    ));
    let log = read_only(&dir);
    assert_eq!(log.verify().unwrap_err().position, Position(4));
}

#[tokio::test]
async fn a_deleted_record_is_named_by_verify() {
    let dir = store_with(8).await;
    damage::delete_record(dir.path(), Position(6)).unwrap();
    let log = read_only(&dir);
    let err = log.verify().unwrap_err();
    assert_eq!(err.position, Position(6));
    assert!(err.problem.contains("missing"), "{err}");
}

#[tokio::test]
async fn a_swapped_pair_of_records_is_named_by_verify() {
    let dir = store_with(8).await;
    damage::swap_records(dir.path(), Position(3), Position(4)).unwrap();
    let log = read_only(&dir);
    assert_eq!(log.verify().unwrap_err().position, Position(3));
}

#[tokio::test]
async fn a_stale_index_entry_is_named_by_verify() {
    let dir = store_with(8).await;
    // Point even@2 (position 3) at position 5 instead.
    damage::set_index_entry(dir.path(), &stream("even"), StreamVersion(2), Position(5)).unwrap();
    let log = read_only(&dir);
    assert_eq!(log.verify().unwrap_err().position, Position(3));
    assert!(matches!(
        log.read_stream(&stream("even"), StreamVersion(1), 10),
        Err(ReadError::Corruption { .. })
    ));
}

#[tokio::test]
async fn an_extra_index_entry_is_named_by_verify() {
    let dir = store_with(4).await;
    damage::set_index_entry(dir.path(), &stream("even"), StreamVersion(9), Position(2)).unwrap();
    let log = read_only(&dir);
    let err = log.verify().unwrap_err();
    assert!(err.problem.contains("stale index entry"), "{err}");
}

#[tokio::test]
async fn a_wrong_stream_head_is_named_by_verify() {
    let dir = store_with(6).await;
    damage::set_stream_head(dir.path(), &stream("odd"), StreamVersion(1)).unwrap();
    let log = read_only(&dir);
    let err = log.verify().unwrap_err();
    assert!(err.problem.contains("head of odd"), "{err}");
}

#[test]
fn a_read_only_open_of_a_missing_store_fails_instead_of_creating_one() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-store-here");
    assert!(matches!(
        EventLog::open_read_only(common::config(&missing)),
        Err(OpenError::NoStore { .. })
    ));
    assert!(!missing.exists());
}
