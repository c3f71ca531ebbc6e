//! Script mode, the pure part: which script a flow asks for, and which triggers its nodes name.

use super::Trigger;
use crate::engine::json::Json;
use crate::engine::redirect::origin_of;
use crate::models::ScriptAttributes;

/// The id Kratos gives its script node.
pub const SCRIPT_NODE_ID: &str = "webauthn_script";

/// The `webauthn_script` node's attributes, if the flow has one whose `src` is an http(s) URL on
/// the same origin as the flow's `ui.action` (the script is only ever loaded from Kratos).
pub fn script_node<J: Json>(flow: &J) -> Option<ScriptAttributes> {
    let action_origin = flow.str_at("ui.action").as_deref().and_then(origin_of);
    let nodes = flow.at("ui.nodes")?;
    nodes.elements().into_iter().find_map(|node| {
        let attrs = node.get("attributes")?;
        if attrs.str_at("node_type").as_deref() != Some("script") || attrs.str_at("id").as_deref() != Some(SCRIPT_NODE_ID) {
            return None;
        }
        let field = |k: &str| attrs.str_at(k).unwrap_or_default();
        let script = ScriptAttributes {
            id: field("id"),
            src: field("src"),
            integrity: field("integrity"),
            crossorigin: field("crossorigin"),
            referrerpolicy: field("referrerpolicy"),
            nonce: field("nonce"),
            is_async: true, // dynamically inserted scripts are async anyway
            script_type: field("type"),
        };
        let src_origin = origin_of(&script.src)?;
        (action_origin.is_none() || action_origin.as_deref() == Some(src_origin.as_str())).then_some(script)
    })
}

/// One node that names a `webauthn.js` trigger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeTrigger {
    /// The input's `name` (e.g. `passkey_login_trigger`).
    pub node: String,
    /// Call on click (`onclickTrigger`, else parsed from the deprecated `onclick`).
    pub onclick: Option<Trigger>,
    /// Call after rendering (`onloadTrigger`, else parsed from the deprecated `onload`).
    pub onload: Option<Trigger>,
}

/// The nodes of the flow that name triggers, in node order.
pub fn triggers<J: Json>(flow: &J) -> Vec<NodeTrigger> {
    let Some(nodes) = flow.at("ui.nodes") else { return Vec::new() };
    nodes
        .elements()
        .into_iter()
        .filter_map(|node| {
            let attrs = node.get("attributes")?;
            let pick = |modern: &str, legacy: &str| {
                attrs
                    .str_at(modern)
                    .as_deref()
                    .and_then(Trigger::parse)
                    .or_else(|| attrs.str_at(legacy).as_deref().and_then(Trigger::parse))
            };
            let onclick = pick("onclickTrigger", "onclick");
            let onload = pick("onloadTrigger", "onload");
            (onclick.is_some() || onload.is_some()).then(|| NodeTrigger { node: attrs.str_at("name").unwrap_or_default(), onclick, onload })
        })
        .collect()
}

/// The distinct `onload` triggers to run once after rendering the flow.
pub fn onload_triggers<J: Json>(flow: &J) -> Vec<Trigger> {
    let mut out: Vec<Trigger> = Vec::new();
    for t in triggers(flow).into_iter().filter_map(|t| t.onload) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// Whether the flow needs `webauthn.js` in script mode (it has the script node or any trigger).
pub fn needs_script<J: Json>(flow: &J) -> bool {
    script_node(flow).is_some() || !triggers(flow).is_empty()
}
