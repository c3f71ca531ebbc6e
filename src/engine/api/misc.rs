//! getFlowError, getWebAuthnJavaScript, identity schemas.

use crate::engine::ops::{self, Value};
use crate::engine::request::RequestSpec;

/// `GET /self-service/errors?id=` (`stub:500` etc. work too).
pub fn get_flow_error(id: &str) -> RequestSpec {
    super::planned(&ops::GET_FLOW_ERROR, &[("id", Some(Value::Str(id.to_string())))])
}

/// `GET /.well-known/ory/webauthn.js` (JavaScript text, not JSON).
pub fn get_webauthn_javascript() -> RequestSpec {
    super::planned(&ops::GET_WEBAUTHN_JAVASCRIPT, &[])
}

/// `GET /schemas`.
pub fn list_identity_schemas() -> RequestSpec {
    super::planned(&ops::LIST_IDENTITY_SCHEMAS, &[])
}

/// `GET /schemas/{id}`.
pub fn get_identity_schema(id: &str) -> RequestSpec {
    super::planned(&ops::GET_IDENTITY_SCHEMA, &[("id", Some(Value::Str(id.to_string())))])
}
