//! The client's behaviours on scripted responses (no network): 410 restart, step-up outcomes,
//! GET-expired restart, retries of idempotent GETs only.

mod common;
use common::{answer, fixture, run, Scripted, V};
use kratos_browser::api::flow_kind::FlowKind;
use kratos_browser::api::login::CreateBrowserLoginFlowParams;
use kratos_browser::decide::{self, NextSteps, SessionEffect, SkipReason, Step, StepAction};
use kratos_browser::transport::RawResponse;
use kratos_browser::{Client, Config, Error, Outcome};
use std::future::Future;

fn ok(status: u16, body: &str) -> Result<RawResponse, Error<V>> {
    answer(status, body)
}

fn client(answers: Vec<Result<RawResponse, Error<V>>>) -> Client<Scripted> {
    Client::new(Config::new("http://localhost:4433"), Scripted::new(answers)).unwrap()
}

fn login_flow_with_id(id: &str) -> String {
    fixture("handwritten-flow-400-login-invalid-credentials.json").replace("0b6a6c52-3f3c-4a4f-8a57-6f0d6a7c9a11", id)
}

#[test]
fn submit_410_fetches_replacement_flow_and_marks_restarted() {
    let c = client(vec![
        ok(410, &fixture("handwritten-error-410-expired-submit.json")),
        ok(200, &login_flow_with_id("5f0a5c1e-8d7e-4b1e-9c1a-2b3c4d5e6f70")),
    ]);
    let out = run(c.update_login_flow("old", "{}".into(), &())).unwrap();
    let Outcome::Restarted { flow } = out else { panic!("{out:?}") };
    assert_eq!(flow.0["id"], "5f0a5c1e-8d7e-4b1e-9c1a-2b3c4d5e6f70");
    let seen = c.transport().seen.borrow();
    assert_eq!(seen[1].1, "http://localhost:4433/self-service/login/flows?id=5f0a5c1e-8d7e-4b1e-9c1a-2b3c4d5e6f70");
}

#[test]
fn login_422_to_aal2_is_aal2_required_keeping_return_to() {
    let body = r#"{"error":{"id":"browser_location_change_required","code":422,"message":"m"},"redirect_browser_to":"http://localhost:4433/self-service/login/browser?aal=aal2&return_to=http%3A%2F%2Flocalhost%3A5173%2Fdone"}"#;
    let out = run(c_update(body, 422)).unwrap();
    let Outcome::Aal2Required { return_to, .. } = out else { panic!("{out:?}") };
    assert_eq!(return_to.as_deref(), Some("http://localhost:5173/done"));
}

fn c_update(body: &str, status: u16) -> impl Future<Output = Result<Outcome<V>, Error<V>>> {
    let c = client(vec![ok(status, body)]);
    async move { c.update_login_flow("f", "{}".into(), &()).await }
}

#[test]
fn login_422_elsewhere_stays_a_redirect() {
    let out = run(c_update(&fixture("handwritten-error-422-location-change.json").replace("?aal=aal2", "?x=1"), 422)).unwrap();
    assert!(matches!(out, Outcome::Redirect { .. }), "{out:?}");
}

#[test]
fn settings_403_refresh_and_aal2_are_outcomes() {
    let c = client(vec![
        ok(403, &fixture("handwritten-error-403-refresh-required.json")),
        ok(403, &fixture("handwritten-error-403-aal2-required.json")),
    ]);
    assert!(matches!(run(c.update_settings_flow("s", "{}".into(), &())).unwrap(), Outcome::RefreshRequired { .. }));
    assert!(matches!(run(c.update_settings_flow("s", "{}".into(), &())).unwrap(), Outcome::Aal2Required { .. }));
}

#[test]
fn recovery_answer_with_other_flow_id_is_restarted() {
    let flow = login_flow_with_id("new-id");
    let c = client(vec![ok(200, &flow), ok(200, &flow)]);
    assert!(matches!(run(c.update_recovery_flow("old-id", None, "{}".into(), &())).unwrap(), Outcome::Restarted { .. }));
    assert!(matches!(run(c.update_recovery_flow("new-id", None, "{}".into(), &())).unwrap(), Outcome::Flow(_)));
}

