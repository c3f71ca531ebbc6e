//! getFlowError, getWebAuthnJavaScript, identity schemas.

use crate::request::{encode_component, RequestSpec};

/// `GET /self-service/errors?id=` (`stub:500` etc. work too).
pub fn get_flow_error(id: &str) -> RequestSpec {
    RequestSpec::get("/self-service/errors").param("id", Some(id))
}

/// `GET /.well-known/ory/webauthn.js` (JavaScript text, not JSON).
pub fn get_webauthn_javascript() -> RequestSpec {
    RequestSpec::get("/.well-known/ory/webauthn.js")
}

/// `GET /schemas`.
pub fn list_identity_schemas() -> RequestSpec {
    RequestSpec::get("/schemas")
}

/// `GET /schemas/{id}`.
pub fn get_identity_schema(id: &str) -> RequestSpec {
    RequestSpec::get(format!("/schemas/{}", encode_component(id)))
}
