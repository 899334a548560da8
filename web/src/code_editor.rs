//! The binding to the code editor bundle (`web/editor/src/index.js`: CodeMirror 6, built by
//! `cargo xtask` into `web/vendor/editor.js`). `boot.js` imports the bundle once the wasm has
//! started; on import it puts its API on `window.podenvCodeMirror` and `boot.js` fires
//! [`READY_EVENT`]. Until then, and for good when it fails to load (or the address says
//! `#plain-editor`), the editor component keeps its plain textarea.
//!
//! A typed `extern` block rather than `js_sys::Reflect` calls: the JS API is spelled once,
//! here, and the compiler checks every call. Only the module object is looked up dynamically
//! (the bundle is loaded separately from the wasm, so it cannot be a static import of the
//! wasm-bindgen glue without making the editor a hard dependency of the page). Every method is
//! `catch`: an exception in the bundle comes back as an `Err` and is ignored, never thrown
//! through the wasm.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::marks::LintRange;
use crate::sources::SourceRange;

/// The event `boot.js` fires on `window` once the bundle is loaded.
pub const READY_EVENT: &str = "podenv-editor-ready";
/// The global the bundle sets.
const GLOBAL: &str = "podenvCodeMirror";

#[wasm_bindgen]
extern "C" {
    /// The bundle's API object (`window.podenvCodeMirror`).
    type EditorModule;
    #[wasm_bindgen(method, catch)]
    fn create(this: &EditorModule, parent: &Element, options: &Object) -> Result<Handle, JsValue>;

    /// One editor, as `create` returns it.
    pub type Handle;
    #[wasm_bindgen(method, catch, js_name = getText)]
    fn get_text(this: &Handle) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch, js_name = setText)]
    fn set_text(this: &Handle, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setDiagnostics)]
    fn set_diagnostics(this: &Handle, diagnostics: &Array) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = focus)]
    fn focus_editor(this: &Handle) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn select(this: &Handle, from: u32, to: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setLocale)]
    fn set_locale(this: &Handle, phrases: &Object, attributes: &Object) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch)]
    fn destroy(this: &Handle) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setSources)]
    fn set_sources(this: &Handle, sources: &Array, scroll: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = setHoverValues)]
    fn set_hover_values(this: &Handle, values: &JsValue, missing: &str) -> Result<(), JsValue>;
}

/// A CodeMirror editor mounted by the editor component, with the callback it reports
/// changes through. Dropping it removes the editor.
pub struct CodeEditor {
    handle: Handle,
    _on_change: Closure<dyn Fn(String)>,
}

/// What the editor starts with.
pub struct Options<'a> {
    pub text: &'a str,
    /// The editable element's attributes (`aria-label`, `data-testid`, ...).
    pub attributes: &'a [(&'a str, &'a str)],
    /// CodeMirror's own strings, English to this language (`i18n`).
    pub phrases: &'a [(&'a str, &'a str)],
}

/// Whether the bundle is loaded.
pub fn available() -> bool {
    module().is_some()
}

fn module() -> Option<EditorModule> {
    let window = web_sys::window()?;
    let module = Reflect::get(&window, &JsValue::from_str(GLOBAL)).ok()?;
    module.is_object().then(|| module.unchecked_into())
}

fn object(pairs: &[(&str, &str)]) -> Object {
    let out = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    out
}

impl CodeEditor {
    /// Mounts an editor in `parent`; `None` when the bundle is not loaded or fails.
    pub fn mount(
        parent: &Element,
        options: Options,
        on_change: impl Fn(String) + 'static,
    ) -> Option<CodeEditor> {
        let module = module()?;
        let on_change = Closure::<dyn Fn(String)>::new(on_change);
        let config = Object::new();
        let _ = Reflect::set(&config, &"doc".into(), &JsValue::from_str(options.text));
        let _ = Reflect::set(&config, &"onChange".into(), on_change.as_ref());
        let _ = Reflect::set(
            &config,
            &"contentAttributes".into(),
            &object(options.attributes),
        );
        let _ = Reflect::set(&config, &"phrases".into(), &object(options.phrases));
        let handle = module.create(parent, &config).ok()?;
        Some(CodeEditor {
            handle,
            _on_change: on_change,
        })
    }

    /// The page's language changed: CodeMirror's own strings and the editable element's
    /// attributes (all of them, as at [`CodeEditor::mount`]).
    pub fn set_locale(&self, phrases: &[(&str, &str)], attributes: &[(&str, &str)]) {
        let _ = self
            .handle
            .set_locale(&object(phrases), &object(attributes));
    }

    pub fn text(&self) -> Option<String> {
        self.handle.get_text().ok()
    }

    /// Replaces the text (not reported back as a change).
    pub fn set_text(&self, text: &str) {
        let _ = self.handle.set_text(text);
    }

    /// Replaces the lint marks.
    pub fn set_diagnostics(&self, ranges: &[LintRange]) {
        let list = Array::new();
        for range in ranges {
            let item = Object::new();
            let _ = Reflect::set(&item, &"from".into(), &JsValue::from(range.from as f64));
            let _ = Reflect::set(&item, &"to".into(), &JsValue::from(range.to as f64));
            let _ = Reflect::set(&item, &"severity".into(), &range.severity.into());
            let _ = Reflect::set(&item, &"message".into(), &range.message.as_str().into());
            list.push(&item);
        }
        let _ = self.handle.set_diagnostics(&list);
    }

    /// Puts the cursor at `offset` (UTF-16 code units), scrolled into view, and focuses.
    pub fn jump_to(&self, offset: usize) {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let _ = self.handle.select(offset, offset);
        let _ = self.handle.focus_editor();
    }

    pub fn focus(&self) {
        let _ = self.handle.focus_editor();
    }

    /// Marks the places the selected variable comes from (replacing the previous ones);
    /// with `scroll`, the first is scrolled into view without taking the focus.
    pub fn set_sources(&self, ranges: &[SourceRange], scroll: bool) {
        let list = Array::new();
        for range in ranges {
            let item = Object::new();
            let _ = Reflect::set(&item, &"from".into(), &JsValue::from(range.from as f64));
            let _ = Reflect::set(&item, &"to".into(), &JsValue::from(range.to as f64));
            let _ = Reflect::set(&item, &"role".into(), &range.role.as_str().into());
            list.push(&item);
        }
        let _ = self.handle.set_sources(&list, scroll);
    }

    /// Selects `from..to` (UTF-16 code units), scrolled into view, and focuses.
    pub fn reveal(&self, from: usize, to: usize) {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let _ = self.handle.select(offset(from), offset(to));
        let _ = self.handle.focus_editor();
    }

    /// What hovering `$(NAME)` shows: the text of each name (`None`: no hover), and
    /// `missing` for the names not listed. A `Map`, not an object: names are data.
    pub fn set_hover_values(&self, values: Option<&[(String, String)]>, missing: &str) {
        let map = values.map(|values| {
            let map = js_sys::Map::new();
            for (name, text) in values {
                map.set(&JsValue::from_str(name), &JsValue::from_str(text));
            }
            map
        });
        let _ = self
            .handle
            .set_hover_values(map.as_ref().map_or(&JsValue::NULL, |m| m.as_ref()), missing);
    }
}

impl Drop for CodeEditor {
    fn drop(&mut self) {
        let _ = self.handle.destroy();
    }
}
