//! The explorer's tasks (`web/`, `crates/podenv-wasm`): installing its tools, its tests in
//! headless Chromium, the code editor bundle and the Trunk release build, the size budget, the
//! end-to-end suite, and `cargo xtask serve`.
//!
//! Tools are pinned and installed only when `TOOL --version` does not already print the pinned
//! version. Trunk runs offline (Trunk.toml) and finds the wasm-bindgen CLI and wasm-opt on the
//! PATH this module builds: `$CARGO_HOME/bin`, then `node_modules/.bin`.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::{ensure_wasm_target, run, secs, Ctx};

const TRUNK_VERSION: &str = "0.21.14";
const WASM_PACK_VERSION: &str = "0.15.1";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The issue's aim for what a browser transfers: wasm + JS + CSS of the release build, brotli.
const SIZE_AIM_BYTES: u64 = 300 * 1000;
/// The checked budget: the build fails above it. Measured 2026-11: 603 KB, of which the core
/// alone (podenv-wasm built on its own) is 426 KB, so the aim needs a smaller core first
/// (k8s-openapi deserialisation through serde_path_to_error is most of it). Lower this as the
/// figure drops; never raise it without saying why.
///
/// Raised from 640 KB in 2026-12 (measured 841.9 KB; was 623.9 KB), for three things:
/// - issue 7's Web Worker: the analysis runs in a worker and reaches the page as JSON, so the
///   page reads the model back (`Deserialize`, hand-written flat readers in `model.rs`):
///   +30.5 KB. A lighter transfer (a compact binary form, or the page asking the worker only
///   for what it shows) would give it back.
/// - issue 9's code editor: the CodeMirror bundle (editor.js, 112.7 KB) and its binding,
///   styles and the fallback's block indent (5.5 KB). It is loaded after the wasm has
///   started, so it does not delay the first results.
/// - issues 8 and 9 in the core: +74 KB of wasm: the rule catalogue's text in English and
///   Chinese (about 25 KB), the trace's types and their serialisation, strict field
///   validation (a second layer over every k8s-openapi visitor), the `.env` writer and the
///   new checks. The trace's code is linked although the page does not ask for a trace yet;
///   moving it (and the catalogue's Chinese) behind a lazily loaded module is the first size
///   task.
///
/// Kept at 860 KB for the explorer's Simplified Chinese (2026-12, measured 847.0 KB, +5.1 KB:
/// the `ZH` table, the language switch, its CSS and CodeMirror's `setLocale`; wasm 719.4 KB).
///
/// Raised to 900 KB for the walk-through (issue 8) and issue 9's fixes (2026-12, measured
/// 894.2 KB with wasm 765.9 KB, +46 KB of wasm over the Chinese table's 719.4 KB):
/// - about 27 KB: the walk-through page (its component) and reading the trace back from the
///   worker's JSON (`Deserialize` of the trace types); measured by building without both
///   (738.0 KB). The page only records a trace while it is open, so this is code, not work.
/// - about 19 KB: the steps' and reasons' words in the catalogue (English and Chinese), the
///   walk-through's label tables, the core's front door, type-error pruning, ignored-kind
///   grouping, the resolver's host:port handling, the menus, file replace/add and the
///   autosave and long-link warnings.
///
/// Loading the walk-through (component, trace readers, its words) as a separate module only
/// when `#/walkthrough` opens would give the first part back; it is the first size task.
///
/// Raised to 920 KB for the rest of issue 9 (2026-12, measured 915.6 KB with wasm 786.0 KB,
/// +20 KB of wasm over 765.9 KB), each part measured on its own branch:
/// - about 7 KB: hints (assumeMissingObjects, Service hosts the input lacks, IP addresses
///   in the resolver walk, NXDOMAIN Services apart), the too-large file message;
/// - about 8 KB: output linked to source (`locate`, node end positions, the page's marks,
///   source links and the `$(VAR)` hover, 0.5 KB of it in editor.js);
/// - about 7 KB: keyboard navigation, shortcuts dialog, resizable panes, narrow-screen tabs,
///   the version picker and keeping the selection across a namespace change.
const SIZE_BUDGET_BYTES: u64 = 920 * 1000;
const WEB_CRATE: &str = "web";
/// The code editor's npm project (CodeMirror 6 + esbuild, pinned by its package-lock.json).
const EDITOR_DIR: &str = "web/editor";
/// Where the bundle goes; `web/index.html` has Trunk copy it into dist/ as `editor.js`.
const EDITOR_BUNDLE: &str = "web/vendor/editor.js";
/// The licences of what the bundle holds (copied into dist/ as `editor-licenses.txt`).
const EDITOR_LICENSES: &str = "web/vendor/editor-licenses.txt";

