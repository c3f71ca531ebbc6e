//! The decision table: every rule that turns a Kratos answer — (operation, status, `error.id`,
//! body) — into an [`Outcome`], an [`Error`], or one follow-up request. The Rust [`Client`] and
//! the JS binding both decide through this module only; the TypeScript wrapper re-decides nothing.
//!
//! | status | `error.id` / body                                  | result                                   |
//! |--------|----------------------------------------------------|------------------------------------------|
//! | 204    | any (logout, disable session)                      | `NoContent`                              |
//! | 204    | on a flow submit                                   | `Err(InvalidResponse)`: nothing to show  |
//! | 2xx    | JSON                                               | `Ok(body)`, shape-checked per operation  |
//! | 2xx    | submit: a flow with another id (303 followed)      | `Restarted` (recovery/verification)      |
//! | 2xx    | settings submit, `state` ≠ `success`               | `Flow` (an intermediate step)            |
//! | 2xx    | recovery / verification submit                     | `Flow` (`state` tells the step)          |
//! | 400    | flow (`id` + `ui`)                                 | `Flow`: messages or the next step        |
//! | 410    | `use_flow_id`                                      | follow-up: get that flow → `Restarted`   |
//! | 410    | submit, Kratos init URL in `redirect_browser_to`   | follow-up: a fresh flow → `Restarted`    |
//! | 410    | GET of an expired flow, init URL in `details`      | follow-up: a fresh flow (same params)    |
//! | 422    | `browser_location_change_required`, to `aal=aal2`  | `Aal2Required` (nothing navigates)       |
//! | 422    | `browser_location_change_required`                 | `Redirect { to }`                        |
//! | 403    | `session_aal2_required` on a submit                | `Aal2Required`                           |
//! | 403    | `session_refresh_required` on a submit             | `RefreshRequired`                        |
//! | 403    | `session_verified_address_required` (v25+ login)   | `VerificationRequired` (no session)      |
//! | 4xx/5xx| envelope `{"error":{…}}`                           | `Err(Api)`                               |
//! | any    | not JSON / unexpected shape                        | `Err(InvalidResponse)`                   |
//!
//! Every URL the SDK navigates to or hands to the app (`Redirect`, the step-up outcomes'
//! `redirect_to`, a logout flow's `logout_url`, an API error's `redirect_browser_to`, a next
//! step's URL) passes [`check_url`] here; what fails it never reaches the app.
//!
//! The next step ([`next_steps`]): Kratos' `continue_with` of a `success`, `flow` or
//! `VerificationRequired` outcome, read once here. A `show_*_ui` item (the flow id and the app's UI
//! URL) comes before `redirect_browser_to` (URL checked; a settings success pointing back at its own
//! flow is no next step); `set_ory_session_token` (native apps only) and unknown actions are skipped
//! with a reason. A recovery answer whose `continue_with` shows the
//! settings UI (`feature_flags.use_continue_with_transitions`) issued a session: [`SessionEffect::SignedIn`].
//!
//! [`Client`]: crate::client::Client

use crate::engine::api::flow_kind::FlowKind;
use crate::engine::config::Settings;
use crate::engine::error::{ids, ApiError, Error};
use crate::engine::json::Json;
use crate::engine::redirect::check_redirect;
use crate::engine::request::{query_pairs, RequestSpec};
use crate::engine::shape::{self, Shape};
use crate::engine::transport::Body;

