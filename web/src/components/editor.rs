//! The manifest editor: the code editor (CodeMirror, see `code_editor`) with YAML
//! highlighting, the core's diagnostics as lint marks, folding, indent and outdent, find and
//! undo; paste, drag-and-drop and "open files". Until the editor bundle has loaded, and for
//! good if it cannot (or the address says `#plain-editor`), a plain textarea with line numbers
//! and the diagnostics marked at their line and column behind it.

use std::cell::RefCell;
use std::rc::Rc;

use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_wasm::MANIFESTS_FILE;
use web_sys::{DragEvent, Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::code_editor::{self, CodeEditor};
use crate::components::state_view_props;
use crate::i18n::{fill, size_text, strings, Strings};
use crate::marks::{
    bounded_marks, lint_ranges, pieces, severity_class, Mark, Piece, DIAGNOSTIC_LIMIT,
};
use crate::sources;
use crate::state::{offset_of, Action, ContainerKey, FileError, FileProblem};

use crate::indent::{self, INDENT};

state_view_props!(EditorProps {
    manifests,
    text_replaced,
    revision,
    analyzed_revision,
    analysis,
    example,
    replaced_text,
    file_error,
    selected,
    variable,
    reveal
});

#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    let textarea = use_node_ref();
    let mirror = use_node_ref();
    let gutter = use_node_ref();
    let file_input = use_node_ref();
    // After Esc, Tab moves the focus on instead of indenting (no keyboard trap).
    let escaped = use_mut_ref(|| false);
    let dragging = use_state(|| false);
    // The code editor, once the bundle has loaded and it is mounted in `host`.
    let host = use_node_ref();
    let code: Rc<RefCell<Option<CodeEditor>>> = use_mut_ref(|| None);
    let code_active = use_state(|| false);

    // Mount the code editor as soon as the bundle is there (boot.js loads it after the wasm
    // has started, so the first results do not wait for it). It takes over the textarea's
    // text, selection and focus.
    {
        let host = host.clone();
        let textarea = textarea.clone();
        let code = code.clone();
        let code_active = code_active.clone();
        let dispatch = dispatch.clone();
        let fallback_text = state.manifests.clone();
        use_effect_with((), move |_| {
            let mounted = code.clone();
            let attach = move || {
                if code.borrow().is_some() {
                    return;
                }
                let Some(parent) = host.cast::<Element>() else {
                    return;
                };
                let area = textarea.cast::<HtmlTextAreaElement>();
                let text = area
                    .as_ref()
                    .map_or_else(|| fallback_text.to_string(), |a| a.value());
                let focused = area.as_ref().is_some_and(browser::has_focus);
                let cursor = area
                    .as_ref()
                    .and_then(|a| a.selection_start().ok().flatten())
                    .unwrap_or(0);
                let _ = parent.remove_attribute("hidden");
                let dispatch = dispatch.clone();
                // The language of now, not of the first render (the bundle comes later).
                let t = strings();
                let editor = CodeEditor::mount(
                    &parent,
                    code_editor::Options {
                        text: &text,
                        attributes: &editor_attributes(t),
                        phrases: t.editor_phrases,
                    },
                    move |text| dispatch.dispatch(Action::EditManifests(text)),
                );
                match editor {
                    Some(editor) => {
                        if focused {
                            editor.jump_to(cursor as usize);
                        }
                        *code.borrow_mut() = Some(editor);
                        code_active.set(true);
                    }
                    None => {
                        let _ = parent.set_attribute("hidden", "");
                    }
                }
            };
            let listener = if code_editor::available() {
                attach();
                None
            } else {
                browser::on_window_event(code_editor::READY_EVENT, attach)
            };
            move || {
                drop(listener);
                drop(mounted.borrow_mut().take());
            }
        });
    }

    // A language change reaches CodeMirror's own strings and its label.
    {
        let code = code.clone();
        use_effect_with((state.lang, *code_active), move |_| {
            if let Some(editor) = code.borrow().as_ref() {
                let t = strings();
                editor.set_locale(t.editor_phrases, &editor_attributes(t));
            }
        });
    }

    // Neither editor is controlled: writing a large text back on every keystroke costs a
    // full layout. The state's text is put in only when something other than typing
    // replaced it (and on mount).
    {
        let textarea = textarea.clone();
        let code = code.clone();
        let text = state.manifests.clone();
        use_effect_with(state.text_replaced, move |_| {
            if let Some(editor) = code.borrow().as_ref() {
                editor.set_text(&text);
            } else if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
            }
        });
    }

    // Lint marks, from an analysis of exactly the editor's text (while the analysis is stale,
    // the editor keeps the previous marks and moves them with the edits).
    {
        let code = code.clone();
        let state = state.clone();
        let fresh = state.revision == state.analyzed_revision;
        use_effect_with(
            (state.analyzed_revision, fresh, *code_active),
            move |&(_, fresh, active)| {
                if let (true, true, Some(editor)) = (fresh, active, code.borrow().as_ref()) {
                    let marks = bounded_marks(&state.analysis.diagnostics, MANIFESTS_FILE);
                    editor.set_diagnostics(&lint_ranges(&state.manifests, &marks));
                }
            },
        );
    }
    // Where the selected variable comes from, marked in the code editor, and what hovering
    // a `$(NAME)` shows (NAME's value in the selected container), once per analysis or
    // selection. The marks are scrolled to (the focus stays in the results) when the
    // selection changes, not when the text does; while the text is edited, the editor moves
    // them with the edits until the next analysis.
    let marked_for = use_mut_ref(|| None::<(Option<ContainerKey>, Option<String>)>);
    {
        let code = code.clone();
        let state = state.clone();
        let selection = (state.selected.clone(), state.variable.clone());
        use_effect_with(
            (selection, state.analyzed_revision, state.lang, *code_active),
            move |(selection, ..)| {
                let code = code.borrow();
                let Some(editor) = code.as_ref() else {
                    return;
                };
                let new = marked_for.borrow().as_ref() != Some(selection);
                if !state.is_stale() {
                    let ranges = sources::source_ranges(&state);
                    editor.set_sources(&ranges, new);
                    *marked_for.borrow_mut() = Some(selection.clone());
                } else if new {
                    // Another variable while the text is being edited: its places come with
                    // the next analysis.
                    editor.set_sources(&[], false);
                    *marked_for.borrow_mut() = None;
                }
                let t = strings();
                match state.current() {
                    Some((_, container)) => editor.set_hover_values(
                        Some(&sources::hover_values(t, container)),
                        &sources::hover_missing(t, container),
                    ),
                    None => editor.set_hover_values(None, ""),
                }
            },
        );
    }

    // A details link asked for one of those places: select it and focus the editor (the
    // plain textarea too).
    let revealed = use_mut_ref(|| state.reveal);
    {
        let code = code.clone();
        let textarea = textarea.clone();
        let state = state.clone();
        use_effect_with(state.reveal, move |&reveal| {
            if reveal == *revealed.borrow() {
                return;
            }
            *revealed.borrow_mut() = reveal;
            let ranges = sources::source_ranges(&state);
            let Some(range) = reveal.and_then(|(_, place)| ranges.get(place)) else {
                return;
            };
            if let Some(editor) = code.borrow().as_ref() {
                editor.reveal(range.from, range.to);
            } else if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                let _ = area.set_selection_range(range.from as u32, range.to as u32);
                scroll_to_line(&area, &state.manifests, range.line);
            }
        });
    }

    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                dispatch.dispatch(Action::EditManifests(area.value()));
            }
        })
    };
    let onkeydown = {
        let escaped = escaped.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Escape" {
                *escaped.borrow_mut() = true;
                return;
            }
            let tab = key == "Tab" && !e.ctrl_key() && !e.alt_key() && !e.meta_key();
            if tab && !*escaped.borrow() {
                e.prevent_default();
                if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    let start = area.selection_start().ok().flatten().unwrap_or(0);
                    let end = area.selection_end().ok().flatten().unwrap_or(start);
                    if start == end && !e.shift_key() {
                        browser::insert_text(&area, INDENT);
                    } else if let Some(edit) = indent::indent_lines(
                        &area.value(),
                        start as usize,
                        end as usize,
                        e.shift_key(),
                    ) {
                        // Through the text input path, so that undo keeps working.
                        let _ = area.set_selection_range(edit.from as u32, edit.to as u32);
                        browser::insert_text(&area, &edit.text);
                        let _ =
                            area.set_selection_range(edit.select.0 as u32, edit.select.1 as u32);
                    }
                    dispatch.dispatch(Action::EditManifests(area.value()));
                }
            }
            *escaped.borrow_mut() = false;
        })
    };
    let onscroll = {
        let mirror = mirror.clone();
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            if let Some(area) = e.target_dyn_into::<Element>() {
                if let Some(mirror) = mirror.cast::<Element>() {
                    mirror.set_scroll_top(area.scroll_top());
                    mirror.set_scroll_left(area.scroll_left());
                }
                if let Some(gutter) = gutter.cast::<Element>() {
                    gutter.set_scroll_top(area.scroll_top());
                }
            }
        })
    };

    // Whether the file chooser was opened to replace the text (see `choose` below).
    let replacing = use_mut_ref(|| false);
    let add_files = {
        let dispatch = dispatch.clone();
        move |files: web_sys::FileList, replace: bool| {
            let dispatch = dispatch.clone();
            browser::read_files(files, move |files| {
                // All or nothing: one file that is not UTF-8 adds none (the text is kept).
                let rejected = files.iter().find_map(|(name, text)| {
                    text.as_ref().err().map(|&problem| FileError {
                        name: name.clone(),
                        problem,
                    })
                });
                if let Some(error) = rejected {
                    dispatch.dispatch(Action::RejectFile(error));
                } else if !files.is_empty() {
                    let files = files
                        .into_iter()
                        .filter_map(|(name, text)| Some((name, text.ok()?)))
                        .collect();
                    dispatch.dispatch(if replace {
                        Action::OpenFiles(files)
                    } else {
                        Action::AppendFiles(files)
                    });
                }
            });
        }
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let add_files = add_files.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                add_files(files, false);
            }
        })
    };
    // "Open files" replaces the text, "Add files" appends: the chooser is shared, and the
    // button pressed last says which.
    let choose = |replace: bool| {
        let file_input = file_input.clone();
        let replacing = replacing.clone();
        Callback::from(move |_| {
            *replacing.borrow_mut() = replace;
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let open_files = choose(true);
    let append_files = choose(false);
    let on_files_chosen = {
        let replacing = replacing.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Some(files) = input.files() {
                    add_files(files, *replacing.borrow());
                }
                input.set_value("");
            }
        })
    };

    let text: &str = &state.manifests;
    // Bounded work: 100,000 diagnostics must not freeze the page. The list shows the first
    // DIAGNOSTIC_LIMIT and a count of the rest; the editor marks the first MARK_LIMIT.
    let all_diagnostics = &state.analysis.diagnostics;
    // Objects of kinds podenv does not read are told once per kind (the core groups them),
    // so that 35 RBAC objects do not bury the real problems. Grouped once per analysis, not
    // on every keystroke.
    let ignored_kinds = use_memo(state.analysis.clone(), |analysis| {
        podenv_core::diagnostic::group_ignored_kinds(&analysis.0.diagnostics).0
    });
    let grouped: usize = ignored_kinds.iter().map(|g| g.count).sum();
    let diagnostics: Vec<&Diagnostic> = all_diagnostics
        .iter()
        .filter(|d| !d.is_ignored_kind())
        .take(DIAGNOSTIC_LIMIT)
        .collect();
    let more_diagnostics = all_diagnostics.len() - grouped - diagnostics.len();
    // The plain editor's marks (the code editor gets its own in the effect above).
    let marks = if *code_active {
        Vec::new()
    } else {
        bounded_marks(all_diagnostics, MANIFESTS_FILE)
    };
    // The copy behind the textarea only needs the text down to the last marked line.
    let last_marked = marks.iter().map(|m| m.line).max().unwrap_or(0);
    let mirrored = text
        .match_indices('\n')
        .nth(last_marked.saturating_sub(1))
        .map_or(text, |(end, _)| &text[..end]);
    let mirrored = if last_marked == 0 { "" } else { mirrored };
    let mirror_html = pieces(mirrored, &marks).into_iter().map(|piece| match piece {
        Piece::Plain(text) => html! { { text } },
        Piece::Marked {
            text,
            severity,
            message,
        } => html! {
            <mark class={classes!("diag-mark", severity_class(severity), text.is_empty().then_some("empty"))}
                  title={message}>{ text }</mark>
        },
    });
    let line_count = if *code_active {
        0
    } else {
        text.split('\n').count()
    };
    let gutter_html = use_memo((line_count, marks.clone()), |(count, marks)| {
        gutter_lines(*count, marks)
    });

    let jump_to = {
        let textarea = textarea.clone();
        let code = code.clone();
        let state = state.clone();
        move |line: usize, column: usize| {
            let textarea = textarea.clone();
            let code = code.clone();
            let state = state.clone();
            Callback::from(move |_| {
                if let Some(editor) = code.borrow().as_ref() {
                    editor.jump_to(offset_of(&state.manifests, line, column));
                } else if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                    let offset = offset_of(&state.manifests, line, column) as u32;
                    let _ = area.focus();
                    let _ = area.set_selection_range(offset, offset);
                    scroll_to_line(&area, &state.manifests, line);
                }
            })
        }
    };
    // Where a diagnostic is: a button that jumps there in the manifests, or the file's name.
    let location_of = |at: &podenv_core::diagnostic::Location| -> Html {
        if at.file == MANIFESTS_FILE && at.line > 0 {
            html! {
                <button type="button" class="link diag-location"
                        onclick={jump_to(at.line, at.column.max(1))}>
                    { format!("{}:{}", at.line, at.column) }
                </button>
            }
        } else {
            html! { <span class="diag-location">{ &at.file }</span> }
        }
    };
    let diagnostic_items = diagnostics.iter().map(|d| {
        let location = location_of(&d.location);
        html! {
            <li class={classes!("diag", severity_class(d.severity))} data-testid="diagnostic"
                data-line={d.location.line.to_string()} data-column={d.location.column.to_string()}>
                { location }
                <span class="severity">{ severity_label(t, d.severity) }</span>
                <span class="message">{ &d.message }</span>
                if let Some(path) = &d.path {
                    <code class="path">{ path }</code>
                }
            </li>
        }
    });

    let ignored_items = ignored_kinds.iter().map(|group| {
        let location = location_of(&group.first);
        let names = group.names.iter().take(DIAGNOSTIC_LIMIT).map(|n| html! { <li><code>{ n }</code></li> });
        html! {
            <li class={classes!("diag", severity_class(Severity::Info))} data-testid="ignored-kind-group"
                data-kind={group.kind.clone()} data-count={group.count.to_string()}>
                { location }
                <span class="severity">{ severity_label(t, Severity::Info) }</span>
                <details class="ignored-names">
                    <summary class="message">{ fill(t.ignored_kind_group, &[&group.count.to_string(), &group.kind]) }</summary>
                    <ul>{ for names }</ul>
                </details>
            </li>
        }
    });

    let restore = state.replaced_text.is_some().then(|| {
        let title = state
            .example
            .as_deref()
            .map(|id| t.example(id).0)
            .unwrap_or_default();
        let what = match state.opened_files {
            Some(n) => fill(t.files_opened, &[&n.to_string()]),
            None => fill(t.example_loaded, &[title]),
        };
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::UndoExample));
        html! {
            <div class="notice" role="status">
                <span>{ what }</span>
                <button type="button" class="link" {onclick} data-testid="restore-text">{ t.restore_text }</button>
            </div>
        }
    });

    let file_error = state.file_error.as_ref().map(|error| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::DismissNotice));
        html! {
            <div class="notice error" role="alert" data-testid="file-error">
                <span>{ match error.problem {
                    FileProblem::NotUtf8 { line, column } => fill(t.file_not_utf8, &[
                        &error.name,
                        &line.to_string(),
                        &column.to_string(),
                    ]),
                    FileProblem::TooLarge { bytes } => fill(t.file_too_large, &[
                        &error.name,
                        &size_text(bytes),
                        &size_text(podenv_core::limits::MAX_INPUT_BYTES),
                    ]),
                } }</span>
                <button type="button" class="link" {onclick}>{ t.close }</button>
            </div>
        }
    });

    html! {
        <section class="panel editor-panel" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{ t.editor_title }</h2>
                <span class="file-buttons">
                    <button type="button" onclick={open_files} data-testid="open-files">{ t.open_files }</button>
                    <button type="button" onclick={append_files} data-testid="add-files">{ t.add_files }</button>
                </span>
                <input type="file" class="hidden" ref={file_input} multiple=true
                       accept=".yaml,.yml,.json,text/*" onchange={on_files_chosen} tabindex="-1" />
            </div>
            { for restore }
            { for file_error }
            <div class={classes!("editor", (*dragging).then_some("dragging"), (*code_active).then_some("code"))}
                 {ondragover} {ondragleave} {ondrop}>
                // The code editor's host: Yew renders it empty and never touches its shadow root.
                <div class="code-host" ref={host} hidden={!*code_active}></div>
                if !*code_active {
                    <pre class="gutter" ref={gutter} aria-hidden="true">{ (*gutter_html).clone() }</pre>
                    <div class="editor-body">
                        <pre class="mirror" ref={mirror} aria-hidden="true">{ for mirror_html }{ "\n " }</pre>
                        <textarea ref={textarea} class="code" data-testid="manifest-editor"
                                  aria-label={t.editor_label} aria-describedby="editor-hint"
                                  spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                                  {oninput} {onkeydown} {onscroll} />
                    </div>
                }
                <div class="drop-overlay" aria-hidden="true">{ t.drop_here }</div>
            </div>
            <p class="hint" id="editor-hint">{ t.editor_hint }</p>
            <h3 class="sub">{ t.diagnostics_title }</h3>
            if diagnostics.is_empty() && ignored_kinds.is_empty() {
                <p class="hint" data-testid="no-diagnostics">{ t.no_diagnostics }</p>
            } else {
                <ul class="diagnostics" data-testid="diagnostics">{ for diagnostic_items }{ for ignored_items }</ul>
                if more_diagnostics > 0 {
                    <p class="hint" data-testid="more-diagnostics">
                        { fill(t.more_diagnostics, &[&more_diagnostics.to_string()]) }
                    </p>
                }
            }
        </section>
    }
}

