//! Kratos API generations, as data.
//!
//! [`crate::engine::api`] builds every request for Kratos v1 (the source of truth). A client configured
//! for an older generation sends each request through ONE rewrite ([`rewrite`], called from
//! [`crate::client::Client::send`]): the v1 operation is the operationId the request was planned
//! from ([`RequestSpec::op`]), and the generation's row of [`ROUTES`] says where it goes on that server, which query parameters
//! it keeps (and under which name), and how it must travel:
//!
//! - [`Via::Ajax`]: `fetch` as usual;
//! - [`Via::Navigate`]: only a top-level navigation works (init endpoints of v0.4–v0.6 answer 302
//!   to the UI, never JSON): `fetch` refuses with [`Error::Unsupported`], `startBrowserFlow` navigates;
//! - [`Via::NativeForm`]: only a real `<form>` post works (submits of v0.4–v0.6, 302 only):
//!   `fetch` refuses, `submitFlowNatively` posts the form;
//! - [`Via::Local`]: answered without a request (the v0.4–v0.6 logout "flow" is just a URL);
//! - [`Via::Unsupported`]: the generation has no such endpoint.
//!
//! What each generation offers is in [`Capabilities`]; flow bodies of v0.4–v0.6 are normalised to
//! the v1 UI-node model by `crate::compat::legacy_flow`.
//!
//! v0.4–v0.6 (navigation, native forms, old shapes) are compiled only with the `legacy` feature
//! (the npm package's separate `kratos-browser/legacy` wasm): their rows (`LEGACY_ROUTES`), path
//! templates, field renames and the flow normaliser. Without it, a client for those generations is
//! refused when it is created ([`crate::engine::config::Settings::new`]), before any request; v1 and
//! v0.8–v0.11 (same AJAX model, a parameter table) are always there.

use crate::engine::api::flow_kind::FlowKind;
use crate::engine::error::Error;
use crate::engine::ops::{self, Answer};
use crate::engine::request::RequestSpec;
use crate::engine::shape::Shape;
use serde::{Deserialize, Deserializer};

/// A Kratos API generation (see the README's compatibility table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Generation {
    /// Kratos v1.x (and v25/v26): the model [`crate::engine::api`] is written for.
    #[default]
    V1,
    /// Kratos v0.8–v0.11 (`V0alpha2Api`): same AJAX model and paths, older parameters, no my-sessions API.
    V0_8,
    /// Kratos v0.6: init by navigation, get flow by AJAX, native form submit (302), `ui.nodes` flows.
    V0_6,
    /// Kratos v0.5: as v0.6 with per-method submit URLs and `methods.*.config.fields` flows.
    V0_5,
    /// Kratos v0.4: `/self-service/browser/flows/*`, `request=` ids, request contexts, 302 only.
    V0_4,
}

/// What a generation can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// The canonical `apiVersion` string.
    pub name: &'static str,
    /// `GET /self-service/*/browser` answers JSON to AJAX (else it is a 302 to the UI: navigate).
    pub ajax_init: bool,
    /// Flows can be submitted as JSON by AJAX with typed answers (else native form posts, 302 only).
    pub json_submit: bool,
    /// HTTP 422 `browser_location_change_required` exists.
    pub location_change_422: bool,
    /// `createBrowserLogoutFlow` returns a token for an AJAX `updateLogoutFlow` (else a navigation URL).
    pub logout_token: bool,
    /// `GET/DELETE /sessions` for the signed-in identity.
    pub my_sessions: bool,
    /// `/.well-known/ory/webauthn.js` and WebAuthn nodes.
    pub webauthn: bool,
    /// Flows carry `ui.nodes` as in v1 (else `methods.*.config.fields` / `form`, normalised by the SDK).
    pub ui_nodes: bool,
    /// The submit URL depends on the method (`…/methods/password`, `…/strategies/password`).
    pub method_in_path: bool,
    /// The query parameter carrying the flow id in UI URLs and submit URLs (`flow` or `request`).
    pub flow_query: &'static str,
}

impl Generation {
    /// All generations, newest first.
    pub const ALL: [Generation; 5] = [Generation::V1, Generation::V0_8, Generation::V0_6, Generation::V0_5, Generation::V0_4];

