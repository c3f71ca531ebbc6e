//! A Rust wasm app on kratos-browser's Rust API: typed models, the client, the UI helpers.
//! The page has a form (#email, #password, #login); on submit the app creates a login flow,
//! submits the password method and shows the session it got, then checks `to_session`.

use kratos_browser::api::login::CreateBrowserLoginFlowParams;
use kratos_browser::json::{to_json_text, Json};
use kratos_browser::models::{LoginFlow, LoginMethod, Session, SuccessfulLogin, UpdateLoginFlowBody};
use kratos_browser::transport::fetch::{FetchOptions, FetchTransport};
use kratos_browser::{Client, Config, Outcome};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn show(id: &str, text: &str) {
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        el.set_text_content(Some(text));
    }
}

fn input(id: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .unwrap_or_default()
}

async fn login(base_url: String, email: String, password: String) -> Result<String, String> {
    let client = Client::new(Config::new(base_url), FetchTransport).map_err(|e| e.to_string())?;
    let o = FetchOptions::default();
    let flow: LoginFlow = client
        .create_browser_login_flow(&CreateBrowserLoginFlowParams::default(), &o)
        .await
        .map_err(|e| e.to_string())?
        .decode()?;
    // The typed password body, with the flow's csrf_token.
    let body = UpdateLoginFlowBody::for_flow(&flow.ui, LoginMethod::Password { identifier: email, password });
    if body.csrf_token.is_none() {
        return Err("the flow has no csrf_token".into());
    }
    let body = to_json_text(&body)?;
    match client.update_login_flow(&flow.id, body, &o).await.map_err(|e| e.to_string())? {
        Outcome::Ok(json) => {
            let ok: SuccessfulLogin = json.decode()?;
            let session: Session = client.to_session(&Default::default(), &o).await.map_err(|e| e.to_string())?.decode()?;
            let email = ok.session.identity.and_then(|i| i.traits.get("email").and_then(|e| e.as_str().map(str::to_string)));
            Ok(format!(
                "signed in as {} (aal {})",
                email.unwrap_or_default(),
                session.authenticator_assurance_level.map(|a| a.as_str().to_string()).unwrap_or_default()
            ))
        }
        Outcome::Flow(json) => {
            let flow: LoginFlow = json.decode()?;
            Err(flow.ui.messages.iter().map(|m| format!("{}: {}", m.id, m.text)).collect::<Vec<_>>().join("; "))
        }
        other => Err(format!("unexpected outcome: {other:?}")),
    }
}

/// Wires the form: `#login` click → log in with `#email`/`#password` against `#kratos`' URL.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(button) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("login")) else {
        return;
    };
    let on_click = Closure::<dyn FnMut()>::new(|| {
        wasm_bindgen_futures::spawn_local(async {
            show("status", "signing in…");
            match login(input("kratos"), input("email"), input("password")).await {
                Ok(msg) => show("status", &msg),
                Err(e) => show("status", &format!("error: {e}")),
            }
        });
    });
    let _ = button.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget(); // lives as long as the page
}
