//! wasm-bindgen-test in headless Chromium: the `JsValue` JSON view, the classifier on
//! `JSON.parse` output, and the fetch transport's failure typing — the browser-only code paths.
#![cfg(target_arch = "wasm32")]

use kratos_browser::decide::{classify, Outcome};
use kratos_browser::helpers::ui::csrf_token_of;
use kratos_browser::json::Json;
use kratos_browser::models::LoginFlow;
use kratos_browser::request::RequestSpec;
use kratos_browser::transport::fetch::{FetchOptions, FetchTransport};
use kratos_browser::transport::Transport;
use kratos_browser::{Error, ErrorKind};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const FLOW: &str = include_str!("fixtures/handwritten-flow-400-login-invalid-credentials.json");

fn parse(t: &str) -> Option<JsValue> {
    FetchTransport.parse(&js_sys::JsString::from(t))
}

#[wasm_bindgen_test]
fn jsvalue_view_reads_parsed_json() {
    let v = parse(FLOW).unwrap();
    assert!(v.str_at("ui.nodes").is_none());
    assert_eq!(v.at("ui.nodes").and_then(|n| n.array_len()), Some(4));
    assert_eq!(csrf_token_of(&v).as_deref(), Some("masked-token-123"));
    assert!(v.get("nope").is_none());
    assert!(parse("[1,2]").unwrap().get("0").is_none(), "arrays have no keys");
    assert!(parse("not json").is_none());
}

#[wasm_bindgen_test]
fn classify_on_jsvalues_and_decode_typed_models() {
    let Ok(Outcome::Flow(flow)) = classify(400, FLOW, parse) else { panic!("400 flow") };
    let body = js_sys::JsString::from("<html>502 from a proxy</html>");
    let e = classify(502, &body, |b| FetchTransport.parse(b)).unwrap_err();
    assert!(matches!(&e, Error::InvalidResponse { status: 502, excerpt, .. } if excerpt.contains("proxy")), "{e:?}");
    let typed: LoginFlow = flow.decode().unwrap();
    assert_eq!(typed.ui.messages[0].id, 4000006);
    let e = classify::<JsValue, str>(403, r#"{"error":{"id":"security_csrf_violation","code":403,"message":"m"}}"#, parse).unwrap_err();
    assert_eq!(e.id(), Some("security_csrf_violation"));
    assert_eq!(classify::<JsValue, str>(200, "<html>", parse).unwrap_err().kind(), ErrorKind::InvalidResponse);
}

#[wasm_bindgen_test]
async fn fetch_transport_types_network_failures() {
    // Port 9 (discard) is closed on loopback: the fetch rejects.
    let r = FetchTransport
        .send("http://127.0.0.1:9/sessions/whoami", &RequestSpec::get("/sessions/whoami"), 2000, &FetchOptions::default())
        .await;
    assert!(matches!(r, Err(Error::Network(_)) | Err(Error::Timeout(_))), "{r:?}");
}

#[wasm_bindgen_test]
async fn fetch_transport_honours_an_aborted_signal() {
    let ctrl = web_sys::AbortController::new().unwrap();
    ctrl.abort();
    let opts = FetchOptions { signal: Some(ctrl.signal()), timeout_ms: None };
    let r = FetchTransport.send("http://127.0.0.1:9/", &RequestSpec::get("/"), 1000, &opts).await;
    assert!(matches!(r, Err(Error::Aborted)), "{r:?}");
}
