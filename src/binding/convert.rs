//! JS ⇄ Rust conversions for the binding layer, in one place. Wrong argument types from JS
//! become `Error::InvalidArgument` with a message naming the argument.

use crate::engine::api::flow_kind::FlowKind;
use crate::engine::decide::{self, NextSteps, Outcome, Recovery, StepAction};
use crate::engine::error::Error;
use crate::engine::json::{caught, Json};
use crate::transport::fetch::FetchOptions;
use js_sys::{Object, Reflect};
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
    } else if caught::is_array(v) {
        "an array"
    } else if v.is_function() {
        "a function"
    } else {
        "an object"
    }
}

/// Reads the argument `name` with `read`; if any JS read inside threw (a getter, a Proxy trap, a
/// revoked Proxy: see [`caught`]), the argument is refused as `invalidArgument`.
#[inline(always)] // one out-of-line `threw` per call site instead of a copy of the reader per type
pub(crate) fn reading<T>(name: &str, read: impl FnOnce() -> Result<T, JsError>) -> Result<T, JsError> {
    caught::threw();
    let out = read();
    threw(name)?;
    out
}

/// `invalidArgument` naming `name` if a caught read threw since the last check (see [`reading`]).
#[inline(never)]
pub(crate) fn threw(name: &str) -> Result<(), JsError> {
    match caught::threw() {
        true => Err(Error::InvalidArgument(format!("`{name}` threw when read"))),
        false => Ok(()),
    }
}

/// A required non-empty string argument.
pub(crate) fn string_arg(v: &JsValue, name: &str) -> Result<String, JsError> {
    match v.as_string() {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => Err(Error::InvalidArgument(format!("`{name}` must be a non-empty string, got {}", type_name(v)))),
    }
}

/// An optional parameter object (undefined/null = defaults), read field by field with `Reflect`
/// (no serde in the binding path: it costs ~20 KB of wasm for a handful of optional fields).
/// Reads are caught: use it inside [`reading`].
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    obj: Option<&'a JsValue>,
    name: &'static str,
}

impl<'a> Fields<'a> {
    pub(crate) fn of(v: &'a JsValue, name: &'static str) -> Result<Self, JsError> {
        if v.is_undefined() || v.is_null() {
            return Ok(Fields { obj: None, name });
        }
        if !v.is_object() || caught::is_array(v) {
            return Err(Error::InvalidArgument(format!("`{name}` must be an object, got {}", type_name(v))));
        }
        Ok(Fields { obj: Some(v), name })
    }

    /// The field `key`, if set (not undefined or null).
    fn raw(&self, key: &str) -> Option<JsValue> {
        let v = caught::get(self.obj?, &JsValue::from_str(key));
        (!v.is_undefined() && !v.is_null()).then_some(v)
    }

    fn wrong(&self, key: &str, want: &str, v: &JsValue) -> JsError {
        Error::InvalidArgument(format!("`{}.{key}` must be {want}, got {}", self.name, type_name(v)))
    }

    pub(crate) fn str(&self, key: &str) -> Result<Option<String>, JsError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_string().map(Some).ok_or_else(|| self.wrong(key, "a string", &v)),
        }
    }

    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>, JsError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or_else(|| self.wrong(key, "a boolean", &v)),
        }
    }

    pub(crate) fn u32(&self, key: &str) -> Result<Option<u32>, JsError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) if n >= 0.0 && n <= u32::MAX as f64 && n.fract() == 0.0 => Ok(Some(n as u32)),
                _ => Err(self.wrong(key, "a non-negative integer", &v)),
            },
        }
    }

    pub(crate) fn strings(&self, key: &str) -> Result<Vec<String>, JsError> {
        let Some(v) = self.raw(key) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        for item in v.elements() {
            out.push(item.as_string().ok_or_else(|| self.wrong(key, "an array of strings", &item))?);
        }
        match caught::is_array(&v) {
            true => Ok(out),
            false => Err(self.wrong(key, "an array of strings", &v)),
        }
    }
}

/// Reads the optional parameter object `params` with `read` (see [`Fields`], [`reading`]).
pub(crate) fn read_params<T>(v: &JsValue, read: impl FnOnce(&Fields) -> Result<T, JsError>) -> Result<T, JsError> {
    reading("params", || read(&Fields::of(v, "params")?))
}

/// An optional `AbortSignal` field (`instanceof` is caught by wasm-bindgen's glue).
fn signal(f: &Fields, key: &str) -> Result<Option<AbortSignal>, JsError> {
    f.raw(key).map(|s| s.dyn_into::<AbortSignal>().map_err(|s| f.wrong(key, "an AbortSignal", &s))).transpose()
}

