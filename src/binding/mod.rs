//! The `#[wasm_bindgen]` layer: reads JS arguments (every read caught: a hostile value is an
//! `invalidArgument`, never an exception through wasm), plans requests from the operation table
//! ([`crate::engine::ops`]), delegates to [`crate::client::Client`] (which decides through
//! [`crate::engine::decide`]) and converts the finished result back as `{ value, session? }`. The npm
//! wrapper (`pkg/src/index.ts`) adds the TypeScript types, the `KratosError` class, the app's
//! `onRedirect` hook and the session listeners; it decides nothing.
//!
//! Size note: every exported method builds a pure [`Op`] synchronously and hands it to ONE async
//! executor ([`exec`]), so the wasm holds one future state machine instead of one per method
//! (~1.5 KB each).

mod convert;
#[cfg(feature = "legacy")]
mod legacy;
mod webauthn;

use crate::client::Client;
use crate::engine::api::flow_kind::FlowKind;
use crate::engine::api::{logout, misc, session};
use crate::engine::config::Config;
use crate::engine::decide::{self, SessionEffect};
use crate::engine::error::Error;
use crate::engine::generation::{self, Generation};
use crate::engine::json::caught;
use crate::engine::json::Json;
use crate::engine::ops::{self, Operation, Ty, Value};
use crate::engine::request::RequestSpec;
use crate::engine::shape::{self, Shape};
use crate::helpers::ui::csrf_token_of;
use crate::transport::fetch::{FetchOptions, FetchTransport};
use convert::{call_options, error_to_js, outcome_to_js, read_params, reading, set, string_arg, Fields, JsError};
use js_sys::{Object, Promise, Reflect};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

struct Inner {
    client: Client<FetchTransport>,
}

/// One call, as data.
enum Op {
    /// A 2xx JSON body of `Shape`.
    Fetch(RequestSpec, Shape),
    /// Get a flow (GET-expired → fresh flow).
    GetFlow(FlowKind, String),
    /// Submit a flow; `body` is JSON text, `csrf` the token to add (`None`: the app's body has one).
    Submit { kind: FlowKind, flow_id: String, body: String, csrf: Csrf, token: Option<String> },
    /// A call answered by 204/2xx without a body the app needs (its session effect is the table's).
    NoBody(RequestSpec),
    /// `listMySessions`.
    Sessions(session::ListMySessionsParams),
    /// `disableMyOtherSessions`.
    Count,
    /// `getWebAuthnJavaScript`.
    Text,
    /// `restartFlow`.
    Restart(String),
}

/// Where a submit's CSRF token comes from.
enum Csrf {
    /// The app's body carries `csrf_token`.
    InBody,
    /// From the flow object, else from the client's cache or a fetch of the flow.
    Add(Option<String>),
}

impl Inner {
    /// Accepts a flow object or a flow id; returns the id and the flow's CSRF token. A flow object
    /// of another kind is refused (it would be posted to the wrong endpoint). Reads are caught.
    fn flow_ref(&self, kind: FlowKind, flow: &JsValue) -> Result<(String, Option<String>), JsError> {
        reading("flow", || self.read_flow_ref(kind, flow))
    }

    fn read_flow_ref(&self, kind: FlowKind, flow: &JsValue) -> Result<(String, Option<String>), JsError> {
        if let Some(id) = flow.as_string().filter(|s| !s.trim().is_empty()) {
            return Ok((id, None));
        }
        if !shape::is_flow(flow) {
            return Err(Error::InvalidArgument(format!(
                "`flow` must be a flow object (with id and ui.nodes) or a flow id string, got {}",
                convert::type_name(flow)
            )));
        }
        if let Some(other) = decide::flow_kind_of(flow).filter(|k| *k != kind) {
            return Err(Error::InvalidArgument(format!("`flow` is a {} flow; pass it to update{}Flow", other.name(), other.title())));
        }
        Ok((flow.str_at("id").unwrap_or_default(), csrf_token_of(flow)))
    }
}

/// A resolved call: its value and what it did to the session (`{ value, session? }` in JS).
fn done(value: JsValue, effect: SessionEffect) -> JsValue {
    let obj = Object::new();
    set(&obj, "value", &value);
    let name = match effect {
        SessionEffect::Unchanged => return obj.into(),
        SessionEffect::Changed => "changed",
        SessionEffect::SignedIn => "signedIn",
    };
    set(&obj, "session", &JsValue::from_str(name));
    obj.into()
}

