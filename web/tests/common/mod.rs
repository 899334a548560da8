//! What the browser test files share: the document, a freshly mounted explorer, and the
//! pause that lets Yew render and the debounce timer fire.

use gloo_timers::future::TimeoutFuture;
use podenv_web::components::app::{App, DEBOUNCE_MS};
use web_sys::Element;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh explorer in its own element, with nothing saved from earlier tests.
pub async fn mount() -> Element {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Lets Yew render and the debounce timer fire.
pub async fn settle() {
    TimeoutFuture::new(DEBOUNCE_MS * 2 + 200).await;
}