/// `$CARGO_HOME/bin` (where `cargo install` puts tools).
fn cargo_bin_dir() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// PATH with the installed tools first.
fn tool_path(ctx: &Ctx) -> OsString {
    let mut dirs = vec![cargo_bin_dir(), ctx.root.join("node_modules").join(".bin")];
    if let Some(path) = env::var_os("PATH") {
        dirs.extend(env::split_paths(&path));
    }
    env::join_paths(dirs).unwrap_or_default()
}

/// A command for a tool, run at the root with the tool PATH.
fn tool(ctx: &Ctx, program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(&ctx.root).env("PATH", tool_path(ctx));
    cmd
}

/// What `program --version` prints, if it runs.
fn installed_version(ctx: &Ctx, program: &str) -> Option<String> {
    let output = tool(ctx, program).arg("--version").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// `cargo install` unless `program --version` already names `version`.
fn cargo_install_if_missing(
    ctx: &Ctx,
    program: &str,
    version: &str,
    install: &[&str],
) -> Result<(), String> {
    match installed_version(ctx, program) {
        Some(found) if found.split_whitespace().any(|word| word == version) => {
            println!("{program} {version} already installed");
            Ok(())
        }
        found => {
            println!(
                "{program} {version} needed (found: {}); installing (several minutes on 2 cores)",
                found.as_deref().unwrap_or("none")
            );
            run(ctx.cargo(install))
        }
    }
}

/// The version of a package in Cargo.lock.
fn locked_version(ctx: &Ctx, package: &str) -> Result<String, String> {
    let lock = fs::read_to_string(ctx.root.join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let header = format!("name = \"{package}\"\nversion = \"");
    let start = lock
        .find(&header)
        .ok_or(format!("Cargo.lock has no package {package}"))?
        + header.len();
    let end = lock[start..]
        .find('"')
        .ok_or("Cargo.lock: unterminated version")?;
    Ok(lock[start..start + end].to_string())
}

/// A font with Chinese glyphs, so that the 中文 pages render (and screenshot) as text rather
/// than boxes; the tests read text either way.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// Debian's Chromium, ChromeDriver and a CJK font, installed only when missing.
fn ensure_chromium() -> Result<(), String> {
    if Path::new(CHROMIUM).is_file()
        && Path::new(CHROMEDRIVER).is_file()
        && Path::new(CJK_FONT).is_file()
    {
        println!("chromium, chromedriver and a CJK font already installed");
        return Ok(());
    }
    let as_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| {
        let mut cmd = if as_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["-n", "apt-get"]);
            sudo
        };
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(apt(&["update"]))?;
    run(apt(&[
        "install",
        "-y",
        "chromium",
        "chromium-driver",
        "fonts-wqy-microhei",
    ]))
}

/// Installs what the explorer needs: the wasm32 target, Trunk, the wasm-bindgen CLI at the
/// exact version in Cargo.lock, wasm-pack, Chromium + ChromeDriver, and the npm packages
/// (wasm-opt from binaryen 132, playwright-core). `npm ci` runs always when `fresh_npm`, else
/// only when node_modules lacks a tool.
fn ensure_tools(ctx: &Ctx, fresh_npm: bool) -> Result<(), String> {
    ensure_wasm_target(ctx)?;
    cargo_install_if_missing(
        ctx,
        "trunk",
        TRUNK_VERSION,
        &["install", "--locked", &format!("trunk@{TRUNK_VERSION}")],
    )?;
    let bindgen = locked_version(ctx, "wasm-bindgen")?;
    // Without --locked: the CLI's own lock file names a webpki-roots version the registry
    // here does not serve (see shared/toolchain.md).
    cargo_install_if_missing(
        ctx,
        "wasm-bindgen",
        &bindgen,
        &["install", &format!("wasm-bindgen-cli@{bindgen}")],
    )?;
    cargo_install_if_missing(
        ctx,
        "wasm-pack",
        WASM_PACK_VERSION,
        &[
            "install",
            "--locked",
            &format!("wasm-pack@{WASM_PACK_VERSION}"),
        ],
    )?;
    ensure_chromium()?;
    let bin = ctx.root.join("node_modules").join(".bin");
    if fresh_npm || !bin.join("wasm-opt").exists() || !bin.join("playwright-core").exists() {
        let mut npm = tool(ctx, "npm");
        npm.args(["ci", "--no-audit", "--no-fund"]);
        run(npm)?;
    }
    ensure_editor_packages(ctx, fresh_npm)
}

/// The code editor's npm packages (web/editor: CodeMirror and esbuild, exactly as its
/// package-lock.json pins them): `npm ci` there when `fresh` or when esbuild is missing.
fn ensure_editor_packages(ctx: &Ctx, fresh: bool) -> Result<(), String> {
    let dir = ctx.root.join(EDITOR_DIR);
    let esbuild = dir.join("node_modules").join(".bin").join("esbuild");
    if fresh || !esbuild.exists() {
        let mut npm = tool(ctx, "npm");
        npm.current_dir(&dir)
            .args(["ci", "--no-audit", "--no-fund"]);
        run(npm)?;
    }
    Ok(())
}

/// The esbuild arguments that bundle web/editor/src/index.js and the CodeMirror packages it
/// imports into one minified ES module.
fn esbuild_args(out: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "src/index.js",
        "--bundle",
        "--format=esm",
        "--minify",
        "--target=es2020",
        "--log-level=warning",
        "--banner:js=/* podenv's code editor: CodeMirror 6 and Lezer (MIT). Licences: editor-licenses.txt */",
    ]
    .map(OsString::from)
    .to_vec();
    let mut outfile = OsString::from("--outfile=");
    outfile.push(out);
    args.push(outfile);
    args
}

