//! Block indent and outdent for the plain-textarea fallback (the code editor has its own):
//! Tab / Shift+Tab on a selection indent or outdent the lines it touches instead of replacing
//! it. Pure; offsets in UTF-16 code units, as a textarea's selection counts them.

/// The indentation one Tab adds (YAML forbids tab characters in indentation).
pub const INDENT: &str = "  ";

/// What to do to a textarea: replace `from..to` with `text`, then select `select`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub from: usize,
    pub to: usize,
    pub text: String,
    pub select: (usize, usize),
}

/// Indents (or, with `outdent`, removes up to one indent from) every line the selection
/// `start..end` touches; a selection ending at the start of a line leaves that line alone.
/// `None` when nothing would change.
pub fn indent_lines(text: &str, start: usize, end: usize, outdent: bool) -> Option<Edit> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (start, end) = (start.min(units.len()), end.min(units.len()));
    let (start, end) = (start.min(end), start.max(end));
    let newline = u16::from(b'\n');
    let from = units[..start]
        .iter()
        .rposition(|&u| u == newline)
        .map_or(0, |i| i + 1);
    let last = if end > start && end > from && units[end - 1] == newline {
        end - 1
    } else {
        end
    };
    let to = units[last..]
        .iter()
        .position(|&u| u == newline)
        .map_or(units.len(), |i| last + i);
    let block = String::from_utf16_lossy(&units[from..to]);
    let indent = INDENT.encode_utf16().count();
    let mut out = String::with_capacity(block.len() + 8);
    let mut first_shift: isize = 0;
    for (index, line) in block.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if outdent {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            let removed = spaces.min(indent);
            if index == 0 {
                first_shift = -(removed as isize);
            }
            out.push_str(&line[removed..]);
        } else {
            if index == 0 {
                first_shift = indent as isize;
            }
            out.push_str(INDENT);
            out.push_str(line);
        }
    }
    if out == block {
        return None;
    }
    let new_len = out.encode_utf16().count();
    let select_start = (start as isize + first_shift).max(from as isize) as usize;
    let select_end = (end + new_len).saturating_sub(to - from).max(select_start);
    Some(Edit {
        from,
        to,
        text: out,
        select: (select_start, select_end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out = String::from_utf16_lossy(&units[..edit.from]);
        out.push_str(&edit.text);
        out.push_str(&String::from_utf16_lossy(&units[edit.to..]));
        out
    }

    #[test]
    fn indents_and_outdents_the_selected_lines_without_deleting_them() {
        let text = "a:\nb: 1\nc: é\nd: 4\n";
        // From inside line 2 to the end of line 3.
        let edit = indent_lines(text, 4, 13, false).unwrap();
        let indented = apply(text, &edit);
        assert_eq!(indented, "a:\n  b: 1\n  c: é\nd: 4\n");
        let units: Vec<u16> = indented.encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&units[edit.select.0..edit.select.1]),
            ": 1\n  c: é\n"
        );
        let back = indent_lines(&indented, edit.select.0, edit.select.1, true).unwrap();
        assert_eq!(apply(&indented, &back), text);
    }

    #[test]
    fn a_selection_ending_at_a_line_start_leaves_that_line() {
        let text = "a: 1\nb: 2\n";
        let edit = indent_lines(text, 0, 5, false).unwrap();
        assert_eq!(apply(text, &edit), "  a: 1\nb: 2\n");
        assert_eq!(
            indent_lines("a: 1\n", 0, 4, true),
            None,
            "nothing to outdent"
        );
        assert_eq!(
            apply(" x\n", &indent_lines(" x\n", 0, 2, true).unwrap()),
            "x\n"
        );
    }
}
