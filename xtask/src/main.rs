//! Project tasks: `cargo xtask test | serve | build | bench | fuzz`.
//!
//! Dependency-free on purpose: every step is a plain `std::process::Command`. `cargo xtask test`
//! is the one test command (README, `.ci/run`). To add a step (wasm-pack tests, Trunk build,
//! browser end-to-end), write a `fn(&Ctx) -> Result<(), String>` and append it to `TEST_STEPS`.

use std::cell::Cell;
use std::env;
use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

mod fuzz;
mod web;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const OUTPUT_FORMATS: &[&str] = &["table", "json", "env"];

type StepFn = fn(&Ctx) -> Result<(), String>;

/// The steps of `cargo xtask test`, in order. The run stops at the first failure.
const TEST_STEPS: &[(&str, StepFn)] = &[
    ("wasm32 target installed", ensure_wasm_target),
    ("cargo fmt --check", fmt_check),
    ("cargo clippy -D warnings", clippy),
    // Includes the bad-input corpus (crates/podenv-cli/tests/bad_inputs.rs, tests/bad/) and the
    // fuzz regressions plus a seeded mutation run (crates/podenv-fuzz/tests/regressions.rs).
    ("cargo test --workspace", cargo_test),
    ("podenv-core builds for wasm32", wasm_build),
    ("CLI smoke test on examples/", cli_smoke),
    ("fuzz targets, 15 s each (libFuzzer)", fuzz::quick),
    ("explorer tools installed", web::tools),
    (
        "explorer state and adapter tests (native)",
        web::native_tests,
    ),
    (
        "explorer wasm-bindgen tests in headless Chromium",
        web::wasm_tests,
    ),
    ("trunk build --release", web::trunk_build),
    ("size budget (brotli wasm + JS + CSS)", web::size_budget),
    ("explorer end-to-end tests in Chromium", web::e2e),
];

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  test                          fmt, clippy, tests, wasm build, CLI smoke, explorer tests,
                                release build, size budget, end-to-end tests (what CI runs)
  serve [--port N] [--address A] serve the explorer with the demo loaded (default 127.0.0.1:8080)
  build                         the explorer's release build into dist/ (the editor bundle, then
                                trunk build --release; installs missing tools)
  bench [ARGS...]               cargo bench -p podenv-core --bench analyze [ARGS...]
  fuzz [--time SECS] [--stable] [TARGET...]
                                libFuzzer (cargo-fuzz, installed if missing) on manifest, expand,
                                context, analysis; SECS per target (default 300); --stable: the
                                seeded mutation harness instead; crashes go to fuzz/regressions/
";

/// Shared facts for every step.
struct Ctx {
    /// The workspace root (parent of `xtask/`).
    root: PathBuf,
    /// The cargo that runs us (`$CARGO`), so nested builds use the same toolchain.
    cargo: String,
    /// Tests counted so far from every `test result:` line a step printed.
    tally: Cell<Tally>,
}

/// Test counts summed over every libtest-style summary line.
#[derive(Clone, Copy, Default)]
struct Tally {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl Tally {
    /// Adds the counts of a libtest summary line, e.g.
    /// `test result: ok. 145 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; ...`.
    /// cargo test, libtest-mimic and wasm-bindgen-test (wasm-pack test) all print this form.
    fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result:") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(count)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(count) = count.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => self.passed += count,
                "failed" => self.failed += count,
                "ignored" => self.ignored += count,
                _ => {}
            }
        }
    }
}

impl Ctx {
    fn new() -> Ctx {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives inside the workspace")
            .to_path_buf();
        let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        Ctx {
            root,
            cargo,
            tally: Cell::new(Tally::default()),
        }
    }

