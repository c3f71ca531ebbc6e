//! Recovery: createBrowserRecoveryFlow, getRecoveryFlow, updateRecoveryFlow.

use super::s;
use crate::engine::ops;
use crate::engine::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserRecoveryFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserRecoveryFlowParams {
    /// Where to go after recovery.
    pub return_to: Option<String>,
}

/// `GET /self-service/recovery/browser`.
pub fn create_browser_recovery_flow(p: &CreateBrowserRecoveryFlowParams) -> RequestSpec {
    super::planned(&ops::CREATE_BROWSER_RECOVERY_FLOW, &[("returnTo", s(&p.return_to))])
}

/// `GET /self-service/recovery/flows?id=`.
pub fn get_recovery_flow(id: &str) -> RequestSpec {
    super::flow_kind::FlowKind::Recovery.get_flow(id)
}

/// `POST /self-service/recovery?flow=[&token=]`.
pub fn update_recovery_flow(flow_id: &str, token: Option<&str>, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Recovery.submit(flow_id, token, body).0
}
