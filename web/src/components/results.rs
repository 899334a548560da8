//! Results: pod and container tabs, the kubelet's error banner, the environment table with
//! its filter and service toggle, and the export formats.

use podenv_core::model::{ContainerEnv, ContainerKind, EnvVar, ExpandedArg, PodEnv, Value};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::browser;
use std::rc::Rc;

use crate::components::{state_view_props, Dispatch};
use crate::describe::{self, Origin};
use crate::export;
use crate::i18n::{fill, strings, Strings};
use crate::state::{
    bytes_text, pod_id, value_text, Action, ContainerKey, ExportFormat, RowMove, State, ROW_LIMIT,
};

state_view_props!(ResultsProps {
    analysis,
    selected,
    filter,
    hide_service,
    show_all_rows,
    variable,
    export,
    share_secrets,
    cursor,
});

fn kind_label(t: &Strings, kind: ContainerKind) -> &'static str {
    match kind {
        ContainerKind::Container => t.kind_container,
        ContainerKind::InitContainer => t.kind_init,
        ContainerKind::EphemeralContainer => t.kind_ephemeral,
    }
}

#[function_component]
pub fn Results(props: &ResultsProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    let analysis = &state.analysis;

    if analysis.pods.is_empty() {
        return html! {
            <section class="panel results" aria-labelledby="results-title">
                <h2 id="results-title">{ t.results_title }</h2>
                <p class="empty" data-testid="no-pods">{ t.no_pods }</p>
            </section>
        };
    }
    let current_pod = state.current_pod();
    let pod_tabs = analysis.pods.iter().map(|pod| {
        let selected = current_pod.is_some_and(|p| pod_id(p) == pod_id(pod));
        let first = pod
            .containers
            .iter()
            .find(|c| c.kind == ContainerKind::Container)
            .or(pod.containers.first());
        let key = first.map(|c| ContainerKey::of(pod, c)).unwrap_or_else(|| ContainerKey {
            pod: pod_id(pod),
            ..ContainerKey::default()
        });
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::Select(key.clone())))
        };
        let failing = pod.rejected || pod.containers.iter().any(|c| c.error.is_some());
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                    class={classes!("tab", selected.then_some("selected"), failing.then_some("failing"))}
                    data-testid="pod-tab" data-pod={pod_id(pod)} {onclick}>
                <span class="tab-kind">{ &pod.source.kind }</span>
                { format!(" {}", pod.name) }
            </button>
        }
    });

    html! {
        <section class="panel results" aria-labelledby="results-title">
            <h2 id="results-title">{ t.results_title }</h2>
            <div class="tabs pods" role="tablist" aria-label={t.pods_label}>{ for pod_tabs }</div>
            if let Some(pod) = current_pod {
                { pod_view(state, dispatch, pod) }
            }
        </section>
    }
}

fn pod_view(state: &Rc<State>, dispatch: &Dispatch, pod: &PodEnv) -> Html {
    let t = strings();
    if pod.rejected {
        return html! { <p class="banner warning" role="alert">{ t.pod_rejected }</p> };
    }
    let selected = state.selected.clone();
    let container_tabs = pod.containers.iter().map(|container| {
        let key = ContainerKey::of(pod, container);
        let is_selected = selected.as_ref() == Some(&key);
        let data_container = key.data_container();
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::Select(key.clone())))
        };
        html! {
            <button type="button" role="tab" aria-selected={is_selected.to_string()}
                    class={classes!("tab", is_selected.then_some("selected"), container.error.is_some().then_some("failing"))}
                    data-testid="container-tab" data-container={data_container} {onclick}>
                <span class="tab-kind">{ kind_label(t, container.kind) }</span>
                { format!(" {}", container.name) }
                if container.sidecar {
                    <span class="tab-kind">{ format!(" · {}", t.sidecar) }</span>
                }
                if container.error.is_some() {
                    <span class="tab-error" aria-hidden="true">{ " ⚠" }</span>
                }
            </button>
        }
    });
    let body = state
        .current()
        .map(|(pod, container)| container_view(state, dispatch, pod, container));
    html! {
        <>
            if pod.generated_name {
                <p class="hint">{ format!("{} — {}", pod.name, t.generated_name) }</p>
            }
            <div class="tabs containers" role="tablist" aria-label={t.containers_label}>
                { for container_tabs }
            </div>
            { for body }
        </>
    }
}

