//! Logout: createBrowserLogoutFlow, updateLogoutFlow.

use super::s;
use crate::engine::ops::{self, Value};
use crate::engine::request::RequestSpec;
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
    super::planned(&ops::CREATE_BROWSER_LOGOUT_FLOW, &[("returnTo", s(&p.return_to))])
}

/// `GET /self-service/logout?token=[&return_to=]`: with `Accept: application/json` Kratos answers 204.
/// Not idempotent (it ends the session), so never retried.
pub fn update_logout_flow(token: &str, return_to: Option<&str>) -> RequestSpec {
    let str = |v: &str| Some(Value::Str(v.to_string()));
    super::planned(&ops::UPDATE_LOGOUT_FLOW, &[("token", str(token)), ("returnTo", return_to.and_then(str))])
}
