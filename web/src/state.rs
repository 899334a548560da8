//! The explorer's state and the pure reducer that changes it.
//!
//! Every user intent is an [`Action`]; [`State::apply`] is the only place the state changes.
//! Recomputing calls podenv-core (through `podenv_wasm::run`, the same path as the wasm
//! package), either inline ([`Runner::Inline`]: native tests, and the page when no Web Worker
//! is available) or by requesting it ([`Runner::Worker`]): the state then holds the
//! [`Request`] with its generation, the page's analysis worker (`analyser`) runs it, and the
//! answer comes back as [`Action::Analysed`]; answers of older generations are ignored.
//! Components only render a `State` and dispatch actions. Tested natively.

use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;

use podenv_core::context::defaults;
use podenv_core::model::{
    Analysis, ContainerEnv, DnsRecord, EnvVar, PodEnv, ResolverWalk, Source, Value,
};
use yew::Reducible;

use crate::examples;
use crate::guard::{self, Marker, Origin};
use crate::i18n;
pub use crate::i18n::Lang;
use crate::share::{self, HashRequest, Snapshot};

/// Rows rendered before the user asks for all of them (a 500-Service namespace yields
/// thousands of variables; the filter finds any of them).
pub const ROW_LIMIT: usize = 300;

/// An analysis shared between renders. Two are equal only when they are the same result,
/// so components re-render when a recompute happened, not when other state changed.
#[derive(Debug, Clone)]
pub struct AnalysisRef(pub Rc<Analysis>);

impl PartialEq for AnalysisRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for AnalysisRef {
    type Target = Analysis;
    fn deref(&self) -> &Analysis {
        &self.0
    }
}

/// The context key of [`State::assume_missing`] (rule A11).
pub const ASSUME_MISSING_KEY: &str = "assumeMissingObjects";

/// The cluster-context fields the panel edits. Each maps to one key of the core's
/// `ClusterContext`; list fields take comma-separated values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContextField {
    Namespace,
    PodIps,
    HostIps,
    NodeName,
    ClusterDomain,
    ClusterDns,
    ServiceCidr,
    KubernetesVersion,
}

impl ContextField {
    pub const ALL: [ContextField; 8] = [
        ContextField::Namespace,
        ContextField::PodIps,
        ContextField::HostIps,
        ContextField::NodeName,
        ContextField::ClusterDomain,
        ContextField::ClusterDns,
        ContextField::ServiceCidr,
        ContextField::KubernetesVersion,
    ];

    /// The key in the core's cluster context (README, "The cluster context").
    pub fn key(self) -> &'static str {
        match self {
            ContextField::Namespace => "namespace",
            ContextField::PodIps => "podIPs",
            ContextField::HostIps => "hostIPs",
            ContextField::NodeName => "nodeName",
            ContextField::ClusterDomain => "clusterDomain",
            ContextField::ClusterDns => "clusterDNS",
            ContextField::ServiceCidr => "serviceCIDR",
            ContextField::KubernetesVersion => "kubernetesVersion",
        }
    }

    pub fn from_key(key: &str) -> Option<ContextField> {
        ContextField::ALL.into_iter().find(|f| f.key() == key)
    }

    /// True for keys that take a list (written comma-separated in the panel).
    pub fn is_list(self) -> bool {
        matches!(
            self,
            ContextField::PodIps
                | ContextField::HostIps
                | ContextField::ClusterDns
                | ContextField::ServiceCidr
        )
    }

    /// The core's default, shown as the field's placeholder.
    pub fn default_value(self) -> &'static str {
        match self {
            ContextField::Namespace => defaults::NAMESPACE,
            ContextField::PodIps => defaults::POD_IP,
            ContextField::HostIps => defaults::HOST_IP,
            ContextField::NodeName => defaults::NODE_NAME,
            ContextField::ClusterDomain => defaults::CLUSTER_DOMAIN,
            ContextField::ClusterDns => defaults::CLUSTER_DNS,
            ContextField::ServiceCidr => defaults::SERVICE_CIDR,
            ContextField::KubernetesVersion => defaults::KUBERNETES_VERSION,
        }
    }
}

/// The explorer's `enableServiceLinks` override for every pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LinksOverride {
    /// Each pod as written (the API default is `true`).
    #[default]
    AsWritten,
    Enabled,
    Disabled,
}

impl LinksOverride {
    pub fn as_option(self) -> Option<bool> {
        match self {
            LinksOverride::AsWritten => None,
            LinksOverride::Enabled => Some(true),
            LinksOverride::Disabled => Some(false),
        }
    }

    pub fn from_option(value: Option<bool>) -> LinksOverride {
        match value {
            None => LinksOverride::AsWritten,
            Some(true) => LinksOverride::Enabled,
            Some(false) => LinksOverride::Disabled,
        }
    }
}

/// Colour scheme: follow the system, or the user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn next(self) -> Theme {
        match self {
            Theme::Auto => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Auto,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(text: &str) -> Theme {
        match text {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }
}

/// The export formats of the results toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    DotEnv,
    Json,
    DockerRun,
    Markdown,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::DotEnv,
        ExportFormat::Json,
        ExportFormat::DockerRun,
        ExportFormat::Markdown,
    ];

    pub fn id(self) -> &'static str {
        match self {
            ExportFormat::DotEnv => "dotenv",
            ExportFormat::Json => "json",
            ExportFormat::DockerRun => "docker",
            ExportFormat::Markdown => "markdown",
        }
    }
}

/// Which container the results show: the pod as `namespace/name`, the container's kind as
/// in the JSON schema (`container`, `initContainer`, `ephemeralContainer`) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerKey {
    pub pod: String,
    pub kind: String,
    pub name: String,
}

impl ContainerKey {
    pub fn of(pod: &PodEnv, container: &ContainerEnv) -> ContainerKey {
        ContainerKey {
            pod: pod_id(pod),
            kind: container.kind.as_str().to_string(),
            name: container.name.clone(),
        }
    }

    /// `<kind>/<name>`, the value of the `data-container` test hook.
    pub fn data_container(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }

    /// `pod|kind/name`, the form kept in share links.
    pub fn encode(&self) -> String {
        format!("{}|{}", self.pod, self.data_container())
    }

    pub fn decode(text: &str) -> Option<ContainerKey> {
        let (pod, container) = text.split_once('|')?;
        let (kind, name) = container.split_once('/')?;
        Some(ContainerKey {
            pod: pod.to_string(),
            kind: kind.to_string(),
            name: name.to_string(),
        })
    }
}

/// `namespace/name` of a pod.
pub fn pod_id(pod: &PodEnv) -> String {
    format!("{}/{}", pod.namespace, pod.name)
}

/// Which page the explorer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    /// The manifests, the results and DNS.
    #[default]
    Explorer,
    /// The annotated walk along the kubelet's path for the selected container
    /// (`#/walkthrough`); its analysis carries the core's trace.
    Walkthrough,
}

/// The part of the explorer a narrow screen shows (its tabs: Manifests | Environment | DNS);
/// a wide screen shows them all, side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaneTab {
    #[default]
    Manifests,
    Environment,
    Dns,
}

impl PaneTab {
    pub const ALL: [PaneTab; 3] = [PaneTab::Manifests, PaneTab::Environment, PaneTab::Dns];

    /// The tab's test id suffix and the layout's `data-tab`.
    pub fn id(self) -> &'static str {
        match self {
            PaneTab::Manifests => "manifests",
            PaneTab::Environment => "environment",
            PaneTab::Dns => "dns",
        }
    }
}

/// How the keyboard moves the results table's current row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMove {
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
}

/// Rows PageUp and PageDown move by.
pub const PAGE_ROWS: usize = 10;

/// The manifests pane's share of the width (percent): the default and the bounds (also the
/// separator's `aria-valuemin` and `aria-valuemax` in `app.rs`).
pub const SPLIT_DEFAULT: u8 = 45;
pub const SPLIT_MIN: u8 = 20;
pub const SPLIT_MAX: u8 = 80;

/// A remembered split (the layout's storage value, a number), if it is one.
pub fn parse_split(text: &str) -> Option<u8> {
    text.trim()
        .parse::<u8>()
        .ok()
        .map(|v| v.clamp(SPLIT_MIN, SPLIT_MAX))
}

/// The address fragment of the walk-through page.
pub const WALKTHROUGH_HASH: &str = "#/walkthrough";

/// Where analyses run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Runner {
    /// Synchronously, inside the reducer (native tests; the page when no worker can start).
    #[default]
    Inline,
    /// In the page's analysis worker: the reducer only records a [`Request`].
    Worker,
}

/// An analysis asked of the worker: its generation (one per request), the revision of the
/// input it analyses, the input itself, and the crash guard's marker of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub generation: u64,
    pub revision: u64,
    pub manifests: Rc<str>,
    /// The context as the JSON text the core reads (see [`State::context_text`]).
    pub context: String,
    pub links: Option<bool>,
    /// Ask the core for the trace (the walk-through page is open).
    pub trace: bool,
    pub marker: Marker,
}

/// What the worker answered to a request.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done(AnalysisRef),
    /// The analysis trapped (a panic, out of memory) or the worker died: the error's text.
    Crashed(String),
}

