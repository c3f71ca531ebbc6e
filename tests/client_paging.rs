//! `Client::list_my_sessions` against a fake transport: where `nextPageToken` comes from.

mod common;

use common::V;
use kratos_browser::client::Client;
use kratos_browser::config::Config;
use kratos_browser::error::Error;
use kratos_browser::request::RequestSpec;
use kratos_browser::transport::{RawResponse, Transport};
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// Answers every request with one canned response.
struct Canned(RawResponse);

impl Transport for Canned {
    type Json = V;
    type CallOptions = ();
    type Body = String;
    async fn send(&self, _url: &str, _req: &RequestSpec, _t: u32, _o: &()) -> Result<RawResponse, Error<V>> {
        Ok(self.0.clone())
    }
    fn parse(&self, text: &String) -> Option<V> {
        serde_json::from_str(text).ok().map(V)
    }
    fn body_from_text(&self, text: String) -> String {
        text
    }
    async fn sleep(&self, _ms: u32) {}
}

/// The fake never pends, so one poll with a no-op waker completes the future.
fn block_on<F: Future>(f: F) -> F::Output {
    const VTABLE: RawWakerVTable = RawWakerVTable::new(|_| RawWaker::new(std::ptr::null(), &VTABLE), |_| {}, |_| {}, |_| {});
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) };
    match pin!(f).as_mut().poll(&mut Context::from_waker(&waker)) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("fake transport future pended"),
    }
}

fn next_token(body: &str, link: &str) -> Option<String> {
    let raw = RawResponse { status: 200, body: body.into(), link: Some(link.into()) };
    let client = Client::new(Config::new("http://localhost:4433"), Canned(raw)).unwrap();
    block_on(client.list_my_sessions(&Default::default(), &())).unwrap().next_page_token
}

#[test]
fn next_page_token_comes_from_rel_next() {
    let link = r#"</sessions?page=1&page_size=1&page_token=eyJvZmZzZXQiOiIxIiwidiI6Mn0&per_page=1>; rel="next""#;
    assert_eq!(next_token(r#"[{"id":"a"}]"#, link), Some("eyJvZmZzZXQiOiIxIiwidiI6Mn0".into()));
}

#[test]
fn an_empty_page_has_no_next_page_even_when_kratos_links_one() {
    // Kratos v1.3.1 with no other session: X-Total-Count 0 and still a rel="next" (ory/x pagination header).
    let link = r#"</sessions?page=0&page_size=250&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0&per_page=250>; rel="first",</sessions?page=1&page_size=250&page_token=eyJvZmZzZXQiOiIyNTAiLCJ2IjoyfQ&per_page=250>; rel="next",</sessions?page=-1&page_size=250&page_token=eyJvZmZzZXQiOiItMjUwIiwidiI6Mn0&per_page=250>; rel="prev""#;
    assert_eq!(next_token("[]", link), None);
}
