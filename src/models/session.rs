//! Session and identity (kratos-wire-facts §5.3).

use super::flow::Aal;
use super::value::Value;
use serde::{Deserialize, Serialize};

/// A session (`toSession`, login success).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Session id.
    pub id: String,
    /// Whether it is active.
    #[serde(default)]
    pub active: bool,
    /// Expiry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When the user authenticated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticated_at: Option<String>,
    /// AAL reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authenticator_assurance_level: Option<Aal>,
    /// How the user authenticated.
    #[serde(default)]
    pub authentication_methods: Vec<AuthenticationMethod>,
    /// Issue time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<String>,
    /// The identity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Devices that used the session.
    #[serde(default)]
    pub devices: Vec<Device>,
    /// JWT when `tokenize_as` was used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokenized: Option<String>,
}

/// One authentication step of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthenticationMethod {
    /// `password`, `passkey`, `totp`, … (the v1.3.1 spec enum lacks `passkey`; kept as a string).
    #[serde(default)]
    pub method: String,
    /// AAL of this step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aal: Option<Aal>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<String>,
    /// OIDC provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// Organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

/// A device that used a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Device {
    /// Device id.
    pub id: String,
    /// IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    /// User agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// An identity (credentials are stripped on the frontend API).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// Identity id.
    pub id: String,
    /// Schema id.
    #[serde(default)]
    pub schema_id: String,
    /// Schema URL.
    #[serde(default)]
    pub schema_url: String,
    /// `active` / `inactive`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// When `state` last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_changed_at: Option<String>,
    /// The traits (shape given by the identity schema).
    #[serde(default)]
    pub traits: Value,
    /// Verifiable addresses.
    #[serde(default)]
    pub verifiable_addresses: Vec<VerifiableAddress>,
    /// Recovery addresses.
    #[serde(default)]
    pub recovery_addresses: Vec<RecoveryAddress>,
    /// Public metadata (often null).
    #[serde(default)]
    pub metadata_public: Value,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Organization (null when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// Kratos v25+: an id of the identity in another system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
}

/// An address that can be verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifiableAddress {
    /// Address id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The address.
    pub value: String,
    /// Verified yet?
    #[serde(default)]
    pub verified: bool,
    /// `email` / `sms`.
    #[serde(default)]
    pub via: String,
    /// `pending`, `sent`, `completed`.
    #[serde(default)]
    pub status: String,
    /// When verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<String>,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// An address usable for recovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryAddress {
    /// Address id.
    #[serde(default)]
    pub id: String,
    /// The address.
    pub value: String,
    /// `email` / `sms`.
    #[serde(default)]
    pub via: String,
    /// Creation time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Update time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}
