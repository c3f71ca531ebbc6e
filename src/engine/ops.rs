//! The table of operations: one row per Kratos FrontendApi browser operation (seed 003, Ory's
//! operationIds), with its HTTP method, path, parameters (their JS names, where they go on the
//! wire, their type), the shape of its answer, what it does to the session and its flow kind.
//!
//! Requests are planned from this table only ([`plan`]); the JS binding reads an app's request
//! object by the table's JS names, and the TypeScript wrapper has one method per row (a test keeps
//! the two in step). Admin operations are not here on purpose: they must never reach a browser.

use crate::engine::api::flow_kind::FlowKind;
use crate::engine::decide::SessionEffect;
use crate::engine::request::{encode_component, Method, RequestSpec};
use crate::engine::shape::Shape;

/// A parameter's JS type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// A non-empty string.
    Str,
    /// A boolean.
    Bool,
    /// A non-negative integer.
    Int,
}

/// Where a parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum To {
    /// A query parameter of this name.
    Query(&'static str),
    /// The `{id}` segment of the path.
    Path,
    /// The flow to submit (a flow object or its id): `?flow=<id>`, and its CSRF token.
    Flow,
    /// The JSON body.
    Body,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Its name in the app's request object (`returnTo`, `updateLoginFlowBody`, …).
    pub js: &'static str,
    /// Where it goes.
    pub to: To,
    /// Its type (for [`To::Query`] and [`To::Path`]).
    pub ty: Ty,
}

/// What a 2xx answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// JSON of this shape (flows are remembered for CSRF echo).
    Json(Shape),
    /// A flow by id (a GET-expired flow is replaced by a fresh one).
    GetFlow,
    /// A flow submit: an outcome from the decision table; the shape is its success body.
    Submit(Shape),
    /// 204 or any 2xx; nothing the app needs.
    NoContent,
    /// A page of sessions and the next page's token (`Link` header).
    SessionPage,
    /// `{ count }` of revoked sessions.
    Count,
    /// Text (JavaScript), not JSON.
    Text,
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// Ory's operationId, which is also the TypeScript method name.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the base URL; `{id}` is a [`To::Path`] parameter.
    pub path: &'static str,
    /// Parameters, in query order.
    pub params: &'static [Param],
    /// What a 2xx answer is.
    pub answer: Answer,
    /// What a successful call does to the session (submits: decided per outcome by the decision table).
    pub session: SessionEffect,
    /// The flow kind, for flow operations.
    pub flow: Option<FlowKind>,
    /// Whether retrying after a network failure is safe.
    pub idempotent: bool,
}

const fn q(js: &'static str, wire: &'static str, ty: Ty) -> Param {
    Param { js, to: To::Query(wire), ty }
}
const fn req(js: &'static str, to: To, ty: Ty) -> Param {
    Param { js, to, ty }
}
const RETURN_TO: Param = q("returnTo", "return_to", Ty::Str);
/// Kratos v25+: the identity schema to log in / register with (one marked `selfservice_selectable`).
const IDENTITY_SCHEMA: Param = q("identitySchema", "identity_schema", Ty::Str);
const ID: &[Param] = &[req("id", To::Query("id"), Ty::Str)];
const PATH_ID: &[Param] = &[req("id", To::Path, Ty::Str)];

const fn op(id: &'static str, method: Method, path: &'static str, params: &'static [Param], answer: Answer) -> Operation {
    let idempotent = matches!(method, Method::Get);
    Operation { id, method, path, params, answer, session: SessionEffect::Unchanged, flow: None, idempotent }
}
const fn flow(mut o: Operation, kind: FlowKind) -> Operation {
    o.flow = Some(kind);
    o
}
const fn create(id: &'static str, path: &'static str, params: &'static [Param], kind: FlowKind) -> Operation {
    flow(op(id, Method::Get, path, params, Answer::Json(Shape::Flow)), kind)
}
const fn get(id: &'static str, path: &'static str, kind: FlowKind) -> Operation {
    flow(op(id, Method::Get, path, ID, Answer::GetFlow), kind)
}
const fn update(id: &'static str, path: &'static str, params: &'static [Param], success: Shape, kind: FlowKind) -> Operation {
    flow(op(id, Method::Post, path, params, Answer::Submit(success)), kind)
}

use FlowKind::{Login, Recovery, Registration, Settings, Verification};

/// `createBrowserLoginFlow`.
pub const CREATE_BROWSER_LOGIN_FLOW: Operation = create(
    "createBrowserLoginFlow",
    "/self-service/login/browser",
    &[
        q("refresh", "refresh", Ty::Bool),
        q("aal", "aal", Ty::Str),
        RETURN_TO,
        q("loginChallenge", "login_challenge", Ty::Str),
        q("organization", "organization", Ty::Str),
        q("via", "via", Ty::Str),
        IDENTITY_SCHEMA,
    ],
    Login,
);