#[test]
fn get_expired_flow_is_recreated_with_the_same_parameters() {
    let expired = r#"{"error":{"id":"self_service_flow_expired","code":410,"message":"gone","details":{"redirect_to":"http://localhost:4433/self-service/login/browser?return_to=http%3A%2F%2Flocalhost%3A5173%2Fx&refresh=true&evil=1"}}}"#;
    let c = client(vec![ok(410, expired), ok(200, &login_flow_with_id("fresh"))]);
    let flow = run(c.get_login_flow("old", &())).unwrap();
    assert_eq!(flow.0["id"], "fresh");
    assert_eq!(
        c.transport().seen.borrow()[1].1,
        "http://localhost:4433/self-service/login/browser?return_to=http%3A%2F%2Flocalhost%3A5173%2Fx&refresh=true"
    );
}

#[test]
fn get_expired_pointing_elsewhere_is_not_followed() {
    let expired = r#"{"error":{"id":"self_service_flow_expired","code":410,"message":"gone","details":{"redirect_to":"https://evil.example.com/self-service/login/browser"}}}"#;
    let c = client(vec![ok(410, expired)]);
    let e = run(c.get_login_flow("old", &())).unwrap_err();
    assert_eq!(e.id(), Some("self_service_flow_expired"));
    assert_eq!(c.transport().seen.borrow().len(), 1);
}

#[test]
fn restart_flow_rebuilds_init_from_request_url() {
    let c = client(vec![ok(200, &login_flow_with_id("again"))]);
    let flow =
        run(c.restart_flow("http://localhost:4433/self-service/registration/browser?return_to=http%3A%2F%2Flocalhost%3A5173%2F", &()))
            .unwrap();
    assert_eq!(flow.0["id"], "again");
    assert_eq!(
        c.transport().seen.borrow()[0].1,
        "http://localhost:4433/self-service/registration/browser?return_to=http%3A%2F%2Flocalhost%3A5173%2F"
    );
    assert!(run(client(vec![]).restart_flow("https://evil/self-service/login/browser", &())).is_err());
}

#[test]
fn network_errors_retry_idempotent_gets_only() {
    let c = client(vec![Err(Error::Network("down".into())), Err(Error::Network("down".into())), ok(200, &login_flow_with_id("x"))]);
    assert!(run(c.create_browser_login_flow(&CreateBrowserLoginFlowParams::default(), &())).is_ok());
    assert_eq!(c.transport().seen.borrow().len(), 3);
    let c = client(vec![Err(Error::Network("down".into())), ok(200, "{}")]);
    assert!(matches!(run(c.update_login_flow("f", "{}".into(), &())), Err(Error::Network(_))));
    assert_eq!(c.transport().seen.borrow().len(), 1, "POST is never retried");
}

#[test]
fn timeouts_are_not_retried() {
    let c = client(vec![Err(Error::Timeout(10)), ok(200, "{}")]);
    assert!(matches!(run(c.to_session(&Default::default(), &())), Err(Error::Timeout(10))));
}

#[test]
fn settings_200_in_show_form_is_a_flow_not_success() {
    let flow = fixture("handwritten-flow-400-login-invalid-credentials.json");
    let show_form = flow.replace("\"state\":\"choose_method\"", "\"state\":\"show_form\"");
    let success = flow.replace("\"state\":\"choose_method\"", "\"state\":\"success\"");
    let id = "0b6a6c52-3f3c-4a4f-8a57-6f0d6a7c9a11";
    let c = client(vec![ok(200, &show_form), ok(200, &success)]);
    assert!(matches!(run(c.update_settings_flow(id, "{}".into(), &())).unwrap(), Outcome::Flow(_)));
    assert!(matches!(run(c.update_settings_flow(id, "{}".into(), &())).unwrap(), Outcome::Ok(_)));
}

