//! Golden bytes: the stored format and the hash are pinned. If one of these fails, the
//! on-disk format changed, and every existing store and export would stop verifying.
//! Do not update the constants: add a new format byte and a decoder instead.

use uuid::Uuid;

use super::keys;
use super::{
    decode_chain_head, decode_outcome, decode_record, encode_chain_head, encode_outcome,
    encode_record,
};
use crate::types::{
    AppendOutcome, ChainHead, Hash, Metadata, Position, Replay, StreamId, StreamVersion,
};

fn fixed_record() -> super::EncodedRecord {
    encode_record(
        Position(7),
        &StreamId::new("complaint-1").unwrap(),
        StreamVersion(3),
        "complaint.filed",
        1,
        1_767_225_600_000_000,
        &Metadata {
            correlation_id: Some(Uuid::from_u128(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10)),
            causation_id: None,
            actor: Some("user-9".into()),
            idempotency_key: Some("k".into()),
            tenant: Some("330106".into()),
        },
        b"{\"a\":1}",
        &Hash([0xAB; 32]),
    )
}

const GOLDEN_RECORD_HEX: &str = "01070b636f6d706c61696e742d31030f636f6d706c61696e742e66696c656401fd0080408c908e0c00010102030405060708090a0b0c0d0e0f10000106757365722d3901016b0106333330313036077b2261223a317dababababababababababababababababababababababababababababababababd10f5fe0c36c12d7fddd6c1a90880ea380d925eb75652b50d802c92ace950e28";
const GOLDEN_HASH_HEX: &str = "d10f5fe0c36c12d7fddd6c1a90880ea380d925eb75652b50d802c92ace950e28";

#[test]
fn record_encoding_is_pinned() {
    let record = fixed_record();
    assert_eq!(hex::encode(&record.bytes), GOLDEN_RECORD_HEX);
    assert_eq!(record.hash.to_hex(), GOLDEN_HASH_HEX);
}

#[test]
fn pinned_bytes_decode_to_the_same_record() {
    let bytes = hex::decode(GOLDEN_RECORD_HEX).unwrap();
    let record = decode_record(Position(7), &bytes).unwrap();
    assert_eq!(record.stream.as_str(), "complaint-1");
    assert_eq!(record.version, StreamVersion(3));
    assert_eq!(record.event_type, "complaint.filed");
    assert_eq!(record.recorded_at_micros, 1_767_225_600_000_000);
    assert_eq!(record.metadata.actor.as_deref(), Some("user-9"));
    assert_eq!(record.payload, b"{\"a\":1}");
    assert_eq!(record.prev_hash, Hash([0xAB; 32]));
}

#[test]
fn a_record_read_under_another_position_is_corrupt() {
    let record = fixed_record();
    assert!(decode_record(Position(8), &record.bytes).is_err());
}

#[test]
fn every_stored_byte_is_covered_by_the_hash_or_the_format_check() {
    let record = fixed_record();
    for index in 0..record.bytes.len() {
        let mut damaged = record.bytes.clone();
        damaged[index] ^= 0x01;
        assert!(
            decode_record(Position(7), &damaged).is_err(),
            "byte {index} unprotected"
        );
    }
}

#[test]
fn key_layout_is_pinned() {
    assert_eq!(
        hex::encode(keys::record_key(Position(258))),
        "4c0000000000000102"
    );
    let stream = StreamId::new("ab").unwrap();
    assert_eq!(
        hex::encode(keys::index_key(&stream, StreamVersion(1))),
        "5300026162".to_owned() + "0000000000000001"
    );
    assert_eq!(hex::encode(keys::head_key(&stream)), "486162");
    assert_eq!(hex::encode(keys::idempotency_key("k")), "496b");
}

#[test]
fn outcome_and_chain_head_encodings_are_pinned() {
    let outcome = AppendOutcome {
        first_position: Position(5),
        last_position: Position(6),
        stream_version: StreamVersion(2),
        replay: Replay::Fresh,
    };
    assert_eq!(hex::encode(encode_outcome(&outcome)), "01050602");
    let decoded = decode_outcome(&encode_outcome(&outcome)).unwrap();
    assert_eq!(decoded.replay, Replay::Duplicate);
    let head = ChainHead {
        position: Position(1),
        hash: Hash([1; 32]),
    };
    let bytes = encode_chain_head(&head);
    assert_eq!(hex::encode(&bytes[..9]), "010000000000000001");
    assert_eq!(decode_chain_head(&bytes), Some(head));
}
