//! The JavaScript API of the npm package (`podenv`): `analyze`, `dns`, `trace`, `rules`,
//! `version` and `redactSecrets`.
//!
//! Each function reads its arguments (manifests and an options object), calls the core
//! through [`crate::run_files`] and hands back a plain JS object: `JSON.parse` of exactly the
//! JSON the CLI prints (`docs/json-schema.md`). Nothing here knows a kubelet rule.
//!
//! Errors are thrown, never returned:
//! - a bad argument (an unknown option, a wrong type) throws a `TypeError` naming it;
//! - input with errors (a manifest that cannot be read, an API-server rejection, a bad
//!   context) throws an `Error` named `PodenvInputError` whose message is the first error's
//!   located line (`manifests.yaml:3:7: error: ...`), with `diagnostics` (every diagnostic)
//!   and `result` (the whole answer, as the CLI still prints it) attached, so nothing is lost.

use podenv_core::diagnostic::{Diagnostic, Severity};
use podenv_core::model::Analysis;
use podenv_core::rules::{self, Lang};
use podenv_core::SourceFile;
use serde::Deserialize;
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};

use crate::{CONTEXT_FILE, MANIFESTS_FILE};

/// The options every function shares; each function names the ones it reads.
#[derive(Debug, Default)]
struct Options {
    /// The cluster context: YAML or JSON text, a mapping (`{namespace: "shop"}`), or a named
    /// text `{name, text}`.
    context: Option<serde_json::Value>,
    enable_service_links: Option<bool>,
    /// `dns`: names to resolve from each pod.
    names: Option<Vec<String>>,
    /// `trace`: only the containers of this name.
    container: Option<String>,
    /// `rules`: ids (case-insensitive); every rule when absent.
    ids: Option<Vec<String>>,
    /// `rules`: `en` (default) or `zh`.
    lang: Option<String>,
}

/// Every option's name, as JavaScript spells it.
const OPTION_NAMES: [&str; 6] = [
    "context",
    "enableServiceLinks",
    "names",
    "container",
    "ids",
    "lang",
];
/// One manifest file as JavaScript may give it.
#[derive(Deserialize)]
#[serde(untagged)]
enum FileArg {
    Text(String),
    Named { name: String, text: String },
}

/// The manifests argument: one text, one named text, or a list of either.
#[derive(Deserialize)]
#[serde(untagged)]
enum ManifestsArg {
    One(FileArg),
    Many(Vec<FileArg>),
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// Reads a JS argument through `JSON.stringify`, so any plain object or array is accepted
/// and anything else (a function, a cycle, a BigInt) is a `TypeError`.
fn from_js<T: for<'de> Deserialize<'de>>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| type_error(&format!("podenv: {what} is not plain data")))?;
    serde_json::from_str(&text).map_err(|e| type_error(&format!("podenv: {what}: {e}")))
}

/// The options argument; `undefined` and `null` mean none. `allowed` lists the options the
/// calling function reads: another one is a mistake worth saying, as is a value of the wrong
/// type (named by its option). An option set to `undefined` or `null` is not given.
fn options(value: &JsValue, function: &str, allowed: &[&str]) -> Result<Options, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(type_error(&format!(
            "podenv: the options of {function}() must be an object"
        )));
    }
    let map: serde_json::Map<String, serde_json::Value> =
        from_js(value, &format!("the options of {function}()"))?;
    let mut options = Options::default();
    for (name, value) in map {
        if value.is_null() {
            continue;
        }
        if !allowed.contains(&name.as_str()) {
            let known = if OPTION_NAMES.contains(&name.as_str()) {
                format!("{function}() has no option `{name}`")
            } else {
                format!("unknown option `{name}` of {function}()")
            };
            return Err(type_error(&format!(
                "podenv: {known} (it reads: {})",
                allowed.join(", ")
            )));
        }
        let bad = |e: serde_json::Error| {
            type_error(&format!(
                "podenv: option `{name}` of {function}(): {}",
                e.to_string().replace("invalid type: ", "")
            ))
        };
        match name.as_str() {
            "context" => options.context = Some(value),
            "enableServiceLinks" => {
                options.enable_service_links = Some(serde_json::from_value(value).map_err(bad)?)
            }
            "names" => options.names = Some(serde_json::from_value(value).map_err(bad)?),
            "container" => options.container = Some(serde_json::from_value(value).map_err(bad)?),
            "ids" => options.ids = Some(serde_json::from_value(value).map_err(bad)?),
            "lang" => options.lang = Some(serde_json::from_value(value).map_err(bad)?),
            _ => {}
        }
    }
    Ok(options)
}

/// The manifest files: a string is `manifests.yaml`; the texts of a list without names are
/// `manifests-1.yaml`, `manifests-2.yaml`, ... (in diagnostics).
fn manifest_files(value: &JsValue) -> Result<Vec<SourceFile>, JsValue> {
    if let Some(text) = value.as_string() {
        return Ok(vec![SourceFile::new(MANIFESTS_FILE, text)]);
    }
    let what = "manifests must be a string, {name, text}, or a list of them";
    if !value.is_object() {
        return Err(type_error(&format!("podenv: {what}")));
    }
    let files = match from_js::<ManifestsArg>(value, "manifests")
        .map_err(|_| type_error(&format!("podenv: {what}")))?
    {
        ManifestsArg::One(file) => vec![file],
        ManifestsArg::Many(files) => files,
    };
    Ok(files
        .into_iter()
        .enumerate()
        .map(|(i, file)| match file {
            FileArg::Text(text) => SourceFile::new(format!("manifests-{}.yaml", i + 1), text),
            FileArg::Named { name, text } => SourceFile::new(name, text),
        })
        .collect())
}

