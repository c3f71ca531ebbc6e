//! Logout: createBrowserLogoutFlow, updateLogoutFlow.

use crate::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserLogoutFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserLogoutFlowParams {
    /// Where to go after logout.
    pub return_to: Option<String>,
}

/// `GET /self-service/logout/browser`.
pub fn create_browser_logout_flow(p: &CreateBrowserLogoutFlowParams) -> RequestSpec {
    RequestSpec::get("/self-service/logout/browser").param("return_to", p.return_to.as_deref())
}

/// `GET /self-service/logout?token=[&return_to=]`: with `Accept: application/json` Kratos answers 204.
/// Not idempotent (it ends the session), so never retried.
pub fn update_logout_flow(token: &str, return_to: Option<&str>) -> RequestSpec {
    let mut spec = RequestSpec::get("/self-service/logout").param("token", Some(token)).param("return_to", return_to);
    spec.idempotent = false;
    spec
}
