//! # kratos-browser
//!
//! Ory Kratos self-service flows (login, registration, settings, recovery, verification, logout,
//! sessions) from the browser, with typed outcomes instead of status-code guessing.
//!
//! The source is laid out by role; everything except the browser transport and the JS binding is
//! plain Rust and runs under `cargo test` on the host. Dependencies point one way: `models` ←
//! `engine` ← {`helpers`, `compat`, `webauthn`, `transport::fetch`} ← `client` ← `binding`.
//!
//! - [`models`]: serde types of Kratos' wire JSON (tolerant of unknown enum values and node types).
//! - `engine` (the core): the operation table [`ops`] and its request builders [`api`], the decision
//!   table [`decide`] (`(operation, status, error.id, body)` → a typed [`decide::Outcome`], an
//!   [`Error`] or one follow-up request; every URL handed out is checked there by [`redirect`]),
//!   the API generations [`generation`] and the [`transport::Transport`] port.
//! - [`client::Client`]: the async client, generic over a [`transport::Transport`].
//! - [`helpers`]: reading typed flows for rendering (nodes, labels, form values, second factors).
//! - [`webauthn`]: the native WebAuthn ceremony (options in, credential JSON out).
//! - `transport::fetch` (wasm only): the single place that calls the browser's `fetch`.
//! - `compat` (feature `legacy`): v0.4–v0.6 flow shapes and native forms.
//! - `binding` (wasm only): the `#[wasm_bindgen]` layer used by the npm package; it only converts.
//!
//! Features: `js` (default) exports the `#[wasm_bindgen]` API; `legacy` adds Kratos v0.4–v0.6
//! (`legacy_flow`, the old rows of [`generation`]): without it those generations are refused
//! with [`Error::InvalidArgument`] when the client is created.
#![deny(missing_debug_implementations)]
#![warn(missing_docs)]

mod engine;
pub use engine::{api, config, decide, error, generation, json, ops, redirect, request, shape};

pub mod client;
#[cfg(feature = "legacy")]
mod compat;
#[cfg(feature = "legacy")]
pub use compat::legacy_flow;
pub mod helpers;
pub mod models;
pub mod transport;
pub mod webauthn;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod binding;

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