/// `getLoginFlow`.
pub const GET_LOGIN_FLOW: Operation = get("getLoginFlow", "/self-service/login/flows", Login);

/// `updateLoginFlow`.
pub const UPDATE_LOGIN_FLOW: Operation = update(
    "updateLoginFlow",
    "/self-service/login",
    &[req("flow", To::Flow, Ty::Str), req("updateLoginFlowBody", To::Body, Ty::Str)],
    Shape::LoginSuccess,
    Login,
);

/// `createBrowserRegistrationFlow`.
pub const CREATE_BROWSER_REGISTRATION_FLOW: Operation = create(
    "createBrowserRegistrationFlow",
    "/self-service/registration/browser",
    &[
        RETURN_TO,
        q("loginChallenge", "login_challenge", Ty::Str),
        q("afterVerificationReturnTo", "after_verification_return_to", Ty::Str),
        q("organization", "organization", Ty::Str),
        IDENTITY_SCHEMA,
    ],
    Registration,
);

/// `getRegistrationFlow`.
pub const GET_REGISTRATION_FLOW: Operation = get("getRegistrationFlow", "/self-service/registration/flows", Registration);

/// `updateRegistrationFlow`.
pub const UPDATE_REGISTRATION_FLOW: Operation = update(
    "updateRegistrationFlow",
    "/self-service/registration",
    &[req("flow", To::Flow, Ty::Str), req("updateRegistrationFlowBody", To::Body, Ty::Str)],
    Shape::RegistrationSuccess,
    Registration,
);

/// `createBrowserSettingsFlow`.
pub const CREATE_BROWSER_SETTINGS_FLOW: Operation =
    create("createBrowserSettingsFlow", "/self-service/settings/browser", &[RETURN_TO], Settings);

/// `getSettingsFlow`.
pub const GET_SETTINGS_FLOW: Operation = get("getSettingsFlow", "/self-service/settings/flows", Settings);

/// `updateSettingsFlow`.
pub const UPDATE_SETTINGS_FLOW: Operation = update(
    "updateSettingsFlow",
    "/self-service/settings",
    &[req("flow", To::Flow, Ty::Str), req("updateSettingsFlowBody", To::Body, Ty::Str)],
    Shape::Flow,
    Settings,
);

/// `createBrowserRecoveryFlow`.
pub const CREATE_BROWSER_RECOVERY_FLOW: Operation =
    create("createBrowserRecoveryFlow", "/self-service/recovery/browser", &[RETURN_TO], Recovery);

/// `getRecoveryFlow`.
pub const GET_RECOVERY_FLOW: Operation = get("getRecoveryFlow", "/self-service/recovery/flows", Recovery);

/// `updateRecoveryFlow`.
pub const UPDATE_RECOVERY_FLOW: Operation = update(
    "updateRecoveryFlow",
    "/self-service/recovery",
    &[req("flow", To::Flow, Ty::Str), q("token", "token", Ty::Str), req("updateRecoveryFlowBody", To::Body, Ty::Str)],
    Shape::Flow,
    Recovery,
);

/// `createBrowserVerificationFlow`.
pub const CREATE_BROWSER_VERIFICATION_FLOW: Operation =
    create("createBrowserVerificationFlow", "/self-service/verification/browser", &[RETURN_TO], Verification);

/// `getVerificationFlow`.
pub const GET_VERIFICATION_FLOW: Operation = get("getVerificationFlow", "/self-service/verification/flows", Verification);

/// `updateVerificationFlow`.
pub const UPDATE_VERIFICATION_FLOW: Operation = update(
    "updateVerificationFlow",
    "/self-service/verification",
    &[req("flow", To::Flow, Ty::Str), q("token", "token", Ty::Str), req("updateVerificationFlowBody", To::Body, Ty::Str)],
    Shape::Flow,
    Verification,
);

/// `createBrowserLogoutFlow`.
pub const CREATE_BROWSER_LOGOUT_FLOW: Operation =
    op("createBrowserLogoutFlow", Method::Get, "/self-service/logout/browser", &[RETURN_TO], Answer::Json(Shape::LogoutFlow));

/// With `Accept: application/json` Kratos answers 204. It ends the session: never retried.
/// `updateLogoutFlow`.
pub const UPDATE_LOGOUT_FLOW: Operation = Operation {
    session: SessionEffect::Changed,
    idempotent: false,
    ..op(
        "updateLogoutFlow",
        Method::Get,
        "/self-service/logout",
        &[req("token", To::Query("token"), Ty::Str), RETURN_TO],
        Answer::NoContent,
    )
};

