//! The `#[wasm_bindgen]` layer: converts JS arguments, delegates to [`crate::client::Client`],
//! converts results back. No logic lives here. The npm wrapper (`pkg/src/index.ts`) adds the
//! precise TypeScript types, the `KratosError` class and redirect handling.

mod convert;
mod webauthn;

use crate::client::Client;
use crate::config::Config;
use crate::error::Error;
use crate::json::Json;
use crate::redirect::check_redirect;
use crate::shape;
use crate::transport::fetch::FetchTransport;
use crate::ui_helpers::csrf_token_of;
use convert::{call_options, error_to_js, outcome_to_js, params, set, string_arg, JsError};
use js_sys::{Object, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// How many flows' CSRF tokens are remembered (memory only, never web storage).
const CSRF_CACHE: usize = 32;

struct Inner {
    client: Client<FetchTransport>,
    csrf: RefCell<Vec<(String, String)>>,
}

impl Inner {
    /// Remembers the CSRF token of a flow so later submits by flow id can echo it.
    fn remember(&self, flow: &JsValue) {
        if !shape::is_flow(flow) {
            return;
        }
        if let (Some(id), Some(token)) = (flow.str_at("id"), csrf_token_of(flow)) {
            let mut cache = self.csrf.borrow_mut();
            cache.retain(|(k, _)| *k != id);
            if cache.len() >= CSRF_CACHE {
                cache.remove(0);
            }
            cache.push((id, token));
        }
    }

    fn cached_csrf(&self, id: &str) -> Option<String> {
        self.csrf.borrow().iter().find(|(k, _)| k == id).map(|(_, v)| v.clone())
    }

    /// Accepts a flow object or a flow id; returns the id and the CSRF token to echo.
    fn flow_ref(&self, flow: &JsValue) -> Result<(String, Option<String>), JsError> {
        if let Some(id) = flow.as_string().filter(|s| !s.trim().is_empty()) {
            let token = self.cached_csrf(&id);
            return Ok((id, token));
        }
        if shape::is_flow(flow) {
            let id = flow.str_at("id").unwrap_or_default();
            let token = csrf_token_of(flow).or_else(|| self.cached_csrf(&id));
            return Ok((id, token));
        }
        Err(Error::InvalidArgument(format!(
            "`flow` must be a flow object (with id and ui.nodes) or a flow id string, got {}",
            convert::type_name(flow)
        )))
    }
}

/// Serialises a submit body, adding the flow's `csrf_token` unless the app set one.
fn body_json(body: &JsValue, csrf: Option<String>) -> Result<String, JsError> {
    if !body.is_object() || js_sys::Array::is_array(body) {
        return Err(Error::InvalidArgument(format!("`body` must be an object, got {}", convert::type_name(body))));
    }
    let copy = Object::assign(&Object::new(), body.unchecked_ref());
    let has_token = Reflect::get(&copy, &"csrf_token".into()).map(|v| !v.is_undefined()).unwrap_or(false);
    if let (false, Some(token)) = (has_token, csrf) {
        set(&copy, "csrf_token", &JsValue::from_str(&token));
    }
    js_sys::JSON::stringify(&copy)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::InvalidArgument("`body` cannot be serialised to JSON".into()))
}

fn page_origin() -> Option<String> {
    let location = Reflect::get(&js_sys::global(), &"location".into()).ok()?;
    Reflect::get(&location, &"origin".into()).ok()?.as_string().filter(|o| o != "null")
}

/// A Kratos client for browser apps (all flows, sessions, logout).
#[wasm_bindgen(js_name = KratosClient)]
#[allow(missing_debug_implementations)]
pub struct JsClient {
    inner: Rc<Inner>,
}

macro_rules! create_flow {
    ($js:literal, $fn:ident, $params:ty) => {
        #[wasm_bindgen(js_class = KratosClient)]
        impl JsClient {
        #[doc = concat!("`", $js, "(params?, options?)`")]
        #[wasm_bindgen(js_name = $js)]
        pub fn $fn(&self, params_arg: JsValue, options: JsValue) -> Promise {
            self.run(move |inner| async move {
                let p: $params = params(&params_arg, "params")?;
                let flow = inner.client.$fn(&p, &call_options(&options)?).await?;
                inner.remember(&flow);
                Ok(flow)
            })
        }
        }
    };
}

macro_rules! get_flow {
    ($js:literal, $fn:ident) => {
        #[wasm_bindgen(js_class = KratosClient)]
        impl JsClient {
        #[doc = concat!("`", $js, "(id, options?)`")]
        #[wasm_bindgen(js_name = $js)]
        pub fn $fn(&self, id: JsValue, options: JsValue) -> Promise {
            self.run(move |inner| async move {
                let id = string_arg(&id, "id")?;
                let flow = inner.client.$fn(&id, &call_options(&options)?).await?;
                inner.remember(&flow);
                Ok(flow)
            })
        }
        }
    };
}

