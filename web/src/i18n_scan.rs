//! A test that no component hard-codes user-visible text: every word a user reads must come
//! from the `i18n` tables, in both languages.
//!
//! It reads `web/src/components/*.rs` (every file, so a new component is covered without
//! being listed) with a small Rust lexer that skips comments and knows string, raw-string and
//! char literals, and checks two things:
//! - inside each `html! { ... }` body, every string literal that is text (a child, or part of
//!   one: `{ "..." }`, `{ format!("...") }`, an argument of a helper called there) or the value
//!   of an attribute people read or hear (`title`, `aria-label`, `placeholder`, `alt`, ...)
//!   holds no word, once `{}` placeholders are removed; literals in other attributes (`class`,
//!   `data-testid`, `type`, `href`, ...) and in `classes!(...)` are names, not text;
//! - outside `html!`, no literal looks like a phrase (two words or more, or any Chinese).
//!
//! Allowed as non-language text: no letter at all (`=`, `·`, `×`, `—`, `{}:{}`), names
//! (kebab-case test ids and classes such as `analyse-again`, SCREAMING_SNAKE constants),
//! paths (`/etc/resolv.conf`), and the few technical words in [`ALLOWED_WORDS`].

use std::fs;
use std::path::Path;

/// Words that are not language: units and resolver options shown as they are spelled.
const ALLOWED_WORDS: &[&str] = &["ms", "ndots", "true", "false"];

/// Attributes whose value is shown or read out.
const VISIBLE_ATTRIBUTES: &[&str] = &[
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "aria-placeholder",
    "placeholder",
    "alt",
    "label",
    "value",
];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A string literal's contents (escapes left as written) and its line.
    Str(String, usize),
    /// Any other character outside literals and comments.
    Char(char),
}

/// Rust source as string literals and single characters; comments and char literals dropped.
fn lex(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
        }
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
            continue;
        }
        // Raw strings: r"..." and r#"..."#.
        let ident_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if c == 'r' && !ident_before && matches!(next, Some('"') | Some('#')) {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                let start_line = line;
                let mut text = String::new();
                j += 1;
                while let Some(&ch) = chars.get(j) {
                    if ch == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    if ch == '\n' {
                        line += 1;
                    }
                    text.push(ch);
                    j += 1;
                }
                out.push(Token::Str(text, start_line));
                i = j;
                continue;
            }
        }
        if c == '"' {
            let start_line = line;
            let mut text = String::new();
            let mut j = i + 1;
            while let Some(&ch) = chars.get(j) {
                if ch == '\\' {
                    text.push(ch);
                    if let Some(&escaped) = chars.get(j + 1) {
                        text.push(escaped);
                    }
                    j += 2;
                    continue;
                }
                if ch == '"' {
                    j += 1;
                    break;
                }
                if ch == '\n' {
                    line += 1;
                }
                text.push(ch);
                j += 1;
            }
            out.push(Token::Str(text, start_line));
            i = j;
            continue;
        }
        // A char literal ('x', '\n', '\u{1F600}'), not a lifetime ('static).
        if c == '\'' {
            if next == Some('\\') {
                let mut j = i + 2;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
                continue;
            }
            if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                continue;
            }
        }
        out.push(Token::Char(c));
        i += 1;
    }
    out
}

/// Where a literal sits inside an `html!` body.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// A child of an element or Rust code computing one.
    Text,
    /// The value of an attribute.
    Attribute(String),
    /// Inside `classes!(...)`.
    Classes,
}

/// The attribute whose `=` directly precedes `tokens[..at]`, if any: `name=` with `name` of
/// letters, digits, `-` and `_` (not `==`, `=>`, `<=`, `!=`).
fn attribute_before(tokens: &[Token], at: usize) -> Option<String> {
    let mut i = at;
    let is_space = |t: &Token| matches!(t, Token::Char(c) if c.is_whitespace());
    while i > 0 && is_space(&tokens[i - 1]) {
        i -= 1;
    }
    if i == 0 || tokens[i - 1] != Token::Char('=') {
        return None;
    }
    i -= 1;
    if i > 0 && matches!(tokens[i - 1], Token::Char('=' | '!' | '<' | '>')) {
        return None;
    }
    let mut name = String::new();
    while i > 0 {
        match tokens[i - 1] {
            Token::Char(c) if c.is_alphanumeric() || c == '-' || c == '_' => {
                name.insert(0, c);
                i -= 1;
            }
            _ => break,
        }
    }
    (!name.is_empty()).then_some(name)
}

/// True when the identifier right before `tokens[..at]` is `name!`.
fn macro_before(tokens: &[Token], at: usize, name: &str) -> bool {
    let mut text = String::new();
    let mut i = at;
    while i > 0 && matches!(tokens[i - 1], Token::Char(c) if c.is_whitespace()) {
        i -= 1;
    }
    while i > 0 {
        match tokens[i - 1] {
            Token::Char(c) if c.is_alphanumeric() || c == '_' || c == '!' => {
                text.insert(0, c);
                i -= 1;
            }
            _ => break,
        }
    }
    text == format!("{name}!")
}

