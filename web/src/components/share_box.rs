//! The share menu: a link holding the whole state (computed only while the menu is open),
//! the opt-in for Secret values, and a copy button.

use web_sys::HtmlDetailsElement;
use yew::prelude::*;

use crate::browser;
use crate::components::state_view_props;
use crate::i18n::{fill, size_text, strings};

/// Links longer than this get a warning: chat tools and issue trackers cut long links (some
/// at 2 KB, many at 8-64 KB), and a cut link restores nothing.
pub const LONG_LINK_BYTES: usize = 8 * 1000;
use crate::state::Action;

state_view_props!(ShareBoxProps {
    revision,
    example,
    context,
    links,
    selected,
    filter,
    hide_service,
    variable,
    dns_query,
    share_secrets,
});

#[function_component]
pub fn ShareBox(props: &ShareBoxProps) -> Html {
    let t = strings();
    let state = &props.state;
    let dispatch = &props.dispatch;
    let open = use_state(|| false);
    let copy_status = use_state(|| None::<bool>);
    let details = use_node_ref();

    let ontoggle = {
        let open = open.clone();
        let details = details.clone();
        let copy_status = copy_status.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = details.cast::<HtmlDetailsElement>() {
                open.set(element.open());
                copy_status.set(None);
            }
        })
    };
    let url = (*open).then(|| format!("{}#{}", browser::page_url(), state.share_fragment()));
    let toggle_secrets = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let checked = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.checked())
                .unwrap_or(false);
            dispatch.dispatch(Action::SetShareSecrets(checked));
        })
    };
    let copy = {
        let url = url.clone().unwrap_or_default();
        let copy_status = copy_status.clone();
        Callback::from(move |_| {
            let copy_status = copy_status.clone();
            browser::copy_to_clipboard(url.clone(), move |ok| copy_status.set(Some(ok)));
        })
    };
    let status = match *copy_status {
        Some(true) => t.copied,
        Some(false) => t.copy_failed,
        None => "",
    };

    html! {
        <details class="menu share" ref={details} {ontoggle} data-testid="share">
            <summary>{ t.share_title }</summary>
            <div class="menu-body">
                if let Some(url) = url {
                    <label class="check">
                        <input type="checkbox" checked={state.share_secrets} onchange={toggle_secrets}
                               data-testid="share-secrets" />
                        { t.share_secrets }
                    </label>
                    <p class="hint">{ t.share_secrets_hint }</p>
                    <input class="share-url" type="text" readonly=true value={url.clone()}
                           aria-label={t.share_title} data-testid="share-url" data-url={url.clone()} />
                    if url.len() > LONG_LINK_BYTES {
                        <p class="hint warning" data-testid="share-too-long">{ fill(t.share_too_long, &[&size_text(url.len())]) }</p>
                    }
                    <div class="row">
                        <button type="button" onclick={copy} data-testid="copy-share">{ t.copy_link }</button>
                        <span class="copy-status" aria-live="polite">{ status }</span>
                    </div>
                }
            </div>
        </details>
    }
}