/// Step (before every Trunk build and `serve`): the code editor bundle, web/vendor/editor.js,
/// built by esbuild from web/editor (its packages installed if missing).
pub fn editor_bundle(ctx: &Ctx) -> Result<(), String> {
    ensure_editor_packages(ctx, false)?;
    let dir = ctx.root.join(EDITOR_DIR);
    let out = ctx.root.join(EDITOR_BUNDLE);
    let esbuild = dir.join("node_modules").join(".bin").join("esbuild");
    let mut cmd = tool(ctx, &esbuild.to_string_lossy());
    cmd.current_dir(&dir).args(esbuild_args(&out));
    run(cmd)?;
    let size = fs::metadata(&out)
        .map_err(|e| format!("esbuild wrote no {EDITOR_BUNDLE}: {e}"))?
        .len();
    println!("{EDITOR_BUNDLE}: {:.1} KB", size as f64 / 1000.0);
    let licenses = ctx.root.join(EDITOR_LICENSES);
    fs::write(&licenses, bundled_licenses(&dir.join("node_modules"))?)
        .map_err(|e| format!("cannot write {EDITOR_LICENSES}: {e}"))
}

/// The licence texts of the packages in the bundle (every package the editor installs but
/// esbuild, a build tool), each under its name and version; shipped beside the bundle.
fn bundled_licenses(node_modules: &Path) -> Result<String, String> {
    let list = |dir: &Path| -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        dirs.sort();
        dirs
    };
    let mut packages = Vec::new();
    for path in list(node_modules) {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        match name.as_deref() {
            Some(n) if n.starts_with('@') && n != "@esbuild" => packages.extend(list(&path)),
            Some(n) if n.starts_with('.') || n.starts_with('@') || n == "esbuild" => {}
            Some(_) => packages.push(path),
            None => {}
        }
    }
    let mut out = String::from(
        "Third-party software in editor.js (bundled from web/editor by cargo xtask).\n",
    );
    for package in packages {
        let manifest = fs::read_to_string(package.join("package.json")).unwrap_or_default();
        let field = |key: &str| {
            manifest
                .split(&format!("\"{key}\": \""))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("?")
                .to_string()
        };
        let license = list(&package)
            .into_iter()
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().to_uppercase().starts_with("LICENSE"))
            })
            .and_then(|p| fs::read_to_string(p).ok())
            .ok_or(format!("{} has no LICENSE file", package.display()))?;
        out.push_str(&format!(
            "\n== {} {} ({}) ==\n\n{}\n",
            field("name"),
            field("version"),
            field("license"),
            license.trim_end()
        ));
    }
    Ok(out)
}

