//! `#[wasm_bindgen]` exports for WebAuthn/passkeys (src/webauthn): converts only. The npm wrapper
//! (`pkg/src/webauthn.ts`) submits the returned body with the client's `update*Flow`, so CSRF,
//! outcomes and redirects work exactly like any other submit.

use super::convert::{error_to_js, set, threw, type_name, JsError};
use crate::engine::error::Error;
use crate::engine::json::{caught, Json};
use crate::engine::shape;
use crate::models::Value;
use crate::webauthn::body::{submit_body, Extras};
use crate::webauthn::options::{self, display_name_field, input_value, signs_up, trait_value, traits_from_flow};
use crate::webauthn::web::{self, CeremonyError, Settled};
use crate::webauthn::{Ceremony, FailureKind};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

fn flow_arg(flow: &JsValue) -> Result<(), JsError> {
    if shape::is_flow(flow) {
        Ok(())
    } else {
        Err(Error::InvalidArgument(format!(
            "`flow` must be the flow object (the WebAuthn options live in its nodes), got {}",
            type_name(flow)
        )))
    }
}

fn opt_string(input: &JsValue, key: &str) -> Result<Option<String>, JsError> {
    let v = input.get(key).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| Error::InvalidArgument(format!("`{key}` must be a string, got {}", type_name(&v))))
}

/// JSON-like `JsValue` → [`Value`] (plain walk; no serde deserializer in the bundle). `None` for
/// functions, symbols, bigints and nesting deeper than 32. Reads are caught (check `threw` after).
fn to_value(v: &JsValue) -> Option<Value> {
    fn walk(v: &JsValue, depth: u8) -> Option<Value> {
        if depth > 32 {
            return None;
        }
        if v.is_null() || v.is_undefined() {
            return Some(Value::Null);
        }
        if let Some(b) = v.as_bool() {
            return Some(Value::Bool(b));
        }
        if let Some(n) = v.as_f64() {
            return Some(Value::Number(n));
        }
        if let Some(s) = v.as_string() {
            return Some(Value::String(s));
        }
        if caught::is_array(v) {
            return v.elements().iter().map(|e| walk(e, depth + 1)).collect::<Option<Vec<_>>>().map(Value::Array);
        }
        if !v.is_object() || v.is_function() {
            return None;
        }
        let mut members = Vec::new();
        for k in Json::keys(v) {
            let value = caught::get(v, &JsValue::from_str(&k));
            if !value.is_undefined() {
                members.push((k, walk(&value, depth + 1)?));
            }
        }
        Some(Value::Object(members))
    }
    walk(v, 0)
}

/// [`Value`] → plain JS value.
fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(a) => a.iter().map(to_js).collect::<Array>().into(),
        Value::Object(m) => {
            let obj = Object::new();
            for (k, v) in m {
                set(&obj, k, &to_js(v));
            }
            obj.into()
        }
    }
}

fn failure(kind: &str, name: &str, message: &str) -> JsValue {
    let obj = Object::new();
    set(&obj, "ok", &JsValue::FALSE);
    set(&obj, "kind", &JsValue::from_str(kind));
    set(&obj, "name", &JsValue::from_str(name));
    set(&obj, "message", &JsValue::from_str(message));
    obj.into()
}

