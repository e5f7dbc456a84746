//! The codec: every event type round-trips through a real log, old versions are upcast,
//! and unreadable records are typed errors.

use std::collections::BTreeSet;

use linli_domain::complaint::{ComplaintEvent, ComplaintRated, Score};
use linli_domain::{DomainEvent, StreamName};
use linli_engine::codec::{
    decode, decode_with, encode, AnyEvent, CodecError, UpcastError, Upcasters,
};
use linli_eventlog::{
    ExpectedVersion, Hash, Metadata, NewEvent, Position, RecordedEvent, StreamId, StreamVersion,
};
use serde_json::json;

use crate::fixtures::*;

fn declared<E: DomainEvent>() -> BTreeSet<(&'static str, u16)> {
    E::TYPES.iter().map(|t| (t.name, t.version)).collect()
}

fn produced<E: DomainEvent>(events: &[E]) -> BTreeSet<(&'static str, u16)> {
    events
        .iter()
        .map(|e| (e.event_type(), e.schema_version()))
        .collect()
}

/// A record as the log would hand it back, for cases the log itself would accept.
fn record(stream: &str, event_type: &str, version: u16, payload: &[u8]) -> RecordedEvent {
    RecordedEvent {
        position: Position(1),
        stream: StreamId::new(stream).unwrap(),
        version: StreamVersion(1),
        event_type: event_type.into(),
        schema_version: version,
        recorded_at_micros: 0,
        metadata: Metadata::default(),
        payload: payload.to_vec(),
        prev_hash: Hash::GENESIS,
        hash: Hash::GENESIS,
    }
}

async fn append_all(
    log: &linli_eventlog::EventLog,
    stream: StreamName,
    events: Vec<NewEvent>,
) -> Vec<RecordedEvent> {
    let id = StreamId::new(stream.to_string()).unwrap();
    log.append(
        id.clone(),
        ExpectedVersion::NoStream,
        events,
        Metadata::default(),
    )
    .await
    .unwrap();
    log.read_stream(&id, StreamVersion(1), usize::MAX).unwrap()
}

#[test]
fn the_fixtures_cover_every_declared_event_type() {
    assert_eq!(
        produced(&every_complaint_event()),
        declared::<ComplaintEvent>()
    );
    assert_eq!(
        produced(&every_encouragement_event()),
        declared::<linli_domain::encouragement::EncouragementEvent>()
    );
    assert_eq!(
        produced(&every_user_event()),
        declared::<linli_domain::user::UserEvent>()
    );
    assert_eq!(
        produced(&every_directory_event()),
        declared::<linli_domain::directory::DirectoryEvent>()
    );
}

#[tokio::test]
async fn every_event_type_survives_encode_append_read_and_decode() {
    let (_dir, log) = temp_log();

    let complaint = every_complaint_event();
    let stream = StreamName::Complaint(COMPLAINT);
    let encoded = complaint.iter().map(|e| encode(e).unwrap()).collect();
    for (record, original) in append_all(&log, stream, encoded)
        .await
        .iter()
        .zip(&complaint)
    {
        assert_eq!(record.event_type, original.event_type());
        assert_eq!(record.schema_version, original.schema_version());
        let decoded = decode(record).unwrap();
        assert_eq!(decoded, AnyEvent::Complaint(COMPLAINT, original.clone()));
        assert_eq!(decoded.stream(), stream);
    }

    let encouragement = every_encouragement_event();
    let stream = StreamName::Encouragement(ENCOURAGEMENT);
    let encoded = encouragement.iter().map(|e| encode(e).unwrap()).collect();
    for (record, original) in append_all(&log, stream, encoded)
        .await
        .iter()
        .zip(&encouragement)
    {
        assert_eq!(
            decode(record).unwrap(),
            AnyEvent::Encouragement(ENCOURAGEMENT, original.clone())
        );
    }

    let user = every_user_event();
    let stream = StreamName::User(RESIDENT);
    let encoded = user.iter().map(|e| encode(e).unwrap()).collect();
    for (record, original) in append_all(&log, stream, encoded).await.iter().zip(&user) {
        assert_eq!(
            decode(record).unwrap(),
            AnyEvent::User(RESIDENT, original.clone())
        );
    }

    let directory = every_directory_event();
    let encoded = directory.iter().map(|e| encode(e).unwrap()).collect();
    let records = append_all(&log, StreamName::Directory, encoded).await;
    assert_eq!(records.len(), directory.len());
    for (record, original) in records.iter().zip(&directory) {
        let decoded = decode(record).unwrap();
        assert_eq!(decoded, AnyEvent::Directory(original.clone()));
        assert_eq!(decoded.event_type(), original.event_type());
        assert_eq!(decoded.schema_version(), 1);
    }
}

#[tokio::test]
async fn an_old_complaint_rated_v0_is_upcast_and_read_as_the_current_version() {
    let (_dir, log) = temp_log();
    // What the hypothetical v0 wrote: `stars`, and no comment.
    let v0 = json!({"stars": 4, "tags": ["快"], "at": "2026-06-01T01:14:00Z"});
    let records = append_all(
        &log,
        StreamName::Complaint(COMPLAINT),
        vec![NewEvent::new(
            "complaint.rated",
            0,
            serde_json::to_vec(&v0).unwrap(),
        )],
    )
    .await;
    assert_eq!(records[0].schema_version, 0);
    let decoded = decode(&records[0]).unwrap();
    assert_eq!(
        decoded,
        AnyEvent::Complaint(
            COMPLAINT,
            ComplaintRated {
                score: Score::new(4).unwrap(),
                tags: vec!["快".into()],
                comment: None,
                at: t(1, 14),
            }
            .into()
        )
    );
    assert_eq!(decoded.schema_version(), 1);
}