macro_rules! update_flow {
    ($js:literal, $fn:ident) => {
        #[wasm_bindgen(js_class = KratosClient)]
        impl JsClient {
        #[doc = concat!("`", $js, "(flow, body, options?)` → `{ kind, body, redirectTo? }`")]
        #[wasm_bindgen(js_name = $js)]
        pub fn $fn(&self, flow: JsValue, body: JsValue, options: JsValue) -> Promise {
            self.run(move |inner| async move {
                let (id, csrf) = inner.flow_ref(&flow)?;
                let body = body_json(&body, csrf)?;
                let outcome = inner.client.$fn(&id, body, &call_options(&options)?).await?;
                inner.remember_outcome(&outcome);
                inner.check_outcome_redirect(&outcome)?;
                Ok(outcome_to_js(outcome))
            })
        }
        }
    };
    ($js:literal, $fn:ident, token) => {
        #[wasm_bindgen(js_class = KratosClient)]
        impl JsClient {
        #[doc = concat!("`", $js, "(flow, body, token?, options?)` → `{ kind, body, redirectTo? }`")]
        #[wasm_bindgen(js_name = $js)]
        pub fn $fn(&self, flow: JsValue, body: JsValue, token: JsValue, options: JsValue) -> Promise {
            self.run(move |inner| async move {
                let (id, csrf) = inner.flow_ref(&flow)?;
                let body = body_json(&body, csrf)?;
                let token = if token.is_undefined() || token.is_null() { None } else { Some(string_arg(&token, "token")?) };
                let outcome = inner.client.$fn(&id, token.as_deref(), body, &call_options(&options)?).await?;
                inner.remember_outcome(&outcome);
                inner.check_outcome_redirect(&outcome)?;
                Ok(outcome_to_js(outcome))
            })
        }
        }
    };
}

impl Inner {
    fn remember_outcome(&self, outcome: &crate::Outcome<JsValue>) {
        if let crate::Outcome::Ok(b) | crate::Outcome::Flow(b) = outcome {
            self.remember(b);
        }
    }
    /// A 422 target must be safe before the app (or the wrapper) navigates there.
    fn check_outcome_redirect(&self, outcome: &crate::Outcome<JsValue>) -> Result<(), JsError> {
        if let crate::Outcome::Redirect { to, .. } = outcome {
            check_redirect::<JsValue>(to, self.client.settings(), page_origin().as_deref())?;
        }
        Ok(())
    }
}

impl JsClient {
    fn run<F, Fut>(&self, f: F) -> Promise
    where
        F: FnOnce(Rc<Inner>) -> Fut,
        Fut: Future<Output = Result<JsValue, JsError>> + 'static,
    {
        let fut = f(self.inner.clone());
        future_to_promise(async move { fut.await.map_err(error_to_js) })
    }
}

