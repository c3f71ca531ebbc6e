//! What can go wrong around a ceremony, as data.

use core::fmt;

/// Why a ceremony did not produce a credential. The flow is untouched in every case: show it
/// again, and the same flow (same challenge) can be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The user dismissed the dialog, it timed out, or no authenticator/credential was available
    /// (browsers report all of these as `NotAllowedError`, on purpose).
    Cancelled,
    /// This browser/page cannot do WebAuthn (no `PublicKeyCredential`, not a secure context,
    /// `NotSupportedError`).
    Unsupported,
    /// The browser refused for another reason: `InvalidStateError` (this authenticator already
    /// holds a credential for the account), `SecurityError` (RP id / origin mismatch), …
    Failed,
}

impl FailureKind {
    /// The `kind` of the JS outcome.
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Cancelled => "cancelled",
            FailureKind::Unsupported => "unsupported",
            FailureKind::Failed => "webauthnFailed",
        }
    }

    /// Classifies the `name` of the `DOMException` that `navigator.credentials` rejected with.
    pub fn from_dom_exception(name: &str) -> FailureKind {
        match name {
            "NotAllowedError" | "AbortError" => FailureKind::Cancelled,
            "NotSupportedError" => FailureKind::Unsupported,
            _ => FailureKind::Failed,
        }
    }
}

/// The flow cannot be used for the requested ceremony.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAuthnError {
    /// The flow has no node `node`: this ceremony is not offered (wrong flow, wrong step, or the
    /// method is disabled).
    NotOffered {
        /// The missing node's name.
        node: &'static str,
    },
    /// The options in the node are not what Kratos sends.
    InvalidOptions(String),
}

impl fmt::Display for WebAuthnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebAuthnError::NotOffered { node } => {
                write!(f, "the flow has no `{node}` node: this WebAuthn/passkey ceremony is not offered by this flow")
            }
            WebAuthnError::InvalidOptions(why) => write!(f, "the flow's WebAuthn options are invalid: {why}"),
        }
    }
}

impl std::error::Error for WebAuthnError {}
