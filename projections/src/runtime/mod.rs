//! The projection runtime: checkpoints in the same atomic batch as the read model, catch-up
//! then live follow, rebuilds into fresh trees with a swap, read-your-writes waits.

mod audit;
mod id;
mod projection;
mod projector;
mod runner;
mod serving;
mod staged;

pub use audit::{
    check_checkpoints, overwrite_checkpoint, rebuild_checkpoint, stored_checkpoints,
    CheckpointMismatch, StoredCheckpoint,
};
pub use id::{Build, Generation, ProjectionId, ProjectionVersion};
pub use projection::{
    Decoder, Envelope, Projection, ProjectionFactory, ProjectionSpec, RawDecoder,
};
pub use projector::{ProjectionStatus, Projector, REGISTRY_TREE};
pub use runner::RuntimeConfig;
pub use serving::{Progress, Serving, TreeDump};
pub use staged::{read_checkpoint, read_checkpoint_with_hash, Staged, CHECKPOINT_KEY};
