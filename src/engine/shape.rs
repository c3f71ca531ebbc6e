//! Structural checks on parsed bodies, so a wrongly shaped 200 becomes a typed
//! "invalid response" instead of an app crash later.

use crate::engine::error::Error;
use crate::engine::json::Json;

/// The shapes a successful Kratos answer can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any self-service flow: `id` string and `ui.nodes` array.
    Flow,
    /// A session: `id` string and `identity` object (or null identity on inactive sessions).
    Session,
    /// Login success: `session` object.
    LoginSuccess,
    /// Registration success: `identity` object.
    RegistrationSuccess,
    /// Logout flow: `logout_url` and `logout_token` strings.
    LogoutFlow,
    /// A JSON array.
    Array,
    /// Any JSON object.
    Object,
}

impl Shape {
    /// What the body should have been, for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Flow => "expected a flow (id + ui.nodes)",
            Shape::Session => "expected a session (id)",
            Shape::LoginSuccess => "expected a login success body (session)",
            Shape::RegistrationSuccess => "expected a registration success body (identity)",
            Shape::LogoutFlow => "expected a logout flow (logout_url + logout_token)",
            Shape::Array => "expected a JSON array",
            Shape::Object => "expected a JSON object",
        }
    }
}

/// Is this a self-service flow?
pub fn is_flow<J: Json>(v: &J) -> bool {
    v.get("id").and_then(|i| i.as_str()).is_some() && v.at("ui.nodes").and_then(|n| n.array_len()).is_some()
}

/// Does `v` have the shape `shape`?
pub fn matches<J: Json>(v: &J, shape: Shape) -> bool {
    match shape {
        Shape::Flow => is_flow(v),
        Shape::Session => v.get("id").and_then(|i| i.as_str()).is_some(),
        Shape::LoginSuccess => v.get("session").is_some_and(|s| matches(&s, Shape::Session)),
        Shape::RegistrationSuccess => v.get("identity").is_some_and(|i| i.is_object()),
        Shape::LogoutFlow => v.str_at("logout_url").is_some() && v.str_at("logout_token").is_some(),
        Shape::Array => v.array_len().is_some(),
        Shape::Object => v.is_object(),
    }
}

/// `Ok(v)` if `v` has `shape`, else an invalid-response error.
pub fn expect<J: Json, B: crate::engine::transport::Body + ?Sized>(v: J, shape: Shape, status: u16, text: &B) -> Result<J, Error<J>> {
    if matches(&v, shape) {
        Ok(v)
    } else {
        Err(Error::invalid_response(status, shape.describe(), text))
    }
}
