//! Error envelope and flow error (kratos-wire-facts §1.1, §3.10).

use super::value::Value;
use serde::{Deserialize, Serialize};

/// `{"error": GenericError, …extras}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    /// The error.
    pub error: GenericError,
    /// 422 / 403 extras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_browser_to: Option<String>,
    /// 410 extras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_flow_id: Option<String>,
    /// 410 extras.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_at: Option<String>,
    /// 410 extras: how long ago the flow expired, in nanoseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<f64>,
}

/// herodot's DefaultError.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenericError {
    /// Kratos error id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u16>,
    /// Status text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// Human-readable reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Extra details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Value>,
    /// Short message.
    #[serde(default)]
    pub message: String,
}

/// `getFlowError`'s answer: `error` is the bare DefaultError.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowError {
    /// Error id.
    pub id: String,
    /// The error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<GenericError>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}