/// Step: every tool of the explorer, installed idempotently.
pub fn tools(ctx: &Ctx) -> Result<(), String> {
    ensure_tools(ctx, true)
}

/// Sums `test result: ok. N passed` lines; Err when a run failed.
fn count_passed(output: &str) -> usize {
    output
        .lines()
        .filter_map(|line| line.trim().strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split_whitespace().next()?.parse::<usize>().ok())
        .sum()
}

/// Runs a command, echoing its output, and returns stdout + stderr.
fn run_captured(mut cmd: Command) -> Result<String, String> {
    let shown = crate::describe(&cmd);
    println!("$ {shown}");
    let output = cmd
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{text}");
    if output.status.success() {
        Ok(text)
    } else {
        Err(format!("`{shown}` exited with {}", output.status))
    }
}

/// Step: the explorer's state/reducer, share, export and adapter tests, natively.
pub fn native_tests(ctx: &Ctx) -> Result<(), String> {
    let output =
        run_captured(ctx.cargo(["test", "--locked", "-p", "podenv-web", "-p", "podenv-wasm"]))?;
    let passed = count_passed(&output);
    if passed == 0 {
        return Err("no native explorer test ran".into());
    }
    println!("{passed} native explorer tests passed");
    Ok(())
}

/// Step: the web crate's wasm-bindgen tests in headless Chromium (Debian's, with its
/// ChromeDriver). WASM_BINDGEN_USE_BROWSER=1 makes them run in a browser page; without it
/// `--chrome` would run nothing and still succeed, so the passed tests are counted.
pub fn wasm_tests(ctx: &Ctx) -> Result<(), String> {
    // web/tests/editor.rs imports the code editor bundle.
    editor_bundle(ctx)?;
    let mut cmd = tool(ctx, "wasm-pack");
    cmd.args([
        "test",
        "--headless",
        "--chrome",
        "--chromedriver",
        CHROMEDRIVER,
        "--mode",
        "no-install",
        WEB_CRATE,
        "--locked",
    ])
    .env("WASM_BINDGEN_USE_BROWSER", "1");
    let output = run_captured(cmd)?;
    let passed = count_passed(&output);
    if passed == 0 {
        return Err("wasm-pack ran no wasm-bindgen test in Chromium".into());
    }
    println!("{passed} wasm-bindgen tests passed in headless Chromium");
    Ok(())
}

/// Step: the editor bundle (again: cheap, and the step can run alone), then `trunk build --release` into dist/ (offline: the registry
/// is fetched first).
pub fn trunk_build(ctx: &Ctx) -> Result<(), String> {
    editor_bundle(ctx)?;
    run(ctx.cargo(["fetch", "--locked"]))?;
    let start = Instant::now();
    let mut cmd = tool(ctx, "trunk");
    cmd.args(["build", "--release"]);
    run(cmd)?;
    println!("trunk build --release took {}", secs(start.elapsed()));
    Ok(())
}