    /// The releases this generation covers, for messages (`v0.8–v0.11`).
    pub fn label(self) -> &'static str {
        match self {
            Generation::V0_8 => "v0.8–v0.11",
            g => g.caps().name,
        }
    }

    /// The capability flags of this generation.
    pub fn caps(self) -> &'static Capabilities {
        &CAPABILITIES[self as usize]
    }

    /// Parses an `apiVersion`: `v1` (default), `v0.8` … `v0.11`, `v0.6`, `v0.5`, `v0.4`. A leading `v`
    /// and a patch/pre-release suffix are optional (`0.11.1`, `v0.6.3-alpha.1`); any major ≥ 1 is `v1`.
    pub fn parse(s: &str) -> Option<Generation> {
        let t = s.trim();
        let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
        let mut parts = t.split(['.', '-', '+']);
        let major: u32 = parts.next()?.parse().ok()?;
        if major >= 1 {
            return Some(Generation::V1);
        }
        match parts.next()?.parse::<u32>().ok()? {
            8..=11 => Some(Generation::V0_8),
            6 => Some(Generation::V0_6),
            5 => Some(Generation::V0_5),
            4 => Some(Generation::V0_4),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Generation {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Generation::parse(&s).ok_or_else(|| serde::de::Error::custom(unknown_version(&s)))
    }
}

/// The message for an `apiVersion` this SDK does not know.
pub fn unknown_version(s: &str) -> String {
    format!("apiVersion must be one of v1, v0.8 … v0.11, v0.6, v0.5, v0.4 (got \"{s}\")")
}

const fn caps(
    name: &'static str,
    modern: bool,
    my_sessions: bool,
    webauthn: bool,
    ui_nodes: bool,
    method_in_path: bool,
    flow_query: &'static str,
) -> Capabilities {
    Capabilities {
        name,
        ajax_init: modern,
        json_submit: modern,
        location_change_422: modern,
        logout_token: modern,
        my_sessions,
        webauthn,
        ui_nodes,
        method_in_path,
        flow_query,
    }
}

/// Indexed by `Generation as usize`.
const CAPABILITIES: [Capabilities; 5] = [
    //    name     ajax/json  sessions webauthn ui_nodes method_in_path flow_query
    caps("v1", true, true, true, true, false, "flow"),
    caps("v0.8", true, false, true, true, false, "flow"),
    caps("v0.6", false, false, false, true, false, "flow"),
    caps("v0.5", false, false, false, false, true, "flow"),
    caps("v0.4", false, false, false, false, true, "request"),
];

/// A v1 operation, recognised from a [`RequestSpec`] built by [`crate::engine::api`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `GET /self-service/<kind>/browser`.
    InitFlow(FlowKind),
    /// `GET /self-service/<kind>/flows?id=`.
    GetFlow(FlowKind),
    /// `POST /self-service/<kind>?flow=`.
    SubmitFlow(FlowKind),
    /// `GET /self-service/logout/browser`.
    CreateLogout,
    /// `GET /self-service/logout?token=`.
    Logout,
    /// `GET /sessions/whoami`.
    Whoami,
    /// `GET /sessions`.
    ListMySessions,
    /// `DELETE /sessions/{id}`.
    DisableMySession,
    /// `DELETE /sessions`.
    DisableMyOtherSessions,
    /// `GET /self-service/errors?id=`.
    FlowError,
    /// `GET /.well-known/ory/webauthn.js`.
    WebAuthnJs,
    /// `GET /schemas`.
    ListSchemas,
    /// `GET /schemas/{id}`.
    GetSchema,
}

impl Operation {
    /// The v1 operation of `spec`, from the row of the operation table it was planned from
    /// (`None` for a request built by hand: sent unchanged).
    pub fn of(spec: &RequestSpec) -> Option<Operation> {
        let op = ops::find(spec.op?)?;
        Some(match (op.answer, op.flow) {
            (Answer::Json(Shape::Flow), Some(k)) => Operation::InitFlow(k),
            (Answer::GetFlow, Some(k)) => Operation::GetFlow(k),
            (Answer::Submit(_), Some(k)) => Operation::SubmitFlow(k),
            _ => match op.id {
                "createBrowserLogoutFlow" => Operation::CreateLogout,
                "updateLogoutFlow" => Operation::Logout,
                "toSession" => Operation::Whoami,
                "listMySessions" => Operation::ListMySessions,
                "disableMySession" => Operation::DisableMySession,
                "disableMyOtherSessions" => Operation::DisableMyOtherSessions,
                "getFlowError" => Operation::FlowError,
                "getWebAuthnJavaScript" => Operation::WebAuthnJs,
                "listIdentitySchemas" => Operation::ListSchemas,
                "getIdentitySchema" => Operation::GetSchema,
                _ => return None,
            },
        })
    }

