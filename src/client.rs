//! The client: one async method per Kratos operation, each a few lines:
//! `api::x(params)` → `transport.send` → [`decide`] (classify, then the per-operation rules).

#[cfg(feature = "legacy")]
use crate::compat::legacy_flow;
use crate::engine::api::flow_kind::FlowKind;
use crate::engine::api::{self, login, logout, recovery, registration, session, settings, verification};
use crate::engine::config::{Config, Settings};
use crate::engine::decide::{self, Next, Outcome, UrlContext};
use crate::engine::error::Error;
use crate::engine::generation::{self, Via};
use crate::engine::json::Json;
use crate::engine::request::RequestSpec;
use crate::engine::shape::{self, Shape};
use crate::engine::transport::{Body, RawResponse, Transport};
use crate::helpers::ui::csrf_token_of;
use std::cell::{OnceCell, RefCell};

/// How many recent flows are remembered for CSRF echo by flow id (memory only).
const FLOW_CACHE: usize = 32;

/// A page of sessions and the token of the next page.
#[derive(Debug, Clone)]
pub struct Page<J> {
    /// The sessions on this page (a JSON array).
    pub items: J,
    /// Pass as `page_token` to get the next page; `None` on the last page.
    pub next_page_token: Option<String>,
}

/// Kratos' public API for browser apps.
#[derive(Debug)]
pub struct Client<T: Transport> {
    settings: Settings,
    transport: T,
    /// `(flow id, flow)` of flows this client returned, newest last: a reference in the browser, so
    /// the CSRF token is looked up only when a submit by id needs it (not on every flow returned).
    flows: RefCell<Vec<(String, T::Json)>>,
    /// The page's origin, read once ([`Transport::page_origin`]).
    page_origin: OnceCell<Option<String>>,
}

type R<T, J> = Result<T, Error<J>>;

impl<T: Transport> Client<T> {
    /// A client for `config` sending through `transport`.
    pub fn new(config: Config, transport: T) -> R<Self, T::Json> {
        Ok(Client { settings: Settings::new(config)?, transport, flows: RefCell::new(Vec::new()), page_origin: OnceCell::new() })
    }

    /// The validated settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// Sends one request; retries idempotent GETs after network failures with backoff.
    ///
    /// The one place where the configured [`crate::Generation`] applies: the v1 `spec` is rewritten
    /// for that server ([`generation::rewrite`]), requests it only takes by navigation or native
    /// form are refused with [`Error::Unsupported`], and old flow bodies come back v1-shaped
    /// (`legacy_flow::normalise`, with the `legacy` feature).
    pub async fn send(&self, spec: &RequestSpec, opts: &T::CallOptions) -> R<RawResponse<T::Body>, T::Json> {
        let g = self.settings.generation;
        if g == crate::Generation::V1 {
            // The default path: the spec is already v1; nothing to rewrite or reshape.
            return self.send_with_retries(&spec.url(&self.settings.base_url), spec, opts).await;
        }
        let rewritten = self.rewrite_for_fetch(spec)?;
        let url = rewritten.spec.url(&self.settings.base_url);
        #[cfg(feature = "legacy")]
        if rewritten.via == Via::Local {
            return Ok(RawResponse { status: 200, body: self.transport.body_from_text(generation::local_answer(&url)), link: None });
        }
        let raw = self.send_with_retries(&url, &rewritten.spec, opts).await?;
        // Old servers' flows are reshaped to v1.
        #[cfg(feature = "legacy")]
        let raw = legacy_flow::reshape(&self.transport, g, rewritten.op, raw);
        Ok(raw)
    }