// ---- decisions added with the decision table (each failed on the code before it) ----

#[test]
fn a_submit_answered_204_is_an_invalid_response_not_a_success() {
    for kind in ["login", "registration", "settings", "recovery", "verification"] {
        let c = client(vec![ok(204, "")]);
        let out = match kind {
            "login" => run(c.update_login_flow("f", "{}".into(), &())),
            "registration" => run(c.update_registration_flow("f", "{}".into(), &())),
            "settings" => run(c.update_settings_flow("f", "{}".into(), &())),
            "recovery" => run(c.update_recovery_flow("f", None, "{}".into(), &())),
            _ => run(c.update_verification_flow("f", None, "{}".into(), &())),
        };
        let e = out.unwrap_err();
        assert_eq!(e.kind(), kratos_browser::ErrorKind::InvalidResponse, "{kind}: {e}");
        assert_eq!(e.status(), Some(204));
    }
}

#[test]
fn step_up_and_redirect_urls_are_checked_before_the_app_sees_them() {
    let aal2 = r#"{"error":{"id":"session_aal2_required","code":403,"message":"m"},"redirect_browser_to":"javascript:alert(1)"}"#;
    let refresh = r#"{"error":{"id":"session_refresh_required","code":403,"message":"m"},"redirect_browser_to":"https://evil.example/x"}"#;
    let redirect = r#"{"error":{"id":"browser_location_change_required","code":422,"message":"m"},"redirect_browser_to":"http://localhost:4433:80/x"}"#;
    let c = client(vec![ok(403, aal2), ok(403, refresh), ok(422, redirect)]);
    for _ in 0..3 {
        let e = run(c.update_settings_flow("s", "{}".into(), &())).unwrap_err();
        assert_eq!(e.kind(), kratos_browser::ErrorKind::UnsafeRedirect, "{e}");
    }
}

#[test]
fn an_api_errors_unsafe_redirect_target_is_not_handed_out() {
    let body = r#"{"error":{"id":"self_service_flow_return_to_forbidden","code":400,"message":"m","details":{"redirect_to":"javascript:alert(1)"}}}"#;
    let c = client(vec![ok(400, body)]);
    let Err(Error::Api(e)) = run(c.update_login_flow("f", "{}".into(), &())) else { panic!() };
    assert_eq!(e.redirect_browser_to, None);
}