fn container_view(
    state: &Rc<State>,
    dispatch: &Dispatch,
    pod: &PodEnv,
    container: &ContainerEnv,
) -> Html {
    let t = strings();
    let key = ContainerKey::of(pod, container);
    let data_container = key.data_container();
    let banner = container.error.as_ref().map(|error| {
        html! {
            <div class="banner error" role="alert" data-testid="container-error"
                 data-container={data_container.clone()}>
                <strong>{ container.reason.clone().unwrap_or_else(|| t.error_banner_title.to_string()) }</strong>
                <span class="message">{ error }</span>
                if let Some(rule) = &container.error_rule {
                    <span class="rule">{ rule }</span>
                }
                { for missing_object_hint(dispatch, container) }
            </div>
        }
    });
    let commands = [
        (t.command_title, &container.command),
        (t.args_title, &container.args),
    ]
    .into_iter()
    .filter_map(|(title, args)| args.as_ref().map(|args| (title, args)))
    .map(|(title, args)| command_view(title, args));
    let Some(env) = &container.env else {
        return html! { <>{ for banner }</> };
    };
    let visible = state.visible_variables();
    let shown = if state.show_all_rows {
        visible.len()
    } else {
        visible.len().min(ROW_LIMIT)
    };
    // One tab stop (roving tabindex): the current row; the keyboard moves it.
    let stop = state.cursor_row(&visible[..shown]);
    let rows = visible[..shown]
        .iter()
        .enumerate()
        .map(|(i, var)| env_row(state, dispatch, var, &data_container, i == stop));
    let show_all = (shown < visible.len()).then(|| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::ShowAllRows));
        let more = (visible.len() - shown).to_string();
        html! {
            <button type="button" class="show-all" {onclick} data-testid="show-all">
                { fill(t.show_all_rows, &[&more]) }
            </button>
        }
    });
    let notes = container
        .notes
        .iter()
        .map(|note| html! { <li>{ &note.message }</li> });

    html! {
        <>
            { for banner }
            { for commands }
            { toolbar(state, dispatch, visible.len(), env.len()) }
            { export_view(state, pod, container) }
            <div class="table-wrap">
                <table class="env" data-testid="env-table" data-container={data_container.clone()}>
                    <thead>
                        <tr>
                            <th scope="col">{ t.col_name }</th>
                            <th scope="col">{ t.col_value }</th>
                            <th scope="col">{ t.col_origin }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            if visible.is_empty() {
                <p class="empty">{ t.no_variables }</p>
            }
            { for show_all }
            <p class="hint">{ t.random_order_note }</p>
            if !container.notes.is_empty() {
                <h3 class="sub">{ t.notes_title }</h3>
                <ul class="notes">{ for notes }</ul>
            }
        </>
    }
}

/// The core's hint beside a container that fails on a ConfigMap or Secret the input lacks
/// (note `object-not-in-input`, rule A11), with the button that assumes such objects exist.
fn missing_object_hint(dispatch: &Dispatch, container: &ContainerEnv) -> Option<Html> {
    let t = strings();
    let note = container
        .notes
        .iter()
        .find(|n| n.code == "object-not-in-input")?;
    let onclick = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetAssumeMissing(true)))
    };
    Some(html! {
        <p class="hint" data-testid="missing-object-hint">
            { &note.message }
            <button type="button" {onclick} data-testid="assume-missing">{ t.assume_missing_button }</button>
        </p>
    })
}

fn command_view(title: &str, args: &[ExpandedArg]) -> Html {
    let parts = args.iter().map(|arg| {
        let value = value_text(&arg.value);
        let changed = value != arg.original;
        html! {
            <li title={changed.then(|| arg.original.clone())}>
                <code class={classes!(changed.then_some("expanded"))}>{ value }</code>
            </li>
        }
    });
    html! {
        <div class="command">
            <span class="command-title">{ title }</span>
            <ol class="args">{ for parts }</ol>
        </div>
    }
}

fn toolbar(state: &Rc<State>, dispatch: &Dispatch, shown: usize, total: usize) -> Html {
    let t = strings();
    let on_filter = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.dispatch(Action::SetFilter(input.value()));
            }
        })
    };
    let on_hide = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.dispatch(Action::SetHideService(input.checked()));
            }
        })
    };
    let exports = ExportFormat::ALL.into_iter().map(|format| {
        let label = match format {
            ExportFormat::DotEnv => t.export_dotenv,
            ExportFormat::Json => t.export_json,
            ExportFormat::DockerRun => t.export_docker,
            ExportFormat::Markdown => t.export_markdown,
        };
        let pressed = state.export == Some(format);
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| {
                dispatch.dispatch(Action::ShowExport((!pressed).then_some(format)));
            })
        };
        html! {
            <button type="button" aria-pressed={pressed.to_string()} {onclick}
                    data-testid={format!("export-{}", format.id())}>{ label }</button>
        }
    });
    html! {
        <div class="toolbar">
            <input type="search" class="filter" placeholder={t.filter_placeholder}
                   aria-label={t.filter_placeholder} value={state.filter.clone()}
                   oninput={on_filter} data-testid="filter" />
            <label class="check">
                <input type="checkbox" checked={state.hide_service} onchange={on_hide}
                       data-testid="hide-service" />
                { t.hide_service }
            </label>
            <span class="count" data-testid="row-count">
                { fill(t.row_count, &[&shown.to_string(), &total.to_string()]) }
            </span>
            <span class="exports" role="group" aria-label={t.export_title}>
                <span class="label">{ t.export_title }</span>
                { for exports }
            </span>
        </div>
    }
}