/// The single async executor behind every exported method.
async fn exec(inner: Rc<Inner>, op: Op, opts: FetchOptions) -> Result<JsValue, JsError> {
    let client = &inner.client;
    let value = match op {
        Op::Fetch(spec, want) => client.fetch_json(&spec, want, &opts).await?,
        Op::GetFlow(kind, id) => client.get_flow(kind, &id, &opts).await?,
        Op::Restart(request_url) => client.restart_flow(&request_url, &opts).await?,
        Op::Submit { kind, flow_id, body, csrf, token } => {
            let outcome = match csrf {
                Csrf::InBody => {
                    let (spec, success) = kind.submit(&flow_id, token.as_deref(), body);
                    client.submit(kind, &flow_id, &spec, success, &opts).await?
                }
                Csrf::Add(csrf) => client.submit_by_id(kind, &flow_id, csrf, body, token.as_deref(), &opts).await?,
            };
            let steps = client.next_steps(&outcome);
            let effect = decide::session_effect(kind, &outcome, &steps);
            return Ok(done(outcome_to_js(kind, outcome, steps), effect));
        }
        Op::NoBody(spec) => {
            client.send_expecting_no_body(&spec, &opts).await?;
            let effect = spec.op.and_then(ops::find).map_or(SessionEffect::Unchanged, |op| op.session);
            return Ok(done(JsValue::UNDEFINED, effect));
        }
        Op::Sessions(params) => {
            let page = client.list_my_sessions(&params, &opts).await?;
            let obj = Object::new();
            set(&obj, "sessions", &page.items);
            set(&obj, "nextPageToken", &page.next_page_token.map(|t| JsValue::from_str(&t)).unwrap_or(JsValue::NULL));
            obj.into()
        }
        Op::Count => {
            let obj = Object::new();
            set(&obj, "count", &JsValue::from_f64(client.disable_my_other_sessions(&opts).await? as f64));
            obj.into()
        }
        Op::Text => JsValue::from_str(&client.get_webauthn_javascript(&opts).await?),
    };
    Ok(done(value, SessionEffect::Unchanged))
}

/// Serialises a submit body; `true` when it carries its own `csrf_token`.
/// Getters and traps run once, in one caught `Object.assign` to a plain copy; the copy is then
/// serialised by one caught `JSON.stringify` (nested getters and `toJSON` throw into that).
fn body_json(body: &JsValue) -> Result<(String, bool), JsError> {
    reading("body", || {
        if !body.is_object() || caught::is_array(body) {
            return Err(Error::InvalidArgument(format!("`body` must be an object, got {}", convert::type_name(body))));
        }
        let copy = Object::new();
        caught::assign(&copy, body);
        let has_token = Reflect::get(&copy, &"csrf_token".into()).map(|v| !v.is_undefined()).unwrap_or(false);
        let text = js_sys::JSON::stringify(&copy)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| Error::InvalidArgument("`body` cannot be serialised to JSON".into()))?;
        Ok((text, has_token))
    })
}

fn optional_string(v: &JsValue, name: &str) -> Result<Option<String>, JsError> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        string_arg(v, name).map(Some)
    }
}

fn submit_op(inner: &Inner, kind: FlowKind, flow: &JsValue, body: &JsValue, token: &JsValue) -> Result<Op, JsError> {
    let (flow_id, csrf) = inner.flow_ref(kind, flow)?;
    let (body, has_token) = body_json(body)?;
    let token = optional_string(token, "token")?;
    let csrf = if has_token { Csrf::InBody } else { Csrf::Add(csrf) };
    Ok(Op::Submit { kind, flow_id, body, csrf, token })
}

fn create_op(kind: FlowKind, params: &JsValue) -> Result<Op, JsError> {
    Ok(Op::Fetch(create_spec(kind, params)?, Shape::Flow))
}

fn create_spec(kind: FlowKind, v: &JsValue) -> Result<RequestSpec, JsError> {
    plan_js(kind.operations()[0], v)
}

/// Plans `op` from the app's request object, read by the operation table's JS names and types.
fn plan_js(op: &Operation, v: &JsValue) -> Result<RequestSpec, JsError> {
    read_params(v, |p| {
        let mut failed = None;
        let spec = ops::plan(
            op,
            |param| {
                let value = match param.ty {
                    Ty::Str => p.str(param.js).map(|v| v.map(Value::Str)),
                    Ty::Bool => p.bool(param.js).map(|v| v.map(Value::Bool)),
                    Ty::Int => p.u32(param.js).map(|v| v.map(Value::Int)),
                };
                value.unwrap_or_else(|e| {
                    failed.get_or_insert(e);
                    None
                })
            },
            None,
            None,
        );
        failed.map_or(Ok(spec), Err)
    })
}

