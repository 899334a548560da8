use serde_json::json;

use super::*;

fn values(docs: &[RawDocument]) -> Vec<Option<serde_json::Value>> {
    docs.iter()
        .map(|d| d.value.clone().ok().flatten())
        .collect()
}

fn err(doc: &RawDocument) -> &SyntaxError {
    match &doc.value {
        Err(e) => e,
        Ok(v) => panic!("expected an error in document {}, got {v:?}", doc.index),
    }
}

#[test]
fn multi_document_with_empty_docs_and_comments() {
    let text = "# leading comment\n---\na: 1\n---\n---\n# only a comment\n---\nb: 2\n---\n";
    let docs = split_documents(text);
    let summary: Vec<_> = docs.iter().map(|d| (d.index, d.start_line)).collect();
    assert_eq!(summary, vec![(1, 2), (2, 4), (3, 5), (4, 7), (5, 9)]);
    assert_eq!(
        values(&docs),
        vec![
            Some(json!({"a": 1})),
            None,
            None,
            Some(json!({"b": 2})),
            None
        ]
    );
    assert!(docs.iter().all(|d| d.value.is_ok()));
    assert_eq!(docs[1].text, "---\n");
    assert_eq!(docs[2].text, "---\n# only a comment\n");
}

#[test]
fn no_marker_and_blank_input() {
    assert!(split_documents("").is_empty());
    assert!(split_documents("\n  \n# nothing\n").is_empty());
    let docs = split_documents("a: 1\nb: [x]\n");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].start_line, 1);
    assert_eq!(values(&docs), vec![Some(json!({"a": 1, "b": ["x"]}))]);
    // A `null` document is not an empty one.
    assert_eq!(
        split_documents("~\n")[0].value,
        Ok(Some(serde_json::Value::Null))
    );
}

#[test]
fn separator_with_inline_content_and_comment() {
    let text = "--- {a: 1}\n--- # comment\nb: 2\n---\t\nc: 3\n--- |\n  text\n---abc: 4\n";
    let docs = split_documents(text);
    assert_eq!(
        values(&docs),
        vec![
            Some(json!({"a": 1})),
            Some(json!({"b": 2})),
            Some(json!({"c": 3})),
            // `---abc` is not a separator (YAML needs a space after `---`).
            None,
        ]
    );
    assert_eq!(docs.len(), 4);
    assert!(docs[3].value.is_err(), "{:?}", docs[3].value);
    assert_eq!(docs[3].start_line, 6);
    assert_eq!(docs[1].start_line, 2);
}

#[test]
fn document_end_marker() {
    let text = "a: 1\n...\nb: 2\n...\n# trailing comment\n---\nc: 3\n";
    let docs = split_documents(text);
    let summary: Vec<_> = docs.iter().map(|d| (d.index, d.start_line)).collect();
    assert_eq!(summary, vec![(1, 1), (2, 3), (3, 6)]);
    assert_eq!(
        values(&docs),
        vec![
            Some(json!({"a": 1})),
            Some(json!({"b": 2})),
            Some(json!({"c": 3}))
        ]
    );
    assert_eq!(docs[0].text, "a: 1\n...\n");
}

#[test]
fn bom_directives_and_crlf() {
    let text =
        "\u{feff}%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!thing 1\r\n---\r\nb: [\r\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].start_line, 1);
    // A custom tag is dropped; its scalar stays a string.
    assert_eq!(docs[0].value, Ok(Some(json!({"a": "1"}))));
    assert_eq!(docs[1].start_line, 5);
    let e = err(&docs[1]);
    assert_eq!(e.line, 7, "{e:?}");

    let docs = split_documents("\u{feff}kind: Pod\n");
    assert_eq!(docs[0].value, Ok(Some(json!({"kind": "Pod"}))));
    let docs = split_documents("\u{feff}{\"kind\": \"Pod\"}");
    assert_eq!(docs[0].value, Ok(Some(json!({"kind": "Pod"}))));
}