/// A response Kratos meant as an answer (not a failure).
#[derive(Debug, Clone)]
pub enum Outcome<J> {
    /// 2xx with a JSON body.
    Ok(J),
    /// 204 No Content.
    NoContent,
    /// 400 with a flow: validation messages, or the next step (two-step registration, code sent).
    Flow(J),
    /// 422 `browser_location_change_required`: the browser must navigate to `to` (checked).
    Redirect {
        /// Kratos' top-level `redirect_browser_to`.
        to: String,
        /// The whole body.
        body: J,
    },
    /// The flow expired (410) or was replaced; this is the fresh flow to show, carrying Kratos' message.
    Restarted {
        /// The replacement flow.
        flow: J,
    },
    /// A second factor is needed (403 `session_aal2_required`, or the login 422 to `aal=aal2`).
    Aal2Required {
        /// Kratos' suggested URL (its aal2 login init; checked).
        redirect_to: Option<String>,
        /// The `return_to` to keep for the aal2 login flow.
        return_to: Option<String>,
    },
    /// The session is too old for this settings change (403 `session_refresh_required`).
    RefreshRequired {
        /// Kratos' suggested URL (a `refresh=true` login whose `return_to` is Kratos' POST-only submit URL; checked).
        redirect_to: Option<String>,
    },
    /// The login needs a verified address first (Kratos v25+: 403 `session_verified_address_required`
    /// from the `require_verified_address` hook). Kratos created a verification flow and sent the code;
    /// it is the [`next_steps`] of this outcome (from `error.details.continue_with`). No session.
    VerificationRequired {
        /// Kratos' whole error body.
        body: J,
    },
}

/// What a next step asks for (see [`next_steps`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepAction {
    /// `show_verification_ui`: show the verification flow (Kratos sent a code to `address`).
    ShowVerificationUi,
    /// `show_settings_ui`: show the settings flow (e.g. after a recovery code was accepted).
    ShowSettingsUi,
    /// `show_recovery_ui`: show the recovery flow.
    ShowRecoveryUi,
    /// `redirect_browser_to`: navigate to `url` (Kratos' `return_to` after a finished flow).
    Redirect,
}

impl StepAction {
    /// Kratos' `continue_with` actions of the `show_*_ui` steps, in [`StepAction`] order.
    const UI: [&'static str; 3] = ["show_verification_ui", "show_settings_ui", "show_recovery_ui"];
    const ALL_UI: [StepAction; 3] = [StepAction::ShowVerificationUi, StepAction::ShowSettingsUi, StepAction::ShowRecoveryUi];

    /// The name the JS API uses (`showVerificationUi`, …, `redirect`).
    pub fn js_name(self) -> &'static str {
        match self {
            StepAction::ShowVerificationUi => "showVerificationUi",
            StepAction::ShowSettingsUi => "showSettingsUi",
            StepAction::ShowRecoveryUi => "showRecoveryUi",
            StepAction::Redirect => "redirect",
        }
    }
}

/// One next step of an outcome, from Kratos' `continue_with` (see [`next_steps`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What to do.
    pub action: StepAction,
    /// The flow to show (`show_*_ui`; `None` for a redirect).
    pub flow_id: Option<String>,
    /// A checked absolute URL: the app's UI URL for that flow (`None` when Kratos sent none or it
    /// failed the check), or the redirect's target.
    pub url: Option<String>,
    /// The address being verified (`ShowVerificationUi`).
    pub address: Option<String>,
}

/// Why a `continue_with` item was not acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `set_ory_session_token`: a session token is for native apps; in a browser the session is
    /// Kratos' cookie, and the SDK never stores tokens.
    NativeOnly,
    /// An action this SDK does not know (from a newer Kratos).
    UnknownAction,
    /// Its URL failed the redirect check.
    UnsafeUrl,
    /// A `show_*_ui` item without a flow id.
    NoFlowId,
}

impl SkipReason {
    /// The name the JS API uses.
    pub fn js_name(self) -> &'static str {
        match self {
            SkipReason::NativeOnly => "nativeOnly",
            SkipReason::UnknownAction => "unknownAction",
            SkipReason::UnsafeUrl => "unsafeUrl",
            SkipReason::NoFlowId => "noFlowId",
        }
    }
}

/// A `continue_with` item the SDK does not act on, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Kratos' `action`.
    pub action: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// What an outcome tells the app to do next.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NextSteps {
    /// The next step: the first `show_*_ui` item, else the first `redirect_browser_to`.
    pub next: Option<Step>,
    /// Items not acted on (`set_ory_session_token`, unknown actions, unsafe URLs, items without a flow id).
    pub skipped: Vec<Skipped>,
}

