//! The walk-through page (`#/walkthrough`): the selected container's trace, as the core
//! recorded it (`podenv_core::trace`), read top to bottom, one section per step in trace
//! order. Each section has the step's title and statement from the core's catalogue
//! (`podenv_core::rules::step`), its upstream link and the live values; the variable the
//! user follows is marked in every step. Nothing here recomputes kubelet logic: every value
//! shown is a field of the trace.

use std::collections::BTreeSet;

use podenv_core::model::{ExpandedArg, Reference, Shadowed, Value};
use podenv_core::rules::{self, Lang};
use podenv_core::trace::{
    CommandArgsStep, CriStep, DnsStep, EnvFromStep, EnvStep, FromServicesStep,
    GenerateContainerConfigStep, MergeStep, RunOptionsStep, ServiceMapStep, Step, StepUpstream,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::state_view_props;
use crate::describe;
use crate::i18n::{fill, strings};
use crate::state::{value_text, Action, ContainerKey};
use crate::walk_text::{walk_strings, WalkStrings};

/// Rows a long list shows before "show all" (a busy namespace has thousands of Services).
const ROW_CAP: usize = 200;

state_view_props!(WalkthroughProps {
    analysis,
    selected,
    variable,
    page,
    paused,
    traced,
});

#[function_component]
pub fn Walkthrough(props: &WalkthroughProps) -> Html {
    let t = strings();
    let w = walk_strings();
    let lang = t.rules_lang();
    let state = &props.state;
    let dispatch = &props.dispatch;
    // Lists the user opened in full, by step id.
    let expanded = use_state(BTreeSet::<&'static str>::new);

    let back = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::CloseWalkthrough))
    };
    let header = html! {
        <div class="walk-head">
            <button type="button" class="link" data-testid="walk-back" onclick={back}>
                { "← " }{ w.back }
            </button>
            <h2 id="walk-title">{ w.title }</h2>
            <p class="walk-intro">{ w.intro }</p>
        </div>
    };

    let Some((pod, container)) = state.current() else {
        return html! {
            <main class="walkthrough" aria-labelledby="walk-title" data-testid="walkthrough">
                { header }
                <p class="hint" data-testid="walk-empty">{ w.no_container }</p>
            </main>
        };
    };

    // The container and variable pickers.
    let containers: Vec<(ContainerKey, String)> = state
        .analysis
        .pods
        .iter()
        .flat_map(|p| {
            p.containers.iter().map(move |c| {
                (
                    ContainerKey::of(p, c),
                    format!("{}/{} · {}", p.namespace, p.name, c.name),
                )
            })
        })
        .collect();
    let on_container = {
        let dispatch = dispatch.clone();
        let keys: Vec<ContainerKey> = containers.iter().map(|(k, _)| k.clone()).collect();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(key) = select
                    .value()
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| keys.get(i))
                {
                    dispatch.dispatch(Action::Select(key.clone()));
                }
            }
        })
    };
    let current_key = ContainerKey::of(pod, container);
    let container_options = containers.iter().enumerate().map(|(i, (key, label))| {
        html! { <option value={i.to_string()} selected={*key == current_key}>{ label }</option> }
    });
    let names: Vec<&str> = container
        .env
        .iter()
        .flatten()
        .map(|v| v.name.as_str())
        .collect();
    let follow = state
        .variable
        .as_deref()
        .filter(|v| names.contains(v))
        .map(str::to_string);
    let on_follow = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
                let name = select.value();
                dispatch.dispatch(Action::SelectVariable((!name.is_empty()).then_some(name)));
            }
        })
    };
    let variable_options = names.iter().map(|name| {
        html! { <option value={name.to_string()} selected={follow.as_deref() == Some(*name)}>{ *name }</option> }
    });
    let pickers = html! {
        <div class="walk-pickers">
            <label>{ w.container }{ " " }
                <select data-testid="walk-container" onchange={on_container}>{ for container_options }</select>
            </label>
            <label>{ w.follow }{ " " }
                <select data-testid="walk-follow" onchange={on_follow}>
                    <option value="" selected={follow.is_none()}>{ w.follow_none }</option>
                    { for variable_options }
                </select>
            </label>
            if let Some(name) = &follow {
                <p class="hint" data-testid="walk-following">{ fill(w.following, &[name]) }</p>
            }
        </div>
    };

    let body = match container.steps.as_deref() {
        Some(steps) => {
            let ctx = Ctx {
                w,
                lang,
                follow: follow.as_deref(),
                expanded: &expanded,
                steps,
            };
            let total = steps.len().to_string();
            let sections = steps
                .iter()
                .enumerate()
                .map(|(i, step)| ctx.section(i + 1, &total, step));
            html! { <ol class="walk-steps">{ for sections }</ol> }
        }
        None if state.paused => {
            html! { <p class="hint" data-testid="walk-paused">{ w.paused }</p> }
        }
        None => html! { <p class="hint" data-testid="walk-loading">{ w.loading }</p> },
    };

    html! {
        <main class="walkthrough" aria-labelledby="walk-title" data-testid="walkthrough"
              data-container={current_key.data_container()}>
            { header }
            { pickers }
            { body }
        </main>
    }
}

