//! The page: wires the reducer to the browser (startup, debounce, autosave, theme, language)
//! and to the analysis worker (`analyser`: requests, answers, Stop), and lays out the panels.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::analyser::{self, Client, Event, Timing};
use crate::browser;
use crate::components::context_panel::ContextPanel;
use crate::components::details::Details;
use crate::components::dns::DnsPanel;
use crate::components::editor::Editor;
use crate::components::header::Header;
use crate::components::results::Results;
use crate::components::walkthrough::Walkthrough;
use crate::examples;
use crate::guard::{self, Marker, Origin};
use crate::i18n::{self, fill, strings, Lang};
use crate::share;
use crate::state::{
    parse_split, Action, AnalysisRef, Notice, Outcome, Page, PaneTab, Runner, State, SPLIT_DEFAULT,
    SPLIT_MAX, SPLIT_MIN, WALKTHROUGH_HASH,
};

/// Pause after the last keystroke before the core runs again.
pub const DEBOUNCE_MS: u32 = 120;

/// How long an analysis runs before the Stop button shows.
pub const STOP_AFTER_MS: u32 = 300;

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

/// Puts the page in `lang`: `<html lang>`, title and description, and the crash banner's
/// strings for `boot.js` (which shows them after a trap, when the wasm can no longer run).
fn show_lang(lang: Lang) {
    let t = lang.strings();
    browser::set_document_lang(lang.html_lang(), t.app_title, t.page_description);
    browser::publish_crash_strings(t.crash_title, t.crash_reload);
}

/// The state the page starts with; `#crashtest` arms the crash test (see `guard`). The
/// language is settled first (the stored choice, else the browser's), so that even a trap
/// in the first analysis is reported in it.
fn startup() -> State {
    install_guard();
    let lang = Lang::initial(
        browser::load_lang().as_deref(),
        browser::navigator_language().as_deref(),
    );
    i18n::set_lang(lang);
    show_lang(lang);
    let mut hash = browser::location_hash();
    if hash == guard::CRASH_TEST_HASH {
        guard::arm_crash_test();
        hash.clear();
    }
    let runner = if analyser::available() {
        Runner::Worker
    } else {
        Runner::Inline
    };
    let mut state = State::startup_with(
        runner,
        &hash,
        browser::load_saved().as_deref(),
        browser::load_marker().as_deref(),
    );
    state.split = browser::load_layout()
        .as_deref()
        .and_then(parse_split)
        .unwrap_or(SPLIT_DEFAULT);
    state
}

