//! Name checks the API server applies to env names, keys, ports and DNS names.
//!
//! Each check returns `Ok(())` or the list of messages the API server would put in its
//! `Invalid value` errors (the text `kubectl` prints after the value). The checks look at
//! bytes, like upstream, so a non-ASCII character is never accepted where the pattern
//! names ASCII classes.

/// Maximum length of a DNS-1123 / DNS-1035 label.
pub const DNS_LABEL_MAX_LENGTH: usize = 63;
/// Maximum length of a DNS-1123 subdomain (also the limit for ConfigMap keys).
pub const DNS_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// Maximum length of the name part of a qualified name (label key).
pub const QUALIFIED_NAME_MAX_LENGTH: usize = 63;
/// Maximum length of an IANA service (container port) name.
pub const PORT_NAME_MAX_LENGTH: usize = 15;

const ENV_VAR_NAME_FMT: &str = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const ENV_VAR_NAME_MSG: &str = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";
const RELAXED_ENV_VAR_NAME_MSG: &str =
    "a valid environment variable name must consist only of printable ASCII characters other than '='";
const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const CONFIG_MAP_KEY_FMT: &str = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_MSG: &str =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const QUALIFIED_NAME_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/// Spec VAL1-VAL9 (wording): mirrors
/// `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` `MaxLenError`: the "too
/// long" text.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// Spec VAL1-VAL9 (wording): mirrors
/// `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` `RegexError`: a pattern
/// failure explained with examples and the pattern itself. Upstream's joining of the examples
/// produces `'a',  or 'b'` (two spaces), which users see verbatim, so it is kept.
pub fn regex_error(msg: &str, fmt: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{fmt}')");
    }
    let mut out = String::from(msg);
    out.push_str(" (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(fmt);
    out.push_str("')");
    out
}

/// Mirrors apimachinery `validation.EmptyError`.
fn empty_error() -> &'static str {
    "must be non-empty"
}

fn into_result(errs: Vec<String>) -> Result<(), Vec<String>> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs)
    }
}

/// Mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go` `hasChDirPrefix`:
/// `.`, `..` and a leading `..` are refused because such names would escape a directory when used
/// as file names.
fn ch_dir_prefix_errors(value: &str) -> Option<String> {
    if value == "." {
        Some("must not be '.'".to_string())
    } else if value == ".." {
        Some("must not be '..'".to_string())
    } else if value.starts_with("..") {
        Some("must not start with '..'".to_string())
    } else {
        None
    }
}

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// True when `value` matches `[a-z0-9]([-a-z0-9]*[a-z0-9])?` as a whole.
fn matches_dns1123_label(value: &str) -> bool {
    let b = value.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_lower_alnum(first)
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// True when `value` is one or more DNS-1123 labels joined by single dots.
fn matches_dns1123_subdomain(value: &str) -> bool {
    value.split('.').all(matches_dns1123_label)
}

/// Spec VAL1: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsEnvVarName`: the strict env name pattern `[-._a-zA-Z][-._a-zA-Z0-9]*`, and not
/// `.`/`..`/`..`-prefixed.
pub fn is_env_var_name(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    let b = value.as_bytes();
    let first_ok = b
        .first()
        .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'-' | b'.' | b'_'));
    let rest_ok = b
        .iter()
        .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'));
    if !(first_ok && rest_ok) {
        errs.push(regex_error(
            ENV_VAR_NAME_MSG,
            ENV_VAR_NAME_FMT,
            &["my.env-name", "MY_ENV.NAME", "MyEnvName1"],
        ));
    }
    errs.extend(ch_dir_prefix_errors(value));
    into_result(errs)
}

/// Spec VAL2: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsRelaxedEnvVarName`: non-empty, and every character printable ASCII (space included) other
/// than `=`; the message appears once.
pub fn is_relaxed_env_var_name(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if value.is_empty() {
        errs.push(format!("environment variable name {}", empty_error()));
    }
    if value.chars().any(|c| !(' '..='~').contains(&c) || c == '=') {
        errs.push(RELAXED_ENV_VAR_NAME_MSG.to_string());
    }
    into_result(errs)
}

