//! The analysis worker: the page's side (spawning, messages, terminating) and the worker's
//! side (the exports `web/worker.js` calls). Same wasm, two roles.
//!
//! `boot.js` compiles the wasm once and leaves, on `globalThis.podenvBoot`, the compiled
//! `WebAssembly.Module`, the address of the wasm-bindgen glue and of `worker.js`. The page's
//! [`Client`] starts `worker.js` as a module worker and sends it that Module (no second
//! download); the worker imports the glue, instantiates the Module (the Yew `main` does
//! nothing without a `window`) and answers each request with [`analyse_for_page`]'s JSON.
//!
//! Messages (plain objects; `type` says which):
//! - page to worker: `{type: "init", module, glue, crashTest}` once, then
//!   `{type: "analyse", generation, manifests, context, links, trace}`;
//! - worker to page: `{type: "ready"}`, `{type: "result", generation, json, ms}` (`ms`: the
//!   analysis and its JSON in the worker), `{type: "crash", generation, message}` (the call
//!   threw: a wasm trap), `{type: "failed", message}` (the worker could not start).
//!
//! A running analysis cannot be interrupted, so a request that is no longer wanted (stopped,
//! or replaced by newer input) terminates its worker, and a fresh one is spawned at once
//! (it fetches only `worker.js` and the glue, both already cached; the Module is passed in).
//! A worker that fails to start, or an `error` event before it is ready, makes the page
//! analyse inline ([`Event::Failed`]).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use podenv_core::model::Analysis;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::guard;
use crate::state::Request;

// ------------------------------------------------------------------------------------------
// The worker's side.

/// Runs one analysis for the page, in the worker: the same path as the inline analysis
/// (`podenv_wasm::run`), answered as the stable JSON (`docs/json-schema.md`). Traps when the
/// crash test is armed and the manifests ask for it (see `guard`).
/// The JSON comes back as UTF-8 bytes (a `Uint8Array` the worker transfers, not copies):
/// no UTF-16 string is built in the worker or on the page for what may be tens of MB.
#[wasm_bindgen(js_name = analyseForPage)]
pub fn analyse_for_page(
    manifests: &str,
    context: &str,
    links: Option<bool>,
    trace: bool,
) -> Vec<u8> {
    guard::crash_test(manifests);
    let analysis = podenv_wasm::run(&podenv_wasm::Input {
        manifests,
        context,
        enable_service_links: links,
        trace,
    });
    podenv_wasm::to_json(&analysis).into_bytes()
}

/// Arms the crash test in the worker, when the page that started it was opened with
/// `#crashtest` (the page's own flag is passed in the init message).
#[wasm_bindgen(js_name = armCrashTest)]
pub fn arm_crash_test() {
    guard::arm_crash_test();
}

/// The page reads the worker's JSON back into the model (the round trip is tested in
/// podenv-core). An error is reported like a crash, never unwrapped.
pub fn parse(json: &[u8]) -> Result<Analysis, String> {
    serde_json::from_slice(json).map_err(|e| format!("the analysis could not be read: {e}"))
}

// ------------------------------------------------------------------------------------------
// The page's side.

/// How long each part of one analysis took, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timing {
    /// From the request to the result being taken.
    pub total: f64,
    /// The analysis and its JSON, in the worker.
    pub worker: f64,
    /// The rest of the round trip: messages, queueing and a fresh worker's start.
    pub transfer: f64,
    /// Reading the JSON back on the page.
    pub parse: f64,
    /// Dispatching the result (the reducer; Yew renders after).
    pub apply: f64,
    /// When the result reached the page (`performance.now()`).
    pub received_at: f64,
}

/// What the worker reports to the page.
pub enum Event {
    Result {
        generation: u64,
        /// The analysis as JSON (UTF-8).
        json: Vec<u8>,
        worker_ms: f64,
        round_trip_ms: f64,
    },
    Crash {
        generation: u64,
        message: String,
    },
    /// No worker can run analyses here.
    Failed,
}

/// What `boot.js` left for the page.
struct Boot {
    module: JsValue,
    glue: String,
    worker: String,
}

