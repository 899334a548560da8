//! `cargo xtask fuzz [--time SECS] [--stable] [TARGET...]` and the short fuzz step of
//! `cargo xtask test`.
//!
//! Coverage-guided: libFuzzer through cargo-fuzz (pinned, installed with `cargo install
//! --locked` when missing). cargo-fuzz passes nightly-only `-Z` flags; the stable toolchain
//! accepts them with `RUSTC_BOOTSTRAP=1`. Built without a sanitizer (podenv is safe Rust: the
//! targets look for panics and broken invariants), with debug assertions, 16 codegen units
//! (the build is what costs on 2 cores), into `target/fuzz`.
//!
//! Crashes are written straight to `fuzz/regressions/<target>/` (libFuzzer's
//! `-artifact_prefix`), which `cargo test -p podenv-fuzz` replays. The working corpus is
//! `fuzz/corpus/<target>/` (ignored by git); the seeds are `examples/`, `tests/cases/` and
//! `tests/bad/`.
//!
//! `--stable` runs the coverage-less seeded mutation harness (`podenv-fuzz` binary) instead:
//! deterministic for its seed, no nightly flags at all.

use std::fs;
use std::process::Command;

use crate::{run, Ctx};

/// cargo-fuzz version installed when missing.
const CARGO_FUZZ_VERSION: &str = "0.13.1";
/// The targets, as in `fuzz/Cargo.toml` and `podenv_fuzz::TARGETS`.
const TARGETS: &[&str] = &["manifest", "expand", "context", "analysis"];
/// Seconds per target in `cargo xtask test`.
const QUICK_SECS: u64 = 15;
/// Seconds per target for `cargo xtask fuzz` without `--time`.
const DEFAULT_SECS: u64 = 300;

const BUILD_FLAGS: &[&str] = &[
    "--fuzz-dir",
    "fuzz",
    "--target-dir",
    "target/fuzz",
    "-a",
    "-s",
    "none",
    "--codegen-units",
    "16",
];

/// `cargo xtask fuzz` with its arguments.
pub fn task(ctx: &Ctx, args: &[String]) -> Result<(), String> {
    let mut secs = DEFAULT_SECS;
    let mut stable = false;
    let mut targets = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time" => {
                let text = args.next().ok_or("--time needs a number of seconds")?;
                secs = text
                    .parse()
                    .map_err(|_| format!("--time: not a number: {text}"))?;
            }
            "--stable" => stable = true,
            name if TARGETS.contains(&name) => targets.push(name.to_string()),
            other => {
                return Err(format!(
                    "fuzz: unknown argument {other:?} (targets: {})",
                    TARGETS.join(", ")
                ))
            }
        }
    }
    if targets.is_empty() {
        targets = TARGETS.iter().map(|t| t.to_string()).collect();
    }
    if stable {
        stable_run(ctx, &targets, secs)
    } else {
        libfuzzer_run(ctx, &targets, secs)
    }
}

/// The `cargo xtask test` step: every target for `QUICK_SECS` under libFuzzer.
pub fn quick(ctx: &Ctx) -> Result<(), String> {
    let targets: Vec<String> = TARGETS.iter().map(|t| t.to_string()).collect();
    libfuzzer_run(ctx, &targets, QUICK_SECS)
}

fn ensure_cargo_fuzz(ctx: &Ctx) -> Result<(), String> {
    let installed = Command::new(&ctx.cargo)
        .args(["fuzz", "--version"])
        .output()
        .map(|o| {
            o.status.success() && String::from_utf8_lossy(&o.stdout).contains(CARGO_FUZZ_VERSION)
        })
        .unwrap_or(false);
    if installed {
        println!("cargo-fuzz {CARGO_FUZZ_VERSION} already installed");
        return Ok(());
    }
    run(ctx.cargo([
        "install",
        "--locked",
        &format!("cargo-fuzz@{CARGO_FUZZ_VERSION}"),
    ]))
}

fn cargo_fuzz(ctx: &Ctx, sub: &str) -> Command {
    let mut cmd = ctx.cargo(["fuzz", sub]);
    // cargo-fuzz needs -Z flags (sanitizer-coverage passes); stable takes them with this.
    cmd.env("RUSTC_BOOTSTRAP", "1");
    cmd
}

fn libfuzzer_run(ctx: &Ctx, targets: &[String], secs: u64) -> Result<(), String> {
    ensure_cargo_fuzz(ctx)?;
    let mut build = cargo_fuzz(ctx, "build");
    build.args(BUILD_FLAGS);
    run(build)?;
    for target in targets {
        let corpus = ctx.root.join("fuzz/corpus").join(target);
        let regressions = ctx.root.join("fuzz/regressions").join(target);
        for dir in [&corpus, &regressions] {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let mut cmd = cargo_fuzz(ctx, "run");
        cmd.args(BUILD_FLAGS)
            .arg(target)
            // The writable corpus first, then the read-only seeds (read recursively).
            .arg(&corpus)
            .args(["examples", "tests/cases", "tests/bad"])
            .arg("--")
            .arg(format!("-max_total_time={secs}"))
            .arg("-seed=1")
            .arg("-max_len=65536")
            .arg("-rss_limit_mb=2048")
            .arg("-timeout=10")
            .arg("-print_final_stats=1")
            .arg(format!("-artifact_prefix={}/", regressions.display()));
        run(cmd).map_err(|e| {
            format!(
                "{e}: the crash input is in {} (replayed by `cargo test -p podenv-fuzz`); \
                 rerun it with `RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --target-dir target/fuzz -s none -a {target} <file>`",
                regressions.display()
            )
        })?;
    }
    Ok(())
}

fn stable_run(ctx: &Ctx, targets: &[String], secs: u64) -> Result<(), String> {
    let mut cmd = ctx.cargo([
        "run",
        "--release",
        "--locked",
        "-p",
        "podenv-fuzz",
        "--",
        "--time",
        &secs.to_string(),
    ]);
    cmd.args(targets);
    run(cmd)
}
