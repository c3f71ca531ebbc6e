//! Every fixture decodes into the typed models; unknown enum values and node types are kept.

mod common;
use common::{fixture, parse};
use kratos_browser::json::Json;
use kratos_browser::models::*;

#[test]
fn decode_login_flow_400_validation() {
    let flow: LoginFlow = parse(&fixture("flow-400-login-invalid-credentials.json")).unwrap().decode().unwrap();
    assert_eq!(flow.ui.messages[0].id, 4000006);
    assert_eq!(flow.requested_aal, Some(Aal::Aal1));
    assert_eq!(flow.organization_id, None);
    assert!(matches!(&flow.ui.nodes[2].attributes, UiNodeAttributes::Input(a) if a.autocomplete.as_deref() == Some("current-password")));
}

#[test]
fn decode_unknown_node_type_and_enum_values_are_kept() {
    let flow: LoginFlow = parse(&fixture("flow-future-node-types.json")).unwrap().decode().unwrap();
    assert_eq!(flow.ui.nodes.len(), 3);
    assert_eq!(flow.ui.nodes[0].node_type, UiNodeType::Div);
    assert!(matches!(flow.ui.nodes[0].attributes, UiNodeAttributes::Div(_)));
    assert_eq!(flow.ui.nodes[0].group, UiNodeGroup::Captcha);
    assert_eq!(flow.ui.nodes[1].node_type, UiNodeType::Unknown("hologram".into()));
    assert_eq!(flow.ui.nodes[1].group, UiNodeGroup::Unknown("telepathy".into()));
    assert!(matches!(flow.ui.nodes[1].attributes, UiNodeAttributes::Unknown));
    assert_eq!(flow.requested_aal, Some(Aal::Unknown("aal9".into())));
    assert_eq!(flow.state, Some(FlowState::Unknown("brand_new_state".into())));
    // omitted ui.messages decodes as empty
    assert!(flow.ui.messages.is_empty());
}

#[test]
fn decode_session_with_passkey_method() {
    let s: Session = parse(&fixture("session-200.json")).unwrap().decode().unwrap();
    assert_eq!(s.authentication_methods[0].method, "passkey");
    let identity = s.identity.unwrap();
    assert_eq!(identity.traits.get("email").and_then(|v| v.as_str()), Some("a@b.c"));
    assert_eq!(identity.metadata_public, Value::Null);
    assert_eq!(identity.verifiable_addresses[0].status, "sent");
}

#[test]
fn decode_registration_success_with_null_continue_with() {
    let r: SuccessfulRegistration = parse(&fixture("registration-success-null-continue-with.json")).unwrap().decode().unwrap();
    assert!(r.continue_with.is_none());
    assert!(r.session.is_none());
}

#[test]
fn decode_login_success_continue_with_including_unknown_action() {
    let r: SuccessfulLogin = parse(&fixture("login-success.json")).unwrap().decode().unwrap();
    let cw = r.continue_with.unwrap();
    assert!(matches!(&cw[0], ContinueWith::RedirectBrowserTo { redirect_browser_to } if redirect_browser_to == "http://localhost:5173/"));
    assert!(matches!(&cw[1], ContinueWith::ShowVerificationUi { flow } if flow.verifiable_address.as_deref() == Some("a@b.c")));
    assert!(matches!(cw[2], ContinueWith::Unknown));
}

#[test]
fn decode_error_envelopes() {
    for f in [
        "error-422-location-change.json",
        "error-410-expired-submit.json",
        "error-403-aal2-required.json",
        "error-401-whoami-no-id.json",
        "error-403-csrf.json",
    ] {
        let e: ErrorEnvelope = parse(&fixture(f)).unwrap().decode().unwrap_or_else(|e| panic!("{f}: {e}"));
        assert!(!e.error.message.is_empty(), "{f}");
    }
}

#[test]
fn value_roundtrips_through_serde() {
    let v: Value = serde_json::from_str(r#"{"a":[1,2.5,"x",null,true],"b":{"c":{}}}"#).unwrap();
    let back = serde_json::to_string(&v).unwrap();
    assert_eq!(back, r#"{"a":[1,2.5,"x",null,true],"b":{"c":{}}}"#);
}