    fn key(self) -> Key {
        match self {
            Operation::InitFlow(_) => Key::Init,
            Operation::GetFlow(_) => Key::Get,
            Operation::SubmitFlow(_) => Key::Submit,
            Operation::CreateLogout => Key::CreateLogout,
            Operation::Logout => Key::Logout,
            Operation::Whoami => Key::Whoami,
            Operation::ListMySessions | Operation::DisableMySession | Operation::DisableMyOtherSessions => Key::MySessions,
            Operation::FlowError => Key::FlowError,
            Operation::WebAuthnJs => Key::WebAuthnJs,
            Operation::ListSchemas => Key::ListSchemas,
            Operation::GetSchema => Key::GetSchema,
        }
    }

    /// The flow kind, for flow operations.
    pub fn flow_kind(self) -> Option<FlowKind> {
        match self {
            Operation::InitFlow(k) | Operation::GetFlow(k) | Operation::SubmitFlow(k) => Some(k),
            _ => None,
        }
    }
}

/// How a rewritten request must travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// `fetch` (JSON), as in v1.
    Ajax,
    /// Only a top-level navigation (the server answers 302 to the UI, never JSON).
    Navigate,
    /// Only a native `<form method=POST>` submission (the server answers 302 only).
    NativeForm,
    /// No request: the SDK answers itself (e.g. the v0.4–v0.6 logout URL).
    Local,
    /// The generation has no such endpoint.
    Unsupported,
}

/// What to do with a v1 query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// Keep it under its v1 name.
    Keep,
    /// Send it under another name.
    Rename(&'static str),
    /// `refresh=true` → `prompt=login` (v0.4): send `(name, value)` when the v1 value is `true`.
    IfTrue(&'static str, &'static str),
}

/// One row of the route table: where a v1 operation goes on one generation.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// The generation.
    pub generation: Generation,
    /// Which operation (flow operations cover all kinds; `{kind}` in `path` is substituted).
    key: Key,
    /// How it travels.
    pub via: Via,
    /// The path on that server; `{kind}`, `{method}` and `{id}` are substituted; `None` = the v1 path.
    pub path: Option<&'static str>,
    /// The v1 query parameters the server understands (others are dropped), with their old names.
    pub params: &'static [(&'static str, Param)],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Init,
    Get,
    Submit,
    CreateLogout,
    Logout,
    Whoami,
    MySessions,
    FlowError,
    WebAuthnJs,
    ListSchemas,
    GetSchema,
}

use Generation::{V0_4, V0_5, V0_6, V0_8};
use Param::Keep;
#[cfg(feature = "legacy")]
use Param::{IfTrue, Rename};
use Via::{Ajax, Unsupported};
#[cfg(feature = "legacy")]
use Via::{Local, NativeForm, Navigate};

const RETURN_TO: &[(&str, Param)] = &[("return_to", Keep)];
const LOGIN_V08: &[(&str, Param)] = &[("refresh", Keep), ("aal", Keep), ("return_to", Keep)];
#[cfg(feature = "legacy")]
const LOGIN_V05: &[(&str, Param)] = &[("refresh", Keep), ("return_to", Keep)];
#[cfg(feature = "legacy")]
const LOGIN_V04: &[(&str, Param)] = &[("refresh", IfTrue("prompt", "login")), ("return_to", Keep)];
const ID: &[(&str, Param)] = &[("id", Keep)];
const FLOW_TOKEN: &[(&str, Param)] = &[("flow", Keep), ("token", Keep)];
#[cfg(feature = "legacy")]
const FLOW: &[(&str, Param)] = &[("flow", Keep)];
#[cfg(feature = "legacy")]
const REQUEST_FROM_ID: &[(&str, Param)] = &[("id", Rename("request"))];
#[cfg(feature = "legacy")]
const REQUEST_FROM_FLOW: &[(&str, Param)] = &[("flow", Rename("request"))];
#[cfg(feature = "legacy")]
const ERROR_FROM_ID: &[(&str, Param)] = &[("id", Rename("error"))];
const TOKEN_RETURN_TO: &[(&str, Param)] = &[("token", Keep), ("return_to", Keep)];
const NONE: &[(&str, Param)] = &[];

