//! The cluster-context panel: the facts that are not in the manifests, the
//! enableServiceLinks override, and the API-server assumptions the core made.

use podenv_core::context::{defaults, KubeVersion};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::{state_view_props, Dispatch};
use crate::i18n::{fill, strings, Strings};
use crate::state::{Action, ContextField, LinksOverride, State, ASSUME_MISSING_KEY};

/// Assumptions listed; the rest are counted.
const ASSUMPTION_LIMIT: usize = 200;

state_view_props!(ContextPanelProps {
    context,
    links,
    analysis
});

fn field_label(t: &Strings, field: ContextField) -> &'static str {
    match field {
        ContextField::Namespace => t.field_namespace,
        ContextField::PodIps => t.field_pod_ips,
        ContextField::HostIps => t.field_host_ips,
        ContextField::NodeName => t.field_node_name,
        ContextField::ClusterDomain => t.field_cluster_domain,
        ContextField::ClusterDns => t.field_cluster_dns,
        ContextField::ServiceCidr => t.field_service_cidr,
        ContextField::KubernetesVersion => t.field_kubernetes_version,
    }
}

#[function_component]
pub fn ContextPanel(props: &ContextPanelProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;

    let fields = ContextField::ALL.into_iter().map(|field| {
        let oninput = {
            let dispatch = dispatch.clone();
            Callback::from(move |e: InputEvent| {
                if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                    dispatch.dispatch(Action::SetContext(field, input.value()));
                }
            })
        };
        let id = format!("context-{}", field.key());
        if field == ContextField::KubernetesVersion {
            return version_picker(state, dispatch, id);
        }
        html! {
            <div class="field">
                <label for={id.clone()}>{ field_label(t, field) }<code>{ field.key() }</code></label>
                <input {id} type="text" spellcheck="false" autocomplete="off"
                       data-testid={format!("context-{}", field.key())}
                       placeholder={field.default_value()}
                       value={state.context.get(&field).cloned().unwrap_or_default()}
                       {oninput} />
            </div>
        }
    });
    let links = [
        (LinksOverride::AsWritten, t.links_as_written, "as-written"),
        (LinksOverride::Enabled, t.links_on, "true"),
        (LinksOverride::Disabled, t.links_off, "false"),
    ]
    .into_iter()
    .map(|(value, label, id)| {
        let onchange = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: Event| dispatch.dispatch(Action::SetLinks(value)))
        };
        html! {
            <label class="radio">
                <input type="radio" name="links" checked={state.links == value} {onchange}
                       data-testid={format!("links-{id}")} />
                { label }
            </label>
        }
    });
    let on_assume = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.dispatch(Action::SetAssumeMissing(input.checked()));
            }
        })
    };
    // Bounded like the diagnostics: a dump of thousands of Services has tens of thousands.
    let more_assumptions = state
        .analysis
        .assumptions
        .len()
        .saturating_sub(ASSUMPTION_LIMIT);
    let assumptions = state
        .analysis
        .assumptions
        .iter()
        .take(ASSUMPTION_LIMIT)
        .map(|a| {
            html! {
                <li data-testid="assumption">
                    <span class="rule">{ &a.rule }</span>
                    <span class="object">{ &a.object }</span>
                    if let Some(field) = &a.field {
                        <code>{ field }</code>
                    }
                    <span class="message">{ &a.message }</span>
                </li>
            }
        });

    html! {
        <section class="panel context-panel" aria-labelledby="context-title">
            <details open=true>
                <summary><h2 id="context-title">{ t.context_title }</h2></summary>
                <p class="hint">{ t.context_hint }</p>
                <div class="fields">{ for fields }</div>
                <fieldset class="links">
                    <legend>{ t.links_label }</legend>
                    { for links }
                </fieldset>
                <label class="check">
                    <input type="checkbox" checked={state.assume_missing} onchange={on_assume}
                           data-testid="context-assumeMissingObjects" />
                    { t.assume_missing_label }<code>{ ASSUME_MISSING_KEY }</code>
                </label>
            </details>
            <details class="assumptions" data-testid="assumptions">
                <summary>
                    <h3>{ t.assumptions_title }{ format!(" ({})", state.analysis.assumptions.len()) }</h3>
                </summary>
                if state.analysis.assumptions.is_empty() {
                    <p class="hint">{ t.no_assumptions }</p>
                } else {
                    <ul>{ for assumptions }</ul>
                    if more_assumptions > 0 {
                        <p class="hint" data-testid="more-assumptions">
                            { fill(t.more_items, &[&more_assumptions.to_string()]) }
                        </p>
                    }
                }
            </details>
        </section>
    }
}

/// The Kubernetes version: the versions podenv models, newest first, after "default" (unset);
/// a version from a link or the autosave outside them stays, as an extra entry.
fn version_picker(state: &State, dispatch: &Dispatch, id: String) -> Html {
    let t = strings();
    let field = ContextField::KubernetesVersion;
    let current = state.context.get(&field).cloned().unwrap_or_default();
    let onchange = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                dispatch.dispatch(Action::SetContext(field, select.value()));
            }
        })
    };
    // (value, label): default, the unmodelled one if any, then every modelled version.
    let mut entries = vec![(
        String::new(),
        fill(t.version_default, &[defaults::KUBERNETES_VERSION]),
    )];
    entries.extend(KubeVersion::modelled().map(|v| (v.to_string(), v.to_string())));
    if !current.is_empty() && !entries.iter().any(|(v, _)| *v == current) {
        entries.insert(
            1,
            (current.clone(), fill(t.version_unmodelled, &[&current])),
        );
    }
    let options = entries.into_iter().map(|(value, label)| {
        let selected = value == current;
        html! { <option {selected} {value}>{ label }</option> }
    });
    html! {
        <div class="field">
            <label for={id.clone()}>{ field_label(t, field) }<code>{ field.key() }</code></label>
            <select {id} data-testid="context-kubernetesVersion" {onchange}>{ for options }</select>
        </div>
    }
}
