//! The media retention policy and `linli purge`.
//!
//! The rule: a photo, video or voice note attached to a complaint goes once *every*
//! complaint that references it was closed (confirmed, withdrawn or merged) more than N days
//! ago. A blob referenced by anything else in the log (an encouragement, an errand, an
//! open complaint) stays; sealed errand documents are never purged by this rule (forgetting
//! their owner is what destroys them). The events are never deleted: `media.purged` records
//! which blobs went and under which rule, and a read of a purged blob answers 410.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, TimeDelta, Utc};
use linli_domain::complaint::{Complaint, ComplaintEvent, ComplaintState};
use linli_domain::privacy::{PurgeMedia, Retention};
use linli_domain::{Actor, Aggregate, ComplaintId, MediaId, StreamName};
use linli_engine::{AnyEvent, CommandMeta, Engine, EngineError};
use linli_eventlog::{EventLog, Position};
use serde::Serialize;
use thiserror::Error;

use crate::media::{MediaError, MediaKind, MediaStore, PurgedRecord};

/// What the rule keeps and for how long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// How long after its complaint closed a blob is kept.
    pub keep_after_close: TimeDelta,
    /// The kinds the rule removes.
    pub kinds: Vec<MediaKind>,
}

impl RetentionPolicy {
    /// The rule in words, as recorded in `media.purged`.
    pub fn rule(&self) -> String {
        let kinds: Vec<&str> = self.kinds.iter().map(|k| kind_name(*k)).collect();
        format!(
            "{} of complaints closed more than {} days ago",
            kinds.join(", "),
            self.keep_after_close.num_days()
        )
    }
}

/// One blob the rule removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The blob.
    pub media: MediaId,
    /// Its kind.
    pub kind: MediaKind,
    /// Its size in bytes.
    pub size: u64,
    /// When the last complaint referencing it closed.
    pub closed_at: DateTime<Utc>,
    /// The complaints referencing it.
    pub complaints: Vec<ComplaintId>,
}

