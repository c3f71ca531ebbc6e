//! The one decision table: `(status, body)` → [`Outcome`] or [`Error`].
//!
//! Decided by HTTP status plus `error.id`, then shape (kratos-wire-facts §1.3):
//!
//! | status | body                                   | result                        |
//! |--------|----------------------------------------|-------------------------------|
//! | 204    | anything                               | `NoContent`                   |
//! | 2xx    | JSON                                   | `Ok(body)`                    |
//! | 400    | flow (`id` + `ui`)                     | `Flow(body)` — show it again  |
//! | 422    | `browser_location_change_required`     | `Redirect { to }`             |
//! | 4xx/5xx| envelope `{"error":{…}}`               | `Err(Error::Api)`             |
//! | any    | not JSON / unexpected shape            | `Err(Error::InvalidResponse)` |

use crate::error::{ids, ApiError, Error};
use crate::json::Json;
use crate::shape;
use crate::transport::Body;

/// A response Kratos meant as an answer (not a failure).
#[derive(Debug, Clone)]
pub enum Outcome<J> {
    /// 2xx with a JSON body.
    Ok(J),
    /// 204 No Content.
    NoContent,
    /// 400 with a flow: validation messages, or the next step (two-step registration, code sent).
    Flow(J),
    /// 422 `browser_location_change_required`: the browser must navigate to `to`.
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
        /// Kratos' suggested URL (its aal2 login init).
        redirect_to: Option<String>,
        /// The `return_to` to keep for the aal2 login flow.
        return_to: Option<String>,
    },
    /// The session is too old for this settings change (403 `session_refresh_required`).
    RefreshRequired {
        /// Kratos' suggested URL (a `refresh=true` login whose `return_to` is Kratos' POST-only submit URL).
        redirect_to: Option<String>,
    },
}

/// Classifies one response. `parse` turns text into JSON (`None` = not JSON).
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
