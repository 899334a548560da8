//! Line bookkeeping shared by the splitter and the error locator.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r` (the YAML line breaks). Columns count
//! characters, not bytes, like the YAML parsers do.

/// One line of a text, as byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LineSpan {
    /// First byte of the line.
    pub start: usize,
    /// First byte of the line break (or the end of the text).
    pub end: usize,
    /// First byte of the next line (or the end of the text).
    pub next: usize,
}

/// The lines of one text.
#[derive(Debug, Clone)]
pub(super) struct Lines {
    spans: Vec<LineSpan>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut spans = Vec::new();
        let mut start = 0;
        let mut bytes = text.bytes().enumerate().peekable();
        while let Some((i, b)) = bytes.next() {
            match b {
                b'\n' => {
                    spans.push(LineSpan {
                        start,
                        end: i,
                        next: i + 1,
                    });
                    start = i + 1;
                }
                b'\r' => {
                    let next = if bytes.next_if(|&(_, c)| c == b'\n').is_some() {
                        i + 2
                    } else {
                        i + 1
                    };
                    spans.push(LineSpan {
                        start,
                        end: i,
                        next,
                    });
                    start = next;
                }
                _ => {}
            }
        }
        // The last line: possibly empty, after a final line break.
        spans.push(LineSpan {
            start,
            end: text.len(),
            next: text.len(),
        });
        Lines { spans }
    }

    pub fn spans(&self) -> &[LineSpan] {
        &self.spans
    }

    /// 0-based number of the line holding byte `offset` (the last line for offsets past the end).
    pub fn line_index(&self, offset: usize) -> usize {
        self.spans
            .partition_point(|span| span.start <= offset)
            .saturating_sub(1)
    }

    /// 1-based (line, column) of byte `offset` of `text` (the text these lines were built from).
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let index = self.line_index(offset);
        let start = self.spans.get(index).map_or(0, |span| span.start);
        let column = text
            .get(start.min(offset)..offset)
            .map_or(0, |prefix| prefix.chars().count());
        (index + 1, column + 1)
    }
}

/// The largest char boundary of `text` that is `<= offset` (clamped to the text's length).
pub(super) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}
