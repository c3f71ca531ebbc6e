//! A read-only view of parsed JSON, so the core can classify responses without owning a JSON
//! library: in the browser the view is a `JsValue` from `JSON.parse` (no serde_json in the bundle),
//! in host tests it is a `serde_json::Value` wrapper.

use serde::de::DeserializeOwned;

/// A JSON string literal, escaped like `JSON.stringify`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON object's text from members whose values are already JSON text, in the given order.
pub fn object_text<K: AsRef<str>, V: AsRef<str>>(members: impl IntoIterator<Item = (K, V)>) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(k.as_ref()));
        out.push(':');
        out.push_str(v.as_ref());
    }
    out.push('}');
    out
}

/// Read access to a parsed JSON document.
pub trait Json: Sized + Clone + core::fmt::Debug {
    /// The member `key` of an object (`None` for non-objects and missing keys).
    fn get(&self, key: &str) -> Option<Self>;
    /// The string value, if this is a JSON string.
    fn as_str(&self) -> Option<String>;
    /// The number value, if this is a JSON number.
    fn as_f64(&self) -> Option<f64>;
    /// Whether this is a JSON object (not an array, not null).
    fn is_object(&self) -> bool;
    /// The length, if this is a JSON array.
    fn array_len(&self) -> Option<usize>;
    /// The element `i`, if this is a JSON array long enough.
    fn index(&self, i: usize) -> Option<Self>;
    /// Decodes this value into a typed model; the error text names what did not match.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, String>;
    /// An object's keys in order (empty for non-objects). Used to normalise old flow shapes.
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    /// This value as JSON text (`None` if the view cannot serialise). Used to normalise old flow shapes.
    fn to_json_text(&self) -> Option<String> {
        None
    }

    /// A string at a dotted path such as `error.id`.
    fn str_at(&self, path: &str) -> Option<String> {
        self.at(path).and_then(|v| v.as_str())
    }
    /// The value at a dotted path such as `error.details`.
    fn at(&self, path: &str) -> Option<Self> {
        let mut cur = self.clone();
        for key in path.split('.') {
            cur = cur.get(key)?;
        }
        Some(cur)
    }
    /// Iterates an array's elements (empty for non-arrays).
    fn elements(&self) -> Vec<Self> {
        let n = self.array_len().unwrap_or(0);
        (0..n).filter_map(|i| self.index(i)).collect()
    }
}

/// Serialises a typed body (e.g. an update body) to JSON text with the browser's `JSON.stringify`,
/// for the client's `update_*_flow` methods (no serde_json in the bundle).
#[cfg(target_arch = "wasm32")]
pub fn to_json_text<T: serde::Serialize>(value: &T) -> Result<String, String> {
    let js = value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&js).ok().and_then(|s| s.as_string()).ok_or_else(|| "value cannot be serialised to JSON".to_string())
}

#[cfg(target_arch = "wasm32")]
mod js_impl {
    use super::Json;
    use js_sys::{Array, Reflect};
    use serde::de::DeserializeOwned;
    use wasm_bindgen::{JsCast, JsValue};

    /// `JSON.parse` output, read in place (no copy into Rust).
    impl Json for JsValue {
        fn get(&self, key: &str) -> Option<Self> {
            if !self.is_object() || Array::is_array(self) {
                return None;
            }
            Reflect::get(self, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined())
        }
        fn as_str(&self) -> Option<String> {
            self.as_string()
        }
        fn as_f64(&self) -> Option<f64> {
            JsValue::as_f64(self)
        }
        fn is_object(&self) -> bool {
            JsValue::is_object(self) && !Array::is_array(self)
        }
        fn array_len(&self) -> Option<usize> {
            Array::is_array(self).then(|| Array::from(self).length() as usize)
        }
        fn index(&self, i: usize) -> Option<Self> {
            let arr = Array::from(self);
            (Array::is_array(self) && (i as u32) < arr.length()).then(|| arr.get(i as u32))
        }
        fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
            serde_wasm_bindgen::from_value(self.clone()).map_err(|e| e.to_string())
        }
        fn keys(&self) -> Vec<String> {
            if !Json::is_object(self) {
                return Vec::new();
            }
            js_sys::Object::keys(self.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()).collect()
        }
        fn to_json_text(&self) -> Option<String> {
            js_sys::JSON::stringify(self).ok()?.as_string()
        }
    }
}