/// Step: brotli size of the release build's wasm + JS + CSS against the budget. Node's zlib
/// does the compressing (quality 11, as a static server would pre-compress).
pub fn size_budget(ctx: &Ctx) -> Result<(), String> {
    const SCRIPT: &str = r#"
const fs = require('fs'), path = require('path'), zlib = require('zlib');
const dist = process.argv[1], budget = Number(process.argv[2]), aim = Number(process.argv[3]);
let total = 0, raw = 0;
for (const name of fs.readdirSync(dist).sort()) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const bytes = fs.readFileSync(path.join(dist, name));
  const size = zlib.brotliCompressSync(bytes, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
  total += size; raw += bytes.length;
  console.log(`  ${(size / 1000).toFixed(1).padStart(8)} KB brotli  ${(bytes.length / 1000).toFixed(1).padStart(8)} KB raw  ${name}`);
}
console.log(`size: ${(total / 1000).toFixed(1)} KB brotli (wasm + JS + CSS; ${(raw / 1000).toFixed(1)} KB raw); budget ${(budget / 1000).toFixed(0)} KB, aim ${(aim / 1000).toFixed(0)} KB`);
if (total === 0) { console.error('no wasm/js/css in ' + dist); process.exit(1); }
if (total > budget) { console.error('over the size budget'); process.exit(1); }
if (total > aim) console.log(`note: ${((total - aim) / 1000).toFixed(1)} KB above the ${(aim / 1000).toFixed(0)} KB aim`);
"#;
    let dist = ctx.root.join("dist");
    println!("$ node -e <brotli sizes of dist/*.{{wasm,js,css}}>");
    let status = tool(ctx, "node")
        .arg("-e")
        .arg(SCRIPT)
        .arg(&dist)
        .arg(SIZE_BUDGET_BYTES.to_string())
        .arg(SIZE_AIM_BYTES.to_string())
        .status()
        .map_err(|e| format!("could not start node: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the size check exited with {status}"))
    }
}

/// Step: the end-to-end suite (tests/e2e) against dist/ served on 127.0.0.1, in Chromium.
pub fn e2e(ctx: &Ctx) -> Result<(), String> {
    let mut cmd = tool(ctx, "node");
    cmd.args(["tests/e2e/run.mjs", "dist"]);
    run(cmd)
}

/// `cargo xtask build`: install what is missing, then the editor bundle and the release
/// build into dist/ (what `cargo xtask test` serves to the end-to-end tests).
pub fn build(ctx: &Ctx) -> Result<(), String> {
    ensure_tools(ctx, false)?;
    trunk_build(ctx)
}

/// `cargo xtask serve`: install what is missing, then serve the explorer (release build,
/// the demo example loaded) on `address:port` until interrupted.
pub fn serve(ctx: &Ctx, address: &str, port: u16) -> Result<(), String> {
    ensure_tools(ctx, false)?;
    editor_bundle(ctx)?;
    run(ctx.cargo(["fetch", "--locked"]))?;
    println!();
    println!("Serving the podenv explorer at http://{address}:{port}/ (Ctrl-C stops it).");
    println!("The first build takes a minute or two; the page opens with the demo example.");
    println!(
        "Response headers (Trunk.toml [serve.headers], docs/hosting.md): {}",
        SECURITY_HEADERS.join(", ")
    );
    let mut cmd = tool(ctx, "trunk");
    cmd.args([
        "serve",
        "--release",
        "--no-autoreload",
        "--address",
        address,
        "--port",
        &port.to_string(),
    ]);
    run(cmd)
}

