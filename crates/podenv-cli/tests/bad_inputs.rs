//! The bad-input corpus: one test per folder `tests/bad/<case>/` at the repository root, each
//! running the real `podenv` binary as a child process.
//!
//! A case folder holds
//! - the input: `input.yaml`, `input.yml`, `input.json` or any other `input*` file (raw bytes:
//!   BOMs, NUL, CR-only line ends and non-UTF-8 are kept; `.gitattributes` marks the corpus
//!   `-text`), or a `recipe` file naming a generator of this harness with its arguments
//!   (`dollar-paren-value 1000000`, see [`generate`]) for inputs too big to commit;
//! - optional `context.yaml` (passed as `--context context.yaml`);
//! - optional `args`: the sub-command and flags on one line (`env`, `env --output json`,
//!   `env --output env`, `dns`, `dns --resolve x`); default `env`;
//! - optional `limits`: `time_secs = N` and/or `mem_mib = N` (defaults 20 s, 1536 MiB);
//! - optional `notes`: free text; a first line `pending-fix` marks a case whose defect is being
//!   fixed on another branch (the rest of the file says what the fixed behaviour must be);
//! - `expected.txt`: `exit <code>` (or `exit signal <n>`, `exit killed at time bound`), then every
//!   stderr line exactly, non-printable characters written as `\u{..}` escapes. Very long
//!   outputs keep their first 40 lines, then `... <N> stderr lines in all`.
//!
//! Every case also checks: the child ends within the time bound (it is killed there), its peak
//! resident memory (`wait4` `ru_maxrss`) stays within the memory bound (its address space is
//! capped a little above it, so a runaway allocation aborts instead of swapping the machine), no
//! control byte (C0 but tab and newline, DEL, C1) or bidi control reaches stdout or stderr,
//! `--output json` prints one JSON value, and every diagnostic line reads
//! `file:line:column: severity: message` with line, column >= 1 and a non-empty message.
//!
//! A `pending-fix` case that fails any check is reported loudly and passes; one that passes
//! every check is reported too (remove the mark). A summary table (case, exit, ms, MiB) ends the
//! run.
//!
//! Run one case: `cargo test -p podenv-cli --test bad_inputs -- <case>`.
//! Refresh expected files: `UPDATE_EXPECT=1 cargo test -p podenv-cli --test bad_inputs`; a case
//! whose file changed fails once, so a regeneration is never silent. Review the diff.

use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use libtest_mimic::{Arguments, Failed, Trial};

const DEFAULT_TIME_SECS: u64 = 20;
const DEFAULT_MEM_MIB: u64 = 1536;
/// Headroom of the address-space cap over the memory bound (virtual size exceeds RSS).
const ADDRESS_SPACE_HEADROOM_MIB: u64 = 1024;
/// Stderr lines kept in expected.txt before the rest is summarised by a count.
const KEPT_LINES: usize = 40;
/// Characters kept of one stderr line in expected.txt.
const KEPT_LINE_CHARS: usize = 300;

/// One row of the summary table.
struct Row {
    case: String,
    exit: String,
    millis: u128,
    /// None when the child ended before its memory could be read (a few ms).
    mib: Option<f64>,
    verdict: &'static str,
}

static SUMMARY: Mutex<Vec<Row>> = Mutex::new(Vec::new());

fn main() {
    let args = Arguments::from_args();
    let trials = match case_dirs() {
        Ok(dirs) => dirs
            .into_iter()
            .map(|dir| Trial::test(case_name(&dir), move || run_case(&dir)))
            .collect(),
        Err(message) => vec![Trial::test("list-cases", move || Err(message.into()))],
    };
    let conclusion = libtest_mimic::run(&args, trials);
    print_summary();
    conclusion.exit();
}

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad")
}

fn case_dirs() -> Result<Vec<PathBuf>, String> {
    let root = corpus_root();
    let entries = match fs::read_dir(&root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", root.display())),
    };
    let mut dirs = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
}