#[test]
fn json_single_and_concatenated() {
    let docs = split_documents("  {\n  \"kind\": \"Pod\",\n  \"n\": 1.5\n}\n");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].start_line, 1);
    assert_eq!(docs[0].value, Ok(Some(json!({"kind": "Pod", "n": 1.5}))));

    let text = "{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n\n[1,\n 2]{\"c\":3}\n";
    let docs = split_documents(text);
    let summary: Vec<_> = docs.iter().map(|d| (d.index, d.start_line)).collect();
    assert_eq!(summary, vec![(1, 1), (2, 4), (3, 8), (4, 9)]);
    assert_eq!(
        values(&docs),
        vec![
            Some(json!({"a": 1})),
            Some(json!({"b": 2})),
            Some(json!([1, 2])),
            Some(json!({"c": 3}))
        ]
    );
    assert_eq!(docs[1].text, "{\n  \"b\": 2\n}");
    // Flow YAML that is not JSON is still accepted.
    assert_eq!(
        split_documents("{a: 1, b: [x]}")[0].value,
        Ok(Some(json!({"a": 1, "b": ["x"]})))
    );
}

#[test]
fn json_broken_value_does_not_hide_the_others() {
    let text = "{\"a\": 1}\n{\n  \"b\": 2,\n  \"c\" 3\n}\n{\"d\": 4}\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 3, "{docs:#?}");
    assert_eq!(docs[0].value, Ok(Some(json!({"a": 1}))));
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (4, 7), "{e:?}");
    assert!(e.message.starts_with("invalid JSON: expected `:`"), "{e:?}");
    assert!(!e.message.contains("line"), "{e:?}");
    assert_eq!(docs[2].start_line, 6);
    assert_eq!(docs[2].value, Ok(Some(json!({"d": 4}))));

    // Unclosed object, then a good one.
    let docs = split_documents("{\"a\": [1]\n{\"d\": 4}\n");
    assert_eq!(docs.len(), 2, "{docs:#?}");
    assert!(docs[0].value.is_err());
    assert_eq!(docs[1].value, Ok(Some(json!({"d": 4}))));

    // Trailing garbage.
    let docs = split_documents("{\"a\": 1} x: [");
    assert_eq!(docs.len(), 2);
    assert_eq!((err(&docs[1]).line, err(&docs[1]).column), (1, 10));
}

#[test]
fn broken_middle_document_keeps_the_others() {
    let text = "a: 1\n---\n# second\nb:\n  c: 1\n   d: 2\n---\ne: 3\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].value, Ok(Some(json!({"a": 1}))));
    assert_eq!(docs[2].value, Ok(Some(json!({"e": 3}))));
    assert_eq!(docs[2].start_line, 7);
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (6, 5), "{e:?}");
    assert!(
        e.message.starts_with("mapping values are not allowed"),
        "{e:?}"
    );
    assert!(e.message.contains("indentation"), "{e:?}");

    let docs = split_documents("a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n");
    let e = err(&docs[1]);
    assert_eq!(e.line, 4, "{e:?}");
    // Secondary locations in the message are absolute too.
    assert!(e.message.contains("line 3 column 4"), "{e:?}");
    assert_eq!(docs[2].value, Ok(Some(json!({"d": 4}))));
}

#[test]
fn error_positions() {
    // Tab indentation.
    let docs = split_documents("---\nx: 1\n---\na:\n\tb: 1\n");
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (5, 1), "{e:?}");
    assert!(e.message.contains("tabs"), "{e:?}");
    // Duplicate key: points at the second occurrence.
    let docs = split_documents("x: 1\n---\nm:\n  a: 1\n  b: 2\n  a: 3\n");
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (6, 3), "{e:?}");
    assert!(e.message.contains("duplicate"), "{e:?}");
    // Control character: position comes from the reader.
    let docs = split_documents("x: 1\n---\na: \"é\u{1}\"\n");
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (3, 6), "{e:?}");
    assert!(!e.message.contains("position"), "{e:?}");
    // Unclosed quote at the end of the file.
    let docs = split_documents("---\na: 'x\n");
    assert!(docs[0].value.is_err());
    // Unknown alias.
    let e = err(&split_documents("---\n---\na: *nope\n")[1]).clone();
    assert_eq!(e.line, 3, "{e:?}");
}

