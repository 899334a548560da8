//! Splitting a pasted file into documents, and parsing each one.

use super::convert::{self, ConvertError};
use super::lines::{floor_char_boundary, LineSpan, Lines};
use super::position::Tree;
use super::{RawDocument, SyntaxError};

use crate::limits::{MAX_DOCUMENTS, MAX_DOCUMENT_BYTES, MAX_NESTING};

/// The whole (BOM-less) file with its lines: absolute positions are computed from it.
struct File<'a> {
    text: &'a str,
    lines: Lines,
}

impl File<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        self.lines.position(self.text, offset)
    }

    fn line_text(&self, span: &LineSpan) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The position of the first non-blank, non-comment character in `start..end`.
    fn first_content(&self, start: usize, end: usize) -> (usize, usize) {
        let first = self.lines.line_index(start);
        for span in self.lines.spans().iter().skip(first) {
            if span.start >= end {
                break;
            }
            let line = self.line_text(span);
            if is_content(line) {
                let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
                return self.position(span.start + indent);
            }
        }
        self.position(start)
    }
}

pub(super) fn split(file_text: &str) -> Vec<RawDocument> {
    let lazy = LazyDocuments::new(file_text);
    (0..lazy.len()).filter_map(|i| lazy.parse(i)).collect()
}

/// A chunk of YAML text that is a document, not parsed yet.
#[derive(Debug, Clone, Copy)]
struct Chunk {
    /// 1-based document number.
    index: usize,
    start: usize,
    end: usize,
    start_line: usize,
    /// Started by `---`.
    explicit: bool,
    has_content: bool,
}

/// One document of a [`LazyDocuments`]: a YAML chunk parsed on demand, or a JSON value
/// (the JSON reader finds where a value ends only by parsing it).
#[derive(Debug)]
enum Lazy {
    Yaml(Chunk),
    Parsed(RawDocument),
}

/// The documents of a file, split exactly as [`super::split_documents`] splits it (the
/// same chunks, numbers and limits), each parsed only when asked: for callers that look
/// at a few documents of a large input (the source links of one variable).
pub struct LazyDocuments<'a> {
    file: File<'a>,
    docs: Vec<Lazy>,
}

impl<'a> LazyDocuments<'a> {
    /// Splits `file_text` (a leading byte order mark ignored). YAML chunks are not parsed;
    /// JSON values are (see [`Lazy`]).
    pub fn new(file_text: &'a str) -> LazyDocuments<'a> {
        let text = file_text.strip_prefix('\u{feff}').unwrap_or(file_text);
        let file = File {
            text,
            lines: Lines::new(text),
        };
        let docs = if looks_like_json(&file) {
            json_documents(&file)
                .into_iter()
                .map(Lazy::Parsed)
                .collect()
        } else {
            yaml_chunks(&file, 0, 1)
                .into_iter()
                .map(Lazy::Yaml)
                .collect()
        };
        LazyDocuments { file, docs }
    }

    /// How many documents the file has.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The 1-based number of document `i` (counted as `RawDocument::index` counts).
    pub fn index(&self, i: usize) -> Option<usize> {
        Some(match self.docs.get(i)? {
            Lazy::Yaml(chunk) => chunk.index,
            Lazy::Parsed(doc) => doc.index,
        })
    }

    /// The text of document `i`, unparsed (a cheap look before [`LazyDocuments::parse`]).
    pub fn text(&self, i: usize) -> &str {
        match self.docs.get(i) {
            Some(Lazy::Yaml(chunk)) => self.file.text.get(chunk.start..chunk.end).unwrap_or(""),
            Some(Lazy::Parsed(doc)) => &doc.text,
            None => "",
        }
    }

    /// Document `i` as [`super::split_documents`] returns it.
    pub fn parse(&self, i: usize) -> Option<RawDocument> {
        Some(match self.docs.get(i)? {
            Lazy::Yaml(chunk) => parse_chunk(&self.file, chunk),
            Lazy::Parsed(doc) => doc.clone(),
        })
    }
}

/// `---` or `...` at the start of a line, followed by nothing or whitespace: what follows.
/// A byte order mark opening the line is skipped, so two files saved with BOMs and
/// concatenated still split at the second file's `---`.
fn marker_rest<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let rest = line.strip_prefix(marker)?;
    (rest.is_empty() || rest.starts_with([' ', '\t'])).then_some(rest)
}

