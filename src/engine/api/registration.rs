//! Registration: createBrowserRegistrationFlow, getRegistrationFlow, updateRegistrationFlow.

use super::s;
use crate::engine::ops;
use crate::engine::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserRegistrationFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserRegistrationFlowParams {
    /// Where to go after registration.
    pub return_to: Option<String>,
    /// Hydra login challenge.
    pub login_challenge: Option<String>,
    /// Where to go after verification.
    pub after_verification_return_to: Option<String>,
    /// Organization id.
    pub organization: Option<String>,
    /// Identity schema id (Kratos v25+; the schema must be `selfservice_selectable`).
    pub identity_schema: Option<String>,
}

impl CreateBrowserRegistrationFlowParams {
    /// Sets `return_to`.
    pub fn return_to(mut self, v: impl Into<String>) -> Self {
        self.return_to = Some(v.into());
        self
    }
}

/// `GET /self-service/registration/browser`.
pub fn create_browser_registration_flow(p: &CreateBrowserRegistrationFlowParams) -> RequestSpec {
    super::planned(
        &ops::CREATE_BROWSER_REGISTRATION_FLOW,
        &[
            ("returnTo", s(&p.return_to)),
            ("loginChallenge", s(&p.login_challenge)),
            ("afterVerificationReturnTo", s(&p.after_verification_return_to)),
            ("organization", s(&p.organization)),
            ("identitySchema", s(&p.identity_schema)),
        ],
    )
}

/// `GET /self-service/registration/flows?id=`.
pub fn get_registration_flow(id: &str) -> RequestSpec {
    super::flow_kind::FlowKind::Registration.get_flow(id)
}

/// `POST /self-service/registration?flow=`.
pub fn update_registration_flow(flow_id: &str, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Registration.submit(flow_id, None, body).0
}