fn case_name(dir: &Path) -> String {
    dir.file_name().unwrap().to_string_lossy().into_owned()
}

fn print_summary() {
    let mut rows = SUMMARY.lock().unwrap_or_else(|e| e.into_inner());
    if rows.is_empty() {
        return;
    }
    rows.sort_by(|a, b| a.case.cmp(&b.case));
    let width = rows.iter().map(|r| r.case.len()).max().unwrap_or(4).max(4);
    println!();
    println!("bad-input corpus: {} case(s)", rows.len());
    println!(
        "  {:<width$}  {:<26}  {:>8}  {:>8}  verdict",
        "case", "exit", "ms", "MiB"
    );
    for r in rows.iter() {
        println!(
            "  {:<width$}  {:<26}  {:>8}  {:>8}  {}",
            r.case,
            r.exit,
            r.millis,
            r.mib
                .map_or_else(|| "<poll".to_string(), |m| format!("{m:.1}")),
            r.verdict
        );
    }
    let pending: Vec<&str> = rows
        .iter()
        .filter(|r| r.verdict.starts_with("PENDING"))
        .map(|r| r.case.as_str())
        .collect();
    if !pending.is_empty() {
        println!(
            "!!! {} pending-fix case(s) still fail (allowed while marked): {}",
            pending.len(),
            pending.join(", ")
        );
    }
    let fixed: Vec<&str> = rows
        .iter()
        .filter(|r| r.verdict == "ok, still marked pending-fix")
        .map(|r| r.case.as_str())
        .collect();
    if !fixed.is_empty() {
        println!(
            "!!! {} case(s) marked pending-fix now pass every check: remove the mark in notes: {}",
            fixed.len(),
            fixed.join(", ")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// One case

struct Limits {
    time: Duration,
    mem_mib: u64,
}

fn read_limits(dir: &Path) -> Result<Limits, String> {
    let mut limits = Limits {
        time: Duration::from_secs(DEFAULT_TIME_SECS),
        mem_mib: DEFAULT_MEM_MIB,
    };
    let text = match fs::read_to_string(dir.join("limits")) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(limits),
        Err(e) => return Err(format!("cannot read limits: {e}")),
    };
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or(format!("limits: `key = value` expected, got {line:?}"))?;
        let value: u64 = value
            .trim()
            .parse()
            .map_err(|_| format!("limits: not a number: {line:?}"))?;
        match key.trim() {
            "time_secs" => limits.time = Duration::from_secs(value),
            "mem_mib" => limits.mem_mib = value,
            other => return Err(format!("limits: unknown key {other:?}")),
        }
    }
    Ok(limits)
}

/// The input file of a case: the committed `input*` file, or the one its `recipe` generates
/// into the target directory. Returns the directory to run in and the file name to pass.
fn prepare_input(dir: &Path, case: &str) -> Result<(PathBuf, String), String> {
    let mut inputs = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("input") {
            inputs.push(name);
        }
    }
    inputs.sort();
    let recipe = match fs::read_to_string(dir.join("recipe")) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot read recipe: {e}")),
    };
    match (inputs.as_slice(), recipe) {
        ([one], None) => Ok((dir.to_path_buf(), one.clone())),
        ([], Some(recipe)) => {
            let line = recipe
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .ok_or("recipe: no generator line")?;
            let mut words = line.split_whitespace();
            let generator = words.next().unwrap_or_default();
            let numbers: Vec<usize> = words
                .map(|w| w.parse().map_err(|_| format!("recipe: not a number: {w}")))
                .collect::<Result<_, _>>()?;
            let (file_name, bytes) = generate(generator, &numbers)?;
            // Generated inputs live in the target dir, in a folder named like the case, so the
            // diagnostics name the same relative file as a committed input would.
            let run_dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join("bad")
                .join(case);
            fs::create_dir_all(&run_dir).map_err(|e| format!("cannot create run dir: {e}"))?;
            fs::write(run_dir.join(&file_name), bytes)
                .map_err(|e| format!("cannot write the generated input: {e}"))?;
            if dir.join("context.yaml").is_file() {
                fs::copy(dir.join("context.yaml"), run_dir.join("context.yaml"))
                    .map_err(|e| format!("cannot copy context.yaml: {e}"))?;
            }
            Ok((run_dir, file_name))
        }
        ([], None) => Err("no input* file and no recipe".into()),
        (_, _) => Err(format!(
            "exactly one input* file or a recipe expected, found {inputs:?}"
        )),
    }
}