/// Not blank and not only a comment.
fn is_content(line: &str) -> bool {
    let trimmed = line.trim_matches([' ', '\t']);
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// JSON input: the first non-space character opens an object or array, and no line is a
/// YAML document marker.
fn looks_like_json(file: &File) -> bool {
    file.text.trim_start().starts_with(['{', '['])
        && !file.lines.spans().iter().any(|span| {
            let line = file.line_text(span);
            marker_rest(line, "---").is_some() || marker_rest(line, "...").is_some()
        })
}

/// The document being gathered.
struct Open {
    start: usize,
    start_line: usize,
    /// Started by `---` (always a document, even when empty).
    explicit: bool,
    has_content: bool,
    /// A bare region holding `%YAML`/`%TAG` directives: they belong to the next `---` document.
    has_directive: bool,
}

impl Open {
    fn bare(start: usize, start_line: usize) -> Open {
        Open {
            start,
            start_line,
            explicit: false,
            has_content: false,
            has_directive: false,
        }
    }
}

/// The YAML documents of `file.text[from..]`, whose first line is file line `from_line`, as
/// chunks (parsed by [`parse_chunk`]).
fn yaml_chunks(file: &File, from: usize, from_line: usize) -> Vec<Chunk> {
    let mut docs = Vec::new();
    let mut open = Open::bare(from, from_line);
    let first = file.lines.line_index(from);
    for (i, span) in file.lines.spans().iter().enumerate().skip(first) {
        let line_no = i + 1;
        let line = file.line_text(span);
        if let Some(rest) = marker_rest(line, "---") {
            let keep_directives = !open.explicit && !open.has_content && open.has_directive;
            let (start, start_line) = if keep_directives {
                (open.start, open.start_line)
            } else {
                (span.start, line_no)
            };
            finish(&mut docs, &open, span.start);
            open = Open {
                start,
                start_line,
                explicit: true,
                has_content: is_content(rest),
                has_directive: false,
            };
        } else if marker_rest(line, "...").is_some() {
            finish(&mut docs, &open, span.next);
            open = Open::bare(span.next, line_no + 1);
        } else if !open.explicit && !open.has_content && line.starts_with('%') {
            open.has_directive = true;
        } else if is_content(line) {
            open.has_content = true;
        }
    }
    finish(&mut docs, &open, file.text.len());
    docs
}

fn finish(docs: &mut Vec<Chunk>, open: &Open, end: usize) {
    if !open.explicit && !open.has_content {
        return;
    }
    if docs.len() > MAX_DOCUMENTS {
        // Only the first document past the limit is kept, as the error.
        return;
    }
    docs.push(Chunk {
        index: docs.len() + 1,
        start: open.start,
        end,
        start_line: open.start_line,
        explicit: open.explicit,
        has_content: open.has_content,
    });
}

/// Parses one chunk (the documents before it count towards the limits).
fn parse_chunk(file: &File, chunk: &Chunk) -> RawDocument {
    let text = file.text.get(chunk.start..chunk.end).unwrap_or("");
    let before = chunk.index.saturating_sub(1);
    let value = if let Some(error) = document_limits(file, before, chunk.start, text.len()) {
        Err(error)
    } else if chunk.has_content {
        parse_yaml(file, text, chunk.start, chunk.start_line)
    } else {
        Ok(None)
    };
    // Past a bare `---` line: the object starts on its first content line.
    let mut from = chunk.start;
    if chunk.explicit {
        let first_line = text.split('\n').next().unwrap_or("");
        if marker_rest(first_line.trim_end_matches('\r'), "---").is_some_and(|r| !is_content(r)) {
            from = chunk.start + first_line.len() + 1;
        }
    }
    let content_line = if from < chunk.end {
        file.first_content(from, chunk.end).0
    } else {
        chunk.start_line
    };
    RawDocument {
        index: chunk.index,
        start_line: chunk.start_line,
        content_line,
        text: text.to_owned(),
        value,
    }
}

/// An input limit hit by the document starting at byte `start`.
/// The document-count and document-size limits (MAX_DOCUMENTS, MAX_DOCUMENT_BYTES), shared
/// by the YAML and the JSON reader: the error for the document at byte `start`, which has
/// `count` documents before it and is `len` bytes long.
fn document_limits(file: &File, count: usize, start: usize, len: usize) -> Option<SyntaxError> {
    if count >= MAX_DOCUMENTS {
        return Some(limit_error(
            "too-many-documents",
            file,
            start,
            format!(
                "more than {MAX_DOCUMENTS} documents (podenv's limit MAX_DOCUMENTS); this and later documents are not read. Split the input"
            ),
        ));
    }
    if len > MAX_DOCUMENT_BYTES {
        return Some(limit_error(
            "document-too-large",
            file,
            start,
            format!(
                "the document is {len} bytes, over the API server's request body limit of {MAX_DOCUMENT_BYTES} bytes (MAX_DOCUMENT_BYTES; the API server answers \"Request entity too large\", and etcd's default 1.5 MiB request limit is lower still); split the object or move data out of it"
            ),
        ));
    }
    None
}

fn limit_error(code: &'static str, file: &File, start: usize, message: String) -> SyntaxError {
    let (line, column) = file.position(start);
    SyntaxError {
        code,
        line,
        column,
        message,
    }
}

/// Parses one chunk (`text`, at byte `start` of the file, starting on line `start_line`).
fn parse_yaml(
    file: &File,
    text: &str,
    start: usize,
    start_line: usize,
) -> Result<Option<serde_json::Value>, SyntaxError> {
    // libyaml is quadratic in the nesting depth: refuse what serde_yaml would refuse
    // anyway (more than 128 levels) before it spends seconds on it.
    if let Some((line, column)) = Tree::too_deep(text, start_line, MAX_NESTING) {
        return Err(SyntaxError {
            code: "nesting-too-deep",
            line,
            column,
            message: format!(
                "the document nests lists and mappings more than {MAX_NESTING} levels deep (podenv's limit MAX_NESTING); flatten it"
            ),
        });
    }
    // A byte order mark opening a line (a second file's BOM, as kubectl's per-document
    // decoding tolerates) is dropped; error columns on such a line count without it.
    let without_bom: String;
    let text = if text.contains('\u{feff}') {
        without_bom = text
            .split_inclusive('\n')
            .map(|l| l.strip_prefix('\u{feff}').unwrap_or(l))
            .collect();
        without_bom.as_str()
    } else {
        text
    };
    let value = serde_yaml::from_str::<serde_yaml::Value>(text)
        .map_err(|err| yaml_error(file, &err, text, start, start_line))?;
    match convert::to_json(value) {
        Ok(value) => Ok(Some(value)),
        Err(ConvertError::TooDeep) => {
            let (line, column) = file.first_content(start, start + text.len());
            Err(SyntaxError {
                code: "yaml-syntax",
                line,
                column,
                message: "the document is nested too deeply; flatten it".to_owned(),
            })
        }
        Err(ConvertError::BadMerge) => {
            let (line, column) = Tree::parse(text, start_line)
                .merge_key()
                .unwrap_or_else(|| file.first_content(start, start + text.len()));
            Err(SyntaxError {
                code: "yaml-syntax",
                line,
                column,
                message: "the merge key `<<` needs a mapping (such as an alias `*name` of one) \
                          or a list of mappings as its value"
                    .to_owned(),
            })
        }
    }
}

fn yaml_error(
    file: &File,
    err: &serde_yaml::Error,
    text: &str,
    start: usize,
    start_line: usize,
) -> SyntaxError {
    let raw = err.to_string();
    // Reader errors (control characters) carry a byte position in the message only.
    let offset = position_in_message(&raw).or_else(|| err.location().map(|l| l.index()));
    let message = clean_message(&raw, start_line.saturating_sub(1));
    let mut at = offset.map(|offset| start + offset.min(text.len()));
    let mut pos = at.map(|offset| file.position(offset));
    if let Some((_, key)) = message.split_once("duplicate entry with key ") {
        let wanted = match key.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next(),
            None => key.split_whitespace().next(),
        };
        if let Some(found) = Tree::parse(text, start_line).duplicate_key(wanted) {
            pos = Some(found);
            at = None;
        }
    }
    let (line, column) = pos.unwrap_or_else(|| file.first_content(start, start + text.len()));
    // An integer too large for 128 bits: no Kubernetes field could take it.
    if let Some((field, number)) = raw
        .split_once("invalid type: integer `")
        .and_then(|(field, r)| Some((field, r.split_once("` as u128")?.0)))
    {
        let number = if number.len() > 40 {
            format!(
                "{}... ({} digits)",
                number.get(..20).unwrap_or(number),
                number.len()
            )
        } else {
            number.to_string()
        };
        let message = format!(
            "{field}the number {number} is out of range for any Kubernetes field: int32 fields (ports, replicas) take -2147483648 to 2147483647 (a port 1 to 65535), int64 fields -9223372036854775808 to 9223372036854775807; use a number in range"
        );
        return SyntaxError {
            code: "number-out-of-range",
            line,
            column,
            message,
        };
    }
    let found = at.and_then(|offset| {
        file.text
            .get(floor_char_boundary(file.text, offset)..)?
            .chars()
            .next()
    });
    SyntaxError {
        code: "yaml-syntax",
        line,
        column,
        message: with_hint(message, found),
    }
}

