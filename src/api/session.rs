//! Sessions: toSession, listMySessions, disableMySession, disableMyOtherSessions.

use crate::request::{encode_component, RequestSpec};
use serde::Deserialize;

/// Query parameters of `toSession`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ToSessionParams {
    /// JWT template to tokenize the session as.
    pub tokenize_as: Option<String>,
}

/// Query parameters of `listMySessions`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct ListMySessionsParams {
    /// Items per page.
    pub page_size: Option<u32>,
    /// Token of the page (from the previous page's `Link` header).
    pub page_token: Option<String>,
}

/// `GET /sessions/whoami`.
pub fn to_session(p: &ToSessionParams) -> RequestSpec {
    RequestSpec::get("/sessions/whoami").param("tokenize_as", p.tokenize_as.as_deref())
}

/// `GET /sessions` (the other sessions of the current identity).
pub fn list_my_sessions(p: &ListMySessionsParams) -> RequestSpec {
    RequestSpec::get("/sessions").param("page_size", p.page_size).param("page_token", p.page_token.as_deref())
}

/// `DELETE /sessions/{id}`.
pub fn disable_my_session(id: &str) -> RequestSpec {
    RequestSpec::delete(format!("/sessions/{}", encode_component(id)))
}

/// `DELETE /sessions`.
pub fn disable_my_other_sessions() -> RequestSpec {
    RequestSpec::delete("/sessions")
}

/// The `page_token` of the `rel="next"` entry of a `Link` header, if any.
pub fn next_page_token(link_header: &str) -> Option<String> {
    link_header.split(',').find_map(|entry| {
        let (target, params) = entry.split_once(';')?;
        if !params.split(';').any(|p| matches!(p.trim(), "rel=\"next\"" | "rel=next")) {
            return None;
        }
        let url = target.trim().trim_start_matches('<').trim_end_matches('>');
        let query = url.split_once('?')?.1;
        query.split('&').find_map(|kv| kv.strip_prefix("page_token=").map(percent_decode))
    })
}

fn percent_decode(s: &str) -> String {
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
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