/// What one run of the child gave.
struct Outcome {
    /// `Some(code)` on a normal exit, else how it ended.
    exit: String,
    code: Option<i32>,
    timed_out: bool,
    elapsed: Duration,
    max_rss_kib: u64,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run_child(run_dir: &Path, args: &[String], limits: &Limits) -> Result<Outcome, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_podenv"));
    cmd.args(args)
        .current_dir(run_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE");
    let cap = (limits.mem_mib + ADDRESS_SPACE_HEADROOM_MIB) * 1024 * 1024;
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: cap as libc::rlim_t,
                rlim_max: cap as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    // ru_maxrss of a child that was forked and then exec'd starts at the parent's peak (Linux
    // keeps the larger of the pre-exec and post-exec high-water marks), so a figure not above
    // our own peak says nothing; then the child's VmHWM, polled while it runs, is the figure.
    let own_peak_kib = own_max_rss_kib();
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start podenv: {e}"))?;
    let pid = child.id() as libc::pid_t;
    let mut out_pipe = child.stdout.take().expect("piped");
    let mut err_pipe = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out_pipe.read_to_end(&mut buf);
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err_pipe.read_to_end(&mut buf);
        buf
    });
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    let mut pause = Duration::from_millis(1);
    let mut polled_kib = 0;
    loop {
        polled_kib = polled_kib.max(vm_hwm_kib(pid));
        // SAFETY: pid is our own child, not yet reaped (std's Child is never waited on).
        let got = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if got == pid {
            break;
        }
        if got < 0 {
            return Err(format!("wait4: {}", std::io::Error::last_os_error()));
        }
        if !timed_out && start.elapsed() > limits.time {
            timed_out = true;
            // SAFETY: signalling our own unreaped child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let (exit, code) = if timed_out {
        ("killed at time bound".to_string(), None)
    } else if libc::WIFEXITED(status) {
        let code = libc::WEXITSTATUS(status);
        (code.to_string(), Some(code))
    } else if libc::WIFSIGNALED(status) {
        (format!("signal {}", libc::WTERMSIG(status)), None)
    } else {
        (format!("status {status}"), None)
    };
    Ok(Outcome {
        exit,
        code,
        timed_out,
        elapsed,
        max_rss_kib: {
            let reported = usage.ru_maxrss.max(0) as u64;
            if reported > own_peak_kib {
                reported.max(polled_kib)
            } else {
                polled_kib
            }
        },
        stdout,
        stderr,
    })
}

/// Our own peak resident set (KiB).
fn own_max_rss_kib() -> u64 {
    // SAFETY: an all-zero rusage is valid; getrusage fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss.max(0) as u64
}

