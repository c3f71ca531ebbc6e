#![cfg(not(target_arch = "wasm32"))]
//! Property/fuzz tests: the response classifier and the model decoders never panic on random
//! bytes, on random JSON, or on mutated real Kratos bodies; they always give a typed answer.
//! Bounded (a few thousand cases) so it runs in CI on every test run.

mod common;
use common::{fixture, parse, V};
use kratos_browser::decide::classify;
use kratos_browser::json::Json;
use kratos_browser::models::{ErrorEnvelope, LoginFlow, Session, SettingsFlow, SuccessfulLogin};
use kratos_browser::request::{percent_decode, query_pairs};
use kratos_browser::{api::flow_kind::FlowKind, api::session::next_page_token, redirect::origin_of};
use proptest::prelude::*;

const FIXTURES: [&str; 8] = [
    "handwritten-flow-400-login-invalid-credentials.json",
    "handwritten-flow-future-node-types.json",
    "handwritten-session-200.json",
    "handwritten-login-success.json",
    "handwritten-error-422-location-change.json",
    "handwritten-error-410-expired-submit.json",
    "handwritten-error-403-csrf.json",
    "handwritten-registration-success-null-continue-with.json",
];

fn exercise(status: u16, text: &str) {
    let _ = classify(status, text, parse);
    if let Some(v) = parse(text) {
        let _ = v.decode::<LoginFlow>();
        let _ = v.decode::<SettingsFlow>();
        let _ = v.decode::<Session>();
        let _ = v.decode::<SuccessfulLogin>();
        let _ = v.decode::<ErrorEnvelope>();
        let _ = kratos_browser::helpers::ui::csrf_token_of(&v);
        let _ = v.str_at("error.details.redirect_to");
    }
}

/// Random JSON values, nested a few levels, with Kratos-ish keys so decoders go deep.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let key = prop_oneof![
        Just("id".to_string()),
        Just("ui".to_string()),
        Just("nodes".to_string()),
        Just("attributes".to_string()),
        Just("node_type".to_string()),
        Just("type".to_string()),
        Just("error".to_string()),
        Just("messages".to_string()),
        Just("redirect_browser_to".to_string()),
        Just("use_flow_id".to_string()),
        Just("value".to_string()),
        "[a-z_]{1,8}",
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        ".{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6).prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(status in any::<u16>(), bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        exercise(status, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_json_never_panics(status in prop::sample::select(vec![200u16, 204, 400, 401, 403, 404, 410, 422, 500]), v in json_value()) {
        exercise(status, &v.to_string());
    }

    #[test]
    fn mutated_fixtures_never_panic(which in 0..FIXTURES.len(), cut in any::<prop::sample::Index>(), byte in any::<u8>(), status in any::<u16>()) {
        let text = fixture(FIXTURES[which]);
        let at = cut.index(text.len().max(1));
        let mut bytes = text.into_bytes();
        if at < bytes.len() { bytes[at] = byte; }
        exercise(status, &String::from_utf8_lossy(&bytes));
        bytes.truncate(at);
        exercise(status, &String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn json_quote_round_trips_through_a_real_json_parser(s in "(?s).{0,40}") {
        let quoted = kratos_browser::json::quote(&s);
        prop_assert_eq!(serde_json::from_str::<String>(&quoted).unwrap(), s);
    }

    #[test]
    fn url_helpers_never_panic(s in ".{0,80}") {
        let _ = origin_of(&s);
        let _ = percent_decode(&s);
        let _ = query_pairs(&s);
        let _ = next_page_token(&s);
        let _ = FlowKind::restart_from("http://localhost:4433", &s);
    }
}

#[test]
fn valid_fixture_bodies_decode_after_random_free_roundtrip() {
    // A sanity anchor: the unmutated fixtures classify without error-panics and decode.
    let v: V = parse(&fixture("handwritten-session-200.json")).unwrap();
    assert!(v.decode::<Session>().is_ok());
}
