//! Login: createBrowserLoginFlow, getLoginFlow, updateLoginFlow.

use super::s;
use crate::engine::ops::{self, Value};
use crate::engine::request::RequestSpec;
use serde::Deserialize;

/// Query parameters of `createBrowserLoginFlow`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct CreateBrowserLoginFlowParams {
    /// Re-authenticate even with a session.
    pub refresh: Option<bool>,
    /// Requested AAL (`aal2` for step-up).
    pub aal: Option<String>,
    /// Where to go after login.
    pub return_to: Option<String>,
    /// Hydra login challenge.
    pub login_challenge: Option<String>,
    /// Organization id.
    pub organization: Option<String>,
    /// Identity schema id (Kratos v25+; the schema must be `selfservice_selectable`).
    pub identity_schema: Option<String>,
    /// Identifier trait used for code login (`via`).
    pub via: Option<String>,
}

impl CreateBrowserLoginFlowParams {
    /// Sets `refresh`.
    pub fn refresh(mut self, v: bool) -> Self {
        self.refresh = Some(v);
        self
    }
    /// Sets `aal`.
    pub fn aal(mut self, v: impl Into<String>) -> Self {
        self.aal = Some(v.into());
        self
    }
    /// Sets `return_to`.
    pub fn return_to(mut self, v: impl Into<String>) -> Self {
        self.return_to = Some(v.into());
        self
    }
}

/// `GET /self-service/login/browser`.
pub fn create_browser_login_flow(p: &CreateBrowserLoginFlowParams) -> RequestSpec {
    super::planned(
        &ops::CREATE_BROWSER_LOGIN_FLOW,
        &[
            ("refresh", p.refresh.map(Value::Bool)),
            ("aal", s(&p.aal)),
            ("returnTo", s(&p.return_to)),
            ("loginChallenge", s(&p.login_challenge)),
            ("organization", s(&p.organization)),
            ("via", s(&p.via)),
            ("identitySchema", s(&p.identity_schema)),
        ],
    )
}

/// `GET /self-service/login/flows?id=`.
pub fn get_login_flow(id: &str) -> RequestSpec {
    super::flow_kind::FlowKind::Login.get_flow(id)
}

/// `POST /self-service/login?flow=`.
pub fn update_login_flow(flow_id: &str, body: String) -> RequestSpec {
    super::flow_kind::FlowKind::Login.submit(flow_id, None, body).0
}
