//! Verification: createBrowserVerificationFlow, getVerificationFlow, updateVerificationFlow.

use super::s;
use crate::engine::ops;
use crate::engine::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserVerificationFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserVerificationFlowParams {
    /// Where to go after verification.
    pub return_to: Option<String>,
}

/// `GET /self-service/verification/browser`.
pub fn create_browser_verification_flow(p: &CreateBrowserVerificationFlowParams) -> RequestSpec {
    super::planned(&ops::CREATE_BROWSER_VERIFICATION_FLOW, &[("returnTo", s(&p.return_to))])
}

/// `GET /self-service/verification/flows?id=`.
pub fn get_verification_flow(id: &str) -> RequestSpec {
    super::flow_kind::FlowKind::Verification.get_flow(id)
}

/// `POST /self-service/verification?flow=[&token=]`.
pub fn update_verification_flow(flow_id: &str, token: Option<&str>, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Verification.submit(flow_id, token, body).0
}
