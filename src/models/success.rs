//! Success bodies of login and registration (kratos-wire-facts §5.5).

use super::continue_with::ContinueWith;
use super::session::{Identity, Session};
use serde::{Deserialize, Serialize};

/// Login success (browser: no `session_token`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessfulLogin {
    /// The new session.
    pub session: Session,
    /// Next actions; Kratos may send `null`.
    #[serde(default)]
    pub continue_with: Option<Vec<ContinueWith>>,
}

/// Registration success.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuccessfulRegistration {
    /// The session, when the `session` hook is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<Session>,
    /// The new identity.
    pub identity: Identity,
    /// Next actions; Kratos may send `null`.
    #[serde(default)]
    pub continue_with: Option<Vec<ContinueWith>>,
}
