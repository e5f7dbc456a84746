//! Import failures in the one error shape: a bad entry is a 422 naming it, an entry outside
//! the manager's scope a 403 naming it.

use axum::http::StatusCode;
use serde_json::json;

use crate::directory::{DocumentError, ImportError, PlanError};
use crate::http::error::ApiError;

impl From<DocumentError> for ApiError {
    fn from(e: DocumentError) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "directory.invalid_document",
            message: e.to_string(),
            details: json!({"entry": e.path, "reason": e.reason}),
        }
    }
}

impl From<PlanError> for ApiError {
    fn from(e: PlanError) -> ApiError {
        let message = e.to_string();
        match e {
            PlanError::Invalid { entry, reason } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "directory.invalid_document",
                message,
                details: json!({"entry": entry, "reason": reason}),
            },
            PlanError::OutOfScope { entry, node } => ApiError {
                status: StatusCode::FORBIDDEN,
                code: "auth.forbidden",
                message,
                details: json!({"entry": entry, "node": node}),
            },
        }
    }
}

impl From<ImportError> for ApiError {
    fn from(e: ImportError) -> ApiError {
        match e {
            ImportError::Plan(e) => e.into(),
            ImportError::Load(e) => e.into(),
            ImportError::Directory(e) => e.into(),
            ImportError::User(e) => e.into(),
        }
    }
}