/// An analysis that crashed in the worker while the page kept running.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkerCrash {
    /// The error the worker reported, e.g. `RuntimeError: unreachable`.
    pub message: String,
    pub marker: Marker,
}

/// Everything the user can do.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The editor's text changed (typing, paste). Recomputed after a short pause.
    EditManifests(String),
    /// Files dropped on the editor or added with "Add files": appended as new documents,
    /// recomputed at once.
    AppendFiles(Vec<(String, String)>),
    /// Files opened with "Open files": they replace the text (which can be restored, as
    /// after loading an example), recomputed at once.
    OpenFiles(Vec<(String, String)>),
    /// The browser refused to keep the autosave: `Some(bytes)` (its size), or `None` once
    /// a save succeeded again.
    AutosaveFailed(Option<usize>),
    /// A cluster-context field changed. Recomputed after a short pause.
    SetContext(ContextField, String),
    SetLinks(LinksOverride),
    /// The context's `assumeMissingObjects` (rule A11): ConfigMaps and Secrets the input
    /// lacks are taken to exist, their values shown as placeholders.
    SetAssumeMissing(bool),
    /// Runs the core on the current input (the debounce timer fires this).
    Recompute,
    /// Replaces the input with a gallery example (the previous text can be restored).
    LoadExample(String),
    /// Puts back the text that the last example replaced.
    UndoExample,
    Select(ContainerKey),
    SetFilter(String),
    SetHideService(bool),
    ShowAllRows,
    SelectVariable(Option<String>),
    SetDnsQuery(String),
    SetShareSecrets(bool),
    CycleTheme,
    /// The header's language switch. Not part of any snapshot: a link opens in the
    /// receiver's language; the page remembers the choice under its own storage key.
    SetLang(Lang),
    ShowExport(Option<ExportFormat>),
    /// Restores a saved or shared snapshot (URL hash, local storage).
    Restore(Snapshot),
    DismissNotice,
    /// Stops analysing: edits wait until [`Action::Resume`].
    Pause,
    /// Analyses again (also "Analyse again" after a crash).
    Resume,
    /// Empties the editor (after a crash) and analyses the empty text.
    ClearText,
    /// A dropped or opened file was not UTF-8; nothing was added.
    RejectFile(FileError),
    /// The worker answered the request of `generation` (ignored unless it is the running one).
    Analysed {
        generation: u64,
        outcome: Outcome,
    },
    /// Opens the walk-through of the selected container, following `variable` when given
    /// (else the variable whose details are open). Analyses again with the trace if the
    /// current analysis has none.
    OpenWalkthrough(Option<String>),
    /// Back to the explorer.
    CloseWalkthrough,
    /// Stops the running analysis (the worker is terminated): the text is kept, analysis
    /// paused until [`Action::Resume`].
    Stop,
    /// No worker can run analyses: run them inline from now on (the pending one at once).
    UseInline,
    /// Arrow keys, Home/End, PageUp/PageDown in the table: the current row moves, and the
    /// focus with it.
    MoveCursor(RowMove),
    /// Closes the details (button, Esc): the focus goes back to the row that opened them.
    CloseDetails,
    /// The manifests pane's width in percent (clamped to `SPLIT_MIN..=SPLIT_MAX`).
    SetSplit(u8),
    /// The narrow layout's tab.
    ShowTab(PaneTab),
    /// Opens or closes the keyboard shortcuts dialog (`?`).
    ShowShortcuts(bool),
    /// Moves the editor to place `n` of the selected variable in the manifests (its details'
    /// links; the places come from `sources::source_ranges`).
    RevealSource(usize),
}

/// A file the editor refused: its name and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub name: String,
    pub problem: FileProblem,
}

/// Why a file was refused (the core's `decode_utf8` decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// 1-based line and column (in characters) of the first byte that is not UTF-8.
    NotUtf8 { line: usize, column: usize },
    /// Over the core's input limit (`limits::MAX_INPUT_BYTES`): the file's size.
    TooLarge { bytes: usize },
}

/// The whole explorer state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The editor's text (shared: the state is cloned on every action).
    pub manifests: Rc<str>,
    /// Context fields as typed; empty fields are absent (the core's default applies).
    pub context: BTreeMap<ContextField, String>,
    pub links: LinksOverride,
    /// The context's `assumeMissingObjects` switch (rule A11).
    pub assume_missing: bool,
    /// The last result of the core.
    pub analysis: AnalysisRef,
    /// Bumped on every input change; equal to `analyzed_revision` when `analysis` is current.
    pub revision: u64,
    /// Bumped when the text changes by anything but typing in the editor (an example, a
    /// dropped file, a restore), so the editor knows to show the new text.
    pub text_replaced: u64,
    pub analyzed_revision: u64,
    pub selected: Option<ContainerKey>,
    pub filter: String,
    pub hide_service: bool,
    pub show_all_rows: bool,
    pub variable: Option<String>,
    pub dns_query: String,
    pub share_secrets: bool,
    pub theme: Theme,
    /// The UI language; `i18n::strings()` answers in it (set with it, see
    /// [`Action::SetLang`]).
    pub lang: Lang,
    pub export: Option<ExportFormat>,
    /// The gallery example whose text is in the editor, while it is unchanged.
    pub example: Option<String>,
    /// The text an example replaced, so that loading an example never loses the user's text.
    pub replaced_text: Option<String>,
    /// A message about how the page started (a share link restored or unreadable).
    pub notice: Option<Notice>,
    /// Analysis is paused: edits are kept but not analysed (after a crash, or asked for).
    pub paused: bool,
    /// The previous page's analysis did not finish (its marker was still stored).
    pub crashed: Option<Marker>,
    /// Where the current text came from (recorded in the crash marker).
    pub origin: Origin,
    /// The last file the editor refused.
    pub file_error: Option<FileError>,
    /// How many files "Open files" put in place of the text (the restore notice says so).
    pub opened_files: Option<usize>,
    /// The size of a text the browser's storage refused to keep (a reload would lose it).
    pub autosave_failed: Option<usize>,
    /// Where analyses run.
    pub runner: Runner,
    /// The analysis the worker is running, if any.
    pub running: Option<Request>,
    /// The generation of the last request (each request gets the next one).
    pub generation: u64,
    /// The user stopped the last analysis (analysis is paused).
    pub stopped: bool,
    /// The last analysis crashed in the worker (analysis is paused; the page kept running).
    pub worker_crash: Option<WorkerCrash>,
    pub page: Page,
    /// `analysis` carries the core's trace (`ContainerEnv::steps`).
    pub traced: bool,
    /// The results table's current row (roving tab stop), by variable name: moved by the
    /// keyboard, and set by opening a variable's details (a click, Enter).
    pub cursor: Option<String>,
    /// Bumped when the focus must go to the current row (keyboard moves, details opened or
    /// closed).
    pub focus_row: u64,
    /// The manifests pane's share of the width, in percent (a browser setting, own key).
    pub split: u8,
    /// The narrow layout's tab.
    pub tab: PaneTab,
    /// The keyboard shortcuts dialog is open.
    pub shortcuts: bool,
    /// The last [`Action::RevealSource`]: a count of them (so that the same place asked
    /// twice moves the editor twice) and the place.
    pub reveal: Option<(u64, usize)>,
}

/// A one-off message at the top of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    ShareRestored,
    ShareInvalid,
}

impl Default for State {
    /// The built-in demo, analysed.
    fn default() -> State {
        State::from_snapshot(Snapshot::default())
    }
}

impl State {
    /// A state from a snapshot (an empty snapshot is the demo example), analysed.
    pub fn from_snapshot(snapshot: Snapshot) -> State {
        State::from_snapshot_paused(
            snapshot,
            Origin::Text,
            false,
            Runner::Inline,
            Page::Explorer,
        )
    }

    /// A state from a snapshot, analysed (or, with the worker, requested) unless `paused`.
    fn from_snapshot_paused(
        snapshot: Snapshot,
        origin: Origin,
        paused: bool,
        runner: Runner,
        page: Page,
    ) -> State {
        let mut state = State {
            manifests: Rc::from(""),
            context: BTreeMap::new(),
            links: LinksOverride::AsWritten,
            assume_missing: false,
            analysis: AnalysisRef(Rc::new(empty_analysis())),
            revision: 0,
            text_replaced: 0,
            analyzed_revision: 0,
            selected: None,
            filter: String::new(),
            hide_service: false,
            show_all_rows: false,
            variable: None,
            dns_query: String::new(),
            share_secrets: false,
            theme: Theme::Auto,
            // The language the page started in (the page sets it before building the state).
            lang: i18n::current_lang(),
            export: None,
            example: None,
            replaced_text: None,
            notice: None,
            paused,
            crashed: None,
            origin,
            file_error: None,
            opened_files: None,
            autosave_failed: None,
            runner,
            running: None,
            generation: 0,
            stopped: false,
            worker_crash: None,
            page,
            traced: false,
            cursor: None,
            focus_row: 0,
            split: SPLIT_DEFAULT,
            tab: PaneTab::default(),
            shortcuts: false,
            reveal: None,
        };
        state.apply(Action::Restore(snapshot));
        state
    }

