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
use crate::i18n::strings;
use crate::share;
use crate::state::{Action, Notice, State};

/// Pause after the last keystroke before the core runs again.
pub const DEBOUNCE_MS: u32 = 120;

fn save(state: &State) {
    browser::save(&share::to_storage(&state.storage_snapshot()));
}

#[function_component]
pub fn App() -> Html {
    let state =
        use_reducer(|| State::startup(&browser::location_hash(), browser::load_saved().as_deref()));
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
            (state.revision, state.analyzed_revision),
            move |(revision, analyzed)| {
                let timer = (revision != analyzed).then(|| {
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

    // Autosave whatever a reload should bring back: after each recompute (a pause in
    // typing) and on any other change, not on every keystroke (the text may be large), and
    // once more when the page is hidden or closed.
    let latest = use_mut_ref(|| None::<Rc<State>>);
    {
        let keys = (
            state.analyzed_revision,
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
    let status = if state.is_stale() {
        t.computing.to_string()
    } else {
        compute_ms
            .map(|ms| format!("{ms:.0} ms"))
            .unwrap_or_default()
    };

    html! {
        <div class="app">
            <Header state={snapshot.clone()} dispatch={dispatch.clone()} />
            { for notice }
            <main class="layout">
                <div class="pane input-pane">
                    <Editor state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <ContextPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
                <div class="pane output-pane">
                    <p class="status" aria-live="polite" data-testid="status"
                       data-stale={state.is_stale().to_string()}>{ status }</p>
                    <Results state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <Details state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <DnsPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
            </main>
        </div>
    }
}
