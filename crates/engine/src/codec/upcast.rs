//! Upcasting: turning an old payload into the current schema before the domain decodes it.
//!
//! The domain only decodes the current version of each event
//! ([`DomainEvent::from_payload`](linli_domain::DomainEvent::from_payload)). When an event's
//! schema changes, its version is bumped and an upcaster from the old version to the next one
//! is registered here; reading a record applies upcasters one version at a time,
//! `v → v+1 → … → current`, on the JSON value, and only then decodes. Old records are never
//! rewritten: the hash chain forbids it, and auditors must see what was really written.
//!
//! # The registered example: `complaint.rated` v0
//!
//! [`Upcasters::standard`] registers one upcaster, for a *hypothetical* v0 of
//! `complaint.rated` that no released build ever wrote. It exists as the worked example of the
//! mechanism and is covered by tests, so the path is exercised before a real schema change
//! needs it. The imagined v0 payload called the score `stars` and had no comment:
//!
//! ```json
//! {"stars": 4, "tags": ["快"], "at": "2026-05-01T08:00:00Z"}
//! ```
//!
//! and v1 (the current version) is
//!
//! ```json
//! {"score": 4, "tags": ["快"], "comment": null, "at": "2026-05-01T08:00:00Z"}
//! ```

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use serde_json::Value;
use thiserror::Error;

use super::error::CodecError;

/// Why an upcaster refused a payload (a required old field is missing, has the wrong type…).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0}")]
pub struct UpcastError(pub String);

/// Turns a payload of version `v` into one of version `v + 1`.
pub type UpcastFn = fn(Value) -> Result<Value, UpcastError>;

/// The upcasters a codec applies, keyed by event type and the version each one starts from.
#[derive(Debug, Clone, Default)]
pub struct Upcasters {
    /// Event type → (from version → upcaster to `from + 1`).
    by_type: HashMap<String, BTreeMap<u16, UpcastFn>>,
}

static STANDARD: LazyLock<Upcasters> = LazyLock::new(|| {
    let mut upcasters = Upcasters::new();
    upcasters.register("complaint.rated", 0, complaint_rated_v0_to_v1);
    upcasters.register("user.profile_updated", 1, user_profile_updated_v1_to_v2);
    upcasters.register("order.reserved", 1, order_reserved_v1_to_v2);
    upcasters
});

impl Upcasters {
    /// No upcasters: only current-version records decode.
    pub fn new() -> Upcasters {
        Upcasters::default()
    }

    /// The registry every build uses: each upcaster the log's history needs: the
    /// documented `complaint.rated` v0 example (see the module docs) and
    /// `user.profile_updated` v1 → v2 and `order.reserved` v1 → v2 (personal data sealed).
    pub fn standard() -> &'static Upcasters {
        &STANDARD
    }

    /// Registers the upcaster from `from_version` of `event_type` to the next version,
    /// replacing any earlier one for the same step.
    pub fn register(
        &mut self,
        event_type: &str,
        from_version: u16,
        upcaster: UpcastFn,
    ) -> &mut Self {
        self.by_type
            .entry(event_type.to_owned())
            .or_default()
            .insert(from_version, upcaster);
        self
    }

    /// Applies upcasters to `value` from version `from` until it is at version `to`.
    pub fn upcast(
        &self,
        event_type: &str,
        from: u16,
        to: u16,
        mut value: Value,
    ) -> Result<Value, CodecError> {
        let steps = self.by_type.get(event_type);
        for version in from..to {
            let upcaster =
                steps
                    .and_then(|s| s.get(&version))
                    .ok_or_else(|| CodecError::MissingUpcaster {
                        event_type: event_type.to_owned(),
                        from: version,
                    })?;
            value = upcaster(value).map_err(|source| CodecError::Upcast {
                event_type: event_type.to_owned(),
                from: version,
                source,
            })?;
        }
        Ok(value)
    }
}

/// `complaint.rated` v0 → v1: `stars` became `score`, and `comment` was added (absent in v0,
/// so `null`). The documented example upcaster; see the module docs.
pub fn complaint_rated_v0_to_v1(value: Value) -> Result<Value, UpcastError> {
    let Value::Object(mut fields) = value else {
        return Err(UpcastError(
            "complaint.rated v0 payload is not an object".into(),
        ));
    };
    let stars = fields
        .remove("stars")
        .ok_or_else(|| UpcastError("complaint.rated v0 payload has no `stars`".into()))?;
    fields.insert("score".into(), stars);
    fields.entry("comment").or_insert(Value::Null);
    Ok(Value::Object(fields))
}

/// `user.profile_updated` v1 → v2. v1 carried the phone number in plain text; v2 seals the
/// personal fields under the user's key. An upcaster is pure and cannot encrypt, and the log
/// cannot be rewritten, so the old number moves to `legacy_phone` (plain, as it was written;
/// see the threat model in docs/operations.md) and the sealed fields start empty.
pub fn user_profile_updated_v1_to_v2(value: Value) -> Result<Value, UpcastError> {
    let Value::Object(mut fields) = value else {
        return Err(UpcastError(
            "user.profile_updated v1 payload is not an object".into(),
        ));
    };
    let phone = fields.remove("phone").unwrap_or(Value::Null);
    if !phone.is_null() {
        fields.insert("legacy_phone".into(), phone);
    }
    for sealed in ["phone", "id_card", "home_address"] {
        fields.insert(sealed.into(), Value::Null);
    }
    Ok(Value::Object(fields))
}

/// `order.reserved` v1 → v2. v1 carried the exact address and the contact's phone in plain
/// text (`address`, `contact: {name, phone}`); v2 seals both under the resident's key. As for
/// `user.profile_updated` v1, an upcaster cannot encrypt, so the plain values move to
/// `legacy_address` and `legacy_phone` as written and the sealed fields are null.
pub fn order_reserved_v1_to_v2(value: Value) -> Result<Value, UpcastError> {
    let Value::Object(mut fields) = value else {
        return Err(UpcastError(
            "order.reserved v1 payload is not an object".into(),
        ));
    };
    let Some(Value::Object(mut contact)) = fields.remove("contact") else {
        return Err(UpcastError(
            "order.reserved v1 payload has no `contact` object".into(),
        ));
    };
    let name = contact
        .remove("name")
        .ok_or_else(|| UpcastError("order.reserved v1 contact has no `name`".into()))?;
    let phone = contact
        .remove("phone")
        .ok_or_else(|| UpcastError("order.reserved v1 contact has no `phone`".into()))?;
    let address = fields
        .remove("address")
        .ok_or_else(|| UpcastError("order.reserved v1 payload has no `address`".into()))?;
    fields.insert("contact_name".into(), name);
    fields.insert("legacy_phone".into(), phone);
    fields.insert("legacy_address".into(), address);
    fields.insert("contact_phone".into(), Value::Null);
    fields.insert("address".into(), Value::Null);
    Ok(Value::Object(fields))
}