const fn row(generation: Generation, key: Key, via: Via, path: Option<&'static str>, params: &'static [(&'static str, Param)]) -> Route {
    Route { generation, key, via, path, params }
}

/// Every generation's route for every operation (v1 needs no rows: it is what `api` builds).
/// Sources: seed 001 (v0.8–v0.11) and the releases' handlers. The rows of v0.4–v0.6 are in
/// `LEGACY_ROUTES` (the `legacy` feature).
pub const ROUTES: &[Route] = &[
    // ---- v0.8–v0.11: same paths as v1; newer query parameters are dropped.
    row(V0_8, Key::Init, Ajax, None, LOGIN_V08), // login; other kinds: return_to only (see params_for)
    row(V0_8, Key::Get, Ajax, None, ID),
    row(V0_8, Key::Submit, Ajax, None, FLOW_TOKEN),
    row(V0_8, Key::CreateLogout, Ajax, None, NONE),
    row(V0_8, Key::Logout, Ajax, None, TOKEN_RETURN_TO),
    row(V0_8, Key::Whoami, Ajax, None, NONE),
    row(V0_8, Key::MySessions, Unsupported, None, NONE),
    row(V0_8, Key::FlowError, Ajax, None, ID),
    row(V0_8, Key::WebAuthnJs, Ajax, None, NONE),
    row(V0_8, Key::ListSchemas, Ajax, None, NONE),
    row(V0_8, Key::GetSchema, Ajax, None, NONE),
];

/// The rows of v0.4–v0.6 (only with the `legacy` feature: the npm package's `kratos-browser/legacy`
/// build; the default build refuses those generations in [`crate::engine::config::Settings::new`]).
/// Sources: seeds 000 (v0.6), 004 (v0.5), 002 (v0.4) and the releases' handlers.
#[cfg(feature = "legacy")]
pub const LEGACY_ROUTES: &[Route] = &[
    // ---- v0.6: init by navigation, flows by AJAX, one submit URL per flow (native form).
    row(V0_6, Key::Init, Navigate, None, LOGIN_V05),
    row(V0_6, Key::Get, Ajax, None, ID),
    row(V0_6, Key::Submit, NativeForm, None, FLOW),
    row(V0_6, Key::CreateLogout, Local, Some("/self-service/browser/flows/logout"), RETURN_TO),
    row(V0_6, Key::Logout, Unsupported, None, NONE),
    row(V0_6, Key::Whoami, Ajax, None, NONE),
    row(V0_6, Key::MySessions, Unsupported, None, NONE),
    row(V0_6, Key::FlowError, Ajax, None, ERROR_FROM_ID),
    row(V0_6, Key::WebAuthnJs, Unsupported, None, NONE),
    row(V0_6, Key::ListSchemas, Unsupported, None, NONE),
    row(V0_6, Key::GetSchema, Ajax, None, NONE),
    // ---- v0.5: as v0.6, but one submit URL per method.
    row(V0_5, Key::Init, Navigate, None, LOGIN_V05),
    row(V0_5, Key::Get, Ajax, None, ID),
    row(V0_5, Key::Submit, NativeForm, Some("/self-service/{kind}/methods/{method}"), FLOW),
    row(V0_5, Key::CreateLogout, Local, Some("/self-service/browser/flows/logout"), RETURN_TO),
    row(V0_5, Key::Logout, Unsupported, None, NONE),
    row(V0_5, Key::Whoami, Ajax, None, NONE),
    row(V0_5, Key::MySessions, Unsupported, None, NONE),
    row(V0_5, Key::FlowError, Ajax, None, ERROR_FROM_ID),
    row(V0_5, Key::WebAuthnJs, Unsupported, None, NONE),
    row(V0_5, Key::ListSchemas, Unsupported, None, NONE),
    row(V0_5, Key::GetSchema, Ajax, None, NONE),
    // ---- v0.4: /self-service/browser/flows/*, request contexts, request= ids.
    row(V0_4, Key::Init, Navigate, Some("/self-service/browser/flows/{kind}"), LOGIN_V04),
    row(V0_4, Key::Get, Ajax, Some("/self-service/browser/flows/requests/{kind}"), REQUEST_FROM_ID),
    row(V0_4, Key::Submit, NativeForm, Some("/self-service/browser/flows/{kind}/strategies/{method}"), REQUEST_FROM_FLOW),
    row(V0_4, Key::CreateLogout, Local, Some("/self-service/browser/flows/logout"), RETURN_TO),
    row(V0_4, Key::Logout, Unsupported, None, NONE),
    row(V0_4, Key::Whoami, Ajax, None, NONE),
    row(V0_4, Key::MySessions, Unsupported, None, NONE),
    row(V0_4, Key::FlowError, Ajax, None, ERROR_FROM_ID),
    row(V0_4, Key::WebAuthnJs, Unsupported, None, NONE),
    row(V0_4, Key::ListSchemas, Unsupported, None, NONE),
    row(V0_4, Key::GetSchema, Ajax, None, NONE),
];

/// Per-kind exceptions to [`LEGACY_ROUTES`]: `(generation, operation, path)`.
#[cfg(feature = "legacy")]
const KIND_PATHS: &[(Generation, Operation, &str)] = &[
    // v0.4 verification is per address type (only email existed) and not a strategy URL. The server
    // routes init at `/verification/:via`; seed 002 (its swagger) says `/verification/init/{via}`: a 404.
    (V0_4, Operation::InitFlow(FlowKind::Verification), "/self-service/browser/flows/verification/email"),
    (V0_4, Operation::SubmitFlow(FlowKind::Verification), "/self-service/browser/flows/verification/email/complete"),
    (V0_4, Operation::SubmitFlow(FlowKind::Recovery), "/self-service/browser/flows/recovery/{method}"),
];

/// The methods a native submit of v0.4/v0.5 can name in its URL (others have no such URL there).
#[cfg(feature = "legacy")]
const PATH_METHODS: &[(FlowKind, &[&str])] = &[
    (FlowKind::Login, &["password"]),
    (FlowKind::Registration, &["password"]),
    (FlowKind::Settings, &["password", "profile"]),
    (FlowKind::Recovery, &["link"]),
    (FlowKind::Verification, &["link"]),
];

/// Form field names that differ from v1: `(generation, kind, v1 name, old name)`. Flows are
/// normalised old → v1 and native submits v1 → old, so apps only ever see v1 names.
#[cfg(feature = "legacy")]
pub const FIELD_NAMES: &[(Generation, FlowKind, &str, &str)] =
    &[(V0_4, FlowKind::Verification, "email", "to_verify"), (V0_6, FlowKind::Login, "identifier", "password_identifier")];

/// Field names a generation does not accept in a native form body (the method is in the URL).
#[cfg(feature = "legacy")]
pub fn drops_field(generation: Generation, name: &str) -> bool {
    generation.caps().method_in_path && name == "method"
}

/// The old field name for a v1 field name (itself when unchanged).
#[cfg(feature = "legacy")]
pub fn old_field_name(generation: Generation, kind: FlowKind, v1: &str) -> String {
    FIELD_NAMES.iter().find(|(g, k, n, _)| *g == generation && *k == kind && *n == v1).map(|r| r.3).unwrap_or(v1).to_string()
}

/// The v1 field name for an old field name (itself when unchanged). Any generation's old name is
/// recognised: v0.5 servers still return v0.4-era flows with `to_verify` (migratest fixtures).
#[cfg(feature = "legacy")]
pub fn v1_field_name(kind: FlowKind, old: &str) -> String {
    FIELD_NAMES.iter().find(|(_, k, _, o)| *k == kind && *o == old).map(|r| r.2).unwrap_or(old).to_string()
}

/// The table row for `op` on `generation` (`None` for v1: no rewrite).
pub fn route(generation: Generation, op: Operation) -> Option<&'static Route> {
    #[cfg(feature = "legacy")]
    let rows = ROUTES.iter().chain(LEGACY_ROUTES);
    #[cfg(not(feature = "legacy"))]
    let rows = ROUTES.iter();
    rows.into_iter().find(|r| r.generation == generation && r.key == op.key())
}

/// A v1 request rewritten for a generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    /// The recognised operation (`None` for a request the table does not know; sent unchanged).
    pub op: Option<Operation>,
    /// How it must travel.
    pub via: Via,
    /// The request for that server.
    pub spec: RequestSpec,
}

