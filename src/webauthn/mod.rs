//! WebAuthn and passkeys for Kratos flows, two ways:
//!
//! - **Native mode** (recommended for AJAX apps): the SDK runs the ceremony itself. It reads the
//!   options from the flow's nodes ([`options`]), base64url-decodes the binary fields, calls
//!   `navigator.credentials.get/create` (`web`, wasm only), encodes the credential exactly like
//!   Kratos' `webauthn.js` ([`encode`]) and builds the JSON submit body ([`body`]). No script is
//!   loaded, so it works under a strict Content-Security-Policy.
//! - **Script mode**: load Kratos' `webauthn.js` from the flow's `webauthn_script` node and call
//!   the global named by a node's `onclickTrigger` / `onloadTrigger` ([`Trigger`]). The script
//!   submits a real `<form>` (full page navigation), so the app must render the flow as a form.
//!
//! Everything except `web` is plain Rust and tested natively.

pub mod base64url;
pub mod body;
pub mod encode;
pub mod failure;
pub mod options;
pub mod script;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use failure::{FailureKind, WebAuthnError};

/// The five ceremonies Kratos v1.3 offers in browser flows (kratos-wire-facts §4.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ceremony {
    /// Passkey sign-in (first factor): `passkey_challenge` → `passkey_login`.
    PasskeyLogin,
    /// Sign-up with a passkey: `passkey_create_data` (wrapped) → `passkey_register` + `traits`.
    PasskeyRegister,
    /// Add a passkey in settings: `passkey_create_data` (plain) → `passkey_settings_register`.
    PasskeySettingsRegister,
    /// Security key as second factor, refresh or passwordless first factor: `webauthn_login_trigger` →
    /// `webauthn_login` + `identifier`.
    WebauthnLogin,
    /// Add a security key (settings) or sign up with one (passwordless registration, + `traits`):
    /// `webauthn_register_trigger` → `webauthn_register` (+ `webauthn_register_displayname`).
    WebauthnRegister,
}

impl Ceremony {
    /// Every ceremony.
    pub const ALL: [Ceremony; 5] = [
        Ceremony::PasskeyLogin,
        Ceremony::PasskeyRegister,
        Ceremony::PasskeySettingsRegister,
        Ceremony::WebauthnLogin,
        Ceremony::WebauthnRegister,
    ];

    /// The name used by the JS API (`passkeyLogin`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Ceremony::PasskeyLogin => "passkeyLogin",
            Ceremony::PasskeyRegister => "passkeyRegister",
            Ceremony::PasskeySettingsRegister => "passkeySettingsRegister",
            Ceremony::WebauthnLogin => "webAuthnLogin",
            Ceremony::WebauthnRegister => "webAuthnRegister",
        }
    }

    /// Parses [`Ceremony::as_str`].
    pub fn parse(name: &str) -> Option<Ceremony> {
        Ceremony::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The input node whose `value` holds the options JSON.
    pub fn options_node(self) -> &'static str {
        match self {
            Ceremony::PasskeyLogin => "passkey_challenge",
            Ceremony::PasskeyRegister | Ceremony::PasskeySettingsRegister => "passkey_create_data",
            Ceremony::WebauthnLogin => "webauthn_login_trigger",
            Ceremony::WebauthnRegister => "webauthn_register_trigger",
        }
    }

    /// The body field that carries the stringified credential.
    pub fn result_field(self) -> &'static str {
        match self {
            Ceremony::PasskeyLogin => "passkey_login",
            Ceremony::PasskeyRegister => "passkey_register",
            Ceremony::PasskeySettingsRegister => "passkey_settings_register",
            Ceremony::WebauthnLogin => "webauthn_login",
            Ceremony::WebauthnRegister => "webauthn_register",
        }
    }

    /// The submit `method`.
    pub fn method(self) -> &'static str {
        match self {
            Ceremony::PasskeyLogin | Ceremony::PasskeyRegister | Ceremony::PasskeySettingsRegister => "passkey",
            Ceremony::WebauthnLogin | Ceremony::WebauthnRegister => "webauthn",
        }
    }

    /// `navigator.credentials.create` (true) or `.get` (false).
    pub fn creates(self) -> bool {
        matches!(self, Ceremony::PasskeyRegister | Ceremony::PasskeySettingsRegister | Ceremony::WebauthnRegister)
    }

    /// The `webauthn.js` global that runs this ceremony in script mode.
    pub fn trigger(self) -> Trigger {
        match self {
            Ceremony::PasskeyLogin => Trigger::PasskeyLogin,
            Ceremony::PasskeyRegister => Trigger::PasskeyRegistration,
            Ceremony::PasskeySettingsRegister => Trigger::PasskeySettingsRegistration,
            Ceremony::WebauthnLogin => Trigger::WebAuthnLogin,
            Ceremony::WebauthnRegister => Trigger::WebAuthnRegistration,
        }
    }
}

