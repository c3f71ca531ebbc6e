//! The core: plain Rust with no browser in it, so all of it runs under `cargo test` on the host.
//!
//! - [`ops`]: the operation table (method, path, parameters, answer, session effect, flow kind);
//!   [`api`] builds each request from it as a [`request::RequestSpec`].
//! - [`decide`]: the decision table, `(operation, status, error.id, body)` → outcome, error or one
//!   follow-up request; the one URL check ([`redirect`]) is applied there.
//! - [`generation`]: Kratos API generations as data (capabilities and the route rewrite).
//! - [`transport`]: the port every request passes through (implemented by `crate::transport::fetch`
//!   in the browser, by a fake in host tests).
//! - [`json`], [`shape`], [`error`], [`config`]: the parsed-JSON abstraction, the success shapes,
//!   the error type and the client settings.
//!
//! Nothing here imports the client, the binding, the compat code or the browser transport.

pub mod api;
pub mod config;
pub mod decide;
pub mod error;
pub mod generation;
pub mod json;
pub mod ops;
pub mod redirect;
pub mod request;
pub mod shape;
pub mod transport;