/// Spec VAL7: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsDNS1035Label` (Service names): `[a-z]([-a-z0-9]*[a-z0-9])?`, at most 63 characters.
pub fn is_dns1035_label(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if value.len() > DNS_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS_LABEL_MAX_LENGTH));
    }
    let b = value.as_bytes();
    let ok = match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            first.is_ascii_lowercase()
                && is_lower_alnum(last)
                && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    };
    if !ok {
        errs.push(regex_error(
            DNS1035_LABEL_MSG,
            DNS1035_LABEL_FMT,
            &["my-name", "abc-123"],
        ));
    }
    into_result(errs)
}

/// Spec VAL8/VAL12: mirrors `staging/src/k8s.io/apimachinery/pkg/api/validate/content/dns.go`
/// `IsDNS1123Label`: `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, at most 63 characters; a value that would be
/// a valid subdomain gets the shorter "must not contain dots" message instead of the pattern.
pub fn is_dns1123_label(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if value.len() > DNS_LABEL_MAX_LENGTH {
        errs.push(max_len_error(DNS_LABEL_MAX_LENGTH));
    }
    if !matches_dns1123_label(value) {
        if matches_dns1123_subdomain(value) {
            errs.push("must not contain dots".to_string());
        } else {
            errs.push(regex_error(
                DNS1123_LABEL_MSG,
                DNS1123_LABEL_FMT,
                &["my-name", "123-abc"],
            ));
        }
    }
    into_result(errs)
}

/// Spec VAL6/VAL10: mirrors `staging/src/k8s.io/apimachinery/pkg/api/validate/content/dns.go`
/// `IsDNS1123Subdomain`: dot-separated DNS-1123 labels, at most 253 characters in total.
pub fn is_dns1123_subdomain(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if value.len() > DNS_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS_SUBDOMAIN_MAX_LENGTH));
    }
    if !matches_dns1123_subdomain(value) {
        errs.push(regex_error(
            DNS1123_SUBDOMAIN_MSG,
            DNS1123_SUBDOMAIN_FMT,
            &["example.com"],
        ));
    }
    into_result(errs)
}

/// Spec VAL9: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsValidPortName` (IANA service names for container ports): at most 15 characters of
/// `[-a-z0-9]`, at least one letter, no `--`, no leading or trailing `-`. Every failing rule adds
/// its own message.
pub fn is_valid_port_name(port: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    let b = port.as_bytes();
    if b.len() > PORT_NAME_MAX_LENGTH {
        errs.push(max_len_error(PORT_NAME_MAX_LENGTH));
    }
    if b.is_empty() || !b.iter().all(|&c| is_lower_alnum(c) || c == b'-') {
        errs.push(
            "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string(),
        );
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    into_result(errs)
}

/// Spec VAL6: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsConfigMapKey`: `[-._a-zA-Z0-9]+`, at most 253 characters, and not `.`/`..`/`..`-prefixed.
pub fn is_config_map_key(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    if value.len() > DNS_SUBDOMAIN_MAX_LENGTH {
        errs.push(max_len_error(DNS_SUBDOMAIN_MAX_LENGTH));
    }
    let b = value.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
    {
        errs.push(regex_error(
            CONFIG_MAP_KEY_MSG,
            CONFIG_MAP_KEY_FMT,
            &["key.name", "KEY_NAME", "key-name"],
        ));
    }
    errs.extend(ch_dir_prefix_errors(value));
    into_result(errs)
}

/// True when `name` matches `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]` as a whole.
fn matches_qualified_name_part(name: &str) -> bool {
    let b = name.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter()
                    .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_'))
        }
        _ => false,
    }
}

