//! Text safe to print: every front end that writes input-derived text to a terminal, a log
//! or a shell file passes it through here, so that a name or value can neither start a new
//! line nor send an escape sequence.
//!
//! Characters escaped: the C0 controls (U+0000-U+001F, including newline and tab), DEL,
//! the C1 controls (U+0080-U+009F, which some terminals read as CSI/OSC), the line and
//! paragraph separators U+2028/U+2029, and the bidirectional formatting characters
//! (U+061C, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) that reorder what a reader sees.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for a character [`escape_controls`] escapes.
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// The text with every unsafe character (see the module doc) written as an escape: `\n`,
/// `\r`, `\t`, others as `\x1b` or `\u{202e}`. A backslash is not doubled, so the text
/// stays readable. Text without such characters is returned as is.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe_char)
}

/// Like [`escape_controls`], but keeps newlines and tabs: for multi-line text the front end
/// itself laid out (a table, a resolv.conf), as a last net before a terminal.
pub fn escape_controls_keep_layout(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| is_unsafe_char(c) && c != '\n' && c != '\t')
}

fn escape_where(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !escape(c) {
            out.push(c);
            continue;
        }
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

/// One string as a POSIX shell word, safe to write to a file that is sourced and to show
/// in a terminal: `'...'` (with `'` as `'\''`); a control character other than newline and
/// tab (ESC, CR, ...) is spliced in as `"$(printf '\ooo')"`, so the file holds no raw
/// control byte and sourcing it gives the exact bytes back. Returns `None` for a NUL byte,
/// which no shell variable (and no process environment) can hold.
pub fn shell_word(bytes: &[u8]) -> Option<String> {
    if bytes.contains(&0) {
        return None;
    }
    let mut out = String::with_capacity(bytes.len() + 2);
    let mut open = false;
    let text = String::from_utf8_lossy(bytes);
    let exact = matches!(text, Cow::Borrowed(_));
    let push_raw = |out: &mut String, open: &mut bool, b: u8| {
        if *open {
            out.push('\'');
            *open = false;
        }
        let _ = write!(out, "\"$(printf '\\{b:03o}')\"");
    };
    if exact {
        for c in text.chars() {
            let keep = !is_unsafe_char(c) || c == '\n' || c == '\t';
            if keep {
                if !open {
                    out.push('\'');
                    open = true;
                }
                if c == '\'' {
                    out.push_str("'\\''");
                } else {
                    out.push(c);
                }
            } else {
                let mut buf = [0u8; 4];
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    push_raw(&mut out, &mut open, b);
                }
            }
        }
    } else {
        // Not UTF-8: printable ASCII stays quoted, every other byte goes through printf.
        for &b in bytes {
            if (0x20..0x7f).contains(&b) || b == b'\n' || b == b'\t' {
                if !open {
                    out.push('\'');
                    open = true;
                }
                if b == b'\'' {
                    out.push_str("'\\''");
                } else {
                    out.push(b as char);
                }
            } else {
                push_raw(&mut out, &mut open, b);
            }
        }
    }
    if open {
        out.push('\'');
    }
    if out.is_empty() {
        out.push_str("''");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_moves_the_cursor_or_reorders_text() {
        assert_eq!(escape_controls("plain"), "plain");
        assert!(matches!(escape_controls("plain"), Cow::Borrowed(_)));
        assert_eq!(escape_controls("a\nb"), "a\\nb");
        assert_eq!(escape_controls("\u{1b}[31mred"), "\\x1b[31mred");
        assert_eq!(escape_controls("\u{9b}2J"), "\\x9b2J");
        assert_eq!(escape_controls("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(escape_controls("x\u{2028}y"), "x\\u{2028}y");
        assert_eq!(escape_controls("\u{7f}"), "\\x7f");
        assert_eq!(escape_controls("中文 ok"), "中文 ok");
    }

    #[test]
    fn layout_is_kept_but_escapes_are_not() {
        assert_eq!(
            escape_controls_keep_layout("a\tb\nc\u{1b}]8;;x\u{7}"),
            "a\tb\nc\\x1b]8;;x\\x07"
        );
    }

    #[test]
    fn shell_words() {
        assert_eq!(shell_word(b"").as_deref(), Some("''"));
        assert_eq!(shell_word(b"it's").as_deref(), Some("'it'\\''s'"));
        assert_eq!(shell_word(b"$(id) `id`").as_deref(), Some("'$(id) `id`'"));
        assert_eq!(
            shell_word(b"a\x1bb").as_deref(),
            Some("'a'\"$(printf '\\033')\"'b'")
        );
        assert_eq!(
            shell_word(b"\xff").as_deref(),
            Some("\"$(printf '\\377')\"")
        );
        assert_eq!(shell_word(b"a\0b"), None);
        for (word, bytes) in [("a\nb", "a\nb"), ("t\tt", "t\tt")] {
            assert_eq!(
                shell_word(bytes.as_bytes()).as_deref(),
                Some(&*format!("'{word}'"))
            );
        }
    }

    /// Sourcing each word in a real POSIX shell (dash when present) gives the bytes back.
    #[test]
    fn shell_words_round_trip_through_sh() {
        let values: &[&[u8]] = &[
            b"",
            b"plain",
            b"it's",
            b"$(touch /nonexistent/x) `id` $HOME \\ \"",
            b"line1\nline2\n",
            b"\x1b[31mred\x1b[0m\r\x07",
            b"\xff\xfe bytes",
            "中文\u{202e}".as_bytes(),
            b"-n",
            b"a=b",
        ];
        let mut script = String::new();
        for (i, v) in values.iter().enumerate() {
            let word = shell_word(v).unwrap_or_default();
            let _ = writeln!(script, "V{i}={word}");
            let _ = writeln!(
                script,
                "printf '%s' \"$V{i}\" | od -An -tx1 | tr -d ' \\n'; echo"
            );
        }
        let Ok(out) = std::process::Command::new("sh")
            .arg("-c")
            .arg(&script)
            .output()
        else {
            panic!("no /bin/sh to run the round trip");
        };
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            lines.len(),
            values.len(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (v, line) in values.iter().zip(lines) {
            let hex: String = v.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(line, hex, "value {v:?}");
        }
    }
}
