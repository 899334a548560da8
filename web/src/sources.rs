//! Output linked to its source (pure): where the selected variable comes from in the
//! editor's text, as the core's `locate::source_spans` finds it, in the editor's UTF-16
//! offsets; and what a `$(NAME)` hovered in the editor stands for in the selected container.
//!
//! The places are computed on the page thread, on demand, only for the variable whose
//! details are open, and only while the analysis is of the editor's exact text (while it is
//! stale, the places the last analysis knew would point at edited text). The editor and the
//! details panel both ask for them on one click: the last answer is kept ([`CACHE`]).

use std::cell::RefCell;
use std::rc::Rc;

use podenv_core::locate::{source_spans, SpanRole};
use podenv_core::model::{ContainerEnv, Value};
use podenv_core::{ClusterContext, SourceFile};
use podenv_wasm::{CONTEXT_FILE, MANIFESTS_FILE};

use crate::describe;
use crate::i18n::{fill, Strings};
use crate::state::{bytes_text, offset_of, ContainerKey, State};

/// One place of the selected variable in the editor's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRange {
    /// UTF-16 offsets of the editor's text (what CodeMirror counts): first character and
    /// just past the last.
    pub from: usize,
    pub to: usize,
    /// 1-based line and column of `from`.
    pub line: usize,
    pub column: usize,
    pub role: SpanRole,
}

/// What the places were computed for: the input and analysis (revisions), the selection.
type Key = (u64, u64, Option<ContainerKey>, Option<String>);

thread_local! {
    /// The last answer of [`source_ranges`].
    static CACHE: RefCell<Option<(Key, Rc<Vec<SourceRange>>)>> = const { RefCell::new(None) };
}

/// The places of the variable whose details are open (empty when none is, or while the
/// analysis is stale).
pub fn source_ranges(state: &State) -> Rc<Vec<SourceRange>> {
    let key: Key = (
        state.revision,
        state.analyzed_revision,
        state.selected.clone(),
        state.variable.clone(),
    );
    if let Some(ranges) = CACHE.with_borrow(|cache| {
        cache
            .as_ref()
            .filter(|(cached, _)| *cached == key)
            .map(|(_, ranges)| ranges.clone())
    }) {
        return ranges;
    }
    let ranges = Rc::new(compute(state));
    CACHE.with_borrow_mut(|cache| *cache = Some((key, ranges.clone())));
    ranges
}

fn compute(state: &State) -> Vec<SourceRange> {
    if state.is_stale() {
        return Vec::new();
    }
    let (Some((pod, container)), Some(var)) = (state.current(), state.selected_variable()) else {
        return Vec::new();
    };
    // Objects without a namespace are in the context's (as the analysis read them).
    let (context, _) = ClusterContext::parse(CONTEXT_FILE, &state.context_text());
    let namespace = context.resolve().0.namespace;
    let text: &str = &state.manifests;
    let files = [SourceFile::new(MANIFESTS_FILE, text)];
    source_spans(
        &files,
        &namespace,
        &pod.source,
        &container.name,
        container.kind,
        &var.source,
    )
    .into_iter()
    .filter(|span| span.file == MANIFESTS_FILE)
    .map(|span| SourceRange {
        from: offset_of(text, span.from.line, span.from.column),
        to: offset_of(text, span.to.line, span.to.column),
        line: span.from.line,
        column: span.from.column,
        role: span.role,
    })
    .collect()
}

/// The words for a place's role.
pub fn role_label(t: &Strings, role: SpanRole) -> &'static str {
    match role {
        SpanRole::EnvEntry => t.source_env_entry,
        SpanRole::EnvFromEntry => t.source_env_from_entry,
        SpanRole::ConfigMapKey => t.source_config_map_key,
        SpanRole::SecretKey => t.source_secret_key,
        SpanRole::ServicePort => t.source_service_port,
        SpanRole::Service => t.source_service,
    }
}

/// Characters of a value a hover shows; the rest is cut with "…".
pub const HOVER_CHARS: usize = 1000;

