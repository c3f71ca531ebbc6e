//! The SDK's error type: every failure is one of these, never a panic.

use core::fmt;

/// Kratos `error.id` values the SDK gives meaning to (kratos-wire-facts §2–§3).
pub mod ids {
    /// 422: the browser must navigate (`redirect_browser_to`).
    pub const BROWSER_LOCATION_CHANGE_REQUIRED: &str = "browser_location_change_required";
    /// 410 on submit or get: the flow expired.
    pub const FLOW_EXPIRED: &str = "self_service_flow_expired";
    /// 410: the flow was replaced (`use_flow_id`).
    pub const FLOW_REPLACED: &str = "self_service_flow_replaced";
    /// 403: a second factor is needed.
    pub const SESSION_AAL2_REQUIRED: &str = "session_aal2_required";
    /// 403: the session is too old for a privileged settings change.
    pub const SESSION_REFRESH_REQUIRED: &str = "session_refresh_required";
    /// 403 (Kratos v25+): the login's `require_verified_address` hook wants a verified address first;
    /// `error.details.continue_with` carries the verification flow Kratos created (and sent the code for).
    pub const SESSION_VERIFIED_ADDRESS_REQUIRED: &str = "session_verified_address_required";
    /// 400: already signed in.
    pub const SESSION_ALREADY_AVAILABLE: &str = "session_already_available";
    /// 401: no session.
    pub const SESSION_INACTIVE: &str = "session_inactive";
    /// 403: CSRF cookie and token do not match.
    pub const CSRF_VIOLATION: &str = "security_csrf_violation";
    /// 403: the flow belongs to another identity.
    pub const IDENTITY_MISMATCH: &str = "security_identity_mismatch";
    /// 400: `return_to` is not allowed.
    pub const RETURN_TO_FORBIDDEN: &str = "self_service_flow_return_to_forbidden";
}

/// An error envelope Kratos sent (`{"error":{…}}`), with the top-level extras some errors carry.
#[derive(Debug, Clone)]
pub struct ApiError<J> {
    /// HTTP status.
    pub status: u16,
    /// `error.id`, when Kratos set one (e.g. whoami's 401 has none).
    pub id: Option<String>,
    /// `error.message` (always present in Kratos' envelope; empty if missing).
    pub message: String,
    /// `error.reason`.
    pub reason: Option<String>,
    /// `error.details`.
    pub details: Option<J>,
    /// Top-level `redirect_browser_to` (422, 403 aal2 / refresh), or `error.details.redirect_to`.
    pub redirect_browser_to: Option<String>,
    /// Top-level `use_flow_id` (410).
    pub use_flow_id: Option<String>,
    /// The whole parsed body.
    pub body: J,
}

/// What kind of failure; mirrors the JS `KratosError.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Kratos answered with an error envelope.
    Api,
    /// The request did not complete (DNS, refused, CORS, …).
    Network,
    /// The configured timeout elapsed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The browser reports being offline.
    Offline,
    /// The body was not JSON or not the expected shape.
    InvalidResponse,
    /// A redirect target was refused.
    UnsafeRedirect,
    /// A bad argument was passed in.
    InvalidArgument,
    /// Called outside a browser.
    BrowserOnly,
    /// The configured Kratos generation (`apiVersion`) has no such operation, or only by navigation.
    Unsupported,
}

impl ErrorKind {
    /// The name used on the JS side.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Api => "api",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Offline => "offline",
            ErrorKind::InvalidResponse => "invalidResponse",
            ErrorKind::UnsafeRedirect => "unsafeRedirect",
            ErrorKind::InvalidArgument => "invalidArgument",
            ErrorKind::BrowserOnly => "browserOnly",
            ErrorKind::Unsupported => "unsupported",
        }
    }
}

/// Every way a call can fail. `J` is the parsed-JSON type of the transport.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Error<J> {
    /// Kratos sent an error envelope.
    Api(ApiError<J>),
    /// The request failed before a response arrived.
    Network(String),
    /// No response within this many milliseconds.
    Timeout(u32),
    /// Aborted by the caller's signal.
    Aborted,
    /// `navigator.onLine` is false.
    Offline,
    /// The response could not be understood.
    InvalidResponse {
        /// HTTP status of the response.
        status: u16,
        /// What was wrong.
        reason: String,
        /// The first bytes of the body.
        excerpt: String,
    },
    /// A redirect target was refused.
    UnsafeRedirect {
        /// The refused URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A bad argument.
    InvalidArgument(String),
    /// Not running in a browser.
    BrowserOnly,
    /// Not available on the configured Kratos generation; the message says what to do instead.
    Unsupported(String),
}

/// Result with the SDK's error.
pub type Result<T, J> = core::result::Result<T, Error<J>>;

impl<J> Error<J> {
    /// The error's kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Api(_) => ErrorKind::Api,
            Error::Network(_) => ErrorKind::Network,
            Error::Timeout(_) => ErrorKind::Timeout,
            Error::Aborted => ErrorKind::Aborted,
            Error::Offline => ErrorKind::Offline,
            Error::InvalidResponse { .. } => ErrorKind::InvalidResponse,
            Error::UnsafeRedirect { .. } => ErrorKind::UnsafeRedirect,
            Error::InvalidArgument(_) => ErrorKind::InvalidArgument,
            Error::BrowserOnly => ErrorKind::BrowserOnly,
            Error::Unsupported(_) => ErrorKind::Unsupported,
        }
    }
    /// HTTP status, when a response arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }
    /// Kratos' `error.id`, when there is one.
    pub fn id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.id.as_deref(),
            _ => None,
        }
    }
    /// Builds an invalid-response error with a bounded excerpt of `body`.
    pub fn invalid_response<B: crate::engine::transport::Body + ?Sized>(status: u16, reason: impl Into<String>, body: &B) -> Self {
        Error::InvalidResponse { status, reason: reason.into(), excerpt: body.excerpt(200) }
    }
}

/// The first `max` characters of `s` (on a char boundary).
pub fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl<J> fmt::Display for Error<J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => {
                write!(f, "Kratos answered {}", e.status)?;
                if let Some(id) = &e.id {
                    write!(f, " ({id})")?;
                }
                write!(f, ": {}", e.reason.as_deref().filter(|r| !r.is_empty()).unwrap_or(&e.message))
            }
            Error::Network(m) => {
                write!(f, "network error: {m} (is Kratos reachable, and is CORS configured for this origin with credentials?)")
            }
            Error::Timeout(ms) => write!(f, "no answer from Kratos within {ms} ms"),
            Error::Aborted => f.write_str("the request was aborted"),
            Error::Offline => f.write_str("the browser is offline"),
            Error::InvalidResponse { status, reason, excerpt } => {
                write!(f, "invalid response from Kratos (HTTP {status}): {reason}; body starts with: {excerpt}")
            }
            Error::UnsafeRedirect { url, reason } => write!(f, "refused to redirect to \"{url}\": {reason}"),
            Error::InvalidArgument(m) => write!(f, "invalid argument: {m}"),
            Error::BrowserOnly => f.write_str("kratos-browser needs a browser (window/fetch); it cannot run here"),
            Error::Unsupported(m) => write!(f, "unsupported on this Kratos version: {m}"),
        }
    }
}

impl<J: fmt::Debug> std::error::Error for Error<J> {}
