//! Read-only helpers over typed flows for apps that render them: nodes, labels, form values,
//! second factors. They decide nothing about requests or outcomes.

pub mod second_factor;
pub mod ui;
