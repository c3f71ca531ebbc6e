//! The five self-service flows (kratos-wire-facts §5.1).

use super::continue_with::ContinueWith;
use super::session::Identity;
use super::ui::UiContainer;
use super::value::Value;
use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// `flow.state`. The spec types it as `any`; these are the values Kratos sends.
    FlowState {
        ChooseMethod = "choose_method", SentEmail = "sent_email", PassedChallenge = "passed_challenge",
        ShowForm = "show_form", Success = "success",
    }
}

crate::string_enum! {
    /// `api` or `browser`.
    FlowType { Api = "api", Browser = "browser" }
}

crate::string_enum! {
    /// Authenticator assurance level.
    Aal { Aal0 = "aal0", Aal1 = "aal1", Aal2 = "aal2", Aal3 = "aal3" }
}

/// A login flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoginFlow {
    /// Flow id.
    pub id: String,
    /// `browser` for everything this SDK creates.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// Expiry (RFC 3339).
    pub expires_at: String,
    /// Creation (RFC 3339).
    pub issued_at: String,
    /// The URL that created the flow.
    pub request_url: String,
    /// Where to go after success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The method last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The form.
    pub ui: UiContainer,
    /// Whether this is a re-authentication.
    #[serde(default)]
    pub refresh: bool,
    /// AAL requested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_aal: Option<Aal>,
    /// Flow state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<FlowState>,
    /// Organization (null when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Kratos v25+: the identity schema of this flow (`identity_schema` at creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_schema: Option<String>,
    /// Hydra login challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_login_challenge: Option<String>,
    /// Creation time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Last update (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Free-form payload passed to webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<Value>,
}

/// A registration flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationFlow {
    /// Flow id.
    pub id: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// Expiry.
    pub expires_at: String,
    /// Creation.
    pub issued_at: String,
    /// The URL that created the flow.
    pub request_url: String,
    /// Where to go after success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The method last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The form.
    pub ui: UiContainer,
    /// Flow state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<FlowState>,
    /// Organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Kratos v25+: the identity schema of this flow (`identity_schema` at creation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_schema: Option<String>,
    /// Free-form payload passed to webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<Value>,
}

/// A settings flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingsFlow {
    /// Flow id.
    pub id: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// Expiry.
    pub expires_at: String,
    /// Creation.
    pub issued_at: String,
    /// The URL that created the flow.
    pub request_url: String,
    /// Where to go after success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The method last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The form.
    pub ui: UiContainer,
    /// The identity being edited.
    pub identity: Identity,
    /// `show_form` or `success`.
    pub state: FlowState,
    /// Free-form payload passed to webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<Value>,
    /// What to do next (after success).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_with: Option<Vec<ContinueWith>>,
}

/// A recovery flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryFlow {
    /// Flow id.
    pub id: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// Expiry.
    pub expires_at: String,
    /// Creation.
    pub issued_at: String,
    /// The URL that created the flow.
    pub request_url: String,
    /// Where to go after success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The method last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The form.
    pub ui: UiContainer,
    /// `choose_method`, `sent_email` or `passed_challenge`.
    pub state: FlowState,
    /// What to do next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_with: Option<Vec<ContinueWith>>,
    /// Free-form payload passed to webhooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<Value>,
}

/// A verification flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerificationFlow {
    /// Flow id.
    pub id: String,
    /// Flow type.
    #[serde(rename = "type")]
    pub flow_type: FlowType,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// The URL that created the flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_url: Option<String>,
    /// Where to go after success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_to: Option<String>,
    /// The method last used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    /// The form.
    pub ui: UiContainer,
    /// `choose_method`, `sent_email` or `passed_challenge`.
    pub state: FlowState,
}
