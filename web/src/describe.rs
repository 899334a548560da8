//! How a variable's provenance is put into words and badges. Pure functions over the core's
//! model types; the words themselves come from the translation table.

use podenv_core::model::{EnvVar, Source, Value};

use crate::i18n::Strings;

/// The origin badge of a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    ServiceLink,
    EnvFrom,
    Env,
    FieldRef,
    ResourceFieldRef,
    KeyRef,
    /// A variable of the `default/kubernetes` Service that podenv's API-server emulation
    /// added because the input had none.
    ApiDefault,
}

impl Origin {
    pub fn of(source: &Source, api_default: bool) -> Origin {
        match source {
            Source::Service { .. } if api_default => Origin::ApiDefault,
            Source::Service { .. } => Origin::ServiceLink,
            Source::EnvFrom { .. } => Origin::EnvFrom,
            Source::Env { .. } => Origin::Env,
            Source::FieldRef { .. } => Origin::FieldRef,
            Source::ResourceFieldRef { .. } => Origin::ResourceFieldRef,
            Source::ConfigMapKeyRef { .. }
            | Source::SecretKeyRef { .. }
            | Source::FileKeyRef { .. } => Origin::KeyRef,
        }
    }

    /// CSS class of the badge.
    pub fn class(self) -> &'static str {
        match self {
            Origin::ServiceLink => "origin-service",
            Origin::EnvFrom => "origin-envfrom",
            Origin::Env => "origin-env",
            Origin::FieldRef => "origin-fieldref",
            Origin::ResourceFieldRef => "origin-resourcefieldref",
            Origin::KeyRef => "origin-keyref",
            Origin::ApiDefault => "origin-apidefault",
        }
    }

    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            Origin::ServiceLink => t.origin_service,
            Origin::EnvFrom => t.origin_env_from,
            Origin::Env => t.origin_env,
            Origin::FieldRef => t.origin_field_ref,
            Origin::ResourceFieldRef => t.origin_resource_field_ref,
            Origin::KeyRef => t.origin_key_ref,
            Origin::ApiDefault => t.origin_api_default,
        }
    }
}

/// One line naming where a definition came from, e.g. `env[2]`,
/// `envFrom[0] configMap shop/web-config key LOG_LEVEL`, `service shop/redis (SERVICE_HOST)`.
pub fn summary(source: &Source) -> String {
    match source {
        Source::Service { service, form, .. } => format!("service {service} ({form})"),
        Source::EnvFrom {
            index,
            object_kind,
            object,
            key,
            prefix,
            ..
        } => {
            let mut text = format!("envFrom[{index}] {object_kind} {object} key {key}");
            if let Some(prefix) = prefix {
                text.push_str(&format!(" prefix {prefix}"));
            }
            text
        }
        Source::Env { index, .. } => format!("env[{index}]"),
        Source::FieldRef {
            index, field_path, ..
        } => format!("env[{index}] fieldRef {field_path}"),
        Source::ResourceFieldRef {
            index,
            container_name,
            resource,
            divisor,
            ..
        } => format!("env[{index}] resourceFieldRef {container_name} {resource} / {divisor}"),
        Source::ConfigMapKeyRef {
            index, object, key, ..
        } => format!("env[{index}] configMapKeyRef {object} key {key}"),
        Source::SecretKeyRef {
            index, object, key, ..
        } => format!("env[{index}] secretKeyRef {object} key {key}"),
        Source::FileKeyRef {
            index,
            volume_name,
            path,
            key,
            ..
        } => format!("env[{index}] fileKeyRef {volume_name}/{path} key {key}"),
    }
}

