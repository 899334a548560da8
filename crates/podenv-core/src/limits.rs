//! Every limit podenv enforces, in one place, with where each number comes from.
//!
//! Two kinds live here: limits of the real system that podenv reports (a container that
//! would fail to exec, a request the API server would refuse), and limits of podenv
//! itself that keep memory and time bounded whatever the input. Each hit becomes a
//! located diagnostic or a structured container warning naming the limit.

/// Longest single argument or environment string (`NAME=value` plus its NUL) the Linux
/// kernel copies into a new process: 32 pages of 4 KiB. `execve` fails with `E2BIG`
/// ("argument list too long") past it. Source: Linux `include/uapi/linux/binfmts.h`
/// `MAX_ARG_STRLEN` (`PAGE_SIZE * 32`), enforced in `fs/exec.c` `copy_strings`.
pub const MAX_ARG_STRLEN: u64 = 131_072;

/// The common limit on argv plus envp together: a quarter of the stack rlimit, which with
/// the usual 8 MiB default stack is 2 MiB. Each string counts its length plus NUL, and each
/// pointer [`ARG_POINTER_BYTES`]. Source: Linux `fs/exec.c` `bprm_stack_limits` (the
/// strings and pointers may use at most a quarter of the stack rlimit, capped at three
/// quarters of `_STK_LIM`). It depends on the runtime's stack rlimit, so exceeding it is a
/// warning, not a certainty.
pub const ARG_MAX: u64 = 2 * 1024 * 1024;

/// Bytes counted per argv/envp pointer on a 64-bit system (see [`ARG_MAX`]).
pub const ARG_POINTER_BYTES: u64 = 8;

/// Most bytes podenv materialises for one expanded value (env value, `command` or `args`
/// item). A longer value cannot be handed to a process anyway ([`MAX_ARG_STRLEN`]); podenv
/// keeps this many leading bytes and the exact full length. podenv's own limit.
pub const MAX_EXPANDED_VALUE: usize = MAX_ARG_STRLEN as usize;

/// Most expanded bytes podenv materialises across one container (all env values, every
/// nondeterministic combination, `command` and `args`). Past it, further expansions keep
/// only their lengths. podenv's own limit; far above [`ARG_MAX`], so every container that
/// could start is computed exactly.
pub const MAX_CONTAINER_EXPANSION: usize = 16 * 1024 * 1024;

/// Most bytes kept of the value a `$(NAME)` reference expanded to, recorded beside the
/// reference for the walk-through (the expansion itself uses the whole value). Past it the
/// reference keeps a prefix and the exact length. podenv's own limit; each reference's copy
/// also counts against [`MAX_CONTAINER_EXPANSION`], so many references cannot copy one
/// large value without bound.
pub const MAX_REFERENCE_VALUE: usize = 4096;

/// Most combinations of nondeterministic values expanded for one string (podenv's own
/// limit; each combination is capped at [`MAX_EXPANDED_VALUE`]).
pub const MAX_COMBINATIONS: usize = 64;

/// Largest input podenv reads (all files together). podenv's own limit.
pub const MAX_INPUT_BYTES: usize = 64 * 1024 * 1024;

/// Largest single document: the API server's request body limit (`MaxRequestBodyBytes`,
/// 3 MiB, in k8s.io/apiserver `pkg/server/config.go`); the API server answers a larger
/// object with "Request entity too large". etcd's default request limit is lower still
/// (1.5 MiB, `--max-request-bytes`), so objects near this size may fail to store.
pub const MAX_DOCUMENT_BYTES: usize = 3 * 1024 * 1024;

/// Most documents read from all files together. podenv's own limit.
pub const MAX_DOCUMENTS: usize = 100_000;

/// Deepest nesting of YAML/JSON lists and mappings in one document. podenv's own limit
/// (serde_yaml's recursion limit is about as deep).
pub const MAX_NESTING: usize = 128;

/// Deepest nesting converted from YAML into JSON values (after merge keys and aliases are
/// resolved). podenv's own limit.
pub const MAX_CONVERT_DEPTH: usize = 512;