    /// True when the input changed since the last analysis (a recompute is due or running).
    pub fn is_stale(&self) -> bool {
        self.revision != self.analyzed_revision
    }

    /// True when the current input is neither analysed nor being analysed.
    pub fn needs_analysis(&self) -> bool {
        self.is_stale() && self.running.as_ref().map(|r| r.revision) != Some(self.revision)
    }

    /// Applies one action. The only place the state changes.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::EditManifests(text) => {
                if *text != *self.manifests {
                    // Not `text_replaced`: the editor already shows this text, and putting it
                    // back would move the cursor (and copy a large text on every keystroke).
                    self.manifests = Rc::from(text);
                    self.example = None;
                    self.origin = Origin::Text;
                    self.revision += 1;
                }
            }
            Action::AppendFiles(files) => {
                for (name, text) in files {
                    self.manifests = Rc::from(append_document(&self.manifests, &name, &text));
                }
                self.text_replaced += 1;
                self.example = None;
                self.origin = Origin::Text;
                self.file_error = None;
                self.revision += 1;
                self.recompute();
            }
            Action::OpenFiles(files) => {
                if self.example.is_none() && !self.manifests.trim().is_empty() {
                    self.replaced_text = Some(self.manifests.to_string());
                }
                let mut text = String::new();
                for (name, file) in files.iter() {
                    text = append_document(&text, name, file);
                }
                self.opened_files = Some(files.len());
                self.manifests = Rc::from(text);
                self.text_replaced += 1;
                self.example = None;
                self.origin = Origin::Text;
                self.file_error = None;
                self.selected = None;
                self.variable = None;
                self.revision += 1;
                self.recompute();
            }
            Action::AutosaveFailed(bytes) => self.autosave_failed = bytes,
            Action::SetContext(field, value) => {
                let value = value.trim().to_string();
                let changed = if value.is_empty() {
                    self.context.remove(&field).is_some()
                } else {
                    self.context.insert(field, value.clone()) != Some(value)
                };
                if changed {
                    self.revision += 1;
                }
            }
            Action::SetLinks(links) => {
                if links != self.links {
                    self.links = links;
                    self.revision += 1;
                    self.recompute();
                }
            }
            Action::SetAssumeMissing(assume) => {
                if assume != self.assume_missing {
                    self.assume_missing = assume;
                    self.revision += 1;
                    self.recompute();
                }
            }
            Action::Recompute => {
                if self.needs_analysis() {
                    self.recompute();
                }
            }
            Action::LoadExample(id) => {
                if let Some(example) = examples::find(&id) {
                    if self.example.is_none() && !self.manifests.trim().is_empty() {
                        self.replaced_text = Some(self.manifests.to_string());
                    }
                    self.manifests = Rc::from(example.text());
                    self.text_replaced += 1;
                    self.context = example
                        .context
                        .iter()
                        .filter_map(|(k, v)| ContextField::from_key(k).map(|f| (f, v.to_string())))
                        .collect();
                    self.links = LinksOverride::AsWritten;
                    self.assume_missing = false;
                    self.example = Some(example.id.to_string());
                    self.opened_files = None;
                    self.origin = Origin::Example;
                    // Choosing an example is a fresh start after a crash.
                    self.resume_flags();
                    self.selected = None;
                    self.variable = None;
                    self.filter.clear();
                    self.revision += 1;
                    self.recompute();
                }
            }
            Action::UndoExample => {
                self.opened_files = None;
                if let Some(text) = self.replaced_text.take() {
                    self.manifests = Rc::from(text);
                    self.text_replaced += 1;
                    self.example = None;
                    self.origin = Origin::Text;
                    self.revision += 1;
                    self.recompute();
                }
            }
            Action::Select(key) => {
                if self.selected.as_ref() != Some(&key) {
                    self.selected = Some(key);
                    self.show_all_rows = false;
                    self.fix_selection();
                }
            }
            Action::SetFilter(filter) => {
                self.filter = filter;
                self.show_all_rows = false;
            }
            Action::SetHideService(hide) => self.hide_service = hide,
            Action::ShowAllRows => self.show_all_rows = true,
            Action::SelectVariable(name) => {
                // Its row becomes the current one, kept in sight above the details.
                if name.is_some() {
                    self.cursor.clone_from(&name);
                    self.focus_row += 1;
                }
                self.variable = name;
            }
            Action::SetDnsQuery(query) => self.dns_query = query,
            Action::SetShareSecrets(on) => self.share_secrets = on,
            Action::CycleTheme => self.theme = self.theme.next(),
            Action::SetLang(lang) => {
                self.lang = lang;
                i18n::set_lang(lang);
            }
            Action::ShowExport(format) => self.export = format,
            Action::Restore(snapshot) => self.restore(snapshot),
            Action::DismissNotice => {
                self.notice = None;
                self.file_error = None;
            }
            Action::Pause => self.paused = true,
            Action::Resume => {
                self.resume_flags();
                if self.needs_analysis() {
                    self.recompute();
                }
            }
            Action::ClearText => {
                self.manifests = Rc::from("");
                self.text_replaced += 1;
                self.example = None;
                self.origin = Origin::Text;
                self.resume_flags();
                self.revision += 1;
                self.recompute();
            }
            Action::RejectFile(error) => self.file_error = Some(error),
            Action::Analysed {
                generation,
                outcome,
            } => {
                if self.running.as_ref().map(|r| r.generation) != Some(generation) {
                    return; // an answer to an older request
                }
                let Some(request) = self.running.take() else {
                    return;
                };
                match outcome {
                    Outcome::Done(analysis) => {
                        self.finish(analysis, request.revision, request.trace)
                    }
                    Outcome::Crashed(message) => {
                        // The page survived: no marker is needed for a reload, but analysis
                        // waits for the user (the same text would crash again).
                        self.paused = true;
                        self.worker_crash = Some(WorkerCrash {
                            message,
                            marker: request.marker,
                        });
                        guard::after();
                    }
                }
            }
            Action::Stop => {
                if self.running.take().is_some() {
                    self.paused = true;
                    self.stopped = true;
                    guard::after();
                }
            }
            Action::OpenWalkthrough(variable) => {
                if variable.is_some() {
                    self.variable = variable;
                }
                self.page = Page::Walkthrough;
                let trace_coming = self
                    .running
                    .as_ref()
                    .is_some_and(|r| r.trace && r.revision == self.revision);
                if !self.traced && !trace_coming {
                    self.recompute();
                }
            }
            Action::CloseWalkthrough => self.page = Page::Explorer,
            Action::UseInline => {
                self.runner = Runner::Inline;
                if self.running.take().is_some() {
                    self.recompute();
                }
            }
            Action::MoveCursor(step) => {
                let rows = self.shown_variables();
                if rows.is_empty() {
                    return;
                }
                let last = rows.len() - 1;
                let at = self.cursor_row(&rows);
                let next = match step {
                    RowMove::Up => at.saturating_sub(1),
                    RowMove::Down => (at + 1).min(last),
                    RowMove::PageUp => at.saturating_sub(PAGE_ROWS),
                    RowMove::PageDown => (at + PAGE_ROWS).min(last),
                    RowMove::Home => 0,
                    RowMove::End => last,
                };
                self.cursor = Some(rows[next].name.clone());
                self.focus_row += 1;
            }
            Action::CloseDetails => {
                if let Some(name) = self.variable.take() {
                    self.cursor = Some(name);
                    self.focus_row += 1;
                }
            }
            Action::SetSplit(split) => self.split = split.clamp(SPLIT_MIN, SPLIT_MAX),
            Action::ShowTab(tab) => self.tab = tab,
            Action::ShowShortcuts(open) => self.shortcuts = open,
            Action::RevealSource(place) => {
                let count = self.reveal.map_or(0, |(count, _)| count) + 1;
                self.reveal = Some((count, place));
            }
        }
    }

    /// The rows the table shows: the visible variables, limited until "show all".
    pub fn shown_variables(&self) -> Vec<&EnvVar> {
        let mut rows = self.visible_variables();
        if !self.show_all_rows {
            rows.truncate(ROW_LIMIT);
        }
        rows
    }

    /// The index in `rows` of the table's one tab stop: the current row, else the row whose
    /// details are open, else the first.
    pub fn cursor_row(&self, rows: &[&EnvVar]) -> usize {
        [&self.cursor, &self.variable]
            .into_iter()
            .flatten()
            .find_map(|name| rows.iter().position(|v| &v.name == name))
            .unwrap_or(0)
    }

    /// Analysis may run again: no pause, no crash or stop on show.
    fn resume_flags(&mut self) {
        self.paused = false;
        self.crashed = None;
        self.worker_crash = None;
        self.stopped = false;
    }

    fn restore(&mut self, snapshot: Snapshot) {
        let example = snapshot
            .example
            .as_deref()
            .and_then(examples::find)
            .or_else(|| {
                snapshot
                    .manifests
                    .is_none()
                    .then(|| examples::find(examples::DEMO))
                    .flatten()
            });
        match (&snapshot.manifests, example) {
            (Some(text), _) => {
                self.manifests = Rc::from(text.as_str());
                self.example = None;
            }
            (None, Some(example)) => {
                self.manifests = Rc::from(example.text());
                self.example = Some(example.id.to_string());
                if self.origin == Origin::Text {
                    self.origin = Origin::Example;
                }
            }
            (None, None) => {
                self.manifests = Rc::from("");
                self.example = None;
            }
        }
        self.text_replaced += 1;
        self.context = snapshot
            .context
            .iter()
            .filter_map(|(k, v)| ContextField::from_key(k).map(|f| (f, v.clone())))
            .filter(|(_, v)| !v.trim().is_empty())
            .collect();
        self.links = LinksOverride::from_option(snapshot.links);
        self.assume_missing = snapshot.assume_missing;
        self.selected = snapshot.container.as_deref().and_then(ContainerKey::decode);
        self.filter = snapshot.filter.clone().unwrap_or_default();
        self.hide_service = snapshot.hide_service;
        self.variable = snapshot.variable.clone();
        self.dns_query = snapshot.dns_query.clone().unwrap_or_default();
        if let Some(theme) = &snapshot.theme {
            self.theme = Theme::parse(theme);
        }
        self.revision += 1;
        self.recompute();
    }

    /// The context as the JSON text the core's `ClusterContext::parse` reads.
    pub fn context_text(&self) -> String {
        let mut map = serde_json::Map::new();
        for (field, value) in &self.context {
            let json = if field.is_list() {
                serde_json::Value::Array(
                    value
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| serde_json::Value::String(s.to_string()))
                        .collect(),
                )
            } else {
                serde_json::Value::String(value.clone())
            };
            map.insert(field.key().to_string(), json);
        }
        if self.assume_missing {
            map.insert(
                ASSUME_MISSING_KEY.to_string(),
                serde_json::Value::Bool(true),
            );
        }
        if map.is_empty() {
            String::new()
        } else {
            serde_json::Value::Object(map).to_string()
        }
    }

    /// Runs the core (inline) or requests it (worker), unless paused. The crash guard saves
    /// the state and marks the analysis as running first, and clears the mark when it is
    /// done, stopped or crashed in the worker (see [`guard`]). A request replaces any running
    /// one: its answer will be ignored (the page terminates that worker).
    fn recompute(&mut self) {
        if self.paused {
            return;
        }
        let context = self.context_text();
        let trace = self.page == Page::Walkthrough;
        let marker = Marker::of(self.origin, &self.manifests, &context);
        guard::before(self, &marker);
        match self.runner {
            Runner::Inline => {
                self.running = None;
                guard::crash_test(&self.manifests);
                let analysis = podenv_wasm::run(&podenv_wasm::Input {
                    manifests: &self.manifests,
                    context: &context,
                    enable_service_links: self.links.as_option(),
                    trace,
                });
                self.finish(AnalysisRef(Rc::new(analysis)), self.revision, trace);
            }
            Runner::Worker => {
                self.generation += 1;
                self.running = Some(Request {
                    generation: self.generation,
                    revision: self.revision,
                    manifests: self.manifests.clone(),
                    context,
                    links: self.links.as_option(),
                    trace,
                    marker,
                });
            }
        }
    }

    /// Takes an analysis of the input at `revision` (with the trace when `traced`).
    fn finish(&mut self, analysis: AnalysisRef, revision: u64, traced: bool) {
        // Where the selected pod was, to find it again if its namespace changed.
        let was_at = self
            .selected
            .as_ref()
            .and_then(|key| self.analysis.pods.iter().position(|p| pod_id(p) == key.pod));
        self.analysis = analysis;
        self.traced = traced;
        self.analyzed_revision = revision;
        self.fix_selection_from(was_at);
        guard::after();
    }

    fn fix_selection(&mut self) {
        self.fix_selection_from(None);
    }

    /// Keeps the selected container if it still exists; else the same pod and container by
    /// name in another namespace (the context's namespace changed; the pod at the selected
    /// pod's old place `was_at` first); else picks the first regular container (or the
    /// first container of any kind). An analysis without pods (text being typed) keeps the
    /// selection for the next one.
    fn fix_selection_from(&mut self, was_at: Option<usize>) {
        let all: Vec<(usize, ContainerKey)> = self
            .analysis
            .pods
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.containers
                    .iter()
                    .map(move |c| (i, ContainerKey::of(p, c)))
            })
            .collect();
        if let Some(key) = &self.selected {
            if all.iter().any(|(_, k)| k == key) || self.analysis.pods.is_empty() {
                return;
            }
            let name = |pod: &str| pod.split_once('/').map(|(_, n)| n.to_string());
            let moved = |k: &ContainerKey| {
                k.kind == key.kind && k.name == key.name && name(&k.pod) == name(&key.pod)
            };
            let found = all
                .iter()
                .filter(|(_, k)| moved(k))
                .min_by_key(|(i, _)| Some(*i) != was_at)
                .map(|(_, k)| k.clone());
            if found.is_some() {
                self.selected = found;
                return;
            }
        }
        let all: Vec<ContainerKey> = all.into_iter().map(|(_, k)| k).collect();
        self.selected = all
            .iter()
            .find(|k| k.kind == "container")
            .or_else(|| all.first())
            .cloned();
    }

    /// The selected pod and container.
    pub fn current(&self) -> Option<(&PodEnv, &ContainerEnv)> {
        let key = self.selected.as_ref()?;
        self.analysis.pods.iter().find_map(|pod| {
            (pod_id(pod) == key.pod)
                .then(|| {
                    pod.containers
                        .iter()
                        .find(|c| c.kind.as_str() == key.kind && c.name == key.name)
                        .map(|c| (pod, c))
                })
                .flatten()
        })
    }

    /// The selected pod (also when it has no containers, e.g. rejected).
    pub fn current_pod(&self) -> Option<&PodEnv> {
        let key = self.selected.as_ref()?;
        self.analysis.pods.iter().find(|pod| pod_id(pod) == key.pod)
    }

    /// Variables of the selected container after the filter and the service toggle.
    pub fn visible_variables(&self) -> Vec<&EnvVar> {
        let Some((_, container)) = self.current() else {
            return Vec::new();
        };
        let needle = self.filter.trim().to_lowercase();
        container
            .env
            .iter()
            .flatten()
            .filter(|var| !(self.hide_service && matches!(var.source, Source::Service { .. })))
            .filter(|var| {
                needle.is_empty()
                    || var.name.to_lowercase().contains(&needle)
                    || value_text(&var.value).to_lowercase().contains(&needle)
            })
            .collect()
    }

    /// The variable whose details are open, if it is in the selected container.
    pub fn selected_variable(&self) -> Option<&EnvVar> {
        let name = self.variable.as_ref()?;
        let (_, container) = self.current()?;
        container.env.iter().flatten().find(|v| &v.name == name)
    }

    /// The resolver walks (glibc/Go first, then musl) of the name in the DNS box, from the
    /// selected pod's resolv.conf.
    pub fn resolver_walks(&self) -> Option<(ResolverWalk, ResolverWalk)> {
        let name = self.dns_query.trim();
        if name.is_empty() {
            return None;
        }
        let dns = self.current_pod()?.dns.as_ref()?;
        let records = &self.analysis.dns_records;
        Some((
            podenv_core::dns::resolver_walk(dns, records, name, false),
            podenv_core::dns::resolver_walk(dns, records, name, true),
        ))
    }

    /// DNS records whose name or data contains the DNS box's text (all when it is empty).
    pub fn matching_records(&self) -> Vec<&DnsRecord> {
        let needle = self.dns_query.trim().trim_end_matches('.').to_lowercase();
        self.analysis
            .dns_records
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || r.name.to_lowercase().contains(&needle)
                    || r.data.to_lowercase().contains(&needle)
            })
            .collect()
    }

    /// True when the `default/kubernetes` Service behind a variable was added by podenv's
    /// API-server emulation rather than pasted (the badge then says "API default"); the
    /// core decides (`Analysis::is_api_default`).
    pub fn is_api_default(&self, var: &EnvVar) -> bool {
        self.analysis.is_api_default(var)
    }

    /// The state a page starts with: a share link in the hash wins, else an example named
    /// in the hash, else what local storage kept, else the demo. When `crashed` (the stored
    /// marker of an analysis that never finished) is present, the state is restored but not
    /// analysed: the page starts paused, so a reload after a crash cannot crash again.
    pub fn startup(hash: &str, saved: Option<&str>, crashed: Option<&str>) -> State {
        State::startup_with(Runner::Inline, hash, saved, crashed)
    }

    /// [`State::startup`] with analyses run by `runner`.
    pub fn startup_with(
        runner: Runner,
        hash: &str,
        saved: Option<&str>,
        crashed: Option<&str>,
    ) -> State {
        let saved = saved.and_then(share::from_storage);
        let theme = saved.as_ref().and_then(|s| s.theme.clone());
        let (snapshot, notice) = match share::decode_hash(hash) {
            HashRequest::Snapshot(snapshot) => (snapshot, Some(Notice::ShareRestored)),
            HashRequest::Example(id) => (
                Snapshot {
                    example: Some(id),
                    ..Snapshot::default()
                },
                None,
            ),
            HashRequest::Invalid(_) => (saved.unwrap_or_default(), Some(Notice::ShareInvalid)),
            HashRequest::Nothing => (saved.unwrap_or_default(), None),
        };
        let crashed = crashed.map(Marker::decode);
        let origin = match notice {
            Some(Notice::ShareRestored) => Origin::Link,
            _ => Origin::Text,
        };
        let page = if hash == WALKTHROUGH_HASH {
            Page::Walkthrough
        } else {
            Page::Explorer
        };
        let mut state =
            State::from_snapshot_paused(snapshot, origin, crashed.is_some(), runner, page);
        state.crashed = crashed;
        state.theme = theme.as_deref().map(Theme::parse).unwrap_or_default();
        state.notice = notice;
        state
    }

    /// What local storage keeps: the snapshot (Secrets included) and the theme.
    pub fn storage_snapshot(&self) -> Snapshot {
        Snapshot {
            theme: (self.theme != Theme::Auto).then(|| self.theme.as_str().to_string()),
            ..self.snapshot()
        }
    }

    /// The hash fragment of a share link for the current state.
    pub fn share_fragment(&self) -> String {
        share::encode(&share::for_link(self.snapshot(), self.share_secrets))
    }

    /// Everything worth keeping across reloads and in share links.
    pub fn snapshot(&self) -> Snapshot {
        let example = self.example.clone();
        let context: BTreeMap<String, String> = self
            .context
            .iter()
            .map(|(f, v)| (f.key().to_string(), v.clone()))
            .collect();
        Snapshot {
            manifests: example.is_none().then(|| self.manifests.to_string()),
            example: example.filter(|id| id != examples::DEMO),
            context,
            links: self.links.as_option(),
            assume_missing: self.assume_missing,
            container: self.selected.as_ref().map(ContainerKey::encode),
            filter: Some(self.filter.clone()).filter(|f| !f.is_empty()),
            hide_service: self.hide_service,
            variable: self.variable.clone(),
            dns_query: Some(self.dns_query.clone()).filter(|q| !q.is_empty()),
            theme: None,
        }
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        Rc::new(next)
    }
}

