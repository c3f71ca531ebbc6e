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

/// Reads of JS values that may come from the app (flows, parameters, options): every JS call that
/// can throw on a hostile value (a getter, a Proxy trap, a revoked Proxy) goes through an import
/// declared `catch`, so no exception ever unwinds through the wasm (each one would leak shadow
/// stack and externref slots until the instance dies for the whole page). A throw reads as
/// "absent" and is remembered: [`caught::threw`] tells the binding layer to refuse the argument.
#[cfg(target_arch = "wasm32")]
pub(crate) mod caught {
    use core::sync::atomic::{AtomicBool, Ordering::Relaxed};
    use js_sys::Reflect;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
        fn is_array_js(v: &JsValue) -> Result<bool, JsValue>;
        #[wasm_bindgen(catch, js_namespace = Object, js_name = assign)]
        fn assign_js(target: &JsValue, source: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
        fn keys_js(v: &JsValue) -> Result<js_sys::Array, JsValue>;
    }

    static THREW: AtomicBool = AtomicBool::new(false);

    fn note<T>(r: Result<T, JsValue>) -> Option<T> {
        if r.is_err() {
            THREW.store(true, Relaxed);
        }
        r.ok()
    }

    /// Whether a read threw since the last call (and forgets it).
    pub(crate) fn threw() -> bool {
        THREW.swap(false, Relaxed)
    }

    /// `v[key]` (undefined for non-objects and on a throw).
    pub(crate) fn get(v: &JsValue, key: &JsValue) -> JsValue {
        if !v.is_object() && !v.is_function() {
            return JsValue::UNDEFINED;
        }
        note(Reflect::get(v, key)).unwrap_or(JsValue::UNDEFINED)
    }

    /// `Array.isArray(v)` (false on a throw: a revoked Proxy).
    pub(crate) fn is_array(v: &JsValue) -> bool {
        note(is_array_js(v)) == Some(true)
    }

    /// An array's length (`None` for non-arrays and on a throw).
    pub(crate) fn len(v: &JsValue) -> Option<u32> {
        if !is_array(v) {
            return None;
        }
        get(v, &"length".into()).as_f64().map(|n| n as u32)
    }

    /// `Object.assign(target, source)`: a shallow copy of `source`'s own enumerable properties.
    pub(crate) fn assign(target: &JsValue, source: &JsValue) {
        note(assign_js(target, source));
    }

    /// `Object.keys(v)` as strings.
    pub(crate) fn keys(v: &JsValue) -> Vec<String> {
        note(keys_js(v)).map(|k| k.iter().filter_map(|k| k.as_string()).collect()).unwrap_or_default()
    }
}

#[cfg(target_arch = "wasm32")]
mod js_impl {
    use super::{caught, Json};
    use serde::de::DeserializeOwned;
    use wasm_bindgen::JsValue;

    /// `JSON.parse` output (or a value from the app), read in place (no copy into Rust); every
    /// read is caught (see [`caught`]).
    impl Json for JsValue {
        fn get(&self, key: &str) -> Option<Self> {
            if !Json::is_object(self) {
                return None;
            }
            Some(caught::get(self, &JsValue::from_str(key))).filter(|v| !v.is_undefined())
        }
        fn as_str(&self) -> Option<String> {
            self.as_string()
        }
        fn as_f64(&self) -> Option<f64> {
            JsValue::as_f64(self)
        }
        fn is_object(&self) -> bool {
            JsValue::is_object(self) && !caught::is_array(self)
        }
        fn array_len(&self) -> Option<usize> {
            caught::len(self).map(|n| n as usize)
        }
        fn index(&self, i: usize) -> Option<Self> {
            (i < self.array_len()?).then(|| caught::get(self, &JsValue::from(i as u32)))
        }
        fn elements(&self) -> Vec<Self> {
            (0..caught::len(self).unwrap_or(0)).map(|i| caught::get(self, &JsValue::from(i))).collect()
        }
        fn decode<T: DeserializeOwned>(&self) -> Result<T, String> {
            serde_wasm_bindgen::from_value(self.clone()).map_err(|e| e.to_string())
        }
        fn keys(&self) -> Vec<String> {
            if !Json::is_object(self) {
                return Vec::new();
            }
            caught::keys(self)
        }
        fn to_json_text(&self) -> Option<String> {
            js_sys::JSON::stringify(self).ok()?.as_string()
        }
    }
}
