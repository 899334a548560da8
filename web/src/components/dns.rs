//! The DNS panel for the selected pod: the records a spec-compliant cluster DNS serves, the
//! pod's /etc/resolv.conf and /etc/hosts, and the resolver's walk for a typed name.

use podenv_core::model::{QueryOutcome, ResolverWalk, UnlinkedReason};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::state_view_props;
use crate::i18n::{fill, strings};
use crate::state::Action;

/// Records shown before the box narrows them down.
const RECORD_LIMIT: usize = 200;

state_view_props!(DnsPanelProps {
    analysis,
    selected,
    dns_query
});

#[function_component]
pub fn DnsPanel(props: &DnsPanelProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    let Some(pod) = state.current_pod() else {
        return html! {};
    };
    let oninput = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                dispatch.dispatch(Action::SetDnsQuery(input.value()));
            }
        })
    };
    let records = state.matching_records();
    let record_rows = records.iter().take(RECORD_LIMIT).map(|r| {
        html! {
            <tr data-testid="dns-record" data-name={r.name.clone()} data-type={r.record_type.as_str()}>
                <td><code>{ &r.name }</code></td>
                <td>{ r.record_type.as_str() }</td>
                <td><code>{ &r.data }</code></td>
                <td class="rule">{ &r.rule }</td>
            </tr>
        }
    });
    let more = records.len().saturating_sub(RECORD_LIMIT);
    let walks = state.resolver_walks().map(|(glibc, musl)| {
        html! {
            <div class="walks" data-testid="resolver-walk">
                { walk_view(t.resolver_glibc, &glibc) }
                { walk_view(t.resolver_musl, &musl) }
            </div>
        }
    });
    let dns = pod.dns.as_ref();
    let unlinked = dns
        .map(|d| d.reachable_without_variables.as_slice())
        .unwrap_or_default();
    let (unreachable, reachable): (Vec<_>, Vec<_>) = unlinked.iter().partition(|r| r.nxdomain);
    let unreachable = unreachable.into_iter().map(|r| {
        html! {
            <li data-testid="dns-unreachable" data-service={r.service.clone()}>
                <code>{ &r.dns_name }</code>{ format!(" ({})", t.unreachable_nxdomain) }
            </li>
        }
    });
    let reachable = reachable.into_iter().map(|r| {
        let reason = match r.reason {
            UnlinkedReason::OtherNamespace => t.unlinked_other_namespace,
            UnlinkedReason::Headless => t.unlinked_headless,
            UnlinkedReason::ExternalName => t.unlinked_external_name,
            UnlinkedReason::ServiceLinksDisabled => t.unlinked_links_disabled,
            UnlinkedReason::ServicesNotSynced => t.unlinked_not_synced,
        };
        html! {
            <li data-testid="dns-reachable" data-service={r.service.clone()}>
                <code>{ &r.dns_name }</code>{ format!(" ({reason})") }
            </li>
        }
    });

    html! {
        <section class="panel dns" aria-labelledby="dns-title" data-testid="dns-panel">
            <h2 id="dns-title">{ t.dns_title }</h2>
            <label class="field">
                <span>{ t.resolver_walk }</span>
                <input type="search" placeholder={t.resolver_walk_placeholder} spellcheck="false"
                       value={state.dns_query.clone()} {oninput} data-testid="dns-query" />
            </label>
            { for walks }
            if let Some(dns) = dns {
                <div class="files">
                    <div>
                        <h3 class="sub">{ t.resolv_conf }</h3>
                        <pre class="file" data-testid="resolv-conf">{ &dns.resolv_conf.text }</pre>
                        if let Some(error) = &dns.resolv_conf.error {
                            <p class="banner error">{ error }</p>
                        }
                    </div>
                    <div>
                        <h3 class="sub">{ t.hosts_file }</h3>
                        <pre class="file" data-testid="hosts-file">{ dns.hosts_file.clone().unwrap_or_default() }</pre>
                    </div>
                </div>
                if unlinked.iter().any(|r| !r.nxdomain) {
                    <h3 class="sub">{ t.reachable_without_variables }</h3>
                    <ul>{ for reachable }</ul>
                }
                if unlinked.iter().any(|r| r.nxdomain) {
                    <h3 class="sub">{ t.known_but_unreachable }</h3>
                    <ul>{ for unreachable }</ul>
                }
            }
            <h3 class="sub">{ t.dns_records }{ format!(" ({})", records.len()) }</h3>
            if records.is_empty() {
                <p class="hint">{ t.no_records }</p>
            } else {
                <div class="table-wrap">
                    <table class="records">
                        <tbody>{ for record_rows }</tbody>
                    </table>
                </div>
            }
            if more > 0 {
                <p class="hint">{ format!("+{more}") }</p>
            }
        </section>
    }
}

fn walk_view(title: &str, walk: &ResolverWalk) -> Html {
    let t = strings();
    let queries = walk.queries.iter().enumerate().map(|(index, q)| {
        let (label, class) = match q.outcome {
            QueryOutcome::Answer => (t.walk_answer, "answer"),
            QueryOutcome::NoData => (t.walk_nodata, "nodata"),
            QueryOutcome::NxDomain => (t.walk_nxdomain, "nxdomain"),
            QueryOutcome::External => (t.walk_external, "external"),
        };
        let answered = walk.answered_by == Some(index);
        html! {
            <li class={classes!(class, answered.then_some("answered"))}>
                <code>{ &q.name }</code>
                <span class="outcome">{ label }</span>
                if !q.answers.is_empty() {
                    <code class="answers">{ q.answers.join(", ") }</code>
                }
            </li>
        }
    });
    html! {
        <div class="walk">
            <h3 class="sub">{ format!("{title} · ndots:{}", walk.ndots) }</h3>
            <ol>{ for queries }</ol>
            // The core's verdict: an answer after the wasted lookups, or none at all.
            <p class="hint" data-testid="walk-verdict" data-answered={walk.answered_by.is_some().to_string()}
               data-literal={walk.literal.then_some("true")}>
                { match walk.answered_by {
                    None if walk.literal => t.walk_literal.to_string(),
                    Some(_) => fill(t.wasted_lookups, &[&walk.wasted_lookups.to_string()]),
                    None => fill(t.walk_fails, &[&walk.queries.len().to_string()]),
                } }
            </p>
        </div>
    }
}
