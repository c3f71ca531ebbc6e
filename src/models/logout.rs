//! Logout flow.

use serde::{Deserialize, Serialize};

/// `createBrowserLogoutFlow`'s answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogoutFlow {
    /// URL that performs the logout.
    pub logout_url: String,
    /// The token in that URL.
    pub logout_token: String,
}