#[test]
fn merge_keys() {
    let text = "\
base: &base
  image: nginx
  env: [a]
more: &more
  <<: *base
  port: 80
pod:
  <<: [*more, {image: other, extra: true}]
  env: [b]
";
    let docs = split_documents(text);
    let value = docs[0].value.clone();
    assert_eq!(
        value,
        Ok(Some(json!({
            "base": {"image": "nginx", "env": ["a"]},
            "more": {"image": "nginx", "env": ["a"], "port": 80},
            "pod": {"image": "nginx", "env": ["b"], "port": 80, "extra": true},
        })))
    );
    let docs = split_documents("a: 1\n---\nx:\n  y: 1\n  <<: 3\n");
    let e = err(&docs[1]);
    assert_eq!((e.line, e.column), (5, 3), "{e:?}");
    assert!(e.message.contains("merge"), "{e:?}");
}

#[test]
fn non_string_keys_tags_and_special_floats() {
    let text = "80: http\ntrue: yes\n1.5: x\n~: n\n!custom tagged: !!str 12\nnan: .nan\ninf: -.inf\nbig: 18446744073709551615\nneg: -3\n? [a, b]\n: c\n";
    let docs = split_documents(text);
    assert_eq!(
        docs[0].value,
        Ok(Some(json!({
            "80": "http",
            "true": "yes",
            "1.5": "x",
            "null": "n",
            "tagged": "12",
            "nan": ".nan",
            "inf": "-.inf",
            "big": 18446744073709551615u64,
            "neg": -3,
            "[\"a\",\"b\"]": "c",
        })))
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = "[".repeat(100_000);
    let docs = split_documents(&deep);
    assert_eq!(docs.len(), 1);
    assert!(
        err(&docs[0]).message.contains("recursion limit"),
        "{docs:?}"
    );
    assert!(PositionIndex::build(&docs[0]).locate("a[0]") == (1, 1));

    let docs = split_documents(&format!("ok: 1\n---\na: {deep}\n---\nb: 2\n"));
    assert_eq!(docs.len(), 3);
    assert!(docs[1].value.is_err());
    assert_eq!(docs[2].value, Ok(Some(json!({"b": 2}))));

    let block = "- ".repeat(50_000);
    let docs = split_documents(&block);
    assert!(docs[0].value.is_err());
    let docs = split_documents(&"{\"a\":".repeat(100_000));
    assert!(docs[0].value.is_err());
}

#[test]
fn billion_laughs_is_rejected() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    let docs = split_documents(&text);
    assert!(docs[0].value.is_err());
}

const BLOCK: &str = "\
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
    'tier': \"front\"
spec:
  containers:
    - name: app
      env:
        - name: A
          value: \"1\"
        - {name: B, value: '2'}
        - name: C
          valueFrom:
            fieldRef: {fieldPath: metadata.name}
    - name: sidecar
";

#[test]
fn locate_in_block_and_flow_yaml() {
    let docs = split_documents(&format!("x: 1\n{BLOCK}"));
    let doc = &docs[1];
    assert!(doc.value.is_ok());
    let index = PositionIndex::build(doc);
    assert_eq!(index.locate("kind"), (4, 1));
    assert_eq!(index.locate("metadata.name"), (6, 3));
    assert_eq!(
        index.locate("metadata.labels['app.kubernetes.io/name']"),
        (8, 5)
    );
    assert_eq!(index.locate("metadata.labels[\"tier\"]"), (9, 5));
    assert_eq!(
        index.locate("metadata.labels[app.kubernetes.io/name]"),
        (8, 5)
    );
    assert_eq!(index.locate("spec.containers[0]"), (12, 7));
    assert_eq!(index.locate("spec.containers[0].env[0].value"), (15, 11));
    assert_eq!(index.locate("spec.containers[0].env[1]"), (16, 11));
    assert_eq!(index.locate("spec.containers[0].env[1].value"), (16, 21));
    assert_eq!(
        index.locate("spec.containers[0].env[2].valueFrom.fieldRef.fieldPath"),
        (19, 24)
    );
    assert_eq!(index.locate("spec.containers[1].name"), (20, 7));
    // Missing paths fall back to the deepest existing prefix.
    assert_eq!(index.locate("spec.containers[0].env[7].name"), (13, 7));
    assert_eq!(index.locate("spec.containers[1].image"), (20, 7));
    assert_eq!(index.locate("spec.volumes"), (10, 1));
    assert_eq!(index.locate("metadata.name.sub"), (6, 3));
    // Nothing matches: the document start (its root node).
    assert_eq!(index.locate("nope.x"), (3, 1));
    assert_eq!(index.locate(""), (3, 1));
}

