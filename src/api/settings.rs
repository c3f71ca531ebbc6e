//! Settings: createBrowserSettingsFlow, getSettingsFlow, updateSettingsFlow.

use crate::request::RequestSpec;
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
    RequestSpec::get("/self-service/settings/browser").param("return_to", p.return_to.as_deref())
}

/// `GET /self-service/settings/flows?id=`.
pub fn get_settings_flow(id: &str) -> RequestSpec {
    super::get_flow("/self-service/settings/flows", id)
}

/// `POST /self-service/settings?flow=`.
pub fn update_settings_flow(flow_id: &str, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Settings.submit(flow_id, None, body).0
}
