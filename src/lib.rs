//! # kratos-browser
//!
//! Ory Kratos self-service flows (login, registration, settings, recovery, verification, logout,
//! sessions) from the browser, with typed outcomes instead of status-code guessing.
//!
//! The crate is layered so that everything except the browser transport and the JS bindings is
//! plain Rust and runs under `cargo test` on the host:
//!
//! - [`models`]: serde types of Kratos' wire JSON (tolerant of unknown enum values and node types).
//! - [`api`]: one function per Kratos operation, building a pure [`request::RequestSpec`].
//! - [`outcome`]: the one table that turns `(status, body)` into a typed [`outcome::Outcome`] or [`Error`].
//! - [`client::Client`]: the async client, generic over a [`transport::Transport`].
//! - `transport::fetch` (wasm only): the single place that calls the browser's `fetch`.
//! - `js` (wasm only): the `#[wasm_bindgen]` layer used by the npm package; it only converts.
//!
//! Features: `js` (default) exports the `#[wasm_bindgen]` API; `legacy` adds Kratos v0.4–v0.6
//! (`legacy_flow`, the old rows of [`generation`]): without it those generations are refused
//! with [`Error::InvalidArgument`] when the client is created.
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]

pub mod api;
pub mod client;
pub mod config;
pub mod error;
pub mod generation;
pub mod json;
#[cfg(feature = "legacy")]
pub mod legacy_flow;
pub mod models;
pub mod outcome;
pub mod redirect;
pub mod request;
pub mod second_factor;
pub mod shape;
pub mod transport;
pub mod ui_helpers;
pub mod webauthn;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;

pub use client::Client;
pub use config::{Config, Settings};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use generation::Generation;
pub use outcome::Outcome;
