//! Reading a ceremony's options out of a flow and preparing them for `navigator.credentials`:
//! which node holds them (kratos-wire-facts §4.4), how they are wrapped, which fields are
//! base64url binary (`challenge`, `user.id`, `allowCredentials[].id`, `excludeCredentials[].id`).

use super::{base64url, Ceremony, WebAuthnError};
use crate::engine::json::Json;
use crate::models::Value;

/// The `attributes` of the input node named `name` (first match).
pub fn input_attributes<J: Json>(flow: &J, name: &str) -> Option<J> {
    let nodes = flow.at("ui.nodes")?;
    nodes.elements().into_iter().find_map(|node| {
        let attrs = node.get("attributes")?;
        (attrs.str_at("name").as_deref() == Some(name)).then_some(attrs)
    })
}

/// The string `value` of the input node named `name`.
pub fn input_value<J: Json>(flow: &J, name: &str) -> Option<String> {
    input_attributes(flow, name)?.str_at("value")
}

/// Whether the flow offers `ceremony` (its options node is present and not empty).
pub fn offers<J: Json>(flow: &J, ceremony: Ceremony) -> bool {
    input_attributes(flow, ceremony.options_node())
        .and_then(|a| a.get("value"))
        .is_some_and(|v| v.as_str().map_or(v.is_object(), |s| !s.trim().is_empty()))
}

/// The ceremonies the flow offers now, in this order: passkey sign-in, passkey creation (in
/// settings when the flow has the `passkey_settings_register` input, else sign-up), security-key
/// sign-in, security-key registration.
pub fn ceremonies<J: Json>(flow: &J) -> Vec<Ceremony> {
    let passkey_create = if input_attributes(flow, "passkey_settings_register").is_some() {
        Ceremony::PasskeySettingsRegister
    } else {
        Ceremony::PasskeyRegister
    };
    [Ceremony::PasskeyLogin, passkey_create, Ceremony::WebauthnLogin, Ceremony::WebauthnRegister]
        .into_iter()
        .filter(|c| offers(flow, *c))
        .collect()
}

/// The options JSON of `ceremony` as Kratos put it in the flow (still wrapped and base64url).
/// `parse` parses JSON text (the node value is a JSON string); `to_value` copies parsed JSON into
/// a [`Value`] (the browser build walks the `JsValue` instead of pulling in a serde deserializer).
pub fn raw_options<J: Json>(
    flow: &J,
    ceremony: Ceremony,
    parse: impl Fn(&str) -> Option<J>,
    to_value: impl Fn(&J) -> Option<Value>,
) -> Result<Value, WebAuthnError> {
    let node = ceremony.options_node();
    let value = input_attributes(flow, node).and_then(|a| a.get("value")).ok_or(WebAuthnError::NotOffered { node })?;
    let json = match value.as_str() {
        Some(text) if text.trim().is_empty() => return Err(WebAuthnError::NotOffered { node }),
        Some(text) => parse(&text).ok_or_else(|| WebAuthnError::InvalidOptions(format!("`{node}` is not JSON")))?,
        None => value,
    };
    to_value(&json).ok_or_else(|| WebAuthnError::InvalidOptions(format!("`{node}` is not a JSON object")))
}

/// For passkey sign-up: the form field whose value names the passkey (`displayNameFieldName`,
/// e.g. `traits.email`).
pub fn display_name_field(raw: &Value) -> Option<&str> {
    raw.get("displayNameFieldName").and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// The value at a form field name such as `traits.email` inside a traits object
/// (`{"email": …}`); `None` unless it is a non-empty string.
pub fn trait_value<'a>(traits: &'a Value, field: &str) -> Option<&'a str> {
    let path = field.strip_prefix("traits.").unwrap_or(field);
    let mut cur = traits;
    for key in path.split('.') {
        cur = cur.get(key)?;
    }
    cur.as_str().filter(|s| !s.is_empty())
}

/// Whether `ceremony` on `flow` creates an identity, so its body needs `traits`: passkey sign-up
/// always; a security key on a registration flow (passwordless mode), not in settings. Settings
/// flows always carry their `identity`, registration flows never do.
pub fn signs_up<J: Json>(flow: &J, ceremony: Ceremony) -> bool {
    match ceremony {
        Ceremony::PasskeyRegister => true,
        Ceremony::WebauthnRegister => !flow.get("identity").is_some_and(|i| i.is_object()),
        _ => false,
    }
}