#[test]
fn locate_in_multiline_flow_and_anchors() {
    let text = "a: 1\n---\nspec: {ports: [\n    {port: 80},\n    {port: 443, name: https}\n  ],\n  tpl: &t {x: [1, 2]},\n  copy: *t,\n  list: [*t]}\n";
    let docs = split_documents(text);
    let index = PositionIndex::build(&docs[1]);
    assert_eq!(index.locate("spec.ports[1].name"), (5, 17));
    assert_eq!(index.locate("spec.ports[1]"), (5, 5));
    assert_eq!(index.locate("spec.ports[0].port"), (4, 6));
    // An alias points at its anchor.
    assert_eq!(index.locate("spec.copy.x[1]"), (7, 19));
    assert_eq!(index.locate("spec.list[0].x"), (7, 12));
    assert_eq!(index.locate("spec.list[0]"), (7, 8));
    assert_eq!(index.locate("spec.copy"), (8, 3));

    // Merged keys are found in the merge source.
    let text = "base: &b\n  image: nginx\npod:\n  <<: *b\n  name: p\n";
    let index = PositionIndex::build(&split_documents(text)[0]);
    assert_eq!(index.locate("pod.image"), (2, 3));
    assert_eq!(index.locate("pod.name"), (5, 3));
}

#[test]
fn locate_in_json() {
    let text = "{\"a\": 1}\n{\n  \"kind\": \"List\",\n  \"items\": [\n    {\"metadata\": {\"labels\": {\"app.kubernetes.io/name\": \"x\"}}},\n    {\n      \"spec\": {\n        \"ports\": [{\"port\": 1}, {\"port\": 2}]\n      }\n    }\n  ]\n}\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 2);
    let index = PositionIndex::build(&docs[1]);
    assert_eq!(index.locate("kind"), (3, 3));
    assert_eq!(
        index.locate("items[0].metadata.labels['app.kubernetes.io/name']"),
        (5, 30)
    );
    assert_eq!(index.locate("items[1].spec.ports[1]"), (8, 32));
    assert_eq!(index.locate("items[1].spec.ports[1].port"), (8, 33));
    assert_eq!(index.locate("items[1].spec.ports[5].port"), (8, 9));
    assert_eq!(index.locate("missing"), (2, 1));
}

#[test]
fn locate_never_panics_on_odd_input() {
    let docs = split_documents("a: [1\n");
    let index = PositionIndex::build(&docs[0]);
    assert_eq!(index.locate("a[0]"), (1, 1));
    let empty = split_documents("---\n# empty\n");
    assert_eq!(PositionIndex::build(&empty[0]).locate("a.b"), (1, 1));
    let index = PositionIndex::build(&split_documents("a: {b: 1}\n")[0]);
    for path in [
        "[",
        "]",
        "a[",
        "a['",
        "a[\"b",
        "..a..b",
        "a[99999999999999999999999]",
        "a[-1]",
        "a.b[0].c",
        "é.ü",
    ] {
        let _ = index.locate(path);
    }
    assert_eq!(index.locate("a['b"), (1, 5));
}

