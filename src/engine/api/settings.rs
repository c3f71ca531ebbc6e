//! Settings: createBrowserSettingsFlow, getSettingsFlow, updateSettingsFlow.

use super::s;
use crate::engine::ops;
use crate::engine::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserSettingsFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserSettingsFlowParams {
    /// Where to go after settings succeed.
    pub return_to: Option<String>,
}

/// `GET /self-service/settings/browser`.
pub fn create_browser_settings_flow(p: &CreateBrowserSettingsFlowParams) -> RequestSpec {
    super::planned(&ops::CREATE_BROWSER_SETTINGS_FLOW, &[("returnTo", s(&p.return_to))])
}

/// `GET /self-service/settings/flows?id=`.
pub fn get_settings_flow(id: &str) -> RequestSpec {
    super::flow_kind::FlowKind::Settings.get_flow(id)
}

/// `POST /self-service/settings?flow=`.
pub fn update_settings_flow(flow_id: &str, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Settings.submit(flow_id, None, body).0
}
