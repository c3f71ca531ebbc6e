//! The browser side of native mode (wasm only): whether WebAuthn can run, the options as JS
//! values, and the credential `navigator.credentials.get/create` produced (or the error it threw)
//! read back into Kratos' JSON. The await itself is in the npm wrapper: a Rust future here cost
//! 7 KB of wasm for one `await`. Everything else is in the pure modules. (Script mode's `<script>` loader lives in the npm wrapper,
//! `pkg/src/webauthn.ts`: it is DOM plumbing only, and smaller in JS than in wasm.)

use super::encode::{assertion_json, attestation_json, Assertion, Attestation};
use super::options::Pk;
use super::{Ceremony, FailureKind};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;

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

/// What the browser's `navigator.credentials.get/create` call ended with.
#[derive(Debug)]
pub enum Settled<'a> {
    /// It resolved to this value (a credential, or `null`).
    Resolved(&'a JsValue),
    /// It threw or rejected with this value.
    Threw(&'a JsValue),
}

/// The credential JSON Kratos expects, from how `ceremony`'s browser call settled. `aborted`: the
/// caller's `AbortSignal` had fired by then.
pub fn finish(ceremony: Ceremony, settled: Settled<'_>, aborted: bool) -> Result<String, CeremonyError> {
    let credential = match settled {
        _ if aborted => return Err(CeremonyError::Aborted),
        Settled::Threw(e) => {
            let name = text(e, "name").unwrap_or_else(|| "Error".to_string());
            let message = text(e, "message").or_else(|| e.as_string()).unwrap_or_default();
            return Err(CeremonyError::Failed { kind: FailureKind::from_dom_exception(&name), name, message });
        }
        Settled::Resolved(c) => c,
    };
    if credential.is_null() || credential.is_undefined() {
        return Err(failed(FailureKind::Cancelled, "NotAllowedError", "no credential was returned"));
    }
    let response = get(credential, "response");
    let id = text(credential, "id").unwrap_or_default();
    let raw_id = required_bytes(credential, "rawId")?;
    let credential_type = text(credential, "type").unwrap_or_else(|| "public-key".to_string());
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
