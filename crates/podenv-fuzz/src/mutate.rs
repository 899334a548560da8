//! The stable, coverage-less fallback driver: a deterministic mutator over seed files.
//!
//! The same seed gives the same inputs in the same order on every machine, so a failure is
//! reproduced with `podenv-fuzz --seed <seed> --iterations <n> <target>`; the failing input is
//! also written to `fuzz/regressions/<target>/`.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, deterministic, good enough to pick mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Tokens the mutator splices in: YAML structure, Kubernetes fields, expansion operators, and
/// the bytes that broke parsers before (BOM, NUL, CR, ESC, bidi, non-UTF-8).
const TOKENS: &[&[u8]] = &[
    b"$(",
    b")",
    b"$$",
    b"$(A)",
    b"$(REDIS_SERVICE_HOST)",
    b"---\n",
    b"...\n",
    b"\n",
    b"\r\n",
    b"\r",
    b"\t",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"'",
    b"\"",
    b"&a ",
    b"*a",
    b"<<: ",
    b"!!binary ",
    b"!tag ",
    b"? ",
    b"|\n  ",
    b"#",
    b"%YAML 1.2\n",
    b"\xef\xbb\xbf",
    b"\0",
    b"\x1b[31m",
    b"\xe2\x80\xae",
    b"\xff",
    b"kind: Pod\n",
    b"kind: Service\n",
    b"kind: List\nitems:\n",
    b"apiVersion: v1\n",
    b"metadata: {name: x}\n",
    b"env:\n",
    b"envFrom:\n",
    b"valueFrom:\n",
    b"fieldRef: {fieldPath: status.podIP}",
    b"configMapKeyRef: {name: cm, key: k}",
    b"secretKeyRef: {name: s, key: k, optional: true}",
    b"clusterIP: None",
    b"clusterIP: 10.96.0.1",
    b"ports: [{port: 80}]",
    b"enableServiceLinks: false",
    b"serviceCIDR: [10.96.0.0/30]",
    b"namespace: ",
    b"99999999999999999999",
    b"-1",
    b"null",
    b"~",
    b"true",
    b"0x1F",
    b"1e999",
];

/// One mutation of `input` (splicing from `other` sometimes), kept under `max` bytes.
pub fn mutate(rng: &mut Rng, input: &[u8], other: &[u8], max: usize) -> Vec<u8> {
    let mut data = input.to_vec();
    let rounds = 1 + rng.below(4);
    for _ in 0..rounds {
        let len = data.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next_u64() as u8;
            }
            2 | 3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
            4 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                let start = at.min(end);
                data.drain(start..end);
            }
            5 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let copy = data[start..end].to_vec();
                data.splice(at..at, copy);
            }
            6 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(256)).min(other.len());
                data.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                // Cut: keeps prefixes (unterminated documents) coming.
                data.truncate(at);
            }
        }
    }
    data.truncate(max);
    data
}

/// The workspace root (parent of `crates/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Seed inputs: every file under `examples/`, `tests/cases/*/` and `tests/bad/*/` up to
/// `MAX_INPUT` bytes (no `expected.txt`, `notes`, `recipe`, `args`, `limits`), sorted by path.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = root();
    let mut paths = Vec::new();
    collect(&root.join("examples"), 1, &mut paths);
    collect(&root.join("tests/cases"), 2, &mut paths);
    collect(&root.join("tests/bad"), 2, &mut paths);
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if [
            "expected.txt",
            "notes",
            "recipe",
            "args",
            "limits",
            "resolve.txt",
        ]
        .contains(&name.as_ref())
        {
            continue;
        }
        if let Ok(bytes) = fs::read(&path) {
            if bytes.len() <= crate::MAX_INPUT {
                let shown = path.strip_prefix(&root).unwrap_or(&path);
                out.push((shown.display().to_string(), bytes));
            }
        }
    }
    out
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && depth > 1 {
            collect(&path, depth - 1, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

/// Runs `f` on `data`; `Err(message)` when it panicked.
pub fn try_run(f: fn(&[u8]), data: &[u8]) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| f(data))).map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())
    })
}

/// What a run found.
pub struct Report {
    pub executions: u64,
    pub elapsed: Duration,
    /// The first failing input and its panic message.
    pub failure: Option<(Vec<u8>, String)>,
}

/// Mutates the seeds for `target` until `iterations` inputs ran or `budget` passed (whichever
/// comes first), stopping at the first failure. Seeds run unmutated first.
pub fn run(
    target: fn(&[u8]),
    seeds: &[(String, Vec<u8>)],
    seed: u64,
    iterations: u64,
    budget: Duration,
) -> Report {
    let start = Instant::now();
    let mut executions = 0;
    for (_, data) in seeds {
        if let Err(message) = try_run(target, data) {
            return Report {
                executions,
                elapsed: start.elapsed(),
                failure: Some((data.clone(), message)),
            };
        }
        executions += 1;
    }
    let mut rng = Rng::new(seed);
    let empty = (String::new(), Vec::new());
    while executions < iterations && start.elapsed() < budget {
        let base = seeds.get(rng.below(seeds.len().max(1))).unwrap_or(&empty);
        let other = seeds.get(rng.below(seeds.len().max(1))).unwrap_or(&empty);
        let data = mutate(&mut rng, &base.1, &other.1, crate::MAX_INPUT);
        if let Err(message) = try_run(target, &data) {
            return Report {
                executions,
                elapsed: start.elapsed(),
                failure: Some((data, message)),
            };
        }
        executions += 1;
    }
    Report {
        executions,
        elapsed: start.elapsed(),
        failure: None,
    }
}

/// Writes a failing input to `fuzz/regressions/<target>/<name>` and returns its path.
pub fn save_regression(target: &str, data: &[u8]) -> std::io::Result<PathBuf> {
    let dir = root().join("fuzz/regressions").join(target);
    fs::create_dir_all(&dir)?;
    // FNV-1a: a stable name for the same bytes.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        hash = (hash ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    let path = dir.join(format!("crash-{hash:016x}"));
    fs::write(&path, data)?;
    Ok(path)
}