/// A value as one line of text: the value, the first candidate of a nondeterministic one,
/// or empty when only the running container knows it.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Known(bytes) => bytes_text(bytes),
        Value::OneOf(values) => values.first().map(|b| bytes_text(b)).unwrap_or_default(),
        Value::Runtime(_) => String::new(),
    }
}

/// Bytes as text: UTF-8 as is, anything else as base64 (as the JSON schema does).
pub fn bytes_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes),
    }
}

/// Appends a file to the editor text as new documents, under a comment naming it.
pub fn append_document(current: &str, name: &str, text: &str) -> String {
    let mut out = current.trim_end().to_string();
    if !out.is_empty() {
        out.push_str("\n---\n");
    }
    out.push_str(&format!("# {name}\n"));
    out.push_str(text.trim_start_matches("---\n"));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Decodes a file's bytes as strict UTF-8, with the core's check (the one the CLI uses,
/// `podenv_core::decode_utf8`, which also applies the input size limit). On failure, why:
/// too large, or the line and column (1-based, in characters) of the first invalid byte.
pub fn decode_utf8(bytes: &[u8]) -> Result<String, FileProblem> {
    podenv_core::decode_utf8("", bytes).map_err(|d| {
        if d.code == podenv_core::decode::INPUT_TOO_LARGE {
            FileProblem::TooLarge { bytes: bytes.len() }
        } else {
            FileProblem::NotUtf8 {
                line: d.location.line,
                column: d.location.column,
            }
        }
    })
}

/// The offset, in UTF-16 code units (what a textarea's selection counts), of a 1-based line
/// and column (in characters, as diagnostics count them); clamped to the text.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, content) in text.split('\n').enumerate() {
        if index + 1 == line {
            let before: usize = content
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf16)
                .sum();
            return offset + before;
        }
        offset += content.encode_utf16().count() + 1;
    }
    text.encode_utf16().count()
}