/// `VmHWM` of a running process (KiB), 0 when it cannot be read (the process has exited).
fn vm_hwm_kib(pid: libc::pid_t) -> u64 {
    let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return 0;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn run_case(dir: &Path) -> Result<(), Failed> {
    let case = case_name(dir);
    let shown = format!("tests/bad/{case}");
    let notes = fs::read_to_string(dir.join("notes")).unwrap_or_default();
    let pending = notes.lines().next().map(str::trim) == Some("pending-fix");
    let limits = read_limits(dir).map_err(|e| format!("{shown}: {e}"))?;
    let (run_dir, input) = prepare_input(dir, &case).map_err(|e| format!("{shown}: {e}"))?;
    let args_text = fs::read_to_string(dir.join("args")).unwrap_or_else(|_| "env".into());
    let mut args: Vec<String> = args_text.split_whitespace().map(str::to_string).collect();
    if args.is_empty() {
        args.push("env".into());
    }
    if run_dir.join("context.yaml").is_file() {
        args.push("--context".into());
        args.push("context.yaml".into());
    }
    args.push(input);

    let outcome = run_child(&run_dir, &args, &limits).map_err(|e| format!("{shown}: {e}"))?;
    let actual = render_expected(&outcome);
    let mut problems = check_invariants(&outcome, &args, &limits);
    if let Err(why) = shell_round_trip(&case, &run_dir, &args, &limits, &outcome) {
        problems.push(why);
    }

    let expected_path = dir.join("expected.txt");
    let expected = fs::read_to_string(&expected_path).ok();
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut updated = false;
    if update && expected.as_deref() != Some(actual.as_str()) {
        fs::write(&expected_path, &actual).map_err(|e| format!("{shown}: cannot write: {e}"))?;
        updated = true;
    } else {
        match &expected {
            None => problems.push(format!(
                "expected.txt is missing; create it with UPDATE_EXPECT=1. Actual:\n{actual}"
            )),
            Some(expected) if *expected != actual => problems.push(format!(
                "expected.txt differs (- expected, + actual); UPDATE_EXPECT=1 rewrites it\n{}",
                diff(expected, &actual)
            )),
            Some(_) => {}
        }
    }

    let verdict = match (problems.is_empty(), pending, updated) {
        (_, _, true) => "expected.txt written",
        (true, false, _) => "ok",
        (true, true, _) => "ok, still marked pending-fix",
        (false, true, _) => "PENDING-FIX: fails (allowed)",
        (false, false, _) => "FAILED",
    };
    SUMMARY.lock().unwrap_or_else(|e| e.into_inner()).push(Row {
        case: case.clone(),
        exit: outcome.exit.clone(),
        millis: outcome.elapsed.as_millis(),
        mib: (outcome.max_rss_kib > 0).then(|| outcome.max_rss_kib as f64 / 1024.0),
        verdict,
    });
    if updated {
        return Err(format!(
            "{shown}/expected.txt was written: review it (git diff), then rerun without UPDATE_EXPECT\n{}",
            diff(expected.as_deref().unwrap_or(""), &actual)
        )
        .into());
    }
    if problems.is_empty() {
        return Ok(());
    }
    let report = format!("{shown} ({}):\n  {}", args.join(" "), problems.join("\n  "));
    if pending {
        eprintln!(
            "!!! PENDING-FIX {shown} fails (allowed while marked pending-fix in notes):\n{report}"
        );
        Ok(())
    } else {
        Err(report.into())
    }
}

/// The text of expected.txt for an outcome.
fn render_expected(outcome: &Outcome) -> String {
    let mut out = format!("exit {}\n", outcome.exit);
    if outcome.timed_out {
        // What a killed child printed depends on when it was killed.
        return out;
    }
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    for line in lines.iter().take(KEPT_LINES) {
        let mut shown = escape(line);
        if shown.chars().count() > KEPT_LINE_CHARS {
            let total = shown.chars().count();
            shown = shown.chars().take(KEPT_LINE_CHARS).collect();
            write!(shown, "... ({total} characters in all)").unwrap();
        }
        out.push_str(&shown);
        out.push('\n');
    }
    if lines.len() > KEPT_LINES {
        writeln!(out, "... {} stderr lines in all", lines.len()).unwrap();
    }
    out
}

/// Non-printable and terminal-unsafe characters as `\u{..}`, so expected.txt stays plain text.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if unsafe_char(c) || c == '\t' {
            write!(out, "\\u{{{:x}}}", c as u32).unwrap();
        } else {
            out.push(c);
        }
    }
    out
}