fn config_from_js(config: &JsValue) -> Result<Config, JsError> {
    if !config.is_object() {
        return Err(Error::InvalidArgument(format!("config must be an object with baseUrl, got {}", convert::type_name(config))));
    }
    reading("config", || config_of(&Fields::of(config, "config")?))
}

fn config_of(f: &Fields) -> Result<Config, JsError> {
    let mut c = Config::new(f.str("baseUrl")?.ok_or_else(|| Error::InvalidArgument("config.baseUrl is required".into()))?);
    c.timeout_ms = f.u32("timeoutMs")?;
    c.retries = f.u32("retries")?.map(|r| r.min(u8::MAX as u32) as u8);
    c.allowed_redirect_origins = f.strings("allowedRedirectOrigins")?;
    if let Some(v) = f.str("apiVersion")? {
        c.generation = Generation::parse(&v).ok_or_else(|| Error::InvalidArgument(generation::unknown_version(&v)))?;
    }
    Ok(c)
}

/// A Kratos client for browser apps (all flows, sessions, logout).
#[wasm_bindgen(js_name = KratosClient)]
#[allow(missing_debug_implementations)]
pub struct JsClient {
    inner: Rc<Inner>,
}

impl JsClient {
    /// Runs an async body as a Promise (kept for binding files that need custom steps).
    #[allow(dead_code)]
    fn run<F, Fut>(&self, f: F) -> Promise
    where
        F: FnOnce(Rc<Inner>) -> Fut,
        Fut: Future<Output = Result<JsValue, JsError>> + 'static,
    {
        let fut = f(self.inner.clone());
        future_to_promise(async move { fut.await.map_err(error_to_js) })
    }

    /// Builds the op synchronously (argument errors reject the promise), then executes it.
    fn start(&self, op: Result<Op, JsError>, options: &JsValue) -> Promise {
        let prepared = op.and_then(|op| Ok((op, call_options(options)?)));
        let inner = self.inner.clone();
        future_to_promise(async move {
            let (op, opts) = prepared.map_err(error_to_js)?;
            exec(inner, op, opts).await.map_err(error_to_js)
        })
    }
}