#[wasm_bindgen(js_class = KratosClient)]
impl JsClient {
    /// `new KratosClient({ baseUrl, timeoutMs?, retries?, allowedRedirectOrigins? })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsClient, JsValue> {
        let build = || -> Result<JsClient, JsError> {
            if !config.is_object() {
                return Err(Error::InvalidArgument(format!("config must be an object with baseUrl, got {}", convert::type_name(&config))));
            }
            let config: Config = serde_wasm_bindgen::from_value(config.clone())
                .map_err(|e| Error::InvalidArgument(format!("config: {e}")))?;
            let client = Client::new(config, FetchTransport)?;
            Ok(JsClient { inner: Rc::new(Inner { client, csrf: RefCell::new(Vec::new()) }) })
        };
        build().map_err(error_to_js)
    }







    /// `createBrowserLogoutFlow(params?, options?)` → `{ logout_url, logout_token }`
    #[wasm_bindgen(js_name = createBrowserLogoutFlow)]
    pub fn create_browser_logout_flow(&self, params_arg: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let p: crate::api::logout::CreateBrowserLogoutFlowParams = params(&params_arg, "params")?;
            inner.client.create_browser_logout_flow(&p, &call_options(&options)?).await
        })
    }

    /// `updateLogoutFlow(token, returnTo?, options?)`: ends the session (204).
    #[wasm_bindgen(js_name = updateLogoutFlow)]
    pub fn update_logout_flow(&self, token: JsValue, return_to: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let token = string_arg(&token, "token")?;
            let return_to = if return_to.is_undefined() || return_to.is_null() { None } else { Some(string_arg(&return_to, "returnTo")?) };
            inner.client.update_logout_flow(&token, return_to.as_deref(), &call_options(&options)?).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `toSession(params?, options?)`
    #[wasm_bindgen(js_name = toSession)]
    pub fn to_session(&self, params_arg: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let p: crate::api::session::ToSessionParams = params(&params_arg, "params")?;
            inner.client.to_session(&p, &call_options(&options)?).await
        })
    }

    /// `listMySessions(params?, options?)` → `{ sessions, nextPageToken }`
    #[wasm_bindgen(js_name = listMySessions)]
    pub fn list_my_sessions(&self, params_arg: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let p: crate::api::session::ListMySessionsParams = params(&params_arg, "params")?;
            let page = inner.client.list_my_sessions(&p, &call_options(&options)?).await?;
            let obj = Object::new();
            set(&obj, "sessions", &page.items);
            set(&obj, "nextPageToken", &page.next_page_token.map(|t| JsValue::from_str(&t)).unwrap_or(JsValue::NULL));
            Ok(obj.into())
        })
    }

    /// `disableMySession(id, options?)`
    #[wasm_bindgen(js_name = disableMySession)]
    pub fn disable_my_session(&self, id: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let id = string_arg(&id, "id")?;
            inner.client.disable_my_session(&id, &call_options(&options)?).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `disableMyOtherSessions(options?)` → `{ count }`
    #[wasm_bindgen(js_name = disableMyOtherSessions)]
    pub fn disable_my_other_sessions(&self, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let count = inner.client.disable_my_other_sessions(&call_options(&options)?).await?;
            let obj = Object::new();
            set(&obj, "count", &JsValue::from_f64(count as f64));
            Ok(obj.into())
        })
    }

    /// `getFlowError(id, options?)`
    #[wasm_bindgen(js_name = getFlowError)]
    pub fn get_flow_error(&self, id: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let id = string_arg(&id, "id")?;
            inner.client.get_flow_error(&id, &call_options(&options)?).await
        })
    }

    /// `getWebAuthnJavaScript(options?)` → the script text
    #[wasm_bindgen(js_name = getWebAuthnJavaScript)]
    pub fn get_webauthn_javascript(&self, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let text = inner.client.get_webauthn_javascript(&call_options(&options)?).await?;
            Ok(JsValue::from_str(&text))
        })
    }

    /// `listIdentitySchemas(options?)`
    #[wasm_bindgen(js_name = listIdentitySchemas)]
    pub fn list_identity_schemas(&self, options: JsValue) -> Promise {
        self.run(move |inner| async move { inner.client.list_identity_schemas(&call_options(&options)?).await })
    }

    /// `getIdentitySchema(id, options?)`
    #[wasm_bindgen(js_name = getIdentitySchema)]
    pub fn get_identity_schema(&self, id: JsValue, options: JsValue) -> Promise {
        self.run(move |inner| async move {
            let id = string_arg(&id, "id")?;
            inner.client.get_identity_schema(&id, &call_options(&options)?).await
        })
    }

    /// `checkRedirect(url)`: the URL if it is safe to navigate to, else throws `unsafeRedirect`.
    #[wasm_bindgen(js_name = checkRedirect)]
    pub fn check_redirect(&self, url: JsValue) -> Result<String, JsValue> {
        let url = string_arg(&url, "url").map_err(error_to_js)?;
        check_redirect::<JsValue>(&url, self.inner.client.settings(), page_origin().as_deref()).map_err(error_to_js)
    }
}

create_flow!("createBrowserLoginFlow", create_browser_login_flow, crate::api::login::CreateBrowserLoginFlowParams);
get_flow!("getLoginFlow", get_login_flow);
update_flow!("updateLoginFlow", update_login_flow);
create_flow!("createBrowserRegistrationFlow", create_browser_registration_flow, crate::api::registration::CreateBrowserRegistrationFlowParams);
get_flow!("getRegistrationFlow", get_registration_flow);
update_flow!("updateRegistrationFlow", update_registration_flow);
create_flow!("createBrowserSettingsFlow", create_browser_settings_flow, crate::api::settings::CreateBrowserSettingsFlowParams);
get_flow!("getSettingsFlow", get_settings_flow);
update_flow!("updateSettingsFlow", update_settings_flow);
create_flow!("createBrowserRecoveryFlow", create_browser_recovery_flow, crate::api::recovery::CreateBrowserRecoveryFlowParams);
get_flow!("getRecoveryFlow", get_recovery_flow);
update_flow!("updateRecoveryFlow", update_recovery_flow, token);
create_flow!("createBrowserVerificationFlow", create_browser_verification_flow, crate::api::verification::CreateBrowserVerificationFlowParams);
get_flow!("getVerificationFlow", get_verification_flow);
update_flow!("updateVerificationFlow", update_verification_flow, token);

/// `csrfToken(flow)`: the flow's CSRF token, or undefined.
#[wasm_bindgen(js_name = csrfToken)]
pub fn csrf_token(flow: JsValue) -> Option<String> {
    csrf_token_of(&flow)
}
