//! `$(VAR)` expansion as the kubelet applies it to env values, command and args.
//!
//! Values are bytes because Secret values need not be UTF-8; the text being expanded is
//! always a manifest string.

/// The result of expanding one string.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    /// The expanded bytes, or their first `cap` bytes when `truncated`.
    pub output: Vec<u8>,
    /// The exact length of the full expansion (saturating), whether or not it was kept.
    pub full_length: u64,
    /// True when the full expansion is longer than the cap, so `output` is a prefix.
    pub truncated: bool,
    /// Every `$(name)` reference met, in order of appearance (duplicates kept).
    pub references: Vec<Reference>,
}

/// One `$(name)` reference met during expansion.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The text between `$(` and the first following `)`.
    pub name: String,
    /// Whether the lookup knew the name (an unknown one is kept literally as `$(name)`).
    pub resolved: bool,
}

/// What a lookup returns for a known name: the bytes podenv holds for it and the value's
/// true length (longer than `bytes` when the value itself was cut).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Piece<'a> {
    pub bytes: &'a [u8],
    pub full_length: u64,
}

impl<'a> From<&'a [u8]> for Piece<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Piece {
            bytes,
            full_length: bytes.len() as u64,
        }
    }
}

/// Output that keeps at most `cap` bytes but counts every byte.
struct Sink {
    bytes: Vec<u8>,
    cap: usize,
    length: u64,
    truncated: bool,
}

impl Sink {
    fn push(&mut self, piece: &[u8]) {
        self.push_counted(piece, piece.len() as u64);
    }

    /// Appends `piece`, whose true length is `full` (at least `piece.len()`).
    fn push_counted(&mut self, piece: &[u8], full: u64) {
        self.length = self.length.saturating_add(full);
        let room = self.cap.saturating_sub(self.bytes.len());
        let kept = piece.len().min(room);
        self.bytes
            .extend_from_slice(piece.get(..kept).unwrap_or_default());
        if full > kept as u64 {
            self.truncated = true;
        }
    }
}