#[wasm_bindgen(js_class = KratosClient)]
impl JsClient {
    /// `new KratosClient({ baseUrl, timeoutMs?, retries?, allowedRedirectOrigins? })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsClient, JsValue> {
        let build = || -> Result<JsClient, JsError> {
            let client = Client::new(config_from_js(&config)?, FetchTransport)?;
            Ok(JsClient { inner: Rc::new(Inner { client }) })
        };
        build().map_err(error_to_js)
    }

    /// `createBrowserFlow(kind, params?, options?)` for kind = login | registration | settings | recovery | verification
    #[wasm_bindgen(js_name = createBrowserFlow)]
    pub fn create_browser_flow(&self, kind: JsValue, params: JsValue, options: JsValue) -> Promise {
        self.start(flow_kind(&kind).and_then(|k| create_op(k, &params)), &options)
    }

    /// `getFlow(kind, id, options?)`
    #[wasm_bindgen(js_name = getFlow)]
    pub fn get_flow(&self, kind: JsValue, id: JsValue, options: JsValue) -> Promise {
        let op = flow_kind(&kind).and_then(|k| Ok(Op::GetFlow(k, string_arg(&id, "id")?)));
        self.start(op, &options)
    }

    /// `updateFlow(kind, flow, body, token?, options?)` → `{ kind, body, redirectTo?, returnTo? }`
    #[wasm_bindgen(js_name = updateFlow)]
    pub fn update_flow(&self, kind: JsValue, flow: JsValue, body: JsValue, token: JsValue, options: JsValue) -> Promise {
        let op = flow_kind(&kind).and_then(|k| submit_op(&self.inner, k, &flow, &body, &token));
        self.start(op, &options)
    }

    /// `restartFlow(flow, options?)`: a fresh flow of the same kind and init parameters.
    #[wasm_bindgen(js_name = restartFlow)]
    pub fn restart_flow(&self, flow: JsValue, options: JsValue) -> Promise {
        let op = reading("flow", || {
            flow.str_at("request_url").map(Op::Restart).ok_or_else(|| {
                Error::InvalidArgument(format!("`flow` must be a flow object with request_url, got {}", convert::type_name(&flow)))
            })
        });
        self.start(op, &options)
    }

    /// `createBrowserLogoutFlow(params?, options?)` → `{ logout_url, logout_token }`
    #[wasm_bindgen(js_name = createBrowserLogoutFlow)]
    pub fn create_browser_logout_flow(&self, params: JsValue, options: JsValue) -> Promise {
        let op = plan_js(&ops::CREATE_BROWSER_LOGOUT_FLOW, &params).map(|spec| Op::Fetch(spec, Shape::LogoutFlow));
        self.start(op, &options)
    }

    /// `updateLogoutFlow(token, returnTo?, options?)`: ends the session (204).
    #[wasm_bindgen(js_name = updateLogoutFlow)]
    pub fn update_logout_flow(&self, token: JsValue, return_to: JsValue, options: JsValue) -> Promise {
        let op = string_arg(&token, "token")
            .and_then(|t| Ok(Op::NoBody(logout::update_logout_flow(&t, optional_string(&return_to, "returnTo")?.as_deref()))));
        self.start(op, &options)
    }

    /// `toSession(params?, options?)`
    #[wasm_bindgen(js_name = toSession)]
    pub fn to_session(&self, params: JsValue, options: JsValue) -> Promise {
        let op = plan_js(&ops::TO_SESSION, &params).map(|spec| Op::Fetch(spec, Shape::Session));
        self.start(op, &options)
    }

    /// `listMySessions(params?, options?)` → `{ sessions, nextPageToken }`
    #[wasm_bindgen(js_name = listMySessions)]
    pub fn list_my_sessions(&self, params: JsValue, options: JsValue) -> Promise {
        let op = read_params(&params, |p| {
            let params = session::ListMySessionsParams { page_size: p.u32("pageSize")?, page_token: p.str("pageToken")? };
            Ok(Op::Sessions(params))
        });
        self.start(op, &options)
    }

    /// `disableMySession(id, options?)`
    #[wasm_bindgen(js_name = disableMySession)]
    pub fn disable_my_session(&self, id: JsValue, options: JsValue) -> Promise {
        self.start(string_arg(&id, "id").map(|id| Op::NoBody(session::disable_my_session(&id))), &options)
    }

    /// `disableMyOtherSessions(options?)` → `{ count }`
    #[wasm_bindgen(js_name = disableMyOtherSessions)]
    pub fn disable_my_other_sessions(&self, options: JsValue) -> Promise {
        self.start(Ok(Op::Count), &options)
    }

    /// `getFlowError(id, options?)`
    #[wasm_bindgen(js_name = getFlowError)]
    pub fn get_flow_error(&self, id: JsValue, options: JsValue) -> Promise {
        self.start(string_arg(&id, "id").map(|id| Op::Fetch(misc::get_flow_error(&id), Shape::Object)), &options)
    }

    /// `getWebAuthnJavaScript(options?)` → the script text
    #[wasm_bindgen(js_name = getWebAuthnJavaScript)]
    pub fn get_webauthn_javascript(&self, options: JsValue) -> Promise {
        self.start(Ok(Op::Text), &options)
    }

    /// `listIdentitySchemas(options?)`
    #[wasm_bindgen(js_name = listIdentitySchemas)]
    pub fn list_identity_schemas(&self, options: JsValue) -> Promise {
        self.start(Ok(Op::Fetch(misc::list_identity_schemas(), Shape::Array)), &options)
    }

    /// `getIdentitySchema(id, options?)`
    #[wasm_bindgen(js_name = getIdentitySchema)]
    pub fn get_identity_schema(&self, id: JsValue, options: JsValue) -> Promise {
        self.start(string_arg(&id, "id").map(|id| Op::Fetch(misc::get_identity_schema(&id), Shape::Object)), &options)
    }

    /// `apiVersion()`: the configured generation's canonical name (`v1`, `v0.8`, …).
    #[wasm_bindgen(js_name = apiVersion)]
    pub fn api_version(&self) -> String {
        self.inner.client.settings().generation.caps().name.to_string()
    }

    /// `checkRedirect(url)`: the URL if it is safe to navigate to, else throws `unsafeRedirect`.
    #[wasm_bindgen(js_name = checkRedirect)]
    pub fn check_redirect(&self, url: JsValue) -> Result<String, JsValue> {
        let url = string_arg(&url, "url").map_err(error_to_js)?;
        self.inner.client.check_url(&url).map_err(error_to_js)
    }
}

fn flow_kind(kind: &JsValue) -> Result<FlowKind, JsError> {
    let name = kind.as_string().unwrap_or_default();
    FlowKind::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
        Error::InvalidArgument(format!("unknown flow kind \"{name}\" (login, registration, settings, recovery, verification)"))
    })
}

/// `csrfToken(flow)`: the flow's CSRF token, or undefined.
#[wasm_bindgen(js_name = csrfToken)]
pub fn csrf_token(flow: JsValue) -> Option<String> {
    csrf_token_of(&flow)
}