/// What every section needs.
struct Ctx<'a> {
    w: &'static WalkStrings,
    lang: Lang,
    follow: Option<&'a str>,
    expanded: &'a UseStateHandle<BTreeSet<&'static str>>,
    steps: &'a [Step],
}

impl Ctx<'_> {
    fn is_followed(&self, name: &str) -> bool {
        self.follow == Some(name)
    }

    /// The class and hook of a row that shows the followed variable.
    fn mark(&self, on: bool) -> (Option<&'static str>, Option<&'static str>) {
        if on {
            (Some("walk-highlight"), Some("true"))
        } else {
            (None, None)
        }
    }

    /// The first `ROW_CAP` items of a list unless the user opened it, and a button for the
    /// rest. Items for which `keep` holds (the followed variable) are always shown.
    fn capped<T>(
        &self,
        id: &'static str,
        items: &[T],
        keep: impl Fn(&T) -> bool,
        row: impl Fn(&T) -> Html,
    ) -> (Html, Html) {
        let open = self.expanded.contains(id) || items.len() <= ROW_CAP;
        let shown = items
            .iter()
            .enumerate()
            .filter(|(i, item)| open || *i < ROW_CAP || keep(item))
            .map(|(_, item)| row(item));
        let rows = html! { <>{ for shown }</> };
        let more = if open {
            html! {}
        } else {
            let expanded = self.expanded.clone();
            let onclick = Callback::from(move |_| {
                let mut next = (*expanded).clone();
                next.insert(id);
                expanded.set(next);
            });
            let label = fill(self.w.show_all, &[&(items.len() - ROW_CAP).to_string()]);
            html! { <button type="button" class="link" data-testid="walk-show-all" {onclick}>{ label }</button> }
        };
        (rows, more)
    }

    fn section(&self, number: usize, total: &str, step: &Step) -> Html {
        let id = step.id();
        let catalogued = rules::step(id);
        let title = catalogued.map(|s| s.title_in(self.lang)).unwrap_or(id);
        let statement = catalogued
            .map(|s| s.statement_in(self.lang))
            .unwrap_or_default();
        let data = match step {
            Step::Cri(s) => self.cri(s),
            Step::GenerateContainerConfig(s) => self.generate_container_config(s),
            Step::GenerateRunContainerOptions(s) => self.run_options(s),
            Step::GetServiceEnvVarMap(s) => self.service_map(s),
            Step::FromServices(s) => self.service_variables(s),
            Step::EnvFrom(s) => self.env_from(s),
            Step::Env(s) => self.env(s),
            Step::Merge(s) => self.merge(s),
            Step::CommandArgs(s) => self.command_args(s),
            Step::Dns(s) => self.dns(s),
        };
        html! {
            <li class="walk-step" data-testid="walk-step" data-step={id}>
                <p class="walk-number">{ fill(self.w.step_of, &[&number.to_string(), total]) }</p>
                <h3><code>{ id }</code>{ " · " }{ title }</h3>
                <p class="walk-statement" data-testid="walk-statement">{ statement }</p>
                { self.upstream(step.upstream()) }
                <div class="walk-data">{ data }</div>
            </li>
        }
    }

    fn upstream(&self, up: &StepUpstream) -> Html {
        let link = |u: &StepUpstream| {
            let git_ref = u.short_ref();
            let lines = u
                .lines
                .map(|[a, b]| format!(", L{a}-L{b}"))
                .unwrap_or_default();
            html! {
                <a href={u.url.clone()} target="_blank" rel="noopener noreferrer" data-testid="walk-upstream">
                    <code>{ &u.function }</code>{ format!(" ({}{lines} @ {git_ref})", u.file) }
                </a>
            }
        };
        let more = up
            .more
            .iter()
            .map(|m| html! { <>{ " · " }{ self.w.also }{ ": " }{ link(m) }</> });
        html! { <p class="walk-upstream">{ self.w.upstream }{ ": " }{ link(up) }{ for more }</p> }
    }

    fn cri(&self, s: &CriStep) -> Html {
        let w = self.w;
        let summary = if s.created {
            fill(w.created, &[&s.envs.len().to_string()])
        } else {
            w.not_created.to_string()
        };
        let (rows, more) = self.capped(
            "cri",
            &s.envs,
            |v| self.is_followed(&v.name),
            |v| {
                let (class, hook) = self.mark(self.is_followed(&v.name));
                html! {
                    <tr data-testid="walk-final-row" data-name={v.name.clone()}
                        data-value={value_text(&v.value)} {class} data-highlight={hook}>
                        <td><code>{ &v.name }</code></td>
                        <td>{ value_html(&v.value) }</td>
                        <td>{ &v.origin }</td>
                        <td>{ &v.rule }</td>
                    </tr>
                }
            },
        );
        let runtime = s.runtime_adds.iter().map(|r| {
            let what = if r.applies {
                fill(w.runtime_added_by, &[&r.by])
            } else {
                w.runtime_overridden.to_string()
            };
            html! {
                <li data-testid="walk-runtime-add">
                    <code>{ &r.name }</code>{ "=" }
                    <code>{ r.value.clone().unwrap_or_else(|| w.runtime_unknown.to_string()) }</code>
                    { format!(" — {what} ({})", r.rule) }
                </li>
            }
        });
        html! {
            <>
                <p data-testid="walk-created" data-created={s.created.to_string()}>{ summary }</p>
                if let Some(error) = &s.sandbox_error {
                    <p class="walk-error">{ w.sandbox_error }{ " " }<code>{ error }</code></p>
                }
                if !s.envs.is_empty() {
                    <h4>{ w.final_list }</h4>
                    <table class="walk-table">
                        <thead><tr><th>{ w.col_name }</th><th>{ w.col_value }</th><th>{ w.col_origin }</th><th>{ w.col_rule }</th></tr></thead>
                        <tbody>{ rows }</tbody>
                    </table>
                    { more }
                }
                <h4>{ w.runtime_adds }</h4>
                <ul>{ for runtime }</ul>
            </>
        }
    }

    fn generate_container_config(&self, s: &GenerateContainerConfigStep) -> Html {
        let w = self.w;
        html! {
            <>
                <p>{ fill(w.copied, &[&s.copied.to_string(), &s.device_plugin_envs.to_string()]) }</p>
                if let Some(error) = &s.error {
                    <p class="walk-error" data-testid="walk-error">
                        { w.failed_with }{ " " }<strong>{ s.reason.clone().unwrap_or_default() }</strong>{ ": " }<code>{ error }</code>
                    </p>
                }
            </>
        }
    }

    fn run_options(&self, s: &RunOptionsStep) -> Html {
        let w = self.w;
        let site = s.error_at.as_ref().map(|site| {
            let mut parts = vec![site.step.clone()];
            if let Some(i) = site.index {
                parts.push(fill(w.entry, &[&i.to_string()]));
            }
            if let Some(path) = &site.path {
                parts.push(path.clone());
            }
            if let Some(l) = &site.location {
                parts.push(format!("{}:{}:{}", l.file, l.line, l.column));
            }
            html! { <p class="walk-error" data-testid="walk-error-at">{ w.failed_at }{ ": " }<code>{ parts.join(" · ") }</code></p> }
        });
        let sub_paths = s.sub_path_exprs.iter().map(|p| {
            html! {
                <li><code>{ format!("volumeMounts[{}].subPathExpr", p.index) }</code>{ " = " }<code>{ &p.expr }</code>
                    { " → " }
                    { match &p.result { Some(r) => html! { <code>{ r }</code> }, None => html! { <strong>{ w.sub_path_failed }</strong> } } }
                </li>
            }
        });
        html! {
            <>
                if let Some(error) = &s.error {
                    <p class="walk-error" data-testid="walk-error">
                        { w.failed_with }{ " " }<code>{ error }</code>
                        { s.error_rule.as_ref().map(|r| format!(" ({r})")).unwrap_or_default() }
                    </p>
                    { for site }
                } else {
                    <p>{ w.run_options_ok }</p>
                }
                if !s.sub_path_exprs.is_empty() {
                    <h4>{ w.sub_paths }</h4>
                    <ul>{ for sub_paths }</ul>
                }
            </>
        }
    }

    /// The Service that makes the followed variable, from the trace's `FromServices` step.
    fn followed_service(&self) -> Option<&str> {
        let follow = self.follow?;
        self.steps.iter().find_map(|step| match step {
            Step::FromServices(s) => s
                .groups
                .iter()
                .rev()
                .find(|g| g.variables.iter().any(|v| v.name == follow))
                .map(|g| g.service.as_str()),
            _ => None,
        })
    }

    fn service_map(&self, s: &ServiceMapStep) -> Html {
        let w = self.w;
        let lister = match s.lister.as_str() {
            "none" => w.lister_none,
            "unsynced" => w.lister_unsynced,
            _ => w.lister_synced,
        };
        let followed = self.followed_service();
        let (rows, more) = self.capped(
            "getServiceEnvVarMap",
            &s.services,
            |d| Some(d.service.as_str()) == followed,
            |d| {
                let (class, hook) = self.mark(Some(d.service.as_str()) == followed);
                let why = rules::reason(&d.reason)
                    .map(|r| r.text_in(self.lang))
                    .unwrap_or(d.reason.as_str());
                html! {
                    <tr data-testid="walk-service" data-service={d.service.clone()}
                        data-used={d.used.to_string()} data-reason={d.reason.clone()} {class} data-highlight={hook}>
                        <td><code>{ &d.service }</code></td>
                        <td>{ if d.used { w.used } else { w.skipped } }</td>
                        <td>{ why }</td>
                        <td>{ &d.rule }</td>
                    </tr>
                }
            },
        );
        html! {
            <>
                <p>{ lister }{ " " }{ fill(w.map_context, &[&s.namespace, if s.enable_service_links { "true" } else { "false" }]) }</p>
                if s.services.is_empty() {
                    <p class="hint">{ w.no_services }</p>
                } else {
                    <table class="walk-table">
                        <thead><tr><th>{ w.col_service }</th><th>{ w.col_decision }</th><th>{ w.col_why }</th><th>{ w.col_rule }</th></tr></thead>
                        <tbody>{ rows }</tbody>
                    </table>
                    { more }
                }
                <p data-testid="walk-map-size">{ fill(w.map_size, &[&s.map.len().to_string()]) }</p>
            </>
        }
    }

    fn service_variables(&self, s: &FromServicesStep) -> Html {
        let w = self.w;
        let (groups, more) = self.capped(
            "FromServices",
            &s.groups,
            |g| {
                g.variables
                    .iter()
                    .any(|v| self.follow == Some(v.name.as_str()))
            },
            |g| {
                let vars = g.variables.iter().map(|v| {
                    let (class, hook) = self.mark(self.is_followed(&v.name));
                    html! {
                        <tr data-testid="walk-service-variable" data-name={v.name.clone()} data-value={v.value.clone()}
                            {class} data-highlight={hook}>
                            <td><code>{ &v.name }</code></td><td><code>{ &v.value }</code></td>
                            <td>{ &v.form }</td><td>{ &v.rule }</td>
                        </tr>
                    }
                });
                html! {
                    <div class="walk-group" data-service={g.service.clone()}>
                        <h4>{ fill(w.group, &[&g.service, &g.cluster_ip]) }
                            if g.master_service { <span class="badge">{ w.master_service }</span> }
                        </h4>
                        <table class="walk-table">
                            <thead><tr><th>{ w.col_name }</th><th>{ w.col_value }</th><th>{ w.col_form }</th><th>{ w.col_rule }</th></tr></thead>
                            <tbody>{ for vars }</tbody>
                        </table>
                    </div>
                }
            },
        );
        let collisions = s.collisions.iter().map(|c| {
            let (class, hook) = self.mark(self.is_followed(&c.name));
            let candidates = c
                .candidates
                .iter()
                .map(|k| format!("{} = {}", k.service, k.value))
                .collect::<Vec<_>>()
                .join(" | ");
            html! {
                <li data-testid="walk-collision" {class} data-highlight={hook}>
                    <code>{ &c.name }</code>{ ": " }<code>{ candidates }</code>{ " — " }
                    { if c.nondeterministic { w.collision_random } else { w.collision_same } }
                </li>
            }
        });
        html! {
            <>
                if s.groups.is_empty() { <p class="hint">{ w.no_groups }</p> }
                { groups }
                { more }
                if !s.collisions.is_empty() {
                    <h4>{ w.collisions }</h4>
                    <ul>{ for collisions }</ul>
                }
            </>
        }
    }

    fn env_from(&self, s: &EnvFromStep) -> Html {
        let w = self.w;
        if s.sources.is_empty() {
            return html! { <p class="hint">{ w.no_env_from }</p> };
        }
        let sources = s.sources.iter().map(|source| {
            let outcome = match source.outcome.as_str() {
                "added" => fill(w.added_keys, &[&source.keys.len().to_string()]),
                "optional-missing" => w.optional_missing.to_string(),
                "assumed" => w.assumed_missing.to_string(),
                _ => w.missing.to_string(),
            };
            let keys = source.keys.iter().map(|k| {
                let (class, hook) = self.mark(self.is_followed(&k.name));
                html! {
                    <tr data-testid="walk-envfrom-key" data-key={k.key.clone()} data-name={k.name.clone()}
                        data-value={value_text(&k.value)} {class} data-highlight={hook}>
                        <td><code>{ &k.key }</code></td>
                        <td><code>{ &k.name }</code></td>
                        <td>{ value_html(&k.value) }</td>
                        <td>{ for k.replaced.as_deref().map(|r| self.replaced(r)) }</td>
                    </tr>
                }
            });
            html! {
                <div class="walk-source" data-testid="walk-envfrom-source" data-outcome={source.outcome.clone()}>
                    <p>
                        <code>{ format!("envFrom[{}]", source.index) }</code>{ " " }
                        { format!("{} {}", source.object_kind, source.object) }
                        if let Some(prefix) = &source.prefix {
                            { " · " }{ w.prefix }{ " " }<code data-testid="walk-prefix">{ prefix }</code>
                        }
                        if source.optional { { " · " }{ w.optional } }
                        { " — " }<strong>{ outcome }</strong>{ format!(" ({})", source.rule) }
                    </p>
                    if !source.keys.is_empty() {
                        <table class="walk-table">
                            <thead><tr><th>{ w.col_key }</th><th>{ w.col_name }</th><th>{ w.col_value }</th><th>{ w.replaces }</th></tr></thead>
                            <tbody>{ for keys }</tbody>
                        </table>
                    }
                    if !source.skipped_keys.is_empty() {
                        <p class="hint">{ w.skipped_keys }{ " " }<code>{ source.skipped_keys.join(", ") }</code></p>
                    }
                </div>
            }
        });
        html! { <>{ for sources }</> }
    }

    fn replaced(&self, r: &Shadowed) -> Html {
        let kept = r.kept.iter().map(|k| {
            html! { <span class="hint">{ format!(" ({} {} {})", self.w.kept_because, k.reason, k.rule) }</span> }
        });
        html! {
            <span class="walk-replaced">
                { describe::summary(&r.source) }{ " = " }<code>{ value_text(&r.value) }</code>
                { for kept }
            </span>
        }
    }

    fn reference(&self, r: &Reference) -> Html {
        let w = self.w;
        let (class, hook) = self.mark(self.is_followed(&r.name));
        let count = if r.count > 1 {
            format!(" ×{}", r.count)
        } else {
            String::new()
        };
        let body = match &r.value {
            None => html! { <>{ " — " }{ w.stays_literal }</> },
            Some(value) => html! {
                <>{ " → " }{ value_html(value) }
                    { for r.defined_by.as_ref().map(|d| html! { <span class="hint">{ format!(" ({} {})", w.from, d.summary()) }</span> }) }
                </>
            },
        };
        html! {
            <li data-testid="walk-reference" data-name={r.name.clone()} data-resolved-from={r.resolved_from.clone()}
                {class} data-highlight={hook}>
                <code>{ format!("$({}){count}", r.name) }</code>{ body }
            </li>
        }
    }

    fn env(&self, s: &EnvStep) -> Html {
        let w = self.w;
        if s.entries.is_empty() {
            return html! { <p class="hint">{ w.no_env }</p> };
        }
        let entries = s.entries.iter().map(|e| {
            let on = self.is_followed(&e.name) || e.references.iter().any(|r| self.is_followed(&r.name));
            let (class, hook) = self.mark(on);
            let outcome = match e.outcome.as_str() {
                "set" => w.outcome_set,
                "skipped" => w.outcome_skipped,
                _ => w.outcome_failed,
            };
            let how = match (&e.written, &e.value_from) {
                (_, Some(kind)) => html! {
                    <>{ w.value_from }{ " " }<code>{ kind }</code>
                        { for e.source.as_ref().map(|s| html! { <span class="hint">{ format!(" — {}", describe::summary(s)) }</span> }) }
                    </>
                },
                (Some(written), None) => html! { <>{ w.written }{ " " }<code data-testid="walk-written">{ written }</code></> },
                (None, None) => html! { <code>{ "\"\"" }</code> },
            };
            let references = e.references.iter().map(|r| self.reference(r));
            html! {
                <li class={classes!("walk-entry", class)} data-testid="walk-env-entry" data-name={e.name.clone()}
                    data-outcome={e.outcome.clone()} data-highlight={hook}>
                    <p><code>{ format!("env[{}]", e.index) }</code>{ " " }<code>{ &e.name }</code>{ ": " }{ how }
                        { " — " }<strong>{ outcome }</strong></p>
                    if !e.references.is_empty() {
                        <ul class="walk-references" aria-label={w.references}>{ for references }</ul>
                    }
                    if let Some(result) = &e.result {
                        <p>{ w.result }{ ": " }<code data-testid="walk-result">{ value_text(result) }</code></p>
                    }
                    if let Some(replaced) = e.replaced.as_deref() {
                        <p>{ w.replaces }{ ": " }{ self.replaced(replaced) }</p>
                    }
                    if let Some(skipped) = &e.skipped {
                        <p class="hint" data-testid="walk-skipped">{ format!("{} ({})", skipped.reason, skipped.rule) }</p>
                    }
                    if let Some(error) = &e.error {
                        <p class="walk-error">{ w.failed_with }{ " " }<code>{ error }</code></p>
                    }
                </li>
            }
        });
        html! { <ol class="walk-entries">{ for entries }</ol> }
    }

    fn merge(&self, s: &MergeStep) -> Html {
        let w = self.w;
        let chips = |names: &[String], testid: &'static str| -> Html {
            let items = names.iter().map(|n| {
                let (class, hook) = self.mark(self.is_followed(n));
                html! { <li data-testid={testid} data-name={n.clone()} {class} data-highlight={hook}><code>{ n }</code></li> }
            });
            html! { <ul class="walk-chips">{ for items }</ul> }
        };
        let suppressed = s.suppressed.iter().map(|x| {
            let (class, hook) = self.mark(self.is_followed(&x.name));
            html! {
                <li data-testid="walk-suppressed" data-name={x.name.clone()} {class} data-highlight={hook}>
                    <code>{ &x.name }</code>{ format!(" ({}) — {} {}", x.service, w.suppressed_by, x.by) }
                </li>
            }
        });
        html! {
            <>
                <p>{ fill(w.merge_counts, &[&s.from_user.len().to_string(), &s.added.len().to_string()]) }</p>
                <h4>{ w.user_variables }</h4>
                { chips(&s.from_user, "walk-merge-user") }
                <h4>{ w.service_added }</h4>
                { chips(&s.added, "walk-merge-added") }
                if !s.suppressed.is_empty() {
                    <h4>{ w.suppressed }</h4>
                    <ul>{ for suppressed }</ul>
                }
            </>
        }
    }

    fn command_args(&self, s: &CommandArgsStep) -> Html {
        let w = self.w;
        if s.command.is_none() && s.args.is_none() {
            return html! { <p class="hint">{ w.no_command }</p> };
        }
        let list = |label: &'static str, args: &[ExpandedArg]| -> Html {
            let items = args.iter().enumerate().map(|(i, a)| {
                let on = a.references.iter().any(|r| self.is_followed(&r.name));
                let (class, hook) = self.mark(on);
                let references = a.references.iter().map(|r| self.reference(r));
                html! {
                    <li data-testid="walk-arg" data-field={label} data-index={i.to_string()}
                        data-value={value_text(&a.value)} {class} data-highlight={hook}>
                        <code>{ &a.original }</code>{ format!(" {} ", w.becomes) }<code>{ value_text(&a.value) }</code>
                        if !a.references.is_empty() { <ul class="walk-references">{ for references }</ul> }
                    </li>
                }
            });
            html! { <><h4><code>{ label }</code></h4><ol start="0">{ for items }</ol></> }
        };
        html! {
            <>
                { for s.command.as_deref().map(|c| list(w.command, c)) }
                { for s.args.as_deref().map(|a| list(w.args, a)) }
            </>
        }
    }

    fn dns(&self, s: &DnsStep) -> Html {
        let w = self.w;
        let (rows, more) = self.capped(
            "dns",
            &s.links,
            |l| self.is_followed(&l.variable),
            |l| {
                let (class, hook) = self.mark(self.is_followed(&l.variable));
                html! {
                    <tr data-testid="walk-dns-link" data-name={l.variable.clone()} data-dns={l.dns.clone().unwrap_or_default()}
                        {class} data-highlight={hook}>
                        <td><code>{ &l.variable }</code></td>
                        <td><code>{ &l.value }</code></td>
                        <td>{ match &l.dns { Some(d) => html! { <code>{ d }</code> }, None => html! { <span class="hint">{ w.no_dns_name }</span> } } }</td>
                    </tr>
                }
            },
        );
        let reasons = s.reasons.iter().map(|code| {
            let text = rules::reason(code)
                .map(|r| r.text_in(self.lang))
                .unwrap_or(code.as_str());
            html! { <li data-testid="walk-dns-reason" data-reason={code.clone()}>{ text }</li> }
        });
        html! {
            <>
                <p>{ w.dns_policy }{ ": " }<code>{ &s.dns_policy }</code></p>
                <h4>{ w.resolv_conf }</h4>
                <pre class="walk-resolv" data-testid="walk-resolv-conf">{ &s.resolv_conf }</pre>
                <h4>{ w.dns_names }</h4>
                if s.links.is_empty() {
                    <p class="hint">{ w.no_links }</p>
                } else {
                    <table class="walk-table">
                        <thead><tr><th>{ w.col_variable }</th><th>{ w.col_value }</th><th>{ w.col_dns }</th></tr></thead>
                        <tbody>{ rows }</tbody>
                    </table>
                    { more }
                    <p>{ fill(w.env_bytes, &[&s.service_env_bytes.to_string()]) }</p>
                }
                <h4>{ w.reasons }</h4>
                <ul class="walk-reasons">{ for reasons }</ul>
            </>
        }
    }
}

/// A value: its text, every candidate of a nondeterministic one, or what only the running
/// container knows.
fn value_html(value: &Value) -> Html {
    match value {
        Value::Known(_) => html! { <code>{ value_text(value) }</code> },
        Value::OneOf(_) => html! { <code>{ describe::candidates(value).join(" | ") }</code> },
        Value::Runtime(why) => html! { <span class="hint">{ why }</span> },
    }
}
