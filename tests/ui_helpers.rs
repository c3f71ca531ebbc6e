//! UI helpers on a real Kratos flow.

mod common;
use common::{fixture, parse};
use kratos_browser::helpers::ui::*;
use kratos_browser::json::Json;
use kratos_browser::models::{LoginFlow, UiNodeGroup};

fn flow() -> LoginFlow {
    parse(&fixture("handwritten-flow-400-login-invalid-credentials.json")).unwrap().decode().unwrap()
}

#[test]
fn csrf_token_from_typed_and_raw_flow() {
    assert_eq!(csrf_token(&flow().ui).as_deref(), Some("masked-token-123"));
    let raw = parse(&fixture("handwritten-flow-400-login-invalid-credentials.json")).unwrap();
    assert_eq!(csrf_token_of(&raw).as_deref(), Some("masked-token-123"));
    assert_eq!(csrf_token_of(&parse("{}").unwrap()), None);
}

#[test]
fn nodes_by_group_node_by_name_and_labels() {
    let f = flow();
    assert_eq!(nodes_by_group(&f.ui, &UiNodeGroup::Password).len(), 2);
    let id = node_by_name(&f.ui, "identifier").unwrap();
    assert_eq!(label_text(id), Some("ID"));
    let (visible, hidden) = split_visible_hidden(&f.ui);
    assert_eq!((visible.len(), hidden.len()), (3, 1));
}

#[test]
fn form_values_nest_dotted_names_and_pick_method() {
    let v = form_values(&flow().ui, &UiNodeGroup::Password);
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json, serde_json::json!({"identifier":"a@b.c","csrf_token":"masked-token-123","method":"password"}));
}