/// Every field of a source as (schema field name, value) pairs, for the details panel.
pub fn provenance(source: &Source) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("kind", source.origin().to_string()),
        ("rule", source.rule().to_string()),
    ];
    match source {
        Source::Service {
            service,
            form,
            port_index,
            port_name,
            port,
            protocol,
            master_service,
            candidates,
            ..
        } => {
            out.push(("service", service.clone()));
            out.push(("form", form.clone()));
            if let Some(i) = port_index {
                out.push(("portIndex", i.to_string()));
            }
            if let Some(name) = port_name {
                out.push(("portName", name.clone()));
            }
            if let Some(port) = port {
                out.push(("port", port.to_string()));
            }
            if let Some(protocol) = protocol {
                out.push(("protocol", protocol.clone()));
            }
            if *master_service {
                out.push(("masterService", "true".into()));
            }
            if !candidates.is_empty() {
                out.push(("candidates", candidates.join(", ")));
            }
        }
        Source::EnvFrom {
            index,
            object_kind,
            object,
            key,
            prefix,
            ..
        } => {
            out.push(("envFrom", format!("[{index}]")));
            out.push(("objectKind", object_kind.clone()));
            out.push(("object", object.clone()));
            out.push(("key", key.clone()));
            if let Some(prefix) = prefix {
                out.push(("prefix", prefix.clone()));
            }
        }
        Source::Env { index, raw, .. } => {
            out.push(("env", format!("[{index}]")));
            out.push(("raw", raw.clone()));
        }
        Source::FieldRef {
            index, field_path, ..
        } => {
            out.push(("env", format!("[{index}]")));
            out.push(("fieldPath", field_path.clone()));
        }
        Source::ResourceFieldRef {
            index,
            container_name,
            resource,
            divisor,
            quantity,
            quantity_from,
            ..
        } => {
            out.push(("env", format!("[{index}]")));
            out.push(("containerName", container_name.clone()));
            out.push(("resource", resource.clone()));
            out.push(("divisor", divisor.clone()));
            out.push(("quantity", quantity.clone()));
            out.push(("quantityFrom", quantity_from.clone()));
        }
        Source::ConfigMapKeyRef {
            index, object, key, ..
        }
        | Source::SecretKeyRef {
            index, object, key, ..
        } => {
            out.push(("env", format!("[{index}]")));
            out.push(("object", object.clone()));
            out.push(("key", key.clone()));
        }
        Source::FileKeyRef {
            index,
            volume_name,
            path,
            key,
            ..
        } => {
            out.push(("env", format!("[{index}]")));
            out.push(("volumeName", volume_name.clone()));
            out.push(("path", path.clone()));
            out.push(("key", key.clone()));
        }
    }
    out
}

/// The DNS name that replaces a service variable, when there is one.
pub fn dns_equivalent(var: &EnvVar) -> Option<&str> {
    match &var.source {
        Source::Service { dns, .. } => dns.as_deref(),
        _ => None,
    }
}

/// Every candidate of a nondeterministic value, as text.
pub fn candidates(value: &Value) -> Vec<String> {
    match value {
        Value::OneOf(values) => values.iter().map(|v| crate::state::bytes_text(v)).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_source() -> Source {
        Source::EnvFrom {
            rule: "E3".into(),
            index: 1,
            object_kind: "secret".into(),
            object: "shop/web-secret".into(),
            key: "DB_PASSWORD".into(),
            prefix: Some("SECRET_".into()),
        }
    }

    #[test]
    fn summaries_read_like_the_cli() {
        assert_eq!(
            summary(&env_source()),
            "envFrom[1] secret shop/web-secret key DB_PASSWORD prefix SECRET_"
        );
    }

    #[test]
    fn provenance_lists_the_schema_fields() {
        let fields = provenance(&env_source());
        assert_eq!(fields[0], ("kind", "envFrom".to_string()));
        assert!(fields.contains(&("prefix", "SECRET_".to_string())));
    }

    #[test]
    fn key_refs_share_one_badge() {
        let source = Source::SecretKeyRef {
            rule: "E7".into(),
            index: 0,
            object: "a/b".into(),
            key: "k".into(),
        };
        assert_eq!(Origin::of(&source, false), Origin::KeyRef);
        assert_eq!(Origin::of(&env_source(), true), Origin::EnvFrom);
    }
}