/// The next step of `outcome`, decided from Kratos' `continue_with` ([`Outcome::Ok`] and
/// [`Outcome::Flow`] bodies, the error details of [`Outcome::VerificationRequired`]); every URL is checked.
pub fn next_steps<J: Json>(outcome: &Outcome<J>, cx: UrlContext<'_>) -> NextSteps {
    let items = match outcome {
        Outcome::Ok(body) | Outcome::Flow(body) => body.get("continue_with"),
        Outcome::VerificationRequired { body } => body.at("error.details.continue_with"),
        _ => None,
    };
    let checked = |u: Option<String>| u.and_then(|u| check_url::<J>(&u, cx).ok());
    let mut out = NextSteps::default();
    let mut redirect = None;
    let len = items.as_ref().and_then(J::array_len).unwrap_or(0);
    for item in (0..len).filter_map(|i| items.as_ref()?.index(i)) {
        let action = item.str_at("action").unwrap_or_default();
        let ui = StepAction::UI.iter().position(|a| *a == action);
        let reason = match (ui, item.str_at("flow.id").filter(|id| !id.is_empty())) {
            (Some(i), Some(id)) => {
                if out.next.is_none() {
                    let (url, address) = (checked(item.str_at("flow.url")), item.str_at("flow.verifiable_address"));
                    out.next = Some(Step { action: StepAction::ALL_UI[i], flow_id: Some(id), url, address });
                }
                continue;
            }
            (Some(_), None) => SkipReason::NoFlowId,
            _ if action == "redirect_browser_to" => match checked(item.str_at("redirect_browser_to")) {
                Some(to) => {
                    redirect = redirect.or(Some(to));
                    continue;
                }
                None => SkipReason::UnsafeUrl,
            },
            _ if action == "set_ory_session_token" => SkipReason::NativeOnly,
            _ => SkipReason::UnknownAction,
        };
        out.skipped.push(Skipped { action, reason });
    }
    // A settings success points back at its own flow's UI (no `return_to`): the app is showing it already.
    let own = match outcome {
        Outcome::Ok(body) => body.str_at("id").map(|id| format!("flow={id}")),
        _ => None,
    };
    let redirect = redirect.filter(|to| !own.is_some_and(|own| to.contains(&own)));
    if out.next.is_none() {
        out.next = redirect.map(|to| Step { action: StepAction::Redirect, flow_id: None, url: Some(to), address: None });
    }
    out
}

/// What an answer did to the browser's Kratos session, so session stores know without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEffect {
    /// Nothing changed.
    Unchanged,
    /// The session may have changed (logout, settings, an aal1 login before its second factor, …): ask Kratos.
    Changed,
    /// Kratos issued a session with this answer (login or registration success with a session).
    SignedIn,
}

/// What the caller must do next with a submit's answer.
#[derive(Debug, Clone)]
pub enum Next<J> {
    /// The final outcome.
    Done(Outcome<J>),
    /// Fetch this flow (`GET …/flows?id=` or a fresh init); the result is [`Outcome::Restarted`].
    Restart(RequestSpec),
}

/// Where the URL check needs context: the validated settings and the current page's origin
/// (`None` outside a page: relative targets are then refused).
#[derive(Debug, Clone, Copy)]
pub struct UrlContext<'a> {
    /// The client's settings (Kratos' origin, `allowedRedirectOrigins`).
    pub settings: &'a Settings,
    /// `location.origin` of the page, when there is one.
    pub page_origin: Option<&'a str>,
}

/// The one URL check: returns the absolute URL to navigate to or hand out, or [`Error::UnsafeRedirect`].
pub fn check_url<J>(url: &str, cx: UrlContext<'_>) -> Result<String, Error<J>> {
    check_redirect(url, cx.settings, cx.page_origin)
}