fn empty_analysis() -> Analysis {
    podenv_core::analyze(&[], &podenv_core::ClusterContext::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POD: &str = "\
apiVersion: v1
kind: Service
metadata: {name: redis}
spec:
  clusterIP: 10.96.4.2
  ports: [{port: 6379}]
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
  initContainers:
  - name: setup
    image: busybox
  containers:
  - name: app
    image: busybox
    env:
    - {name: GREETING, value: hello}
    - name: PASSWORD
      valueFrom: {secretKeyRef: {name: creds, key: PASSWORD}}
  - name: sidecar
    image: busybox
    envFrom: [{configMapRef: {name: missing}}]
";

    fn typed(text: &str) -> State {
        let mut state = State::default();
        state.apply(Action::EditManifests(text.to_string()));
        state.apply(Action::Recompute);
        state
    }

    #[test]
    fn typing_is_not_a_replacement_of_the_text() {
        let mut state = State::default();
        let replaced = state.text_replaced;
        state.apply(Action::EditManifests("a: 1\n".into()));
        assert_eq!(
            state.text_replaced, replaced,
            "the editor keeps its text and cursor"
        );
        state.apply(Action::AppendFiles(vec![(
            "f.yaml".into(),
            "b: 2\n".into(),
        )]));
        assert_ne!(state.text_replaced, replaced, "appended files are shown");
    }

    fn names(state: &State) -> Vec<String> {
        state
            .visible_variables()
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }

    fn select(state: &mut State, kind: &str, name: &str) {
        let pod = state.selected.clone().unwrap().pod;
        state.apply(Action::Select(ContainerKey {
            pod,
            kind: kind.into(),
            name: name.into(),
        }));
    }

    #[test]
    fn starts_with_the_demo_analysed() {
        let state = State::default();
        assert_eq!(state.example.as_deref(), Some(examples::DEMO));
        assert!(!state.is_stale());
        assert!(!state.analysis.pods.is_empty());
        assert_eq!(state.selected.as_ref().unwrap().kind, "container");
        assert!(names(&state).contains(&"REDIS_SERVICE_HOST".to_string()));
    }

    #[test]
    fn typing_waits_for_recompute() {
        let mut state = State::default();
        state.apply(Action::EditManifests(POD.into()));
        assert!(state.is_stale());
        assert_eq!(state.example, None);
        state.apply(Action::Recompute);
        assert!(!state.is_stale());
        let selected = state.selected.clone().unwrap();
        assert_eq!(selected.data_container(), "container/app");
        assert_eq!(selected.pod, "default/app");
        let names = names(&state);
        assert!(names.contains(&"GREETING".to_string()));
        assert!(names.contains(&"REDIS_SERVICE_HOST".to_string()));
    }

    #[test]
    fn switching_containers_shows_the_kubelet_error() {
        let mut state = typed(POD);
        select(&mut state, "container", "sidecar");
        let (_, container) = state.current().unwrap();
        assert_eq!(
            container.error.as_deref(),
            Some("configmap \"missing\" not found")
        );
        assert!(state.visible_variables().is_empty());
        select(&mut state, "initContainer", "setup");
        assert_eq!(state.current().unwrap().1.name, "setup");
    }

    #[test]
    fn selection_survives_edits_and_falls_back_when_gone() {
        let mut state = typed(POD);
        select(&mut state, "container", "sidecar");
        state.apply(Action::EditManifests(format!("{POD}\n# a comment\n")));
        state.apply(Action::Recompute);
        assert_eq!(state.selected.as_ref().unwrap().name, "sidecar");
        state.apply(Action::EditManifests(
            POD.replace("name: sidecar", "name: other"),
        ));
        state.apply(Action::Recompute);
        assert_eq!(state.selected.as_ref().unwrap().name, "app");
    }

    #[test]
    fn filter_and_service_toggle() {
        let mut state = typed(POD);
        state.apply(Action::SetFilter("redis".into()));
        assert!(names(&state).iter().all(|n| n.starts_with("REDIS_")));
        state.apply(Action::SetFilter("HELLO".into()));
        assert_eq!(names(&state), ["GREETING"], "the filter matches values too");
        state.apply(Action::SetFilter(String::new()));
        state.apply(Action::SetHideService(true));
        assert_eq!(names(&state), ["GREETING", "PASSWORD"]);
    }

    #[test]
    fn variable_details_follow_the_selection() {
        let mut state = typed(POD);
        state.apply(Action::SelectVariable(Some("REDIS_SERVICE_HOST".into())));
        let var = state.selected_variable().unwrap();
        assert_eq!(value_text(&var.value), "10.96.4.2");
        select(&mut state, "initContainer", "setup");
        assert!(
            state.selected_variable().is_some(),
            "init containers see services too"
        );
        state.apply(Action::SelectVariable(Some("GREETING".into())));
        assert!(state.selected_variable().is_none(), "not in this container");
    }

    #[test]
    fn examples_load_and_the_replaced_text_comes_back() {
        let mut state = typed("# my own work\n");
        state.apply(Action::LoadExample("kafka-port".into()));
        assert_eq!(state.example.as_deref(), Some("kafka-port"));
        assert!(names(&state).contains(&"KAFKA_PORT".to_string()));
        // Loading a second example keeps the user's text, not the first example's.
        state.apply(Action::LoadExample("missing-configmap".into()));
        assert_eq!(state.replaced_text.as_deref(), Some("# my own work\n"));
        state.apply(Action::UndoExample);
        assert_eq!(&*state.manifests, "# my own work\n");
        assert!(state.replaced_text.is_none());
    }

    #[test]
    fn every_example_analyses_with_a_pod() {
        for example in examples::ALL {
            let mut state = State::default();
            state.apply(Action::LoadExample(example.id.into()));
            assert!(!state.analysis.pods.is_empty(), "{}", example.id);
            assert!(state.current().is_some(), "{}", example.id);
        }
    }

    #[test]
    fn the_dual_stack_example_uses_its_context() {
        let mut state = State::default();
        state.apply(Action::LoadExample("dual-stack".into()));
        assert!(state
            .context_text()
            .contains("\"podIPs\":[\"10.244.1.7\",\"fd00:10:244:1::7\"]"));
        let pod_ips = state
            .visible_variables()
            .into_iter()
            .find(|v| v.name == "POD_IPS")
            .map(|v| value_text(&v.value));
        assert_eq!(pod_ips.as_deref(), Some("10.244.1.7,fd00:10:244:1::7"));
    }

    #[test]
    fn context_fields_reach_the_core() {
        let mut state = typed(POD);
        state.apply(Action::SetContext(ContextField::Namespace, "shop".into()));
        assert!(state.is_stale());
        state.apply(Action::Recompute);
        assert_eq!(state.selected.as_ref().unwrap().pod, "shop/app");
        state.apply(Action::SetContext(
            ContextField::KubernetesVersion,
            "banana".into(),
        ));
        state.apply(Action::Recompute);
        assert!(state
            .analysis
            .diagnostics
            .iter()
            .any(|d| d.location.file == podenv_wasm::CONTEXT_FILE));
        state.apply(Action::SetContext(
            ContextField::KubernetesVersion,
            "  ".into(),
        ));
        assert!(!state.context.contains_key(&ContextField::KubernetesVersion));
    }

    #[test]
    fn a_namespace_change_keeps_the_container_and_the_open_details() {
        let mut state = typed(POD);
        select(&mut state, "container", "sidecar");
        select(&mut state, "container", "app");
        state.apply(Action::SelectVariable(Some("GREETING".into())));
        for namespace in ["s", "shop", ""] {
            state.apply(Action::SetContext(
                ContextField::Namespace,
                namespace.into(),
            ));
            state.apply(Action::Recompute);
            let key = state.selected.clone().unwrap();
            let pod = if namespace.is_empty() {
                "default"
            } else {
                namespace
            };
            assert_eq!(key.pod, format!("{pod}/app"));
            assert_eq!(key.data_container(), "container/app", "{namespace}");
            assert_eq!(
                state.selected_variable().map(|v| v.name.as_str()),
                Some("GREETING"),
                "details stay open"
            );
        }
        // Two pods of the same name: the one at the selected pod's place is kept.
        let two = format!(
            "{POD}---\n{}",
            POD.split("---\n").nth(2).unwrap().replace(
                "metadata: {name: app}",
                "metadata: {name: app, namespace: other}",
            )
        );
        let mut state = typed(&two);
        assert_eq!(state.selected.as_ref().unwrap().pod, "default/app");
        let other = ContainerKey {
            pod: "other/app".into(),
            kind: "container".into(),
            name: "sidecar".into(),
        };
        state.apply(Action::Select(other));
        state.apply(Action::SetContext(ContextField::Namespace, "shop".into()));
        state.apply(Action::Recompute);
        assert_eq!(
            state.selected.as_ref().unwrap().encode(),
            "other/app|container/sidecar"
        );
        state.apply(Action::Select(ContainerKey {
            pod: "shop/app".into(),
            kind: "container".into(),
            name: "sidecar".into(),
        }));
        state.apply(Action::SetContext(ContextField::Namespace, "dev".into()));
        state.apply(Action::Recompute);
        assert_eq!(
            state.selected.as_ref().unwrap().encode(),
            "dev/app|container/sidecar"
        );
        // Text without pods while typing keeps the selection for the next analysis.
        state.apply(Action::EditManifests("kind: Po".into()));
        state.apply(Action::Recompute);
        state.apply(Action::EditManifests(two.clone()));
        state.apply(Action::Recompute);
        assert_eq!(
            state.selected.as_ref().unwrap().encode(),
            "dev/app|container/sidecar"
        );
    }

    #[test]
    fn the_keyboard_moves_the_tables_one_tab_stop() {
        let mut state = typed(POD);
        let rows = names(&state);
        assert!(rows.len() > PAGE_ROWS, "{rows:?}");
        let at = |state: &State| state.cursor_row(&state.shown_variables());
        assert_eq!(at(&state), 0, "the first row is the tab stop");
        let focus = state.focus_row;
        state.apply(Action::MoveCursor(RowMove::Down));
        assert_eq!(state.cursor.as_deref(), Some(rows[1].as_str()));
        assert_eq!(state.focus_row, focus + 1, "the focus follows");
        state.apply(Action::MoveCursor(RowMove::Up));
        state.apply(Action::MoveCursor(RowMove::Up));
        assert_eq!(at(&state), 0, "stops at the top");
        state.apply(Action::MoveCursor(RowMove::PageDown));
        assert_eq!(at(&state), PAGE_ROWS);
        state.apply(Action::MoveCursor(RowMove::End));
        assert_eq!(at(&state), rows.len() - 1);
        state.apply(Action::MoveCursor(RowMove::Down));
        assert_eq!(at(&state), rows.len() - 1, "stops at the bottom");
        state.apply(Action::MoveCursor(RowMove::PageUp));
        assert_eq!(at(&state), rows.len() - 1 - PAGE_ROWS);
        state.apply(Action::MoveCursor(RowMove::Home));
        assert_eq!(at(&state), 0);
        // The row whose details were opened (a click) is the tab stop; a filtered-out one is not.
        state.apply(Action::SelectVariable(Some("GREETING".into())));
        state.apply(Action::SelectVariable(None));
        assert_eq!(shown(&state)[at(&state)], "GREETING");
        state.apply(Action::SetFilter("REDIS".into()));
        assert_eq!(at(&state), 0);
        state.apply(Action::MoveCursor(RowMove::Down));
        assert!(state.cursor.as_deref().unwrap().starts_with("REDIS"));
    }

    fn shown(state: &State) -> Vec<String> {
        state
            .shown_variables()
            .iter()
            .map(|v| v.name.clone())
            .collect()
    }

    #[test]
    fn closing_details_gives_the_focus_back_to_their_row() {
        let mut state = typed(POD);
        let opened = state.focus_row;
        state.apply(Action::SelectVariable(Some("PASSWORD".into())));
        assert_eq!(state.focus_row, opened + 1, "its row is kept in sight");
        state.apply(Action::MoveCursor(RowMove::Home));
        let focus = state.focus_row;
        state.apply(Action::CloseDetails);
        assert!(state.variable.is_none());
        assert_eq!(
            state.cursor.as_deref(),
            Some("PASSWORD"),
            "the row that opened them"
        );
        assert_eq!(state.focus_row, focus + 1);
        state.apply(Action::CloseDetails);
        assert_eq!(state.focus_row, focus + 1, "nothing to close");
    }

    #[test]
    fn the_layout_split_is_bounded_and_read_back() {
        let mut state = typed(POD);
        assert_eq!(state.split, SPLIT_DEFAULT);
        state.apply(Action::SetSplit(5));
        assert_eq!(state.split, SPLIT_MIN);
        state.apply(Action::SetSplit(200));
        assert_eq!(state.split, SPLIT_MAX);
        assert_eq!(parse_split("62"), Some(62));
        assert_eq!(parse_split("3"), Some(SPLIT_MIN));
        assert_eq!(parse_split("wide"), None);
        let stored = share::to_storage(&state.storage_snapshot());
        state.apply(Action::ShowTab(PaneTab::Dns));
        state.apply(Action::ShowShortcuts(true));
        assert!(state.shortcuts && state.tab == PaneTab::Dns);
        assert_eq!(
            share::to_storage(&state.storage_snapshot()),
            stored,
            "layout is not in the snapshot"
        );
    }

    #[test]
    fn the_links_override_recomputes_at_once() {
        let mut state = typed(POD);
        state.apply(Action::SetLinks(LinksOverride::Disabled));
        assert!(!state.is_stale());
        let names = names(&state);
        assert!(!names.contains(&"REDIS_SERVICE_HOST".to_string()));
        assert!(names.contains(&"KUBERNETES_SERVICE_HOST".to_string()));
    }

    #[test]
    fn assuming_missing_objects_turns_the_failure_into_placeholders_and_travels_in_links() {
        const MISSING: &str = "apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: app\n    env:\n    - name: LEVEL\n      valueFrom:\n        configMapKeyRef: {name: generated, key: level}\n";
        let mut state = typed(MISSING);
        let container = &state.analysis.pods[0].containers[0];
        assert_eq!(
            container.error.as_deref(),
            Some("configmap \"generated\" not found")
        );
        assert!(container
            .notes
            .iter()
            .any(|n| n.code == "object-not-in-input"));
        state.apply(Action::SetAssumeMissing(true));
        assert!(!state.is_stale());
        let container = &state.analysis.pods[0].containers[0];
        assert_eq!(container.error, None);
        let level = container
            .env
            .iter()
            .flatten()
            .find(|v| v.name == "LEVEL")
            .expect("LEVEL is set");
        assert!(matches!(level.value, Value::Runtime(_)));
        assert!(state.analysis.assumptions.iter().any(|a| a.rule == "A11"));
        let snapshot = state.snapshot();
        assert!(snapshot.assume_missing);
        let mut restored = typed("");
        restored.restore(snapshot);
        assert!(restored.assume_missing);
    }

    #[test]
    fn api_default_marks_the_assumed_kubernetes_service_only() {
        let state = typed(POD);
        let vars = state.visible_variables();
        let kube = vars
            .iter()
            .find(|v| v.name == "KUBERNETES_SERVICE_HOST")
            .unwrap();
        let redis = vars
            .iter()
            .find(|v| v.name == "REDIS_SERVICE_HOST")
            .unwrap();
        assert!(state.is_api_default(kube));
        assert!(!state.is_api_default(redis));
    }

    #[test]
    fn share_links_restore_the_same_state_without_secrets() {
        let mut state = typed(POD);
        select(&mut state, "container", "sidecar");
        state.apply(Action::SetFilter("REDIS".into()));
        state.apply(Action::SetHideService(true));
        state.apply(Action::SetContext(
            ContextField::ClusterDomain,
            "corp.local".into(),
        ));
        state.apply(Action::Recompute);
        let fragment = state.share_fragment();
        let restored = State::startup(&format!("#{fragment}"), None, None);
        assert_eq!(restored.notice, Some(Notice::ShareRestored));
        assert_eq!(restored.selected, state.selected);
        assert_eq!(restored.filter, "REDIS");
        assert!(restored.hide_service);
        assert_eq!(restored.context, state.context);
        assert!(!restored.manifests.contains("hunter2"));
        assert!(restored.manifests.contains("PASSWORD"));

        state.apply(Action::SetShareSecrets(true));
        let restored = State::startup(&format!("#{}", state.share_fragment()), None, None);
        assert_eq!(restored.manifests, state.manifests);
        assert_eq!(restored.snapshot(), state.snapshot());
    }

    #[test]
    fn an_unchanged_example_is_shared_by_id() {
        let mut state = State::default();
        state.apply(Action::LoadExample("service-dump-500".into()));
        let fragment = state.share_fragment();
        assert!(fragment.len() < 200, "{}", fragment.len());
        let restored = State::startup(&format!("#{fragment}"), None, None);
        assert_eq!(restored.example.as_deref(), Some("service-dump-500"));
        assert_eq!(restored.manifests, state.manifests);
    }

    #[test]
    fn startup_prefers_the_link_then_the_autosave() {
        let saved = typed("# saved\n").storage_snapshot();
        let saved = share::to_storage(&saved);
        let state = State::startup("", Some(&saved), None);
        assert_eq!(&*state.manifests, "# saved\n");
        assert_eq!(state.notice, None);
        let state = State::startup("#s=broken", Some(&saved), None);
        assert_eq!(&*state.manifests, "# saved\n");
        assert_eq!(state.notice, Some(Notice::ShareInvalid));
        let state = State::startup("#example=kafka-port", Some(&saved), None);
        assert_eq!(state.example.as_deref(), Some("kafka-port"));
        let state = State::startup("", Some("not json"), None);
        assert_eq!(state.example.as_deref(), Some(examples::DEMO));
    }

    #[test]
    fn the_theme_cycles_and_is_saved() {
        let mut state = State::default();
        state.apply(Action::CycleTheme);
        assert_eq!(state.theme, Theme::Light);
        let saved = share::to_storage(&state.storage_snapshot());
        assert_eq!(State::startup("", Some(&saved), None).theme, Theme::Light);
        assert_eq!(state.snapshot().theme, None, "links do not carry the theme");
    }

    #[test]
    fn the_language_switches_without_reanalysing_and_stays_out_of_links() {
        let mut state = typed(POD);
        assert_eq!(state.lang, Lang::En);
        let fragment = state.share_fragment();
        let stored = share::to_storage(&state.storage_snapshot());
        let (revision, analysis) = (state.revision, state.analysis.clone());
        state.apply(Action::SetLang(Lang::Zh));
        assert_eq!(state.lang, Lang::Zh);
        assert_eq!(
            crate::i18n::strings().lang,
            "zh",
            "strings() follows the state"
        );
        assert_eq!(state.revision, revision, "nothing to analyse again");
        assert_eq!(state.analysis, analysis);
        assert_eq!(
            state.share_fragment(),
            fragment,
            "links do not carry the language"
        );
        assert_eq!(share::to_storage(&state.storage_snapshot()), stored);
        // A link opens in the receiver's language.
        let restored = State::startup(&format!("#{fragment}"), None, None);
        assert_eq!(restored.lang, Lang::Zh);
        state.apply(Action::SetLang(Lang::En));
        assert_eq!(crate::i18n::strings().lang, "en");
        let restored = State::startup(&format!("#{fragment}"), None, None);
        assert_eq!(restored.lang, Lang::En);
    }

    #[test]
    fn dropped_files_are_appended_as_documents() {
        let mut state = typed("kind: ConfigMap\nmetadata: {name: a}\n");
        state.apply(Action::AppendFiles(vec![(
            "pod.yaml".into(),
            "---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}".into(),
        )]));
        assert!(!state.is_stale());
        assert_eq!(
            &*state.manifests,
            "kind: ConfigMap\nmetadata: {name: a}\n---\n# pod.yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: x}]}\n"
        );
        assert_eq!(state.selected.as_ref().unwrap().name, "c");
    }

    #[test]
    fn files_must_be_utf8_and_the_first_bad_byte_is_located() {
        assert_eq!(decode_utf8("a: é\n".as_bytes()).as_deref(), Ok("a: é\n"));
        assert_eq!(
            decode_utf8(b"kind: Pod\nname: \xe9t\xe9\n"),
            Err(FileProblem::NotUtf8 { line: 2, column: 7 })
        );
        assert_eq!(
            decode_utf8(b"\xc3\xa9\xff"),
            Err(FileProblem::NotUtf8 { line: 1, column: 2 })
        );
        // A file over the input limit is too large, whatever its bytes are.
        let big = vec![b'a'; podenv_core::limits::MAX_INPUT_BYTES + 1];
        assert_eq!(
            decode_utf8(&big),
            Err(FileProblem::TooLarge { bytes: big.len() })
        );
        let mut state = typed("# mine\n");
        state.apply(Action::RejectFile(FileError {
            name: "latin1.yaml".into(),
            problem: FileProblem::NotUtf8 { line: 2, column: 7 },
        }));
        assert_eq!(&*state.manifests, "# mine\n", "the text is kept");
        assert_eq!(
            state.file_error.as_ref().unwrap().problem,
            FileProblem::NotUtf8 { line: 2, column: 7 }
        );
    }

    #[test]
    fn a_stored_crash_marker_starts_paused_and_the_user_decides() {
        let saved = share::to_storage(&typed("# crashed here\n").storage_snapshot());
        let marker = Marker::of(Origin::Text, "# crashed here\n", "").encode();
        let mut state = State::startup("", Some(&saved), Some(&marker));
        assert!(state.paused);
        assert_eq!(state.crashed.as_ref().unwrap().bytes, 15);
        assert_eq!(&*state.manifests, "# crashed here\n", "text restored");
        assert!(state.is_stale(), "not analysed");
        state.apply(Action::EditManifests(POD.into()));
        state.apply(Action::Recompute);
        assert!(state.is_stale(), "paused: edits wait");
        state.apply(Action::Resume);
        assert!(!state.is_stale());
        assert!(state.crashed.is_none() && !state.paused);
        assert!(names(&state).contains(&"GREETING".to_string()));

        let mut state = State::startup("", Some(&saved), Some("?"));
        state.apply(Action::ClearText);
        assert_eq!(&*state.manifests, "");
        assert!(!state.is_stale() && !state.paused);

        // A share link that crashed: restored from the link, paused, origin recorded.
        let fragment = typed(POD).share_fragment();
        let link = Marker::of(Origin::Link, "", "").encode();
        let mut state = State::startup(&format!("#{fragment}"), None, Some(&link));
        assert!(state.paused && state.manifests.contains("GREETING"));
        assert_eq!(state.origin, Origin::Link);
        state.apply(Action::LoadExample(examples::DEMO.into()));
        assert!(
            !state.paused && !state.is_stale(),
            "the demo is a fresh start"
        );
    }

    #[test]
    fn pause_holds_edits_until_resumed() {
        let mut state = typed(POD);
        state.apply(Action::Pause);
        state.apply(Action::SetLinks(LinksOverride::Disabled));
        assert!(state.is_stale());
        state.apply(Action::Resume);
        assert!(!names(&state).contains(&"REDIS_SERVICE_HOST".to_string()));
    }

    /// What the worker would answer to the running request.
    fn answer(state: &State) -> Action {
        let request = state.running.clone().expect("a running request");
        let analysis = podenv_wasm::run(&podenv_wasm::Input {
            manifests: &request.manifests,
            context: &request.context,
            enable_service_links: request.links,
            trace: request.trace,
        });
        Action::Analysed {
            generation: request.generation,
            outcome: Outcome::Done(AnalysisRef(Rc::new(analysis))),
        }
    }

    #[test]
    fn open_files_replaces_the_text_which_can_be_restored_and_add_files_appends() {
        let mut state = State::default();
        state.apply(Action::EditManifests("kind: Service # mine\n".into()));
        state.apply(Action::OpenFiles(vec![
            ("a.yaml".into(), "kind: Pod\n".into()),
            ("b.yaml".into(), "kind: Service\n".into()),
        ]));
        assert_eq!(
            &*state.manifests,
            "# a.yaml\nkind: Pod\n---\n# b.yaml\nkind: Service\n"
        );
        assert_eq!(state.opened_files, Some(2));
        assert_eq!(
            state.replaced_text.as_deref(),
            Some("kind: Service # mine\n")
        );
        state.apply(Action::AppendFiles(vec![(
            "c.yaml".into(),
            "kind: ConfigMap\n".into(),
        )]));
        assert!(
            state.manifests.starts_with("# a.yaml\n")
                && state.manifests.ends_with("# c.yaml\nkind: ConfigMap\n")
        );
        state.apply(Action::UndoExample);
        assert_eq!(&*state.manifests, "kind: Service # mine\n");
        assert_eq!(state.opened_files, None);
    }

    fn steps_of_selected(state: &State) -> Option<usize> {
        state
            .current()
            .and_then(|(_, c)| c.steps.as_ref().map(Vec::len))
    }

    #[test]
    fn the_walkthrough_analyses_again_with_the_trace_only_while_open() {
        let mut state = State::default();
        assert_eq!(state.page, Page::Explorer);
        assert!(!state.traced && steps_of_selected(&state).is_none());
        state.apply(Action::OpenWalkthrough(Some("REDIS_URL".into())));
        assert_eq!(state.page, Page::Walkthrough);
        assert_eq!(state.variable.as_deref(), Some("REDIS_URL"));
        assert!(state.traced);
        assert!(steps_of_selected(&state).is_some_and(|n| n >= 9));
        // Edits while the page is open keep the trace coming.
        state.apply(Action::SetLinks(LinksOverride::Disabled));
        assert!(state.traced && steps_of_selected(&state).is_some());
        // Back in the explorer, the next analysis is made without it.
        state.apply(Action::CloseWalkthrough);
        assert_eq!(state.page, Page::Explorer);
        state.apply(Action::SetLinks(LinksOverride::Enabled));
        assert!(!state.traced && steps_of_selected(&state).is_none());
        // Opening without a variable keeps the one that was followed.
        state.apply(Action::OpenWalkthrough(None));
        assert_eq!(state.variable.as_deref(), Some("REDIS_URL"));
    }

    #[test]
    fn the_walkthrough_address_opens_the_page_traced() {
        let state = State::startup(WALKTHROUGH_HASH, None, None);
        assert_eq!(state.page, Page::Walkthrough);
        assert!(state.traced && steps_of_selected(&state).is_some());
        assert_eq!(State::startup("", None, None).page, Page::Explorer);
    }

    #[test]
    fn the_worker_is_asked_for_the_trace_once() {
        let mut state = with_worker();
        assert!(!state.traced);
        state.apply(Action::OpenWalkthrough(None));
        let request = state.running.clone().expect("a traced request");
        assert!(request.trace);
        // Asking again while it runs does not start another analysis.
        state.apply(Action::OpenWalkthrough(None));
        assert_eq!(
            state.running.as_ref().map(|r| r.generation),
            Some(request.generation)
        );
        let answer = answer(&state);
        state.apply(answer);
        assert!(state.traced && steps_of_selected(&state).is_some());
        state.apply(Action::CloseWalkthrough);
        state.apply(Action::OpenWalkthrough(None));
        assert!(state.running.is_none(), "the trace is already there");
    }

    fn with_worker() -> State {
        let mut state = State::startup_with(Runner::Worker, "", None, None);
        assert!(
            state.is_stale() && state.running.is_some(),
            "the demo is requested"
        );
        let done = answer(&state);
        state.apply(done);
        assert!(!state.is_stale() && state.running.is_none());
        state
    }

    #[test]
    fn the_worker_answers_requests_and_older_answers_are_ignored() {
        let mut state = with_worker();
        state.apply(Action::EditManifests(POD.into()));
        state.apply(Action::Recompute);
        let first = state.running.clone().unwrap();
        assert_eq!(first.revision, state.revision);
        assert!(state.is_stale(), "stale until the answer comes");
        // The debounce fires again while it runs: the same request keeps running.
        state.apply(Action::Recompute);
        assert_eq!(state.running.as_ref().unwrap().generation, first.generation);
        let old_answer = answer(&state);
        // New input while it runs: a new request replaces it.
        state.apply(Action::EditManifests(POD.replace("hello", "newer")));
        state.apply(Action::Recompute);
        let second = state.running.clone().unwrap();
        assert!(second.generation > first.generation);
        state.apply(old_answer);
        assert_eq!(
            state.running.as_ref().map(|r| r.generation),
            Some(second.generation),
            "the older answer is ignored"
        );
        assert!(state.is_stale());
        let done = answer(&state);
        state.apply(done);
        assert!(!state.is_stale() && state.running.is_none());
        let greeting = state
            .visible_variables()
            .into_iter()
            .find(|v| v.name == "GREETING")
            .map(|v| value_text(&v.value));
        assert_eq!(greeting.as_deref(), Some("newer"));
    }

    #[test]
    fn stop_keeps_the_text_and_pauses_until_analysed_again() {
        let mut state = with_worker();
        state.apply(Action::EditManifests(POD.into()));
        state.apply(Action::Recompute);
        let late = answer(&state);
        state.apply(Action::Stop);
        assert!(state.stopped && state.paused && state.running.is_none());
        assert_eq!(&*state.manifests, POD, "the text is kept");
        state.apply(late);
        assert!(state.is_stale(), "a stopped analysis's answer is ignored");
        state.apply(Action::Recompute);
        assert!(state.running.is_none(), "paused");
        state.apply(Action::Resume);
        assert!(!state.stopped && !state.paused);
        let done = answer(&state);
        state.apply(done);
        assert!(names(&state).contains(&"GREETING".to_string()));
        state.apply(Action::Stop);
        assert!(!state.stopped, "nothing to stop");
    }

    #[test]
    fn a_crash_in_the_worker_pauses_and_the_page_goes_on() {
        let mut state = with_worker();
        state.apply(Action::EditManifests(POD.into()));
        state.apply(Action::Recompute);
        let generation = state.running.as_ref().unwrap().generation;
        state.apply(Action::Analysed {
            generation,
            outcome: Outcome::Crashed("RuntimeError: unreachable".into()),
        });
        let crash = state.worker_crash.clone().unwrap();
        assert_eq!(crash.message, "RuntimeError: unreachable");
        assert_eq!(crash.marker.bytes, POD.len());
        assert!(state.paused && state.is_stale());
        assert_eq!(&*state.manifests, POD);
        state.apply(Action::Resume);
        assert!(state.worker_crash.is_none() && state.running.is_some());
        let done = answer(&state);
        state.apply(done);
        assert!(!state.is_stale());
    }

    #[test]
    fn without_a_worker_the_pending_request_runs_inline() {
        let mut state = State::startup_with(Runner::Worker, "", None, None);
        state.apply(Action::UseInline);
        assert_eq!(state.runner, Runner::Inline);
        assert!(!state.is_stale() && state.running.is_none());
        assert!(names(&state).contains(&"REDIS_SERVICE_HOST".to_string()));
    }

    #[test]
    fn offsets_count_utf16_units() {
        let text = "a: 1\nb: 😀x\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 1), 5);
        assert_eq!(offset_of(text, 2, 5), 5 + 3 + 2);
        assert_eq!(offset_of(text, 9, 1), text.encode_utf16().count());
    }

    #[test]
    fn rows_are_limited_until_asked() {
        let mut state = State::default();
        state.apply(Action::LoadExample("service-dump-500".into()));
        assert!(state.visible_variables().len() > ROW_LIMIT);
        assert!(!state.show_all_rows);
        state.apply(Action::ShowAllRows);
        assert!(state.show_all_rows);
        state.apply(Action::SetFilter("x".into()));
        assert!(!state.show_all_rows, "a new filter starts short again");
    }

    #[test]
    fn resolver_walks_and_records_follow_the_dns_box() {
        let mut state = typed(POD);
        assert!(state.resolver_walks().is_none());
        state.apply(Action::SetDnsQuery("redis".into()));
        let (glibc, musl) = state.resolver_walks().unwrap();
        assert_eq!(glibc.name, "redis");
        assert!(glibc.answered_by.is_some());
        assert!(!musl.queries.is_empty());
        assert!(state
            .matching_records()
            .iter()
            .all(|r| r.name.contains("redis") || r.data.contains("redis")));
    }
}
