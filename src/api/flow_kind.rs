//! The five flow kinds as data: their paths, and how to restart one from a Kratos URL
//! (a flow's `request_url`, or the `redirect_to` of a GET-expired 410).

use crate::request::{query_pairs, RequestSpec};
use crate::shape::Shape;

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

    /// `GET /self-service/<kind>/flows?id=`.
    pub fn get_flow(self, id: &str) -> RequestSpec {
        super::get_flow(&format!("/self-service/{}/flows", self.name()), id)
    }

    /// `POST /self-service/<kind>?flow=` (recovery and verification take an optional `token`),
    /// and the shape of its 2xx answer.
    pub fn submit(self, flow_id: &str, token: Option<&str>, body: String) -> (RequestSpec, Shape) {
        let spec = super::submit(&format!("/self-service/{}", self.name()), flow_id, body);
        match self {
            FlowKind::Login => (spec, Shape::LoginSuccess),
            FlowKind::Registration => (spec, Shape::RegistrationSuccess),
            FlowKind::Settings => (spec, Shape::Flow),
            FlowKind::Recovery | FlowKind::Verification => (spec.param("token", token), Shape::Flow),
        }
    }

    /// A fresh `GET /self-service/<kind>/browser` with the same init parameters as `url`, when `url`
    /// is one of Kratos' own init URLs below `base_url` (nothing else is followed).
    pub fn restart_from(base_url: &str, url: &str) -> Option<(FlowKind, RequestSpec)> {
        let rest = url.strip_prefix(base_url)?;
        let path = rest.split(['?', '#']).next().unwrap_or("");
        let kind = FlowKind::ALL.into_iter().find(|k| path == format!("/self-service/{}/browser", k.name()))?;
        let mut spec = RequestSpec::get(path.to_string());
        for (k, v) in query_pairs(rest) {
            if let Some(key) = CARRIED.iter().find(|c| **c == k) {
                spec.query.push((key, v));
            }
        }
        Some((kind, spec))
    }
}
