//! The whole store's verification: the log's own (`EventLog::verify`: chain, index, heads,
//! idempotency entries), then every recorded chain checkpoint, then every projection
//! checkpoint. The first problem found is the answer.

use linli_eventlog::{EventLog, Position, VerifyError, VerifyReport};

use super::checkpoints::{self, ChainCheckpointView};

/// What a clean verification covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreReport {
    /// The log's own report.
    pub log: VerifyReport,
    /// Chain checkpoints recorded in the log, each matching it.
    pub chain_checkpoints: u64,
    /// Checkpoints held outside (`--against`), each matching the log.
    pub external_checkpoints: u64,
    /// Projection builds whose checkpoint fits the log.
    pub projection_checkpoints: u64,
}

/// Verifies everything; `progress` is told how many records the chain walk has checked.
pub fn verify_store(
    log: &EventLog,
    external: &[ChainCheckpointView],
    progress: &mut dyn FnMut(u64),
) -> Result<StoreReport, VerifyError> {
    let report = log.verify_with_progress(progress)?;
    let chain_checkpoints = checkpoints::check_recorded(log)?;
    let external_checkpoints = checkpoints::check_external(log, external)?;
    let projection_checkpoints = match linli_projections::check_checkpoints(log) {
        Ok(Ok(count)) => count as u64,
        Ok(Err(mismatch)) => {
            return Err(VerifyError {
                position: mismatch.checkpoint.position,
                problem: mismatch.problem,
            })
        }
        Err(e) => {
            return Err(VerifyError {
                position: Position(0),
                problem: format!("projection checkpoints unreadable: {e}"),
            })
        }
    };
    Ok(StoreReport {
        log: report,
        chain_checkpoints,
        external_checkpoints,
        projection_checkpoints,
    })
}
