//! The browser transport: the only code that calls `fetch`. Every request gets
//! `credentials: "include"`, `Accept: application/json`, a JSON body when there is one, the
//! caller's `AbortSignal` and the configured timeout. Failures become typed errors.

use super::{Body, RawResponse, Transport};
use crate::engine::error::Error;
use crate::engine::request::{Method, RequestSpec};
use js_sys::{Function, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Headers, RequestCredentials, RequestInit, RequestMode, Response};

#[wasm_bindgen]
extern "C" {
    // Global functions (gloo's trick): work in windows and workers alike.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn global_fetch(input: &str, init: &RequestInit) -> Result<Promise, JsValue>;
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue) -> Result<(), JsValue>;
    // Parses the JS string in place: the body never crosses into wasm memory.
    #[wasm_bindgen(catch, js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
    // Native timeout and combined signals: no timer closure and nothing to clear per call. They throw
    // where missing (Safari < 17.4, Chrome < 116, Firefox < 124); the closure timer is the fallback.
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = timeout)]
    fn abort_signal_timeout(ms: u32) -> Result<AbortSignal, JsValue>;
    #[wasm_bindgen(catch, js_namespace = AbortSignal, js_name = any)]
    fn abort_signal_any(signals: &js_sys::Array) -> Result<AbortSignal, JsValue>;
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

/// The signal a call passes to `fetch` (caller's signal and/or timeout), and how to tell a timeout
/// from the caller's abort afterwards.
struct CallSignal {
    signal: Option<AbortSignal>,
    timeout: Timeout,
    /// Fallback only: clears the timer and the listener when the call ends, however it ends.
    _guard: Option<CallGuard>,
}

enum Timeout {
    None,
    /// `AbortSignal.timeout(ms)`: aborted = timed out.
    Native(AbortSignal),
    /// Set by the fallback timer.
    Flag(Rc<Cell<bool>>),
}

impl CallSignal {
    fn new(user: Option<&AbortSignal>, timeout_ms: u32) -> Result<CallSignal, Error<JsValue>> {
        let native = if timeout_ms > 0 { abort_signal_timeout(timeout_ms).ok() } else { None };
        let plain = |signal: Option<AbortSignal>, timeout| Ok(CallSignal { signal, timeout, _guard: None });
        match (user, native) {
            (user, None) if timeout_ms == 0 => plain(user.cloned(), Timeout::None),
            (None, Some(t)) => plain(Some(t.clone()), Timeout::Native(t)),
            (Some(u), Some(t)) => match abort_signal_any(&js_sys::Array::of2(u, &t)) {
                Ok(both) => plain(Some(both), Timeout::Native(t)),
                Err(_) => Self::with_timer(user, timeout_ms),
            },
            (_, None) => Self::with_timer(user, timeout_ms),
        }
    }

    /// Older browsers: an AbortController fed by a timer and by the caller's signal.
    fn with_timer(user: Option<&AbortSignal>, timeout_ms: u32) -> Result<CallSignal, Error<JsValue>> {
        let controller = AbortController::new().map_err(|_| Error::BrowserOnly)?;
        let timed_out = Rc::new(Cell::new(false));
        let mut guard = CallGuard { timer: None, _on_timeout: None, listener: None };
        if let Some(user) = user {
            let c = controller.clone();
            let cb = Closure::<dyn FnMut()>::new(move || c.abort());
            let _ = user.add_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
            guard.listener = Some((user.clone(), cb));
        }
        let (c, flag) = (controller.clone(), timed_out.clone());
        let cb = Closure::<dyn FnMut()>::new(move || {
            flag.set(true);
            c.abort();
        });
        guard.timer = set_timeout(cb.as_ref().unchecked_ref(), timeout_ms.min(i32::MAX as u32) as i32).ok();
        guard._on_timeout = Some(cb);
        Ok(CallSignal { signal: Some(controller.signal()), timeout: Timeout::Flag(timed_out), _guard: Some(guard) })
    }

    fn timed_out(&self) -> bool {
        match &self.timeout {
            Timeout::None => false,
            Timeout::Native(t) => t.aborted(),
            Timeout::Flag(f) => f.get(),
        }
    }
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

fn build_init(req: &RequestSpec, signal: Option<&AbortSignal>) -> Result<RequestInit, JsValue> {
    let headers = Headers::new()?;
    headers.append("Accept", "application/json")?;
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_credentials(RequestCredentials::Include);
    init.set_mode(RequestMode::Cors);
    init.set_signal(signal);
    if let (Method::Post, Some(body)) = (req.method, &req.body) {
        headers.append("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    Ok(init)
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

    async fn send(
        &self,
        url: &str,
        req: &RequestSpec,
        timeout_ms: u32,
        opts: &FetchOptions,
    ) -> Result<RawResponse<js_sys::JsString>, Error<JsValue>> {
        let timeout_ms = opts.timeout_ms.unwrap_or(timeout_ms);
        if opts.signal.as_ref().is_some_and(|s| s.aborted()) {
            return Err(Error::Aborted);
        }
        let call = CallSignal::new(opts.signal.as_ref(), timeout_ms)?;
        let fail = |e: JsValue| {
            if call.timed_out() {
                Error::Timeout(timeout_ms)
            } else if opts.signal.as_ref().is_some_and(|s| s.aborted()) {
                Error::Aborted
            } else if is_offline() {
                Error::Offline
            } else {
                Error::Network(js_message(&e))
            }
        };
        let init = build_init(req, call.signal.as_ref()).map_err(|e| Error::InvalidArgument(js_message(&e)))?;
        let promise = global_fetch(url, &init).map_err(|_| Error::BrowserOnly)?;
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
        drop(call);
        Ok(RawResponse { status, body, link })
    }

    fn parse(&self, body: &js_sys::JsString) -> Option<JsValue> {
        json_parse(body).ok()
    }

    fn body_from_text(&self, text: String) -> js_sys::JsString {
        js_sys::JsString::from(text)
    }

    fn page_origin(&self) -> Option<String> {
        let location = Reflect::get(&js_sys::global(), &"location".into()).ok()?;
        Reflect::get(&location, &"origin".into()).ok()?.as_string().filter(|o| o != "null")
    }

    async fn sleep(&self, ms: u32) {
        let promise = Promise::new(&mut |resolve, _| {
            let _ = set_timeout(&resolve, ms as i32);
        });
        let _ = JsFuture::from(promise).await;
    }
}
