//! Shared helpers for the native tests: a serde_json-backed `Json` view and fixture loading.
#![allow(dead_code)]

use kratos_browser::json::Json;
use serde::de::DeserializeOwned;

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