fn boot() -> Option<Boot> {
    let boot = js_sys::Reflect::get(&js_sys::global(), &"podenvBoot".into()).ok()?;
    let get = |key: &str| js_sys::Reflect::get(&boot, &key.into()).ok();
    let module = get("module")?;
    if !module.is_instance_of::<js_sys::WebAssembly::Module>() {
        return None;
    }
    Some(Boot {
        module,
        glue: get("glue")?.as_string()?,
        worker: get("worker")?.as_string()?,
    })
}

/// True when the page can analyse in a worker (the boot information is there).
pub fn available() -> bool {
    boot().is_some() && js_sys::Reflect::has(&js_sys::global(), &"Worker".into()).unwrap_or(false)
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &key.into(), value);
}

fn field(object: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(object, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn error_text(value: &JsValue) -> String {
    value
        .as_string()
        .or_else(|| {
            value
                .dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.to_string()))
        })
        .unwrap_or_else(|| "the analysis worker stopped".to_string())
}

type MessageClosure = Closure<dyn FnMut(MessageEvent)>;
// An `ErrorEvent` for an uncaught error in the worker, a plain `Event` when its script
// cannot load: read as the latter.
type ErrorClosure = Closure<dyn FnMut(web_sys::Event)>;

struct Spawned {
    worker: Worker,
    ready: bool,
    // Kept alive while the worker is.
    _on_message: MessageClosure,
    _on_error: ErrorClosure,
}

struct Inner {
    boot: Boot,
    crash_test: bool,
    current: Option<Spawned>,
    /// Handlers of terminated workers, dropped at the next respawn (never while they run).
    retired: Vec<Spawned>,
    /// The request the current worker is running, and when it was sent.
    busy: Option<(u64, f64)>,
    on_event: Rc<dyn Fn(Event)>,
}

/// The page's handle on its analysis worker.
pub struct Client {
    inner: Rc<RefCell<Inner>>,
}

impl Client {
    /// Starts the worker; `None` when the page cannot (no boot information, no `Worker`,
    /// or the constructor threw, e.g. under a policy that forbids it).
    pub fn spawn(on_event: impl Fn(Event) + 'static) -> Option<Client> {
        let boot = boot()?;
        let inner = Rc::new(RefCell::new(Inner {
            boot,
            crash_test: guard::crash_test_armed(),
            current: None,
            retired: Vec::new(),
            busy: None,
            on_event: Rc::new(on_event),
        }));
        let spawned = start(&inner)?;
        inner.borrow_mut().current = Some(spawned);
        Some(Client { inner })
    }

    /// Makes the worker run `running`: terminates it if it is busy with another request
    /// (stopped or superseded), then sends the request unless it was already sent.
    pub fn sync(&self, running: Option<&Request>) {
        let wanted = running.map(|r| r.generation);
        let busy = self.inner.borrow().busy.map(|(generation, _)| generation);
        if busy.is_some() && busy != wanted {
            respawn(&self.inner);
        }
        let Some(request) = running else {
            return;
        };
        if busy == Some(request.generation) {
            return;
        }
        let message = js_sys::Object::new();
        set(&message, "type", &"analyse".into());
        set(&message, "generation", &(request.generation as f64).into());
        set(
            &message,
            "manifests",
            &JsValue::from_str(&request.manifests),
        );
        set(&message, "context", &JsValue::from_str(&request.context));
        set(
            &message,
            "links",
            &request
                .links
                .map(JsValue::from_bool)
                .unwrap_or(JsValue::NULL),
        );
        set(&message, "trace", &JsValue::from_bool(request.trace));
        let mut inner = self.inner.borrow_mut();
        let posted = inner
            .current
            .as_ref()
            .map(|s| s.worker.post_message(&message).is_ok())
            .unwrap_or(false);
        if posted {
            inner.busy = Some((request.generation, crate::browser::now_ms()));
        } else {
            let on_event = inner.on_event.clone();
            drop(inner);
            on_event(Event::Failed);
        }
    }
}

