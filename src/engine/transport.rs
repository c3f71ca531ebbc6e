//! The transport seam: the core hands a [`RequestSpec`] over and gets a [`RawResponse`] back.
//! The port is defined here, in the core; the browser's implementation is `crate::transport::fetch`
//! (the only file that touches `fetch`); host tests use a fake.

use crate::engine::error::Error;
use crate::engine::json::Json;
use crate::engine::request::RequestSpec;

/// A response body as the transport holds it. In the browser it stays a JS string (parsed by
/// `JSON.parse` without a round trip through wasm memory); only error excerpts are copied.
pub trait Body: core::fmt::Debug {
    /// The first `max` characters, for error messages.
    fn excerpt(&self, max: usize) -> String;
    /// Empty or whitespace only.
    fn is_blank(&self) -> bool;
    /// The whole text (copied).
    fn to_text(&self) -> String;
}

impl Body for str {
    fn excerpt(&self, max: usize) -> String {
        crate::engine::error::excerpt(self, max)
    }
    fn is_blank(&self) -> bool {
        self.trim().is_empty()
    }
    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl Body for String {
    fn excerpt(&self, max: usize) -> String {
        self.as_str().excerpt(max)
    }
    fn is_blank(&self) -> bool {
        self.as_str().is_blank()
    }
    fn to_text(&self) -> String {
        self.clone()
    }
}

/// What came back, before classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse<B = String> {
    /// HTTP status (after fetch followed redirects).
    pub status: u16,
    /// The body.
    pub body: B,
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
    /// The body type the transport produces.
    type Body: Body;

    /// Sends `req` to `url`; network failures, timeouts and aborts become typed errors.
    async fn send(
        &self,
        url: &str,
        req: &RequestSpec,
        timeout_ms: u32,
        opts: &Self::CallOptions,
    ) -> Result<RawResponse<Self::Body>, Error<Self::Json>>;

    /// Parses a JSON body (`None` when it is not JSON).
    fn parse(&self, body: &Self::Body) -> Option<Self::Json>;

    /// A body made from text (an old server's flow reshaped to v1, a locally built answer).
    fn body_from_text(&self, text: String) -> Self::Body;

    /// Waits `ms` milliseconds (retry backoff).
    async fn sleep(&self, ms: u32);

    /// The current page's origin (`location.origin`), against which relative redirect targets
    /// resolve and which redirects may go to; `None` outside a page.
    fn page_origin(&self) -> Option<String> {
        None
    }
}
