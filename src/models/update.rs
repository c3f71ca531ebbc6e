//! The JSON bodies of `update*Flow` (the forms' submit), one enum of methods per flow, tagged by
//! `method` as Kratos expects. [`UpdateBody`] adds the flow's `csrf_token` (and an optional
//! `transient_payload`) to any of them; serialise with `json::to_json_text` and pass the text to
//! the client's `update_*_flow`. Only set fields are sent (`None` is left out, never `null`).

use super::{UiContainer, Value};
use serde::Serialize;

/// A submit body: the method's fields, plus the CSRF token Kratos checks on browser flows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateBody<M> {
    /// The method and its fields (`"method": …` on the wire).
    #[serde(flatten)]
    pub method: M,
    /// The flow's `csrf_token` node value (browser flows refuse a submit without it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// Free-form data passed on to Kratos' webhooks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transient_payload: Option<Value>,
}

impl<M> UpdateBody<M> {
    /// `method` with the CSRF token read from the flow's UI (the usual way to submit).
    pub fn for_flow(ui: &UiContainer, method: M) -> Self {
        UpdateBody { method, csrf_token: ui.csrf_token(), transient_payload: None }
    }

    /// Adds a `transient_payload` for webhooks.
    pub fn with_transient_payload(mut self, payload: Value) -> Self {
        self.transient_payload = Some(payload);
        self
    }
}

/// The body of `updateLoginFlow`.
pub type UpdateLoginFlowBody = UpdateBody<LoginMethod>;
/// The body of `updateRegistrationFlow`.
pub type UpdateRegistrationFlowBody = UpdateBody<RegistrationMethod>;
/// The body of `updateSettingsFlow`.
pub type UpdateSettingsFlowBody = UpdateBody<SettingsMethod>;
/// The body of `updateRecoveryFlow`.
pub type UpdateRecoveryFlowBody = UpdateBody<AddressMethod>;
/// The body of `updateVerificationFlow`.
pub type UpdateVerificationFlowBody = UpdateBody<AddressMethod>;

/// The fields of `method: oidc` in login and registration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OidcProvider {
    /// The provider id from the flow's `provider` node.
    pub provider: String,
    /// Traits to start with (or merge on first sign-in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traits: Option<Value>,
    /// Extra parameters for the provider's authorisation URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub upstream_parameters: Option<Value>,
}

/// Login methods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum LoginMethod {
    /// Identifier and password.
    Password {
        /// Email or username (the schema's password identifier).
        identifier: String,
        /// The password.
        password: String,
    },
    /// Sign in with a social / OIDC provider (Kratos answers 422 to the provider).
    Oidc(OidcProvider),
    /// A TOTP code (the aal2 step).
    Totp {
        /// The 6-digit code from the authenticator app.
        totp_code: String,
    },
    /// A security key (aal2) or passwordless WebAuthn.
    Webauthn {
        /// The identifier (for passwordless); empty for aal2.
        identifier: String,
        /// The encoded assertion (see `webauthn`), or `None` to ask for the options first.
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_login: Option<String>,
    },
    /// A backup code (the aal2 step).
    LookupSecret {
        /// One unused backup code.
        lookup_secret: String,
    },
    /// A one-time code sent by email/SMS: first with the identifier, then with the code.
    Code {
        /// The address to send the code to.
        #[serde(skip_serializing_if = "Option::is_none")]
        identifier: Option<String>,
        /// The code the user received.
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Set to ask for a new code.
        #[serde(skip_serializing_if = "Option::is_none")]
        resend: Option<String>,
        /// The address the code went to (aal2 code login).
        #[serde(skip_serializing_if = "Option::is_none")]
        address: Option<String>,
    },
    /// A passkey assertion.
    Passkey {
        /// The encoded assertion (see `webauthn`).
        #[serde(skip_serializing_if = "Option::is_none")]
        passkey_login: Option<String>,
    },
    /// The first step of identifier-first login.
    IdentifierFirst {
        /// Email or username.
        identifier: String,
    },
}

/// Registration methods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum RegistrationMethod {
    /// Traits and a password (the second step of two-step registration).
    Password {
        /// The identity's traits, shaped by the identity schema.
        traits: Value,
        /// The password.
        password: String,
    },
    /// The first step of two-step registration (traits only), or going back.
    Profile {
        /// The identity's traits.
        traits: Value,
        /// `credential-selection` or `previous`.
        #[serde(skip_serializing_if = "Option::is_none")]
        screen: Option<String>,
    },
    /// Sign up with a social / OIDC provider.
    Oidc(OidcProvider),
    /// Passwordless WebAuthn (needs `webauthn.config.passwordless: true`).
    Webauthn {
        /// The identity's traits.
        traits: Value,
        /// The encoded credential (see `webauthn`).
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_register: Option<String>,
        /// A name for the key.
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_register_displayname: Option<String>,
    },
    /// A one-time code sent to the address in the traits.
    Code {
        /// The identity's traits.
        traits: Value,
        /// The code the user received.
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Set to ask for a new code.
        #[serde(skip_serializing_if = "Option::is_none")]
        resend: Option<String>,
    },
    /// A passkey.
    Passkey {
        /// The identity's traits.
        traits: Value,
        /// The encoded credential (see `webauthn`).
        #[serde(skip_serializing_if = "Option::is_none")]
        passkey_register: Option<String>,
    },
}

