//! Pasted manifests in: `---`-separated YAML documents (or JSON values), each parsed on its
//! own so that one broken document never hides the others, plus the positions of their
//! nodes for pointing diagnostics at a field.
//!
//! Splitting follows kubectl's reader: a line starting with `---` (then nothing, spaces or
//! more content) starts a document, and content after `--- ` belongs to it; a `...` line
//! ends one. Empty documents between two `---` lines count, so document numbers match what
//! a person counts. Comments and `%` directives before the first `---` are not a document.
//! Text whose first non-space character is `{` or `[` (and that has no `---` line) is read
//! as JSON: one document per top-level value, as `kubectl get -o json` may print several.

mod convert;
mod lines;
mod position;
mod split;
#[cfg(test)]
mod tests;

use std::fmt;

pub use position::PositionIndex;
pub use split::LazyDocuments;

/// One `---`-separated document of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDocument {
    /// 1-based position of the chunk in the file (empty chunks count, so the number matches
    /// what a person counts).
    pub index: usize,
    /// 1-based file line where the chunk's text starts.
    pub start_line: usize,
    /// 1-based file line of the document's first content (past its `---` line, blank
    /// lines and comments): where an object without a more precise place is located.
    pub content_line: usize,
    /// The chunk's text (including its `---` line, if any).
    pub text: String,
    /// The parsed document; `Ok(None)` for an empty / comment-only document.
    pub value: Result<Option<serde_json::Value>, SyntaxError>,
}

/// A document that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Stable diagnostic code: `yaml-syntax`, or the limit hit (`nesting-too-deep`,
    /// `document-too-large`, `too-many-documents`).
    pub code: &'static str,
    /// Absolute 1-based file line.
    pub line: usize,
    /// Absolute 1-based column, in characters.
    pub column: usize,
    /// What is wrong and what to fix.
    pub message: String,
}

impl SyntaxError {
    /// The `yaml-syntax` diagnostic for this error in document `document` of `file`.
    pub fn to_diagnostic(
        &self,
        file: &str,
        document: usize,
        message: String,
    ) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            code: self.code.into(),
            message,
            location: crate::diagnostic::Location {
                file: file.into(),
                document,
                line: self.line,
                column: self.column,
            },
            path: None,
            rule: None,
            object: None,
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// Splits a pasted file into its documents and parses each one. Never panics; a leading
/// UTF-8 byte order mark is ignored. [`LazyDocuments`] splits the same way and parses a
/// document only when asked.
pub fn split_documents(file_text: &str) -> Vec<RawDocument> {
    split::split(file_text)
}

/// The byte offset where each line of `text` starts, with the line breaks the splitter uses
/// (`\n`, `\r\n` and a lone `\r`), so that callers can find a document's first line.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    lines::Lines::new(text)
        .spans()
        .iter()
        .map(|span| span.start)
        .collect()
}
