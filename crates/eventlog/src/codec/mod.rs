//! Every byte the log writes is produced and parsed here, and nowhere else.
//!
//! * Records: `FORMAT_V1 ‖ body ‖ prev_hash ‖ hash`, where `body` is the bincode 2.0.1
//!   (standard config) encoding of the record's fields, and `hash = BLAKE3(prev_hash ‖
//!   body)`. Hashing the stored body bytes means a read checks integrity without
//!   re-encoding, and an import re-derives the same body from the fields.
//! * Keys: one sled tree, a one-byte tag per kind of entry, integers big-endian so that
//!   sled's byte order is numeric order (see [`keys`]).
//!
//! The golden-byte tests at the bottom pin the format: if they fail, the on-disk format
//! (and every hash in every store) changed. Bump the format byte instead.

pub(crate) mod keys;
mod record;

pub(crate) use record::{decode_chain_head, decode_outcome, encode_chain_head, encode_outcome};
pub(crate) use record::{decode_record, encode_record, EncodedRecord};

/// The format byte of version-1 records. A future format gets a new byte and a decoder
/// beside this one; old records stay readable.
pub(crate) const FORMAT_V1: u8 = 1;

#[cfg(test)]
mod golden_tests;
