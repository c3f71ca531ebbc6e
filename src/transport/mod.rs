//! The transport: the [`Transport`] port (defined by the core, re-exported here) and, in the
//! browser, its one implementation `fetch` (the only code that calls `fetch`).

pub use crate::engine::transport::*;

#[cfg(target_arch = "wasm32")]
pub mod fetch;
