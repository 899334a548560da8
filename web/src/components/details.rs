//! The details of the selected variable: its provenance, the kubelet rule in plain words and
//! its upstream places (both from the core's rule catalogue, `podenv_core::rules`), what it
//! replaced, and its DNS equivalent.

use podenv_core::model::Source;
use podenv_core::rules;
use yew::prelude::*;

use crate::browser;
use crate::components::state_view_props;
use crate::describe::{self, Origin};
use crate::i18n::{fill, strings};
use crate::sources;
use crate::state::{value_text, Action};

state_view_props!(DetailsProps {
    analysis,
    selected,
    variable,
    revision,
    analyzed_revision
});

#[function_component]
pub fn Details(props: &DetailsProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    // The outcome of the last copy (hooks come before any early return).
    let copy_status = use_state(|| None::<bool>);
    let Some(var) = state.selected_variable() else {
        return html! {};
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::CloseDetails))
    };
    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                dispatch.dispatch(Action::CloseDetails);
            }
        })
    };
    let origin = Origin::of(&var.source, state.is_api_default(var));
    let rule = var.source.rule();
    let provenance = describe::provenance(&var.source)
        .into_iter()
        .map(|(field, value)| {
            html! { <><dt>{ field }</dt><dd><code>{ value }</code></dd></> }
        });
    // Where it comes from in the manifests: links that move the editor there.
    let places = sources::source_ranges(state);
    let place_items = places.iter().enumerate().map(|(i, place)| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::RevealSource(i)));
        html! {
            <li>
                <button type="button" class="link" data-testid="source-link" {onclick}
                        data-role={place.role.as_str()} data-line={place.line.to_string()}>
                    { fill(t.source_place, &[&place.line.to_string(), sources::role_label(t, place.role)]) }
                </button>
            </li>
        }
    });
    let lang = t.rules_lang();
    let catalogued = rules::rule(rule);
    let rule_title = catalogued.map(|r| r.title_in(lang)).unwrap_or_default();
    let rule_text = catalogued.map(|r| r.statement_in(lang)).unwrap_or_default();
    let upstream = catalogued.into_iter().flat_map(|r| r.upstream).map(|place| {
        let (first, last) = place.lines;
        html! {
            <li>
                <a href={place.url()} target="_blank" rel="noopener noreferrer" data-testid="upstream-link">
                    { fill(t.upstream_place, &[
                        place.function,
                        place.file,
                        &first.to_string(),
                        &last.to_string(),
                        place.short_ref(),
                    ]) }
                </a>
            </li>
        }
    });
    let dns = match (&var.source, describe::dns_equivalent(var)) {
        (_, Some(name)) => html! { <code data-testid="dns-equivalent">{ name }</code> },
        (Source::Service { .. }, None) => html! { <span class="hint">{ "—" }</span> },
        _ => html! { <span class="hint">{ t.no_dns_equivalent }</span> },
    };
    let shadowed = var.shadowed.iter().map(|s| {
        html! {
            <li>
                <code>{ value_text(&s.value) }</code>
                { format!(" — {} ", describe::summary(&s.source)) }
                <span class="hint">{ format!("{} ({})", s.reason, s.rule) }</span>
            </li>
        }
    });
    let references = match &var.source {
        Source::Env { references, .. } => references.clone(),
        _ => Vec::new(),
    };
    let reference_items = references.iter().map(|r| {
        html! { <li><code>{ format!("$({})", r.name) }</code>{ format!(" ← {}", r.resolved_from) }</li> }
    });
    // Copy the name, or `NAME=value` as the container sees it (the value as shown).
    let copy = |text: String| {
        let copy_status = copy_status.clone();
        Callback::from(move |_| {
            let copy_status = copy_status.clone();
            browser::copy_to_clipboard(text.clone(), move |ok| copy_status.set(Some(ok)));
        })
    };
    let copy_name = copy(var.name.clone());
    let copy_assignment = copy(format!("{}={}", var.name, value_text(&var.value)));
    let copied = match *copy_status {
        Some(true) => t.copied,
        Some(false) => t.copy_failed,
        None => "",
    };
    let walkthrough = {
        let dispatch = dispatch.clone();
        let name = var.name.clone();
        Callback::from(move |_| dispatch.dispatch(Action::OpenWalkthrough(Some(name.clone()))))
    };
    let candidates = describe::candidates(&var.value);
    let candidate_items = candidates
        .iter()
        .map(|c| html! { <li><code>{ c }</code></li> });
    let service_candidates = match &var.source {
        Source::Service { candidates, .. } => candidates.clone(),
        _ => Vec::new(),
    };

    html! {
        <aside class="panel details" aria-labelledby="details-title" data-testid="variable-details"
               data-name={var.name.clone()} {onkeydown}>
            <div class="panel-head">
                <h2 id="details-title">{ t.details_title }{ " " }<code>{ &var.name }</code></h2>
                <button type="button" onclick={close} aria-label={t.close} data-testid="details-close">{ "×" }</button>
            </div>
            <p class="details-value"><code>{ value_text(&var.value) }</code>
                <span class={classes!("badge", origin.class())}>{ origin.label(t) }</span></p>
            <p class="row">
                <button type="button" data-testid="copy-name" onclick={copy_name}>{ t.copy_name }</button>
                <button type="button" data-testid="copy-assignment" onclick={copy_assignment}>{ t.copy_assignment }</button>
                <span class="copy-status" aria-live="polite" data-testid="copy-status">{ copied }</span>
            </p>
            <p><button type="button" class="link" data-testid="details-walkthrough" onclick={walkthrough}>
                { crate::walk_text::walk_strings().see_how }{ " →" }
            </button></p>
            <h3 class="sub">{ t.provenance }</h3>
            <dl class="provenance">{ for provenance }</dl>
            <h3 class="sub">{ t.source_places }</h3>
            if places.is_empty() {
                <p class="hint" data-testid="no-source">{ t.source_none }</p>
            } else {
                <ul class="source-places">{ for place_items }</ul>
            }
            <h3 class="sub">{ t.kubelet_rule }{ format!(" ({rule})") }</h3>
            <p><strong data-testid="rule-title">{ rule_title }</strong></p>
            <p data-testid="rule-text">{ rule_text }</p>
            <h3 class="sub">{ t.upstream_source }</h3>
            <ul class="upstream">{ for upstream }</ul>
            <h3 class="sub">{ t.dns_equivalent }</h3>
            <p>{ dns }</p>
            if !candidates.is_empty() {
                <h3 class="sub">{ t.candidates_title }</h3>
                <ul>{ for candidate_items }</ul>
                if !service_candidates.is_empty() {
                    <p class="hint">{ service_candidates.join(", ") }</p>
                }
            }
            if !references.is_empty() {
                <h3 class="sub">{ t.references_title }</h3>
                <ul>{ for reference_items }</ul>
            }
            if !var.shadowed.is_empty() {
                <h3 class="sub">{ t.shadowed_title }</h3>
                <ul>{ for shadowed }</ul>
            }
        </aside>
    }
}
