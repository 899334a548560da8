//! The header: name and version tag, the examples gallery, sharing, the theme toggle and the
//! language switch.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use crate::components::share_box::ShareBox;
use crate::components::state_view_props;
use crate::examples;
use crate::i18n::{fill, strings, Lang};
use crate::state::{Action, Theme};

// The share menu inside reads what a link holds, so those fields count here too.
state_view_props!(HeaderProps {
    theme,
    example,
    analysis,
    revision,
    context,
    links,
    selected,
    filter,
    hide_service,
    variable,
    dns_query,
    share_secrets,
    page,
});

#[function_component]
pub fn Header(props: &HeaderProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    let gallery = use_node_ref();

    let cycle_theme = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::CycleTheme))
    };
    let theme_label = match state.theme {
        Theme::Auto => t.theme_auto,
        Theme::Light => t.theme_light,
        Theme::Dark => t.theme_dark,
    };
    let w = crate::walk_text::walk_strings();
    let walkthrough = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::OpenWalkthrough(None)))
    };
    let on_walkthrough = state.page == crate::state::Page::Walkthrough;
    // Each language's button is labelled in that language (and marked so for screen readers).
    let languages = Lang::ALL.into_iter().map(|lang| {
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_| dispatch.dispatch(Action::SetLang(lang)))
        };
        html! {
            <button type="button" lang={lang.html_lang()} aria-pressed={(state.lang == lang).to_string()}
                    data-testid={format!("lang-{}", lang.code())} {onclick}>
                { lang.endonym() }
            </button>
        }
    });
    let cards: Vec<Html> = examples::ALL.iter().map(|example| {
        let (title, description) = t.example(example.id);
        let onclick = {
            let dispatch = dispatch.clone();
            let gallery = gallery.clone();
            let id = example.id.to_string();
            Callback::from(move |_| {
                dispatch.dispatch(Action::LoadExample(id.clone()));
                if let Some(details) = gallery.cast::<HtmlDetailsElement>() {
                    details.set_open(false);
                }
            })
        };
        let current = state.example.as_deref() == Some(example.id);
        html! {
            <li>
                <button type="button" class={classes!("example-card", current.then_some("current"))}
                        data-testid={format!("example-{}", example.id)} {onclick}>
                    <strong>{ title }</strong>
                    <span>{ description }</span>
                </button>
            </li>
        }
    }).collect();

    let show_shortcuts = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ShowShortcuts(true)))
    };
    html! {
        <header class="header">
            <div class="brand">
                <h1>{ t.app_title }</h1>
                <span class="version-tag" data-testid="version-tag">
                    { fill(t.version_tag, &[env!("CARGO_PKG_VERSION"), &state.analysis.kubernetes_version]) }
                </span>
                <p class="tagline">{ t.tagline }</p>
            </div>
            <nav class="header-actions">
                <details class="menu gallery" ref={gallery} data-testid="gallery">
                    <summary>{ t.examples }</summary>
                    <div class="menu-body">
                        <p class="hint">{ t.examples_hint }</p>
                        <ul class="example-grid">{ for cards }</ul>
                    </div>
                </details>
                <button type="button" class={classes!("nav-walkthrough", on_walkthrough.then_some("current"))}
                        data-testid="nav-walkthrough" title={w.nav_hint}
                        aria-current={on_walkthrough.then_some("page")} onclick={walkthrough}>
                    { w.nav }
                </button>
                <ShareBox state={state.clone()} dispatch={dispatch.clone()} />
                <button type="button" class="theme-toggle" onclick={cycle_theme}
                        aria-label={t.theme_toggle} title={t.theme_toggle} data-testid="theme-toggle">
                    { theme_label }
                </button>
                <button type="button" onclick={show_shortcuts} aria-label={t.shortcuts_title}
                        title={t.shortcuts_title} aria-keyshortcuts="?" data-testid="shortcuts-button">{ "?" }</button>
                <span class="lang-switch" role="group" aria-label={t.lang_label} data-testid="lang-switch">
                    { for languages }
                </span>
            </nav>
        </header>
    }
}