#[test]
fn a_broken_v0_payload_is_an_upcast_error_not_a_panic() {
    let no_stars = record(
        &StreamName::Complaint(COMPLAINT).to_string(),
        "complaint.rated",
        0,
        br#"{"score":4,"tags":[],"at":"2026-06-01T01:14:00Z"}"#,
    );
    assert!(matches!(
        decode(&no_stars),
        Err(CodecError::Upcast { from: 0, .. })
    ));
    let not_json = record(
        &StreamName::Complaint(COMPLAINT).to_string(),
        "complaint.rated",
        0,
        b"\xff not json",
    );
    assert!(matches!(
        decode(&not_json),
        Err(CodecError::Malformed { version: 0, .. })
    ));
}

#[test]
fn upcasters_run_one_version_at_a_time_until_the_target() {
    fn one_to_two(mut v: serde_json::Value) -> Result<serde_json::Value, UpcastError> {
        v["trail"] = json!(format!("{}>2", v["trail"].as_str().unwrap_or("1")));
        Ok(v)
    }
    fn two_to_three(mut v: serde_json::Value) -> Result<serde_json::Value, UpcastError> {
        v["trail"] = json!(format!("{}>3", v["trail"].as_str().unwrap_or("?")));
        Ok(v)
    }
    let mut upcasters = Upcasters::new();
    upcasters
        .register("test.thing", 2, two_to_three)
        .register("test.thing", 1, one_to_two);
    let out = upcasters
        .upcast("test.thing", 1, 3, json!({"trail": "1"}))
        .unwrap();
    assert_eq!(out, json!({"trail": "1>2>3"}));
    // Already current: nothing runs.
    assert_eq!(
        upcasters.upcast("test.thing", 3, 3, json!({})).unwrap(),
        json!({})
    );
    assert!(matches!(
        upcasters.upcast("test.thing", 0, 3, json!({})),
        Err(CodecError::MissingUpcaster { from: 0, .. })
    ));
}

#[test]
fn an_old_version_without_an_upcaster_is_a_typed_error() {
    let stream = StreamName::Complaint(COMPLAINT).to_string();
    let withdrawn_v0 = record(
        &stream,
        "complaint.withdrawn",
        0,
        br#"{"at":"2026-06-01T00:00:00Z"}"#,
    );
    assert!(matches!(
        decode(&withdrawn_v0),
        Err(CodecError::MissingUpcaster { from: 0, .. })
    ));
    // With an empty registry even the documented example is missing.
    let rated_v0 = record(
        &stream,
        "complaint.rated",
        0,
        br#"{"stars":4,"tags":[],"at":"2026-06-01T00:00:00Z"}"#,
    );
    assert!(matches!(
        decode_with(&rated_v0, &Upcasters::new()),
        Err(CodecError::MissingUpcaster { from: 0, .. })
    ));
}

#[test]
fn an_event_from_a_newer_schema_is_a_typed_error() {
    let payload = encode(&every_complaint_event()[0]).unwrap().payload;
    let from_the_future = record(
        &StreamName::Complaint(COMPLAINT).to_string(),
        "complaint.filed",
        2,
        &payload,
    );
    match decode(&from_the_future) {
        Err(CodecError::NewerSchema {
            event_type,
            found,
            known,
        }) => {
            assert_eq!(event_type, "complaint.filed");
            assert_eq!((found, known), (2, 1));
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
}

#[test]
fn unknown_streams_event_types_and_bad_payloads_are_typed_errors() {
    let payload = encode(&every_complaint_event()[0]).unwrap().payload;
    let unknown_category = record(
        "invoice-00000000-0000-0000-0000-000000000001",
        "invoice.issued",
        1,
        b"{}",
    );
    assert!(matches!(
        decode(&unknown_category),
        Err(CodecError::UnknownStream { .. })
    ));
    let bad_id = record("complaint-not-a-uuid", "complaint.filed", 1, &payload);
    assert!(matches!(
        decode(&bad_id),
        Err(CodecError::UnknownStream { .. })
    ));

    let wrong_aggregate = record(
        &StreamName::Complaint(COMPLAINT).to_string(),
        "directory.node_defined",
        1,
        b"{}",
    );
    match decode(&wrong_aggregate) {
        Err(CodecError::UnknownEventType { event_type, .. }) => {
            assert_eq!(event_type, "directory.node_defined")
        }
        other => panic!("expected UnknownEventType, got {other:?}"),
    }
    let unknown_type = record("directory", "directory.exploded", 1, b"{}");
    assert!(matches!(
        decode(&unknown_type),
        Err(CodecError::UnknownEventType { .. })
    ));

    let garbage = record(
        &StreamName::Complaint(COMPLAINT).to_string(),
        "complaint.filed",
        1,
        br#"{"complaint_id": 7}"#,
    );
    assert!(matches!(decode(&garbage), Err(CodecError::Payload(_))));
}