    /// `spec` rewritten for the configured generation, or [`Error::Unsupported`] when that server
    /// takes it only by navigation or native form.
    fn rewrite_for_fetch(&self, spec: &RequestSpec) -> R<generation::Rewritten, T::Json> {
        let g = self.settings.generation;
        let rewritten = generation::rewrite(g, spec, None).map_err(Error::Unsupported)?;
        match rewritten.via {
            Via::Ajax => Ok(rewritten),
            #[cfg(feature = "legacy")]
            Via::Local => Ok(rewritten),
            _ => Err(generation::refusal(g, &rewritten)),
        }
    }

    async fn send_with_retries(&self, url: &str, spec: &RequestSpec, opts: &T::CallOptions) -> R<RawResponse<T::Body>, T::Json> {
        let mut attempt = 0u8;
        loop {
            match self.transport.send(url, spec, self.settings.timeout_ms, opts).await {
                Err(Error::Network(_)) if spec.idempotent && attempt < self.settings.retries => {
                    self.transport.sleep(200u32 << attempt).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// The rewritten request for `spec` on the configured generation, whatever its [`Via`]:
    /// what `startBrowserFlow` navigates to and `submitFlowNatively` posts to.
    pub fn rewrite(&self, spec: &RequestSpec, method: Option<&str>) -> R<generation::Rewritten, T::Json> {
        generation::rewrite(self.settings.generation, spec, method).map_err(Error::Unsupported)
    }

    /// The context of the URL check: settings and the page's origin.
    fn url_cx(&self) -> UrlContext<'_> {
        // The page's origin never changes while the page lives: read it once, not per call.
        let origin = self.page_origin.get_or_init(|| self.transport.page_origin());
        UrlContext { settings: &self.settings, page_origin: origin.as_deref() }
    }

    /// `url` as an absolute URL if it is safe to navigate to ([`decide::check_url`]), else
    /// [`Error::UnsafeRedirect`].
    pub fn check_url(&self, url: &str) -> R<String, T::Json> {
        decide::check_url(url, self.url_cx())
    }

    /// What `outcome` tells the app to do next (Kratos' `continue_with`, decided by
    /// [`decide::next_steps`]; URLs checked).
    pub fn next_steps(&self, outcome: &Outcome<T::Json>) -> decide::NextSteps {
        decide::next_steps(outcome, self.url_cx())
    }

    /// Sends and classifies (the first half of [`decide`]'s table).
    pub async fn call(&self, spec: &RequestSpec, opts: &T::CallOptions) -> R<(Outcome<T::Json>, RawResponse<T::Body>), T::Json> {
        let raw = self.send(spec, opts).await?;
        let cx = self.url_cx();
        let outcome = decide::classify(raw.status, &raw.body, |t| self.transport.parse(t)).map_err(|e| decide::error(e, cx))?;
        Ok((outcome, raw))
    }

    /// Sends and expects a 2xx JSON body of `shape`; flows are remembered for CSRF echo by id.
    pub async fn fetch_json(&self, spec: &RequestSpec, want: Shape, opts: &T::CallOptions) -> R<T::Json, T::Json> {
        let (outcome, raw) = self.call(spec, opts).await?;
        let json = decide::expect_json(outcome, want, raw.status, &raw.body, self.url_cx())?;
        if want == Shape::Flow {
            self.remember(&json);
        }
        Ok(json)
    }

    /// Gets a flow; a GET-expired flow (410 with Kratos' init URL in `details.redirect_to`) is
    /// transparently replaced by a fresh flow created with the same parameters.
    pub async fn get_flow(&self, kind: FlowKind, id: &str, opts: &T::CallOptions) -> R<T::Json, T::Json> {
        match self.fetch_json(&kind.get_flow(id), Shape::Flow, opts).await {
            Err(e) => {
                let ajax_init = self.settings.generation.caps().ajax_init;
                let fresh = decide::expired_flow_restart(kind, e, ajax_init, &self.settings)?;
                self.fetch_json(&fresh, Shape::Flow, opts).await
            }
            flow => flow,
        }
    }

    /// A fresh flow of the same kind and init parameters as `request_url` (a flow's `request_url`):
    /// the one-call restart after a CSRF violation or an expired flow.
    pub async fn restart_flow(&self, request_url: &str, opts: &T::CallOptions) -> R<T::Json, T::Json> {
        let (_, spec) = FlowKind::restart_from(&self.settings.base_url, request_url).ok_or_else(|| {
            Error::InvalidArgument(format!("request_url \"{request_url}\" is not a Kratos browser flow init URL below baseUrl"))
        })?;
        self.fetch_json(&spec, Shape::Flow, opts).await
    }

    /// Sends a flow submission and turns every answer into an [`Outcome`] by [`decide::submit`]:
    /// 2xx body, 400 flow, 422 redirect, 410 → restarted with the replacement flow, 403 aal2 /
    /// refresh → step-up outcomes; every URL in the outcome is checked.
    pub async fn submit(
        &self,
        kind: FlowKind,
        flow_id: &str,
        spec: &RequestSpec,
        success: Shape,
        opts: &T::CallOptions,
    ) -> R<Outcome<T::Json>, T::Json> {
        let raw = self.send(spec, opts).await?;
        let answer = decide::classify(raw.status, &raw.body, |t| self.transport.parse(t));
        let cx = self.url_cx();
        let outcome = match decide::submit(kind, flow_id, success, answer, raw.status, &raw.body, cx)? {
            Next::Done(outcome) => outcome,
            Next::Restart(spec) => Outcome::Restarted { flow: self.fetch_json(&spec, Shape::Flow, opts).await? },
        };
        if let Outcome::Ok(b) | Outcome::Flow(b) | Outcome::Restarted { flow: b } = &outcome {
            self.remember(b);
        }
        Ok(outcome)
    }

    /// `update<Kind>Flow`: plans the submit from the operation table, then [`Client::submit`].
    async fn update(
        &self,
        kind: FlowKind,
        flow_id: &str,
        token: Option<&str>,
        body: String,
        o: &T::CallOptions,
    ) -> R<Outcome<T::Json>, T::Json> {
        let (spec, success) = kind.submit(flow_id, token, body);
        self.submit(kind, flow_id, &spec, success, o).await
    }

    /// Submits a flow by id and a body without `csrf_token`: the flow's token is added from a
    /// flow this client returned recently, else the flow is fetched first (one extra GET), so a
    /// submit by id never goes out without its token.
    pub async fn submit_by_id(
        &self,
        kind: FlowKind,
        flow_id: &str,
        csrf: Option<String>,
        body: String,
        token: Option<&str>,
        opts: &T::CallOptions,
    ) -> R<Outcome<T::Json>, T::Json> {
        let csrf = match csrf.or_else(|| self.cached_csrf(flow_id)) {
            Some(t) => Some(t),
            None => {
                // A generation that takes no JSON submits refuses before any request, this GET included.
                self.rewrite_for_fetch(&kind.submit(flow_id, token, String::new()).0)?;
                csrf_token_of(&self.get_flow(kind, flow_id, opts).await?)
            }
        };
        let body = match csrf {
            Some(t) => decide::with_csrf_token(&body, &t),
            None => body,
        };
        self.update(kind, flow_id, token, body, opts).await
    }

    /// Remembers a flow this client returned (bounded; memory only, never web storage).
    fn remember(&self, flow: &T::Json) {
        let Some(id) = flow.str_at("id") else { return };
        let mut cache = self.flows.borrow_mut();
        cache.retain(|(k, _)| *k != id);
        if cache.len() >= FLOW_CACHE {
            cache.remove(0);
        }
        cache.push((id, flow.clone()));
    }

    /// The CSRF token of a flow this client returned recently.
    pub fn cached_csrf(&self, flow_id: &str) -> Option<String> {
        self.flows.borrow().iter().find(|(k, _)| k == flow_id).and_then(|(_, flow)| csrf_token_of(flow))
    }

    /// `createBrowserLoginFlow`.
    pub async fn create_browser_login_flow(&self, p: &login::CreateBrowserLoginFlowParams, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&login::create_browser_login_flow(p), Shape::Flow, o).await
    }
    /// `getLoginFlow`.
    pub async fn get_login_flow(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.get_flow(FlowKind::Login, id, o).await
    }
    /// `updateLoginFlow` (`body` is serialised JSON including `csrf_token`).
    pub async fn update_login_flow(&self, flow_id: &str, body: String, o: &T::CallOptions) -> R<Outcome<T::Json>, T::Json> {
        self.update(FlowKind::Login, flow_id, None, body, o).await
    }

    /// `createBrowserRegistrationFlow`.
    pub async fn create_browser_registration_flow(
        &self,
        p: &registration::CreateBrowserRegistrationFlowParams,
        o: &T::CallOptions,
    ) -> R<T::Json, T::Json> {
        self.fetch_json(&registration::create_browser_registration_flow(p), Shape::Flow, o).await
    }
    /// `getRegistrationFlow`.
    pub async fn get_registration_flow(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.get_flow(FlowKind::Registration, id, o).await
    }
    /// `updateRegistrationFlow`.
    pub async fn update_registration_flow(&self, flow_id: &str, body: String, o: &T::CallOptions) -> R<Outcome<T::Json>, T::Json> {
        self.update(FlowKind::Registration, flow_id, None, body, o).await
    }

    /// `createBrowserSettingsFlow`.
    pub async fn create_browser_settings_flow(
        &self,
        p: &settings::CreateBrowserSettingsFlowParams,
        o: &T::CallOptions,
    ) -> R<T::Json, T::Json> {
        self.fetch_json(&settings::create_browser_settings_flow(p), Shape::Flow, o).await
    }
    /// `getSettingsFlow`.
    pub async fn get_settings_flow(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.get_flow(FlowKind::Settings, id, o).await
    }
    /// `updateSettingsFlow` (success is the settings flow in state `success`).
    pub async fn update_settings_flow(&self, flow_id: &str, body: String, o: &T::CallOptions) -> R<Outcome<T::Json>, T::Json> {
        self.update(FlowKind::Settings, flow_id, None, body, o).await
    }

    /// `createBrowserRecoveryFlow`.
    pub async fn create_browser_recovery_flow(
        &self,
        p: &recovery::CreateBrowserRecoveryFlowParams,
        o: &T::CallOptions,
    ) -> R<T::Json, T::Json> {
        self.fetch_json(&recovery::create_browser_recovery_flow(p), Shape::Flow, o).await
    }
    /// `getRecoveryFlow`.
    pub async fn get_recovery_flow(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.get_flow(FlowKind::Recovery, id, o).await
    }
    /// `updateRecoveryFlow`.
    pub async fn update_recovery_flow(
        &self,
        flow_id: &str,
        token: Option<&str>,
        body: String,
        o: &T::CallOptions,
    ) -> R<Outcome<T::Json>, T::Json> {
        self.update(FlowKind::Recovery, flow_id, token, body, o).await
    }

    /// `createBrowserVerificationFlow`.
    pub async fn create_browser_verification_flow(
        &self,
        p: &verification::CreateBrowserVerificationFlowParams,
        o: &T::CallOptions,
    ) -> R<T::Json, T::Json> {
        self.fetch_json(&verification::create_browser_verification_flow(p), Shape::Flow, o).await
    }
    /// `getVerificationFlow`.
    pub async fn get_verification_flow(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.get_flow(FlowKind::Verification, id, o).await
    }
    /// `updateVerificationFlow`.
    pub async fn update_verification_flow(
        &self,
        flow_id: &str,
        token: Option<&str>,
        body: String,
        o: &T::CallOptions,
    ) -> R<Outcome<T::Json>, T::Json> {
        self.update(FlowKind::Verification, flow_id, token, body, o).await
    }

    /// `createBrowserLogoutFlow`.
    pub async fn create_browser_logout_flow(&self, p: &logout::CreateBrowserLogoutFlowParams, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&logout::create_browser_logout_flow(p), Shape::LogoutFlow, o).await
    }
    /// `updateLogoutFlow`: ends the session (Kratos answers 204).
    pub async fn update_logout_flow(&self, token: &str, return_to: Option<&str>, o: &T::CallOptions) -> R<(), T::Json> {
        self.send_expecting_no_body(&logout::update_logout_flow(token, return_to), o).await
    }

    /// Sends a call whose answer carries nothing the app needs (204, or any 2xx).
    pub async fn send_expecting_no_body(&self, spec: &RequestSpec, o: &T::CallOptions) -> R<(), T::Json> {
        match self.call(spec, o).await? {
            (Outcome::NoContent | Outcome::Ok(_), _) => Ok(()),
            (_, raw) => Err(Error::invalid_response(raw.status, "expected 204", &raw.body)),
        }
    }

    /// `toSession`.
    pub async fn to_session(&self, p: &session::ToSessionParams, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&session::to_session(p), Shape::Session, o).await
    }
    /// `listMySessions`: one page and the next page's token.
    pub async fn list_my_sessions(&self, p: &session::ListMySessionsParams, o: &T::CallOptions) -> R<Page<T::Json>, T::Json> {
        let spec = session::list_my_sessions(p);
        let (outcome, raw) = self.call(&spec, o).await?;
        let Outcome::Ok(json) = outcome else {
            return Err(Error::invalid_response(raw.status, "expected a list of sessions", &raw.body));
        };
        let items = shape::expect(json, Shape::Array, raw.status, &raw.body)?;
        // Kratos v1.3.1 (ory/x pagination) sends `rel="next"` when the identity has no other session at all
        // (X-Total-Count 0); nothing can follow an empty page, so that link is not a next page.
        let next_page_token = match items.array_len() {
            Some(0) => None,
            _ => raw.link.as_deref().and_then(session::next_page_token),
        };
        Ok(Page { items, next_page_token })
    }
    /// `disableMySession`.
    pub async fn disable_my_session(&self, id: &str, o: &T::CallOptions) -> R<(), T::Json> {
        self.send_expecting_no_body(&session::disable_my_session(id), o).await
    }
    /// `disableMyOtherSessions`: how many sessions were revoked.
    pub async fn disable_my_other_sessions(&self, o: &T::CallOptions) -> R<u64, T::Json> {
        let json = self.fetch_json(&session::disable_my_other_sessions(), Shape::Object, o).await?;
        json.get("count").and_then(|c| c.as_f64()).map(|c| c as u64).ok_or_else(|| Error::invalid_response(200, "missing count", ""))
    }

    /// `getFlowError`.
    pub async fn get_flow_error(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&api::misc::get_flow_error(id), Shape::Object, o).await
    }
    /// `getWebAuthnJavaScript`: the script's text.
    pub async fn get_webauthn_javascript(&self, o: &T::CallOptions) -> R<String, T::Json> {
        let raw = self.send(&api::misc::get_webauthn_javascript(), o).await?;
        if (200..300).contains(&raw.status) {
            return Ok(raw.body.to_text());
        }
        decide::classify(raw.status, &raw.body, |t| self.transport.parse(t)).map_err(|e| decide::error(e, self.url_cx()))?;
        Err(Error::invalid_response(raw.status, "expected JavaScript", &raw.body))
    }
    /// `GET /schemas`.
    pub async fn list_identity_schemas(&self, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&api::misc::list_identity_schemas(), Shape::Array, o).await
    }
    /// `GET /schemas/{id}`.
    pub async fn get_identity_schema(&self, id: &str, o: &T::CallOptions) -> R<T::Json, T::Json> {
        self.fetch_json(&api::misc::get_identity_schema(id), Shape::Object, o).await
    }
}