#[test]
fn never_panics_on_garbage() {
    let samples = [
        "\u{feff}",
        "---",
        "...",
        "--- ---",
        "%",
        "%YAML",
        "\r",
        "\r\r\n---\r",
        "{",
        "[",
        "}",
        "]",
        "{\"a\"",
        "[\n---",
        "\"\\u",
        "a: \"\\ud800\"",
        "? ? ?",
        "&a *a",
        "*a",
        "!<!> x",
        "- - - -",
        ":\n:",
        "é: ü\n\t",
        "\u{0}",
        "a: |\n\u{85}",
        "{\"a\":1}\u{2028}{\"b\":",
        "[\"é\" x]",
        "\u{feff}\u{feff}a: 1",
    ];
    for text in samples {
        for doc in split_documents(text) {
            let index = PositionIndex::build(&doc);
            let _ = index.locate("a.b[0]['c']");
            if let Err(e) = &doc.value {
                assert!(e.line >= 1 && e.column >= 1, "{text:?}: {e:?}");
                assert!(!e.message.is_empty());
            }
        }
    }
}

/// Random mixes of YAML and JSON punctuation: no panic, sane numbering and positions.
fn fuzz(cases: u64, seed: u64) {
    const TOKENS: &[&str] = &[
        "---",
        "...",
        "\n",
        "\n",
        "\n",
        " ",
        "  ",
        "\t",
        "- ",
        ":",
        ": ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        "\"",
        "&a ",
        "*a",
        "<<: ",
        "#",
        "!t ",
        "a",
        "key",
        "1",
        "é",
        "\r",
        "|",
        ">",
        "? ",
        "%YAML 1.2",
        "\u{feff}",
        "\\",
        "~",
        "null",
        ".nan",
        "\u{1}",
        "\u{85}",
        "\u{2028}",
    ];
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..cases {
        let len = next() % 40;
        let text: String = (0..len)
            .map(|_| TOKENS[(next() % TOKENS.len() as u64) as usize])
            .collect();
        let lines = text.split('\n').count() + text.matches('\r').count();
        let docs = split_documents(&text);
        for (i, doc) in docs.iter().enumerate() {
            assert_eq!(doc.index, i + 1, "{text:?}");
            assert!(
                doc.start_line >= 1 && doc.start_line <= lines,
                "{text:?}: {doc:?}"
            );
            if let Err(e) = &doc.value {
                assert!(
                    e.line >= 1 && e.line <= lines && e.column >= 1,
                    "{text:?}: {e:?}"
                );
            }
            let index = PositionIndex::build(doc);
            for path in ["", "a", "a.a[0]", "key['a'][1].a", "[0]"] {
                let (line, column) = index.locate(path);
                assert!(
                    line >= 1 && line <= lines && column >= 1,
                    "{text:?} {path}: {line}:{column}"
                );
            }
        }
    }
}

#[test]
fn fuzz_never_panics() {
    fuzz(3_000, 0x9e37_79b9_7f4a_7c15);
}

#[test]
#[ignore = "long: run by hand with --release"]
fn fuzz_never_panics_long() {
    fuzz(2_000_000, 0x2545_f491_4f6c_dd1d);
}

/// Issue 7: a document over the API server's request body limit is a located error.
#[test]
fn document_over_request_body_limit() {
    let big = format!(
        "a: 1\n---\nkind: ConfigMap\ndata:\n  k: \"{}\"\n---\nb: 2\n",
        "x".repeat(crate::limits::MAX_DOCUMENT_BYTES)
    );
    let docs = split_documents(&big);
    assert_eq!(docs.len(), 3);
    let e = err(&docs[1]);
    assert_eq!((e.code, e.line, e.column), ("document-too-large", 2, 1));
    assert!(e.message.contains("Request entity too large"));
    assert_eq!(values(&docs)[2], Some(json!({"b": 2})));
}