/// Rewrites the v1 request `spec` for `generation`. `method` is the submitted body's `method`
/// (needed where the submit URL depends on it). Never fails: [`Rewritten::via`] says whether
/// the result may be fetched; [`refusal`] turns a non-AJAX route into the error to report.
pub fn rewrite(generation: Generation, spec: &RequestSpec, method: Option<&str>) -> Result<Rewritten, String> {
    let op = Operation::of(spec);
    let (Some(op), false) = (op, generation == Generation::V1) else {
        return Ok(Rewritten { op, via: Via::Ajax, spec: spec.clone() });
    };
    let Some(route) = route(generation, op) else {
        return Ok(Rewritten { op: Some(op), via: Via::Ajax, spec: spec.clone() });
    };
    #[cfg(feature = "legacy")]
    let path = legacy_path(generation, op, route, spec, method)?;
    #[cfg(not(feature = "legacy"))]
    let path = {
        let _ = method; // only v0.4/v0.5 submit URLs depend on it
        spec.path.clone()
    };
    let params = match (generation, op) {
        (V0_8, Operation::InitFlow(k)) if k != FlowKind::Login => RETURN_TO,
        (V0_6 | V0_5 | V0_4, Operation::InitFlow(k)) if k != FlowKind::Login => RETURN_TO,
        _ => route.params,
    };
    let mut query = Vec::new();
    for (k, v) in &spec.query {
        match params.iter().find(|(name, _)| name == k).map(|p| p.1) {
            Some(Param::Keep) => query.push((*k, v.clone())),
            Some(Param::Rename(to)) => query.push((to, v.clone())),
            Some(Param::IfTrue(to, value)) if v == "true" => query.push((to, value.to_string())),
            _ => {}
        }
    }
    let out = RequestSpec { path, query, ..spec.clone() };
    Ok(Rewritten { op: Some(op), via: route.via, spec: out })
}

