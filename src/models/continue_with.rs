//! `continue_with` items (kratos-wire-facts §5.4).

use serde::{Deserialize, Serialize};

/// What the app should do next after a flow step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ContinueWith {
    /// Show the verification UI for an address.
    ShowVerificationUi {
        /// The verification flow.
        flow: ContinueWithFlow,
    },
    /// Store a session token (native apps only; never in a browser).
    SetOrySessionToken {
        /// The token (never stored by this SDK).
        #[serde(default)]
        ory_session_token: String,
    },
    /// Show the settings UI.
    ShowSettingsUi {
        /// The settings flow.
        flow: ContinueWithFlow,
    },
    /// Show the recovery UI.
    ShowRecoveryUi {
        /// The recovery flow.
        flow: ContinueWithFlow,
    },
    /// Navigate the browser.
    RedirectBrowserTo {
        /// Target URL.
        redirect_browser_to: String,
    },
    /// An action this SDK version does not know.
    #[serde(other)]
    Unknown,
}

/// The flow a `continue_with` item points at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContinueWithFlow {
    /// Flow id.
    pub id: String,
    /// UI URL (browser flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The address being verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifiable_address: Option<String>,
}