/// Issue 7: JSON input meets the same document size limit as YAML.
#[test]
fn json_document_over_request_body_limit() {
    let big = format!(
        "{{\"a\": 1}}\n{{\"kind\": \"ConfigMap\", \"data\": {{\"k\": \"{}\"}}}}\n{{\"b\": 2}}\n",
        "x".repeat(crate::limits::MAX_DOCUMENT_BYTES)
    );
    let docs = split_documents(&big);
    assert_eq!(docs.len(), 3);
    let e = err(&docs[1]);
    assert_eq!((e.code, e.line, e.column), ("document-too-large", 2, 1));
    assert_eq!(values(&docs)[2], Some(json!({"b": 2})));
}

/// Issue 7: past MAX_DOCUMENTS one located error stands for the rest.
#[test]
fn too_many_documents() {
    let text = "---\n".repeat(crate::limits::MAX_DOCUMENTS + 5);
    let docs = split_documents(&text);
    assert_eq!(docs.len(), crate::limits::MAX_DOCUMENTS + 1);
    let e = err(&docs[crate::limits::MAX_DOCUMENTS]);
    assert_eq!(e.code, "too-many-documents");
    assert_eq!(e.line, crate::limits::MAX_DOCUMENTS + 1);
}

/// Issue 7: JSON duplicate keys are errors (as YAML ones are here), located at the repeat.
#[test]
fn json_duplicate_key_is_located_error() {
    let text = "{\"kind\": \"ConfigMap\",\n \"data\": {\"k\": \"1\",\n  \"\\u006b\": \"2\"}, \"list\": [\"k\", \"k\"]}\n{\"a\": {\"x\": 1}, \"b\": {\"x\": 2}}\n";
    let docs = split_documents(text);
    assert_eq!(docs.len(), 2);
    let e = err(&docs[0]);
    assert_eq!((e.line, e.column), (3, 3));
    assert!(e.message.contains("duplicate field \"k\""), "{}", e.message);
    // The same key in different objects is fine.
    assert_eq!(
        values(&docs)[1],
        Some(json!({"a": {"x": 1}, "b": {"x": 2}}))
    );
}

/// Issue 7: a trailing comma in JSON is a syntax error (no lenient YAML fallback).
#[test]
fn json_trailing_comma_is_located_error() {
    let docs = split_documents("{\"a\": [1, 2,],\n \"b\": 1}\n");
    let e = err(&docs[0]);
    assert!(e.message.contains("trailing comma"), "{}", e.message);
    assert_eq!(e.line, 1);
    let docs = split_documents("{\"a\": 1,\n}\n");
    assert!(err(&docs[0]).message.contains("trailing comma"));
}

/// Issue 7: a BOM at the start of a later document (two BOM files concatenated) is
/// skipped like the first one.
#[test]
fn bom_at_later_document_start() {
    let docs = split_documents("\u{feff}a: 1\n\u{feff}---\nb: 2\n---\n\u{feff}c: 3\n");
    let got = values(&docs);
    for d in &docs {
        if let Err(e) = &d.value {
            panic!("document {}: {}", d.index, e.message);
        }
    }
    assert_eq!(
        got,
        vec![
            Some(json!({"a": 1})),
            Some(json!({"b": 2})),
            Some(json!({"c": 3}))
        ]
    );
}

#[test]
fn a_document_is_located_at_its_first_content_past_the_marker_and_comments() {
    let text = "a: 1\n---\n\n# the pod\nkind: Pod\n--- {b: 2}\n---\r\nc: 3\n";
    let docs = split_documents(text);
    let lines: Vec<(usize, usize)> = docs
        .iter()
        .map(|d| (d.start_line, d.content_line))
        .collect();
    // `---` lines start the chunks; the objects start where their content does, and a
    // marker carrying content is that content.
    assert_eq!(lines, vec![(1, 1), (2, 5), (6, 6), (7, 8)]);
    let json = split_documents("{\"kind\": \"Pod\"}\n{\"kind\": \"Service\"}\n");
    let lines: Vec<(usize, usize)> = json
        .iter()
        .map(|d| (d.start_line, d.content_line))
        .collect();
    assert_eq!(lines, vec![(1, 1), (2, 2)]);
}
