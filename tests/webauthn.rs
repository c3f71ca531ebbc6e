//! Native tests of the pure WebAuthn/passkey logic (src/webauthn), against flows captured from
//! Kratos v1.3.1 (tests/fixtures/webauthn-*.json).

mod common;

use common::{fixture, parse, V};
use kratos_browser::json::Json;
use kratos_browser::models::Value;
use kratos_browser::webauthn::body::{submit_body, Extras};
use kratos_browser::webauthn::encode::{assertion_json, attestation_json, string, Assertion, Attestation};
use kratos_browser::webauthn::options::{
    display_name_field, input_value, offers, prepare, raw_options, signs_up, trait_value, traits_from_flow, Pk,
};
use kratos_browser::webauthn::script::{needs_script, onload_triggers, script_node, triggers};
use kratos_browser::webauthn::{base64url, Ceremony, FailureKind, Trigger, WebAuthnError};

fn flow(name: &str) -> V {
    parse(&fixture(name)).expect("fixture is JSON")
}

fn to_value(j: &V) -> Option<Value> {
    j.decode::<Value>().ok()
}

fn raw(f: &V, c: Ceremony) -> Result<Value, WebAuthnError> {
    raw_options(f, c, parse, to_value)
}

fn json(v: &Value) -> serde_json::Value {
    serde_json::to_value(v).expect("serialisable")
}

fn bytes_at<'a>(pk: &'a Pk, path: &[&str]) -> &'a [u8] {
    let mut cur = pk;
    for key in path {
        cur = cur.get(key).unwrap_or_else(|| panic!("no {key} in {path:?}"));
    }
    match cur {
        Pk::Bytes(b) => b,
        other => panic!("{path:?} is not bytes: {other:?}"),
    }
}

fn string_at<'a>(pk: &'a Pk, path: &[&str]) -> &'a str {
    let mut cur = pk;
    for key in path {
        cur = cur.get(key).unwrap_or_else(|| panic!("no {key} in {path:?}"));
    }
    match cur {
        Pk::String(s) => s,
        other => panic!("{path:?} is not a string: {other:?}"),
    }
}

/// The option JSON string inside a node, parsed (for cross-checking).
fn node_json(f: &V, name: &str) -> serde_json::Value {
    serde_json::from_str(&input_value(f, name).expect("node value")).expect("JSON")
}

// ---------------------------------------------------------------- base64url

