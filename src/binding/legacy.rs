//! The bindings only Kratos v0.4–v0.6 need (the `legacy` feature: `kratos-browser/legacy`'s wasm):
//! the URL that starts a flow by navigation and the fields of a native form post, both from the
//! generation table (`startBrowserFlow` and `submitFlowNatively` in `pkg/src/legacy.ts` use them).

use super::convert::{self, error_to_js, reading, set, JsError};
use super::{create_spec, flow_kind, JsClient};
use crate::engine::error::Error;
use crate::engine::generation;
use crate::engine::json::{caught, Json};
use js_sys::Object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = KratosClient)]
impl JsClient {
    /// `flowInitUrl(kind, params?)`: the URL that starts a flow by browser navigation on the
    /// configured generation (what `startBrowserFlow` navigates to).
    #[wasm_bindgen(js_name = flowInitUrl)]
    pub fn flow_init_url(&self, kind: JsValue, params: JsValue) -> Result<String, JsValue> {
        let build = || -> Result<String, JsError> {
            let spec = create_spec(flow_kind(&kind)?, &params)?;
            let client = &self.inner.client;
            Ok(client.rewrite(&spec, None)?.spec.url(&client.settings().base_url))
        };
        build().map_err(error_to_js)
    }

    /// `nativeForm(kind, flow, entries)` → `{ action, method, fields }`: the generation's submit
    /// URL and form fields (old names, `csrf_token` added) for a native `<form>` post of a v1 body
    /// already flattened to `[name, value]` string pairs (`traits.email`, …).
    #[wasm_bindgen(js_name = nativeForm)]
    pub fn native_form(&self, kind: JsValue, flow: JsValue, entries: JsValue) -> Result<JsValue, JsValue> {
        let build = || -> Result<JsValue, JsError> {
            let kind = flow_kind(&kind)?;
            let (flow_id, csrf) = self.inner.flow_ref(kind, &flow)?;
            let csrf = csrf.or_else(|| self.inner.client.cached_csrf(&flow_id));
            let pairs = reading("entries", || {
                if !caught::is_array(&entries) {
                    return Err(Error::InvalidArgument(format!(
                        "`entries` must be an array of [name, value], got {}",
                        convert::type_name(&entries)
                    )));
                }
                let mut pairs = Vec::new();
                for e in entries.elements() {
                    match (e.index(0).and_then(|n| n.as_string()), e.index(1).and_then(|v| v.as_string())) {
                        (Some(n), Some(v)) => pairs.push((n, v)),
                        _ => return Err(Error::InvalidArgument("`entries` must be [name, value] string pairs".into())),
                    }
                }
                Ok(pairs)
            })?;
            let method = pairs.iter().find(|(n, _)| n == "method").map(|(_, v)| v.clone());
            let client = &self.inner.client;
            let g = client.settings().generation;
            let rewritten = client.rewrite(&kind.submit(&flow_id, None, "{}".into()).0, method.as_deref())?;
            let fields = js_sys::Array::new();
            let mut has_csrf = false;
            for (n, v) in pairs {
                if generation::drops_field(g, &n) {
                    continue;
                }
                has_csrf |= n == "csrf_token";
                fields.push(&js_sys::Array::of2(&JsValue::from_str(&generation::old_field_name(g, kind, &n)), &JsValue::from_str(&v)));
            }
            if let (false, Some(token)) = (has_csrf, csrf) {
                fields.push(&js_sys::Array::of2(&JsValue::from_str("csrf_token"), &JsValue::from_str(&token)));
            }
            let obj = Object::new();
            set(&obj, "action", &JsValue::from_str(&rewritten.spec.url(&client.settings().base_url)));
            set(&obj, "method", &JsValue::from_str("POST"));
            set(&obj, "fields", &fields);
            Ok(obj.into())
        };
        build().map_err(error_to_js)
    }
}