fn export_view(state: &State, pod: &PodEnv, container: &ContainerEnv) -> Html {
    let t = strings();
    let Some(format) = state.export else {
        return Html::default();
    };
    let text = export::render(
        format,
        &state.analysis.kubernetes_version,
        pod,
        container,
        state.share_secrets,
    );
    let redacted = format == ExportFormat::Markdown
        && !state.share_secrets
        && !podenv_core::redact::secret_fed(container.env.as_deref().unwrap_or_default())
            .is_empty();
    html! {
        <>
            if redacted {
                <p class="hint" data-testid="export-redacted">{ t.export_secrets_redacted }</p>
            }
            <ExportBox {text} copy_label={t.copy} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ExportBoxProps {
    text: String,
    copy_label: &'static str,
}

#[function_component]
fn ExportBox(props: &ExportBoxProps) -> Html {
    let t = strings();
    let status = use_state(|| None::<bool>);
    {
        let status = status.clone();
        use_effect_with(props.text.clone(), move |_| status.set(None));
    }
    let copy = {
        let text = props.text.clone();
        let status = status.clone();
        Callback::from(move |_| {
            let status = status.clone();
            browser::copy_to_clipboard(text.clone(), move |ok| status.set(Some(ok)));
        })
    };
    html! {
        <div class="export-box">
            <textarea class="code" readonly=true value={props.text.clone()} data-testid="export-output"
                      aria-label={t.export_title} wrap="off" />
            <div class="row">
                <button type="button" onclick={copy} data-testid="export-copy">{ props.copy_label }</button>
                <span class="copy-status" aria-live="polite">
                    { match *status { Some(true) => t.copied, Some(false) => t.copy_failed, None => "" } }
                </span>
            </div>
        </div>
    }
}

fn env_row(
    state: &Rc<State>,
    dispatch: &Dispatch,
    var: &EnvVar,
    data_container: &str,
    tab_stop: bool,
) -> Html {
    let t = strings();
    let origin = Origin::of(&var.source, state.is_api_default(var));
    let selected = state.variable.as_deref() == Some(var.name.as_str());
    let select = {
        let state = state.clone();
        let dispatch = dispatch.clone();
        let name = var.name.clone();
        move || {
            let next = (state.variable.as_deref() != Some(name.as_str())).then(|| name.clone());
            dispatch.dispatch(Action::SelectVariable(next));
        }
    };
    let onclick = {
        let select = select.clone();
        Callback::from(move |_| select())
    };
    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let step = match e.key().as_str() {
                "Enter" | " " => {
                    e.prevent_default();
                    return select();
                }
                "Escape" => return dispatch.dispatch(Action::CloseDetails),
                "ArrowUp" => RowMove::Up,
                "ArrowDown" => RowMove::Down,
                "PageUp" => RowMove::PageUp,
                "PageDown" => RowMove::PageDown,
                "Home" => RowMove::Home,
                "End" => RowMove::End,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(Action::MoveCursor(step));
        })
    };
    let (value_html, value_attr) = match &var.value {
        Value::Known(bytes) => {
            let text = bytes_text(bytes);
            let base64 = std::str::from_utf8(bytes).is_err();
            (
                html! {
                    <>
                        <code class="value">{ text.clone() }</code>
                        if base64 { <span class="marker">{ t.base64_marker }</span> }
                    </>
                },
                text,
            )
        }
        Value::OneOf(_) => {
            let candidates = describe::candidates(&var.value);
            (
                html! {
                    <>
                        <code class="value">{ candidates.join(" | ") }</code>
                        <span class="marker nondeterministic" title={candidates.join("\n")}
                              data-testid="nondeterministic">{ t.nondeterministic_marker }</span>
                    </>
                },
                candidates.first().cloned().unwrap_or_default(),
            )
        }
        Value::Runtime(why) => (
            html! { <span class="marker runtime" title={why.clone()}>{ t.runtime_marker }</span> },
            String::new(),
        ),
    };
    let shadowed = (!var.shadowed.is_empty()).then(|| {
        let title = var
            .shadowed
            .iter()
            .map(|s| {
                format!(
                    "{} = {} ({})",
                    describe::summary(&s.source),
                    value_text(&s.value),
                    s.reason
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        html! {
            <span class="marker shadowed" {title} data-testid="shadowed">
                { format!("{} {}", t.shadowed_marker, var.shadowed.len()) }
            </span>
        }
    });
    html! {
        <tr data-testid="env-row" data-container={data_container.to_string()}
            data-name={var.name.clone()} data-value={value_attr}
            data-origin={origin.class()}
            class={classes!(selected.then_some("selected"), (!var.shadowed.is_empty()).then_some("has-shadowed"),
                            matches!(var.value, Value::OneOf(_)).then_some("nondeterministic"))}
            tabindex={if tab_stop { "0" } else { "-1" }} aria-selected={selected.to_string()}
            {onclick} {onkeydown}>
            <td class="name"><code>{ &var.name }</code>{ for shadowed }</td>
            <td>{ value_html }</td>
            <td>
                <span class={classes!("badge", origin.class())} title={describe::summary(&var.source)}>
                    { origin.label(t) }
                </span>
            </td>
        </tr>
    }
}