#[test]
fn base64url_rfc4648_vectors_unpadded() {
    for (plain, enc) in
        [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")]
    {
        assert_eq!(base64url::encode(plain.as_bytes()), enc);
        assert_eq!(base64url::decode(enc).as_deref(), Some(plain.as_bytes()));
    }
}

#[test]
fn base64url_uses_the_url_safe_alphabet_and_accepts_both() {
    assert_eq!(base64url::encode(&[0xfb, 0xff, 0xbf]), "-_-_");
    assert_eq!(base64url::decode("-_-_"), Some(vec![0xfb, 0xff, 0xbf]));
    assert_eq!(base64url::decode("+/+/"), Some(vec![0xfb, 0xff, 0xbf]), "standard alphabet too (like atob after the script's replace)");
    assert_eq!(base64url::decode("Zm8="), Some(b"fo".to_vec()), "padding is optional");
    assert_eq!(base64url::decode("Zg=="), Some(b"f".to_vec()));
}

#[test]
fn base64url_round_trips_every_length_and_byte() {
    let data: Vec<u8> = (0..=255u8).collect();
    for len in 0..data.len() {
        let slice = &data[..len];
        let enc = base64url::encode(slice);
        assert!(!enc.contains(['=', '+', '/']), "{enc}");
        assert_eq!(base64url::decode(&enc).as_deref(), Some(slice));
    }
}

#[test]
fn base64url_rejects_garbage_without_panicking() {
    for bad in ["Z", "Zm9vY", "Zg===", "Z=g", "Zm 9v", "Zm9v!", "€€€€", "=", "==", "Zg=a", "Zm9v=", "Zm8=="] {
        assert_eq!(base64url::decode(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------- names

#[test]
fn ceremony_names_nodes_fields_and_methods() {
    for c in Ceremony::ALL {
        assert_eq!(Ceremony::parse(c.as_str()), Some(c));
    }
    assert_eq!(Ceremony::parse("nope"), None);
    let table: Vec<_> = Ceremony::ALL.iter().map(|c| (c.as_str(), c.options_node(), c.result_field(), c.method(), c.creates())).collect();
    assert_eq!(
        table,
        [
            ("passkeyLogin", "passkey_challenge", "passkey_login", "passkey", false),
            ("passkeyRegister", "passkey_create_data", "passkey_register", "passkey", true),
            ("passkeySettingsRegister", "passkey_create_data", "passkey_settings_register", "passkey", true),
            ("webAuthnLogin", "webauthn_login_trigger", "webauthn_login", "webauthn", false),
            ("webAuthnRegister", "webauthn_register_trigger", "webauthn_register", "webauthn", true),
        ]
    );
    assert_eq!(Ceremony::PasskeySettingsRegister.trigger(), Trigger::PasskeySettingsRegistration);
}

#[test]
fn triggers_parse_current_legacy_and_onclick_source_names_only() {
    for t in Trigger::ALL {
        assert_eq!(Trigger::parse(t.global()), Some(t));
        assert_eq!(Trigger::parse(t.legacy_global()), Some(t));
        assert_eq!(Trigger::parse(&format!("window.{}()", t.global())), Some(t));
    }
    assert_eq!(Trigger::parse(r#"window.oryWebAuthnLogin({"publicKey":{"challenge":"x"}})"#), Some(Trigger::WebAuthnLogin));
    for bad in ["", "alert", "window.alert(1)", "oryWebAuthnLoginX", "fetch('x')", "constructor", "__proto__"] {
        assert_eq!(Trigger::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn dom_exceptions_are_classified() {
    assert_eq!(FailureKind::from_dom_exception("NotAllowedError"), FailureKind::Cancelled);
    assert_eq!(FailureKind::from_dom_exception("AbortError"), FailureKind::Cancelled);
    assert_eq!(FailureKind::from_dom_exception("NotSupportedError"), FailureKind::Unsupported);
    for other in ["InvalidStateError", "SecurityError", "ConstraintError", "UnknownError", "TypeError", ""] {
        assert_eq!(FailureKind::from_dom_exception(other), FailureKind::Failed, "{other}");
    }
    assert_eq!(FailureKind::Cancelled.as_str(), "cancelled");
    assert_eq!(FailureKind::Unsupported.as_str(), "unsupported");
    assert_eq!(FailureKind::Failed.as_str(), "webauthnFailed");
}

// ---------------------------------------------------------------- options from real flows

#[test]
fn passkey_login_options_from_the_login_flow() {
    let f = flow("webauthn-login-passkey.json");
    assert!(offers(&f, Ceremony::PasskeyLogin));
    assert!(!offers(&f, Ceremony::WebauthnLogin));
    let pk = prepare(Ceremony::PasskeyLogin, raw(&f, Ceremony::PasskeyLogin).unwrap(), None).unwrap();
    let wire = node_json(&f, "passkey_challenge");
    let challenge = wire["publicKey"]["challenge"].as_str().unwrap();
    assert_eq!(bytes_at(&pk, &["challenge"]), base64url::decode(challenge).unwrap().as_slice());
    assert_eq!(bytes_at(&pk, &["challenge"]).len(), 32);
    assert_eq!(string_at(&pk, &["rpId"]), "localhost");
    assert_eq!(string_at(&pk, &["userVerification"]), "preferred");
    assert_eq!(pk.get("timeout"), Some(&Pk::Number(300000.0)));
    assert_eq!(pk.get("allowCredentials"), None, "discoverable login: no allow list");
}

#[test]
fn passkey_registration_options_unwrap_and_take_the_display_name_from_the_traits() {
    let f = flow("webauthn-registration-step2.json");
    assert!(offers(&f, Ceremony::PasskeyRegister));
    let raw = raw(&f, Ceremony::PasskeyRegister).unwrap();
    assert_eq!(display_name_field(&raw), Some("traits.email"));
    let traits = traits_from_flow(&f, to_value);
    let email = trait_value(&traits, "traits.email").unwrap().to_string();
    assert!(email.ends_with("@example.com"), "{email}");
    assert_eq!(json(&traits), serde_json::json!({ "email": email }));

    let pk = prepare(Ceremony::PasskeyRegister, raw.clone(), Some(&email)).unwrap();
    assert_eq!(string_at(&pk, &["user", "name"]), email);
    assert_eq!(string_at(&pk, &["user", "displayName"]), email);
    let wire = node_json(&f, "passkey_create_data");
    let user_id = wire["credentialOptions"]["publicKey"]["user"]["id"].as_str().unwrap();
    assert_eq!(bytes_at(&pk, &["user", "id"]), base64url::decode(user_id).unwrap().as_slice());
    assert_eq!(string_at(&pk, &["rp", "id"]), "localhost");
    assert_eq!(string_at(&pk, &["authenticatorSelection", "authenticatorAttachment"]), "platform");
    assert!(matches!(pk.get("pubKeyCredParams"), Some(Pk::Array(a)) if !a.is_empty()));

    // Without a display name the server's placeholder stays.
    let pk = prepare(Ceremony::PasskeyRegister, raw, None).unwrap();
    assert_eq!(string_at(&pk, &["user", "name"]), "Kratos Browser E2E");
}

#[test]
fn settings_flow_offers_passkey_and_security_key_registration() {
    let f = flow("webauthn-settings.json");
    assert!(offers(&f, Ceremony::PasskeySettingsRegister));
    assert!(offers(&f, Ceremony::WebauthnRegister));
    assert!(!offers(&f, Ceremony::PasskeyLogin));

    let raw_pk = raw(&f, Ceremony::PasskeySettingsRegister).unwrap();
    assert_eq!(display_name_field(&raw_pk), None, "settings data is the plain CredentialCreation");
    let pk = prepare(Ceremony::PasskeySettingsRegister, raw_pk, Some("ignored")).unwrap();
    assert!(string_at(&pk, &["user", "name"]).ends_with("@example.com"), "display name is only set for sign-up");
    assert!(!bytes_at(&pk, &["user", "id"]).is_empty());

    let key = prepare(Ceremony::WebauthnRegister, raw(&f, Ceremony::WebauthnRegister).unwrap(), None).unwrap();
    assert_eq!(bytes_at(&key, &["user", "id"]).len(), 16);
    assert_eq!(bytes_at(&key, &["challenge"]).len(), 32);
}

#[test]
fn webauthn_mfa_options_decode_the_allow_list_and_the_identifier_is_in_the_flow() {
    let f = flow("webauthn-login-aal2.json");
    assert!(offers(&f, Ceremony::WebauthnLogin));
    assert!(!offers(&f, Ceremony::PasskeyLogin));
    let pk = prepare(Ceremony::WebauthnLogin, raw(&f, Ceremony::WebauthnLogin).unwrap(), None).unwrap();
    let Some(Pk::Array(allow)) = pk.get("allowCredentials") else { panic!("allowCredentials") };
    assert_eq!(allow.len(), 1);
    let wire = node_json(&f, "webauthn_login_trigger");
    let id = wire["publicKey"]["allowCredentials"][0]["id"].as_str().unwrap();
    assert_eq!(bytes_at(&allow[0], &["id"]), base64url::decode(id).unwrap().as_slice());
    assert_eq!(string_at(&allow[0], &["type"]), "public-key");
    assert_eq!(string_at(&pk, &["userVerification"]), "discouraged");
    assert!(input_value(&f, "identifier").unwrap().ends_with("@example.com"));
}

#[test]
fn missing_or_empty_option_nodes_mean_not_offered() {
    let f = flow("webauthn-login-aal2.json");
    assert_eq!(raw(&f, Ceremony::PasskeyLogin), Err(WebAuthnError::NotOffered { node: "passkey_challenge" }));
    let empty = parse(r#"{"id":"x","ui":{"action":"","method":"POST","nodes":[
        {"type":"input","group":"passkey","attributes":{"node_type":"input","name":"passkey_challenge","type":"hidden","value":""},"messages":[],"meta":{}}]}}"#).unwrap();
    assert_eq!(raw(&empty, Ceremony::PasskeyLogin), Err(WebAuthnError::NotOffered { node: "passkey_challenge" }));
    assert!(!offers(&empty, Ceremony::PasskeyLogin));
    let no_ui = parse(r#"{"id":"x"}"#).unwrap();
    assert_eq!(raw(&no_ui, Ceremony::WebauthnRegister), Err(WebAuthnError::NotOffered { node: "webauthn_register_trigger" }));
    assert!(WebAuthnError::NotOffered { node: "passkey_challenge" }.to_string().contains("passkey_challenge"));
}

fn flow_with(name: &str, value: serde_json::Value) -> V {
    V(serde_json::json!({"id":"x","ui":{"action":"","method":"POST","nodes":[
        {"type":"input","group":"webauthn","attributes":{"node_type":"input","name":name,"type":"hidden","value":value},"messages":[],"meta":{}}]}}))
}

#[test]
fn malformed_options_are_errors_not_panics() {
    let cases = [
        (Ceremony::PasskeyLogin, serde_json::json!("{not json")),
        (Ceremony::PasskeyLogin, serde_json::json!("[1,2]")),
        (Ceremony::PasskeyLogin, serde_json::json!("{}")),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":"x"}"#)),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":{}}"#)),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":{"challenge":"!!"}}"#)),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":{"challenge":42}}"#)),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":{"challenge":"AAAA","allowCredentials":[1]}}"#)),
        (Ceremony::PasskeyLogin, serde_json::json!(r#"{"publicKey":{"challenge":"AAAA","allowCredentials":[{"id":"%%"}]}}"#)),
        (Ceremony::PasskeySettingsRegister, serde_json::json!(r#"{"publicKey":{"challenge":"AAAA"}}"#)),
        (Ceremony::PasskeySettingsRegister, serde_json::json!(r#"{"publicKey":{"challenge":"AAAA","user":"me"}}"#)),
        (Ceremony::PasskeyRegister, serde_json::json!(r#"{"credentialOptions":{"publicKey":{"challenge":"AAAA","user":{"id":"?"}}}}"#)),
    ];
    for (c, value) in cases {
        let f = flow_with(c.options_node(), value.clone());
        let result = raw(&f, c).and_then(|r| prepare(c, r, Some("x")));
        assert!(matches!(result, Err(WebAuthnError::InvalidOptions(_))), "{c:?} {value}: {result:?}");
    }
    // An object value (not a string) is accepted as-is.
    let f = flow_with("passkey_challenge", serde_json::json!({"publicKey":{"challenge":"AAAA"}}));
    let pk = prepare(Ceremony::PasskeyLogin, raw(&f, Ceremony::PasskeyLogin).unwrap(), None).unwrap();
    assert_eq!(bytes_at(&pk, &["challenge"]), &[0, 0, 0]);
}

#[test]
fn trait_values_follow_dotted_names() {
    let traits: Value = serde_json::from_value(serde_json::json!({"email":"a@b.c","name":{"first":"Ada"},"n":1,"e":""})).unwrap();
    assert_eq!(trait_value(&traits, "traits.email"), Some("a@b.c"));
    assert_eq!(trait_value(&traits, "traits.name.first"), Some("Ada"));
    assert_eq!(trait_value(&traits, "email"), Some("a@b.c"));
    assert_eq!(trait_value(&traits, "traits.n"), None);
    assert_eq!(trait_value(&traits, "traits.e"), None);
    assert_eq!(trait_value(&traits, "traits.missing"), None);
}

// ---------------------------------------------------------------- encoding

#[test]
fn assertion_json_matches_the_scripts_json_stringify() {
    let a = Assertion {
        id: "AQID".into(),
        raw_id: vec![1, 2, 3],
        credential_type: "public-key".into(),
        authenticator_data: vec![0xfb, 0xff],
        client_data_json: br#"{"type":"webauthn.get"}"#.to_vec(),
        signature: vec![0x30, 0x44],
        user_handle: Some(b"user".to_vec()),
    };
    assert_eq!(
        assertion_json(&a),
        r#"{"id":"AQID","rawId":"AQID","type":"public-key","response":{"authenticatorData":"-_8","clientDataJSON":"eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0","signature":"MEQ","userHandle":"dXNlcg"}}"#
    );
    let none = Assertion { user_handle: None, ..a };
    let parsed: serde_json::Value = serde_json::from_str(&assertion_json(&none)).unwrap();
    assert_eq!(parsed["response"]["userHandle"], "", "null userHandle encodes as an empty string, like the script");
}

#[test]
fn attestation_json_matches_the_scripts_json_stringify() {
    let a = Attestation {
        id: "id-_".into(),
        raw_id: vec![0xff; 4],
        credential_type: "public-key".into(),
        attestation_object: vec![0xa3, 0x63],
        client_data_json: b"{}".to_vec(),
    };
    assert_eq!(
        attestation_json(&a),
        r#"{"id":"id-_","rawId":"_____w","type":"public-key","response":{"attestationObject":"o2M","clientDataJSON":"e30"}}"#
    );
}

#[test]
fn json_strings_are_escaped_like_json_stringify() {
    assert_eq!(string("a\"b\\c\n\r\t\u{8}\u{c}\u{1}é"), r#""a\"b\\c\n\r\t\b\f\u0001é""#);
    let weird = Attestation { id: "\"}".into(), ..Default::default() };
    let parsed: serde_json::Value = serde_json::from_str(&attestation_json(&weird)).unwrap();
    assert_eq!(parsed["id"], "\"}");
}

// ---------------------------------------------------------------- submit bodies

#[test]
fn submit_bodies_carry_method_credential_and_extras() {
    let traits: Value = serde_json::from_value(serde_json::json!({"email":"a@b.c"})).unwrap();
    let cases = [
        (Ceremony::PasskeyLogin, Extras::default(), serde_json::json!({"method":"passkey","passkey_login":"C"})),
        (
            Ceremony::PasskeyRegister,
            Extras { traits: Some(traits.clone()), ..Default::default() },
            serde_json::json!({"method":"passkey","passkey_register":"C","traits":{"email":"a@b.c"}}),
        ),
        (Ceremony::PasskeySettingsRegister, Extras::default(), serde_json::json!({"method":"passkey","passkey_settings_register":"C"})),
        (
            Ceremony::WebauthnLogin,
            Extras { identifier: Some("a@b.c".into()), ..Default::default() },
            serde_json::json!({"method":"webauthn","webauthn_login":"C","identifier":"a@b.c"}),
        ),
        (Ceremony::WebauthnLogin, Extras::default(), serde_json::json!({"method":"webauthn","webauthn_login":"C","identifier":""})),
        (
            Ceremony::WebauthnRegister,
            Extras { display_name: Some("Key".into()), ..Default::default() },
            serde_json::json!({"method":"webauthn","webauthn_register":"C","webauthn_register_displayname":"Key"}),
        ),
        (
            Ceremony::WebauthnRegister,
            Extras { traits: Some(traits.clone()), ..Default::default() },
            serde_json::json!({"method":"webauthn","webauthn_register":"C","traits":{"email":"a@b.c"},"webauthn_register_displayname":""}),
        ),
    ];
    for (c, extras, want) in cases {
        assert_eq!(json(&submit_body(c, "C".into(), extras)), want, "{c:?}");
    }
}

#[test]
fn only_sign_up_ceremonies_need_traits() {
    let (reg, settings) = (flow("webauthn-registration-step2.json"), flow("webauthn-settings.json"));
    assert!(signs_up(&reg, Ceremony::PasskeyRegister));
    assert!(signs_up(&reg, Ceremony::WebauthnRegister), "passwordless security key sign-up");
    assert!(!signs_up(&settings, Ceremony::WebauthnRegister), "settings flows carry their identity");
    assert!(!signs_up(&reg, Ceremony::WebauthnLogin));
    assert!(!signs_up(&settings, Ceremony::PasskeySettingsRegister));
}

// ---------------------------------------------------------------- script mode (pure part)

#[test]
fn script_node_is_found_and_checked_against_the_flows_origin() {
    let f = flow("webauthn-login-passkey.json");
    let s = script_node(&f).expect("script node");
    assert!(s.src.ends_with("/.well-known/ory/webauthn.js"), "{}", s.src);
    assert!(s.integrity.starts_with("sha512-"));
    assert_eq!(s.crossorigin, "anonymous");
    assert_eq!(s.referrerpolicy, "no-referrer");
    assert_eq!(s.id, "webauthn_script");
    assert!(!s.nonce.is_empty());

    let mut foreign = f.0.clone();
    for n in foreign["ui"]["nodes"].as_array_mut().unwrap() {
        if n["type"] == "script" {
            n["attributes"]["src"] = "https://evil.example/webauthn.js".into();
        }
    }
    assert_eq!(script_node(&V(foreign.clone())), None, "a script on another origin than ui.action is ignored");
    for n in foreign["ui"]["nodes"].as_array_mut().unwrap() {
        if n["type"] == "script" {
            n["attributes"]["src"] = "javascript:alert(1)".into();
        }
    }
    assert_eq!(script_node(&V(foreign)), None);
}

#[test]
fn triggers_of_real_flows() {
    let login = flow("webauthn-login-passkey.json");
    let t = triggers(&login);
    let names: Vec<_> = t.iter().map(|t| (t.node.as_str(), t.onclick, t.onload)).collect();
    assert_eq!(
        names,
        [
            ("passkey_login_trigger", Some(Trigger::PasskeyLogin), Some(Trigger::PasskeyLoginAutocompleteInit)),
            ("passkey_login", None, Some(Trigger::PasskeyLoginAutocompleteInit)),
        ]
    );
    assert_eq!(onload_triggers(&login), [Trigger::PasskeyLoginAutocompleteInit]);
    assert!(needs_script(&login));

    let settings = flow("webauthn-settings.json");
    let clicks: Vec<_> = triggers(&settings).into_iter().filter_map(|t| t.onclick).collect();
    assert_eq!(clicks, [Trigger::PasskeySettingsRegistration, Trigger::WebAuthnRegistration]);
    assert!(onload_triggers(&settings).is_empty());

    let aal2 = flow("webauthn-login-aal2.json");
    assert_eq!(triggers(&aal2).into_iter().filter_map(|t| t.onclick).collect::<Vec<_>>(), [Trigger::WebAuthnLogin]);

    let plain = flow("handwritten-flow-400-login-invalid-credentials.json");
    assert!(triggers(&plain).is_empty());
}
