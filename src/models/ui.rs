//! UI containers, nodes and messages (kratos-wire-facts §5.2).

use super::value::Value;
use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// `node.type` (mirrors `attributes.node_type`). v26 adds `div`.
    UiNodeType { Input = "input", Text = "text", Img = "img", A = "a", Script = "script", Div = "div" }
}

crate::string_enum! {
    /// `node.group`: which method a node belongs to.
    UiNodeGroup {
        Default = "default", Password = "password", Oidc = "oidc", Profile = "profile", Link = "link",
        Code = "code", Totp = "totp", LookupSecret = "lookup_secret", Webauthn = "webauthn",
        Passkey = "passkey", IdentifierFirst = "identifier_first", Captcha = "captcha", Saml = "saml",
    }
}

crate::string_enum! {
    /// `UiText.type`.
    UiTextType { Info = "info", Error = "error", Success = "success" }
}

/// A form: where to send it, and its nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UiContainer {
    /// Submit URL.
    pub action: String,
    /// `POST` or `GET`.
    pub method: String,
    /// The form's nodes.
    pub nodes: Vec<UiNode>,
    /// Form-level messages; Kratos omits the key when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<UiText>,
}

impl UiContainer {
    /// The `csrf_token` input's value (browser flows refuse a submit without it).
    pub fn csrf_token(&self) -> Option<String> {
        self.nodes.iter().find_map(|n| match &n.attributes {
            UiNodeAttributes::Input(a) if a.name == "csrf_token" => a.value.as_ref().and_then(|v| v.as_str()).map(str::to_string),
            _ => None,
        })
    }
}

/// One UI element.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UiNode {
    /// Node type.
    #[serde(rename = "type")]
    pub node_type: UiNodeType,
    /// Method group.
    pub group: UiNodeGroup,
    /// Type-specific attributes.
    pub attributes: UiNodeAttributes,
    /// Messages about this node (always an array on the wire).
    #[serde(default)]
    pub messages: Vec<UiText>,
    /// Label etc.
    #[serde(default)]
    pub meta: UiNodeMeta,
}

/// `node.meta`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UiNodeMeta {
    /// The label to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
}

/// A message or label with a stable numeric id (for i18n) and English text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UiText {
    /// Stable message id, e.g. 4000006.
    pub id: i64,
    /// English text.
    pub text: String,
    /// info / error / success.
    #[serde(rename = "type")]
    pub text_type: UiTextType,
    /// Values to interpolate, e.g. `{"property":"email"}`; lookup codes and TOTP secrets live here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
}

/// Attributes, discriminated by `node_type`. An unknown node type decodes as `Unknown`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "node_type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum UiNodeAttributes {
    /// `<input>`.
    Input(InputAttributes),
    /// Text (e.g. lookup codes, TOTP secret).
    Text(TextAttributes),
    /// Image (e.g. TOTP QR code as data: URL).
    Img(ImageAttributes),
    /// Link.
    A(AnchorAttributes),
    /// Script (Kratos' webauthn.js).
    Script(ScriptAttributes),
    /// Division (Kratos v26+).
    Div(DivisionAttributes),
    /// A node type this SDK version does not know.
    #[serde(other)]
    Unknown,
}

/// Attributes of an input node.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InputAttributes {
    /// Form field name, e.g. `traits.email`.
    pub name: String,
    /// Input type (`text`, `password`, `hidden`, `submit`, …); kept as a string.
    #[serde(rename = "type")]
    pub input_type: String,
    /// Current value (any JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// Required field.
    #[serde(default)]
    pub required: bool,
    /// Disabled field.
    #[serde(default)]
    pub disabled: bool,
    /// Autocomplete hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autocomplete: Option<String>,
    /// Regex pattern.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Maximum length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maxlength: Option<u32>,
    /// Input-level label (rare; the node label is in `meta`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<UiText>,
    /// Deprecated inline JS of older Kratos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onclick: Option<String>,
    /// Name of the webauthn.js global to call on click.
    #[serde(default, rename = "onclickTrigger", skip_serializing_if = "Option::is_none")]
    pub onclick_trigger: Option<String>,
    /// Deprecated inline JS of older Kratos.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onload: Option<String>,
    /// Name of the webauthn.js global to call on load.
    #[serde(default, rename = "onloadTrigger", skip_serializing_if = "Option::is_none")]
    pub onload_trigger: Option<String>,
}

/// Attributes of a text node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextAttributes {
    /// Element id.
    pub id: String,
    /// The text (with `context` for secrets/codes).
    pub text: UiText,
}

/// Attributes of an image node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageAttributes {
    /// Element id.
    pub id: String,
    /// Image URL (often a data: URL).
    pub src: String,
    /// Width in px.
    #[serde(default)]
    pub width: f64,
    /// Height in px.
    #[serde(default)]
    pub height: f64,
}

/// Attributes of a link node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnchorAttributes {
    /// Element id.
    pub id: String,
    /// Target.
    pub href: String,
    /// Link text.
    pub title: UiText,
}

/// Attributes of a script node.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScriptAttributes {
    /// Element id (e.g. `webauthn_script`).
    #[serde(default)]
    pub id: String,
    /// Script URL.
    #[serde(default)]
    pub src: String,
    /// Subresource integrity hash.
    #[serde(default)]
    pub integrity: String,
    /// crossorigin attribute.
    #[serde(default)]
    pub crossorigin: String,
    /// referrerpolicy attribute.
    #[serde(default)]
    pub referrerpolicy: String,
    /// CSP nonce.
    #[serde(default)]
    pub nonce: String,
    /// async attribute.
    #[serde(default, rename = "async")]
    pub is_async: bool,
    /// MIME type.
    #[serde(default, rename = "type")]
    pub script_type: String,
}

/// Attributes of a div node (Kratos v26+).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DivisionAttributes {
    /// Element id.
    #[serde(default)]
    pub id: String,
    /// CSS class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// data-* attributes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}
