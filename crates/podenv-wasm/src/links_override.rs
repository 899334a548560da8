//! The explorer's "enableServiceLinks" override, applied to the input text.
//!
//! The core has no context key for it, so the adapter rewrites the pod specs in the
//! manifests: every document holding a pod spec (where `podenv_core::cluster::spec_path`
//! says a manifest of its kind keeps it) is re-emitted as one line of JSON with
//! `enableServiceLinks` set, padded with empty lines so that every other document keeps its
//! line numbers. No kubelet rule is decided here.

use podenv_core::yaml::split_documents;
use serde_json::Value as Json;

/// The manifests with `enableServiceLinks: enabled` in every pod spec, or `None` when no
/// document holds a pod spec (nothing to change).
pub fn with_service_links(manifests: &str, enabled: bool) -> Option<String> {
    let mut lines: Vec<String> = manifests.split('\n').map(str::to_string).collect();
    let mut changed = false;
    for doc in split_documents(manifests) {
        let Ok(Some(mut value)) = doc.value else {
            continue;
        };
        if !set_in_object_or_list(&mut value, enabled) {
            continue;
        }
        let text_lines = doc.text.lines().count().max(1);
        let start = doc.start_line.saturating_sub(1);
        if start + text_lines > lines.len() {
            continue;
        }
        let mut replacement = Vec::with_capacity(text_lines);
        if doc.text.starts_with("---") && text_lines >= 2 {
            replacement.push("---".to_string());
        }
        replacement.push(value.to_string());
        replacement.resize(text_lines, String::new());
        if replacement.len() != text_lines {
            continue;
        }
        lines.splice(start..start + text_lines, replacement);
        changed = true;
    }
    changed.then(|| lines.join("\n"))
}

/// Sets the field in the object, or in every item of a `List`; true when anything changed.
fn set_in_object_or_list(value: &mut Json, enabled: bool) -> bool {
    if let Some(items) = value.get_mut("items").and_then(Json::as_array_mut) {
        let mut changed = false;
        for item in items {
            changed |= set_in_object(item, enabled);
        }
        return changed;
    }
    set_in_object(value, enabled)
}

fn set_in_object(object: &mut Json, enabled: bool) -> bool {
    let Some(kind) = object.get("kind").and_then(Json::as_str) else {
        return false;
    };
    let path = podenv_core::cluster::spec_path(kind);
    let mut spec = &mut *object;
    for field in path.split('.') {
        match spec.get_mut(field) {
            Some(inner) => spec = inner,
            None => return false,
        }
    }
    match spec.as_object_mut() {
        Some(spec) if spec.contains_key("containers") => {
            spec.insert("enableServiceLinks".into(), Json::Bool(enabled));
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_numbers_of_other_documents() {
        let text = "kind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c}]\n---\nkind: Service\nmetadata: {name: s}\n";
        let out = with_service_links(text, false).expect("changed");
        assert_eq!(out.lines().count(), text.lines().count());
        assert!(out.lines().next().unwrap().contains("\"enableServiceLinks\":false"));
        assert_eq!(out.lines().nth(5), Some("kind: Service"));
    }

    #[test]
    fn workloads_and_lists_get_the_field_in_their_template() {
        let text = "---\nkind: List\nitems:\n- kind: Deployment\n  spec:\n    template:\n      spec:\n        containers: [{name: c}]\n";
        let out = with_service_links(text, true).expect("changed");
        assert!(out.contains("\"enableServiceLinks\":true"));
        assert!(out.starts_with("---\n"));
    }

    #[test]
    fn nothing_to_change_is_none() {
        assert_eq!(with_service_links("kind: Service\n", true), None);
        assert_eq!(with_service_links("{{{ not yaml", true), None);
    }
}