/// What hovering `$(NAME)` shows for each variable of `container`: its value as the results
/// table shows it (all candidates when Go map order decides, the reason when only the
/// running container knows). Secret values are shown as the results table shows them: only
/// text that leaves the page is redacted.
pub fn hover_values(t: &Strings, container: &ContainerEnv) -> Vec<(String, String)> {
    let env = container.env.as_deref().unwrap_or_default();
    env.iter()
        .map(|var| {
            let text = match &var.value {
                Value::Known(bytes) => bytes_text(bytes),
                Value::OneOf(_) => format!(
                    "{} ({})",
                    describe::candidates(&var.value).join(" | "),
                    t.nondeterministic_marker
                ),
                Value::Runtime(why) => format!("{}: {why}", t.runtime_marker),
            };
            (var.name.clone(), shorten(text))
        })
        .collect()
}

/// What a hover says for a name the container does not define.
pub fn hover_missing(t: &Strings, container: &ContainerEnv) -> String {
    fill(t.hover_not_defined, &[&container.name])
}

fn shorten(text: String) -> String {
    match text.char_indices().nth(HOVER_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;
    use crate::state::Action;

    const TEXT: &str = "\
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  MODE: \"fäst\"
---
apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {PASSWORD: hunter2}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers:
  - name: app
    image: busybox
    env:
    - name: MODE
      valueFrom: {configMapKeyRef: {name: settings, key: MODE}}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}
    - name: URL
      value: http://$(PASSWORD)@x
";

    fn state() -> State {
        let mut state = State::default();
        state.apply(Action::EditManifests(TEXT.into()));
        state.apply(Action::Recompute);
        state
    }

    #[test]
    fn the_places_of_the_selected_variable() {
        let mut state = state();
        assert!(source_ranges(&state).is_empty(), "nothing selected");
        state.apply(Action::SelectVariable(Some("MODE".into())));
        let ranges = source_ranges(&state);
        let utf16: Vec<u16> = TEXT.encode_utf16().collect();
        let cut = |r: &SourceRange| String::from_utf16_lossy(&utf16[r.from..r.to]);
        assert_eq!(
            ranges
                .iter()
                .map(|r| (r.role, r.line, cut(r)))
                .collect::<Vec<_>>(),
            vec![
                (
                    SpanRole::EnvEntry,
                    20,
                    "name: MODE\n      valueFrom: {configMapKeyRef: {name: settings, key: MODE}}"
                        .to_string()
                ),
                (SpanRole::ConfigMapKey, 5, "MODE: \"fäst\"".to_string()),
            ]
        );
        // Asked again for the same selection: the same answer, not computed again.
        assert!(Rc::ptr_eq(&ranges, &source_ranges(&state)));
        // While the text is edited, nothing (the places would be of the old text).
        state.apply(Action::EditManifests(format!("# edited\n{TEXT}")));
        assert!(source_ranges(&state).is_empty());
        state.apply(Action::Recompute);
        assert_eq!(source_ranges(&state)[1].line, 6);
    }

    #[test]
    fn revealing_a_place_twice_moves_the_editor_twice() {
        let mut state = state();
        assert_eq!(state.reveal, None);
        state.apply(Action::RevealSource(1));
        assert_eq!(state.reveal, Some((1, 1)));
        state.apply(Action::RevealSource(1));
        assert_eq!(state.reveal, Some((2, 1)));
        state.apply(Action::RevealSource(0));
        assert_eq!(state.reveal, Some((3, 0)));
    }

    #[test]
    fn the_master_service_has_no_place() {
        let mut state = state();
        state.apply(Action::SelectVariable(Some(
            "KUBERNETES_SERVICE_HOST".into(),
        )));
        assert!(state.selected_variable().is_some());
        assert!(source_ranges(&state).is_empty());
    }

    #[test]
    fn hover_values_as_the_table_shows_them() {
        let state = state();
        let (_, container) = state.current().unwrap();
        let values = hover_values(&EN, container);
        let get = |values: &[(String, String)], name: &str| {
            values
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(get(&values, "MODE").as_deref(), Some("fäst"));
        assert_eq!(get(&values, "PASSWORD").as_deref(), Some("hunter2"));
        assert_eq!(get(&values, "URL").as_deref(), Some("http://hunter2@x"));
        assert_eq!(
            hover_missing(&EN, container),
            "not defined in container app"
        );
        let long = shorten("é".repeat(HOVER_CHARS + 5));
        assert_eq!(long.chars().count(), HOVER_CHARS + 1);
        assert!(long.ends_with('…'));
    }
}
