//! Older Kratos generations: the route table and rewrite (v1 request → the generation's request),
//! flow normalisation on the releases' own fixtures (tests/fixtures/legacy/*), and the client's
//! behaviour on scripted responses of each generation. v0.4–v0.6 need the `legacy` feature
//! (`cargo test --features legacy --test legacy`, a stage of scripts/test.sh); without it, the
//! client refuses them when it is created.

mod common;
use common::{answer, run, Scripted};
#[cfg(feature = "legacy")]
use common::{parse, V};
use kratos_browser::api::flow_kind::FlowKind;
use kratos_browser::api::{login, logout, misc, recovery, registration, session, settings, verification};
#[cfg(feature = "legacy")]
use kratos_browser::generation::{self, old_field_name};
use kratos_browser::generation::{rewrite, Generation, Operation, Via};
#[cfg(feature = "legacy")]
use kratos_browser::helpers::ui::csrf_token_of;
#[cfg(feature = "legacy")]
use kratos_browser::json::Json;
#[cfg(feature = "legacy")]
use kratos_browser::legacy_flow::normalise;
#[cfg(feature = "legacy")]
use kratos_browser::models::{LoginFlow, RecoveryFlow, RegistrationFlow, SettingsFlow, UiNodeAttributes, VerificationFlow};
use kratos_browser::request::{Method, RequestSpec};
#[cfg(feature = "legacy")]
use kratos_browser::Error;
use kratos_browser::{Client, Config, ErrorKind, Outcome};

const BASE: &str = "http://localhost:4433";