/// The literal without its `{...}` format placeholders.
fn without_placeholders(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// The words of a literal that are language: runs of letters, minus names and allowed words.
fn language_words(text: &str) -> Vec<String> {
    let text = without_placeholders(text);
    text.split(|c: char| c.is_whitespace() || c == '·' || c == ',')
        .filter(|word| word.chars().any(char::is_alphabetic))
        .filter(|word| !is_name(word))
        .map(|word| word.to_string())
        .filter(|word| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            !ALLOWED_WORDS.contains(&bare)
        })
        .collect()
}

/// Test ids, classes, constants and paths: `analyse-again`, `CARGO_PKG_VERSION`,
/// `/etc/resolv.conf`, `\n`.
fn is_name(word: &str) -> bool {
    let kebab = word.contains('-')
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let constant = word
        .chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && word.len() > 1;
    let path = word.starts_with('/');
    let escape = word.starts_with('\\') && word.len() <= 2;
    // A manifest field path: `env[]`, `volumeMounts[].subPathExpr` (placeholders removed).
    let field_path = word.contains("[]")
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "[]._".contains(c));
    kebab || constant || path || escape || field_path
}

/// Every hard-coded text of one component's source: (line, literal, why).
fn hard_coded_texts(source: &str) -> Vec<(usize, String, String)> {
    let tokens = lex(source);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // `html!` followed by its body.
        let opens_html = tokens[i] == Token::Char('{') && macro_before(&tokens, i, "html");
        if !opens_html {
            if let Token::Str(text, line) = &tokens[i] {
                let words = language_words(text);
                let phrase = words.len() >= 2 || text.chars().any(is_cjk);
                if phrase {
                    found.push((*line, text.clone(), "a phrase outside html!".to_string()));
                }
            }
            i += 1;
            continue;
        }
        // Inside the body: a stack of what each open bracket is.
        let mut stack: Vec<Option<Place>> = Vec::new();
        stack.push(None);
        let mut j = i + 1;
        while j < tokens.len() && !stack.is_empty() {
            match &tokens[j] {
                Token::Char('{' | '(' | '[') => {
                    let place = if let Some(name) = attribute_before(&tokens, j) {
                        Some(Place::Attribute(name))
                    } else if macro_before(&tokens, j, "classes") {
                        Some(Place::Classes)
                    } else {
                        None
                    };
                    stack.push(place);
                }
                Token::Char('}' | ')' | ']') => {
                    stack.pop();
                }
                Token::Str(text, line) => {
                    let place = attribute_before(&tokens, j)
                        .map(Place::Attribute)
                        .or_else(|| stack.iter().rev().flatten().next().cloned())
                        .unwrap_or(Place::Text);
                    let shown = match &place {
                        Place::Text => true,
                        Place::Attribute(name) => VISIBLE_ATTRIBUTES.contains(&name.as_str()),
                        Place::Classes => false,
                    };
                    let words = language_words(text);
                    if shown && !words.is_empty() {
                        found.push((*line, text.clone(), format!("{place:?}: {words:?}")));
                    }
                }
                Token::Char(_) => {}
            }
            j += 1;
        }
        i = j;
    }
    found
}

#[test]
fn no_component_hard_codes_visible_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("web/src/components")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "components found: {files:?}");
    let mut problems = Vec::new();
    for file in &files {
        let source = fs::read_to_string(file).expect("readable component");
        for (line, text, why) in hard_coded_texts(&source) {
            let name = file.file_name().unwrap_or_default().to_string_lossy();
            problems.push(format!("{name}:{line}: {text:?} ({why})"));
        }
    }
    assert!(
        problems.is_empty(),
        "user-visible text belongs in i18n.rs (both tables):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_scan_finds_hard_coded_text_and_allows_names() {
    let source = r##"
        fn view() -> Html {
            // A comment "with words in it" is not text.
            let label = 'x';
            html! {
                <div class="panel head" data-testid="some-thing" title="Close the panel">
                    <h2>{ "Hard coded" }</h2>
                    <p>{ format!("{} lines of {}", a, b) }</p>
                    <span class={classes!("tab", x.then_some("selected"))}>{ "=" }{ " · " }</span>
                    <input placeholder="Type here" type="search" />
                    <a href="https://example.org/a b" rel="noopener noreferrer">{ t.link }</a>
                    { button(t.analyse_again, "analyse-again", Action::Resume) }
                    <code>{ "/etc/resolv.conf" }</code>
                    <h3>{ format!("{title} · ndots:{}", n) }{ env!("CARGO_PKG_VERSION") }</h3>
                    <p>{ "中文" }</p>
                </div>
            }
        }
        const HINT: &str = "a sentence outside html";
        fn other() -> &'static str { "one" }
    "##;
    let found: Vec<String> = hard_coded_texts(source)
        .into_iter()
        .map(|(_, text, _)| text)
        .collect();
    assert_eq!(
        found,
        [
            "Close the panel",
            "Hard coded",
            "{} lines of {}",
            "Type here",
            "中文",
            "a sentence outside html",
        ]
    );
}
