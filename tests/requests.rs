//! Each operation yields the expected method, path and query.

use kratos_browser::api::{login, logout, misc, recovery, registration, session, settings, verification};
use kratos_browser::request::Method;

const BASE: &str = "http://localhost:4433";

#[test]
fn create_browser_login_flow_encodes_every_parameter() {
    let p = login::CreateBrowserLoginFlowParams::default().refresh(true).aal("aal2").return_to("http://localhost:5173/a b?x=1&y");
    let spec = login::create_browser_login_flow(&p);
    assert_eq!(spec.method, Method::Get);
    assert_eq!(
        spec.url(BASE),
        "http://localhost:4433/self-service/login/browser?refresh=true&aal=aal2&return_to=http%3A%2F%2Flocalhost%3A5173%2Fa%20b%3Fx%3D1%26y"
    );
    assert!(spec.idempotent);
}

#[test]
fn update_flows_post_to_submit_urls_with_flow_param() {
    let spec = login::update_login_flow("abc", "{}".into());
    assert_eq!((spec.method, spec.url(BASE).as_str()), (Method::Post, "http://localhost:4433/self-service/login?flow=abc"));
    assert!(!spec.idempotent);
    assert_eq!(
        registration::update_registration_flow("r", "{}".into()).url(BASE),
        "http://localhost:4433/self-service/registration?flow=r"
    );
    assert_eq!(settings::update_settings_flow("s", "{}".into()).url(BASE), "http://localhost:4433/self-service/settings?flow=s");
    assert_eq!(
        recovery::update_recovery_flow("c", Some("t"), "{}".into()).url(BASE),
        "http://localhost:4433/self-service/recovery?flow=c&token=t"
    );
    assert_eq!(
        verification::update_verification_flow("v", None, "{}".into()).url(BASE),
        "http://localhost:4433/self-service/verification?flow=v"
    );
}

#[test]
fn get_flows_use_id_param() {
    assert_eq!(login::get_login_flow("a").url(BASE), "http://localhost:4433/self-service/login/flows?id=a");
    assert_eq!(settings::get_settings_flow("a").url(BASE), "http://localhost:4433/self-service/settings/flows?id=a");
}

#[test]
fn logout_and_sessions() {
    let spec = logout::update_logout_flow("tok", Some("http://localhost:5173/"));
    assert_eq!(spec.url(BASE), "http://localhost:4433/self-service/logout?token=tok&return_to=http%3A%2F%2Flocalhost%3A5173%2F");
    assert!(!spec.idempotent, "logout must never be retried");
    assert_eq!(session::disable_my_session("a/b").url(BASE), "http://localhost:4433/sessions/a%2Fb");
    assert_eq!(session::disable_my_session("x").method, Method::Delete);
    assert_eq!(session::to_session(&Default::default()).url(BASE), "http://localhost:4433/sessions/whoami");
    assert_eq!(misc::get_flow_error("stub:500").url(BASE), "http://localhost:4433/self-service/errors?id=stub%3A500");
}

#[test]
fn next_page_token_from_link_header() {
    let link = r#"</sessions?page_size=1&page_token=abc%3D>; rel="next", </sessions?page_size=1&page_token=first>; rel="first""#;
    assert_eq!(session::next_page_token(link), Some("abc=".into()));
    assert_eq!(session::next_page_token(r#"</sessions?page_token=x>; rel="first""#), None);
    assert_eq!(session::next_page_token("garbage"), None);
}

#[test]
fn the_operation_table_has_one_row_per_operation_id_and_each_flow_kind_its_three_rows() {
    use kratos_browser::api::flow_kind::FlowKind;
    use kratos_browser::ops::{self, Answer, OPERATIONS};
    let mut ids: Vec<_> = OPERATIONS.iter().map(|o| o.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), OPERATIONS.len(), "duplicate operationId");
    assert_eq!(OPERATIONS.len(), 25, "seed 003's browser FrontendApi operations + identity schemas");
    for kind in FlowKind::ALL {
        let [create, get, update] = kind.operations();
        for o in [create, get, update] {
            assert_eq!(o.flow, Some(kind), "{}", o.id);
            assert!(o.id.to_ascii_lowercase().contains(kind.name()), "{}", o.id);
        }
        assert!(matches!(get.answer, Answer::GetFlow));
        assert!(matches!(update.answer, Answer::Submit(_)));
        assert_eq!(ops::find(update.id).map(|o| o.path), Some(update.path));
    }
}

/// The TypeScript `KratosClient` has exactly one method per row of the operation table, plus the
/// conveniences listed here (each built on those methods): the two stay in step.
#[test]
fn the_typescript_client_follows_the_operation_table() {
    let ts = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/src/index.ts")).unwrap();
    let class = &ts[ts.find("export class KratosClient").expect("class KratosClient")..];
    let class = &class[..class.find("\n}\n").expect("end of class")];
    let methods: Vec<&str> = class
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('/') && !l.starts_with('*'))
        .map(|l| l.trim_start_matches("async ").trim_start_matches("get "))
        .filter_map(|l| l.split_once(['(', '<']).map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    const CONVENIENCES: &[&str] = &[
        "constructor",
        "setupProblems",
        "createAal2LoginFlow",
        "createRefreshLoginFlow",
        "restartFlow",
        "checkRedirect",
        "_onSessionMutation",
        "_onSessionObserved",
        "_toSession",
        "_updateLoginFlowInPlace",
        "_wasm",
    ];
    for op in kratos_browser::ops::OPERATIONS {
        assert!(methods.contains(&op.id), "KratosClient has no method {} (operation table row)", op.id);
    }
    for m in &methods {
        assert!(
            kratos_browser::ops::find(m).is_some() || CONVENIENCES.contains(m),
            "KratosClient.{m} is neither an operation of src/ops.rs nor a listed convenience"
        );
    }
}
