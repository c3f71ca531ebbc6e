//! Second-factor readers and the typed update bodies, on flows recorded from Kratos v1.3.1
//! (TOTP linked + backup codes revealed after one was used; an aal2 login flow with both factors).

mod common;
use common::{fixture, parse};
use kratos_browser::helpers::second_factor::*;
use kratos_browser::json::Json;
use kratos_browser::models::*;

fn flow<T: serde::de::DeserializeOwned>(name: &str) -> T {
    parse(&fixture(name)).unwrap().decode().unwrap()
}

fn json(body: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(body).unwrap()
}

#[test]
fn totp_enrolment_reads_secret_and_qr_code() {
    let f: SettingsFlow = flow("webauthn-settings.json");
    let secret = totp_secret(&f.ui).unwrap();
    assert_eq!(secret.len(), 32, "{secret}");
    assert!(secret.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)), "base32: {secret}");
    assert!(totp_qr_code(&f.ui).unwrap().starts_with("data:image/png;base64,"));
    assert!(!totp_linked(&f.ui));
    assert_eq!(lookup_secret_actions(&f.ui), [LookupSecretAction::Regenerate]);
    assert_eq!(lookup_secret_codes(&f.ui), None);
}

#[test]
fn revealed_backup_codes_mark_the_used_one() {
    let f: SettingsFlow = flow("settings-totp-linked-lookup-revealed.json");
    assert!(totp_linked(&f.ui));
    assert_eq!((totp_secret(&f.ui), totp_qr_code(&f.ui)), (None, None), "no new secret once linked");
    let codes = lookup_secret_codes(&f.ui).unwrap();
    assert_eq!(codes.len(), 12);
    assert_eq!(codes[0], LookupCode::Used { used_at: Some("2026-11-22T04:35:41Z".into()) });
    assert_eq!(codes[1], LookupCode::Usable("05qbcj3s".into()));
    assert_eq!(codes.iter().filter(|c| matches!(c, LookupCode::Usable(_))).count(), 11);
    assert_eq!(lookup_secret_actions(&f.ui), [LookupSecretAction::Regenerate, LookupSecretAction::Disable]);
}

#[test]
fn aal2_login_flow_offers_totp_and_backup_codes() {
    let f: LoginFlow = flow("login-aal2-totp-lookup.json");
    assert_eq!(f.requested_aal, Some(Aal::Aal2));
    assert_eq!(second_factors(&f.ui), [SecondFactor::Totp, SecondFactor::LookupSecret]);
    let f: LoginFlow = flow("webauthn-login-aal2.json");
    assert_eq!(second_factors(&f.ui), [SecondFactor::Webauthn]);
    let f: LoginFlow = flow("handwritten-flow-400-login-invalid-credentials.json");
    assert_eq!(second_factors(&f.ui), []);
}

#[test]
fn aal2_login_flow_with_code_offers_addresses() {
    // Kratos v1.3.1, code `mfa_enabled`, `?aal=aal2&via=email`: one `address` button, no `method` submit.
    let f: LoginFlow = flow("login-aal2-code.json");
    assert_eq!(second_factors(&f.ui), [SecondFactor::Code]);
}

#[test]
fn bodies_carry_the_method_tag_the_flow_csrf_token_and_only_set_fields() {
    let f: LoginFlow = flow("login-aal2-totp-lookup.json");
    let csrf = kratos_browser::helpers::ui::csrf_token(&f.ui).unwrap();
    let body = UpdateLoginFlowBody::for_flow(&f.ui, LoginMethod::Totp { totp_code: "123456".into() });
    assert_eq!(json(&body), serde_json::json!({ "method": "totp", "totp_code": "123456", "csrf_token": csrf }));
    let body = UpdateBody::for_flow(&f.ui, LoginMethod::LookupSecret { lookup_secret: "05qbcj3s".into() });
    assert_eq!(json(&body)["method"], "lookup_secret");

    let enable = UpdateBody { method: SettingsMethod::enable_totp("654321"), csrf_token: None, transient_payload: None };
    assert_eq!(json(&enable), serde_json::json!({ "method": "totp", "totp_code": "654321" }));
    assert_eq!(json(&SettingsMethod::unlink_totp()), serde_json::json!({ "method": "totp", "totp_unlink": true }));
    assert_eq!(
        json(&SettingsMethod::lookup_secret(LookupSecretAction::Confirm)),
        serde_json::json!({ "method": "lookup_secret", "lookup_secret_confirm": true })
    );
    let traits = Value::Object(vec![("email".into(), Value::from("a@example.com"))]);
    let with_payload = UpdateBody::for_flow(&f.ui, RegistrationMethod::Profile { traits, screen: None })
        .with_transient_payload(Value::Object(vec![("ref".into(), Value::from("ad"))]));
    assert_eq!(
        json(&with_payload),
        serde_json::json!({ "method": "profile", "traits": { "email": "a@example.com" }, "csrf_token": csrf, "transient_payload": { "ref": "ad" } })
    );
    assert_eq!(
        json(&AddressMethod::Code {
            email: Some("a@example.com".into()),
            code: None,
            recovery_address: None,
            recovery_select_address: None,
            recovery_confirm_address: None,
            screen: None
        }),
        serde_json::json!({ "method": "code", "email": "a@example.com" })
    );
    assert_eq!(
        json(&LoginMethod::IdentifierFirst { identifier: "a".into() }),
        serde_json::json!({ "method": "identifier_first", "identifier": "a" })
    );
    assert_eq!(json(&LoginMethod::Passkey { passkey_login: None }), serde_json::json!({ "method": "passkey" }));
    let oidc = OidcProvider { provider: "generic".into(), traits: None, upstream_parameters: None };
    assert_eq!(json(&RegistrationMethod::Oidc(oidc)), serde_json::json!({ "method": "oidc", "provider": "generic" }));
}
