//! The browser's side effects: local storage, the address, the clipboard, files, the theme
//! attribute and the connection lock. Every function fails soft (a missing API means the
//! feature is skipped), so the page keeps working in restricted contexts.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{FileList, Storage};

/// The local-storage key of the autosaved state.
pub const STORAGE_KEY: &str = "podenv.explorer.v1";

fn local_storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The autosaved state, if any.
pub fn load_saved() -> Option<String> {
    local_storage()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Saves the state (it never leaves this browser).
pub fn save(text: &str) {
    let saved = local_storage().is_some_and(|s| s.set_item(STORAGE_KEY, text).is_ok());
    LAST_SAVE.with(|last| last.set(Some((saved, text.len()))));
}

thread_local! {
    /// The outcome of the last [`save`] (kept, and the size of what was to be kept), until
    /// [`take_save_outcome`] reads it.
    static LAST_SAVE: std::cell::Cell<Option<(bool, usize)>> = const { std::cell::Cell::new(None) };
}

/// The outcome of the last save since the last call: `Some((false, bytes))` when the
/// browser refused to keep `bytes` (its storage quota).
pub fn take_save_outcome() -> Option<(bool, usize)> {
    LAST_SAVE.with(|last| last.take())
}

/// The local-storage key of the crash guard's marker (see `guard`): present while an
/// analysis runs, so a page that finds it knows the previous analysis never finished.
pub const ANALYSING_KEY: &str = "podenv.analysing";

/// The marker of an analysis that did not finish, if any.
pub fn load_marker() -> Option<String> {
    local_storage()?.get_item(ANALYSING_KEY).ok().flatten()
}

/// Writes the crash guard's marker.
pub fn set_marker(text: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(ANALYSING_KEY, text);
    }
}

/// Removes the crash guard's marker.
pub fn clear_marker() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(ANALYSING_KEY);
    }
}

/// Puts the crash banner's strings on `<html>` (`data-crash-*`), where `boot.js`, which
/// runs outside the wasm and shows the banner after a trap, reads them.
pub fn publish_crash_strings(title: &str, reload: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-crash-title", title);
        let _ = root.set_attribute("data-crash-reload", reload);
    }
}

/// The local-storage key of the chosen language (`en`, `zh`), apart from the autosave: it is
/// a setting of this browser, never part of a snapshot or a share link.
pub const LANG_KEY: &str = "podenv.lang";

/// The language the user chose, if any.
pub fn load_lang() -> Option<String> {
    local_storage()?.get_item(LANG_KEY).ok().flatten()
}

/// Remembers the language the user chose.
pub fn save_lang(code: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, code);
    }
}

/// The browser's preferred language (`navigator.language`, e.g. `zh-CN`).
pub fn navigator_language() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// Puts the page in `lang`: `<html lang>` (`en`, `zh-CN`), the title and the description.
pub fn set_document_lang(lang: &str, title: &str, description: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let _ = root.set_attribute("lang", lang);
    }
    document.set_title(title);
    if let Ok(Some(meta)) = document.query_selector("meta[name=\"description\"]") {
        let _ = meta.set_attribute("content", description);
    }
}

/// The address's hash, with its `#`.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The page's address without the hash.
pub fn page_url() -> String {
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Drops the hash from the address without reloading, so that a reload shows the
/// autosaved state (with the user's later edits) rather than the link's.
pub fn clear_hash() {
    if let Some(window) = web_sys::window() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&page_url()));
        }
    }
}

/// Puts the walk-through's fragment in the address (a new history entry, so Back returns
/// to the explorer), or takes it out, when the page shown changed.
pub fn show_route(walkthrough: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_walkthrough = location_hash() == crate::state::WALKTHROUGH_HASH;
    if walkthrough == on_walkthrough {
        return;
    }
    if let Ok(history) = window.history() {
        let url = if walkthrough {
            format!("{}{}", page_url(), crate::state::WALKTHROUGH_HASH)
        } else {
            page_url()
        };
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Copies text to the clipboard; `done(true)` on success.
pub fn copy_to_clipboard(text: String, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(&text);
    spawn_local(async move {
        done(JsFuture::from(promise).await.is_ok());
    });
}

/// A dropped or opened file: its name and its text, or why it was refused (too large, or
/// where it stops being UTF-8).
pub type ReadFile = (String, Result<String, crate::state::FileProblem>);

/// Reads dropped or opened files as bytes and decodes them as strict UTF-8 (as the CLI
/// does; `File.text()` would silently turn bad bytes into U+FFFD).
pub fn read_files(files: FileList, done: impl FnOnce(Vec<ReadFile>) + 'static) {
    let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
    spawn_local(async move {
        let mut out = Vec::new();
        for file in files {
            // Past the core's input limit the file is refused unread.
            let size = file.size();
            if size > podenv_core::limits::MAX_INPUT_BYTES as f64 {
                let bytes = size as usize;
                out.push((
                    file.name(),
                    Err(crate::state::FileProblem::TooLarge { bytes }),
                ));
                continue;
            }
            if let Ok(buffer) = JsFuture::from(file.array_buffer()).await {
                let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                out.push((file.name(), crate::state::decode_utf8(&bytes)));
            }
        }
        done(out);
    });
}

/// Sets `data-theme` on `<html>` (`auto` follows `prefers-color-scheme` in the CSS).
pub fn set_theme(theme: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}

/// Adds a second Content-Security-Policy that forbids every connection. The page's own
/// policy must allow `connect-src 'self'` to fetch the wasm; once the app runs, nothing
/// may be fetched any more, so no pasted data can leave the page.
pub fn forbid_connections() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if document
        .query_selector("meta[data-podenv-lock]")
        .ok()
        .flatten()
        .is_some()
    {
        return;
    }
    let Some(head) = document.head() else {
        return;
    };
    if let Ok(meta) = document.create_element("meta") {
        let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
        let _ = meta.set_attribute("content", "connect-src 'none'");
        let _ = meta.set_attribute("data-podenv-lock", "");
        let _ = head.append_child(&meta);
    }
}

/// Inserts text at the cursor of a textarea the way typing does (so undo keeps working),
/// falling back to replacing the selection.
pub fn insert_text(textarea: &web_sys::HtmlTextAreaElement, text: &str) {
    let inserted = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| {
            d.exec_command_with_show_ui_and_value("insertText", false, text)
                .ok()
        })
        .unwrap_or(false);
    if !inserted {
        let start = textarea.selection_start().ok().flatten().unwrap_or(0);
        let end = textarea.selection_end().ok().flatten().unwrap_or(start);
        let _ = textarea.set_range_text_with_start_and_end_and_mode(text, start, end, "end");
    }
}