#[test]
fn a_logout_url_off_kratos_is_refused() {
    let c = client(vec![
        ok(200, r#"{"logout_url":"javascript:alert(1)","logout_token":"t"}"#),
        ok(200, r#"{"logout_url":"http://localhost:4433/self-service/logout?token=t","logout_token":"t"}"#),
    ]);
    let p = Default::default();
    assert_eq!(run(c.create_browser_logout_flow(&p, &())).unwrap_err().kind(), kratos_browser::ErrorKind::UnsafeRedirect);
    assert!(run(c.create_browser_logout_flow(&p, &())).is_ok());
}

#[test]
fn a_submit_by_id_without_a_known_token_fetches_the_flow_first() {
    let flow = login_flow_with_id("f");
    let c = client(vec![ok(200, &flow), ok(400, &flow)]);
    let out = run(c.submit_by_id(FlowKind::Login, "f", None, r#"{"method":"password"}"#.into(), None, &())).unwrap();
    assert!(matches!(out, Outcome::Flow(_)));
    let seen = c.transport().seen.borrow();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].1, "http://localhost:4433/self-service/login/flows?id=f");
    assert_eq!(seen[1].1, "http://localhost:4433/self-service/login?flow=f");
}

#[test]
fn csrf_tokens_of_returned_flows_are_remembered_by_id() {
    let flow = login_flow_with_id("f");
    let c = client(vec![ok(200, &flow), ok(400, &flow)]);
    run(c.get_login_flow("f", &())).unwrap();
    assert!(c.cached_csrf("f").is_some());
    run(c.submit_by_id(FlowKind::Login, "f", None, "{}".into(), None, &())).unwrap();
    assert_eq!(c.transport().seen.borrow().len(), 2, "no extra GET when the token is known");
}

/// A client whose app (the UI URLs of the fixtures) is on `http://localhost:5173` (record-v26.mjs) or on the
/// port tests/fixtures/record.mjs happened to use.
fn app_client(answers: Vec<Result<RawResponse, Error<V>>>) -> Client<Scripted> {
    let mut config = Config::new("http://localhost:4433");
    config.allowed_redirect_origins = vec!["http://localhost:5173".into(), "http://localhost:33167".into()];
    Client::new(config, Scripted::new(answers)).unwrap()
}

#[test]
fn success_next_step_prefers_a_ui_step_and_skips_tokens_and_unknown_actions() {
    // handwritten-login-success.json: redirect_browser_to, show_verification_ui, an unknown action.
    let mut json: serde_json::Value = serde_json::from_str(&fixture("handwritten-login-success.json")).unwrap();
    let items = json["continue_with"].as_array_mut().unwrap();
    items.insert(0, serde_json::json!({ "action": "redirect_browser_to", "redirect_browser_to": "https://evil.example/" }));
    items.insert(0, serde_json::json!({ "action": "set_ory_session_token", "ory_session_token": "t" }));
    let body = json.to_string();
    let c = app_client(vec![ok(200, &body)]);
    let out = run(c.update_login_flow("f", "{}".into(), &())).unwrap();
    assert!(matches!(out, Outcome::Ok(_)), "{out:?}");
    let steps = c.next_steps(&out);
    assert_eq!(
        steps.next,
        Some(Step {
            action: StepAction::ShowVerificationUi,
            flow_id: Some("7e7e7e7e-7777-4777-8777-777777777777".into()),
            url: Some("http://localhost:5173/verification?flow=7e7e".into()),
            address: Some("a@b.c".into()),
        })
    );
    let skipped: Vec<&str> = steps.skipped.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(skipped, ["set_ory_session_token", "redirect_browser_to", "teleport"]);
    let reasons: Vec<SkipReason> = steps.skipped.iter().map(|s| s.reason).collect();
    assert_eq!(reasons, [SkipReason::NativeOnly, SkipReason::UnsafeUrl, SkipReason::UnknownAction]);
    assert_eq!(decide::session_effect(FlowKind::Login, &out, &steps), SessionEffect::SignedIn);
}

#[test]
fn success_next_step_is_the_checked_redirect_when_there_is_no_ui_step() {
    // recorded-settings-success.json points back at its own flow: no next step (the app shows it already).
    let settings = fixture("recorded-settings-success.json");
    let c = app_client(vec![ok(200, &settings), ok(200, &settings.replace("/settings?flow=", "/after?x="))]);
    let flow_id = "a76118a4-021a-4336-9f2f-7975593b7dba";
    let out = run(c.update_settings_flow(flow_id, "{}".into(), &())).unwrap();
    assert_eq!(c.next_steps(&out), NextSteps::default());
    // With a return_to elsewhere, that is the next step.
    let out = run(c.update_settings_flow(flow_id, "{}".into(), &())).unwrap();
    let steps = c.next_steps(&out);
    let Some(Step { action: StepAction::Redirect, url: Some(to), .. }) = steps.next else { panic!("{steps:?}") };
    assert_eq!(to, format!("http://localhost:33167/after?x={flow_id}"));
}

#[test]
fn recovery_code_accepted_with_transitions_is_a_flow_showing_settings_and_signs_in() {
    let c = app_client(vec![ok(200, &fixture("recorded-v26-recovery-continue-with.json"))]);
    let flow: serde_json::Value = serde_json::from_str(&fixture("recorded-v26-recovery-continue-with.json")).unwrap();
    let id = flow["id"].as_str().unwrap();
    let out = run(c.update_recovery_flow(id, None, "{}".into(), &())).unwrap();
    assert!(matches!(out, Outcome::Flow(_)), "{out:?}");
    let steps = c.next_steps(&out);
    assert_eq!(decide::session_effect(FlowKind::Recovery, &out, &steps), SessionEffect::SignedIn);
    let Some(Step { action: StepAction::ShowSettingsUi, flow_id: Some(flow_id), url, .. }) = steps.next else { panic!("no settings step") };
    assert_eq!(flow_id, flow["continue_with"][0]["flow"]["id"].as_str().unwrap());
    assert!(url.is_some_and(|u| u.ends_with(&format!("/settings?flow={flow_id}"))));
    // Without continue_with (code sent), nothing changes.
    let sent = client(vec![ok(200, &fixture("recorded-recovery-sent-email.json"))]);
    let sent_id = serde_json::from_str::<serde_json::Value>(&fixture("recorded-recovery-sent-email.json")).unwrap()["id"].clone();
    let out = run(sent.update_recovery_flow(sent_id.as_str().unwrap(), None, "{}".into(), &())).unwrap();
    assert_eq!(sent.next_steps(&out), NextSteps::default());
    assert_eq!(decide::session_effect(FlowKind::Recovery, &out, &NextSteps::default()), SessionEffect::Unchanged);
}

#[test]
fn login_403_verified_address_required_is_an_outcome_carrying_the_verification_flow() {
    let body = fixture("recorded-v26-error-403-verified-address-required.json");
    let c = app_client(vec![ok(403, &body), ok(403, &body)]);
    let out = run(c.update_login_flow("f", "{}".into(), &())).unwrap();
    assert!(matches!(out, Outcome::VerificationRequired { .. }), "{out:?}");
    let steps = c.next_steps(&out);
    assert_eq!(decide::session_effect(FlowKind::Login, &out, &steps), SessionEffect::Unchanged);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let item = &json["error"]["details"]["continue_with"][0];
    let Some(Step { action: StepAction::ShowVerificationUi, flow_id: Some(flow_id), url, address }) = steps.next else {
        panic!("no verification step")
    };
    assert_eq!(flow_id, item["flow"]["id"].as_str().unwrap());
    assert_eq!(address.as_deref(), item["flow"]["verifiable_address"].as_str());
    assert!(url.is_some_and(|u| u.contains(&flow_id)));
    // Only on login: elsewhere it stays an API error.
    assert!(matches!(run(c.update_settings_flow("s", "{}".into(), &())), Err(Error::Api(_))));
}

#[test]
fn list_my_sessions_403_aal2_required_is_a_typed_api_error() {
    // Recorded on a Kratos at localhost:38591: its aal2 login URL is on Kratos' origin.
    let answers = vec![ok(403, &fixture("recorded-v26-error-403-sessions-aal2-required.json"))];
    let c = Client::new(Config::new("http://localhost:38591"), Scripted::new(answers)).unwrap();
    let Err(Error::Api(e)) = run(c.list_my_sessions(&Default::default(), &())) else { panic!("expected an API error") };
    assert_eq!((e.status, e.id.as_deref()), (403, Some("session_aal2_required")));
    assert!(e.redirect_browser_to.is_some_and(|u| u.ends_with("/self-service/login/browser?aal=aal2")));
}

#[test]
fn identity_schema_is_a_query_parameter_of_login_and_registration_flows() {
    let c = client(vec![ok(200, &login_flow_with_id("a")), ok(200, &login_flow_with_id("b"))]);
    let mut p = CreateBrowserLoginFlowParams::default();
    p.identity_schema = Some("alt".into());
    run(c.create_browser_login_flow(&p, &())).unwrap();
    let mut r = kratos_browser::api::registration::CreateBrowserRegistrationFlowParams::default();
    r.identity_schema = Some("alt".into());
    run(c.create_browser_registration_flow(&r, &())).unwrap();
    let seen = c.transport().seen.borrow();
    assert_eq!(seen[0].1, "http://localhost:4433/self-service/login/browser?identity_schema=alt");
    assert_eq!(seen[1].1, "http://localhost:4433/self-service/registration/browser?identity_schema=alt");
}
