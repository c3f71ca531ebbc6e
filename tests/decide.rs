//! The status × `error.id` decision table, one test per row, on real Kratos bodies.

mod common;
use common::{fixture, parse, V};
use kratos_browser::decide::{classify, Outcome};
use kratos_browser::{Error, ErrorKind};

fn run(status: u16, body: &str) -> Result<Outcome<V>, Error<V>> {
    classify(status, body, parse)
}

fn api(status: u16, file: &str) -> kratos_browser::ApiError<V> {
    match run(status, &fixture(file)) {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error for {file}, got {other:?}"),
    }
}

#[test]
fn classify_204_is_no_content() {
    assert!(matches!(run(204, ""), Ok(Outcome::NoContent)));
}

#[test]
fn classify_200_session_is_ok() {
    let Ok(Outcome::Ok(body)) = run(200, &fixture("handwritten-session-200.json")) else { panic!("not ok") };
    assert_eq!(body.0["identity"]["traits"]["email"], "a@b.c");
}

#[test]
fn classify_400_flow_is_flow_to_show_again() {
    let Ok(Outcome::Flow(flow)) = run(400, &fixture("handwritten-flow-400-login-invalid-credentials.json")) else { panic!("not a flow") };
    assert_eq!(flow.0["ui"]["messages"][0]["id"], 4000006);
}

#[test]
fn classify_400_envelope_is_error_not_flow() {
    let e = api(400, "handwritten-error-400-session-already-available.json");
    assert_eq!(e.id.as_deref(), Some("session_already_available"));
    assert_eq!(e.message, "you are already logged in");
}

#[test]
fn classify_400_return_to_forbidden_is_typed() {
    let e = api(400, "handwritten-error-400-return-to-forbidden.json");
    assert_eq!(e.id.as_deref(), Some("self_service_flow_return_to_forbidden"));
    assert!(e.reason.unwrap().contains("http://evil/"));
}

#[test]
fn classify_422_location_change_is_redirect_with_top_level_target() {
    let Ok(Outcome::Redirect { to, .. }) = run(422, &fixture("handwritten-error-422-location-change.json")) else {
        panic!("not a redirect")
    };
    assert_eq!(to, "http://localhost:4433/self-service/login/browser?aal=aal2");
}

#[test]
fn classify_422_without_target_is_invalid_response() {
    let body = r#"{"error":{"id":"browser_location_change_required","code":422,"message":"x"}}"#;
    assert!(matches!(run(422, body), Err(Error::InvalidResponse { status: 422, .. })));
}

#[test]
fn classify_410_expired_carries_use_flow_id() {
    let e = api(410, "handwritten-error-410-expired-submit.json");
    assert_eq!(e.id.as_deref(), Some("self_service_flow_expired"));
    assert_eq!(e.use_flow_id.as_deref(), Some("5f0a5c1e-8d7e-4b1e-9c1a-2b3c4d5e6f70"));
}

#[test]
fn classify_403_aal2_carries_redirect() {
    let e = api(403, "handwritten-error-403-aal2-required.json");
    assert_eq!(e.id.as_deref(), Some("session_aal2_required"));
    assert_eq!(e.redirect_browser_to.as_deref(), Some("http://localhost:4433/self-service/login/browser?aal=aal2"));
}

#[test]
fn classify_403_refresh_required_carries_redirect() {
    let e = api(403, "handwritten-error-403-refresh-required.json");
    assert_eq!(e.id.as_deref(), Some("session_refresh_required"));
    assert!(e.redirect_browser_to.unwrap().contains("refresh=true"));
}

#[test]
fn classify_403_csrf_has_details() {
    let e = api(403, "handwritten-error-403-csrf.json");
    assert_eq!(e.id.as_deref(), Some("security_csrf_violation"));
    assert!(e.details.unwrap().0["reject_reason"].as_str().unwrap().contains("do not match"));
}

#[test]
fn classify_401_whoami_without_id_is_api_error_without_id() {
    let e = api(401, "handwritten-error-401-whoami-no-id.json");
    assert_eq!(e.status, 401);
    assert_eq!(e.id, None);
}

#[test]
fn classify_html_502_is_invalid_response_with_excerpt() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    match run(502, html) {
        Err(Error::InvalidResponse { status, excerpt, .. }) => {
            assert_eq!(status, 502);
            assert!(excerpt.contains("Bad Gateway"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn classify_truncated_json_is_invalid_response() {
    let body = &fixture("handwritten-session-200.json")[..40];
    let e = run(200, body).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidResponse);
}

#[test]
fn classify_empty_200_is_invalid_response() {
    assert_eq!(run(200, "").unwrap_err().kind(), ErrorKind::InvalidResponse);
}

#[test]
fn classify_500_without_envelope_is_invalid_response() {
    assert_eq!(run(500, r#"{"weird":true}"#).unwrap_err().kind(), ErrorKind::InvalidResponse);
}

#[test]
fn classify_400_with_non_object_error_is_invalid_response() {
    assert_eq!(run(400, r#"{"error":"nope"}"#).unwrap_err().kind(), ErrorKind::InvalidResponse);
}

#[test]
fn classify_never_panics_on_garbage() {
    let samples = [
        "",
        "null",
        "[]",
        "[1,2",
        "\"str\"",
        "{\"error\":null}",
        "{\"error\":{}}",
        "{\"id\":1,\"ui\":2}",
        "\u{0}\u{1}",
        "{\"error\":{\"id\":5}}",
    ];
    for status in [0u16, 100, 200, 204, 301, 400, 401, 403, 404, 410, 422, 500, 599, 65535] {
        for s in samples {
            let _ = run(status, s);
        }
    }
}

#[test]
fn classify_bare_error_object_is_api_error() {
    let body = r#"{"id":"session_already_available","code":400,"status":"Bad Request","reason":"A valid session was detected and thus recovery is not possible.","message":"The request was malformed or contained invalid parameters"}"#;
    match run(400, body) {
        Err(Error::Api(e)) => {
            assert_eq!(e.id.as_deref(), Some("session_already_available"));
            assert!(e.reason.unwrap().contains("recovery"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn flow_kind_is_read_from_the_flows_action() {
    use kratos_browser::api::flow_kind::FlowKind;
    use kratos_browser::decide::flow_kind_of;
    let flow = parse(&fixture("handwritten-flow-400-login-invalid-credentials.json")).unwrap();
    assert_eq!(flow_kind_of(&flow), Some(FlowKind::Login));
    let reg = parse(r#"{"id":"x","ui":{"action":"http://k/self-service/registration?flow=x","nodes":[]}}"#).unwrap();
    assert_eq!(flow_kind_of(&reg), Some(FlowKind::Registration));
    let unknown = parse(r#"{"id":"x","ui":{"action":"http://k/other","nodes":[]}}"#).unwrap();
    assert_eq!(flow_kind_of(&unknown), None);
}

#[test]
fn csrf_token_is_added_as_the_first_member() {
    use kratos_browser::decide::with_csrf_token;
    assert_eq!(with_csrf_token(r#"{"method":"password"}"#, "t\"x"), r#"{"csrf_token":"t\"x","method":"password"}"#);
    assert_eq!(with_csrf_token("{}", "t"), r#"{"csrf_token":"t"}"#);
    assert_eq!(with_csrf_token(" { } ", "t"), r#"{"csrf_token":"t"}"#);
}
