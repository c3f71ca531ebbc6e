//! One function per Kratos operation, each building a pure [`RequestSpec`](crate::engine::request::RequestSpec).
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

use crate::engine::ops::{self, Operation, Value};
use crate::engine::request::RequestSpec;

/// Plans `op` (the table in [`crate::engine::ops`]) from `(JS name, value)` pairs.
pub(crate) fn planned(op: &Operation, values: &[(&str, Option<Value>)]) -> RequestSpec {
    ops::plan(op, |p| values.iter().find(|(k, _)| *k == p.js).and_then(|(_, v)| v.clone()), None, None)
}

/// A string value.
pub(crate) fn s(v: &Option<String>) -> Option<Value> {
    v.clone().map(Value::Str)
}
