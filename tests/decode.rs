//! Every fixture decodes into the typed models; unknown enum values and node types are kept.

mod common;
use common::{fixture, parse};
use kratos_browser::json::Json;
use kratos_browser::models::*;

#[test]
fn decode_login_flow_400_validation() {
    let flow: LoginFlow = parse(&fixture("handwritten-flow-400-login-invalid-credentials.json")).unwrap().decode().unwrap();
    assert_eq!(flow.ui.messages[0].id, 4000006);
    assert_eq!(flow.requested_aal, Some(Aal::Aal1));
    assert_eq!(flow.organization_id, None);
    assert!(matches!(&flow.ui.nodes[2].attributes, UiNodeAttributes::Input(a) if a.autocomplete.as_deref() == Some("current-password")));
}

#[test]
fn decode_unknown_node_type_and_enum_values_are_kept() {
    let flow: LoginFlow = parse(&fixture("handwritten-flow-future-node-types.json")).unwrap().decode().unwrap();
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
    let s: Session = parse(&fixture("handwritten-session-200.json")).unwrap().decode().unwrap();
    assert_eq!(s.authentication_methods[0].method, "passkey");
    let identity = s.identity.unwrap();
    assert_eq!(identity.traits.get("email").and_then(|v| v.as_str()), Some("a@b.c"));
    assert_eq!(identity.metadata_public, Value::Null);
    assert_eq!(identity.verifiable_addresses[0].status, "sent");
}

#[test]
fn decode_registration_success_with_null_continue_with() {
    let r: SuccessfulRegistration = parse(&fixture("handwritten-registration-success-null-continue-with.json")).unwrap().decode().unwrap();
    assert!(r.continue_with.is_none());
    assert!(r.session.is_none());
}

#[test]
fn decode_login_success_continue_with_including_unknown_action() {
    let r: SuccessfulLogin = parse(&fixture("handwritten-login-success.json")).unwrap().decode().unwrap();
    let cw = r.continue_with.unwrap();
    assert!(matches!(&cw[0], ContinueWith::RedirectBrowserTo { redirect_browser_to } if redirect_browser_to == "http://localhost:5173/"));
    assert!(matches!(&cw[1], ContinueWith::ShowVerificationUi { flow } if flow.verifiable_address.as_deref() == Some("a@b.c")));
    assert!(matches!(cw[2], ContinueWith::Unknown));
}

#[test]
fn decode_error_envelopes() {
    for f in [
        "handwritten-error-422-location-change.json",
        "handwritten-error-410-expired-submit.json",
        "handwritten-error-403-aal2-required.json",
        "handwritten-error-401-whoami-no-id.json",
        "handwritten-error-403-csrf.json",
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

/// Every fixture listed in tests/fixtures/manifest.json (the same list tests/types/fixtures.test.mjs checks
/// against pkg/src/types.ts) decodes into its Rust model, and the model keeps every field Kratos sent:
/// decoded and serialised again, no key of the original may be missing, except the ones the manifest
/// lists for that fixture under `rust_drops` (fields the Rust API deliberately does not carry).
#[test]
fn every_manifest_fixture_decodes_and_keeps_its_fields() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let manifest: serde_json::Value = serde_json::from_str(&fixture("manifest.json")).unwrap();
    let entries = manifest["fixtures"].as_object().expect("manifest.json: fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|f| f.ends_with(".json") && f != "manifest.json")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = entries.keys().cloned().collect();
    assert_eq!(on_disk, listed, "tests/fixtures/*.json and manifest.json differ");

    let mut problems = Vec::new();
    for (name, entry) in entries {
        let original: serde_json::Value = serde_json::from_str(&fixture(name)).unwrap();
        let Some(rust) = entry["rust"].as_str() else {
            assert!(entry["note"].is_string(), "{name}: `rust: null` needs a note");
            continue;
        };
        let again = match roundtrip(rust, &original) {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!("{name}: does not decode as {rust}: {e}"));
                continue;
            }
        };
        let allowed: Vec<&str> =
            entry.get("rust_drops").and_then(|d| d.as_array()).map(|d| d.iter().filter_map(|s| s.as_str()).collect()).unwrap_or_default();
        let mut dropped = Vec::new();
        missing_keys(&original, &again, String::new(), &mut dropped);
        dropped.sort();
        dropped.dedup();
        for path in &dropped {
            if !allowed.contains(&path.as_str()) {
                problems.push(format!("{name}: {rust} drops `{path}`"));
            }
        }
        for path in allowed {
            if !dropped.iter().any(|d| d == path) {
                problems.push(format!("{name}: rust_drops lists `{path}`, which {rust} keeps (or the fixture lacks): remove it"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Decodes `v` as the model named `rust` and serialises it again.
fn roundtrip(rust: &str, v: &serde_json::Value) -> Result<serde_json::Value, String> {
    fn via<T: serde::de::DeserializeOwned + serde::Serialize>(v: &serde_json::Value) -> Result<serde_json::Value, String> {
        let t: T = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(&t).map_err(|e| e.to_string())
    }
    match rust {
        "LoginFlow" => via::<LoginFlow>(v),
        "RegistrationFlow" => via::<RegistrationFlow>(v),
        "SettingsFlow" => via::<SettingsFlow>(v),
        "RecoveryFlow" => via::<RecoveryFlow>(v),
        "VerificationFlow" => via::<VerificationFlow>(v),
        "LogoutFlow" => via::<LogoutFlow>(v),
        "Session" => via::<Session>(v),
        "SuccessfulLogin" => via::<SuccessfulLogin>(v),
        "SuccessfulRegistration" => via::<SuccessfulRegistration>(v),
        "ErrorEnvelope" => via::<ErrorEnvelope>(v),
        "FlowError" => via::<FlowError>(v),
        other => Err(format!("unknown Rust model `{other}` in manifest.json")),
    }
}

/// Key paths (`ui.nodes[].attributes.label`) of `a` that `b` lacks, at any depth.
fn missing_keys(a: &serde_json::Value, b: &serde_json::Value, at: String, out: &mut Vec<String>) {
    use serde_json::Value as J;
    match (a, b) {
        (J::Object(a), J::Object(b)) => {
            for (k, av) in a {
                let path = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
                match b.get(k) {
                    Some(bv) => missing_keys(av, bv, path, out),
                    None if av.is_null() => {} // `null` decodes as `None`, which is not serialised
                    None => out.push(path),
                }
            }
        }
        (J::Array(a), J::Array(b)) => {
            for (av, bv) in a.iter().zip(b) {
                missing_keys(av, bv, format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}