fn legacy(path: &str) -> String {
    let p = format!("{}/tests/fixtures/legacy/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("fixture {p}: {e}"))
}

fn url(g: Generation, spec: &RequestSpec, method: Option<&str>) -> (Via, String) {
    let r = rewrite(g, spec, method).unwrap();
    (r.via, r.spec.url(BASE))
}

// ---------------------------------------------------------------- parsing

#[test]
fn api_version_strings_parse_to_generations() {
    for (s, g) in [
        ("v1", Generation::V1),
        ("1.3.1", Generation::V1),
        ("v26.2.0", Generation::V1),
        ("v0.11", Generation::V0_8),
        ("v0.11.0", Generation::V0_8),
        ("0.8.2-alpha.1", Generation::V0_8),
        ("v0.10.1", Generation::V0_8),
        ("v0.6.3-alpha.1", Generation::V0_6),
        ("v0.5", Generation::V0_5),
        ("v0.4.6-alpha.1", Generation::V0_4),
    ] {
        assert_eq!(Generation::parse(s), Some(g), "{s}");
    }
    for bad in ["", "v0.7", "v0.3", "latest", "v0"] {
        assert_eq!(Generation::parse(bad), None, "{bad}");
    }
    let c: Config = serde_json::from_str(r#"{"baseUrl":"http://x","apiVersion":"v0.5"}"#).unwrap();
    assert_eq!(c.generation, Generation::V0_5);
    assert!(serde_json::from_str::<Config>(r#"{"baseUrl":"http://x","apiVersion":"v0.7"}"#).is_err());
    assert_eq!(Config::new("http://x").generation, Generation::V1);
}

#[test]
fn capability_flags_per_generation() {
    let c = |g: Generation| *g.caps();
    assert!(c(Generation::V1).json_submit && c(Generation::V1).my_sessions);
    assert!(c(Generation::V0_8).json_submit && c(Generation::V0_8).location_change_422 && !c(Generation::V0_8).my_sessions);
    for g in [Generation::V0_6, Generation::V0_5, Generation::V0_4] {
        assert!(!c(g).json_submit && !c(g).ajax_init && !c(g).logout_token && !c(g).webauthn, "{g:?}");
    }
    assert!(c(Generation::V0_6).ui_nodes && !c(Generation::V0_5).ui_nodes && !c(Generation::V0_4).ui_nodes);
    assert_eq!(c(Generation::V0_4).flow_query, "request");
    assert_eq!(Generation::ALL.map(|g| g.caps().name), ["v1", "v0.8", "v0.6", "v0.5", "v0.4"]);
}

// ---------------------------------------------------------------- the rewrite

#[test]
fn v1_requests_pass_through_unchanged() {
    let spec = login::create_browser_login_flow(&login::CreateBrowserLoginFlowParams::default().refresh(true).return_to("http://a/b"));
    let r = rewrite(Generation::V1, &spec, None).unwrap();
    assert_eq!((r.via, r.spec), (Via::Ajax, spec));
}

#[test]
fn every_v1_operation_is_recognised() {
    let cases: Vec<(RequestSpec, Operation)> = vec![
        (login::create_browser_login_flow(&Default::default()), Operation::InitFlow(FlowKind::Login)),
        (login::get_login_flow("i"), Operation::GetFlow(FlowKind::Login)),
        (login::update_login_flow("i", "{}".into()), Operation::SubmitFlow(FlowKind::Login)),
        (registration::update_registration_flow("i", "{}".into()), Operation::SubmitFlow(FlowKind::Registration)),
        (settings::get_settings_flow("i"), Operation::GetFlow(FlowKind::Settings)),
        (recovery::create_browser_recovery_flow(&Default::default()), Operation::InitFlow(FlowKind::Recovery)),
        (verification::update_verification_flow("i", None, "{}".into()), Operation::SubmitFlow(FlowKind::Verification)),
        (logout::create_browser_logout_flow(&Default::default()), Operation::CreateLogout),
        (logout::update_logout_flow("t", None), Operation::Logout),
        (session::to_session(&Default::default()), Operation::Whoami),
        (session::list_my_sessions(&Default::default()), Operation::ListMySessions),
        (session::disable_my_session("s"), Operation::DisableMySession),
        (session::disable_my_other_sessions(), Operation::DisableMyOtherSessions),
        (misc::get_flow_error("e"), Operation::FlowError),
        (misc::get_webauthn_javascript(), Operation::WebAuthnJs),
        (misc::list_identity_schemas(), Operation::ListSchemas),
        (misc::get_identity_schema("default"), Operation::GetSchema),
    ];
    for (spec, op) in cases {
        assert_eq!(Operation::of(&spec), Some(op), "{}", spec.path);
    }
}

#[test]
fn v0_8_keeps_paths_and_drops_newer_parameters() {
    let g = Generation::V0_8;
    let mut p = login::CreateBrowserLoginFlowParams::default();
    p.organization = Some("o".into());
    p.via = Some("email".into());
    let (via, u) = url(g, &login::create_browser_login_flow(&p.refresh(true).aal("aal2").return_to("http://a")), None);
    assert_eq!(
        (via, u.as_str()),
        (Via::Ajax, "http://localhost:4433/self-service/login/browser?refresh=true&aal=aal2&return_to=http%3A%2F%2Fa")
    );
    let mut rp = registration::CreateBrowserRegistrationFlowParams::default().return_to("http://a");
    rp.login_challenge = Some("c".into());
    assert_eq!(
        url(g, &registration::create_browser_registration_flow(&rp), None).1,
        "http://localhost:4433/self-service/registration/browser?return_to=http%3A%2F%2Fa"
    );
    assert_eq!(
        url(g, &login::update_login_flow("F", "{}".into()), None),
        (Via::Ajax, "http://localhost:4433/self-service/login?flow=F".into())
    );
    assert_eq!(
        url(
            g,
            &{
                let mut p = session::ToSessionParams::default();
                p.tokenize_as = Some("jwt".into());
                session::to_session(&p)
            },
            None
        )
        .1,
        "http://localhost:4433/sessions/whoami"
    );
    assert_eq!(
        url(g, &logout::update_logout_flow("T", Some("http://a")), None),
        (Via::Ajax, "http://localhost:4433/self-service/logout?token=T&return_to=http%3A%2F%2Fa".into())
    );
    assert_eq!(url(g, &misc::get_flow_error("E"), None).1, "http://localhost:4433/self-service/errors?id=E");
    for spec in [session::list_my_sessions(&Default::default()), session::disable_my_session("s"), session::disable_my_other_sessions()] {
        assert_eq!(rewrite(g, &spec, None).unwrap().via, Via::Unsupported);
    }
}

#[cfg(feature = "legacy")]
#[test]
fn v0_6_init_navigates_submits_natively_and_gets_flows_by_ajax() {
    let g = Generation::V0_6;
    let (via, u) =
        url(g, &login::create_browser_login_flow(&login::CreateBrowserLoginFlowParams::default().refresh(true).aal("aal2")), None);
    assert_eq!((via, u.as_str()), (Via::Navigate, "http://localhost:4433/self-service/login/browser?refresh=true"));
    assert_eq!(url(g, &login::get_login_flow("F"), None), (Via::Ajax, "http://localhost:4433/self-service/login/flows?id=F".into()));
    assert_eq!(
        url(g, &settings::update_settings_flow("F", "{}".into()), Some("profile")),
        (Via::NativeForm, "http://localhost:4433/self-service/settings?flow=F".into())
    );
    assert_eq!(
        url(g, &recovery::update_recovery_flow("F", Some("tok"), "{}".into()), Some("link")).1,
        "http://localhost:4433/self-service/recovery?flow=F"
    );
    let (via, u) = url(
        g,
        &{
            let mut p = logout::CreateBrowserLogoutFlowParams::default();
            p.return_to = Some("http://a".into());
            logout::create_browser_logout_flow(&p)
        },
        None,
    );
    assert_eq!((via, u.as_str()), (Via::Local, "http://localhost:4433/self-service/browser/flows/logout?return_to=http%3A%2F%2Fa"));
    assert_eq!(rewrite(g, &logout::update_logout_flow("t", None), None).unwrap().via, Via::Unsupported);
    assert_eq!(url(g, &misc::get_flow_error("E"), None).1, "http://localhost:4433/self-service/errors?error=E");
    assert_eq!(url(g, &session::to_session(&Default::default()), None), (Via::Ajax, "http://localhost:4433/sessions/whoami".into()));
    assert_eq!(rewrite(g, &misc::get_webauthn_javascript(), None).unwrap().via, Via::Unsupported);
}

#[cfg(feature = "legacy")]
#[test]
fn v0_5_submit_url_depends_on_the_method() {
    let g = Generation::V0_5;
    assert_eq!(
        url(g, &login::update_login_flow("F", "{}".into()), Some("password")).1,
        "http://localhost:4433/self-service/login/methods/password?flow=F"
    );
    assert_eq!(
        url(g, &registration::update_registration_flow("F", "{}".into()), Some("password")).1,
        "http://localhost:4433/self-service/registration/methods/password?flow=F"
    );
    assert_eq!(
        url(g, &settings::update_settings_flow("F", "{}".into()), Some("profile")).1,
        "http://localhost:4433/self-service/settings/methods/profile?flow=F"
    );
    assert_eq!(
        url(g, &settings::update_settings_flow("F", "{}".into()), Some("password")).1,
        "http://localhost:4433/self-service/settings/methods/password?flow=F"
    );
    assert_eq!(
        url(g, &recovery::update_recovery_flow("F", None, "{}".into()), Some("link")).1,
        "http://localhost:4433/self-service/recovery/methods/link?flow=F"
    );
    assert_eq!(
        url(g, &verification::update_verification_flow("F", None, "{}".into()), Some("link")).1,
        "http://localhost:4433/self-service/verification/methods/link?flow=F"
    );
    let err = rewrite(g, &login::update_login_flow("F", "{}".into()), Some("webauthn")).unwrap_err();
    assert!(err.contains("no submit URL for method \"webauthn\"") && err.contains("password"), "{err}");
    // Without a method (a `fetch` of the submit, which v0.5 refuses) the route still says: native form only.
    assert_eq!(rewrite(g, &login::update_login_flow("F", "{}".into()), None).unwrap().via, Via::NativeForm);
}

#[cfg(feature = "legacy")]
#[test]
fn v0_4_uses_browser_flows_paths_and_request_ids() {
    let g = Generation::V0_4;
    let (via, u) = url(
        g,
        &login::create_browser_login_flow(&login::CreateBrowserLoginFlowParams::default().refresh(true).return_to("http://a")),
        None,
    );
    assert_eq!(
        (via, u.as_str()),
        (Via::Navigate, "http://localhost:4433/self-service/browser/flows/login?prompt=login&return_to=http%3A%2F%2Fa")
    );
    assert_eq!(
        url(g, &login::create_browser_login_flow(&login::CreateBrowserLoginFlowParams::default().refresh(false)), None).1,
        "http://localhost:4433/self-service/browser/flows/login"
    );
    assert_eq!(
        url(g, &settings::create_browser_settings_flow(&Default::default()), None).1,
        "http://localhost:4433/self-service/browser/flows/settings"
    );
    assert_eq!(
        url(g, &verification::create_browser_verification_flow(&Default::default()), None).1,
        "http://localhost:4433/self-service/browser/flows/verification/email"
    );
    assert_eq!(
        url(g, &registration::get_registration_flow("R"), None),
        (Via::Ajax, "http://localhost:4433/self-service/browser/flows/requests/registration?request=R".into())
    );
    assert_eq!(
        url(g, &login::update_login_flow("R", "{}".into()), Some("password")),
        (Via::NativeForm, "http://localhost:4433/self-service/browser/flows/login/strategies/password?request=R".into())
    );
    assert_eq!(
        url(g, &settings::update_settings_flow("R", "{}".into()), Some("profile")).1,
        "http://localhost:4433/self-service/browser/flows/settings/strategies/profile?request=R"
    );
    assert_eq!(
        url(g, &recovery::update_recovery_flow("R", None, "{}".into()), Some("link")).1,
        "http://localhost:4433/self-service/browser/flows/recovery/link?request=R"
    );
    assert_eq!(
        url(g, &verification::update_verification_flow("R", None, "{}".into()), Some("link")).1,
        "http://localhost:4433/self-service/browser/flows/verification/email/complete?request=R"
    );
    assert_eq!(old_field_name(g, FlowKind::Verification, "email"), "to_verify");
    assert_eq!(old_field_name(Generation::V0_5, FlowKind::Verification, "email"), "email");
    assert_eq!(old_field_name(Generation::V0_6, FlowKind::Login, "identifier"), "password_identifier");
    assert_eq!(old_field_name(Generation::V0_5, FlowKind::Login, "identifier"), "identifier");
    assert!(
        generation::drops_field(g, "method")
            && generation::drops_field(Generation::V0_5, "method")
            && !generation::drops_field(Generation::V0_6, "method")
    );
}

// ---------------------------------------------------------------- normalisation on fixtures

#[cfg(feature = "legacy")]
fn normalised(g: Generation, kind: FlowKind, text: &str) -> serde_json::Value {
    let v = parse(text).unwrap();
    let out = normalise(g, Some(kind), &v).unwrap_or_else(|| panic!("not normalised: {text}"));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("normalised flow is not JSON ({e}): {out}"))
}

#[cfg(feature = "legacy")]
fn nodes(flow: &serde_json::Value) -> Vec<(String, String, String)> {
    flow["ui"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["group"].as_str().unwrap().into(),
                n["attributes"]["name"].as_str().unwrap_or("").into(),
                n["attributes"]["type"].as_str().unwrap_or("").into(),
            )
        })
        .collect()
}

#[cfg(feature = "legacy")]
fn t(g: &str, n: &str, ty: &str) -> (String, String, String) {
    (g.into(), n.into(), ty.into())
}

#[cfg(feature = "legacy")]
#[test]
fn v0_5_login_flow_fixture_becomes_v1_nodes() {
    let f = normalised(Generation::V0_5, FlowKind::Login, &legacy("v0.5.5/login_flow.json"));
    let typed: LoginFlow = serde_json::from_value(f.clone()).expect("decodes as a v1 LoginFlow");
    assert!(typed.refresh, "forced → refresh");
    assert_eq!(
        nodes(&f),
        [
            t("password", "identifier", "text"),
            t("password", "password", "password"),
            t("default", "csrf_token", "hidden"),
            t("password", "method", "submit"),
            t("oidc", "method", "submit"),
        ]
    );
    assert_eq!(f["ui"]["action"], "http://127.0.0.1:4455/.ory/kratos/public/self-service/browser/flows/login/strategies/password?request=43c99182-bb67-47e1-b564-bb23bd8d4393");
    assert_eq!(f["ui"]["nodes"][0]["attributes"]["value"], "foo@ory.sh");
    assert_eq!(f["ui"]["nodes"][3]["meta"]["label"]["text"], "Sign in");
    assert!(f.get("methods").is_none() && f.get("forced").is_none());
    assert_eq!(
        csrf_token_of(&V(f)).as_deref(),
        Some("dUD3MWqAmTdyoz2xwC9g5Dpv0g1aGUqAHOOsjy+IOh0vfPDqpKSudgZNSq9dqdxft4M0DN411z+5qSCMre5lmg==")
    );
}

#[cfg(feature = "legacy")]
#[test]
fn v0_5_registration_settings_recovery_verification_fixtures_decode_as_v1() {
    let r = normalised(Generation::V0_5, FlowKind::Registration, &legacy("v0.5.5/registration_flow.json"));
    let _: RegistrationFlow = serde_json::from_value(r.clone()).unwrap();
    assert!(nodes(&r).contains(&t("password", "traits.email", "text")));
    assert_eq!(nodes(&r).iter().filter(|n| n.1 == "csrf_token").count(), 1, "one csrf_token node");

    let s = normalised(Generation::V0_5, FlowKind::Settings, &legacy("v0.5.5/settings_flow.json"));
    let typed: SettingsFlow = serde_json::from_value(s.clone()).unwrap();
    assert_eq!(typed.identity.traits.get("email").and_then(|v| v.as_str()), Some("foobar@ory.sh"));
    let groups: Vec<_> = nodes(&s).into_iter().filter(|n| n.1 == "method").map(|n| n.0).collect();
    assert_eq!(groups, ["password", "profile", "oidc"]);

    let rec = normalised(Generation::V0_5, FlowKind::Recovery, &legacy("v0.5.5/recovery_flow.json"));
    let _: RecoveryFlow = serde_json::from_value(rec.clone()).unwrap();
    assert_eq!(rec["state"], "choose_method");

    let v = normalised(Generation::V0_5, FlowKind::Verification, &legacy("v0.5.5/verification_flow.json"));
    let _: VerificationFlow = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(
        nodes(&v),
        [t("default", "csrf_token", "hidden"), t("link", "email", "email"), t("link", "method", "submit")],
        "to_verify → email"
    );
}

#[cfg(feature = "legacy")]
#[test]
fn v0_4_request_context_fixtures_become_v1_flows() {
    let l = normalised(Generation::V0_4, FlowKind::Login, &legacy("v0.4/login_request.json"));
    let typed: LoginFlow = serde_json::from_value(l.clone()).unwrap();
    assert_eq!(typed.flow_type.as_str(), "browser", "v0.4 had no flow type: browser added");
    assert!(typed.refresh);
    assert_eq!(nodes(&l)[0], t("password", "identifier", "text"));

    let r = normalised(Generation::V0_4, FlowKind::Registration, &legacy("v0.4/registration_request.json"));
    let _: RegistrationFlow = serde_json::from_value(r.clone()).unwrap();
    assert_eq!(r["active"], "password");

    let s = normalised(Generation::V0_4, FlowKind::Settings, &legacy("v0.4/settings_request.json"));
    let s: SettingsFlow = serde_json::from_value(s).unwrap();
    assert_eq!(s.state.as_str(), "show_form");

    let rec = normalised(Generation::V0_4, FlowKind::Recovery, &legacy("v0.4/recovery_request.json"));
    let _: RecoveryFlow = serde_json::from_value(rec).unwrap();

    let v = normalised(Generation::V0_4, FlowKind::Verification, &legacy("v0.4/verification_request.json"));
    let typed: VerificationFlow = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(typed.state.as_str(), "choose_method", "success:false → choose_method");
    assert_eq!(nodes(&v), [t("default", "csrf_token", "hidden"), t("link", "email", "email"), t("link", "method", "submit")]);
    assert!(v["ui"]["action"].as_str().unwrap().contains("/self-service/browser/flows/verification/email/complete?request="));
    assert!(v.get("form").is_none() && v.get("success").is_none() && v["via"] == "email");
}

#[cfg(feature = "legacy")]
#[test]
fn v0_4_recorded_answers_become_v1() {
    // Recorded from Kratos v0.4.6-alpha.1 (tests/fixtures/legacy/v0.4/SOURCE.md).
    let sent = normalised(Generation::V0_4, FlowKind::Verification, &legacy("v0.4/verification_request_sent.json"));
    let typed: VerificationFlow = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(typed.state.as_str(), "sent_email", "success:true means the code was sent, not verified");
    assert!(nodes(&sent).is_empty(), "the sent request's empty form gives no nodes: {sent}");
    // An empty form still hands over its messages.
    let empty = r#"{"id":"x","form":{"action":"","fields":null,"messages":[{"id":1,"text":"t","type":"info"}]},"success":true}"#;
    let e = normalised(Generation::V0_4, FlowKind::Verification, empty);
    assert_eq!((nodes(&e).len(), e["ui"]["messages"][0]["text"].as_str()), (0, Some("t")));

    let l = normalised(Generation::V0_4, FlowKind::Login, &legacy("v0.4/login_request_wrong_password.json"));
    let typed: LoginFlow = serde_json::from_value(l.clone()).unwrap();
    assert!(!typed.refresh);
    let messages = typed.ui.messages.iter().map(|m| (m.id, m.text_type.as_str().to_string())).collect::<Vec<_>>();
    assert_eq!(messages, [(4000006, "error".to_string())], "the method's messages move to ui.messages");
    assert_eq!(nodes(&l)[0], t("password", "identifier", "text"));

    let text = legacy("v0.4/session.json");
    let raw = parse(&text).unwrap();
    let v1: serde_json::Value = serde_json::from_str(&kratos_browser::legacy_flow::session_v1(&raw).unwrap()).unwrap();
    assert_eq!(v1["id"], raw.get("sid").unwrap().as_str().unwrap(), "sid → id");
    assert_eq!(v1["active"], true);
    assert!(v1.get("sid").is_none() && v1["identity"]["traits"]["email"].is_string());
}

#[cfg(feature = "legacy")]
#[test]
fn v0_4_to_session_returns_a_v1_session() {
    let c = client(Generation::V0_4, vec![(200, legacy("v0.4/session.json"))]);
    let s = run(c.to_session(&Default::default(), &())).unwrap();
    let typed: kratos_browser::models::Session = s.decode().unwrap();
    assert!(typed.active && !typed.id.is_empty());
    assert!(!typed.identity.unwrap().verifiable_addresses[0].verified);
    // v1 sessions with an `id` pass through unchanged.
    assert!(kratos_browser::legacy_flow::session_v1(&parse(r#"{"id":"a","active":false}"#).unwrap()).is_none());
}

#[cfg(feature = "legacy")]
#[test]
fn v0_6_nodes_get_node_type_and_arrays() {
    // The v0.6.3 migratest login flow (nodes null) with the nodes of v0.6.3's ui/node sort fixture.
    let mut flow: serde_json::Value = serde_json::from_str(&legacy("v0.6.3/login_flow.json")).unwrap();
    flow["ui"]["nodes"] = serde_json::from_str(&legacy("v0.6.3/ui_nodes_sorted.json")).unwrap();
    flow["ui"]["action"] = "http://kratos/self-service/login?flow=43c99182-bb67-47e1-b564-bb23bd8d4393".into();
    flow["ui"]["method"] = "POST".into();
    let f = normalised(Generation::V0_6, FlowKind::Login, &flow.to_string());
    let typed: LoginFlow = serde_json::from_value(f.clone()).expect("decodes as a v1 LoginFlow");
    assert!(typed.refresh);
    assert!(typed.ui.nodes.iter().all(|n| !matches!(n.attributes, UiNodeAttributes::Unknown)), "every node has a node_type");
    for n in f["ui"]["nodes"].as_array().unwrap() {
        assert!(n["messages"].is_array(), "messages null → []: {n}");
        assert_eq!(n["attributes"]["node_type"], n["type"]);
    }
    assert!(csrf_token_of(&V(f)).is_some());
    // An empty v0.6 flow (nodes: null) still becomes a valid v1 flow.
    let empty = normalised(Generation::V0_6, FlowKind::Login, &legacy("v0.6.3/login_flow.json"));
    assert_eq!(empty["ui"]["nodes"], serde_json::json!([]));
}

#[cfg(feature = "legacy")]
#[test]
fn v1_and_v0_8_flows_are_not_touched() {
    let nodes = legacy("v0.11.0/totp_login_nodes.json");
    let flow = format!(r#"{{"id":"x","type":"browser","ui":{{"action":"a","method":"POST","nodes":{nodes}}}}}"#);
    let v = parse(&flow).unwrap();
    assert_eq!(normalise(Generation::V0_8, Some(FlowKind::Login), &v), None);
    assert_eq!(normalise(Generation::V1, Some(FlowKind::Login), &v), None);
    let envelope = parse(r#"{"error":{"code":410,"message":"gone"}}"#).unwrap();
    assert_eq!(normalise(Generation::V0_5, Some(FlowKind::Login), &envelope), None, "error envelopes pass through");
}

// ---------------------------------------------------------------- the client on scripted answers

fn client(g: Generation, answers: Vec<(u16, String)>) -> Client<Scripted> {
    let mut config = Config::new(BASE);
    config.generation = g;
    let t = Scripted::new(answers.into_iter().map(|(status, body)| answer(status, &body)).collect());
    Client::new(config, t).unwrap()
}

#[cfg(feature = "legacy")]
#[test]
fn v0_5_get_flow_returns_a_v1_flow() {
    let c = client(Generation::V0_5, vec![(200, legacy("v0.5.5/login_flow.json"))]);
    let flow = run(c.get_login_flow("43c99182-bb67-47e1-b564-bb23bd8d4393", &())).unwrap();
    assert!(flow.at("ui.nodes").is_some() && flow.get("methods").is_none());
    assert_eq!(c.transport().seen.borrow()[0].1, "http://localhost:4433/self-service/login/flows?id=43c99182-bb67-47e1-b564-bb23bd8d4393");
}

#[cfg(feature = "legacy")]
#[test]
fn v0_4_get_flow_uses_the_request_context_endpoint() {
    let c = client(Generation::V0_4, vec![(200, legacy("v0.4/settings_request.json"))]);
    let flow = run(c.get_settings_flow("21c5f714-3089-49d2-b387-f244d4dd9e00", &())).unwrap();
    assert!(flow.at("ui.nodes").is_some());
    assert_eq!(
        c.transport().seen.borrow()[0].1,
        "http://localhost:4433/self-service/browser/flows/requests/settings?request=21c5f714-3089-49d2-b387-f244d4dd9e00"
    );
}

#[cfg(feature = "legacy")]
#[test]
fn old_generations_refuse_ajax_init_and_json_submit_without_a_request() {
    for g in [Generation::V0_6, Generation::V0_5, Generation::V0_4] {
        let c = client(g, vec![]);
        let e = run(c.create_browser_login_flow(&Default::default(), &())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{g:?}");
        assert!(e.to_string().contains("startBrowserFlow('login')"), "{e}");
        let e = run(c.update_login_flow("F", r#"{"method":"password"}"#.into(), &())).unwrap_err();
        assert!(matches!(&e, Error::Unsupported(m) if m.contains("submitFlowNatively")), "{e}");
        let e = run(c.list_my_sessions(&Default::default(), &())).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert!(c.transport().seen.borrow().is_empty(), "nothing was sent");
    }
}

#[cfg(feature = "legacy")]
#[test]
fn old_generations_answer_the_logout_flow_locally() {
    let c = client(Generation::V0_6, vec![]);
    let mut p = logout::CreateBrowserLogoutFlowParams::default();
    p.return_to = Some("http://localhost:5173/".into());
    let flow = run(c.create_browser_logout_flow(&p, &())).unwrap();
    assert_eq!(
        flow.str_at("logout_url").as_deref(),
        Some("http://localhost:4433/self-service/browser/flows/logout?return_to=http%3A%2F%2Flocalhost%3A5173%2F")
    );
    assert_eq!(flow.str_at("logout_token").as_deref(), Some(""));
    assert!(c.transport().seen.borrow().is_empty());
    assert_eq!(run(c.update_logout_flow("t", None, &())).unwrap_err().kind(), ErrorKind::Unsupported);
}

#[test]
fn v0_8_submits_json_and_keeps_typed_outcomes() {
    let flow400 = format!(
        r#"{{"id":"F","type":"browser","ui":{{"action":"a","method":"POST","nodes":{}}}}}"#,
        legacy("v0.11.0/totp_login_nodes.json")
    );
    let c = client(Generation::V0_8, vec![(400, flow400)]);
    let out = run(c.update_login_flow("F", r#"{"method":"password"}"#.into(), &())).unwrap();
    assert!(matches!(out, Outcome::Flow(_)), "{out:?}");
    assert_eq!(c.transport().seen.borrow()[0], (Method::Post, "http://localhost:4433/self-service/login?flow=F".into()));
    let c = client(Generation::V0_8, vec![]);
    assert_eq!(run(c.list_my_sessions(&Default::default(), &())).unwrap_err().kind(), ErrorKind::Unsupported);
}

#[cfg(feature = "legacy")]
#[test]
fn get_expired_flow_on_old_generations_reports_the_410() {
    let gone = r#"{"error":{"code":410,"status":"Gone","reason":"The login flow has expired.","details":{"redirect_to":"http://localhost:4433/self-service/login/browser"},"message":"gone"}}"#;
    let c = client(Generation::V0_6, vec![(410, gone.into())]);
    let e = run(c.get_login_flow("F", &())).unwrap_err();
    assert_eq!((e.kind(), e.status()), (ErrorKind::Api, Some(410)));
}

#[cfg(not(feature = "legacy"))]
#[test]
fn without_the_legacy_feature_old_generations_are_refused_when_the_client_is_created() {
    for v in ["v0.6", "v0.5.5-alpha.1", "v0.4"] {
        let mut config = Config::new(BASE);
        config.generation = Generation::parse(v).unwrap();
        let Err(e) = Client::new(config, Scripted::new(vec![])) else { panic!("{v} was accepted") };
        assert_eq!(e.kind(), ErrorKind::InvalidArgument, "{v}");
        assert!(e.to_string().contains("'kratos-browser/legacy'") && e.to_string().contains("`legacy` feature"), "{e}");
    }
    for v in ["v1", "v0.11", "v0.8"] {
        let mut config = Config::new(BASE);
        config.generation = Generation::parse(v).unwrap();
        assert!(Client::new(config, Scripted::new(vec![])).is_ok(), "{v} stays in the core");
    }
}