/// The byte offset and decoded text of the first key repeated within one object of
/// `json` (text serde_json has already accepted as one value). One linear pass.
fn duplicate_json_key(json: &str) -> Option<(usize, String)> {
    let bytes = json.as_bytes();
    // One entry per open object (its keys) or array (`None`).
    let mut stack: Vec<Option<std::collections::HashSet<String>>> = Vec::new();
    let mut prev = 0u8;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let mut end = i + 1;
                while let Some(&c) = bytes.get(end) {
                    match c {
                        b'\\' => end += 2,
                        b'"' => break,
                        _ => end += 1,
                    }
                }
                let is_key = matches!(prev, b'{' | b',');
                if let (true, Some(Some(keys))) = (is_key, stack.last_mut()) {
                    let raw = json.get(i..=end).unwrap_or("\"\"");
                    let key = serde_json::from_str::<String>(raw).unwrap_or_default();
                    if !keys.insert(key.clone()) {
                        return Some((i, key));
                    }
                }
                prev = b'"';
                i = end + 1;
                continue;
            }
            b'{' => stack.push(Some(std::collections::HashSet::new())),
            b'[' => stack.push(None),
            b'}' | b']' => {
                stack.pop();
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            prev = b;
        }
        i += 1;
    }
    None
}

/// JSON documents: one per top-level value, values separated only by whitespace.
fn json_documents(file: &File) -> Vec<RawDocument> {
    let text = file.text;
    let mut docs = Vec::new();
    let mut pos = 0;
    loop {
        let rest = text.get(pos..).unwrap_or("");
        let start = pos + (rest.len() - rest.trim_start_matches([' ', '\t', '\n', '\r']).len());
        let Some(rest) = text.get(start..).filter(|rest| !rest.is_empty()) else {
            break;
        };
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
        let start_line = file.position(start).0;
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                let end = start + stream.byte_offset();
                let chunk = text.get(start..end).unwrap_or("");
                if docs.len() > MAX_DOCUMENTS {
                    break;
                }
                let limited = document_limits(file, docs.len(), start, chunk.len());
                let value = match limited
                    .map(Err)
                    .or_else(|| duplicate_json_key(chunk).map(Ok))
                {
                    Some(Err(error)) => Err(error),
                    None => Ok(Some(value)),
                    Some(Ok((offset, key))) => {
                        let (line, column) = file.position(start + offset);
                        Err(SyntaxError {
                            code: "yaml-syntax",
                            line,
                            column,
                            message: format!(
                                "invalid JSON: duplicate field {key:?}; a key may appear only once in an object (kubectl's strict decoding rejects it): remove or rename one of them"
                            ),
                        })
                    }
                };
                docs.push(RawDocument {
                    index: docs.len() + 1,
                    start_line,
                    content_line: start_line,
                    text: chunk.to_owned(),
                    value,
                });
                pos = end.max(start + 1);
            }
            Some(Err(err)) => {
                let at = start + json_error_offset(rest, err.line(), err.column());
                // Resynchronise on the next line that opens a top-level value at column 1.
                let end = file
                    .lines
                    .spans()
                    .iter()
                    .map(|span| span.start)
                    .find(|&line_start| {
                        line_start > start
                            && line_start >= at
                            && text
                                .get(line_start..)
                                .is_some_and(|l| l.starts_with(['{', '[']))
                    })
                    .unwrap_or(text.len());
                let chunk = text.get(start..end).unwrap_or("");
                // Lenient like YAML (which JSON is a subset of): `{a: 1}` is fine.
                // But not past a trailing comma: kubectl's JSON decoder (Go encoding/json)
                // rejects it as a syntax error.
                let trailing_comma = err.to_string().starts_with("trailing comma");
                let lenient = (chunk.starts_with(['{', '[']) && !trailing_comma)
                    .then(|| parse_yaml(file, chunk, start, start_line))
                    .and_then(Result::ok)
                    .flatten();
                let value = match lenient {
                    Some(value) => Ok(Some(value)),
                    None => {
                        let (line, column) = file.position(at);
                        let found = text
                            .get(floor_char_boundary(text, at)..)
                            .and_then(|t| t.chars().next());
                        let message =
                            format!("invalid JSON: {}", clean_message(&err.to_string(), 0));
                        Err(SyntaxError {
                            code: "yaml-syntax",
                            line,
                            column,
                            message: with_hint(message, found),
                        })
                    }
                };
                docs.push(RawDocument {
                    index: docs.len() + 1,
                    start_line,
                    content_line: start_line,
                    text: chunk.to_owned(),
                    value,
                });
                pos = end;
            }
        }
    }
    docs
}