/// Settings methods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SettingsMethod {
    /// A new password.
    Password {
        /// The new password.
        password: String,
    },
    /// Changed traits.
    Profile {
        /// The identity's traits.
        traits: Value,
    },
    /// Link or unlink a social / OIDC provider.
    Oidc {
        /// Provider to link.
        #[serde(skip_serializing_if = "Option::is_none")]
        link: Option<String>,
        /// Provider to unlink.
        #[serde(skip_serializing_if = "Option::is_none")]
        unlink: Option<String>,
        /// Traits.
        #[serde(skip_serializing_if = "Option::is_none")]
        traits: Option<Value>,
        /// Extra parameters for the provider's authorisation URL.
        #[serde(skip_serializing_if = "Option::is_none")]
        upstream_parameters: Option<Value>,
    },
    /// Link (with a code for this flow's secret) or unlink an authenticator app.
    Totp {
        /// A code computed from this flow's `totp_secret_key`.
        #[serde(skip_serializing_if = "Option::is_none")]
        totp_code: Option<String>,
        /// `true` to unlink.
        #[serde(skip_serializing_if = "Option::is_none")]
        totp_unlink: Option<bool>,
    },
    /// Add or remove a security key.
    Webauthn {
        /// The encoded credential (see `webauthn`).
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_register: Option<String>,
        /// A name for the key.
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_register_displayname: Option<String>,
        /// The id of a key to remove.
        #[serde(skip_serializing_if = "Option::is_none")]
        webauthn_remove: Option<String>,
    },
    /// Backup codes: one action at a time (see [`LookupSecretAction`]).
    LookupSecret {
        /// Show the current codes.
        #[serde(skip_serializing_if = "Option::is_none")]
        lookup_secret_reveal: Option<bool>,
        /// Create new codes (not active until confirmed).
        #[serde(skip_serializing_if = "Option::is_none")]
        lookup_secret_regenerate: Option<bool>,
        /// Save the regenerated codes.
        #[serde(skip_serializing_if = "Option::is_none")]
        lookup_secret_confirm: Option<bool>,
        /// Remove the codes.
        #[serde(skip_serializing_if = "Option::is_none")]
        lookup_secret_disable: Option<bool>,
    },
    /// Add or remove a passkey.
    Passkey {
        /// The encoded credential (see `webauthn`).
        #[serde(skip_serializing_if = "Option::is_none")]
        passkey_settings_register: Option<String>,
        /// The id of a passkey to remove.
        #[serde(skip_serializing_if = "Option::is_none")]
        passkey_remove: Option<String>,
    },
}

/// What to do with backup codes in settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LookupSecretAction {
    /// Show the current codes.
    Reveal,
    /// Create new codes.
    Regenerate,
    /// Save the regenerated codes.
    Confirm,
    /// Remove the codes.
    Disable,
}

impl SettingsMethod {
    /// Links an authenticator app with a code computed from this flow's secret.
    pub fn enable_totp(code: impl Into<String>) -> Self {
        SettingsMethod::Totp { totp_code: Some(code.into()), totp_unlink: None }
    }

    /// Unlinks the authenticator app.
    pub fn unlink_totp() -> Self {
        SettingsMethod::Totp { totp_code: None, totp_unlink: Some(true) }
    }

    /// One backup-code action.
    pub fn lookup_secret(action: LookupSecretAction) -> Self {
        let only = |a: LookupSecretAction| (action == a).then_some(true);
        SettingsMethod::LookupSecret {
            lookup_secret_reveal: only(LookupSecretAction::Reveal),
            lookup_secret_regenerate: only(LookupSecretAction::Regenerate),
            lookup_secret_confirm: only(LookupSecretAction::Confirm),
            lookup_secret_disable: only(LookupSecretAction::Disable),
        }
    }
}

/// Recovery and verification methods (both flows take the same fields).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "method", rename_all = "snake_case")]
#[non_exhaustive]
pub enum AddressMethod {
    /// A one-time code: first with the email (code sent), then with the code.
    Code {
        /// The address to send the code to.
        #[serde(skip_serializing_if = "Option::is_none")]
        email: Option<String>,
        /// The code the user received.
        #[serde(skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Recovery only (Kratos v25+): any of the identity's recovery addresses, to start with.
        #[serde(skip_serializing_if = "Option::is_none")]
        recovery_address: Option<String>,
        /// Recovery only (Kratos v25+): the masked address the user picked to get the code at.
        #[serde(skip_serializing_if = "Option::is_none")]
        recovery_select_address: Option<String>,
        /// Recovery only (Kratos v25+): the full address the user typed to confirm the picked one.
        #[serde(skip_serializing_if = "Option::is_none")]
        recovery_confirm_address: Option<String>,
        /// Recovery only (Kratos v25+): `previous` goes back to the address choice.
        #[serde(skip_serializing_if = "Option::is_none")]
        screen: Option<String>,
    },
    /// A magic link sent to the address.
    Link {
        /// The address to send the link to.
        email: String,
    },
}