/// Classifies one response by status, `error.id` and shape (the first half of the table).
/// `parse` turns text into JSON (`None` = not JSON).
pub fn classify<J: Json, B: Body + ?Sized>(status: u16, text: &B, parse: impl Fn(&B) -> Option<J>) -> Result<Outcome<J>, Error<J>> {
    if status == 204 {
        return Ok(Outcome::NoContent);
    }
    let Some(json) = parse(text) else {
        let reason = if text.is_blank() { "empty body" } else { "body is not JSON" };
        return Err(Error::invalid_response(status, reason, text));
    };
    if (200..300).contains(&status) {
        return Ok(Outcome::Ok(json));
    }
    // Kratos' envelope is `{"error":{…}}`; a few handlers (recovery init while signed in) send the
    // bare error object `{"id","code","message",…}` instead.
    let bare = json.get("error").is_none()
        && json.get("ui").is_none()
        && json.str_at("message").is_some()
        && json.get("code").and_then(|c| c.as_f64()).is_some();
    let envelope = if bare { Some(json.clone()) } else { json.get("error").filter(Json::is_object) };
    if envelope.is_none() && status == 400 && shape::is_flow(&json) {
        return Ok(Outcome::Flow(json));
    }
    let Some(error) = envelope else {
        return Err(Error::invalid_response(status, "error status without an error envelope or flow", text));
    };
    let id = error.get("id").and_then(|v| v.as_str()).filter(|s| !s.is_empty());
    let redirect_browser_to = json
        .str_at("redirect_browser_to")
        .or_else(|| error.str_at("details.redirect_browser_to"))
        .or_else(|| error.str_at("details.redirect_to"));
    if status == 422 && id.as_deref() == Some(ids::BROWSER_LOCATION_CHANGE_REQUIRED) {
        if let Some(to) = redirect_browser_to {
            return Ok(Outcome::Redirect { to, body: json });
        }
        return Err(Error::invalid_response(status, "422 without redirect_browser_to", text));
    }
    Err(Error::Api(ApiError {
        status,
        id,
        message: error.str_at("message").unwrap_or_default(),
        reason: error.str_at("reason"),
        details: error.get("details").filter(Json::is_object),
        redirect_browser_to,
        use_flow_id: json.str_at("use_flow_id"),
        body: json,
    }))
}

/// A 2xx answer of an operation that expects `want`: shape-checked, and a logout flow's
/// `logout_url` URL-checked (apps navigate to it).
pub fn expect_json<J: Json, B: Body + ?Sized>(
    outcome: Outcome<J>,
    want: Shape,
    status: u16,
    raw: &B,
    cx: UrlContext<'_>,
) -> Result<J, Error<J>> {
    let Outcome::Ok(json) = outcome else {
        return Err(Error::invalid_response(status, want.describe(), raw));
    };
    let json = shape::expect(json, want, status, raw)?;
    if want == Shape::LogoutFlow {
        check_url::<J>(&json.str_at("logout_url").unwrap_or_default(), cx)?;
    }
    Ok(json)
}

