//! The JSON submit body of a ceremony (kratos-wire-facts §4.5 / §5.6). `csrf_token` is added by
//! the client like for every other submit.

use super::Ceremony;
use crate::models::Value;

/// What the app (or the flow) supplies besides the credential.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    /// Sign-up (passkey, or passwordless security key): the traits (required by Kratos).
    pub traits: Option<Value>,
    /// WebAuthn login: the identifier (the flow's hidden `identifier` node in MFA/refresh).
    pub identifier: Option<String>,
    /// WebAuthn registration: the security key's name (`webauthn_register_displayname`).
    pub display_name: Option<String>,
}

/// `{"method": …, "<result field>": "<credential JSON string>", …extras}`.
pub fn submit_body(ceremony: Ceremony, credential_json: String, extras: Extras) -> Value {
    let mut body = Value::Object(Vec::new());
    body.set("method", ceremony.method().into());
    body.set(ceremony.result_field(), credential_json.into());
    match ceremony {
        Ceremony::PasskeyRegister => {
            body.set("traits", extras.traits.unwrap_or(Value::Object(Vec::new())));
        }
        Ceremony::WebauthnLogin => {
            // Required by the webauthn login schema whenever `webauthn_login` is set, MFA included.
            body.set("identifier", extras.identifier.unwrap_or_default().into());
        }
        Ceremony::WebauthnRegister => {
            // Passwordless sign-up: Kratos builds the identity from these (settings sends none).
            if let Some(traits) = extras.traits {
                body.set("traits", traits);
            }
            body.set("webauthn_register_displayname", extras.display_name.unwrap_or_default().into());
        }
        Ceremony::PasskeyLogin | Ceremony::PasskeySettingsRegister => {}
    }
    body
}
