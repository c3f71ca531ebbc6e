//! The browser side of native mode (wasm only): `navigator.credentials.get/create`. Everything
//! else is in the pure modules. (Script mode's `<script>` loader lives in the npm wrapper,
//! `pkg/src/webauthn.ts`: it is DOM plumbing only, and smaller in JS than in wasm.)

use super::encode::{assertion_json, attestation_json, Assertion, Attestation};
use super::options::Pk;
use super::{Ceremony, FailureKind};
use js_sys::{Array, ArrayBuffer, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

fn get(target: &JsValue, key: &str) -> JsValue {
    if target.is_undefined() || target.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

/// Why WebAuthn cannot run on this page, or `None` when it can.
pub fn unsupported_reason() -> Option<&'static str> {
    let global = js_sys::global();
    if get(&global, "isSecureContext").as_bool() == Some(false) {
        return Some("WebAuthn needs a secure context (https, or http://localhost)");
    }
    if !get(&global, "PublicKeyCredential").is_function() {
        return Some("this browser does not support WebAuthn (no PublicKeyCredential)");
    }
    if !get(&get(&get(&global, "navigator"), "credentials"), "get").is_function() {
        return Some("navigator.credentials is not available");
    }
    None
}

/// `Pk` → JS value; bytes become `Uint8Array`s.
pub fn to_js(pk: &Pk) -> JsValue {
    match pk {
        Pk::Null => JsValue::NULL,
        Pk::Bool(b) => JsValue::from_bool(*b),
        Pk::Number(n) => JsValue::from_f64(*n),
        Pk::String(s) => JsValue::from_str(s),
        Pk::Bytes(b) => Uint8Array::from(b.as_slice()).into(),
        Pk::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Pk::Object(members) => {
            let obj = Object::new();
            for (k, v) in members {
                let _ = Reflect::set(&obj, &JsValue::from_str(k), &to_js(v));
            }
            obj.into()
        }
    }
}

/// Why a ceremony produced no credential.
#[derive(Debug, Clone)]
pub enum CeremonyError {
    /// The browser said no (`DOMException` name and message, classified).
    Failed {
        /// Classification of `name`.
        kind: FailureKind,
        /// The `DOMException` name, e.g. `NotAllowedError`.
        name: String,
        /// The browser's message.
        message: String,
    },
    /// The caller's `AbortSignal` fired.
    Aborted,
}

fn failed(kind: FailureKind, name: &str, message: impl Into<String>) -> CeremonyError {
    CeremonyError::Failed { kind, name: name.to_string(), message: message.into() }
}

fn bytes(v: &JsValue) -> Option<Vec<u8>> {
    if v.is_instance_of::<ArrayBuffer>() || ArrayBuffer::is_view(v) {
        Some(Uint8Array::new(v).to_vec())
    } else {
        None
    }
}

fn required_bytes(response: &JsValue, key: &str) -> Result<Vec<u8>, CeremonyError> {
    bytes(&get(response, key))
        .ok_or_else(|| failed(FailureKind::Failed, "InvalidCredential", format!("the credential has no response.{key}")))
}

/// Runs `ceremony` with `public_key` (from [`super::options::prepare`]) and returns the
/// credential JSON Kratos expects. `conditional` asks for autofill UI (`mediation: "conditional"`).
pub async fn run(ceremony: Ceremony, public_key: &Pk, signal: Option<&AbortSignal>, conditional: bool) -> Result<String, CeremonyError> {
    if let Some(reason) = unsupported_reason() {
        return Err(failed(FailureKind::Unsupported, "NotSupportedError", reason));
    }
    if signal.is_some_and(|s| s.aborted()) {
        return Err(CeremonyError::Aborted);
    }
    let credentials = get(&get(&js_sys::global(), "navigator"), "credentials");
    let options = Object::new();
    let _ = Reflect::set(&options, &"publicKey".into(), &to_js(public_key));
    if let Some(s) = signal {
        let _ = Reflect::set(&options, &"signal".into(), s);
    }
    if conditional && !ceremony.creates() {
        let _ = Reflect::set(&options, &"mediation".into(), &"conditional".into());
    }
    let method: Function = get(&credentials, if ceremony.creates() { "create" } else { "get" }).unchecked_into();
    let outcome = match method.call1(&credentials, &options) {
        Ok(p) => JsFuture::from(Promise::resolve(&p)).await,
        Err(e) => Err(e),
    };
    let credential = outcome.map_err(|e| {
        if signal.is_some_and(|s| s.aborted()) {
            return CeremonyError::Aborted;
        }
        let name = text(&e, "name").unwrap_or_else(|| "Error".to_string());
        let message = text(&e, "message").or_else(|| e.as_string()).unwrap_or_default();
        CeremonyError::Failed { kind: FailureKind::from_dom_exception(&name), name, message }
    })?;
    if credential.is_null() || credential.is_undefined() {
        return Err(failed(FailureKind::Cancelled, "NotAllowedError", "no credential was returned"));
    }
    let response = get(&credential, "response");
    let id = text(&credential, "id").unwrap_or_default();
    let raw_id = required_bytes(&credential, "rawId")?;
    let credential_type = text(&credential, "type").unwrap_or_else(|| "public-key".to_string());
    if ceremony.creates() {
        Ok(attestation_json(&Attestation {
            id,
            raw_id,
            credential_type,
            attestation_object: required_bytes(&response, "attestationObject")?,
            client_data_json: required_bytes(&response, "clientDataJSON")?,
        }))
    } else {
        Ok(assertion_json(&Assertion {
            id,
            raw_id,
            credential_type,
            authenticator_data: required_bytes(&response, "authenticatorData")?,
            client_data_json: required_bytes(&response, "clientDataJSON")?,
            signature: required_bytes(&response, "signature")?,
            user_handle: bytes(&get(&response, "userHandle")),
        }))
    }
}
