//! Old flow shapes → the v1 UI-node model, so an app written for v1 renders them unchanged.
//!
//! Pure code over the read-only [`Json`] view: it writes the v1 flow as JSON text, which the
//! client parses back with its transport (no JSON library in the wasm bundle).
//!
//! | generation | wire shape | what changes |
//! |---|---|---|
//! | v0.6 | `ui.nodes`, attributes without `node_type`, `messages: null`, `forced` | `node_type` added, `null` → `[]`, `refresh` |
//! | v0.5 | `methods.<m>.config.{action,method,fields,messages}`, flow `messages`, `forced` | one `ui` with nodes grouped by method, one `csrf_token`, a `method` submit per group |
//! | v0.4 | request contexts: as v0.5 without `type`; verification has one `form` (empty once sent), `via`, `success` | as v0.5; verification `form` → group `link`, `to_verify` → `email`, `success` → `state` |
//!
//! v0.4 sessions (`toSession`) carry their id as `sid` and no `active`: see [`session_v1`].
//!
//! v0.8–v0.11 flows are already v1-shaped and pass through untouched.

use crate::engine::api::flow_kind::FlowKind;
use crate::engine::generation::{v1_field_name, Generation, Operation};
use crate::engine::json::Json;
use crate::engine::transport::{RawResponse, Transport};

/// `raw` with an old flow body replaced by its v1 form (what [`crate::Client::send`] does with
/// every answer to a flow operation on v0.4–v0.6); other answers are returned as they are.
pub fn reshape<T: Transport>(
    transport: &T,
    generation: Generation,
    op: Option<Operation>,
    mut raw: RawResponse<T::Body>,
) -> RawResponse<T::Body> {
    let v1 = match op {
        Some(Operation::Whoami) => transport.parse(&raw.body).and_then(|b| session_v1(&b)),
        Some(op) => op.flow_kind().and_then(|kind| transport.parse(&raw.body).and_then(|b| normalise(generation, Some(kind), &b))),
        None => None,
    };
    if let Some(v1) = v1 {
        raw.body = transport.body_from_text(v1);
    }
    raw
}

/// The v1 JSON text of a v0.4 session (`sid` → `id`, `active: true` added), or `None` when
/// `session` has an `id` already. v0.4 has no `active`: its whoami answers 200 for the session its
/// cookie names, and the cookie expires with the session.
pub fn session_v1<J: Json>(session: &J) -> Option<String> {
    if session.get("id").is_some() {
        return None;
    }
    let sid = session.get("sid").filter(|s| s.as_str().is_some())?.to_json_text()?;
    let mut out = Obj::new();
    out.raw("id", &sid);
    out.raw("active", "true");
    for key in session.keys().into_iter().filter(|k| k != "sid") {
        if let Some(text) = session.get(&key).and_then(|v| v.to_json_text()) {
            out.raw(&key, &text);
        }
    }
    Some(out.finish())
}

/// Is `flow` a body this module rewrites for `generation`?
pub fn needs_normalising<J: Json>(generation: Generation, flow: &J) -> bool {
    if generation.caps().ui_nodes && generation != Generation::V0_6 {
        return false;
    }
    if !flow.is_object() || flow.str_at("id").is_none() || flow.get("error").is_some() {
        return false;
    }
    // v0.4 verification: `form` (set to nil once sent; the server then stores and sends an empty one).
    flow.get("methods").is_some_and(|m| m.is_object()) || flow.get("form").is_some() || flow.at("ui.nodes").is_some()
}

/// The v1 JSON text of an old flow, or `None` when `flow` is not an old flow (left as is).
pub fn normalise<J: Json>(generation: Generation, kind: Option<FlowKind>, flow: &J) -> Option<String> {
    if !needs_normalising(generation, flow) {
        return None;
    }
    let mut out = Obj::new();
    const REPLACED: [&str; 6] = ["ui", "methods", "form", "messages", "forced", "success"];
    for key in flow.keys() {
        if REPLACED.contains(&key.as_str()) {
            continue;
        }
        if let Some(text) = flow.get(&key).and_then(|v| v.to_json_text()) {
            out.raw(&key, &text);
        }
    }
    if flow.get("type").is_none() {
        out.raw("type", "\"browser\""); // v0.4 had browser flows only
    }
    if let (Some(forced), None) = (flow.get("forced"), flow.get("refresh")) {
        out.raw("refresh", &forced.to_json_text().unwrap_or_else(|| "false".into()));
    }
    // v0.4 verification sets `success` when the code was SENT (and drops the form); the link
    // itself leaves no trace on the request. Seed 002 calls it "completed successfully".
    if let (Some(success), None) = (flow.get("success"), flow.get("state")) {
        let sent = success.to_json_text().as_deref() == Some("true");
        out.str("state", if sent { "sent_email" } else { "choose_method" });
    }
    let ui = if let Some(ui) = flow.get("ui").filter(|u| u.is_object()) { ui_from_nodes(kind, &ui) } else { ui_from_methods(kind, flow) };
    out.raw("ui", &ui);
    Some(out.finish())
}