/// The path of `op` on an old generation: the route's template with `{kind}` and `{method}` filled in.
#[cfg(feature = "legacy")]
fn legacy_path(generation: Generation, op: Operation, route: &Route, spec: &RequestSpec, method: Option<&str>) -> Result<String, String> {
    let kind = op.flow_kind();
    let template = kind.and_then(|_| KIND_PATHS.iter().find(|(g, o, _)| *g == generation && *o == op).map(|r| r.2)).or(route.path);
    Ok(match template {
        None => spec.path.clone(),
        Some(t) => {
            let mut p = t.replace("{kind}", kind.map(FlowKind::name).unwrap_or(""));
            // Without a method (a request sent by `fetch`, refused on these generations anyway)
            // the template is left as it is; `nativeForm` always passes the form's method.
            if let (true, Some(m)) = (p.contains("{method}"), method) {
                let allowed = kind.and_then(|k| PATH_METHODS.iter().find(|(pk, _)| *pk == k)).map(|r| r.1).unwrap_or(&[]);
                if !allowed.contains(&m) {
                    return Err(format!(
                        "Kratos {} has no submit URL for method \"{m}\" in {} flows (supported: {})",
                        generation.label(),
                        kind.map(FlowKind::name).unwrap_or("these"),
                        allowed.join(", ")
                    ));
                }
                p = p.replace("{method}", m);
            }
            p
        }
    })
}

/// The answer to a [`Via::Local`] route (the only one: v0.4–v0.6 `createBrowserLogoutFlow`): a
/// v1 logout flow whose `logout_url` is the old browser logout endpoint and whose token is empty.
#[cfg(feature = "legacy")]
pub fn local_answer(url: &str) -> String {
    format!("{{\"logout_url\":{},\"logout_token\":\"\"}}", crate::engine::json::quote(url))
}

/// The error for sending a non-AJAX route by `fetch`, naming what to do instead.
pub fn refusal<J>(generation: Generation, r: &Rewritten) -> Error<J> {
    let name = generation.label();
    let what = match r.op {
        #[cfg(feature = "legacy")]
        Some(Operation::InitFlow(k)) => format!(
            "Kratos {name} starts {} flows only by a browser navigation (302 to your UI with ?{}=): use startBrowserFlow('{}'), then get{}Flow({{ id }})",
            k.name(),
            generation.caps().flow_query,
            k.name(),
            k.title()
        ),
        #[cfg(feature = "legacy")]
        Some(Operation::SubmitFlow(k)) => format!(
            "Kratos {name} accepts {} submissions only as a native form post (302): use submitFlowNatively('{}', flow, body)",
            k.name(),
            k.name()
        ),
        #[cfg(feature = "legacy")]
        Some(Operation::Logout) => format!("Kratos {name} logs out by navigating to the logout_url of createBrowserLogoutFlow()"),
        Some(op) => format!("Kratos {name} has no endpoint for {op:?}"),
        None => format!("Kratos {name} cannot answer this request"),
    };
    Error::Unsupported(what)
}