/// The globals `webauthn.js` defines (the values of `onclickTrigger` / `onloadTrigger`).
/// Only these names are ever called: a node cannot make the SDK call anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// `oryWebAuthnLogin`
    WebAuthnLogin,
    /// `oryWebAuthnRegistration`
    WebAuthnRegistration,
    /// `oryPasskeyLogin`
    PasskeyLogin,
    /// `oryPasskeyLoginAutocompleteInit`
    PasskeyLoginAutocompleteInit,
    /// `oryPasskeyRegistration`
    PasskeyRegistration,
    /// `oryPasskeySettingsRegistration`
    PasskeySettingsRegistration,
}

impl Trigger {
    /// Every trigger.
    pub const ALL: [Trigger; 6] = [
        Trigger::WebAuthnLogin,
        Trigger::WebAuthnRegistration,
        Trigger::PasskeyLogin,
        Trigger::PasskeyLoginAutocompleteInit,
        Trigger::PasskeyRegistration,
        Trigger::PasskeySettingsRegistration,
    ];

    /// The current global name (Kratos ≥ v1.3).
    pub fn global(self) -> &'static str {
        match self {
            Trigger::WebAuthnLogin => "oryWebAuthnLogin",
            Trigger::WebAuthnRegistration => "oryWebAuthnRegistration",
            Trigger::PasskeyLogin => "oryPasskeyLogin",
            Trigger::PasskeyLoginAutocompleteInit => "oryPasskeyLoginAutocompleteInit",
            Trigger::PasskeyRegistration => "oryPasskeyRegistration",
            Trigger::PasskeySettingsRegistration => "oryPasskeySettingsRegistration",
        }
    }

    /// The deprecated `__`-prefixed name (the only one before v1.3).
    pub fn legacy_global(self) -> &'static str {
        match self {
            Trigger::WebAuthnLogin => "__oryWebAuthnLogin",
            Trigger::WebAuthnRegistration => "__oryWebAuthnRegistration",
            Trigger::PasskeyLogin => "__oryPasskeyLogin",
            Trigger::PasskeyLoginAutocompleteInit => "__oryPasskeyLoginAutocompleteInit",
            Trigger::PasskeyRegistration => "__oryPasskeyRegistration",
            Trigger::PasskeySettingsRegistration => "__oryPasskeySettingsRegistration",
        }
    }

    /// Parses a trigger value: the current name, the legacy name, or the deprecated `onclick`
    /// source form `window.oryX()` / `window.__oryX(…)` (only the name is used; nothing is evaluated).
    pub fn parse(value: &str) -> Option<Trigger> {
        let v = value.trim();
        let v = v.strip_prefix("window.").unwrap_or(v);
        let name = v.split('(').next().unwrap_or(v).trim();
        Trigger::ALL.into_iter().find(|t| t.global() == name || t.legacy_global() == name)
    }
}
