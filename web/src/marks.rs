//! Diagnostic marks in the editor (pure). The code editor (CodeMirror) takes them as lint
//! ranges in UTF-16 code units ([`lint_ranges`]); the plain-textarea fallback draws the text a
//! second time, transparent, behind the textarea, and the marked pieces of that copy
//! ([`pieces`], byte ranges) carry a wavy underline. Both underline the token that starts at
//! the diagnostic's line and column.

use podenv_core::diagnostic::{Diagnostic, Severity};

/// A diagnostic to mark: 1-based line and column (in characters) and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

/// Diagnostics listed under the editor; the rest are counted ("and N more").
pub const DIAGNOSTIC_LIMIT: usize = 200;
/// Diagnostics marked in the editor and its gutter.
pub const MARK_LIMIT: usize = 200;

/// The marks of the first [`MARK_LIMIT`] diagnostics located in `file` (line > 0), so the
/// editor's work stays bounded however many diagnostics the core returns.
pub fn bounded_marks(diagnostics: &[Diagnostic], file: &str) -> Vec<Mark> {
    diagnostics
        .iter()
        .filter(|d| d.location.file == file && d.location.line > 0)
        .take(MARK_LIMIT)
        .map(|d| Mark {
            line: d.location.line,
            column: d.location.column.max(1),
            severity: d.severity,
            message: d.message.clone(),
        })
        .collect()
}

/// A piece of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Plain(&'a str),
    /// A marked token; empty when the mark sits at the end of a line or on whitespace.
    Marked {
        text: &'a str,
        severity: Severity,
        message: String,
    },
}

/// The byte offsets where lines start, up to line `last` (1-based) and the line after it.
fn line_starts(text: &str, last: usize) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .take(last.saturating_add(1))
        .collect()
}

/// The byte range of the token a mark underlines: from its line and column (in characters)
/// up to the next whitespace or the end of the line; `None` past the end of the text.
fn locate(text: &str, line_starts: &[usize], mark: &Mark) -> Option<(usize, usize)> {
    let start_of_line = *line_starts.get(mark.line.checked_sub(1)?)?;
    let line_end = text[start_of_line..]
        .find('\n')
        .map_or(text.len(), |i| start_of_line + i);
    let line = &text[start_of_line..line_end];
    let column_byte = line
        .char_indices()
        .nth(mark.column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let start = start_of_line + column_byte;
    let token = text[start..line_end]
        .find(char::is_whitespace)
        .unwrap_or(line_end - start);
    Some((start, start + token))
}

/// A lint mark for the code editor: offsets in UTF-16 code units (what JavaScript strings
/// and CodeMirror count), severity as CodeMirror names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintRange {
    pub from: usize,
    pub to: usize,
    pub severity: &'static str,
    pub message: String,
}

/// The lint ranges of `marks` in `text`: each underlines the token starting at its position
/// (empty at the end of a line). Marks past the end of the text are dropped. The work is
/// bounded by the text up to the last marked line.
pub fn lint_ranges(text: &str, marks: &[Mark]) -> Vec<LintRange> {
    let last = marks.iter().map(|m| m.line).max().unwrap_or(0);
    let starts = line_starts(text, last);
    // UTF-16 offset of each line start in `starts`.
    let mut utf16_starts = Vec::with_capacity(starts.len());
    let mut units = 0;
    let mut previous = 0;
    for &start in &starts {
        units += text[previous..start].encode_utf16().count();
        utf16_starts.push(units);
        previous = start;
    }
    marks
        .iter()
        .filter_map(|mark| {
            let (start, end) = locate(text, &starts, mark)?;
            let line_start = *starts.get(mark.line - 1)?;
            let from =
                *utf16_starts.get(mark.line - 1)? + text[line_start..start].encode_utf16().count();
            Some(LintRange {
                from,
                to: from + text[start..end].encode_utf16().count(),
                severity: severity_class(mark.severity),
                message: mark.message.clone(),
            })
        })
        .collect()
}

/// Cuts `text` into pieces so that each mark underlines the token starting at its
/// position (up to the next whitespace). Marks at the same place are merged; marks past
/// the end of the text are dropped.
pub fn pieces<'a>(text: &'a str, marks: &[Mark]) -> Vec<Piece<'a>> {
    let last = marks.iter().map(|m| m.line).max().unwrap_or(0);
    let line_starts = line_starts(text, last);
    let mut located: Vec<(usize, usize, &Mark)> = marks
        .iter()
        .filter_map(|mark| {
            let (start, end) = locate(text, &line_starts, mark)?;
            Some((start, end, mark))
        })
        .collect();
    located.sort_by_key(|(start, end, mark)| (*start, std::cmp::Reverse(*end), mark.severity));

    let mut out = Vec::new();
    let mut position = 0;
    let mut index = 0;
    while index < located.len() {
        let (start, end, first) = located[index];
        let mut message = first.message.clone();
        let mut severity = first.severity;
        index += 1;
        while index < located.len() && located[index].0 < end.max(start + 1) {
            message.push('\n');
            message.push_str(&located[index].2.message);
            severity = severity.min(located[index].2.severity);
            index += 1;
        }
        if start < position {
            continue;
        }
        if start > position {
            out.push(Piece::Plain(&text[position..start]));
        }
        out.push(Piece::Marked {
            text: &text[start..end],
            severity,
            message,
        });
        position = end;
    }
    if position < text.len() {
        out.push(Piece::Plain(&text[position..]));
    }
    out
}

