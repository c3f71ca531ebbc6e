//! The flow-rendering helpers exist twice on purpose: in Rust (`helpers::{ui, second_factor}` and the
//! pure part of `webauthn`, for Rust apps) and in TypeScript (`pkg/src/ui.ts`, `second-factor.ts`,
//! `webauthn.ts`: which ceremonies and `webauthn.js` triggers a flow offers; synchronous on the
//! flow objects a JS app already holds, so rendering never crosses into wasm). This test pins what
//! the Rust helpers read from every flow fixture to `tests/helpers-parity.expected.json`;
//! `tests/types/helpers-parity.test.mjs` pins the TypeScript helpers to the same file. A rule
//! changed on one side only fails one of the two.
//!
//! After an intended change: `KB_UPDATE_EXPECTED=1 cargo test --test helpers_parity`, then run the
//! TypeScript half.

mod common;
use common::{fixture, parse};
use kratos_browser::decide::flow_kind_of;
use kratos_browser::helpers::second_factor::{self as sf, LookupCode, SecondFactor};
use kratos_browser::helpers::ui;
use kratos_browser::models::{LookupSecretAction, UiContainer, UiNodeGroup, Value};
use kratos_browser::webauthn::{options, script};
use serde_json::{json, Map, Value as J};

const EXPECTED: &str = "tests/helpers-parity.expected.json";

fn to_json(v: &Value) -> J {
    serde_json::to_value(v).expect("a models::Value serialises")
}

/// What both implementations must read from one flow.
fn readings(raw: &J) -> J {
    let container: UiContainer = serde_json::from_value(raw["ui"].clone()).expect("ui decodes");
    let groups: Vec<UiNodeGroup> = container.nodes.iter().fold(Vec::new(), |mut seen, n| {
        if !seen.contains(&n.group) {
            seen.push(n.group.clone());
        }
        seen
    });
    let mut by_group = Map::new();
    let mut form_values = Map::new();
    for g in &groups {
        by_group.insert(g.as_str().into(), json!(ui::nodes_by_group(&container, g).len()));
        if *g != UiNodeGroup::Default {
            form_values.insert(g.as_str().into(), to_json(&ui::form_values(&container, g)));
        }
    }
    let (visible, hidden) = ui::split_visible_hidden(&container);
    let codes = sf::lookup_secret_codes(&container).map(|codes| {
        codes
            .into_iter()
            .map(|c| match c {
                LookupCode::Usable(code) => json!({ "code": code, "used": false }),
                LookupCode::Used { used_at } => json!({ "used": true, "usedAt": used_at }),
            })
            .collect::<Vec<_>>()
    });
    let action = |a: LookupSecretAction| match a {
        LookupSecretAction::Reveal => "reveal",
        LookupSecretAction::Regenerate => "regenerate",
        LookupSecretAction::Confirm => "confirm",
        LookupSecretAction::Disable => "disable",
    };
    let factor = |f: SecondFactor| match f {
        SecondFactor::Totp => "totp",
        SecondFactor::LookupSecret => "lookup_secret",
        SecondFactor::Webauthn => "webauthn",
        SecondFactor::Code => "code",
    };
    let view = common::V(raw.clone());
    let triggers: Vec<J> = script::triggers(&view)
        .into_iter()
        .map(|t| {
            let mut o = Map::new();
            o.insert("node".into(), json!(t.node));
            if let Some(c) = t.onclick {
                o.insert("onclick".into(), json!(c.global()));
            }
            if let Some(l) = t.onload {
                o.insert("onload".into(), json!(l.global()));
            }
            J::Object(o)
        })
        .collect();
    json!({
        "webAuthnCeremonies": options::ceremonies(&view).into_iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "webAuthnTriggers": triggers,
        "needsWebAuthnScript": script::needs_script(&view),
        "flowKind": flow_kind_of(&common::V(raw.clone())).map(|k| k.name()),
        "csrfToken": ui::csrf_token(&container),
        "groups": groups.iter().map(UiNodeGroup::as_str).collect::<Vec<_>>(),
        "byGroup": by_group,
        "labels": container.nodes.iter().map(ui::label_text).collect::<Vec<_>>(),
        "visible": visible.len(),
        "hidden": hidden.len(),
        "formValues": form_values,
        "totpSecret": sf::totp_secret(&container),
        "totpQrCode": sf::totp_qr_code(&container),
        "totpLinked": sf::totp_linked(&container),
        "lookupSecretCodes": codes,
        "lookupSecretActions": sf::lookup_secret_actions(&container).into_iter().map(action).collect::<Vec<_>>(),
        "secondFactors": sf::second_factors(&container).into_iter().map(factor).collect::<Vec<_>>(),
    })
}

/// Every fixture of the manifest whose Rust type is a flow (recorded and hand-written alike).
fn flow_fixtures() -> Vec<String> {
    let manifest: J = serde_json::from_str(&fixture("manifest.json")).expect("manifest parses");
    let mut names: Vec<String> = manifest["fixtures"]
        .as_object()
        .expect("fixtures object")
        .iter()
        .filter(|(_, m)| m["rust"].as_str().is_some_and(|t| t.ends_with("Flow") && t != "LogoutFlow"))
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn rust_helpers_read_every_flow_fixture_as_expected() {
    let fixtures = flow_fixtures();
    assert!(fixtures.len() >= 15, "expected the flow fixtures of the manifest, found {}", fixtures.len());
    let mut actual = Map::new();
    for name in &fixtures {
        let raw = parse(&fixture(name)).expect("fixture parses").0;
        actual.insert(name.clone(), readings(&raw));
    }
    let actual = J::Object(actual);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    if std::env::var_os("KB_UPDATE_EXPECTED").is_some() {
        std::fs::write(&path, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
    }
    let expected: J = serde_json::from_str(&std::fs::read_to_string(&path).expect("expected file")).expect("expected parses");
    for name in &fixtures {
        assert_eq!(actual[name], expected[name], "helpers on {name}");
    }
    assert_eq!(actual, expected, "the expected file lists exactly the flow fixtures");
}