/// v0.6: the container is v1's, the nodes lack `node_type` and may carry `null`s.
fn ui_from_nodes<J: Json>(kind: Option<FlowKind>, ui: &J) -> String {
    let mut out = Obj::new();
    out.str("action", &ui.str_at("action").unwrap_or_default());
    out.str("method", &ui.str_at("method").filter(|m| !m.is_empty()).unwrap_or_else(|| "POST".into()));
    let nodes: Vec<String> = ui.get("nodes").map(|n| n.elements()).unwrap_or_default().iter().map(|n| node_v06(kind, n)).collect();
    out.raw("nodes", &array(&nodes));
    let messages = messages_of(ui.get("messages"));
    if !messages.is_empty() {
        out.raw("messages", &array(&messages));
    }
    out.finish()
}

fn node_v06<J: Json>(kind: Option<FlowKind>, node: &J) -> String {
    let node_type = node.str_at("type").unwrap_or_else(|| "input".into());
    let mut attrs = Obj::new();
    let a = node.get("attributes");
    for key in a.as_ref().map(|a| a.keys()).unwrap_or_default() {
        if let Some(text) = a.as_ref().and_then(|a| a.get(&key)).and_then(|v| v.to_json_text()) {
            if text != "null" {
                attrs.raw(&key, &text);
            }
        }
    }
    if a.as_ref().and_then(|a| a.get("node_type")).is_none() {
        attrs.str("node_type", &node_type);
    }
    if let (Some(k), Some(name)) = (kind, a.as_ref().and_then(|a| a.str_at("name"))) {
        attrs.str("name", &v1_field_name(k, &name)); // e.g. v0.6 `password_identifier` → `identifier`
    }
    if node_type != "input" && a.as_ref().and_then(|a| a.get("id")).is_none() {
        attrs.str("id", "");
    }
    if node_type == "input" && a.as_ref().and_then(|a| a.get("disabled")).is_none() {
        attrs.raw("disabled", "false");
    }
    let mut out = Obj::new();
    out.str("type", &node_type);
    out.str("group", &node.str_at("group").unwrap_or_else(|| "default".into()));
    out.raw("attributes", &attrs.finish());
    out.raw("messages", &array(&messages_of(node.get("messages"))));
    let meta = node.get("meta").filter(|m| m.is_object()).and_then(|m| m.to_json_text()).unwrap_or_else(|| "{}".into());
    out.raw("meta", &meta);
    out.finish()
}

/// v0.4/v0.5: one form per method → one container with nodes grouped by method.
fn ui_from_methods<J: Json>(kind: Option<FlowKind>, flow: &J) -> String {
    // (group, config) pairs; v0.4 verification has a single `form`.
    let mut forms: Vec<(String, J)> = Vec::new();
    if let Some(methods) = flow.get("methods").filter(|m| m.is_object()) {
        let mut names = methods.keys();
        // Go marshals map keys sorted; show the password/profile forms first, as v1 does.
        names.sort_by_key(|n| PREFERRED.iter().position(|p| p == n).unwrap_or(PREFERRED.len()));
        for name in names {
            if let Some(config) = methods.get(&name).and_then(|m| m.get("config")).filter(|c| c.is_object()) {
                forms.push((name, config));
            }
        }
    } else if let Some(form) = flow.get("form").filter(|f| f.is_object()) {
        forms.push(("link".into(), form));
    }
    let mut nodes = Vec::new();
    let mut messages = messages_of(flow.get("messages"));
    let mut csrf_done = false;
    for (group, form) in &forms {
        messages.extend(messages_of(form.get("messages")).into_iter().chain(messages_of(form.get("errors"))));
        let fields = form.get("fields").map(|f| f.elements()).unwrap_or_default();
        // A sent v0.4 verification keeps an empty form (`fields: null`): nothing to submit.
        if fields.is_empty() {
            continue;
        }
        for field in fields {
            let name = field.str_at("name").unwrap_or_default();
            if name == "csrf_token" {
                if !csrf_done {
                    nodes.push(input_node("default", &field, &name));
                    csrf_done = true;
                }
                continue;
            }
            let v1_name = kind.map(|k| v1_field_name(k, &name)).unwrap_or(name);
            nodes.push(input_node(group, &field, &v1_name));
        }
        nodes.push(submit_node(group, kind));
    }
    let action = forms.first().and_then(|(_, f)| f.str_at("action")).unwrap_or_default();
    let mut out = Obj::new();
    out.str("action", &action);
    out.str("method", "POST");
    out.raw("nodes", &array(&nodes));
    if !messages.is_empty() {
        out.raw("messages", &array(&messages));
    }
    out.finish()
}