/// Everything before the browser call: the options out of the flow, the caller's extras, and the
/// submit body waiting for its credential.
fn prepare(flow: JsValue, which: JsValue, input: JsValue) -> Result<JsValue, JsError> {
    caught::threw();
    let shaped = flow_arg(&flow);
    threw("flow")?;
    shaped?;
    let c = ceremony_arg(&which)?;
    if !(input.is_undefined() || input.is_null() || (input.is_object() && !caught::is_array(&input))) {
        return Err(Error::InvalidArgument(format!("`options` must be an object, got {}", type_name(&input))));
    }
    // The caller's options first, then the flow: each checkpoint names the argument that threw.
    let given = input.get("traits").unwrap_or(JsValue::UNDEFINED);
    let given_value = (given.is_object() && !caught::is_array(&given)).then(|| to_value(&given));
    let signal = input.get("signal").unwrap_or(JsValue::UNDEFINED);
    let mediation = opt_string(&input, "mediation");
    let identifier = opt_string(&input, "identifier");
    let display_name = opt_string(&input, "displayName");
    threw("options")?;
    if !(signal.is_undefined() || signal.is_null() || signal.is_instance_of::<AbortSignal>()) {
        return Err(Error::InvalidArgument("`signal` must be an AbortSignal".into()));
    }
    let conditional = mediation?.as_deref() == Some("conditional") && !c.creates();
    let (identifier, display_name) = (identifier?, display_name?);

    let raw = options::raw_options(&flow, c, |t| js_sys::JSON::parse(t).ok(), to_value);
    let traits = signs_up(&flow, c).then(|| match given_value {
        Some(v) => v.ok_or_else(|| Error::InvalidArgument("`traits` must be plain JSON".into())),
        None if given.is_undefined() || given.is_null() => Ok(traits_from_flow(&flow, to_value)),
        None => Err(Error::InvalidArgument(format!("`traits` must be an object, got {}", type_name(&given)))),
    });
    let identifier = match identifier {
        None if c == Ceremony::WebauthnLogin => input_value(&flow, "identifier"),
        other => other,
    };
    threw("flow")?;
    let raw = raw.map_err(|e| Error::InvalidArgument(e.to_string()))?;
    let traits = traits.transpose()?;
    let passkey_name = match (&traits, display_name_field(&raw)) {
        (Some(t), Some(field)) => trait_value(t, field).map(str::to_string),
        _ => None,
    };
    let public_key = options::prepare(c, raw, passkey_name.as_deref()).map_err(|e| Error::InvalidArgument(e.to_string()))?;
    if let Some(reason) = web::unsupported_reason() {
        return Ok(failure(FailureKind::Unsupported.as_str(), "NotSupportedError", reason));
    }
    let obj = Object::new();
    set(&obj, "ok", &JsValue::TRUE);
    set(&obj, "create", &JsValue::from_bool(c.creates()));
    set(&obj, "conditional", &JsValue::from_bool(conditional));
    set(&obj, "publicKey", &web::to_js(&public_key));
    // The credential field is filled in by `webauthnFinish`.
    set(&obj, "body", &to_js(&submit_body(c, String::new(), Extras { traits, identifier, display_name })));
    Ok(obj.into())
}

fn ceremony_arg(which: &JsValue) -> Result<Ceremony, JsError> {
    which.as_string().and_then(|s| Ceremony::parse(&s)).ok_or_else(|| Error::InvalidArgument("unknown WebAuthn ceremony".into()))
}

/// `webauthnPrepare(flow, ceremony, { traits?, identifier?, displayName?, signal?, mediation? })` →
/// `{ ok: true, create, conditional, publicKey, body }`: call `navigator.credentials[create ?
/// 'create' : 'get']({ publicKey, signal, mediation? })`, then `webauthnFinish`. Or `{ ok: false,
/// kind: 'unsupported', name, message }` when WebAuthn cannot run here. Throws a typed error for
/// bad arguments or a flow without the ceremony's options.
#[wasm_bindgen(js_name = webauthnPrepare)]
pub fn webauthn_prepare(flow: JsValue, ceremony_name: JsValue, input: JsValue) -> Result<JsValue, JsValue> {
    prepare(flow, ceremony_name, input).map_err(error_to_js)
}

/// `webauthnFinish(ceremony, body, threw, value, aborted)`: `value` is what the browser call
/// resolved to (`threw` false) or threw (`threw` true); `aborted` whether the caller's signal had
/// fired. → `{ ok: true, body }` (submit `body` with the matching `update*Flow`) or `{ ok: false,
/// kind: 'cancelled' | 'unsupported' | 'webauthnFailed', name, message }`; throws `aborted`.
#[wasm_bindgen(js_name = webauthnFinish)]
pub fn webauthn_finish(ceremony_name: JsValue, body: JsValue, threw: bool, value: JsValue, aborted: bool) -> Result<JsValue, JsValue> {
    let c = ceremony_arg(&ceremony_name).map_err(error_to_js)?;
    let Some(body) = body.dyn_ref::<Object>().filter(|_| !caught::is_array(&body)) else {
        return Err(error_to_js(Error::InvalidArgument("`body` must be the object webauthnPrepare returned".into())));
    };
    let settled = if threw { Settled::Threw(&value) } else { Settled::Resolved(&value) };
    match web::finish(c, settled, aborted) {
        Ok(credential) => {
            set(body, c.result_field(), &JsValue::from_str(&credential));
            let obj = Object::new();
            set(&obj, "ok", &JsValue::TRUE);
            set(&obj, "body", body);
            Ok(obj.into())
        }
        Err(CeremonyError::Aborted) => Err(error_to_js(Error::Aborted)),
        Err(CeremonyError::Failed { kind, name, message }) => Ok(failure(kind.as_str(), &name, &message)),
    }
}
