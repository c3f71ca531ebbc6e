//! Verification: createBrowserVerificationFlow, getVerificationFlow, updateVerificationFlow.

use crate::request::RequestSpec;
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
    RequestSpec::get("/self-service/verification/browser").param("return_to", p.return_to.as_deref())
}

/// `GET /self-service/verification/flows?id=`.
pub fn get_verification_flow(id: &str) -> RequestSpec {
    super::get_flow("/self-service/verification/flows", id)
}

/// `POST /self-service/verification?flow=[&token=]`.
pub fn update_verification_flow(flow_id: &str, token: Option<&str>, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Verification.submit(flow_id, token, body).0
}