const PREFERRED: [&str; 4] = ["password", "profile", "link", "oidc"];

fn input_node<J: Json>(group: &str, field: &J, name: &str) -> String {
    let mut attrs = Obj::new();
    attrs.str("name", name);
    attrs.str("type", &field.str_at("type").unwrap_or_else(|| "text".into()));
    for key in ["value", "required", "pattern"] {
        if let Some(text) = field.get(key).and_then(|v| v.to_json_text()).filter(|t| t != "null") {
            attrs.raw(key, &text);
        }
    }
    let disabled = field.get("disabled").and_then(|v| v.to_json_text()).filter(|t| t == "true").unwrap_or_else(|| "false".into());
    attrs.raw("disabled", &disabled);
    attrs.str("node_type", "input");
    let mut out = Obj::new();
    out.str("type", "input");
    out.str("group", group);
    out.raw("attributes", &attrs.finish());
    let msgs: Vec<String> = messages_of(field.get("messages")).into_iter().chain(messages_of(field.get("errors"))).collect();
    out.raw("messages", &array(&msgs));
    out.raw("meta", "{}");
    out.finish()
}

/// The `method` submit button v1 flows carry per group (old flows encode the method in the URL).
fn submit_node(group: &str, kind: Option<FlowKind>) -> String {
    let (id, text) = match kind {
        Some(FlowKind::Login) => (1010001, "Sign in"),
        Some(FlowKind::Registration) => (1040001, "Sign up"),
        Some(FlowKind::Settings) => (1070003, "Save"),
        _ => (1070005, "Submit"),
    };
    let mut attrs = Obj::new();
    attrs.str("name", "method");
    attrs.str("type", "submit");
    attrs.str("value", group);
    attrs.raw("disabled", "false");
    attrs.str("node_type", "input");
    let mut label = Obj::new();
    label.raw("id", &id.to_string());
    label.str("text", text);
    label.str("type", "info");
    let mut meta = Obj::new();
    meta.raw("label", &label.finish());
    let mut out = Obj::new();
    out.str("type", "input");
    out.str("group", group);
    out.raw("attributes", &attrs.finish());
    out.raw("messages", "[]");
    out.raw("meta", &meta.finish());
    out.finish()
}

/// Messages as v1 `UiText` JSON: `{id,text,type,context?}` kept; v0.4-style `{message}` errors mapped.
fn messages_of<J: Json>(list: Option<J>) -> Vec<String> {
    list.map(|l| l.elements())
        .unwrap_or_default()
        .iter()
        .filter(|m| m.is_object())
        .map(|m| {
            if m.get("text").is_some() {
                let mut out = Obj::new();
                out.raw("id", &m.get("id").and_then(|i| i.to_json_text()).unwrap_or_else(|| "0".into()));
                out.str("text", &m.str_at("text").unwrap_or_default());
                out.str("type", &m.str_at("type").unwrap_or_else(|| "info".into()));
                if let Some(ctx) = m.get("context").and_then(|c| c.to_json_text()).filter(|t| t != "null") {
                    out.raw("context", &ctx);
                }
                out.finish()
            } else {
                let mut out = Obj::new();
                out.raw("id", "0");
                out.str("text", &m.str_at("message").unwrap_or_default());
                out.str("type", "error");
                out.finish()
            }
        })
        .collect()
}

/// A JSON object under construction (keys in insertion order; a repeated key replaces the value).
struct Obj(Vec<(String, String)>);

impl Obj {
    fn new() -> Self {
        Obj(Vec::new())
    }
    fn raw(&mut self, key: &str, json: &str) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(slot) => slot.1 = json.to_string(),
            None => self.0.push((key.to_string(), json.to_string())),
        }
    }
    fn str(&mut self, key: &str, value: &str) {
        self.raw(key, &quote(value));
    }
    fn finish(self) -> String {
        crate::engine::json::object_text(self.0)
    }
}

fn array(items: &[String]) -> String {
    format!("[{}]", items.join(","))
}

/// A JSON string literal.
pub use crate::engine::json::quote;
