//! A request as pure data: what the transport must send. Built by [`crate::engine::api`].

/// HTTP method of a Kratos operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST (JSON body)
    Post,
    /// DELETE
    Delete,
}

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// What is sent, before it meets the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSpec {
    /// HTTP method.
    pub method: Method,
    /// Path below the configured base URL, starting with `/`.
    pub path: String,
    /// Query parameters in order; `None` values are left out.
    pub query: Vec<(&'static str, String)>,
    /// Serialised JSON body (POST only).
    pub body: Option<String>,
    /// Whether retrying is safe (idempotent reads).
    pub idempotent: bool,
    /// The operationId of the row of [`crate::engine::ops`] this request was planned from (`None` for a
    /// request built by hand). Older generations' rewrites are keyed on it.
    pub op: Option<&'static str>,
}

impl RequestSpec {
    /// A GET of `path`.
    pub fn get(path: impl Into<String>) -> Self {
        RequestSpec { method: Method::Get, path: path.into(), query: Vec::new(), body: None, idempotent: true, op: None }
    }
    /// A POST of `body` (already serialised JSON) to `path`.
    pub fn post(path: impl Into<String>, body: String) -> Self {
        RequestSpec { method: Method::Post, path: path.into(), query: Vec::new(), body: Some(body), idempotent: false, op: None }
    }
    /// A DELETE of `path`.
    pub fn delete(path: impl Into<String>) -> Self {
        RequestSpec { method: Method::Delete, path: path.into(), query: Vec::new(), body: None, idempotent: false, op: None }
    }
    /// Adds a query parameter if it has a value.
    pub fn param(mut self, key: &'static str, value: Option<impl ToString>) -> Self {
        if let Some(v) = value {
            self.query.push((key, v.to_string()));
        }
        self
    }
    /// The full URL below `base_url` (which has no trailing slash).
    pub fn url(&self, base_url: &str) -> String {
        let mut url = String::with_capacity(base_url.len() + self.path.len() + 32);
        url.push_str(base_url);
        url.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(k);
            url.push('=');
            encode_component_into(v, &mut url);
        }
        url
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_component_into(s, &mut out);
    out
}

fn encode_component_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Decodes `%XX` escapes (and `+` as space, as in form-encoded query strings); invalid escapes are kept.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query parameters of a URL, decoded, in order.
pub fn query_pairs(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or("")).unwrap_or("");
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(kv), String::new()),
        })
        .collect()
}
