//! The manifest editor: a textarea with line numbers and the core's diagnostics marked at
//! their line and column, Tab for indentation, paste, drag-and-drop and "open files".

use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_wasm::MANIFESTS_FILE;
use web_sys::{DragEvent, Element, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::browser;
use crate::components::state_view_props;
use crate::i18n::{fill, strings, Strings};
use crate::marks::{bounded_marks, pieces, severity_class, Mark, Piece, DIAGNOSTIC_LIMIT};
use crate::state::{offset_of, Action, FileError};

/// What Tab inserts.
const INDENT: &str = "  ";

state_view_props!(EditorProps {
    manifests,
    text_replaced,
    analysis,
    example,
    replaced_text,
    file_error
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

    // The textarea is not controlled: writing a large text back into it on every keystroke
    // costs a full layout. The state's text is put in only when something other than typing
    // replaced it (and on mount).
    {
        let textarea = textarea.clone();
        let text = state.manifests.clone();
        use_effect_with(state.text_replaced, move |_| {
            if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                area.set_value(&text);
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
            let plain_tab =
                key == "Tab" && !e.shift_key() && !e.ctrl_key() && !e.alt_key() && !e.meta_key();
            if plain_tab && !*escaped.borrow() {
                e.prevent_default();
                if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                    browser::insert_text(&area, INDENT);
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

    let add_files = {
        let dispatch = dispatch.clone();
        move |files: web_sys::FileList| {
            let dispatch = dispatch.clone();
            browser::read_files(files, move |files| {
                // All or nothing: one file that is not UTF-8 adds none (the text is kept).
                let rejected = files.iter().find_map(|(name, text)| {
                    text.as_ref().err().map(|&(line, column)| FileError {
                        name: name.clone(),
                        line,
                        column,
                    })
                });
                if let Some(error) = rejected {
                    dispatch.dispatch(Action::RejectFile(error));
                } else if !files.is_empty() {
                    let files = files
                        .into_iter()
                        .filter_map(|(name, text)| Some((name, text.ok()?)))
                        .collect();
                    dispatch.dispatch(Action::AppendFiles(files));
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
                add_files(files);
            }
        })
    };
    let open_files = {
        let file_input = file_input.clone();
        Callback::from(move |_| {
            if let Some(input) = file_input.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_files_chosen = Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            if let Some(files) = input.files() {
                add_files(files);
            }
            input.set_value("");
        }
    });

    let text: &str = &state.manifests;
    // Bounded work: 100,000 diagnostics must not freeze the page. The list shows the first
    // DIAGNOSTIC_LIMIT and a count of the rest; the editor marks the first MARK_LIMIT.
    let all_diagnostics = &state.analysis.diagnostics;
    let diagnostics: Vec<&Diagnostic> = all_diagnostics.iter().take(DIAGNOSTIC_LIMIT).collect();
    let more_diagnostics = all_diagnostics.len() - diagnostics.len();
    let marks = bounded_marks(all_diagnostics, MANIFESTS_FILE);
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
    let line_count = text.split('\n').count();
    let gutter_html = use_memo((line_count, marks.clone()), |(count, marks)| {
        gutter_lines(*count, marks)
    });

    let jump_to = {
        let textarea = textarea.clone();
        let state = state.clone();
        move |line: usize, column: usize| {
            let textarea = textarea.clone();
            let state = state.clone();
            Callback::from(move |_| {
                if let Some(area) = textarea.cast::<HtmlTextAreaElement>() {
                    let offset = offset_of(&state.manifests, line, column) as u32;
                    let _ = area.focus();
                    let _ = area.set_selection_range(offset, offset);
                    let lines = state.manifests.split('\n').count().max(1) as i32;
                    let line_height = area.scroll_height() / lines;
                    area.set_scroll_top((line as i32 - 3).max(0) * line_height);
                }
            })
        }
    };
    let diagnostic_items = diagnostics.iter().map(|d| {
        let location = if d.location.file == MANIFESTS_FILE && d.location.line > 0 {
            html! {
                <button type="button" class="link diag-location"
                        onclick={jump_to(d.location.line, d.location.column.max(1))}>
                    { format!("{}:{}", d.location.line, d.location.column) }
                </button>
            }
        } else {
            html! { <span class="diag-location">{ &d.location.file }</span> }
        };
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

    let restore = state.replaced_text.is_some().then(|| {
        let title = state
            .example
            .as_deref()
            .map(|id| t.example(id).0)
            .unwrap_or_default();
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::UndoExample));
        html! {
            <div class="notice" role="status">
                <span>{ fill(t.example_loaded, &[title]) }</span>
                <button type="button" class="link" {onclick} data-testid="restore-text">{ t.restore_text }</button>
            </div>
        }
    });

    let file_error = state.file_error.as_ref().map(|error| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::DismissNotice));
        html! {
            <div class="notice error" role="alert" data-testid="file-error">
                <span>{ fill(t.file_not_utf8, &[
                    &error.name,
                    &error.line.to_string(),
                    &error.column.to_string(),
                ]) }</span>
                <button type="button" class="link" {onclick}>{ t.close }</button>
            </div>
        }
    });

    html! {
        <section class="panel editor-panel" aria-labelledby="editor-title">
            <div class="panel-head">
                <h2 id="editor-title">{ t.editor_title }</h2>
                <button type="button" onclick={open_files}>{ t.open_files }</button>
                <input type="file" class="hidden" ref={file_input} multiple=true
                       accept=".yaml,.yml,.json,text/*" onchange={on_files_chosen} tabindex="-1" />
            </div>
            { for restore }
            { for file_error }
            <div class={classes!("editor", (*dragging).then_some("dragging"))}
                 {ondragover} {ondragleave} {ondrop}>
                <pre class="gutter" ref={gutter} aria-hidden="true">{ (*gutter_html).clone() }</pre>
                <div class="editor-body">
                    <pre class="mirror" ref={mirror} aria-hidden="true">{ for mirror_html }{ "\n " }</pre>
                    <textarea ref={textarea} class="code" data-testid="manifest-editor"
                              aria-label={t.editor_label} aria-describedby="editor-hint"
                              spellcheck="false" autocapitalize="off" autocomplete="off" wrap="off"
                              {oninput} {onkeydown} {onscroll} />
                </div>
                <div class="drop-overlay" aria-hidden="true">{ t.drop_here }</div>
            </div>
            <p class="hint" id="editor-hint">{ t.editor_hint }</p>
            <h3 class="sub">{ t.diagnostics_title }</h3>
            if diagnostics.is_empty() {
                <p class="hint" data-testid="no-diagnostics">{ t.no_diagnostics }</p>
            } else {
                <ul class="diagnostics" data-testid="diagnostics">{ for diagnostic_items }</ul>
                if more_diagnostics > 0 {
                    <p class="hint" data-testid="more-diagnostics">
                        { fill(t.more_diagnostics, &[&more_diagnostics.to_string()]) }
                    </p>
                }
            }
        </section>
    }
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
