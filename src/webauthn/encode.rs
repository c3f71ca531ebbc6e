//! The credential as Kratos expects it: the exact JSON `webauthn.js` builds with
//! `JSON.stringify` (same members, same order, binary as unpadded base64url), parsed server-side
//! by go-webauthn's `ParseCredentialRequestResponseBody` / `ParseCredentialCreationResponseBody`.

use super::base64url;

/// What `navigator.credentials.get` returned (a `PublicKeyCredential` with an
/// `AuthenticatorAssertionResponse`), as bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assertion {
    /// `credential.id` (already base64url, as the browser gives it).
    pub id: String,
    /// `credential.rawId`.
    pub raw_id: Vec<u8>,
    /// `credential.type` (`public-key`).
    pub credential_type: String,
    /// `response.authenticatorData`.
    pub authenticator_data: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
    /// `response.signature`.
    pub signature: Vec<u8>,
    /// `response.userHandle`; `null` encodes as `""`, like the script does.
    pub user_handle: Option<Vec<u8>>,
}

/// What `navigator.credentials.create` returned (with an `AuthenticatorAttestationResponse`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attestation {
    /// `credential.id`.
    pub id: String,
    /// `credential.rawId`.
    pub raw_id: Vec<u8>,
    /// `credential.type`.
    pub credential_type: String,
    /// `response.attestationObject`.
    pub attestation_object: Vec<u8>,
    /// `response.clientDataJSON`.
    pub client_data_json: Vec<u8>,
}

/// `{"id","rawId","type","response":{"authenticatorData","clientDataJSON","signature","userHandle"}}`
pub fn assertion_json(a: &Assertion) -> String {
    let response = object(&[
        ("authenticatorData", string(&base64url::encode(&a.authenticator_data))),
        ("clientDataJSON", string(&base64url::encode(&a.client_data_json))),
        ("signature", string(&base64url::encode(&a.signature))),
        ("userHandle", string(&base64url::encode(a.user_handle.as_deref().unwrap_or_default()))),
    ]);
    credential(&a.id, &a.raw_id, &a.credential_type, response)
}

/// `{"id","rawId","type","response":{"attestationObject","clientDataJSON"}}`
pub fn attestation_json(a: &Attestation) -> String {
    let response = object(&[
        ("attestationObject", string(&base64url::encode(&a.attestation_object))),
        ("clientDataJSON", string(&base64url::encode(&a.client_data_json))),
    ]);
    credential(&a.id, &a.raw_id, &a.credential_type, response)
}

fn credential(id: &str, raw_id: &[u8], credential_type: &str, response: String) -> String {
    object(&[("id", string(id)), ("rawId", string(&base64url::encode(raw_id))), ("type", string(credential_type)), ("response", response)])
}

fn object(members: &[(&str, String)]) -> String {
    crate::engine::json::object_text(members.iter().map(|(k, v)| (*k, v)))
}

/// A JSON string literal, escaped like `JSON.stringify`.
pub use crate::engine::json::quote as string;