/// Calls `handler` when the page is hidden or closed (`pagehide`, and `visibilitychange` to
/// hidden). The listeners are removed when the returned value is dropped.
pub fn on_page_hide(handler: impl Fn() + 'static) -> Option<PageHideListener> {
    let window = web_sys::window()?;
    let handler = std::rc::Rc::new(handler);
    let closure = {
        let handler = handler.clone();
        Closure::<dyn Fn()>::new(move || {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| d.visibility_state() == web_sys::VisibilityState::Hidden)
                .unwrap_or(true);
            if hidden {
                handler();
            }
        })
    };
    let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let _ = window.add_event_listener_with_callback("pagehide", &function);
    let _ = window.add_event_listener_with_callback("visibilitychange", &function);
    Some(PageHideListener { closure, function })
}

/// Keeps the page-hide listeners alive; removes them when dropped.
pub struct PageHideListener {
    #[allow(dead_code)]
    closure: Closure<dyn Fn()>,
    function: js_sys::Function,
}

impl Drop for PageHideListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback("pagehide", &self.function);
            let _ = window.remove_event_listener_with_callback("visibilitychange", &self.function);
        }
    }
}

/// Milliseconds since the page started, for timing recomputes.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Calls `handler` each time `name` is fired on `window`. The listener is removed when the
/// returned value is dropped.
pub fn on_window_event(name: &'static str, handler: impl Fn() + 'static) -> Option<WindowListener> {
    let window = web_sys::window()?;
    let closure = Closure::<dyn Fn()>::new(handler);
    let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    window
        .add_event_listener_with_callback(name, &function)
        .ok()?;
    Some(WindowListener {
        name,
        _closure: closure,
        function,
    })
}

/// Keeps a window listener alive; removes it when dropped.
pub struct WindowListener {
    name: &'static str,
    _closure: Closure<dyn Fn()>,
    function: js_sys::Function,
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(self.name, &self.function);
        }
    }
}

/// Whether `element` has the keyboard focus.
pub fn has_focus(element: &impl AsRef<web_sys::Element>) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|active| &active == element.as_ref())
}

/// Menus (`details.menu`: Examples, Share) behave as menus: a click outside an open one or
/// Esc closes it (Esc gives the focus back to its button), and opening one closes the
/// others, so two never overlap. Listens on the document for the page's lifetime.
pub fn install_menu_closer() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let open_menus = |document: &web_sys::Document| -> Vec<web_sys::HtmlDetailsElement> {
        let Ok(list) = document.query_selector_all("details.menu[open]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<web_sys::HtmlDetailsElement>().ok())
            .collect()
    };
    let target_node = |event: &web_sys::Event| -> Option<web_sys::Node> {
        event.target()?.dyn_into::<web_sys::Node>().ok()
    };
    // A click outside an open menu closes it.
    let on_click = {
        let document = document.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let target = target_node(&event);
            for menu in open_menus(&document) {
                if !menu.contains(target.as_ref()) {
                    menu.set_open(false);
                }
            }
        })
    };
    // Esc closes every open menu and puts the focus on the button of the one it was in.
    let on_key = {
        let document = document.clone();
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            if event.key() != "Escape" {
                return;
            }
            for menu in open_menus(&document) {
                menu.set_open(false);
                if let Ok(Some(summary)) = menu.query_selector("summary") {
                    if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                        let _ = summary.focus();
                    }
                }
            }
        })
    };
    // Opening a menu closes the others (`toggle` does not bubble: listen while capturing).
    let on_toggle = {
        let document = document.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let Some(opened) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .filter(|d| d.open() && d.class_list().contains("menu"))
            else {
                return;
            };
            for menu in open_menus(&document) {
                if menu != opened {
                    menu.set_open(false);
                }
            }
        })
    };
    let _ = document.add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    let _ = document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    let _ = document.add_event_listener_with_callback_and_bool(
        "toggle",
        on_toggle.as_ref().unchecked_ref(),
        true,
    );
    // The page lives as long as the listeners.
    on_click.forget();
    on_key.forget();
    on_toggle.forget();
}

