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
//! - [`decide`]: the one decision table: `(operation, status, error.id, body)` → a typed
//!   [`decide::Outcome`], an [`Error`] or one follow-up request; every URL handed out is checked there.
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
pub mod decide;
pub mod error;
pub mod generation;
pub mod json;
#[cfg(feature = "legacy")]
pub mod legacy_flow;
pub mod models;
pub mod ops;
pub mod redirect;
pub mod request;
pub mod second_factor;
pub mod shape;
pub mod transport;
pub mod ui_helpers;
pub mod webauthn;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;

// The npm build's allocator: a free list (about 1 KB) instead of dlmalloc (about 7 KB). The page is
// single-threaded, and every call's allocations are short-lived.
#[cfg(all(target_arch = "wasm32", feature = "js"))]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

pub use client::Client;
pub use config::{Config, Settings};
pub use decide::Outcome;
pub use error::{ApiError, Error, ErrorKind, Result};
pub use generation::Generation;
