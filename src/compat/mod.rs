//! Older Kratos generations that need more than the route table of [`crate::engine::generation`]:
//! v0.4–v0.6 flow shapes normalised to the v1 UI-node model, native form posts. Only with the
//! `legacy` feature (the npm package's `kratos-browser/legacy` entry and its own wasm).

pub mod legacy_flow;
