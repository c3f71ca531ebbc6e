//! Helpers to render a flow without Ory Elements: nodes by group, node by name, the CSRF token,
//! label text, the visible/hidden split, and form values ready to submit.

use crate::engine::json::Json;
use crate::models::{UiContainer, UiNode, UiNodeAttributes, UiNodeGroup, Value};

/// The `csrf_token` input's value in a parsed flow (any [`Json`]).
pub fn csrf_token_of<J: Json>(flow: &J) -> Option<String> {
    let nodes = flow.at("ui.nodes")?;
    // Kratos puts csrf_token among the first nodes: stop at the first match.
    (0..nodes.array_len()?).find_map(|i| {
        let attrs = nodes.index(i)?.get("attributes")?;
        (attrs.str_at("name").as_deref() == Some("csrf_token")).then(|| attrs.str_at("value")).flatten()
    })
}

/// The nodes of `group`.
pub fn nodes_by_group<'a>(ui: &'a UiContainer, group: &UiNodeGroup) -> Vec<&'a UiNode> {
    ui.nodes.iter().filter(|n| &n.group == group).collect()
}

/// The input node named `name` (first match).
pub fn node_by_name<'a>(ui: &'a UiContainer, name: &str) -> Option<&'a UiNode> {
    ui.nodes.iter().find(|n| input_name(n) == Some(name))
}

/// The `csrf_token` value of a typed flow UI.
pub fn csrf_token(ui: &UiContainer) -> Option<String> {
    ui.csrf_token()
}

/// The label to show for a node: `meta.label`, else the input's own label, else the link/text title.
pub fn label_text(node: &UiNode) -> Option<&str> {
    if let Some(l) = &node.meta.label {
        return Some(&l.text);
    }
    match &node.attributes {
        UiNodeAttributes::Input(a) => a.label.as_ref().map(|l| l.text.as_str()),
        UiNodeAttributes::A(a) => Some(&a.title.text),
        UiNodeAttributes::Text(t) => Some(&t.text.text),
        _ => None,
    }
}

/// Whether a node is a hidden input (rendered as `<input type=hidden>`, not shown).
pub fn is_hidden(node: &UiNode) -> bool {
    matches!(&node.attributes, UiNodeAttributes::Input(a) if a.input_type == "hidden")
}

/// Splits nodes into (visible, hidden).
pub fn split_visible_hidden(ui: &UiContainer) -> (Vec<&UiNode>, Vec<&UiNode>) {
    ui.nodes.iter().partition(|n| !is_hidden(n))
}

/// The values of the inputs of `group` (plus `default`), as a nested object ready to submit:
/// `traits.email` becomes `{"traits":{"email":…}}`; submit buttons contribute only `method`.
pub fn form_values(ui: &UiContainer, group: &UiNodeGroup) -> Value {
    let mut out = Value::Object(Vec::new());
    for node in &ui.nodes {
        if &node.group != group && node.group != UiNodeGroup::Default {
            continue;
        }
        let UiNodeAttributes::Input(a) = &node.attributes else { continue };
        let Some(value) = a.value.clone() else { continue };
        if a.input_type == "submit" || a.input_type == "button" {
            if a.name == "method" && &node.group == group {
                out.set("method", value);
            }
            continue;
        }
        out.set_path(&a.name, value);
    }
    out
}

fn input_name(n: &UiNode) -> Option<&str> {
    match &n.attributes {
        UiNodeAttributes::Input(a) => Some(&a.name),
        _ => None,
    }
}