/// The context option as a file: text as it is, a named text, or a mapping written out as
/// indented JSON (so a diagnostic's line and column point into readable text).
fn context_file(context: Option<serde_json::Value>) -> Result<Option<SourceFile>, JsValue> {
    use serde_json::Value;
    Ok(match context {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(SourceFile::new(CONTEXT_FILE, text)),
        Some(Value::Object(map)) => match (map.get("name"), map.get("text")) {
            (Some(Value::String(name)), Some(Value::String(text))) if map.len() == 2 => {
                Some(SourceFile::new(name.clone(), text.clone()))
            }
            _ => {
                let text = serde_json::to_string_pretty(&Value::Object(map))
                    .map_err(|e| type_error(&format!("podenv: the context option: {e}")))?;
                Some(SourceFile::new(CONTEXT_FILE, text))
            }
        },
        Some(_) => {
            return Err(type_error(
                "podenv: the context option must be YAML/JSON text, a mapping, or {name, text}",
            ))
        }
    })
}

/// Runs the core on the arguments of `analyze`, `dns` or `trace`.
fn analysis(
    manifests: &JsValue,
    options: &Options,
    context: Option<serde_json::Value>,
    trace: bool,
) -> Result<Analysis, JsValue> {
    let files = manifest_files(manifests)?;
    let context = context_file(context)?;
    Ok(podenv_core::run(&podenv_core::Request {
        files: &files,
        context: context.as_ref(),
        enable_service_links: options.enable_service_links,
        options: podenv_core::AnalyzeOptions { trace },
    }))
}

/// A serialisable result as a plain JS object (`JSON.parse` of its JSON text).
fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|e| JsValue::from(js_sys::Error::new(&format!("podenv: {e}"))))?;
    js_sys::JSON::parse(&text)
}

/// The answer, or the `PodenvInputError` that carries it when the input has errors.
fn answer<T: serde::Serialize>(diagnostics: &[Diagnostic], result: &T) -> Result<JsValue, JsValue> {
    let result = to_js(result)?;
    let Some(first) = diagnostics.iter().find(|d| d.severity == Severity::Error) else {
        return Ok(result);
    };
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut message = first.to_line();
    if errors > 1 {
        message.push_str(&format!(" (and {} more errors)", errors - 1));
    }
    let error = js_sys::Error::new(&message);
    error.set_name("PodenvInputError");
    let diagnostics = to_js(&diagnostics)?;
    js_sys::Reflect::set(&error, &"diagnostics".into(), &diagnostics)?;
    js_sys::Reflect::set(&error, &"result".into(), &result)?;
    Err(error.into())
}

/// Every container's environment: `podenv env --output json`.
#[wasm_bindgen(skip_typescript)]
pub fn analyze(manifests: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let mut options = self::options(options, "analyze", &["context", "enableServiceLinks"])?;
    let context = options.context.take();
    let analysis = analysis(manifests, &options, context, false)?;
    answer(&analysis.diagnostics, &analysis)
}

/// The DNS view: records, each pod's resolv.conf, hostname, /etc/hosts, the variable <-> DNS
/// mapping and the resolver's walk of each of `names`: `podenv dns --output json`.
#[wasm_bindgen(skip_typescript)]
pub fn dns(manifests: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let mut options = self::options(options, "dns", &["context", "enableServiceLinks", "names"])?;
    let context = options.context.take();
    let analysis = analysis(manifests, &options, context, false)?;
    let report = podenv_core::dns::report(&analysis, options.names.as_deref().unwrap_or_default());
    answer(&analysis.diagnostics, &report)
}

/// Each container's walk along the kubelet's path, step by step: `podenv trace --output json`.
#[wasm_bindgen(skip_typescript)]
pub fn trace(manifests: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let mut options = self::options(
        options,
        "trace",
        &["context", "enableServiceLinks", "container"],
    )?;
    let context = options.context.take();
    let analysis = analysis(manifests, &options, context, true)?;
    let report = podenv_core::trace::report(analysis, options.container.as_deref());
    answer(&report.diagnostics, &report)
}

/// The rule catalogue (`podenv rules --output json`): every rule, or those of `ids`, with
/// their upstream places and links, in `lang` (`en` or `zh`).
#[wasm_bindgen(skip_typescript)]
pub fn rules(options: &JsValue) -> Result<JsValue, JsValue> {
    let options = self::options(options, "rules", &["ids", "lang"])?;
    let lang = match options.lang.as_deref() {
        None => Lang::En,
        Some(code) => Lang::parse(code).ok_or_else(|| {
            type_error(&format!(
                "podenv: rules() knows the languages en and zh, not {code:?}"
            ))
        })?,
    };
    let chosen: Vec<&'static rules::Rule> = match &options.ids {
        None => rules::all().iter().collect(),
        Some(ids) => ids
            .iter()
            .map(|id| {
                rules::find(id).ok_or_else(|| {
                    JsValue::from(js_sys::Error::new(&format!(
                        "podenv: unknown rule id {id:?} (rules() without ids lists them all)"
                    )))
                })
            })
            .collect::<Result<_, _>>()?,
    };
    to_js(&rules::to_json(&chosen, lang))
}

/// The podenv version this package was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `text` with every Secret value replaced by `REDACTED` (its base64 in `data`), for text
/// that leaves the page; documents without Secrets are kept byte for byte.
#[wasm_bindgen(js_name = redactSecrets)]
pub fn redact_secrets(text: &str) -> String {
    podenv_core::redact::redact_secrets(text).text
}