/// The traits the flow already carries (the `traits.*` inputs, e.g. the hidden ones of
/// registration step 2), as a nested object. `to_value` as in [`raw_options`].
pub fn traits_from_flow<J: Json>(flow: &J, to_value: impl Fn(&J) -> Option<Value>) -> Value {
    let mut out = Value::Object(Vec::new());
    let Some(nodes) = flow.at("ui.nodes") else { return out };
    for node in nodes.elements() {
        let Some(attrs) = node.get("attributes") else { continue };
        let Some(name) = attrs.str_at("name") else { continue };
        let Some(path) = name.strip_prefix("traits.") else { continue };
        let Some(value) = attrs.get("value").and_then(|v| to_value(&v)) else { continue };
        out.set_path(path, value);
    }
    out
}

/// A JSON tree in which the binary fields are bytes: what becomes the `publicKey` member of
/// `navigator.credentials.get/create` options (bytes → `Uint8Array`).
#[derive(Debug, Clone, PartialEq)]
pub enum Pk {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// Decoded base64url.
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<Pk>),
    /// An object, in wire order.
    Object(Vec<(String, Pk)>),
}

impl Pk {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Pk> {
        match self {
            Pk::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn from_value(v: Value) -> Pk {
        match v {
            Value::Null => Pk::Null,
            Value::Bool(b) => Pk::Bool(b),
            Value::Number(n) => Pk::Number(n),
            Value::String(s) => Pk::String(s),
            Value::Array(a) => Pk::Array(a.into_iter().map(Pk::from_value).collect()),
            Value::Object(m) => Pk::Object(m.into_iter().map(|(k, v)| (k, Pk::from_value(v))).collect()),
        }
    }
}

fn bytes_of(v: Value, what: &'static str) -> Result<Pk, WebAuthnError> {
    v.as_str()
        .and_then(base64url::decode)
        .map(Pk::Bytes)
        .ok_or_else(|| WebAuthnError::InvalidOptions(format!("`{what}` is not a base64url string")))
}

fn credential_list(v: Value, what: &'static str) -> Result<Pk, WebAuthnError> {
    let Value::Array(items) = v else {
        return Ok(Pk::from_value(v)); // null/absent-like: pass through, the browser validates
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(members) = item else {
            return Err(WebAuthnError::InvalidOptions(format!("`{what}` is not an object")));
        };
        let mut m = Vec::with_capacity(members.len());
        for (k, v) in members {
            let pk = if k == "id" { bytes_of(v, what)? } else { Pk::from_value(v) };
            m.push((k, pk));
        }
        out.push(Pk::Object(m));
    }
    Ok(Pk::Array(out))
}

/// Turns the raw options of `ceremony` into the `publicKey` member for `navigator.credentials`:
/// unwraps `credentialOptions` (passkey sign-up), decodes the binary fields, and for passkey
/// sign-up sets `user.name` and `user.displayName` to `display_name` (as `webauthn.js` does with
/// the value of the `displayNameFieldName` field).
pub fn prepare(ceremony: Ceremony, raw: Value, display_name: Option<&str>) -> Result<Pk, WebAuthnError> {
    let creation = match raw.get("credentialOptions") {
        Some(inner) if ceremony == Ceremony::PasskeyRegister => inner.clone(),
        _ => raw,
    };
    let Some(Value::Object(public_key)) = creation.get("publicKey").cloned() else {
        return Err(WebAuthnError::InvalidOptions("no `publicKey` object".into()));
    };
    let mut out = Vec::with_capacity(public_key.len());
    let mut has_challenge = false;
    let mut has_user_id = false;
    for (key, value) in public_key {
        let pk = match key.as_str() {
            "challenge" => {
                has_challenge = true;
                bytes_of(value, "publicKey.challenge")?
            }
            "allowCredentials" => credential_list(value, "publicKey.allowCredentials[]")?,
            "excludeCredentials" => credential_list(value, "publicKey.excludeCredentials[]")?,
            "user" => {
                let Value::Object(members) = value else {
                    return Err(WebAuthnError::InvalidOptions("`publicKey.user` is not an object".into()));
                };
                let mut m = Vec::with_capacity(members.len());
                for (k, v) in members {
                    let pk = match (k.as_str(), display_name) {
                        ("id", _) => {
                            has_user_id = true;
                            bytes_of(v, "publicKey.user.id")?
                        }
                        ("name" | "displayName", Some(name)) if ceremony == Ceremony::PasskeyRegister => Pk::String(name.to_string()),
                        _ => Pk::from_value(v),
                    };
                    m.push((k, pk));
                }
                Pk::Object(m)
            }
            _ => Pk::from_value(value),
        };
        out.push((key, pk));
    }
    if !has_challenge {
        return Err(WebAuthnError::InvalidOptions("no `publicKey.challenge`".into()));
    }
    if ceremony.creates() && !has_user_id {
        return Err(WebAuthnError::InvalidOptions("no `publicKey.user.id`".into()));
    }
    Ok(Pk::Object(out))
}