/// Why planning or purging failed.
#[derive(Debug, Error)]
pub enum PurgeError {
    /// The log could not be read or decoded.
    #[error("reading the log: {0}")]
    Log(String),
    /// The media store failed.
    #[error(transparent)]
    Media(#[from] MediaError),
    /// Recording `media.purged` failed.
    #[error(transparent)]
    Engine(#[from] EngineError<linli_domain::privacy::PrivacyError>),
}

/// What the log says about one blob.
#[derive(Debug, Default)]
struct Use {
    complaints: BTreeSet<ComplaintId>,
    /// Referenced by a stream other than a complaint: never purged by this rule.
    elsewhere: bool,
}

/// Every blob the policy removes now, in id order. Reads the whole log; blocking.
pub fn plan(
    log: &EventLog,
    store: &MediaStore,
    policy: &RetentionPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<Candidate>, PurgeError> {
    let mut uses: HashMap<MediaId, Use> = HashMap::new();
    let mut complaints: HashMap<ComplaintId, ComplaintState> = HashMap::new();
    for record in log.scan(Position(1)) {
        let record = record.map_err(|e| PurgeError::Log(e.to_string()))?;
        // Media ids are found in any payload, whatever its event type: a blob some new
        // feature references is then kept rather than purged by mistake.
        let referenced = media_ids_in(&record.payload);
        let complaint = match linli_engine::decode(&record) {
            Ok(AnyEvent::Complaint(id, event)) => Some((id, event)),
            Ok(_) => None,
            Err(e) => return Err(PurgeError::Log(e.to_string())),
        };
        match complaint {
            Some((id, event)) => {
                fold(&mut complaints, id, &event);
                for media in referenced {
                    uses.entry(media).or_default().complaints.insert(id);
                }
            }
            None => {
                for media in referenced {
                    uses.entry(media).or_default().elsewhere = true;
                }
            }
        }
    }
    let cutoff = now - policy.keep_after_close;
    let mut candidates = Vec::new();
    for meta in store.stored()? {
        if meta.sealed_for.is_some() || !policy.kinds.contains(&meta.kind) {
            continue;
        }
        let Some(usage) = uses.get(&meta.id) else {
            // Uploaded but never attached: not this rule's business.
            continue;
        };
        if usage.elsewhere || usage.complaints.is_empty() {
            continue;
        }
        let closed: Option<Vec<DateTime<Utc>>> = usage
            .complaints
            .iter()
            .map(|c| complaints.get(c).and_then(|s| s.as_ref()?.closed_at))
            .collect();
        let Some(latest) = closed.and_then(|c| c.into_iter().max()) else {
            continue; // some complaint is still open
        };
        if latest <= cutoff {
            candidates.push(Candidate {
                media: meta.id.clone(),
                kind: meta.kind,
                size: meta.size,
                closed_at: latest,
                complaints: usage.complaints.iter().copied().collect(),
            });
        }
    }
    candidates.sort_by(|a, b| a.media.cmp(&b.media));
    Ok(candidates)
}

fn fold(
    states: &mut HashMap<ComplaintId, ComplaintState>,
    id: ComplaintId,
    event: &ComplaintEvent,
) {
    let state = states.remove(&id).unwrap_or_default();
    states.insert(id, Complaint::evolve(state, event));
}

/// Every string in a JSON payload that is a media id.
fn media_ids_in(payload: &[u8]) -> BTreeSet<MediaId> {
    fn walk(value: &serde_json::Value, found: &mut BTreeSet<MediaId>) {
        match value {
            serde_json::Value::String(s) if s.len() == 64 => {
                if let Ok(id) = s.parse() {
                    found.insert(id);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, found)),
            serde_json::Value::Object(fields) => fields.values().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(payload) {
        walk(&value, &mut found);
    }
    found
}

/// What a purge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Purged {
    /// Blobs removed.
    pub media: usize,
    /// Bytes freed.
    pub bytes: u64,
    /// `media.purged` events written.
    pub events: usize,
}

/// Records `media.purged` for the candidates (in chunks), then removes their blobs.
pub async fn purge(
    engine: &Engine,
    store: &MediaStore,
    policy: &RetentionPolicy,
    candidates: &[Candidate],
    now: DateTime<Utc>,
) -> Result<Purged, PurgeError> {
    let rule = policy.rule();
    let mut done = Purged::default();
    for chunk in candidates.chunks(PurgeMedia::MAX) {
        let media: Vec<MediaId> = chunk.iter().map(|c| c.media.clone()).collect();
        // The same blobs under the same rule give the same key: a rerun after a crash
        // between the event and the deletion records nothing twice.
        let key = idempotency_key(&rule, &media);
        let outcome = engine
            .execute::<Retention>(
                StreamName::Retention,
                PurgeMedia {
                    media: media.clone(),
                    rule: rule.clone(),
                    by: Actor::System,
                    at: now,
                },
                CommandMeta::by(&Actor::System)
                    .with_actor("system:purge")
                    .with_idempotency_key(key),
            )
            .await?;
        done.events += outcome.events.len();
        let record = PurgedRecord {
            purged_at: now,
            rule: rule.clone(),
        };
        let blocking_store = store.clone();
        let ids = media.clone();
        tokio::task::spawn_blocking(move || {
            ids.iter()
                .try_for_each(|id| blocking_store.purge(id, &record))
        })
        .await
        .map_err(|e| PurgeError::Log(e.to_string()))??;
        done.media += chunk.len();
        done.bytes += chunk.iter().map(|c| c.size).sum::<u64>();
    }
    Ok(done)
}

fn idempotency_key(rule: &str, media: &[MediaId]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(rule.as_bytes());
    for id in media {
        hash.update(id.as_str().as_bytes());
    }
    format!("purge:{}", hex::encode(hash.finalize()))
}

fn kind_name(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Image => "photos",
        MediaKind::Video => "videos",
        MediaKind::Audio => "voice notes",
    }
}

/// `--kind image|video|audio`.
pub fn parse_kind(s: &str) -> Result<MediaKind, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| format!("{s:?} is not a media kind (image, video, audio)"))
}

/// A summary line per kind for `--dry-run`.
pub fn by_kind(candidates: &[Candidate]) -> BTreeMap<&'static str, (usize, u64)> {
    let mut sums = BTreeMap::new();
    for c in candidates {
        let entry = sums.entry(kind_name(c.kind)).or_insert((0, 0));
        entry.0 += 1;
        entry.1 += c.size;
    }
    sums
}
