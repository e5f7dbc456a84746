//! One event as auditors see it: where, when, which stream and version, what, who, with
//! which correlation and causation, and the payload. The same shape is printed by
//! `linli replay --json` (one per line) and answered by the audit API.

use chrono::SecondsFormat;
use linli_eventlog::RecordedEvent;
use serde::Serialize;
use uuid::Uuid;

/// One event of the log.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditEvent {
    /// Global position (gapless, from 1).
    pub position: u64,
    /// When the log committed it (RFC 3339, UTC, microseconds).
    pub recorded_at: String,
    /// The stream, e.g. `complaint-<uuid>`.
    pub stream: String,
    /// Its version within the stream (from 1).
    pub version: u64,
    /// Explicit event name, e.g. `complaint.filed`.
    pub event_type: String,
    /// The payload's schema version.
    pub schema_version: u16,
    /// Who did it (`cadre <uuid>`, `system:scheduler`, …), when recorded.
    pub actor: Option<String>,
    /// Ties together everything caused by one user action.
    pub correlation_id: Option<Uuid>,
    /// The event or request that directly caused it.
    pub causation_id: Option<Uuid>,
    /// The tenant or jurisdiction, when recorded.
    pub tenant: Option<String>,
    /// The payload as JSON (linli's payloads are JSON); a payload that is not JSON is given
    /// as a base64 string under `payload_base64` instead and this is null.
    #[schema(value_type = Object, nullable)]
    pub payload: Option<serde_json::Value>,
    /// The raw payload in base64, only when it is not JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload_base64: Option<String>,
    /// The previous record's hash (hex).
    pub prev_hash: String,
    /// This record's hash (hex): BLAKE3 over the previous hash and every field above.
    pub hash: String,
}

impl From<&RecordedEvent> for AuditEvent {
    fn from(record: &RecordedEvent) -> AuditEvent {
        use base64::Engine as _;
        let json = serde_json::from_slice::<serde_json::Value>(&record.payload).ok();
        let payload_base64 = json
            .is_none()
            .then(|| base64::engine::general_purpose::STANDARD.encode(&record.payload));
        AuditEvent {
            position: record.position.0,
            recorded_at: record
                .recorded_at()
                .to_rfc3339_opts(SecondsFormat::Micros, true),
            stream: record.stream.to_string(),
            version: record.version.0,
            event_type: record.event_type.clone(),
            schema_version: record.schema_version,
            actor: record.metadata.actor.clone(),
            correlation_id: record.metadata.correlation_id,
            causation_id: record.metadata.causation_id,
            tenant: record.metadata.tenant.clone(),
            payload: json,
            payload_base64,
            prev_hash: record.prev_hash.to_hex(),
            hash: record.hash.to_hex(),
        }
    }
}

fn short(id: Option<Uuid>) -> String {
    id.map_or_else(|| "-".to_owned(), |id| id.to_string())
}

impl AuditEvent {
    /// Two lines for a person: the facts, then the payload.
    pub fn human(&self) -> String {
        let payload = match (&self.payload, &self.payload_base64) {
            (Some(json), _) => json.to_string(),
            (None, Some(raw)) => format!("base64:{raw}"),
            (None, None) => String::new(),
        };
        format!(
            "#{position} {at} {stream}@{version} {event_type} v{schema}\n    by {actor}  correlation {correlation}  causation {causation}\n    {payload}",
            position = self.position,
            at = self.recorded_at,
            stream = self.stream,
            version = self.version,
            event_type = self.event_type,
            schema = self.schema_version,
            actor = self.actor.as_deref().unwrap_or("-"),
            correlation = short(self.correlation_id),
            causation = short(self.causation_id),
        )
    }
}
