//! podenv-web: the explorer. Paste manifests, see the exact environment the kubelet hands to
//! each container, and why.
//!
//! Layout (Yew `function_todomvc` style):
//! - [`state`]: the pure `State`/`Action` reducer. It calls podenv-core (through
//!   `podenv_wasm::run`) and holds everything the page shows; tested natively.
//! - [`share`], [`export`], [`examples`], [`i18n`], [`walk_text`]: pure helpers and tables.
//! - [`browser`]: the only module besides components and [`analyser`] that touches
//!   `web_sys` (storage, clipboard, location, files).
//! - [`analyser`]: the analysis Web Worker, both sides (the page's client, the worker's
//!   export).
//! - [`components`]: render the state and turn events into actions; nothing else.

pub mod analyser;
pub mod browser;
pub mod code_editor;
pub mod components;
pub mod describe;
pub mod examples;
pub mod export;
pub mod guard;
pub mod i18n;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod i18n_scan;
pub mod indent;
pub mod marks;
pub mod share;
pub mod sources;
pub mod state;
pub mod walk_text;

/// Mounts the explorer on `<body>`. Does nothing in the analysis worker (no `window`),
/// which loads the same wasm only for `analyser::analyse_for_page`.
pub fn start() {
    if web_sys::window().is_some() {
        yew::Renderer::<components::app::App>::new().render();
    }
}