#[function_component]
pub fn App() -> Html {
    let state = use_reducer(startup);
    // Before anything renders text: `strings()` answers in the state's language (children
    // render after this component).
    i18n::set_lang(state.lang);
    let dispatch = state.dispatcher();
    let timing = use_state(|| None::<Timing>);
    // The generation of the running analysis once it has run for STOP_AFTER_MS.
    let slow = use_state(|| None::<u64>);

    // The analysis worker: answers become actions. Reading the JSON back happens here, in
    // the page, and is timed with the rest.
    let client = {
        let dispatch = dispatch.clone();
        let timing = timing.setter();
        use_mut_ref(move || {
            Client::spawn(move |event| match event {
                Event::Result {
                    generation,
                    json,
                    worker_ms,
                    round_trip_ms,
                } => {
                    let start = browser::now_ms();
                    let outcome = match analyser::parse(&json) {
                        Ok(analysis) => Outcome::Done(AnalysisRef(Rc::new(analysis))),
                        Err(message) => Outcome::Crashed(message),
                    };
                    drop(json);
                    let parse = browser::now_ms() - start;
                    let applying = browser::now_ms();
                    dispatch.dispatch(Action::Analysed {
                        generation,
                        outcome,
                    });
                    let now = browser::now_ms();
                    timing.set(Some(Timing {
                        total: now - start + round_trip_ms,
                        worker: worker_ms,
                        transfer: (round_trip_ms - worker_ms).max(0.0),
                        parse,
                        apply: now - applying,
                        received_at: start,
                    }));
                }
                Event::Crash {
                    generation,
                    message,
                } => dispatch.dispatch(Action::Analysed {
                    generation,
                    outcome: Outcome::Crashed(message),
                }),
                Event::Failed => dispatch.dispatch(Action::UseInline),
            })
        })
    };
    let client: Rc<RefCell<Option<Client>>> = client;

    // Hand the running request to the worker (or stop it); without a worker, analyse inline.
    {
        let client = client.clone();
        let dispatch = dispatch.clone();
        let running = state.running.clone();
        let runner = state.runner;
        use_effect_with(
            state.running.as_ref().map(|r| r.generation),
            move |_| match client.borrow().as_ref() {
                Some(client) => client.sync(running.as_ref()),
                None if runner == Runner::Worker => dispatch.dispatch(Action::UseInline),
                None => {}
            },
        );
    }

    // The Stop button shows once an analysis has run for a while.
    {
        let slow = slow.clone();
        use_effect_with(
            state.running.as_ref().map(|r| r.generation),
            move |generation| {
                let timer = generation.map(|generation| {
                    Timeout::new(STOP_AFTER_MS, move || slow.set(Some(generation)))
                });
                move || drop(timer)
            },
        );
    }

    // Once: no connections from now on, and a reload shows the autosave, not the link
    // (the walk-through's own address stays).
    use_effect_with((), |_| {
        browser::forbid_connections();
        browser::install_menu_closer();
        if browser::location_hash() != WALKTHROUGH_HASH {
            browser::clear_hash();
        }
    });

    // The page shown is in the address; Back and Forward move between the two pages.
    use_effect_with(state.page, |page| {
        browser::show_route(*page == Page::Walkthrough)
    });
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_window_event("popstate", move || {
                dispatch.dispatch(if browser::location_hash() == WALKTHROUGH_HASH {
                    Action::OpenWalkthrough(None)
                } else {
                    Action::CloseWalkthrough
                })
            });
            move || drop(listener)
        });
    }

    // Recompute a short pause after the input last changed.
    {
        let dispatch = dispatch.clone();
        let timing = timing.clone();
        let inline = state.runner == Runner::Inline;
        use_effect_with(
            (state.revision, state.analyzed_revision, state.paused),
            move |(revision, analyzed, paused)| {
                let timer = (revision != analyzed && !paused).then(|| {
                    Timeout::new(DEBOUNCE_MS, move || {
                        let start = browser::now_ms();
                        dispatch.dispatch(Action::Recompute);
                        if inline {
                            let total = browser::now_ms() - start;
                            timing.set(Some(Timing {
                                total,
                                ..Timing::default()
                            }));
                        }
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

    // The theme, and the panes' split (shown and remembered in this browser).
    use_effect_with((state.theme, state.split), |&(theme, split)| {
        browser::set_theme(theme.as_str());
        browser::set_split(split);
        browser::save_layout(&split.to_string());
    });

    // The focus goes to the table's current row when the keyboard moved it or details opened
    // or closed, and the row stays in sight above open details.
    {
        let cursor = state.cursor.clone();
        use_effect_with(state.focus_row, move |&focus| {
            if let Some(name) = cursor.filter(|_| focus > 0) {
                browser::focus_row(&name);
            }
        });
    }

    // Page shortcuts: `/` searches the variables, `?` lists the shortcuts (not while typing).
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            browser::on_key(move |e| {
                if browser::is_typing(&e) {
                    return;
                }
                match e.key().as_str() {
                    "/" => {
                        e.prevent_default();
                        browser::focus_test_id("filter");
                        dispatch.dispatch(Action::ShowTab(PaneTab::Environment));
                        // Again once that tab is shown (narrow screens).
                        Timeout::new(0, || browser::focus_test_id("filter")).forget();
                    }
                    "?" => {
                        e.prevent_default();
                        dispatch.dispatch(Action::ShowShortcuts(true));
                    }
                    _ => {}
                }
            });
        });
    }
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(state.shortcuts, move |&open| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlDialogElement>() {
                browser::show_dialog(&dialog, open);
            }
        });
    }

    // A save the browser refused (its storage quota) is said, not swallowed.
    {
        let dispatch = dispatch.clone();
        let failed = state.autosave_failed;
        use_effect(move || {
            if let Some((saved, bytes)) = browser::take_save_outcome() {
                let now = (!saved).then_some(bytes);
                if now != failed {
                    dispatch.dispatch(Action::AutosaveFailed(now));
                }
            }
        });
    }

    // A language change: the document follows, and the choice is remembered (only once the
    // user has made one: a first visit keeps following the browser's language).
    {
        let started = use_mut_ref(|| false);
        use_effect_with(state.lang, move |&lang| {
            show_lang(lang);
            if std::mem::replace(&mut *started.borrow_mut(), true) {
                browser::save_lang(lang.code());
            }
        });
    }

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
    let worker_crash = state.worker_crash.as_ref().map(|crash| {
        let from = match crash.marker.origin {
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
            <div class="notice error" role="alert" data-testid="crash-notice" data-in-app="true">
                <span>{ fill(t.worker_crashed, &[from, &crash.marker.bytes.to_string()]) }</span>
                <code>{ &crash.message }</code>
                { button(t.analyse_again, "analyse-again", Action::Resume) }
                { button(t.clear_text, "clear-text", Action::ClearText) }
                { button(t.load_demo, "load-demo", Action::LoadExample(examples::DEMO.to_string())) }
            </div>
        }
    });
    let autosave_failed = state.autosave_failed.map(|bytes| {
        html! {
            <div class="notice error" role="alert" data-testid="autosave-failed">
                <span>{ fill(t.autosave_failed, &[&crate::i18n::size_text(bytes)]) }</span>
            </div>
        }
    });
    let stopped = state.stopped.then(|| {
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::Resume));
        html! {
            <div class="notice" role="status" data-testid="stopped-notice">
                <span>{ t.stopped_notice }</span>
                <button type="button" data-testid="analyse-again" {onclick}>{ t.analyse_again }</button>
            </div>
        }
    });
    let stop = state
        .running
        .as_ref()
        .filter(|r| *slow == Some(r.generation))
        .map(|_| {
            let dispatch = dispatch.clone();
            let onclick = Callback::from(move |_| dispatch.dispatch(Action::Stop));
            html! {
                <button type="button" class="stop" data-testid="stop-analysis"
                        title={t.stop_hint} {onclick}>{ t.stop }</button>
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
    let status = if state.paused && state.stopped {
        t.stopped.to_string()
    } else if state.paused {
        t.paused.to_string()
    } else if state.is_stale() {
        t.computing.to_string()
    } else {
        timing
            .map(|timing| format!("{:.0} ms", timing.total))
            .unwrap_or_default()
    };
    let times = timing.unwrap_or_default();
    let tabs = PaneTab::ALL.into_iter().map(|tab| {
        let label = match tab {
            PaneTab::Manifests => t.tab_manifests,
            PaneTab::Environment => t.tab_environment,
            PaneTab::Dns => t.tab_dns,
        };
        let dispatch = dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::ShowTab(tab)));
        html! {
            <button type="button" role="tab" class={classes!("tab", (state.tab == tab).then_some("selected"))}
                    aria-selected={(state.tab == tab).to_string()} {onclick}
                    data-testid={format!("tab-{}", tab.id())}>{ label }</button>
        }
    });
    let split = state.split;
    let on_split_key = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let to = match e.key().as_str() {
                "ArrowLeft" => split.saturating_sub(2),
                "ArrowRight" => split.saturating_add(2),
                "Home" => SPLIT_MIN,
                "End" => SPLIT_MAX,
                _ => return,
            };
            e.prevent_default();
            dispatch.dispatch(Action::SetSplit(to));
        })
    };
    let on_drag = |start: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some(percent) = browser::drag_split(&e, start) {
                dispatch.dispatch(Action::SetSplit(percent.round().clamp(0.0, 100.0) as u8));
            }
        })
    };
    let shortcut_items = t.shortcuts.iter().map(|(keys, what)| {
        html! { <><dt><kbd>{ *keys }</kbd></dt><dd>{ *what }</dd></> }
    });
    let close_shortcuts = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ShowShortcuts(false)))
    };
    // Esc closes the dialog (the browser does); the state follows, and the focus goes back.
    let on_dialog_close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: web_sys::Event| dispatch.dispatch(Action::ShowShortcuts(false)))
    };

    html! {
        <div class="app">
            <Header state={snapshot.clone()} dispatch={dispatch.clone()} />
            { for crash }
            { for worker_crash }
            { for stopped }
            { for autosave_failed }
            { for notice }
            if state.page == Page::Walkthrough {
                <Walkthrough state={snapshot.clone()} dispatch={dispatch.clone()} />
            }
            <div class="pane-tabs" role="tablist" aria-label={t.pane_tabs_label}
                 hidden={state.page == Page::Walkthrough}>{ for tabs }</div>
            <main class="layout" hidden={state.page == Page::Walkthrough} data-tab={state.tab.id()}>
                <div class="pane input-pane">
                    <Editor state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <ContextPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
                <div class="splitter" role="separator" aria-orientation="vertical" tabindex="0"
                     aria-label={t.resize_panes} aria-valuenow={split.to_string()}
                     aria-valuemin="20" aria-valuemax="80"
                     data-testid="pane-splitter" onkeydown={on_split_key}
                     onpointerdown={on_drag(true)} onpointermove={on_drag(false)}></div>
                <div class="pane output-pane">
                    <p class="status" aria-live="polite" data-testid="status"
                       data-stale={state.is_stale().to_string()}
                       data-paused={state.paused.to_string()}
                       data-stopped={state.stopped.to_string()}
                       data-running={state.running.is_some().to_string()}
                       data-worker={(state.runner == Runner::Worker).to_string()}
                       data-worker-ms={format!("{:.0}", times.worker)}
                       data-transfer-ms={format!("{:.0}", times.transfer)}
                       data-parse-ms={format!("{:.0}", times.parse)}
                       data-apply-ms={format!("{:.0}", times.apply)}
                       data-received-at={format!("{:.0}", times.received_at)}>
                        { status }{ " " }{ for stop }{ " " }{ pause }
                    </p>
                    <Results state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <Details state={snapshot.clone()} dispatch={dispatch.clone()} />
                    <DnsPanel state={snapshot.clone()} dispatch={dispatch.clone()} />
                </div>
            </main>
            <dialog ref={dialog} class="panel shortcuts" data-testid="shortcuts"
                    aria-labelledby="shortcuts-title" onclose={on_dialog_close}>
                <div class="panel-head">
                    <h2 id="shortcuts-title">{ t.shortcuts_title }</h2>
                    <button type="button" onclick={close_shortcuts} aria-label={t.close}
                            data-testid="shortcuts-close">{ "×" }</button>
                </div>
                <dl>{ for shortcut_items }</dl>
            </dialog>
        </div>
    }
}