    fn cargo<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut cmd = Command::new(&self.cargo);
        cmd.args(args).current_dir(&self.root);
        cmd
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let ctx = Ctx::new();
    let result = match args.first().map(String::as_str) {
        Some("test") if args.len() == 1 => run_steps(&ctx, "test", TEST_STEPS),
        Some("build") if args.len() == 1 => web::build(&ctx),
        Some("serve") => parse_serve_args(&args[1..]).and_then(|opts| serve(&ctx, &opts)),
        Some("bench") => bench(&ctx, &args[1..]),
        Some("fuzz") => fuzz::task(&ctx, &args[1..]),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing task: {args:?}\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Step runner

fn run_steps(ctx: &Ctx, task: &str, steps: &[(&str, StepFn)]) -> Result<(), String> {
    let start = Instant::now();
    let mut timings: Vec<(&str, Duration)> = Vec::new();
    for (index, (name, step)) in steps.iter().enumerate() {
        println!();
        println!("==> [{}/{}] {name}", index + 1, steps.len());
        let step_start = Instant::now();
        let outcome = step(ctx);
        let elapsed = step_start.elapsed();
        timings.push((name, elapsed));
        match outcome {
            Ok(()) => println!(
                "<== [{}/{}] {name}: ok ({})",
                index + 1,
                steps.len(),
                secs(elapsed)
            ),
            Err(message) => {
                print_timings(&timings);
                print_tally(ctx);
                return Err(format!(
                    "step [{}/{}] '{name}' failed after {}: {message} (xtask {task} stopped; total {})",
                    index + 1,
                    steps.len(),
                    secs(elapsed),
                    secs(start.elapsed())
                ));
            }
        }
    }
    print_timings(&timings);
    println!(
        "xtask {task}: all {} steps ok in {}",
        steps.len(),
        secs(start.elapsed())
    );
    print_tally(ctx);
    Ok(())
}

/// The closing line: every test the steps ran, in the plain `N passed, N failed` form.
fn print_tally(ctx: &Ctx) {
    let tally = ctx.tally.get();
    if tally.passed + tally.failed + tally.ignored == 0 {
        return;
    }
    let mut line = format!("tests: {} passed, {} failed", tally.passed, tally.failed);
    if tally.ignored > 0 {
        line.push_str(&format!(", {} skipped", tally.ignored));
    }
    println!("{line}");
}

fn print_timings(timings: &[(&str, Duration)]) {
    println!();
    println!("step timings:");
    for (name, elapsed) in timings {
        println!("  {:>8}  {name}", secs(*elapsed));
    }
}

fn secs(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// Runs a command to completion with inherited stdio; Err unless it exits 0.
fn run(mut cmd: Command) -> Result<(), String> {
    let shown = describe(&cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` exited with {status}"))
    }
}

/// Like `run`, but echoes the command's stdout line by line and adds every libtest summary
/// line to the run's test tally. stderr (cargo's progress) stays inherited.
fn run_counting_tests(ctx: &Ctx, mut cmd: Command) -> Result<(), String> {
    let shown = describe(&cmd);
    println!("$ {shown}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        match stdout.read_until(b'\n', &mut buffer) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("reading the output of `{shown}`: {e}")),
        }
        let line = String::from_utf8_lossy(&buffer);
        print!("{line}");
        let mut tally = ctx.tally.get();
        tally.add_line(&line);
        ctx.tally.set(tally);
    }
    let status = child
        .wait()
        .map_err(|e| format!("waiting for `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` exited with {status}"))
    }
}

fn describe(cmd: &Command) -> String {
    // `$CARGO` is an absolute path; show just the program name.
    let program = Path::new(cmd.get_program());
    let program = program.file_name().unwrap_or(program.as_os_str());
    let mut parts = vec![program.to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Test steps

fn ensure_wasm_target(_ctx: &Ctx) -> Result<(), String> {
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("could not run rustup: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`rustup target list --installed` exited with {}",
            output.status
        ));
    }
    let installed = String::from_utf8_lossy(&output.stdout);
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("{WASM_TARGET} already installed");
        return Ok(());
    }
    let mut cmd = Command::new("rustup");
    cmd.args(["target", "add", WASM_TARGET]);
    run(cmd)
}

fn fmt_check(ctx: &Ctx) -> Result<(), String> {
    run(ctx.cargo(["fmt", "--all", "--", "--check"]))
}

fn clippy(ctx: &Ctx) -> Result<(), String> {
    run(ctx.cargo([
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]))
}

fn cargo_test(ctx: &Ctx) -> Result<(), String> {
    run_counting_tests(ctx, ctx.cargo(["test", "--workspace", "--locked"]))
}

fn wasm_build(ctx: &Ctx) -> Result<(), String> {
    run(ctx.cargo([
        "build",
        "-p",
        "podenv-core",
        "--target",
        WASM_TARGET,
        "--locked",
    ]))
}

/// Runs `podenv env --output <format> <file>` for every example and every output format.
/// Exit 0 (all containers start) and 1 (some container fails) are fine; 2 (bad usage or input)
/// or a crash is not. JSON output must look like a JSON object.
fn cli_smoke(ctx: &Ctx) -> Result<(), String> {
    let examples = example_files(&ctx.root.join("examples"))?;
    if examples.is_empty() {
        println!("no examples/*.yaml yet: nothing to smoke-test");
        return Ok(());
    }
    let podenv = build_cli(ctx)?;
    let mut runs = 0;
    for example in &examples {
        let relative = example.strip_prefix(&ctx.root).unwrap_or(example);
        for format in OUTPUT_FORMATS {
            let output = Command::new(&podenv)
                .args(["env", "--output", format])
                .arg(relative)
                .current_dir(&ctx.root)
                .output()
                .map_err(|e| format!("could not start {}: {e}", podenv.display()))?;
            let shown = format!("podenv env --output {format} {}", relative.display());
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let fail = |why: String| {
                Err(format!(
                    "`{shown}`: {why}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
                ))
            };
            let code = match output.status.code() {
                Some(code @ (0 | 1)) => code,
                Some(code) => return fail(format!("exit code {code} (expected 0 or 1)")),
                None => return fail(format!("killed: {}", output.status)),
            };
            if *format == "json" && !stdout.trim_start().starts_with('{') {
                return fail("json output does not start with '{'".to_string());
            }
            println!("  ok (exit {code}): {shown}");
            runs += 1;
        }
    }
    // `podenv dns` over the same examples, with a resolver walk.
    for example in &examples {
        let relative = example.strip_prefix(&ctx.root).unwrap_or(example);
        for format in ["table", "json"] {
            let output = Command::new(&podenv)
                .args(["dns", "--output", format, "--resolve", "kubernetes.default"])
                .arg(relative)
                .current_dir(&ctx.root)
                .output()
                .map_err(|e| format!("could not start {}: {e}", podenv.display()))?;
            let shown = format!("podenv dns --output {format} {}", relative.display());
            match output.status.code() {
                Some(0 | 1) => {}
                other => {
                    return Err(format!(
                        "`{shown}`: exit {other:?} (expected 0 or 1)\n--- stderr ---\n{}",
                        String::from_utf8_lossy(&output.stderr)
                    ))
                }
            }
            println!("  ok: {shown}");
            runs += 1;
        }
    }
    println!("{runs} CLI runs ok over {} example(s)", examples.len());
    Ok(())
}

/// `*.yaml` / `*.yml` files directly in `dir`, sorted; empty when the folder does not exist.
fn example_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        let is_yaml = matches!(
            path.extension().and_then(OsStr::to_str),
            Some("yaml" | "yml")
        );
        if is_yaml && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Builds the `podenv` binary (debug) and returns its path.
///
/// `--workspace --tests` makes cargo resolve features exactly as `cargo test --workspace` did
/// (dev-dependencies of every member included), so every dependency built by the test step is
/// reused and only podenv itself links. A plain `-p podenv-cli` resolves a different feature set
/// and rebuilds serde, k8s-openapi and friends (about 40 s on 2 cores).
fn build_cli(ctx: &Ctx) -> Result<PathBuf, String> {
    run(ctx.cargo([
        "build",
        "--workspace",
        "--tests",
        "--bin",
        "podenv",
        "--locked",
    ]))?;
    let path = target_dir(ctx)?
        .join("debug")
        .join(format!("podenv{}", env::consts::EXE_SUFFIX));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "built podenv but found no binary at {}",
            path.display()
        ))
    }
}

/// The workspace's target directory, as cargo reports it (honours CARGO_TARGET_DIR and config).
fn target_dir(ctx: &Ctx) -> Result<PathBuf, String> {
    let output = ctx
        .cargo([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!("cargo metadata exited with {}", output.status));
    }
    let json = String::from_utf8_lossy(&output.stdout);
    // A hand check instead of a JSON parser: the value is a plain path string.
    let key = "\"target_directory\":\"";
    let start = json
        .find(key)
        .ok_or("cargo metadata printed no target_directory")?
        + key.len();
    let end = json[start..]
        .find('"')
        .ok_or("cargo metadata: unterminated target_directory")?;
    Ok(PathBuf::from(
        json[start..start + end].replace("\\\\", "\\"),
    ))
}

// ---------------------------------------------------------------------------------------------
// serve

struct ServeOptions {
    address: String,
    port: u16,
}

fn parse_serve_args(args: &[String]) -> Result<ServeOptions, String> {
    let mut options = ServeOptions {
        address: "127.0.0.1".to_string(),
        port: 8080,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or(format!("{flag} needs a value"))
        };
        match flag {
            "--address" => options.address = value()?,
            "--port" => {
                let text = value()?;
                options.port = text
                    .parse()
                    .map_err(|_| format!("--port: not a port number: {text}"))?;
            }
            _ => return Err(format!("serve: unknown argument {arg}\n\n{USAGE}")),
        }
    }
    Ok(options)
}

/// Serves the web explorer (`web/`, built by Trunk) with the demo example loaded; installs
/// Trunk, the wasm-bindgen CLI and the other tools first if they are missing.
fn serve(ctx: &Ctx, options: &ServeOptions) -> Result<(), String> {
    web::serve(ctx, &options.address, options.port)
}

// ---------------------------------------------------------------------------------------------
// bench

fn bench(ctx: &Ctx, extra: &[String]) -> Result<(), String> {
    let mut cmd = ctx.cargo([
        "bench",
        "-p",
        "podenv-core",
        "--bench",
        "analyze",
        "--locked",
    ]);
    cmd.args(extra);
    run(cmd)
}
