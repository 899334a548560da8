//! Turning a file's bytes into text, with located errors (shared by the CLI and the
//! explorer).

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::limits::MAX_INPUT_BYTES;

/// The diagnostic code of an input over [`MAX_INPUT_BYTES`].
pub const INPUT_TOO_LARGE: &str = "input-too-large";

/// Decodes `bytes` (the content of the file `name`) as UTF-8. A leading BOM is kept (the
/// YAML reader skips it). Errors name the line and column (1-based, columns in characters)
/// of the first invalid byte and say how to fix it; input over
/// [`MAX_INPUT_BYTES`] is refused (code `input-too-large`).
pub fn decode_utf8(name: &str, bytes: &[u8]) -> Result<String, Box<Diagnostic>> {
    let error = |code: &str, line: usize, column: usize, message: String| {
        Box::new(Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message,
            location: Location {
                file: name.to_string(),
                document: 1,
                line,
                column,
            },
            path: None,
            rule: None,
            object: None,
        })
    };
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(error(
            INPUT_TOO_LARGE,
            1,
            1,
            format!(
                "the input is {} bytes, over podenv's limit of {MAX_INPUT_BYTES} bytes (MAX_INPUT_BYTES); split it into smaller files",
                bytes.len()
            ),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let valid = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or("");
            let line = valid.matches('\n').count() + 1;
            let line_start = valid.rfind('\n').map_or(0, |p| p + 1);
            let column = valid.get(line_start..).map_or(0, |t| t.chars().count()) + 1;
            let byte = bytes.get(at).copied().unwrap_or(0);
            Err(error(
                "not-utf8",
                line,
                column,
                format!(
                    "the file is not UTF-8: byte 0x{byte:02x} at line {line} column {column} (byte offset {at}); save it as UTF-8"
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_byte_is_located() {
        let mut bytes = "a: 1\n".repeat(900).into_bytes();
        bytes.extend_from_slice(b"b: \xff\n");
        let Err(d) = decode_utf8("f.yaml", &bytes) else {
            panic!("must fail");
        };
        assert_eq!((d.location.line, d.location.column), (901, 4));
        assert_eq!(d.code, "not-utf8");
        assert!(
            d.message.contains("byte 0xff at line 901 column 4"),
            "{}",
            d.message
        );
        assert!(d.message.contains("save it as UTF-8"));
        // Columns count characters.
        let Err(d) = decode_utf8("f.yaml", &[0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xfe]) else {
            panic!("must fail");
        };
        assert_eq!((d.location.line, d.location.column), (1, 3));
        assert_eq!(decode_utf8("f", b"ok").ok().as_deref(), Some("ok"));
    }
}
