//! The crash guard: an analysis that never finishes must not brick the page.
//!
//! Analyses run in a Web Worker (`analyser`): a trap there (a panic under `panic = "abort"`,
//! an out-of-memory of the worker's wasm) only kills the worker; the page shows it in-app,
//! keeps the text, pauses and spawns a fresh worker. What remains for this guard: a trap
//! when the page analyses inline (no worker could start), and a crash of the whole tab (a
//! renderer out of memory, the user closing a tab). Such a trap leaves the page's instance
//! unusable (Yew's `RefCell`s are borrowed, the shadow stack is gone): nothing inside it can
//! recover. The recovery is outside: before each analysis the app saves the state (text
//! first) and writes a [`Marker`] to local storage; it removes the marker when the analysis
//! is done, stopped or crashed in the worker. A page that starts and finds a marker knows
//! the previous analysis did not finish and starts paused: text restored, nothing analysed,
//! a banner offering to analyse again, clear the text or load the demo. `boot.js` (plain JS)
//! shows a banner with the error and a "Reload (paused)" button when an inline trap happens.
//!
//! This module is pure: the browser side registers [`Hooks`] once; natively (tests) there are
//! none.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

/// Where the analysed input came from, so the banner can say so (a share link that crashes
/// must not crash whoever opens it twice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The editor's text (typed, pasted, dropped, autosaved).
    Text,
    /// A share link.
    Link,
    /// A gallery example.
    Example,
}

/// What local storage holds while an analysis runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    pub origin: Origin,
    /// Bytes of the manifests.
    pub bytes: usize,
    /// FNV-1a of manifests and context, to tell one input from another.
    pub hash: String,
}

impl Marker {
    pub fn of(origin: Origin, manifests: &str, context: &str) -> Marker {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in manifests.bytes().chain([0]).chain(context.bytes()) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Marker {
            origin,
            bytes: manifests.len(),
            hash: format!("{hash:016x}"),
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Any stored text counts as a marker (an unreadable one still means "did not finish").
    pub fn decode(text: &str) -> Marker {
        serde_json::from_str(text).unwrap_or(Marker {
            origin: Origin::Text,
            bytes: 0,
            hash: String::new(),
        })
    }
}

/// What the browser does around an analysis: `before` saves the state about to be analysed
/// and writes the marker; `after` removes the marker.
#[derive(Clone, Copy)]
pub struct Hooks {
    pub before: fn(&crate::state::State, &Marker),
    pub after: fn(),
}

thread_local! {
    static HOOKS: Cell<Option<Hooks>> = const { Cell::new(None) };
    static CRASH_TEST: Cell<bool> = const { Cell::new(false) };
}

/// Registers the browser's hooks (once, at startup).
pub fn install(hooks: Hooks) {
    HOOKS.with(|h| h.set(Some(hooks)));
}

pub(crate) fn before(state: &crate::state::State, marker: &Marker) {
    if let Some(hooks) = HOOKS.with(Cell::get) {
        (hooks.before)(state, marker);
    }
}

pub(crate) fn after() {
    if let Some(hooks) = HOOKS.with(Cell::get) {
        (hooks.after)();
    }
}

/// The address hash that arms the crash test for this page session (the app removes it).
pub const CRASH_TEST_HASH: &str = "#crashtest";
/// With the crash test armed, an analysis of manifests containing this text traps.
pub const CRASH_TEST_TEXT: &str = "podenv-crash-test";

/// Arms the crash test: a test hook, not a feature. Only the address `#crashtest` arms it,
/// for the page it was opened with; manifests alone (a pasted text, a share link, the
/// autosave) can never reach it, since a share link's hash is `#s=...` and the flag is
/// dropped from the address at once.
pub fn arm_crash_test() {
    CRASH_TEST.with(|c| c.set(true));
}

/// True when the crash test is armed (the page passes it on to its analysis worker).
pub fn crash_test_armed() -> bool {
    CRASH_TEST.with(Cell::get)
}

/// Traps like a real failure would (an `unreachable` instruction in wasm, a panic natively)
/// when the crash test is armed and the manifests ask for it.
pub(crate) fn crash_test(manifests: &str) {
    if CRASH_TEST.with(Cell::get) && manifests.contains(CRASH_TEST_TEXT) {
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
        #[cfg(not(target_arch = "wasm32"))]
        panic!("podenv crash test");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_tell_inputs_apart() {
        let marker = Marker::of(Origin::Link, "kind: Pod\n", "");
        assert_eq!(Marker::decode(&marker.encode()), marker);
        assert_eq!(marker.bytes, 10);
        assert_ne!(
            marker.hash,
            Marker::of(Origin::Link, "kind: Pod\n", "x").hash
        );
        assert_eq!(Marker::decode("garbage").origin, Origin::Text);
    }

    #[test]
    fn the_crash_test_needs_arming() {
        crash_test(CRASH_TEST_TEXT); // not armed: nothing happens
        arm_crash_test();
        crash_test("kind: Pod\n");
        let caught = std::panic::catch_unwind(|| crash_test(CRASH_TEST_TEXT));
        assert!(caught.is_err());
        CRASH_TEST.with(|c| c.set(false));
    }
}
