//! The explorer mounted in a real page (headless Chromium through wasm-pack): the wiring
//! between components, the reducer and the browser. Logic is tested natively in the crate.
//!
//! Run by `cargo xtask test` as `WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome web`.

#![cfg(target_arch = "wasm32")]

mod common;

use common::{document, mount, settle};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, HtmlElement, HtmlTextAreaElement, InputEvent, InputEventInit, KeyboardEvent,
    KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const POD: &str = "\
apiVersion: v1
kind: Service
metadata: {name: cache}
spec:
  clusterIP: 10.96.9.9
  ports: [{name: redis, port: 6379}]
---
apiVersion: v1
kind: Pod
metadata: {name: shop}
spec:
  containers:
  - name: front
    image: x
    env:
    - {name: GREETING, value: hello}
    - {name: EVIL, value: '<script>window.__pwned=1</script><b>bold</b>'}
";

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn row(root: &Element, container: &str, name: &str) -> Option<Element> {
    find(
        root,
        &format!("[data-testid='env-row'][data-container='{container}'][data-name='{name}']"),
    )
}

async fn type_into_editor(root: &Element, text: &str) {
    let area: HtmlTextAreaElement = find(root, "[data-testid='manifest-editor']")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn renders_the_demo_with_service_variables() {
    let root = mount().await;
    let redis = row(&root, "container/app", "REDIS_SERVICE_HOST").expect("demo row");
    assert_eq!(
        redis.get_attribute("data-value").as_deref(),
        Some("10.96.4.2")
    );
    assert!(count(&root, "[data-testid='env-row']") > 20);
    root.remove();
}

#[wasm_bindgen_test]
async fn typing_recomputes_after_the_pause() {
    let root = mount().await;
    type_into_editor(&root, POD).await;
    let greeting = row(&root, "container/front", "GREETING").expect("typed pod");
    assert_eq!(
        greeting.get_attribute("data-value").as_deref(),
        Some("hello")
    );
    let link = row(&root, "container/front", "CACHE_SERVICE_PORT_REDIS").expect("service link");
    assert_eq!(link.get_attribute("data-value").as_deref(), Some("6379"));
    root.remove();
}

#[wasm_bindgen_test]
async fn values_render_as_text() {
    let root = mount().await;
    type_into_editor(&root, POD).await;
    let evil = row(&root, "container/front", "EVIL").expect("row");
    let cell = evil.query_selector("code.value").unwrap().unwrap();
    assert_eq!(
        cell.text_content().as_deref(),
        Some("<script>window.__pwned=1</script><b>bold</b>")
    );
    assert_eq!(count(&root, "table script, table b"), 0);
    root.remove();
}

#[wasm_bindgen_test]
async fn clicking_a_variable_opens_its_details() {
    let root = mount().await;
    let redis: HtmlElement = row(&root, "container/app", "REDIS_SERVICE_HOST")
        .unwrap()
        .dyn_into()
        .unwrap();
    redis.click();
    settle().await;
    let details = find(&root, "[data-testid='variable-details']").expect("details");
    assert_eq!(
        details.get_attribute("data-name").as_deref(),
        Some("REDIS_SERVICE_HOST")
    );
    let link = find(&root, "[data-testid='upstream-link']").unwrap();
    let href = link.get_attribute("href").unwrap();
    assert!(href.contains("/pkg/kubelet/envvars/envvars.go#L"), "{href}");
    let dns = find(&root, "[data-testid='dns-equivalent']").unwrap();
    assert_eq!(
        dns.text_content().as_deref(),
        Some("redis.shop.svc.cluster.local")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn edits_are_saved_in_local_storage() {
    let root = mount().await;
    type_into_editor(&root, POD).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let saved = storage
        .get_item(podenv_web::browser::STORAGE_KEY)
        .unwrap()
        .expect("autosaved");
    assert!(saved.contains("GREETING"));
    root.remove();
}

#[wasm_bindgen_test]
async fn connections_are_locked_after_start() {
    let root = mount().await;
    let lock = document()
        .query_selector("meta[data-podenv-lock]")
        .unwrap()
        .expect("second CSP");
    assert_eq!(
        lock.get_attribute("content").as_deref(),
        Some("connect-src 'none'")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn diagnostics_are_marked_in_the_editor() {
    let root = mount().await;
    type_into_editor(&root, "kind: Pod\nmetadata: [unclosed\n").await;
    assert!(count(&root, "[data-testid='diagnostic']") >= 1);
    assert!(count(&root, ".mirror mark.diag-mark") >= 1);
    assert!(count(&root, ".gutter .gutter-mark") >= 1);
    root.remove();
}

#[wasm_bindgen_test]
async fn tab_indents_in_the_editor() {
    let root = mount().await;
    type_into_editor(&root, "a:").await;
    let area: HtmlTextAreaElement = find(&root, "[data-testid='manifest-editor']")
        .unwrap()
        .dyn_into()
        .unwrap();
    area.focus().unwrap();
    area.set_selection_range(2, 2).unwrap();
    let init = KeyboardEventInit::new();
    init.set_key("Tab");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    area.dispatch_event(&event).unwrap();
    assert!(event.default_prevented(), "Tab stays in the editor");
    assert_eq!(area.value(), "a:  ");
    root.remove();
}

#[wasm_bindgen_test]
async fn switching_containers_and_the_error_banner() {
    let root = mount().await;
    type_into_editor(
        &root,
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: a, image: x}\n  - name: b\n    image: x\n    envFrom: [{configMapRef: {name: nope}}]\n",
    )
    .await;
    assert!(find(&root, "[data-testid='container-error']").is_none());
    let tab: HtmlElement = find(
        &root,
        "[data-testid='container-tab'][data-container='container/b']",
    )
    .unwrap()
    .dyn_into()
    .unwrap();
    tab.click();
    settle().await;
    let banner = find(&root, "[data-testid='container-error']").expect("banner");
    assert_eq!(
        banner.get_attribute("data-container").as_deref(),
        Some("container/b")
    );
    assert!(banner
        .text_content()
        .unwrap()
        .contains("configmap \"nope\" not found"));
    root.remove();
}