/// The rest of the table for a flow submit (`update*Flow`): what `classify` gave, turned into the
/// final outcome or one follow-up. `success` is the shape of the operation's 2xx body.
pub fn submit<J: Json, B: Body + ?Sized>(
    kind: FlowKind,
    flow_id: &str,
    success: Shape,
    answer: Result<Outcome<J>, Error<J>>,
    status: u16,
    raw: &B,
    cx: UrlContext<'_>,
) -> Result<Next<J>, Error<J>> {
    let outcome = match answer {
        Ok(Outcome::NoContent) => return Err(Error::invalid_response(204, "a flow submit answered 204 No Content", raw)),
        Ok(Outcome::Ok(json)) => {
            let json = shape::expect(json, success, status, raw)?;
            // Recovery/verification expiry is a 303 that fetch follows to a *new* flow.
            let replaced = success == Shape::Flow && json.str_at("id").is_some_and(|id| id != flow_id);
            // Settings answer intermediate steps (backup codes shown, to confirm) with 200 and
            // `state: show_form`: a flow to show, not a finished change.
            let unfinished = kind == FlowKind::Settings && json.str_at("state").as_deref() != Some("success");
            // Recovery and verification answer every step with their flow (`state` tells which).
            let step = matches!(kind, FlowKind::Recovery | FlowKind::Verification);
            if replaced {
                Outcome::Restarted { flow: json }
            } else if unfinished || step {
                Outcome::Flow(json)
            } else {
                Outcome::Ok(json)
            }
        }
        Ok(Outcome::Redirect { to, body }) => match aal2_login_return_to(cx.settings, &to) {
            Some(return_to) => Outcome::Aal2Required { redirect_to: Some(to), return_to },
            None => Outcome::Redirect { to, body },
        },
        Ok(other) => other,
        Err(Error::Api(e)) => match (e.status, e.id.as_deref()) {
            (410, _) if e.use_flow_id.is_some() => {
                return Ok(Next::Restart(kind.get_flow(e.use_flow_id.as_deref().unwrap_or_default())));
            }
            (410, _) => match e.redirect_browser_to.as_deref().and_then(|u| FlowKind::restart_from(&cx.settings.base_url, u)) {
                Some((_, spec)) => return Ok(Next::Restart(spec)),
                None => return Err(api_error(e, cx)),
            },
            (403, Some(ids::SESSION_AAL2_REQUIRED)) => {
                let return_to = e.redirect_browser_to.as_deref().and_then(|u| aal2_login_return_to(cx.settings, u)).flatten();
                Outcome::Aal2Required { redirect_to: e.redirect_browser_to, return_to }
            }
            (403, Some(ids::SESSION_REFRESH_REQUIRED)) => Outcome::RefreshRequired { redirect_to: e.redirect_browser_to },
            (403, Some(ids::SESSION_VERIFIED_ADDRESS_REQUIRED)) if kind == FlowKind::Login => {
                Outcome::VerificationRequired { body: e.body }
            }
            _ => return Err(api_error(e, cx)),
        },
        Err(other) => return Err(other),
    };
    Ok(Next::Done(checked(outcome, cx)?))
}

/// The rest of the table for getting a flow by id: a GET-expired flow (410 with Kratos' init URL
/// in `details.redirect_to`, on a generation with AJAX init) is replaced by a fresh flow of the same
/// kind and init parameters: the request for it, or `e` unchanged when it is no such error.
pub fn expired_flow_restart<J>(kind: FlowKind, e: Error<J>, ajax_init: bool, settings: &Settings) -> Result<RequestSpec, Error<J>> {
    let restart = match &e {
        Error::Api(api) if api.status == 410 && ajax_init => {
            api.redirect_browser_to.as_deref().and_then(|u| FlowKind::restart_from(&settings.base_url, u))
        }
        _ => None,
    };
    match restart {
        Some((k, spec)) if k == kind => Ok(spec),
        _ => Err(e),
    }
}

/// Every URL an outcome carries passes [`check_url`] (relative targets come back absolute).
fn checked<J>(outcome: Outcome<J>, cx: UrlContext<'_>) -> Result<Outcome<J>, Error<J>> {
    let check = |u: Option<String>| u.map(|u| check_url::<J>(&u, cx)).transpose();
    Ok(match outcome {
        Outcome::Redirect { to, body } => Outcome::Redirect { to: check_url(&to, cx)?, body },
        Outcome::Aal2Required { redirect_to, return_to } => Outcome::Aal2Required { redirect_to: check(redirect_to)?, return_to },
        Outcome::RefreshRequired { redirect_to } => Outcome::RefreshRequired { redirect_to: check(redirect_to)? },
        other => other,
    })
}

/// An API error handed to the app: its `redirect_browser_to` is kept only when it passes the check.
pub fn api_error<J>(mut e: ApiError<J>, cx: UrlContext<'_>) -> Error<J> {
    e.redirect_browser_to = e.redirect_browser_to.and_then(|u| check_url::<J>(&u, cx).ok());
    Error::Api(e)
}

/// Any error on its way to the app (API errors get their URL checked).
pub fn error<J>(e: Error<J>, cx: UrlContext<'_>) -> Error<J> {
    match e {
        Error::Api(api) => api_error(api, cx),
        other => other,
    }
}

