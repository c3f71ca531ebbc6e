//! The five flow kinds as data: their paths, and how to restart one from a Kratos URL
//! (a flow's `request_url`, or the `redirect_to` of a GET-expired 410).

use crate::engine::ops::{self, Answer, Operation, Value};
use crate::engine::request::{query_pairs, RequestSpec};
use crate::engine::shape::Shape;

/// Which self-service flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// Login.
    Login,
    /// Registration.
    Registration,
    /// Settings.
    Settings,
    /// Recovery.
    Recovery,
    /// Verification.
    Verification,
}

/// Init parameters worth carrying over when a flow is restarted.
const CARRIED: [&str; 7] = ["return_to", "refresh", "aal", "login_challenge", "organization", "via", "after_verification_return_to"];

impl FlowKind {
    /// All kinds.
    pub const ALL: [FlowKind; 5] =
        [FlowKind::Login, FlowKind::Registration, FlowKind::Settings, FlowKind::Recovery, FlowKind::Verification];

    /// The path segment (`login`, `registration`, …).
    pub fn name(self) -> &'static str {
        match self {
            FlowKind::Login => "login",
            FlowKind::Registration => "registration",
            FlowKind::Settings => "settings",
            FlowKind::Recovery => "recovery",
            FlowKind::Verification => "verification",
        }
    }

    /// The name as it appears in operationIds (`Login` in `updateLoginFlow`).
    pub fn title(self) -> &'static str {
        match self {
            FlowKind::Login => "Login",
            FlowKind::Registration => "Registration",
            FlowKind::Settings => "Settings",
            FlowKind::Recovery => "Recovery",
            FlowKind::Verification => "Verification",
        }
    }

    /// The kind's rows of the operation table: create, get, update.
    pub fn operations(self) -> [&'static Operation; 3] {
        match self {
            FlowKind::Login => [&ops::CREATE_BROWSER_LOGIN_FLOW, &ops::GET_LOGIN_FLOW, &ops::UPDATE_LOGIN_FLOW],
            FlowKind::Registration => [&ops::CREATE_BROWSER_REGISTRATION_FLOW, &ops::GET_REGISTRATION_FLOW, &ops::UPDATE_REGISTRATION_FLOW],
            FlowKind::Settings => [&ops::CREATE_BROWSER_SETTINGS_FLOW, &ops::GET_SETTINGS_FLOW, &ops::UPDATE_SETTINGS_FLOW],
            FlowKind::Recovery => [&ops::CREATE_BROWSER_RECOVERY_FLOW, &ops::GET_RECOVERY_FLOW, &ops::UPDATE_RECOVERY_FLOW],
            FlowKind::Verification => [&ops::CREATE_BROWSER_VERIFICATION_FLOW, &ops::GET_VERIFICATION_FLOW, &ops::UPDATE_VERIFICATION_FLOW],
        }
    }

    /// `GET /self-service/<kind>/flows?id=`.
    pub fn get_flow(self, id: &str) -> RequestSpec {
        super::planned(self.operations()[1], &[("id", Some(Value::Str(id.to_string())))])
    }

    /// `POST /self-service/<kind>?flow=` (recovery and verification take an optional `token`),
    /// and the shape of its 2xx answer.
    pub fn submit(self, flow_id: &str, token: Option<&str>, body: String) -> (RequestSpec, Shape) {
        let op = self.operations()[2];
        let token = token.map(|t| Value::Str(t.to_string()));
        let spec = ops::plan(op, |p| if p.js == "token" { token.clone() } else { None }, Some(flow_id), Some(body));
        let success = match op.answer {
            Answer::Submit(shape) => shape,
            _ => Shape::Flow,
        };
        (spec, success)
    }

    /// A fresh `GET /self-service/<kind>/browser` with the same init parameters as `url`, when `url`
    /// is one of Kratos' own init URLs below `base_url` (nothing else is followed).
    pub fn restart_from(base_url: &str, url: &str) -> Option<(FlowKind, RequestSpec)> {
        let rest = url.strip_prefix(base_url)?;
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let kind = FlowKind::ALL.into_iter().find(|k| path == format!("/self-service/{}/browser", k.name()))?;
        let mut spec = RequestSpec::get(path.to_string());
        spec.op = Some(kind.operations()[0].id);
        for (k, v) in query_pairs(rest) {
            if let Some(key) = CARRIED.iter().find(|c| **c == k) {
                spec.query.push((key, v));
            }
        }
        Some((kind, spec))
    }
}