/// The local-storage key of the layout (the manifests pane's width in percent), a setting
/// of this browser like the language, never part of a snapshot or a share link.
pub const LAYOUT_KEY: &str = "podenv.layout";

/// The remembered layout, if any.
pub fn load_layout() -> Option<String> {
    local_storage()?.get_item(LAYOUT_KEY).ok().flatten()
}

/// Remembers the layout.
pub fn save_layout(text: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LAYOUT_KEY, text);
    }
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// Sets the manifests pane's width (`--split` on `<html>`, through the CSSOM: the CSP
/// forbids style attributes, not this).
pub fn set_split(percent: u8) {
    if let Some(root) = document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = root.style().set_property("--split", &format!("{percent}%"));
    }
}

/// A drag on the pane separator: `start` captures the pointer (so the moves keep coming
/// outside it); otherwise, while captured, the pointer's place as a percentage of the
/// separator's parent (the layout).
pub fn drag_split(event: &web_sys::PointerEvent, start: bool) -> Option<f64> {
    // The separator itself (it has no children): Yew delegates events, so the current
    // target is the app's root.
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    if start {
        let _ = target.set_pointer_capture(event.pointer_id());
        return None;
    }
    if !target.has_pointer_capture(event.pointer_id()) {
        return None;
    }
    let rect = target.parent_element()?.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| (event.client_x() as f64 - rect.left()) * 100.0 / rect.width())
}

/// The results table's row of the variable `name`.
fn env_row(name: &str) -> Option<web_sys::HtmlElement> {
    let rows = document()?
        .query_selector_all("[data-testid=\"env-row\"]")
        .ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|row| row.get_attribute("data-name").as_deref() == Some(name))
}

/// Puts the focus on the row of `name`, kept clear of the details panel (see `reveal`).
pub fn focus_row(name: &str) {
    if let Some(row) = env_row(name) {
        let _ = row.focus();
        reveal(&row);
    }
}

/// Scrolls a row clear of the details panel (which sticks to the bottom of the window), so
/// the row that was clicked stays in sight above it.
fn reveal(row: &web_sys::Element) {
    let panel = document().and_then(|d| {
        d.query_selector("[data-testid=\"variable-details\"]")
            .ok()
            .flatten()
    });
    let (Some(panel), Some(window)) = (panel, web_sys::window()) else {
        return;
    };
    let (row, panel) = (
        row.get_bounding_client_rect(),
        panel.get_bounding_client_rect(),
    );
    let overlap = row.bottom() + 8.0 - panel.top();
    if overlap > 0.0 && panel.height() > 0.0 {
        window.scroll_by_with_x_and_y(0.0, overlap);
    }
}

/// Focuses the element with this `data-testid`.
pub fn focus_test_id(id: &str) {
    if let Some(element) = document()
        .and_then(|d| {
            d.query_selector(&format!("[data-testid=\"{id}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// True when a key event is typing: it comes from an input, a textarea, a select or an
/// editable element (the code editor's, inside its shadow root, too), or with Ctrl, Alt or
/// Meta held.
pub fn is_typing(event: &web_sys::KeyboardEvent) -> bool {
    let origin = event.composed_path().get(0);
    let editable = origin.dyn_into::<web_sys::HtmlElement>().is_ok_and(|e| {
        e.is_content_editable() || matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
    });
    editable || event.ctrl_key() || event.alt_key() || event.meta_key()
}

/// Calls `handler` for every key pressed in the page, for the page's lifetime.
pub fn on_key(handler: impl Fn(web_sys::KeyboardEvent) + 'static) {
    if let Some(document) = document() {
        let closure = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(handler);
        let _ =
            document.add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
        closure.forget();
    }
}

thread_local! {
    /// What had the focus before a modal dialog opened.
    static BEFORE_DIALOG: std::cell::RefCell<Option<web_sys::HtmlElement>> =
        const { std::cell::RefCell::new(None) };
}

/// Opens a `<dialog>` as a modal one, or closes it and gives the focus back to what had it
/// before it opened.
pub fn show_dialog(dialog: &web_sys::HtmlDialogElement, open: bool) {
    if open && !dialog.open() {
        let active = document()
            .and_then(|d| d.active_element())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        BEFORE_DIALOG.with(|before| *before.borrow_mut() = active);
        let _ = dialog.show_modal();
    } else if !open {
        dialog.close();
        if let Some(element) = BEFORE_DIALOG.with(|before| before.borrow_mut().take()) {
            let _ = element.focus();
        }
    }
}