/// The response headers every host of the explorer should send (docs/hosting.md): the
/// `<meta>` policy of web/index.html plus `frame-ancestors 'self'` (which a `<meta>` cannot
/// carry), no MIME sniffing, no referrer. `cargo xtask serve` sends them through Trunk
/// (`[serve.headers]` in Trunk.toml); web/_headers carries them to Netlify / Cloudflare Pages.
pub const SECURITY_HEADERS: [&str; 3] = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> String {
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
    }

    /// The value of `name` in Trunk.toml's `[serve.headers]`.
    fn trunk_header(trunk: &str, name: &str) -> Option<String> {
        let section = trunk.split("[serve.headers]").nth(1)?;
        let line = section
            .lines()
            .find(|l| l.starts_with(&format!("\"{name}\" = ")))?;
        Some(line.split_once(" = ")?.1.trim_matches('"').to_string())
    }

    #[test]
    fn every_host_config_sends_the_same_security_headers() {
        let html = read("web/index.html");
        let meta = html
            .split("content=\"default-src")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(|rest| format!("default-src{rest}"))
            .expect("index.html has a CSP meta");
        let csp = format!("{meta}; frame-ancestors 'self'");
        let trunk = read("Trunk.toml");
        let headers_file = read("web/_headers");
        let hosting = read("docs/hosting.md");
        let expected = [
            ("Content-Security-Policy", csp.as_str()),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ];
        assert_eq!(expected.map(|(name, _)| name), SECURITY_HEADERS);
        for (name, value) in expected {
            assert_eq!(
                trunk_header(&trunk, name).as_deref(),
                Some(value),
                "Trunk.toml {name}"
            );
            assert!(
                headers_file.contains(&format!("  {name}: {value}\n")),
                "web/_headers {name}"
            );
            assert!(hosting.contains(value), "docs/hosting.md {name}");
        }
        assert!(html.contains("rel=\"copy-file\" href=\"_headers\""));
    }

    #[test]
    fn the_editor_bundle_is_copied_named_and_cached() {
        let html = read("web/index.html");
        assert!(html.contains(&format!(
            "rel=\"copy-file\" href=\"{}\"",
            EDITOR_BUNDLE.trim_start_matches("web/")
        )));
        assert!(html.contains(&format!(
            "rel=\"copy-file\" href=\"{}\"",
            EDITOR_LICENSES.trim_start_matches("web/")
        )));
        assert!(read("Trunk.toml").contains("data-editor=\\\"{base}editor.js\\\""));
        assert!(
            read("web/sw.js").contains("data-editor"),
            "the service worker keeps it"
        );
        assert!(read("web/boot.js").contains("boot.dataset.editor"));
        assert!(read(".gitignore").contains("/web/vendor"));
        let lock = read(&format!("{EDITOR_DIR}/package-lock.json"));
        assert!(lock.contains("\"node_modules/@codemirror/view\""));
    }

    #[test]
    fn bundled_licences_name_every_package_but_esbuild() {
        let root = env::temp_dir().join(format!("podenv-licences-{}", std::process::id()));
        let package = |path: &str, name: &str, license: Option<&str>| {
            let dir = root.join(path);
            fs::create_dir_all(&dir).unwrap();
            fs::write(
                dir.join("package.json"),
                format!("{{\"name\": \"{name}\", \"version\": \"1.0.0\", \"license\": \"MIT\"}}"),
            )
            .unwrap();
            if let Some(text) = license {
                fs::write(dir.join("LICENSE"), text).unwrap();
            }
        };
        package("@codemirror/view", "@codemirror/view", Some("MIT view"));
        package("crelt", "crelt", Some("MIT crelt"));
        package("esbuild", "esbuild", None);
        package("@esbuild/linux-x64", "@esbuild/linux-x64", None);
        let text = bundled_licenses(&root).unwrap();
        assert!(text.contains("== @codemirror/view 1.0.0 (MIT) ==\n\nMIT view\n"));
        assert!(text.contains("== crelt 1.0.0 (MIT) ==\n\nMIT crelt\n"));
        assert!(!text.contains("esbuild 1.0.0"));
        package("w3c-keyname", "w3c-keyname", None);
        assert!(
            bundled_licenses(&root).is_err(),
            "a package without a licence fails"
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn counts_passed_tests_over_every_result_line() {
        let output = "test result: ok. 3 passed; 0 failed\nnoise\n  test result: ok. 4 passed; 0 failed; 1 ignored\n";
        assert_eq!(count_passed(output), 7);
        assert_eq!(count_passed("test result: FAILED. 1 passed; 1 failed"), 0);
    }
}