/// CSS class for a severity.
pub fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(line: usize, column: usize, message: &str) -> Mark {
        Mark {
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    fn texts(pieces: &[Piece]) -> Vec<String> {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Plain(t) => format!("plain:{t}"),
                Piece::Marked { text, .. } => format!("mark:{text}"),
            })
            .collect()
    }

    #[test]
    fn a_hundred_thousand_diagnostics_mark_a_bounded_number() {
        let diagnostics: Vec<Diagnostic> = (1..=100_000)
            .map(|line| Diagnostic {
                severity: Severity::Error,
                code: "x".into(),
                message: format!("bad line {line}"),
                location: podenv_core::diagnostic::Location {
                    file: if line % 2 == 0 { "f" } else { "other" }.into(),
                    document: 1,
                    line,
                    column: 1,
                },
                path: None,
                rule: None,
                object: None,
            })
            .collect();
        let marks = bounded_marks(&diagnostics, "f");
        assert_eq!(marks.len(), MARK_LIMIT);
        assert!(marks.iter().all(|m| m.line % 2 == 0));
        assert_eq!(marks[0].line, 2);
        let text = "bad: line\n".repeat(100_000);
        let started = std::time::Instant::now();
        let cut = pieces(&text, &marks);
        assert!(cut.len() <= 2 * MARK_LIMIT + 1);
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }

    #[test]
    fn lint_ranges_count_utf16_units_and_cover_the_token() {
        // "é" is one UTF-16 unit, "𝒳" two; columns count characters.
        let text = "a: é\nb: 𝒳 bad_name x\nc:\n";
        let ranges = lint_ranges(
            text,
            &[
                mark(2, 6, "invalid"),
                mark(3, 3, "end of line"),
                mark(7, 1, "gone"),
            ],
        );
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let cut = |r: &LintRange| String::from_utf16_lossy(&utf16[r.from..r.to]);
        assert_eq!(ranges.len(), 2);
        assert_eq!(cut(&ranges[0]), "bad_name");
        assert_eq!(ranges[0].severity, "error");
        assert_eq!(ranges[0].message, "invalid");
        assert_eq!(ranges[1].from, ranges[1].to, "{ranges:?}");
        assert_eq!(
            &utf16[..ranges[1].from],
            "a: é\nb: 𝒳 bad_name x\nc:"
                .encode_utf16()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn lint_ranges_of_a_line_far_down_a_large_text() {
        let mut text = String::new();
        for i in 1..=1000 {
            text.push_str(&format!("  key{i}: value-{i}\n"));
        }
        let ranges = lint_ranges(&text, &[mark(900, 3, "here")]);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&utf16[ranges[0].from..ranges[0].to]),
            "key900:"
        );
    }

    #[test]
    fn marks_the_token_at_line_and_column() {
        let text = "kind: Pod\nspec:\n  name: bad_name here\n";
        let pieces = pieces(text, &[mark(3, 9, "invalid")]);
        assert_eq!(
            texts(&pieces),
            [
                "plain:kind: Pod\nspec:\n  name: ",
                "mark:bad_name",
                "plain: here\n"
            ]
        );
    }

    #[test]
    fn the_pieces_always_spell_the_text() {
        let text = "a: 1\nb: é ü\n\nc: 3";
        let marks = [
            mark(2, 4, "x"),
            mark(2, 4, "y"),
            mark(3, 1, "empty line"),
            mark(9, 1, "gone"),
        ];
        let pieces = pieces(text, &marks);
        let joined: String = pieces
            .iter()
            .map(|p| match p {
                Piece::Plain(t) => *t,
                Piece::Marked { text, .. } => *text,
            })
            .collect();
        assert_eq!(joined, text);
        let merged = pieces.iter().find_map(|p| match p {
            Piece::Marked { text, message, .. } if *text == "é" => Some(message.clone()),
            _ => None,
        });
        assert_eq!(merged.as_deref(), Some("x\ny"));
        assert!(pieces.contains(&Piece::Marked {
            text: "",
            severity: Severity::Error,
            message: "empty line".into()
        }));
    }
}
