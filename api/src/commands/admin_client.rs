//! The CLI's side of `/admin/v1/…`: a running server holds sled's lock, so operator
//! commands that must run while it serves (backup, rebuild) ask it (ADR 0008).

use std::time::Duration;

use reqwest::{Client, Response, StatusCode};

use crate::cli::AdminClientArgs;

/// A client for one server, with the admin token.
#[derive(Debug, Clone)]
pub struct AdminClient {
    http: Client,
    base: String,
    token: String,
}

/// Why a call to the server failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No token, or the server refused it (401), or has no admin token configured (404).
    #[error("{0}")]
    Unauthorized(String),
    /// The server answered with an error.
    #[error("the server answered {status}: {body}")]
    Server {
        /// The status.
        status: StatusCode,
        /// Its error body.
        body: String,
    },
    /// The server could not be reached or the transfer broke.
    #[error("{0}")]
    Transport(String),
}

impl AdminClient {
    /// From `--server` and `--admin-token`; `None` if no server was given.
    pub fn from_args(args: &AdminClientArgs) -> Result<Option<AdminClient>, AdminError> {
        let Some(server) = &args.server else {
            return Ok(None);
        };
        let token = args
            .admin_token
            .clone()
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                AdminError::Unauthorized(
                    "--server needs the admin token (--admin-token or LINLI_ADMIN_TOKEN)".into(),
                )
            })?;
        // Long operations (a whole-log rebuild) answer when done: no overall timeout,
        // only on connecting.
        let http = Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| AdminError::Transport(e.to_string()))?;
        Ok(Some(AdminClient {
            http,
            base: server.trim_end_matches('/').to_owned(),
            token,
        }))
    }

    async fn check(response: Response) -> Result<Response, AdminError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().await.unwrap_or_default();
        match status {
            StatusCode::UNAUTHORIZED => Err(AdminError::Unauthorized(
                "the server refused the admin token".into(),
            )),
            StatusCode::NOT_FOUND if body.contains("no such route") => {
                Err(AdminError::Unauthorized(
                    "the server has no admin token configured (linli serve --admin-token)".into(),
                ))
            }
            status => Err(AdminError::Server { status, body }),
        }
    }

    /// GET `path`.
    pub async fn get(&self, path: &str) -> Result<Response, AdminError> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| AdminError::Transport(e.to_string()))?;
        Self::check(response).await
    }

    /// POST `path` without a body.
    pub async fn post(&self, path: &str) -> Result<Response, AdminError> {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| AdminError::Transport(e.to_string()))?;
        Self::check(response).await
    }
}
