//! What an app configures ([`Config`]) and its validated form ([`Settings`]).

use crate::engine::error::Error;
use crate::engine::generation::Generation;
use crate::engine::redirect::origin_of;
use serde::Deserialize;

/// Default per-call timeout.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;
/// Default number of retries for idempotent GETs on network failure.
pub const DEFAULT_RETRIES: u8 = 2;

/// Options an app passes when it creates a client. Only `base_url` is required.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Config {
    /// Kratos' public URL, e.g. `http://localhost:4433` or `https://example.com/api/kratos/public`.
    pub base_url: String,
    /// Per-call timeout in milliseconds (default 10 s; 0 disables).
    #[serde(default)]
    pub timeout_ms: Option<u32>,
    /// Retries of idempotent GETs after a network failure (default 2).
    #[serde(default)]
    pub retries: Option<u8>,
    /// Extra origins redirects may go to (e.g. OIDC providers), besides Kratos' and the page's.
    #[serde(default)]
    pub allowed_redirect_origins: Vec<String>,
    /// The Kratos API generation the server speaks (`apiVersion`: `v1` default, `v0.8`…`v0.11`,
    /// `v0.6`, `v0.5`, `v0.4`); selects the route table of [`crate::engine::generation`].
    #[serde(default, rename = "apiVersion")]
    pub generation: Generation,
}

impl Config {
    /// A config for `base_url` with defaults.
    pub fn new(base_url: impl Into<String>) -> Self {
        Config { base_url: base_url.into(), ..Default::default() }
    }
}

/// Normalised settings the client runs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Base URL without trailing slash.
    pub base_url: String,
    /// Origin of `base_url` (`scheme://host[:port]`).
    pub kratos_origin: String,
    /// Per-call timeout (0 = none).
    pub timeout_ms: u32,
    /// Retries for idempotent GETs.
    pub retries: u8,
    /// Extra allowed redirect origins, normalised.
    pub allowed_redirect_origins: Vec<String>,
    /// The Kratos API generation requests are rewritten for.
    pub generation: Generation,
}

impl Settings {
    /// Validates a [`Config`].
    pub fn new<J>(config: Config) -> Result<Settings, Error<J>> {
        let base = config.base_url.trim();
        let kratos_origin =
            origin_of(base).ok_or_else(|| Error::InvalidArgument(format!("baseUrl must be an absolute http(s) URL, got \"{base}\"")))?;
        if base.contains(['?', '#']) {
            return Err(Error::InvalidArgument(format!("baseUrl must not have a query or fragment, got \"{base}\"")));
        }
        let mut allowed = Vec::new();
        for o in &config.allowed_redirect_origins {
            let origin = origin_of(o)
                .ok_or_else(|| Error::InvalidArgument(format!("allowedRedirectOrigins entries must be http(s) origins, got \"{o}\"")))?;
            allowed.push(origin);
        }
        #[cfg(not(feature = "legacy"))]
        if !config.generation.caps().ajax_init {
            return Err(Error::InvalidArgument(format!(
                "apiVersion {} (Kratos v0.4–v0.6) needs the legacy build: import {{ KratosClient }} from 'kratos-browser/legacy' \
                 (Rust: the crate's `legacy` feature)",
                config.generation.caps().name
            )));
        }
        Ok(Settings {
            base_url: base.trim_end_matches('/').to_string(),
            kratos_origin,
            timeout_ms: config.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
            retries: config.retries.unwrap_or(DEFAULT_RETRIES).min(5),
            allowed_redirect_origins: allowed,
            generation: config.generation,
        })
    }
}
