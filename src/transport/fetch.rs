//! The browser transport: the only code that calls `fetch`. Every request gets
//! `credentials: "include"`, `Accept: application/json`, a JSON body when there is one, the
//! caller's `AbortSignal` and the configured timeout. Failures become typed errors.

use super::{Body, RawResponse, Transport};
use crate::error::Error;
use crate::request::{Method, RequestSpec};
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, Request, RequestCredentials, RequestInit, RequestMode, Response};

#[wasm_bindgen]
extern "C" {
    // Global functions (gloo's trick): work in windows and workers alike.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(input: &Request) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
    // Parses the JS string in place: the body never crosses into wasm memory.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// Per-call options of the fetch transport.
#[derive(Debug, Default, Clone)]
pub struct FetchOptions {
    /// Aborts the call when it fires.
    pub signal: Option<AbortSignal>,
    /// Overrides the client's timeout for this call (ms, 0 = none).
    pub timeout_ms: Option<u32>,
}

/// `fetch`-based transport.
#[derive(Debug, Default, Clone, Copy)]
pub struct FetchTransport;

/// `false` only when the browser positively reports being offline.
pub fn is_offline() -> bool {
    let nav = Reflect::get(&js_sys::global(), &"navigator".into()).unwrap_or(JsValue::UNDEFINED);
    if !nav.is_object() {
        return false;
    }
    Reflect::get(&nav, &"onLine".into()).ok().and_then(|v| v.as_bool()) == Some(false)
}

/// Clears a pending timer and detaches the abort listener when the call ends, however it ends.
struct CallGuard {
    timer: Option<JsValue>,
    _on_timeout: Option<Closure<dyn FnMut()>>,
    listener: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        if let Some(t) = &self.timer {
            let _ = clear_timeout(t);
        }
        if let Some((signal, cb)) = &self.listener {
            let _ = signal.remove_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
        }
    }
}

fn build_request(url: &str, req: &RequestSpec, signal: &AbortSignal) -> Result<Request, JsValue> {
    let headers = Headers::new()?;
    headers.append("Accept", "application/json")?;
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_credentials(RequestCredentials::Include);
    init.set_mode(RequestMode::Cors);
    init.set_signal(Some(signal));
    if let (Method::Post, Some(body)) = (req.method, &req.body) {
        headers.append("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    Request::new_with_str_and_init(url, &init)
}

fn js_message(e: &JsValue) -> String {
    Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "fetch failed".to_string())
}

impl Body for js_sys::JsString {
    fn excerpt(&self, max: usize) -> String {
        let cut = self.slice(0, (max as u32).min(self.length()));
        let mut s = String::from(cut);
        if self.length() > max as u32 {
            s.push('…');
        }
        s
    }
    fn is_blank(&self) -> bool {
        self.trim().length() == 0
    }
    fn to_text(&self) -> String {
        String::from(self)
    }
}

impl Transport for FetchTransport {
    type Json = JsValue;
    type CallOptions = FetchOptions;
    type Body = js_sys::JsString;

    async fn send(&self, url: &str, req: &RequestSpec, timeout_ms: u32, opts: &FetchOptions) -> Result<RawResponse<js_sys::JsString>, Error<JsValue>> {
        let timeout_ms = opts.timeout_ms.unwrap_or(timeout_ms);
        if opts.signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(Error::Aborted);
        }
        let controller = AbortController::new().map_err(|_| Error::BrowserOnly)?;
        let timed_out = Rc::new(Cell::new(false));
        let mut guard = CallGuard { timer: None, _on_timeout: None, listener: None };
        if let Some(user) = &opts.signal {
            let c = controller.clone();
            let cb = Closure::<dyn FnMut()>::new(move || c.abort());
            let _ = user.add_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
            guard.listener = Some((user.clone(), cb));
        }
        if timeout_ms > 0 {
            let (c, flag) = (controller.clone(), timed_out.clone());
            let cb = Closure::<dyn FnMut()>::new(move || {
                flag.set(true);
                c.abort();
            });
            guard.timer = set_timeout(cb.as_ref().unchecked_ref(), timeout_ms.min(i32::MAX as u32) as i32).ok();
            guard._on_timeout = Some(cb);
        }
        let fail = |e: JsValue| {
            if timed_out.get() {
                Error::Timeout(timeout_ms)
            } else if opts.signal.as_ref().is_some_and(|s| s.aborted()) {
                Error::Aborted
            } else if is_offline() {
                Error::Offline
            } else {
                Error::Network(js_message(&e))
            }
        };
        let request = build_request(url, req, &controller.signal()).map_err(|e| Error::InvalidArgument(js_message(&e)))?;
        let promise = global_fetch(&request).map_err(|_| Error::BrowserOnly)?;
        let response: Response = JsFuture::from(promise).await.map_err(fail)?.unchecked_into();
        let link = response.headers().get("link").ok().flatten();
        let status = response.status();
        // A failure after the headers arrived is a truncated body, not an unreachable server.
        let cut = |e: JsValue| match fail(e) {
            Error::Network(m) => Error::invalid_response(status, format!("the response body was cut off ({m})"), ""),
            other => other,
        };
        let text_promise = response.text().map_err(cut)?;
        let body: js_sys::JsString = JsFuture::from(text_promise).await.map_err(cut)?.unchecked_into();
        drop(guard);
        Ok(RawResponse { status, body, link })
    }

    fn parse(&self, body: &js_sys::JsString) -> Option<JsValue> {
        json_parse(body).ok()
    }

    fn body_from_text(&self, text: String) -> js_sys::JsString {
        js_sys::JsString::from(text)
    }

    async fn sleep(&self, ms: u32) {
        let promise = Promise::new(&mut |resolve, _| {
            let _ = set_timeout(&resolve, ms as i32);
        });
        let _ = JsFuture::from(promise).await;
    }
}