/// Spec F2: mirrors `staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go`
/// `IsQualifiedName` (= `staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go`
/// `IsLabelKey`), used for label/annotation keys: an optional DNS-1123 subdomain prefix and `/`,
/// then a name of at most 63 characters matching `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`. More
/// than one `/` gets a single message.
pub fn is_qualified_name(value: &str) -> Result<(), Vec<String>> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push(format!("prefix part {}", empty_error()));
            } else if let Err(msgs) = is_dns1123_subdomain(prefix) {
                errs.extend(msgs.into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(
                    QUALIFIED_NAME_MSG,
                    QUALIFIED_NAME_FMT,
                    &["MyName", "my.name", "123-abc"]
                )
            ));
            return Err(errs);
        }
    };
    if name.is_empty() {
        errs.push(format!("name part {}", empty_error()));
    } else if name.len() > QUALIFIED_NAME_MAX_LENGTH {
        errs.push(format!(
            "name part {}",
            max_len_error(QUALIFIED_NAME_MAX_LENGTH)
        ));
    }
    if !matches_qualified_name_part(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                QUALIFIED_NAME_MSG,
                QUALIFIED_NAME_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    into_result(errs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(r: Result<(), Vec<String>>) -> Vec<String> {
        match r {
            Ok(()) => Vec::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn regex_error_matches_upstream_layout() {
        assert_eq!(
            regex_error("msg", "fmt", &["a", "b"]),
            "msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')"
        );
        assert_eq!(
            regex_error("msg", "fmt", &[]),
            "msg (regex used for validation is 'fmt')"
        );
    }

    #[test]
    fn strict_env_names() {
        for ok in [
            "A",
            "ABC",
            "AbC123",
            "_123",
            "-123",
            ".123",
            "A.B",
            "a-b",
            "abc",
            "my.env-name",
            "MY_ENV.NAME",
            "MyEnvName1",
            "._a",
            "-",
            ".a",
        ] {
            assert_eq!(is_env_var_name(ok), Ok(()), "{ok}");
        }
        let e = errs(is_env_var_name("1z"));
        assert_eq!(
            e,
            vec!["a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')".to_string()]
        );
        for bad in ["", "1", "123", "a b", "a=b", "ü", "A\n", "a$b"] {
            assert_eq!(errs(is_env_var_name(bad)).len(), 1, "{bad:?}");
        }
        assert_eq!(errs(is_env_var_name(".")), vec!["must not be '.'"]);
        assert_eq!(errs(is_env_var_name("..")), vec!["must not be '..'"]);
        assert_eq!(
            errs(is_env_var_name("..a")),
            vec!["must not start with '..'"]
        );
        // Both the pattern and the prefix rule fail.
        assert_eq!(errs(is_env_var_name("..1 ")).len(), 2);
    }

    #[test]
    fn relaxed_env_names() {
        for ok in ["1z", "app.conf", "1234", "a b", "~!@#", " ", "p_1234.name"] {
            assert_eq!(is_relaxed_env_var_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(
            errs(is_relaxed_env_var_name("")),
            vec!["environment variable name must be non-empty"]
        );
        for bad in ["a=b", "tab\t", "ü", "del\u{7f}", "nl\n"] {
            assert_eq!(
                errs(is_relaxed_env_var_name(bad)),
                vec![RELAXED_ENV_VAR_NAME_MSG],
                "{bad:?}"
            );
        }
        // Reported once however many bad characters there are.
        assert_eq!(errs(is_relaxed_env_var_name("=\t=")).len(), 1);
    }

    #[test]
    fn dns1035_labels() {
        for ok in ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "foo-bar"] {
            assert_eq!(is_dns1035_label(ok), Ok(()), "{ok}");
        }
        assert_eq!(is_dns1035_label(&"a".repeat(63)), Ok(()));
        for bad in [
            "0", "01", "0a", "8083", "", "A", "ABC", "aBc", "a_b", "a.b", "-a", "a-", "a b",
        ] {
            assert!(is_dns1035_label(bad).is_err(), "{bad}");
        }
        assert_eq!(
            errs(is_dns1035_label("1z")),
            vec!["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
        );
        assert_eq!(
            errs(is_dns1035_label(&"a".repeat(64))),
            vec!["must be no more than 63 characters"]
        );
    }

    #[test]
    fn dns1123_labels() {
        for ok in [
            "a",
            "ab",
            "abc",
            "a1",
            "a-1",
            "a--1--2--b",
            "0",
            "01",
            "8083",
            "0a",
        ] {
            assert_eq!(is_dns1123_label(ok), Ok(()), "{ok}");
        }
        assert_eq!(is_dns1123_label(&"a".repeat(63)), Ok(()));
        assert_eq!(errs(is_dns1123_label("a.b")), vec!["must not contain dots"]);
        assert_eq!(
            errs(is_dns1123_label("-a")),
            vec!["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"]
        );
        for bad in ["", "A", "a-", "a_b", "a b", "ü"] {
            assert!(is_dns1123_label(bad).is_err(), "{bad}");
        }
        assert_eq!(
            errs(is_dns1123_label(&"a".repeat(64))),
            vec!["must be no more than 63 characters"]
        );
    }

    #[test]
    fn dns1123_subdomains() {
        for ok in ["a", "a.b", "a.b.c", "1.2.3", "a-1.b-2", "example.com", "0"] {
            assert_eq!(is_dns1123_subdomain(ok), Ok(()), "{ok}");
        }
        let long = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        assert_eq!(long.len(), 253);
        assert_eq!(is_dns1123_subdomain(&long), Ok(()));
        assert_eq!(
            errs(is_dns1123_subdomain(&format!("{long}e"))),
            vec!["must be no more than 253 characters"]
        );
        for bad in ["", ".", "a.", ".a", "a..b", "A.b", "a_b.c", "-a.b", "a-.b"] {
            assert!(is_dns1123_subdomain(bad).is_err(), "{bad}");
        }
        assert_eq!(
            errs(is_dns1123_subdomain("A")),
            vec!["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
        );
    }

    #[test]
    fn port_names() {
        for ok in [
            "telnet",
            "re-mail-ck",
            "pop3",
            "a",
            "a-1",
            "1-a",
            "a-1-b-2-c",
            "1-a-2-b-3",
            "http",
        ] {
            assert_eq!(is_valid_port_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(is_valid_port_name(&"a".repeat(15)), Ok(()));
        assert_eq!(
            errs(is_valid_port_name(&"a".repeat(16))),
            vec!["must be no more than 15 characters"]
        );
        assert_eq!(
            errs(is_valid_port_name("8083")),
            vec!["must contain at least one letter (a-z)"]
        );
        assert_eq!(
            errs(is_valid_port_name("a--b")),
            vec!["must not contain consecutive hyphens"]
        );
        assert_eq!(
            errs(is_valid_port_name("-ab")),
            vec!["must not begin or end with a hyphen"]
        );
        assert_eq!(
            errs(is_valid_port_name("Http")),
            vec!["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]
        );
        // Several rules at once, in upstream order.
        assert_eq!(
            errs(is_valid_port_name("")),
            vec![
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)"
            ]
        );
        assert_eq!(
            errs(is_valid_port_name("--")),
            vec![
                "must contain at least one letter (a-z)",
                "must not contain consecutive hyphens",
                "must not begin or end with a hyphen"
            ]
        );
    }

    #[test]
    fn config_map_keys() {
        for ok in [
            "a",
            "ab",
            "abc",
            "a1",
            "a-1",
            "a_1",
            "a.1",
            "A",
            "AB",
            "1234",
            "p_1234.name",
            ".a",
            "a..b",
            "a.",
        ] {
            assert_eq!(is_config_map_key(ok), Ok(()), "{ok}");
        }
        assert_eq!(is_config_map_key(&"a".repeat(253)), Ok(()));
        assert_eq!(
            errs(is_config_map_key(&"a".repeat(254))),
            vec!["must be no more than 253 characters"]
        );
        assert_eq!(
            errs(is_config_map_key("..x")),
            vec!["must not start with '..'"]
        );
        assert_eq!(errs(is_config_map_key("..")), vec!["must not be '..'"]);
        assert_eq!(errs(is_config_map_key(".")), vec!["must not be '.'"]);
        assert_eq!(
            errs(is_config_map_key("a b")),
            vec!["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]
        );
        for bad in ["", "a/b", "a:b", "a=b", "ü"] {
            assert!(is_config_map_key(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn qualified_names() {
        for ok in [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            "app.kubernetes.io/name",
        ] {
            assert_eq!(is_qualified_name(ok), Ok(()), "{ok}");
        }
        assert_eq!(is_qualified_name(&"a".repeat(63)), Ok(()));
        assert_eq!(
            is_qualified_name(&format!("{}/{}", "a".repeat(253), "b".repeat(63))),
            Ok(())
        );
        for bad in [
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            "..x",
            "",
            "a b",
        ] {
            assert!(is_qualified_name(bad).is_err(), "{bad}");
        }
        assert_eq!(
            errs(is_qualified_name(&"a".repeat(64))),
            vec!["name part must be no more than 63 characters"]
        );
        assert_eq!(
            errs(is_qualified_name("/simple")),
            vec!["prefix part must be non-empty"]
        );
        assert_eq!(
            errs(is_qualified_name("a/b/c")),
            vec!["a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]
        );
        assert_eq!(
            errs(is_qualified_name("..x")),
            vec!["name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"]
        );
        // Empty name: both the emptiness and the pattern are reported.
        assert_eq!(errs(is_qualified_name("")).len(), 2);
        let e = errs(is_qualified_name("Example.com/x"));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("prefix part a lowercase RFC 1123 subdomain"),
            "{e:?}"
        );
    }
}