/// When `to` is Kratos' own aal2 login init URL, `Some(return_to)` (the login needs a second factor).
fn aal2_login_return_to(settings: &Settings, to: &str) -> Option<Option<String>> {
    let (kind, spec) = FlowKind::restart_from(&settings.base_url, to)?;
    if kind != FlowKind::Login || !spec.query.iter().any(|(k, v)| *k == "aal" && v == "aal2") {
        return None;
    }
    Some(query_pairs(to).into_iter().find(|(k, _)| k == "return_to").map(|(_, v)| v))
}

/// What a submit outcome did to the session (`steps`: its [`next_steps`]).
pub fn session_effect<J: Json>(kind: FlowKind, outcome: &Outcome<J>, steps: &NextSteps) -> SessionEffect {
    let shows_settings = steps.next.as_ref().is_some_and(|s| s.action == StepAction::ShowSettingsUi);
    match (kind, outcome) {
        (FlowKind::Login, Outcome::Ok(_)) => SessionEffect::SignedIn,
        (FlowKind::Registration, Outcome::Ok(body)) if body.get("session").is_some_and(|s| s.is_object()) => SessionEffect::SignedIn,
        (FlowKind::Registration | FlowKind::Settings, Outcome::Ok(_)) => SessionEffect::Changed,
        // An aal2-required login has already set the aal1 session cookie.
        (FlowKind::Login, Outcome::Aal2Required { .. }) => SessionEffect::Changed,
        // A recovery code accepted with `use_continue_with_transitions`: 200, the recovery flow, a new
        // session, and `continue_with: [show_settings_ui]`.
        (FlowKind::Recovery, Outcome::Flow(_)) if shows_settings => SessionEffect::SignedIn,
        // A redirect after a submit (recovery code accepted → settings, OIDC, …) may carry a session.
        (FlowKind::Login | FlowKind::Registration | FlowKind::Settings | FlowKind::Recovery, Outcome::Redirect { .. }) => {
            SessionEffect::Changed
        }
        _ => SessionEffect::Unchanged,
    }
}

/// How a flow UI should recover from an error: show a fresh flow instead of the error
/// (an expired, unknown, replaced or CSRF-rejected flow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// Show the error.
    None,
    /// Get this flow (Kratos' `use_flow_id`).
    UseFlow(String),
    /// Create a new flow of the same kind.
    Create,
}

/// The [`Recovery`] for `e`.
pub fn recovery<J>(e: &Error<J>) -> Recovery {
    let Error::Api(api) = e else { return Recovery::None };
    if let Some(id) = &api.use_flow_id {
        return Recovery::UseFlow(id.clone());
    }
    let restart =
        matches!(api.status, 404 | 410) || matches!(api.id.as_deref(), Some(ids::CSRF_VIOLATION | ids::FLOW_EXPIRED | ids::FLOW_REPLACED));
    if restart {
        Recovery::Create
    } else {
        Recovery::None
    }
}

/// The kind of a flow object, read from its `ui.action` (`…/self-service/<kind>?flow=…`), so a
/// flow passed to the wrong `update*Flow` is refused instead of posted to the wrong endpoint.
pub fn flow_kind_of<J: Json>(flow: &J) -> Option<FlowKind> {
    let action = flow.str_at("ui.action")?;
    let path = action.split(['?', '#']).next()?;
    let rest = &path[path.find("/self-service/")? + "/self-service/".len()..];
    let segment = rest.split('/').next()?;
    FlowKind::ALL.into_iter().find(|k| k.name() == segment)
}

/// The JSON text `body` (an object) with `"csrf_token":<token>` added as its first member.
pub fn with_csrf_token(body: &str, token: &str) -> String {
    let rest = body.trim().strip_prefix('{').unwrap_or("}").trim_start();
    let sep = if rest.starts_with('}') { "" } else { "," };
    format!("{{\"csrf_token\":{}{sep}{rest}", crate::engine::json::quote(token))
}
