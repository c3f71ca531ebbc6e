//! One function per Kratos operation, each building a pure [`RequestSpec`](crate::request::RequestSpec).
//! Names are the snake_case form of Ory's operationIds. Paths are Kratos v1 (seed 003).
//!
//! Not here on purpose: admin endpoints (they must never reach a browser bundle) and `/api`
//! native-app flows (Kratos rejects API flows that carry an `Origin` header or cookies).

pub mod flow_kind;
pub mod login;
pub mod logout;
pub mod misc;
pub mod recovery;
pub mod registration;
pub mod session;
pub mod settings;
pub mod verification;

use crate::request::RequestSpec;

/// `POST <path>?flow=<id>` with a JSON body.
pub(crate) fn submit(path: &str, flow_id: &str, body: String) -> RequestSpec {
    RequestSpec::post(path, body).param("flow", Some(flow_id))
}

/// `GET <path>?id=<id>`.
pub(crate) fn get_flow(path: &str, flow_id: &str) -> RequestSpec {
    RequestSpec::get(path).param("id", Some(flow_id))
}
