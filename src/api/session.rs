//! Sessions: toSession, listMySessions, disableMySession, disableMyOtherSessions.

use crate::request::{encode_component, percent_decode, RequestSpec};
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
