//! Is a redirect target safe? Only `http:`/`https:` URLs to Kratos' origin, the page's origin, or
//! an origin the app listed. Everything else (`javascript:`, `data:`, userinfo tricks, unlisted
//! hosts) is refused before any navigation.

use crate::engine::config::Settings;
use crate::engine::error::Error;

/// The origin (`scheme://host[:port]`, lower-cased) of an absolute http(s) URL, or `None` when the
/// URL is not one (other schemes, missing host, userinfo, whitespace or backslashes).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.to_ascii_lowercase();
    // host[:port], as a browser's URL parser would accept it: one port of digits at most (so
    // `http://a:1:80/` is refused, as `new URL` refuses it), IPv6 literals in brackets.
    let (host, port) = if authority.starts_with('[') {
        let (h, rest) = authority.split_at(authority.find(']')? + 1);
        let addr = &h[1..h.len() - 1];
        if addr.is_empty() || !addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
            return None;
        }
        (h, if rest.is_empty() { None } else { Some(rest.strip_prefix(':')?) })
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority.as_str(), None),
        }
    };
    const FORBIDDEN: &[char] = &[' ', '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|'];
    if host.is_empty() || (!host.starts_with('[') && host.contains(FORBIDDEN)) {
        return None;
    }
    let port = match port.filter(|p| !p.is_empty()) {
        None => None,
        Some(p) if p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse::<u32>().ok().filter(|n| *n <= 65535)?),
        Some(_) => return None,
    };
    // Drop the default port so `https://a:443` and `https://a` compare equal.
    let authority = match (scheme.as_str(), port) {
        (_, None) | ("http", Some(80)) | ("https", Some(443)) => host.to_string(),
        (_, Some(p)) => format!("{host}:{p}"),
    };
    Some(format!("{scheme}://{authority}"))
}

/// Returns the absolute URL to navigate to, or an [`Error::UnsafeRedirect`].
///
/// `page_origin` is the current page's origin (relative targets resolve against it).
pub fn check_redirect<J>(target: &str, settings: &Settings, page_origin: Option<&str>) -> Result<String, Error<J>> {
    let refuse = |reason: &str| Error::UnsafeRedirect { url: target.to_string(), reason: reason.to_string() };
    let target = target.trim();
    // A path on the page's own origin; `//host` is protocol-relative and treated as absolute.
    if target.starts_with('/') && !target.starts_with("//") && !target.contains('\\') {
        let page = page_origin.ok_or_else(|| refuse("relative target without a page origin"))?;
        return Ok(format!("{page}{target}"));
    }
    let origin = origin_of(target).ok_or_else(|| refuse("only absolute http: and https: URLs are followed"))?;
    let allowed = origin == settings.kratos_origin
        || page_origin.and_then(origin_of).is_some_and(|p| p == origin)
        || settings.allowed_redirect_origins.contains(&origin);
    if allowed {
        Ok(target.to_string())
    } else {
        Err(refuse("origin is not Kratos', the page's, or listed in allowedRedirectOrigins"))
    }
}