/// Per-call options: `{ signal?: AbortSignal, timeoutMs?: number }`.
pub(crate) fn call_options(v: &JsValue) -> Result<FetchOptions, JsError> {
    reading("options", || {
        let f = Fields::of(v, "options")?;
        Ok(FetchOptions { signal: signal(&f, "signal")?, timeout_ms: f.u32("timeoutMs")? })
    })
}

/// Sets `key` on a plain object (cannot fail for fresh objects).
pub(crate) fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn opt_str(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED)
}

/// `next` (`{ action, flowId?, url?, address? }`, a redirect's target as `redirectTo`) and `skipped`
/// of an outcome that carries Kratos' `continue_with` (`NextStep`, `SkippedStep` in types.ts).
#[inline(never)] // one copy for the three outcomes that carry steps
fn set_steps(obj: &Object, steps: NextSteps) {
    let next = match steps.next {
        Some(step) => {
            let o = Object::new();
            set(&o, "action", &JsValue::from_str(step.action.js_name()));
            if let Some(id) = step.flow_id {
                set(&o, "flowId", &JsValue::from_str(&id));
            }
            let url_key = if step.action == StepAction::Redirect { "redirectTo" } else { "url" };
            set(&o, url_key, &opt_str(step.url.as_deref()));
            if step.address.is_some() {
                set(&o, "address", &opt_str(step.address.as_deref()));
            }
            o.into()
        }
        None => JsValue::NULL,
    };
    set(obj, "next", &next);
    let skipped = js_sys::Array::new();
    for s in steps.skipped {
        let item = Object::new();
        set(&item, "action", &JsValue::from_str(&s.action));
        set(&item, "reason", &JsValue::from_str(s.reason.js_name()));
        skipped.push(&item);
    }
    set(obj, "skipped", &skipped);
}

/// A submit outcome as the typed JS outcome (`LoginOutcome`, …): `success` carries what the
/// flow kind produces (login: `session`; registration: `identity`, `session`; settings: `flow`),
/// plus `continueWith` and Kratos' whole `body`; `success`, `flow` and `verificationRequired`
/// carry the next step (`next`, `skipped`) decided from `continue_with`.
pub(crate) fn outcome_to_js(kind: FlowKind, outcome: Outcome<JsValue>, steps: NextSteps) -> JsValue {
    let obj = Object::new();
    let name = match outcome {
        Outcome::Ok(body) => {
            let member = |k: &str| body.get(k).unwrap_or(JsValue::UNDEFINED);
            match kind {
                FlowKind::Login => set(&obj, "session", &member("session")),
                FlowKind::Registration => {
                    set(&obj, "identity", &member("identity"));
                    set(&obj, "session", &member("session"));
                }
                _ => set(&obj, "flow", &body),
            }
            let next = body.get("continue_with").filter(|c| c.array_len().is_some()).unwrap_or_else(|| js_sys::Array::new().into());
            set(&obj, "continueWith", &next);
            if kind != FlowKind::Settings {
                set(&obj, "body", &body);
            }
            set_steps(&obj, steps);
            "success"
        }
        // Submits never end here (the decision table refuses a submit's 204).
        Outcome::NoContent => "success",
        Outcome::Flow(flow) => {
            set(&obj, "flow", &flow);
            set_steps(&obj, steps);
            "flow"
        }
        Outcome::Redirect { to, body } => {
            set(&obj, "redirectTo", &JsValue::from_str(&to));
            set(&obj, "body", &body);
            "redirect"
        }
        Outcome::Restarted { flow } => {
            set(&obj, "flow", &flow);
            "restarted"
        }
        Outcome::Aal2Required { redirect_to, return_to } => {
            set(&obj, "returnTo", &opt_str(return_to.as_deref()));
            set(&obj, "redirectTo", &opt_str(redirect_to.as_deref()));
            "aal2Required"
        }
        Outcome::RefreshRequired { redirect_to } => {
            set(&obj, "redirectTo", &opt_str(redirect_to.as_deref()));
            "refreshRequired"
        }
        Outcome::VerificationRequired { body } => {
            set(&obj, "body", &body);
            set_steps(&obj, steps);
            "verificationRequired"
        }
    };
    set(&obj, "kind", &JsValue::from_str(name));
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
    // How a flow UI recovers (decided in the core): get Kratos' replacement, or create a new flow.
    match decide::recovery(&e) {
        Recovery::None => {}
        Recovery::UseFlow(_) => set(&obj, "restart", &JsValue::from_str("useFlowId")),
        Recovery::Create => set(&obj, "restart", &JsValue::from_str("create")),
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
