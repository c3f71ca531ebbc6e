//! Second factors without digging through nodes (the Rust side of the npm package's
//! `second-factor` helpers): what a settings flow shows for TOTP and backup codes, and which
//! factors an aal2 login flow offers. The submit bodies are [`SettingsMethod::enable_totp`],
//! [`SettingsMethod::unlink_totp`], [`SettingsMethod::lookup_secret`], [`LoginMethod::Totp`]
//! and [`LoginMethod::LookupSecret`].
//!
//! [`SettingsMethod::enable_totp`]: crate::models::SettingsMethod::enable_totp
//! [`SettingsMethod::unlink_totp`]: crate::models::SettingsMethod::unlink_totp
//! [`SettingsMethod::lookup_secret`]: crate::models::SettingsMethod::lookup_secret
//! [`LoginMethod::Totp`]: crate::models::LoginMethod::Totp
//! [`LoginMethod::LookupSecret`]: crate::models::LoginMethod::LookupSecret

use crate::models::{LookupSecretAction, UiContainer, UiNodeAttributes, UiNodeGroup, UiText, Value};

/// The TOTP secret (base32) to type into an authenticator app.
pub fn totp_secret(ui: &UiContainer) -> Option<String> {
    let text = text_node(ui, "totp_secret_key")?;
    match text.context.as_ref().and_then(|c| c.get("secret")).and_then(Value::as_str) {
        Some(secret) => Some(secret.to_string()),
        None => Some(text.text.clone()).filter(|t| !t.is_empty()),
    }
}

/// The TOTP QR code: a `data:image/png` URL for an `<img src>`.
pub fn totp_qr_code(ui: &UiContainer) -> Option<&str> {
    ui.nodes.iter().find_map(|n| match &n.attributes {
        UiNodeAttributes::Img(img) if img.id == "totp_qr" => Some(img.src.as_str()),
        _ => None,
    })
}

/// Whether an authenticator app is linked (the flow offers `totp_unlink`).
pub fn totp_linked(ui: &UiContainer) -> bool {
    has_input(ui, "totp_unlink")
}

/// One backup code as Kratos lists it after reveal/regenerate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupCode {
    /// A code that still works.
    Usable(String),
    /// A used code (Kratos no longer shows it), with when it was used if Kratos says.
    Used {
        /// ISO timestamp.
        used_at: Option<String>,
    },
}

/// The backup codes a settings flow shows after revealing or regenerating them, in order.
pub fn lookup_secret_codes(ui: &UiContainer) -> Option<Vec<LookupCode>> {
    let Some(Value::Array(secrets)) = text_node(ui, "lookup_secret_codes")?.context.as_ref()?.get("secrets") else {
        return None;
    };
    let code = |s: &Value| {
        let ctx = s.get("context");
        match ctx.and_then(|c| c.get("secret")).and_then(Value::as_str) {
            Some(secret) => LookupCode::Usable(secret.to_string()),
            None => LookupCode::Used { used_at: ctx.and_then(|c| c.get("used_at")).and_then(Value::as_str).map(str::to_string) },
        }
    };
    Some(secrets.iter().filter(|s| matches!(s, Value::Object(_))).map(code).collect())
}

/// The backup-code actions the settings flow offers now.
pub fn lookup_secret_actions(ui: &UiContainer) -> Vec<LookupSecretAction> {
    use LookupSecretAction::*;
    [
        (Reveal, "lookup_secret_reveal"),
        (Regenerate, "lookup_secret_regenerate"),
        (Confirm, "lookup_secret_confirm"),
        (Disable, "lookup_secret_disable"),
    ]
    .into_iter()
    .filter(|(_, name)| has_input(ui, name))
    .map(|(action, _)| action)
    .collect()
}

/// A second factor an aal2 login flow offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    /// Authenticator app code.
    Totp,
    /// Backup code.
    LookupSecret,
    /// Security key.
    Webauthn,
    /// One-time code by email/SMS.
    Code,
}

/// The second factors an (aal2) login flow offers, in this order: TOTP, backup code, security key, code.
pub fn second_factors(ui: &UiContainer) -> Vec<SecondFactor> {
    // A `method` submit, or (Kratos v1.2+) one `address` button per address to send the code to.
    let code = ui.nodes.iter().any(|n| {
        n.group == UiNodeGroup::Code && matches!(&n.attributes, UiNodeAttributes::Input(a) if a.name == "method" || a.name == "address")
    });
    [
        (SecondFactor::Totp, has_input(ui, "totp_code")),
        (SecondFactor::LookupSecret, has_input(ui, "lookup_secret")),
        (SecondFactor::Webauthn, has_input(ui, "webauthn_login_trigger")),
        (SecondFactor::Code, code),
    ]
    .into_iter()
    .filter_map(|(factor, offered)| offered.then_some(factor))
    .collect()
}

fn text_node<'a>(ui: &'a UiContainer, id: &str) -> Option<&'a UiText> {
    ui.nodes.iter().find_map(|n| match &n.attributes {
        UiNodeAttributes::Text(t) if t.id == id => Some(&t.text),
        _ => None,
    })
}

fn has_input(ui: &UiContainer, name: &str) -> bool {
    crate::helpers::ui::node_by_name(ui, name).is_some()
}