/// `toSession`.
pub const TO_SESSION: Operation =
    op("toSession", Method::Get, "/sessions/whoami", &[q("tokenizeAs", "tokenize_as", Ty::Str)], Answer::Json(Shape::Session));

/// `listMySessions`.
pub const LIST_MY_SESSIONS: Operation = op(
    "listMySessions",
    Method::Get,
    "/sessions",
    &[q("pageSize", "page_size", Ty::Int), q("pageToken", "page_token", Ty::Str)],
    Answer::SessionPage,
);

/// `disableMySession`.
pub const DISABLE_MY_SESSION: Operation = op("disableMySession", Method::Delete, "/sessions/{id}", PATH_ID, Answer::NoContent);

/// `disableMyOtherSessions`.
pub const DISABLE_MY_OTHER_SESSIONS: Operation = op("disableMyOtherSessions", Method::Delete, "/sessions", &[], Answer::Count);

/// `getFlowError`.
pub const GET_FLOW_ERROR: Operation = op("getFlowError", Method::Get, "/self-service/errors", ID, Answer::Json(Shape::Object));

/// `getWebAuthnJavaScript`.
pub const GET_WEBAUTHN_JAVASCRIPT: Operation = op("getWebAuthnJavaScript", Method::Get, "/.well-known/ory/webauthn.js", &[], Answer::Text);

/// `listIdentitySchemas`.
pub const LIST_IDENTITY_SCHEMAS: Operation = op("listIdentitySchemas", Method::Get, "/schemas", &[], Answer::Json(Shape::Array));

/// `getIdentitySchema`.
pub const GET_IDENTITY_SCHEMA: Operation = op("getIdentitySchema", Method::Get, "/schemas/{id}", PATH_ID, Answer::Json(Shape::Object));

/// Every operation, in seed order.
pub const OPERATIONS: &[&Operation] = &[
    &CREATE_BROWSER_LOGIN_FLOW,
    &GET_LOGIN_FLOW,
    &UPDATE_LOGIN_FLOW,
    &CREATE_BROWSER_REGISTRATION_FLOW,
    &GET_REGISTRATION_FLOW,
    &UPDATE_REGISTRATION_FLOW,
    &CREATE_BROWSER_SETTINGS_FLOW,
    &GET_SETTINGS_FLOW,
    &UPDATE_SETTINGS_FLOW,
    &CREATE_BROWSER_RECOVERY_FLOW,
    &GET_RECOVERY_FLOW,
    &UPDATE_RECOVERY_FLOW,
    &CREATE_BROWSER_VERIFICATION_FLOW,
    &GET_VERIFICATION_FLOW,
    &UPDATE_VERIFICATION_FLOW,
    &CREATE_BROWSER_LOGOUT_FLOW,
    &UPDATE_LOGOUT_FLOW,
    &TO_SESSION,
    &LIST_MY_SESSIONS,
    &DISABLE_MY_SESSION,
    &DISABLE_MY_OTHER_SESSIONS,
    &GET_FLOW_ERROR,
    &GET_WEBAUTHN_JAVASCRIPT,
    &LIST_IDENTITY_SCHEMAS,
    &GET_IDENTITY_SCHEMA,
];

/// The row of `id`.
pub fn find(id: &str) -> Option<&'static Operation> {
    OPERATIONS.iter().copied().find(|o| o.id == id)
}

/// A parameter's value, as read from the app's request object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(u32),
}

impl Value {
    fn wire(&self) -> String {
        match self {
            Value::Str(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(n) => n.to_string(),
        }
    }
}

/// Plans the request of `op` from parameter values (`value(param)`, `None` = not given), the flow
/// id of a submit and its serialised body. (Arguments are checked where the values are read: a
/// missing one is left out here.)
pub fn plan(op: &Operation, mut value: impl FnMut(&Param) -> Option<Value>, flow_id: Option<&str>, body: Option<String>) -> RequestSpec {
    let mut path = op.path.to_string();
    let mut query = Vec::new();
    for p in op.params {
        let v = match p.to {
            To::Flow => flow_id.map(|id| Value::Str(id.to_string())),
            To::Body => body.is_some().then(|| Value::Str(String::new())),
            _ => value(p),
        };
        let Some(v) = v else { continue };
        match p.to {
            To::Query(name) => query.push((name, v.wire())),
            To::Path => path = path.replace("{id}", &encode_component(&v.wire())),
            To::Flow => query.insert(0, ("flow", v.wire())),
            To::Body => {}
        }
    }
    RequestSpec { method: op.method, path, query, body, idempotent: op.idempotent, op: Some(op.id) }
}
