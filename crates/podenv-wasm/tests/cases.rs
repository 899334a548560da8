//! The npm package's JavaScript API on every fixture case of `tests/cases`, in Node
//! (`wasm-pack test --node`) and in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack
//! test --headless --chrome`): each case's manifests and context go in as JavaScript values,
//! the plain objects that come out are read back through `JSON.stringify` into the schema's
//! types, rendered by `podenv-fixtures` and compared with the case's `expected.txt`, exactly
//! as the native harness does (`crates/podenv-core/tests/cases.rs`).
//!
//! `cargo xtask test` runs both and fails when either runs no test.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use podenv_core::model::{Analysis, DnsReport};
use podenv_core::trace::TraceReport;
use podenv_fixtures::Case;
use podenv_wasm::js;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn set(target: &Object, key: &str, value: &JsValue) {
    Reflect::set(target, &key.into(), value).expect("set a property");
}

/// `{name, text}`, as a page or a Node script passes a named file.
fn named(name: &str, text: &str) -> JsValue {
    let file = Object::new();
    set(&file, "name", &name.into());
    set(&file, "text", &text.into());
    file.into()
}

/// The result of a call: the value, or the `result` a `PodenvInputError` carries (after
/// checking the error says where the first error is).
fn result_of(case: &str, call: Result<JsValue, JsValue>) -> Result<String, String> {
    let value = match call {
        Ok(value) => value,
        Err(error) => {
            let error: js_sys::Error = error
                .dyn_into()
                .map_err(|v| format!("{case}: threw a non-Error {v:?}"))?;
            if error.name() != "PodenvInputError" {
                return Err(format!(
                    "{case}: threw {}: {}",
                    String::from(error.name()),
                    String::from(error.message())
                ));
            }
            let message = String::from(error.message());
            // `<file>:<line>:<column>: error: ...`
            if !message.contains(": error: ") {
                return Err(format!(
                    "{case}: the error's message is not located: {message}"
                ));
            }
            Reflect::get(&error, &"result".into()).map_err(|_| format!("{case}: no result"))?
        }
    };
    JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| format!("{case}: the result is not JSON"))
}

fn parse<T: for<'de> serde::Deserialize<'de>>(
    case: &str,
    what: &str,
    json: &str,
) -> Result<T, String> {
    serde_json::from_str(json)
        .map_err(|e| format!("{case}: {what}() does not have the schema: {e}"))
}

/// Runs one case through `analyze`, `dns` and `trace` and renders it as `expected.txt` does.
fn run_case(case: &Case) -> Result<String, String> {
    let manifests = Array::new();
    for file in &case.files {
        manifests.push(&named(&file.name, &file.text));
    }
    let options = Object::new();
    if let Some(context) = &case.context {
        set(&options, "context", &named(&context.name, &context.text));
    }
    let json = result_of(&case.name, js::analyze(&manifests, &options))?;
    let analysis: Analysis = parse(&case.name, "analyze", &json)?;
    let dns = if case.options.dns {
        let options = Object::assign(&Object::new(), &options);
        let names: Array = case
            .resolve
            .iter()
            .map(|n| JsValue::from(n.as_str()))
            .collect();
        set(&options, "names", &names);
        let json = result_of(&case.name, js::dns(&manifests, &options))?;
        Some(parse::<DnsReport>(&case.name, "dns", &json)?)
    } else {
        None
    };
    let trace = if case.options.trace {
        let json = result_of(&case.name, js::trace(&manifests, &options))?;
        Some(parse::<TraceReport>(&case.name, "trace", &json)?)
    } else {
        None
    };
    Ok(podenv_fixtures::render(
        &analysis,
        dns.as_ref(),
        trace.as_ref(),
    ))
}

/// The cases whose index is `part` modulo `parts`: the corpus in slices, so that each test
/// stays short and a failure names its slice.
fn check_cases(part: usize, parts: usize) {
    let all = podenv_fixtures::embedded::cases();
    assert!(
        all.len() >= 100,
        "only {} fixture cases compiled in",
        all.len()
    );
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, files) in all.iter().skip(part).step_by(parts) {
        let case = Case::from_files(name, files).unwrap_or_else(|e| panic!("{e}"));
        let Some(expected) = &case.expected else {
            failures.push(format!("{name}: no expected.txt"));
            continue;
        };
        ran += 1;
        match run_case(&case) {
            Ok(actual) if &actual == expected => {}
            Ok(actual) => failures.push(format!(
                "tests/cases/{name}/expected.txt differs through the JS API (- expected, + actual)\n{}",
                podenv_fixtures::diff(expected, &actual)
            )),
            Err(e) => failures.push(e),
        }
    }
    assert!(ran > 0, "slice {part} of {parts} ran no case");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn fixture_cases_slice_1_of_4() {
    check_cases(0, 4);
}

#[wasm_bindgen_test]
fn fixture_cases_slice_2_of_4() {
    check_cases(1, 4);
}

#[wasm_bindgen_test]
fn fixture_cases_slice_3_of_4() {
    check_cases(2, 4);
}

#[wasm_bindgen_test]
fn fixture_cases_slice_4_of_4() {
    check_cases(3, 4);
}