/// Spec X1, X2, X6: mirrors `third_party/forked/golang/expansion/expand.go` `Expand` together
/// with `MappingFuncFor` and `tryReadVariableName` (UTF-8-aware version).
///
/// One left-to-right pass; only `$` is special, and only when something follows it:
/// `$$` gives one literal `$`; `$(name)` (up to the first `)`) is replaced by the lookup's
/// value, or kept as `$(name)` when the lookup does not know the name; `$(` without a later
/// `)` is kept and scanning resumes right after the `(`; `$` followed by any other character
/// is kept together with that whole character; a trailing `$` is kept. Substituted values
/// are never scanned again.
///
/// At most `cap` output bytes are kept (see `crate::limits::MAX_EXPANDED_VALUE`); past it
/// the expansion only counts, so `full_length` is exact and `truncated` is set. The pass is
/// linear in the input: the position of the next `)` only moves forward, so it is found
/// once and reused.
pub fn expand<'a, P: Into<Piece<'a>>>(
    input: &str,
    cap: usize,
    mut lookup: impl FnMut(&str) -> Option<P>,
) -> Expansion {
    let bytes = input.as_bytes();
    let mut out = Sink {
        bytes: Vec::with_capacity(bytes.len().min(cap)),
        cap,
        length: 0,
        truncated: false,
    };
    let mut references = Vec::new();
    let mut checkpoint = 0;
    let mut cursor = 0;
    // The first `)` at or after some position; `None` once no `)` is left.
    let mut next_close: Option<usize> = Some(0);
    let mut close_after = |from: usize| -> Option<usize> {
        match next_close {
            Some(at) if at >= from && bytes.get(at) == Some(&b')') => Some(at),
            Some(_) => {
                next_close = bytes
                    .get(from..)
                    .and_then(|tail| tail.iter().position(|&b| b == b')'))
                    .map(|p| p + from);
                next_close
            }
            None => None,
        }
    };
    while cursor < bytes.len() {
        if bytes[cursor] == b'$' && cursor + 1 < bytes.len() {
            out.push(&bytes[checkpoint..cursor]);
            // Number of bytes after the `$` consumed by this operator.
            let consumed = match bytes.get(cursor + 1) {
                Some(b'$') => {
                    out.push(b"$");
                    1
                }
                Some(b'(') => match close_after(cursor + 2) {
                    Some(close) => {
                        // `$(` and `)` are ASCII, so both ends are character boundaries.
                        let name = input.get(cursor + 2..close).unwrap_or_default();
                        match lookup(name).map(Into::into) {
                            Some(piece) => {
                                out.push_counted(piece.bytes, piece.full_length);
                                references.push(Reference {
                                    name: name.to_string(),
                                    resolved: true,
                                });
                            }
                            None => {
                                out.push(b"$(");
                                out.push(name.as_bytes());
                                out.push(b")");
                                references.push(Reference {
                                    name: name.to_string(),
                                    resolved: false,
                                });
                            }
                        }
                        close - cursor
                    }
                    None => {
                        out.push(b"$(");
                        1
                    }
                },
                _ => {
                    let width = input
                        .get(cursor + 1..)
                        .and_then(|rest| rest.chars().next())
                        .map_or(1, char::len_utf8);
                    out.push(b"$");
                    out.push(
                        bytes
                            .get(cursor + 1..cursor + 1 + width)
                            .unwrap_or_default(),
                    );
                    width
                }
            };
            cursor += 1 + consumed;
            checkpoint = cursor;
            continue;
        }
        cursor += 1;
    }
    out.push(bytes.get(checkpoint..).unwrap_or_default());
    Expansion {
        output: out.bytes,
        full_length: out.length,
        truncated: out.truncated,
        references,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn context() -> HashMap<&'static str, &'static [u8]> {
        HashMap::from([
            ("VAR_A", b"A".as_slice()),
            ("VAR_B", b"B".as_slice()),
            ("VAR_C", b"C".as_slice()),
            ("VAR_REF", b"$(VAR_A)".as_slice()),
            ("VAR_EMPTY", b"".as_slice()),
        ])
    }

    fn run(input: &str) -> String {
        let ctx = context();
        let out = expand(input, usize::MAX, |name| ctx.get(name).copied()).output;
        String::from_utf8(out).unwrap_or_default()
    }

    /// Spec TV43-TV73 (upstream `doExpansionTest`).
    #[test]
    fn expansion_table() {
        let cases: &[(&str, &str, &str)] = &[
            ("TV43 whole string", "$(VAR_A)", "A"),
            ("TV44 repeat", "$(VAR_A)-$(VAR_A)", "A-A"),
            ("TV45 beginning", "$(VAR_A)-1", "A-1"),
            ("TV45 middle", "___$(VAR_B)___", "___B___"),
            ("TV45 end", "___$(VAR_C)", "___C"),
            ("TV46 compound", "$(VAR_A)_$(VAR_B)_$(VAR_C)", "A_B_C"),
            ("TV47 escape & expand", "$$(VAR_B)_$(VAR_A)", "$(VAR_B)_A"),
            (
                "TV48 compound escape",
                "$$(VAR_A)_$$(VAR_B)",
                "$(VAR_A)_$(VAR_B)",
            ),
            ("TV49 mixed in escapes", "f000-$$VAR_A", "f000-$VAR_A"),
            (
                "TV50 backslash escape ignored",
                "foo\\$(VAR_C)bar",
                "foo\\Cbar",
            ),
            ("TV50 two backslashes", "foo\\\\$(VAR_C)bar", "foo\\\\Cbar"),
            (
                "TV50 lots of backslashes",
                "foo\\\\\\\\$(VAR_A)bar",
                "foo\\\\\\\\Abar",
            ),
            (
                "TV51 nested var references",
                "$(VAR_A$(VAR_B))",
                "$(VAR_A$(VAR_B))",
            ),
            (
                "TV52 nested second type",
                "$(VAR_A$(VAR_B)",
                "$(VAR_A$(VAR_B)",
            ),
            ("TV53 value is a reference", "$(VAR_REF)", "$(VAR_A)"),
            (
                "TV54 value is a reference x 2",
                "%%$(VAR_REF)--$(VAR_REF)%%",
                "%%$(VAR_A)--$(VAR_A)%%",
            ),
            ("TV55 empty var", "foo$(VAR_EMPTY)bar", "foobar"),
            (
                "TV56 unterminated expression",
                "foo$(VAR_Awhoops!",
                "foo$(VAR_Awhoops!",
            ),
            (
                "TV57 expression without operator",
                "f00__(VAR_A)__",
                "f00__(VAR_A)__",
            ),
            (
                "TV58 shell special vars pass through",
                "$?_boo_$!",
                "$?_boo_$!",
            ),
            ("TV59 bare operators are ignored", "$VAR_A", "$VAR_A"),
            (
                "TV60 undefined vars are passed through",
                "$(VAR_DNE)",
                "$(VAR_DNE)",
            ),
            (
                "TV61 even operators, undefined",
                "$$$$$$(BIG_MONEY)",
                "$$$(BIG_MONEY)",
            ),
            (
                "TV62 even operators, defined",
                "$$$$$$(VAR_A)",
                "$$$(VAR_A)",
            ),
            (
                "TV63 odd operators, undefined",
                "$$$$$$$(GOOD_ODDS)",
                "$$$$(GOOD_ODDS)",
            ),
            ("TV64 odd operators, defined", "$$$$$$$(VAR_A)", "$$$A"),
            ("TV65 missing open expression", "$VAR_A)", "$VAR_A)"),
            ("TV66 shell syntax ignored", "${VAR_A}", "${VAR_A}"),
            (
                "TV67 trailing incomplete expression",
                "$(VAR_B)_______$(A",
                "B_______$(A",
            ),
            (
                "TV68 trailing incomplete, no content",
                "$(VAR_C)_______$(",
                "C_______$(",
            ),
            (
                "TV69 operator at end preserved",
                "$(VAR_A)foobarzab$",
                "Afoobarzab$",
            ),
            (
                "TV70 shell escaped incomplete expr",
                "foo-\\$(VAR_A",
                "foo-\\$(VAR_A",
            ),
            (
                "TV71 lots of $( in middle",
                "--$($($($($--",
                "--$($($($($--",
            ),
            (
                "TV71 lots of $( in beginning",
                "$($($($($--foo$(",
                "$($($($($--foo$(",
            ),
            ("TV71 lots of $( at end", "foo0--$($($($(", "foo0--$($($($("),
            (
                "TV72 escaped operators in names",
                "$(foo$$var)",
                "$(foo$$var)",
            ),
            ("TV73 newline not expanded", "\n", "\n"),
        ];
        for (name, input, want) in cases {
            assert_eq!(run(input), *want, "{name}: {input:?}");
        }
    }

    /// Upstream `TestMappingDual`: the same table with the context split over two maps,
    /// first map winning.
    #[test]
    fn dual_context_first_hit_wins() {
        let first: HashMap<&str, &[u8]> =
            HashMap::from([("VAR_A", b"A".as_slice()), ("VAR_EMPTY", b"".as_slice())]);
        let second: HashMap<&str, &[u8]> = HashMap::from([
            ("VAR_A", b"shadowed".as_slice()),
            ("VAR_B", b"B".as_slice()),
            ("VAR_REF", b"$(VAR_A)".as_slice()),
        ]);
        let out = expand(
            "$(VAR_A)$(VAR_B)$(VAR_EMPTY)$(VAR_REF)$(NONE)",
            usize::MAX,
            |name| first.get(name).or_else(|| second.get(name)).copied(),
        );
        assert_eq!(out.output, b"AB$(VAR_A)$(NONE)".to_vec());
    }

    /// Spec TV74 (upstream `TestMapReference`): each value is expanded with the map as it
    /// stands, then stored, so later entries see earlier results.
    #[test]
    fn sequential_mapping() {
        let envs = [("FOO", "bar"), ("ZOO", "$(FOO)-1"), ("BLU", "$(ZOO)-2")];
        let mut declared: HashMap<String, Vec<u8>> = envs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect();
        for (name, value) in envs {
            let expanded = expand(value, usize::MAX, |n| declared.get(n).map(Vec::as_slice)).output;
            declared.insert(name.to_string(), expanded);
        }
        assert_eq!(declared["FOO"], b"bar");
        assert_eq!(declared["ZOO"], b"bar-1");
        assert_eq!(declared["BLU"], b"bar-1-2");
        assert_eq!(declared.len(), 3);
    }

    /// Spec X6: a multi-byte character right after `$` is kept whole.
    #[test]
    fn multibyte_rune_after_operator() {
        assert_eq!(run("$é"), "$é");
        assert_eq!(run("a$€b$(VAR_A)"), "a$€bA");
        assert_eq!(run("$😀$😀"), "$😀$😀");
        assert_eq!(run("ü$(VAR_A)ü$"), "üAü$");
        let ctx: HashMap<&str, &[u8]> = HashMap::from([("ä€", b"x".as_slice())]);
        let out = expand("$(ä€)$(ü)", usize::MAX, |n| ctx.get(n).copied());
        assert_eq!(out.output, "x$(ü)".as_bytes());
    }

    #[test]
    fn references_are_reported_in_order_with_duplicates() {
        let ctx = context();
        let out = expand("$(VAR_A)$(X)$$(VAR_B)$(VAR_A)$(", usize::MAX, |n| {
            ctx.get(n).copied()
        });
        let refs: Vec<(&str, bool)> = out
            .references
            .iter()
            .map(|r| (r.name.as_str(), r.resolved))
            .collect();
        assert_eq!(refs, vec![("VAR_A", true), ("X", false), ("VAR_A", true)]);
        assert_eq!(out.output, b"A$(X)$(VAR_B)A$(".to_vec());
        // An empty name is a reference too.
        let out = expand("$()", usize::MAX, |_| None::<&[u8]>);
        assert_eq!(out.output, b"$()".to_vec());
        assert_eq!(
            out.references,
            vec![Reference {
                name: String::new(),
                resolved: false
            }]
        );
    }

    #[test]
    fn non_utf8_values_pass_through() {
        let value = [0xffu8, 0x00, 0xfe];
        let out = expand("<$(S)>", usize::MAX, |n| {
            (n == "S").then_some(value.as_slice())
        });
        assert_eq!(out.output, vec![b'<', 0xff, 0x00, 0xfe, b'>']);
    }

    #[test]
    fn edge_inputs() {
        assert_eq!(run(""), "");
        assert_eq!(run("$"), "$");
        assert_eq!(run("$$"), "$");
        assert_eq!(run("$$$"), "$$");
        assert_eq!(run("$("), "$(");
        assert_eq!(run("$()"), "$()");
        assert_eq!(run("$(VAR_A"), "$(VAR_A");
        assert_eq!(run("$(VAR_A))"), "A)");
    }

    /// Past the cap only the length is counted; the kept bytes are the prefix.
    #[test]
    fn cap_keeps_prefix_and_exact_length() {
        let big = Piece {
            bytes: b"abcdef",
            full_length: 1 << 40,
        };
        let out = expand("<$(X)$(X)>", 4, |n| (n == "X").then_some(big));
        assert_eq!(out.output, b"<abc".to_vec());
        assert!(out.truncated);
        assert_eq!(out.full_length, 2 + (2u64 << 40));
        // Saturates instead of overflowing.
        let huge = Piece {
            bytes: b"",
            full_length: u64::MAX,
        };
        let out = expand("$(X)$(X)", 0, |_| Some(huge));
        assert_eq!(out.full_length, u64::MAX);
        // Under the cap nothing changes.
        let out = expand("ab$(X)", 8, |_| Some(b"cd".as_slice()));
        assert_eq!(
            (out.output, out.full_length, out.truncated),
            (b"abcd".to_vec(), 4, false)
        );
    }

    /// A megabyte of `$(` (no `)` anywhere) is kept as it is; and with one `)` at the end
    /// the first `$(` takes the whole rest as its name.
    #[test]
    fn megabyte_of_open_operators() {
        let input = "$(".repeat(512 * 1024);
        let out = expand(&input, usize::MAX, |_| None::<&[u8]>);
        assert_eq!(out.output, input.as_bytes());
        assert!(out.references.is_empty());
        let closed = format!("{input})");
        let out = expand(&closed, usize::MAX, |_| None::<&[u8]>);
        assert_eq!(out.output, closed.as_bytes());
        assert_eq!(out.references.len(), 1);
        assert_eq!(out.references[0].name.len(), input.len() - 2);
        let mixed = "$()".repeat(300_000);
        let out = expand(&mixed, usize::MAX, |_| Some(b"v".as_slice()));
        assert_eq!(out.output, vec![b'v'; 300_000]);
    }
}