/// Byte offset in `text` of serde_json's (line, column) error position: the character it
/// stopped on. serde_json counts lines at `\n` and columns in bytes, 1-based.
fn json_error_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    floor_char_boundary(text, line_start + column.saturating_sub(1))
}

/// `N` in "... at position N".
fn position_in_message(message: &str) -> Option<usize> {
    let (_, after) = message.split_once(" at position ")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A "line N column M" mark inside a message: (start, end, N, M).
fn next_mark(message: &str, from: usize) -> Option<(usize, usize, usize, usize)> {
    let mut search = from;
    while let Some(found) = message.get(search..)?.find("line ") {
        let start = search + found;
        let number = |at: usize| -> Option<(usize, usize)> {
            let digits: String = message
                .get(at..)?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            Some((digits.parse().ok()?, at + digits.len()))
        };
        let parsed = number(start + 5).and_then(|(line, after)| {
            let after = after + message.get(after..)?.strip_prefix(" column ").map(|_| 8)?;
            let (column, end) = number(after)?;
            Some((start, end, line, column))
        });
        if parsed.is_some() {
            return parsed;
        }
        search = start + 5;
    }
    None
}

/// Drops the main location from a parser message (the error carries it) and makes the
/// other locations absolute by adding `line_offset`.
fn clean_message(raw: &str, line_offset: usize) -> String {
    let mut message = raw.to_owned();
    // The main location comes first: " at line N column M" or " at position N".
    if let Some((start, end, _, _)) = next_mark(&message, 0) {
        if start >= 4 && message.get(start - 4..start) == Some(" at ") {
            message.replace_range(start - 4..end, "");
        }
    } else if let Some(at) = message.find(" at position ") {
        let digits = message.get(at + 13..).map_or(0, |tail| {
            tail.chars().take_while(char::is_ascii_digit).count()
        });
        message.replace_range(at..at + 13 + digits, "");
    }
    let mut out = String::new();
    let mut copied = 0;
    while let Some((start, end, line, column)) = next_mark(&message, copied) {
        out.push_str(message.get(copied..start).unwrap_or(""));
        out.push_str(&format!("line {} column {}", line + line_offset, column));
        copied = end;
    }
    out.push_str(message.get(copied..).unwrap_or(""));
    out
}

/// Adds what to do about common mistakes.
fn with_hint(message: String, found: Option<char>) -> String {
    let hint = if found == Some('\t') {
        "YAML does not allow tabs for indentation: indent with spaces"
    } else if message.contains("mapping values are not allowed") {
        "check this line's indentation, or quote the value if it contains \": \""
    } else if message.contains("did not find expected key") {
        "check the indentation: this line does not line up with the keys before it"
    } else if message.contains("did not find expected '-' indicator") {
        "check the indentation of this list item"
    } else if message.contains("while scanning a quoted scalar") {
        "close the quoted string"
    } else if message.contains("did not find expected ',' or")
        || message.contains("EOF while parsing")
    {
        "a bracket or brace is not closed, or a comma is missing"
    } else if message.contains("trailing comma") {
        "remove the comma before the closing bracket"
    } else if message.contains("key must be a string") {
        "put the key in double quotes"
    } else if message.contains("duplicate entry") {
        "a key may appear only once in a mapping: remove or rename one of them"
    } else if message.contains("recursion limit exceeded") {
        "the document is nested too deeply"
    } else if message.contains("unknown anchor") {
        "define the anchor (&name) before using the alias (*name)"
    } else if message.contains("control characters are not allowed") {
        "remove the invisible control character"
    } else if message.contains("found undefined tag handle") {
        "declare the tag handle with %TAG, or remove the tag"
    } else {
        return message;
    };
    format!("{message}; {hint}")
}
