//! The transport seam: the core hands a [`RequestSpec`] over and gets a [`RawResponse`] back.
//! In the browser this is `fetch.rs` (the only file that touches `fetch`); host tests use a fake.

use crate::error::Error;
use crate::json::Json;
use crate::request::RequestSpec;

#[cfg(target_arch = "wasm32")]
pub mod fetch;

/// What came back, before classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status (after fetch followed redirects).
    pub status: u16,
    /// The body text.
    pub body: String,
    /// The `Link` header (session pagination), when exposed.
    pub link: Option<String>,
}

/// Sends requests. Every request of the SDK passes through one implementation of this.
#[allow(async_fn_in_trait)] // single-threaded wasm: no Send bound wanted
pub trait Transport {
    /// The parsed-JSON type this transport produces.
    type Json: Json;
    /// Per-call options (e.g. an `AbortSignal`).
    type CallOptions: Default;

    /// Sends `req` to `url`; network failures, timeouts and aborts become typed errors.
    async fn send(
        &self,
        url: &str,
        req: &RequestSpec,
        timeout_ms: u32,
        opts: &Self::CallOptions,
    ) -> Result<RawResponse, Error<Self::Json>>;

    /// Parses JSON text (`None` when it is not JSON).
    fn parse(&self, text: &str) -> Option<Self::Json>;

    /// Waits `ms` milliseconds (retry backoff).
    async fn sleep(&self, ms: u32);
}
