//! Sessions: toSession, listMySessions, disableMySession, disableMyOtherSessions.

use crate::engine::ops::{self, Value};
use crate::engine::request::{percent_decode, RequestSpec};
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
    super::planned(&ops::TO_SESSION, &[("tokenizeAs", super::s(&p.tokenize_as))])
}

/// `GET /sessions` (the other sessions of the current identity).
pub fn list_my_sessions(p: &ListMySessionsParams) -> RequestSpec {
    super::planned(&ops::LIST_MY_SESSIONS, &[("pageSize", p.page_size.map(Value::Int)), ("pageToken", super::s(&p.page_token))])
}

/// `DELETE /sessions/{id}`.
pub fn disable_my_session(id: &str) -> RequestSpec {
    super::planned(&ops::DISABLE_MY_SESSION, &[("id", Some(Value::Str(id.to_string())))])
}

/// `DELETE /sessions`.
pub fn disable_my_other_sessions() -> RequestSpec {
    super::planned(&ops::DISABLE_MY_OTHER_SESSIONS, &[])
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
