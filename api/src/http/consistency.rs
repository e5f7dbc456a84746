//! Read-your-writes: every command answers with the log position it wrote, and a query may
//! pass `?after=<position>` to wait (briefly) until the read models have reached it.

use std::time::Duration;

use serde::Deserialize;

use super::error::ApiError;
use super::AppState;

/// Longest a query waits for the read models.
const WAIT: Duration = Duration::from_secs(5);

/// The `after` query parameter.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct After {
    /// A position returned by a command.
    pub after: Option<u64>,
}

impl After {
    /// Waits until every read model has applied `after`, if given.
    pub async fn wait(&self, state: &AppState) -> Result<(), ApiError> {
        let Some(position) = self.after else {
            return Ok(());
        };
        if position > state.log.head().position.0 {
            return Err(ApiError::invalid(
                "request.position_ahead",
                format!("position {position} has not been written"),
            ));
        }
        state
            .projector
            .wait_for(linli_eventlog::Position(position), WAIT)
            .await
            .map_err(ApiError::from)
    }
}
