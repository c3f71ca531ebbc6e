//! Shared helpers for the native tests: a serde_json-backed `Json` view and fixture loading.
#![allow(dead_code)]

use kratos_browser::json::Json;
use kratos_browser::request::{Method, RequestSpec};
use kratos_browser::transport::{RawResponse, Transport};
use kratos_browser::Error;
use serde::de::DeserializeOwned;
use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

/// `serde_json::Value` as the core's JSON view (the browser uses `JsValue`).
#[derive(Debug, Clone, PartialEq)]
pub struct V(pub serde_json::Value);

impl Json for V {
    fn get(&self, key: &str) -> Option<Self> {
        self.0.as_object()?.get(key).cloned().map(V)
    }
    fn as_str(&self) -> Option<String> {
        self.0.as_str().map(str::to_string)
    }
    fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }
    fn is_object(&self) -> bool {
        self.0.is_object()
    }
    fn array_len(&self) -> Option<usize> {
        self.0.as_array().map(Vec::len)
    }
    fn index(&self, i: usize) -> Option<Self> {
        self.0.as_array()?.get(i).cloned().map(V)
    }
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
        serde_json::from_value(self.0.clone()).map_err(|e| e.to_string())
    }
    fn keys(&self) -> Vec<String> {
        self.0.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
    }
    fn to_json_text(&self) -> Option<String> {
        serde_json::to_string(&self.0).ok()
    }
}

pub fn parse(text: &str) -> Option<V> {
    serde_json::from_str(text).ok().map(V)
}

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// A transport answering from a script (first answer first), recording every request.
#[derive(Default)]
pub struct Scripted {
    pub answers: RefCell<Vec<Result<RawResponse, Error<V>>>>,
    pub seen: RefCell<Vec<(Method, String)>>,
}

impl Scripted {
    pub fn new(answers: Vec<Result<RawResponse, Error<V>>>) -> Self {
        Scripted { answers: RefCell::new(answers.into_iter().rev().collect()), seen: RefCell::default() }
    }
}

/// A scripted 2xx/4xx answer.
pub fn answer(status: u16, body: &str) -> Result<RawResponse, Error<V>> {
    Ok(RawResponse { status, body: body.to_string(), link: None })
}

impl Transport for Scripted {
    type Json = V;
    type CallOptions = ();
    type Body = String;
    async fn send(&self, url: &str, req: &RequestSpec, _timeout: u32, _o: &()) -> Result<RawResponse, Error<V>> {
        self.seen.borrow_mut().push((req.method, url.to_string()));
        self.answers.borrow_mut().pop().unwrap_or_else(|| Err(Error::Network("script exhausted".into())))
    }
    fn parse(&self, text: &String) -> Option<V> {
        parse(text)
    }
    fn body_from_text(&self, text: String) -> String {
        text
    }
    async fn sleep(&self, _ms: u32) {}
}

/// Scripted transports never pend, so one poll finishes the future.
pub fn run<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("scripted future pended"),
    }
}