/// C0 controls but tab and newline, DEL, C1 controls, and the bidi controls that reorder a
/// terminal line (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069).
fn unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn first_unsafe(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let (offset, c) = text.char_indices().find(|&(_, c)| unsafe_char(c))?;
    let line = text[..offset].matches('\n').count() + 1;
    Some(format!("U+{:04X} on line {line}", c as u32))
}

fn check_invariants(outcome: &Outcome, args: &[String], limits: &Limits) -> Vec<String> {
    let mut problems = Vec::new();
    if outcome.timed_out {
        problems.push(format!(
            "killed after the time bound of {} s",
            limits.time.as_secs()
        ));
        return problems;
    }
    match outcome.code {
        Some(0..=2) => {}
        _ => problems.push(format!(
            "exit {} (expected 0, 1 or 2; a panic exits 101)",
            outcome.exit
        )),
    }
    let mib = outcome.max_rss_kib / 1024;
    if mib > limits.mem_mib {
        problems.push(format!(
            "peak memory {mib} MiB over the bound of {} MiB",
            limits.mem_mib
        ));
    }
    if let Some(at) = first_unsafe(&outcome.stdout) {
        problems.push(format!("control or bidi character on stdout: {at}"));
    }
    if let Some(at) = first_unsafe(&outcome.stderr) {
        problems.push(format!("control or bidi character on stderr: {at}"));
    }
    let json = args
        .windows(2)
        .any(|w| w[0] == "--output" && w[1] == "json");
    if json && outcome.code.is_some() && !outcome.stdout.is_empty() {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&outcome.stdout) {
            problems.push(format!("--output json printed no JSON value: {e}"));
        }
    }
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    for line in stderr.lines().take(1000) {
        if let Err(why) = check_diagnostic_line(line) {
            problems.push(format!("stderr line {:?}: {why}", short(line)));
            break;
        }
    }
    problems
}

