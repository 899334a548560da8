//! The page: wires the reducer to the browser (startup, debounce, autosave, theme) and lays
//! out the panels.

use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::browser;
use crate::components::context_panel::ContextPanel;
use crate::components::details::Details;
use crate::components::dns::DnsPanel;
use crate::components::editor::Editor;
use crate::components::header::Header;
use crate::components::results::Results;
use crate::examples;
use crate::guard::{self, Marker, Origin};
use crate::i18n::{fill, strings};
use crate::share;
use crate::state::{Action, Notice, State};

/// Pause after the last keystroke before the core runs again.
pub const DEBOUNCE_MS: u32 = 120;

fn save(state: &State) {
    browser::save(&share::to_storage(&state.storage_snapshot()));
}

/// The crash guard's browser side (see `guard`): before an analysis, save the state (so a
/// reload has the text that crashed) and write the marker; after it, remove the marker.
fn install_guard() {
    guard::install(guard::Hooks {
        before: |state: &State, marker: &Marker| {
            save(state);
            browser::set_marker(&marker.encode());
        },
        after: browser::clear_marker,
    });
}

/// The state the page starts with; `#crashtest` arms the crash test (see `guard`).
fn startup() -> State {
    install_guard();
    let t = strings();
    browser::publish_crash_strings(t.crash_title, t.crash_reload);
    let mut hash = browser::location_hash();
    if hash == guard::CRASH_TEST_HASH {
        guard::arm_crash_test();
        hash.clear();
    }
    State::startup(
        &hash,
        browser::load_saved().as_deref(),
        browser::load_marker().as_deref(),
    )
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(startup);
    let dispatch = state.dispatcher();
    let compute_ms = use_state(|| None::<f64>);

    // Once: no connections from now on, and a reload shows the autosave, not the link.
    use_effect_with((), |_| {
        browser::forbid_connections();
        browser::clear_hash();
    });

    // Recompute a short pause after the input last changed.
    {
        let dispatch = dispatch.clone();
        let compute_ms = compute_ms.clone();
        use_effect_with(
            (state.revision, state.analyzed_revision, state.paused),
            move |(revision, analyzed, paused)| {
                let timer = (revision != analyzed && !paused).then(|| {
                    Timeout::new(DEBOUNCE_MS, move || {
                        let start = browser::now_ms();
                        dispatch.dispatch(Action::Recompute);
                        compute_ms.set(Some(browser::now_ms() - start));
                    })
                });
                move || drop(timer)
            },
        );
    }

    // Autosave whatever a reload should bring back: the crash guard saves the text right
    // before each recompute (a pause in typing; see `install_guard`), this effect saves any
    // other change, never on every keystroke (the text may be large), and once more when
    // the page is hidden or closed. The recompute itself is not a key: saving again after
    // it would serialise the same text twice per pause.
    let latest = use_mut_ref(|| None::<Rc<State>>);
    {
        let keys = (
            state.paused,
            state.theme,
            state.selected.clone(),
            state.filter.clone(),
            state.hide_service,
            state.variable.clone(),
            state.dns_query.clone(),
            state.example.clone(),
        );
        let state = state.clone();
        use_effect_with(keys, move |_| save(&state));
    }
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_page_hide(move || {
                if let Some(state) = latest.borrow().as_ref() {
                    save(state);
                }
            });
            move || drop(listener)
        });
    }

    use_effect_with(state.theme, |theme| browser::set_theme(theme.as_str()));

    // Children get a snapshot: a reducer handle always reads the latest state, so props
    // holding it could never tell an old render from a new one.
    let snapshot = Rc::new((*state).clone());
    *latest.borrow_mut() = Some(snapshot.clone());
    let t = strings();
    let notice = state.notice.map(|notice| {
        let text = match notice {
            Notice::ShareRestored => t.share_restored,
            Notice::ShareInvalid => t.share_invalid,
        };
        let dismiss = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::DismissNotice))
        };
        html! {
            <div class="notice" role="status" data-testid="notice">
                <span>{ text }</span>
                <button type="button" class="link" onclick={dismiss}>{ t.close }</button>
            </div>
        }
    });
    let crash = state.crashed.as_ref().map(|marker| {
        let from = match marker.origin {
            Origin::Text => t.crash_from_text,
            Origin::Link => t.crash_from_link,
            Origin::Example => t.crash_from_example,
        };
        let button = |label: &'static str, id: &'static str, action: Action| {
            let dispatch = dispatch.clone();
            let onclick = Callback::from(move |_| dispatch.dispatch(action.clone()));
            html! { <button type="button" data-testid={id} {onclick}>{ label }</button> }
        };
        html! {
            <div class="notice error" role="alert" data-testid="crash-notice">
                <span>{ fill(t.crash_notice, &[from, &marker.bytes.to_string()]) }</span>
                { button(t.analyse_again, "analyse-again", Action::Resume) }
                { button(t.clear_text, "clear-text", Action::ClearText) }
                { button(t.load_demo, "load-demo", Action::LoadExample(examples::DEMO.to_string())) }
            </div>
        }
    });
    let pause = {
        let dispatch = dispatch.clone();
        let paused = state.paused;
        let onclick = Callback::from(move |_| {
            dispatch.dispatch(if paused {
                Action::Resume
            } else {
                Action::Pause
            })
        });
        html! {
            <button type="button" class="link" data-testid="pause" {onclick}>
                { if paused { t.resume } else { t.pause } }
            </button>
        }
    };
    let status = if state.paused {
        t.paused.to_string()
    } else if state.is_stale() {
        t.computing.to_string()
    } else {
        compute_ms
            .map(|ms| format!("{ms:.0} ms"))
            .unwrap_or_default()
    };

    html! {
        <div class="app">
            <Header state={snapshot.clone()} dispatch={dispatch.clone()} />
            { for crash }
            { for notice }
            <main class="layout">
                <div class="pane input-pane">
                    <Editor state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <ContextPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
                <div class="pane output-pane">
                    <p class="status" aria-live="polite" data-testid="status"
                       data-stale={state.is_stale().to_string()}
                       data-paused={state.paused.to_string()}>{ status }{ " " }{ pause }</p>
                    <Results state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <Details state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <DnsPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
            </main>
        </div>
    }
}
