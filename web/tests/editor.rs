//! The code editor's wiring in a real page (headless Chromium through wasm-pack): the
//! CodeMirror bundle (`web/vendor/editor.js`, built by `cargo xtask test` before this runs)
//! is imported here, so the explorer mounts CodeMirror instead of the textarea fallback, and
//! `code_editor`'s binding is driven directly. `tests/browser.rs` covers the fallback.
//!
//! Run by `cargo xtask test` as `WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome web`.

#![cfg(target_arch = "wasm32")]

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use common::{document, mount, settle};
use js_sys::{Function, Object, Reflect};
use podenv_web::code_editor::{self, CodeEditor, Options};
use podenv_web::marks::LintRange;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/vendor/editor.js")]
extern "C" {
    /// The bundle's API version; importing it loads the bundle, which installs
    /// `window.podenvCodeMirror` as the page's boot script would.
    #[wasm_bindgen(thread_local_v2, js_name = version)]
    static EDITOR_VERSION: f64;
}

const POD: &str = "\
apiVersion: v1
kind: Pod
metadata: {name: shop}
spec:
  containers:
  - name: front
    image: x
    env:
    - {name: GREETING, value: hello}
";

/// Loads the bundle (once) and checks the global it installs.
fn load_bundle() {
    assert_eq!(EDITOR_VERSION.with(|v| *v), 1.0);
    assert!(code_editor::available(), "window.podenvCodeMirror is set");
}

/// A fresh explorer, with the bundle loaded first (so it mounts CodeMirror).
async fn mount_app() -> Element {
    load_bundle();
    mount().await
}

/// The editable element CodeMirror renders in the host's shadow root.
fn content(root: &Element) -> Element {
    let host = root
        .query_selector(".code-host")
        .unwrap()
        .expect("code host");
    let shadow = host.shadow_root().expect("CodeMirror's shadow root");
    shadow
        .query_selector(".cm-content[data-testid='manifest-editor']")
        .unwrap()
        .expect("CodeMirror's editable element carries the test hook")
}

/// The bundle's handle of the editor holding `element` (`podenvCodeMirror.editorOf`).
fn handle_of(element: &Element) -> JsValue {
    let module = Reflect::get(&web_sys::window().unwrap(), &"podenvCodeMirror".into()).unwrap();
    let editor_of: Function = Reflect::get(&module, &"editorOf".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    editor_of.call1(&module, element).unwrap()
}

fn call(handle: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    let f: Function = Reflect::get(handle, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap();
    f.apply(handle, &args.iter().collect()).unwrap()
}

/// Replaces the text as a paste would (reported to the page like the user's own change).
fn paste(handle: &JsValue, text: &str) {
    let options = Object::new();
    Reflect::set(&options, &"asUser".into(), &true.into()).unwrap();
    call(handle, "setText", &[text.into(), options.into()]);
}

fn row(root: &Element, name: &str) -> Option<Element> {
    root.query_selector(&format!(
        "[data-testid='env-row'][data-container='container/front'][data-name='{name}']"
    ))
    .unwrap()
}

#[wasm_bindgen_test]
async fn the_explorer_mounts_codemirror_and_analyses_what_is_typed() {
    let root = mount_app().await;
    let content = content(&root);
    assert!(
        root.query_selector("textarea[data-testid='manifest-editor']")
            .unwrap()
            .is_none(),
        "no textarea fallback once the bundle is loaded"
    );
    let handle = handle_of(&content);
    assert!(handle.is_object(), "editorOf finds the editor");
    paste(&handle, POD);
    settle().await;
    let greeting = row(&root, "GREETING").expect("the pasted pod's variable is listed");
    assert_eq!(
        greeting.get_attribute("data-value").as_deref(),
        Some("hello")
    );
    assert_eq!(
        call(&handle, "getText", &[]).as_string().as_deref(),
        Some(POD),
        "the editor keeps the text as pasted"
    );
}

#[wasm_bindgen_test]
async fn the_cores_diagnostics_become_lint_marks() {
    let root = mount_app().await;
    let handle = handle_of(&content(&root));
    paste(&handle, "apiVersion: v1\nkind: Pod\nmetadata: {name: [\n");
    settle().await;
    let marks = call(&handle, "diagnosticCount", &[])
        .as_f64()
        .unwrap_or(0.0);
    assert!(marks >= 1.0, "the YAML error is a lint mark, got {marks}");
    assert!(
        root.query_selector("[data-testid='diagnostic']")
            .unwrap()
            .is_some(),
        "and is listed under the editor"
    );
    paste(&handle, POD);
    settle().await;
    assert_eq!(
        call(&handle, "diagnosticCount", &[]).as_f64(),
        Some(0.0),
        "fixing the text clears the marks"
    );
}

#[wasm_bindgen_test]
async fn the_binding_reports_only_the_users_changes() {
    load_bundle();
    let parent = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&parent).unwrap();
    let changes: Rc<RefCell<Vec<String>>> = Rc::default();
    let seen = changes.clone();
    let editor = CodeEditor::mount(
        &parent,
        Options {
            text: "kind: Pod\n",
            attributes: &[("data-testid", "bound-editor")],
            phrases: &[],
        },
        move |text| seen.borrow_mut().push(text),
    )
    .expect("the binding mounts an editor");
    assert_eq!(editor.text().as_deref(), Some("kind: Pod\n"));
    editor.set_text("kind: Service\n");
    assert_eq!(editor.text().as_deref(), Some("kind: Service\n"));
    assert!(
        changes.borrow().is_empty(),
        "a text the page puts in is not reported back as an edit"
    );
    let content = parent
        .shadow_root()
        .unwrap()
        .query_selector("[data-testid='bound-editor']")
        .unwrap()
        .expect("the attributes reach the editable element");
    paste(&handle_of(&content), "kind: ConfigMap\n");
    assert_eq!(
        changes.borrow().as_slice(),
        ["kind: ConfigMap\n".to_string()]
    );
    editor.set_diagnostics(&[LintRange {
        from: 0,
        to: 4,
        severity: "warning",
        message: "a mark".into(),
    }]);
    assert_eq!(
        call(&handle_of(&content), "diagnosticCount", &[]).as_f64(),
        Some(1.0)
    );
    drop(editor);
    assert!(
        parent
            .shadow_root()
            .unwrap()
            .query_selector(".cm-editor")
            .unwrap()
            .is_none(),
        "dropping the binding removes the editor"
    );
}