/// `file:line:column: severity: message`, line and column >= 1, message non-empty. The file
/// name may itself contain `:`; the line and column are the first two all-digit fields.
fn check_diagnostic_line(line: &str) -> Result<(), String> {
    if line.starts_with("podenv: ") || line.starts_with("error: ") || line.starts_with("Usage") {
        return Ok(());
    }
    let fields: Vec<&str> = line.splitn(64, ':').collect();
    let at = fields
        .windows(2)
        .position(|w| is_number(w[0]) && is_number(w[1]))
        .ok_or("no `:line:column:`")?;
    let (line_no, column) = (fields[at], fields[at + 1]);
    if line_no.parse::<u64>().ok() < Some(1) || column.parse::<u64>().ok() < Some(1) {
        return Err(format!("line {line_no} / column {column} below 1"));
    }
    let rest = fields[at + 2..].join(":");
    let rest = rest.trim_start();
    let message = ["error: ", "warning: ", "note: "]
        .iter()
        .find_map(|s| rest.strip_prefix(s))
        .ok_or("no severity")?;
    if message.trim().is_empty() {
        return Err("empty message".into());
    }
    Ok(())
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn short(line: &str) -> String {
    line.chars().take(200).collect()
}

/// For `env --output env`: the printed lines, sourced by a real POSIX shell (`env -i sh`), set
/// exactly the variables `--output json` reports (the last container's value wins, as sourcing
/// one after another does), and nothing else: a name or value that breaks out of its quoting
/// or comment line shows up as an unexpected variable or a shell error. Values holding NUL
/// or that are not UTF-8 cannot pass through a shell variable and are left out.
fn shell_round_trip(
    case: &str,
    run_dir: &Path,
    args: &[String],
    limits: &Limits,
    outcome: &Outcome,
) -> Result<(), String> {
    let env_output = args.first().map(String::as_str) == Some("env")
        && args.windows(2).any(|w| w[0] == "--output" && w[1] == "env");
    if !env_output || !matches!(outcome.code, Some(0 | 1)) {
        return Ok(());
    }
    let mut json_args = args.to_vec();
    if let Some(at) = json_args.iter().position(|a| a == "--output") {
        json_args[at + 1] = "json".into();
    }
    let json_run = run_child(run_dir, &json_args, limits)?;
    let json: serde_json::Value = serde_json::from_slice(&json_run.stdout)
        .map_err(|e| format!("shell round trip: --output json does not parse: {e}"))?;
    let mut expected: std::collections::BTreeMap<String, Option<String>> = Default::default();
    for pod in json["pods"].as_array().into_iter().flatten() {
        for container in pod["containers"].as_array().into_iter().flatten() {
            for var in container["env"].as_array().into_iter().flatten() {
                let Some(name) = var["name"].as_str() else {
                    continue;
                };
                let shell_name = !name.is_empty()
                    && !name.starts_with(|c: char| c.is_ascii_digit())
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
                if !shell_name {
                    continue;
                }
                // None: set, but not comparable (not UTF-8, NUL, several candidates, runtime).
                let value = var["value"]["value"]
                    .as_str()
                    .filter(|v| !v.contains('\0'))
                    .map(str::to_string);
                expected.insert(name.to_string(), value);
            }
        }
    }
    let script = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bad-sh")
        .join(format!("{case}.sh"));
    fs::create_dir_all(script.parent().unwrap()).map_err(|e| e.to_string())?;
    fs::write(&script, &outcome.stdout).map_err(|e| e.to_string())?;
    let shell = Command::new("env")
        .args([
            "-i",
            "/bin/sh",
            "-c",
            "set -a; . \"$1\" || exit 97; env -0",
            "sh",
        ])
        .arg(&script)
        .output()
        .map_err(|e| format!("shell round trip: cannot start /bin/sh: {e}"))?;
    if !shell.status.success() || !shell.stderr.is_empty() {
        return Err(format!(
            "shell round trip: sourcing the output failed ({}): {}",
            shell.status,
            short(&String::from_utf8_lossy(&shell.stderr))
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for entry in shell.stdout.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let (name, value) = entry.split_once('=').unwrap_or((&entry, ""));
        if ["PWD", "SHLVL", "_", "OLDPWD"].contains(&name) {
            continue;
        }
        match expected.get(name) {
            None => {
                return Err(format!(
                    "shell round trip: sourcing the output set {name:?}, which no container has (a line escaped its quoting?)"
                ))
            }
            Some(Some(want)) if want != value => {
                return Err(format!(
                    "shell round trip: {name} is {:?} in the shell but {:?} in --output json",
                    short(value),
                    short(want)
                ))
            }
            Some(_) => {
                seen.insert(name.to_string());
            }
        }
    }
    if let Some((name, _)) = expected
        .iter()
        .find(|(n, v)| v.is_some() && !seen.contains(*n))
    {
        return Err(format!(
            "shell round trip: {name} is in --output json but the shell did not set it"
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Generators for inputs too big to commit

/// `recipe` generators: `(file name, bytes)` for a name and its numeric arguments.
fn generate(name: &str, n: &[usize]) -> Result<(String, Vec<u8>), String> {
    let arg = |i: usize| {
        n.get(i)
            .copied()
            .ok_or(format!("recipe {name}: argument {} missing", i + 1))
    };
    let pod = |containers: &str| {
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n{containers}"
        )
    };
    let text = match name {
        // N times `$(` in one env value (the quadratic `$(` scan).
        "dollar-paren-value" => pod(&format!(
            "  - name: c\n    env:\n    - name: A\n      value: '{}'\n",
            "$(".repeat(arg(0)?)
        )),
        // N times `$(` in one command item and one args item.
        "dollar-paren-command" => pod(&format!(
            "  - name: c\n    command: ['{0}']\n    args: ['{0}']\n",
            "$(".repeat(arg(0)?)
        )),
        // N env entries, each the previous one twice: 2^N bytes if expansion is unbounded.
        "doubling-env" => {
            let mut c = String::from("  - name: c\n    env:\n    - name: V0\n      value: xx\n");
            for i in 1..arg(0)? {
                writeln!(
                    c,
                    "    - name: V{i}\n      value: $(V{p})$(V{p})",
                    p = i - 1
                )
                .unwrap();
            }
            pod(&c)
        }
        // N Services without a clusterIP, then one pod.
        "services-without-ip" => {
            let mut t = String::new();
            for i in 0..arg(0)? {
                writeln!(
                    t,
                    "---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{ports: [{{port: 80}}]}}"
                )
                .unwrap();
            }
            t.push_str("---\n");
            t.push_str(&pod("  - name: c\n"));
            t
        }
        // N env entries with invalid names: N diagnostics.
        "invalid-env-names" => {
            let mut c = String::from("  - name: c\n    env:\n");
            for i in 0..arg(0)? {
                writeln!(c, "    - {{name: '{i}=bad', value: v}}").unwrap();
            }
            pod(&c)
        }
        // N nested `[`.
        "nested-brackets" => format!("kind: {}\n", "[".repeat(arg(0)?)),
        // N nested `{a: `.
        "nested-maps" => format!("kind: {}\n", "{a: ".repeat(arg(0)?)),
        // One value of N bytes on a single line (a flow-style pod, no newline but the last).
        "long-line" => format!(
            "{{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{{\"name\":\"p\"}},\"spec\":{{\"containers\":[{{\"name\":\"c\",\"env\":[{{\"name\":\"A\",\"value\":\"{}\"}}]}}]}}}}\n",
            "x".repeat(arg(0)?)
        ),
        // A List of N ConfigMaps and one pod reading every one with envFrom.
        "list-items" => {
            let mut t = String::from("apiVersion: v1\nkind: List\nitems:\n");
            for i in 0..arg(0)? {
                writeln!(
                    t,
                    "- {{apiVersion: v1, kind: ConfigMap, metadata: {{name: cm{i}}}, data: {{K{i}: v}}}}"
                )
                .unwrap();
            }
            t.push_str("- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec:\n    containers:\n    - name: c\n      envFrom:\n      - configMapRef: {name: cm0}\n      - configMapRef: {name: cm1}\n");
            t
        }
        // N documents, each only `---`.
        "many-separators" => "---\n".repeat(arg(0)?),
        // A name of N characters for the pod, container and a Service.
        "long-names" => {
            let long = "a".repeat(arg(0)?);
            format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: {long}}}\nspec: {{clusterIP: 10.96.1.1, ports: [{{port: 80}}]}}\n---\n{}",
                pod(&format!("  - name: {long}\n"))
            )
            .replacen("name: p\n", &format!("name: {long}\n"), 1)
        }
        // N lines of comments, then a byte that is not UTF-8 on line N + 1.
        "non-utf8-at-line" => {
            let mut bytes = b"# comment\n".repeat(arg(0)?);
            bytes.extend_from_slice(b"kind: \xff\xfe\n");
            return Ok(("input.yaml".into(), bytes));
        }
        other => return Err(format!("unknown recipe generator {other:?}")),
    };
    Ok(("input.yaml".into(), text.into_bytes()))
}

// ---------------------------------------------------------------------------------------------

/// A line diff (longest common subsequence): ` ` same, `-` expected only, `+` actual only.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            writeln!(out, "  {}", a[i]).unwrap();
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            writeln!(out, "- {}", a[i]).unwrap();
            i += 1;
        } else {
            writeln!(out, "+ {}", b[j]).unwrap();
            j += 1;
        }
    }
    out
}