/// Scrolls the plain textarea holding `text` so that 1-based `line` is near its top.
fn scroll_to_line(area: &HtmlTextAreaElement, text: &str, line: usize) {
    let lines = text.split('\n').count().max(1) as i32;
    let line_height = area.scroll_height() / lines;
    area.set_scroll_top((line as i32 - 3).max(0) * line_height);
}

/// The code editor's editable element: its test hook and its label.
fn editor_attributes(t: &'static Strings) -> [(&'static str, &'static str); 2] {
    [
        ("data-testid", "manifest-editor"),
        ("aria-label", t.editor_label),
    ]
}

fn severity_label(t: &Strings, severity: Severity) -> &'static str {
    match severity {
        Severity::Error => t.severity_error,
        Severity::Warning => t.severity_warning,
        Severity::Info => t.severity_info,
    }
}

/// Line numbers, one per line, with the lines that carry a diagnostic marked.
fn gutter_lines(count: usize, marks: &[Mark]) -> Html {
    let mut marked: Vec<&Mark> = marks.iter().filter(|m| m.line <= count).collect();
    marked.sort_by_key(|m| (m.line, m.severity));
    let mut nodes = Vec::new();
    let mut plain = String::new();
    let mut next = 1;
    let mut marked = marked.into_iter().peekable();
    while let Some(mark) = marked.next() {
        if mark.line < next {
            continue;
        }
        for line in next..mark.line {
            plain.push_str(&line.to_string());
            plain.push('\n');
        }
        let mut message = mark.message.clone();
        while let Some(same) = marked.next_if(|m| m.line == mark.line) {
            message.push('\n');
            message.push_str(&same.message);
        }
        nodes.push(html! { { std::mem::take(&mut plain) } });
        nodes.push(html! {
            <span class={classes!("gutter-mark", severity_class(mark.severity))} title={message}>
                { mark.line }
            </span>
        });
        plain.push('\n');
        next = mark.line + 1;
    }
    for line in next..=count {
        plain.push_str(&line.to_string());
        plain.push('\n');
    }
    nodes.push(html! { { plain } });
    nodes.into_iter().collect::<Html>()
}