/// Terminates the current worker (if any) and starts a fresh one at once, so that the next
/// request does not wait for it.
fn respawn(inner: &Rc<RefCell<Inner>>) {
    {
        let mut state = inner.borrow_mut();
        state.busy = None;
        state.retired.clear();
        if let Some(old) = state.current.take() {
            old.worker.terminate();
            state.retired.push(old);
        }
    }
    if let Some(spawned) = start(inner) {
        inner.borrow_mut().current = Some(spawned);
    }
}

/// Creates a worker, wires its handlers and sends it the init message.
fn start(inner: &Rc<RefCell<Inner>>) -> Option<Spawned> {
    let (url, init) = {
        let state = inner.borrow();
        let init = js_sys::Object::new();
        set(&init, "type", &"init".into());
        set(&init, "module", &state.boot.module);
        set(&init, "glue", &JsValue::from_str(&state.boot.glue));
        set(&init, "crashTest", &JsValue::from_bool(state.crash_test));
        (state.boot.worker.clone(), init)
    };
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker = Worker::new_with_options(&url, &options).ok()?;
    let weak = Rc::downgrade(inner);
    let on_message = {
        let weak = weak.clone();
        let worker = worker.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            on_message(&weak, &worker, &event.data());
        })
    };
    let on_error = {
        let worker = worker.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            let message = field(&event, "message")
                .as_string()
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| error_text(&field(&event, "error")));
            on_worker_error(&weak, &worker, message);
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.post_message(&init).ok()?;
    Some(Spawned {
        worker,
        ready: false,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn is_current(state: &Inner, worker: &Worker) -> bool {
    state
        .current
        .as_ref()
        .is_some_and(|s| JsValue::from(&s.worker) == JsValue::from(worker))
}

fn on_message(weak: &Weak<RefCell<Inner>>, worker: &Worker, data: &JsValue) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    let kind = field(data, "type").as_string().unwrap_or_default();
    let generation = field(data, "generation").as_f64().unwrap_or(-1.0) as u64;
    let event = {
        let mut state = inner.borrow_mut();
        if !is_current(&state, worker) {
            return;
        }
        match kind.as_str() {
            "ready" => {
                if let Some(current) = state.current.as_mut() {
                    current.ready = true;
                }
                return;
            }
            "result" => {
                let Some((busy, sent)) = state.busy else {
                    return;
                };
                if busy != generation {
                    return;
                }
                state.busy = None;
                Event::Result {
                    generation,
                    json: field(data, "json")
                        .dyn_into::<js_sys::Uint8Array>()
                        .map(|bytes| bytes.to_vec())
                        .unwrap_or_default(),
                    worker_ms: field(data, "ms").as_f64().unwrap_or(0.0),
                    round_trip_ms: crate::browser::now_ms() - sent,
                }
            }
            "crash" => {
                drop(state);
                respawn(&inner);
                Event::Crash {
                    generation,
                    message: error_text(&field(data, "message")),
                }
            }
            _ => {
                // "failed": the worker could not start; analyse inline from now on.
                state.busy = None;
                if let Some(current) = state.current.take() {
                    current.worker.terminate();
                    state.retired.push(current);
                }
                Event::Failed
            }
        }
    };
    let on_event = inner.borrow().on_event.clone();
    on_event(event);
}

/// An uncaught error in the worker: a crash of the running request once the worker is
/// ready, else the worker cannot start here.
fn on_worker_error(weak: &Weak<RefCell<Inner>>, worker: &Worker, message: String) {
    let Some(inner) = weak.upgrade() else {
        return;
    };
    let event = {
        let mut state = inner.borrow_mut();
        if !is_current(&state, worker) {
            return;
        }
        let ready = state.current.as_ref().is_some_and(|s| s.ready);
        let busy = state.busy.map(|(generation, _)| generation);
        if ready {
            drop(state);
            respawn(&inner);
            match busy {
                Some(generation) => Event::Crash {
                    generation,
                    message,
                },
                None => return,
            }
        } else {
            state.busy = None;
            if let Some(current) = state.current.take() {
                current.worker.terminate();
                state.retired.push(current);
            }
            Event::Failed
        }
    };
    let on_event = inner.borrow().on_event.clone();
    on_event(event);
}
