//! JS ⇄ Rust conversions for the binding layer, in one place. Wrong argument types from JS
//! become `Error::InvalidArgument` with a message naming the argument.

use crate::error::Error;
use crate::outcome::Outcome;
use crate::transport::fetch::FetchOptions;
use js_sys::{Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

pub(crate) type JsError = Error<JsValue>;

/// What JS would call the value's type, for error messages.
pub(crate) fn type_name(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.as_string().is_some() {
        "a string"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if js_sys::Array::is_array(v) {
        "an array"
    } else if v.is_function() {
        "a function"
    } else {
        "an object"
    }
}

/// A required non-empty string argument.
pub(crate) fn string_arg(v: &JsValue, name: &str) -> Result<String, JsError> {
    match v.as_string() {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(Error::InvalidArgument(format!("`{name}` must be a non-empty string, got {}", type_name(v)))),
    }
}

/// An optional parameter object (undefined/null = defaults).
pub(crate) fn params<T: DeserializeOwned + Default>(v: &JsValue, name: &str) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(Error::InvalidArgument(format!("`{name}` must be an object, got {}", type_name(v))));
    }
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| Error::InvalidArgument(format!("`{name}`: {e}")))
}

/// Per-call options: `{ signal?: AbortSignal, timeoutMs?: number }`.
pub(crate) fn call_options(v: &JsValue) -> Result<FetchOptions, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(FetchOptions::default());
    }
    if !v.is_object() {
        return Err(Error::InvalidArgument(format!("`options` must be an object, got {}", type_name(v))));
    }
    let signal = Reflect::get(v, &"signal".into()).unwrap_or(JsValue::UNDEFINED);
    let signal = if signal.is_undefined() || signal.is_null() {
        None
    } else {
        Some(signal.dyn_into::<AbortSignal>().map_err(|_| Error::InvalidArgument("`options.signal` must be an AbortSignal".into()))?)
    };
    let timeout = Reflect::get(v, &"timeoutMs".into()).unwrap_or(JsValue::UNDEFINED);
    let timeout_ms = match timeout.as_f64() {
        Some(ms) if ms >= 0.0 && ms.is_finite() => Some(ms as u32),
        None if timeout.is_undefined() || timeout.is_null() => None,
        _ => return Err(Error::InvalidArgument("`options.timeoutMs` must be a non-negative number".into())),
    };
    Ok(FetchOptions { signal, timeout_ms })
}

/// Sets `key` on a plain object (cannot fail for fresh objects).
pub(crate) fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED)
}

/// A submit outcome as `{ kind, body, redirectTo? }` (the TS wrapper adds typed fields).
pub(crate) fn outcome_to_js(outcome: Outcome<JsValue>) -> JsValue {
    let obj = Object::new();
    let (kind, body) = match outcome {
        Outcome::Ok(body) => ("success", body),
        Outcome::NoContent => ("success", JsValue::NULL),
        Outcome::Flow(body) => ("flow", body),
        Outcome::Redirect { to, body } => {
            set(&obj, "redirectTo", &JsValue::from_str(&to));
            ("redirect", body)
        }
        Outcome::Restarted { flow } => ("restarted", flow),
        Outcome::Aal2Required { redirect_to, return_to } => {
            set(&obj, "redirectTo", &opt_str(redirect_to.as_deref()));
            set(&obj, "returnTo", &opt_str(return_to.as_deref()));
            ("aal2Required", JsValue::NULL)
        }
        Outcome::RefreshRequired { redirect_to } => {
            set(&obj, "redirectTo", &opt_str(redirect_to.as_deref()));
            ("refreshRequired", JsValue::NULL)
        }
    };
    set(&obj, "kind", &JsValue::from_str(kind));
    set(&obj, "body", &body);
    obj.into()
}

/// An error as a plain object the TS wrapper turns into a `KratosError`.
pub(crate) fn error_to_js(e: JsError) -> JsValue {
    let obj = Object::new();
    set(&obj, "kratosError", &JsValue::TRUE);
    set(&obj, "kind", &JsValue::from_str(e.kind().as_str()));
    set(&obj, "message", &JsValue::from_str(&e.to_string()));
    if let Some(status) = e.status() {
        set(&obj, "status", &JsValue::from(status));
    }
    match e {
        Error::Api(api) => {
            set(&obj, "id", &opt_str(api.id.as_deref()));
            set(&obj, "reason", &opt_str(api.reason.as_deref()));
            set(&obj, "kratosMessage", &JsValue::from_str(&api.message));
            set(&obj, "details", &api.details.unwrap_or(JsValue::UNDEFINED));
            set(&obj, "redirectTo", &opt_str(api.redirect_browser_to.as_deref()));
            set(&obj, "useFlowId", &opt_str(api.use_flow_id.as_deref()));
            set(&obj, "body", &api.body);
        }
        Error::InvalidResponse { excerpt, .. } => set(&obj, "excerpt", &JsValue::from_str(&excerpt)),
        Error::UnsafeRedirect { url, .. } => set(&obj, "redirectTo", &JsValue::from_str(&url)),
        _ => {}
    }
    obj.into()
}
