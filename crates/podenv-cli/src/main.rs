//! `podenv`: the exact environment the kubelet hands to each container, on the command line.
//!
//! A thin adapter: reads files, calls podenv-core, prints. No kubelet logic lives here.

mod dns_render;
mod render;
mod rules_cmd;
mod trace_render;

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use podenv_core::diagnostic::Severity;
use podenv_core::SourceFile;

#[derive(Parser)]
#[command(
    name = "podenv",
    version,
    about = "Show the exact environment the kubelet hands to each container of your manifests"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print every container's environment: service links, envFrom, env, downward API.
    Env {
        /// Cluster context (YAML or JSON): namespace, podIP(s), hostIP(s), serviceCIDR, ...
        #[arg(long, value_name = "FILE")]
        context: Option<String>,
        /// Output form.
        #[arg(long, short, value_enum, default_value_t = Output::Table)]
        output: Output,
        /// Manifest files (YAML or JSON, multi-document, `kubectl get -o yaml` lists); `-` reads stdin.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
    },
    /// Print the DNS records a cluster DNS serves, each pod's resolv.conf and /etc/hosts,
    /// every service variable next to its DNS name, and the resolver's walk for names.
    Dns {
        /// Cluster context (YAML or JSON): namespace, clusterDomain, clusterDNS, nodeResolvConf, ...
        #[arg(long, value_name = "FILE")]
        context: Option<String>,
        /// Output form.
        #[arg(long, short, value_enum, default_value_t = DnsOutput::Table)]
        output: DnsOutput,
        /// A name to resolve from each pod (repeatable): the queries its resolver sends.
        #[arg(long, value_name = "NAME")]
        resolve: Vec<String>,
        /// Manifest files (YAML or JSON, multi-document, `kubectl get -o yaml` lists); `-` reads stdin.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
    },
    /// Walk the kubelet's code path for each container, step by step with your values:
    /// CRI envs, generateContainerConfig, GenerateRunContainerOptions, getServiceEnvVarMap,
    /// FromServices, envFrom, env, merge, command/args, DNS.
    Trace {
        /// Cluster context (YAML or JSON), as for `podenv env`.
        #[arg(long, value_name = "FILE")]
        context: Option<String>,
        /// Only the containers of this name.
        #[arg(long, value_name = "NAME")]
        container: Option<String>,
        /// Output form.
        #[arg(long, short, value_enum, default_value_t = TraceOutput::Text)]
        output: TraceOutput,
        /// Manifest files (YAML or JSON, multi-document, `kubectl get -o yaml` lists); `-` reads stdin.
        #[arg(value_name = "FILE")]
        files: Vec<String>,
    },
    /// Print the rules podenv mirrors: id, title, plain-words statement and upstream links.
    Rules(rules_cmd::RulesArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum TraceOutput {
    /// For people: one block per step.
    Text,
    /// `pods[].containers[].steps[]` (docs/json-schema.md, `podenv trace`).
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum DnsOutput {
    /// For people: records, then per pod resolv.conf, /etc/hosts, env<->DNS and walks.
    Table,
    /// The documented, stable JSON schema (docs/json-schema.md, `podenv dns`).
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum Output {
    /// For people: grouped per pod and container, with origins.
    Table,
    /// The documented, stable JSON schema (docs/json-schema.md).
    Json,
    /// `KEY='value'` lines, quoted for a POSIX shell.
    Env,
}

/// Exit codes: 0 every container starts, 1 some container would fail, 2 input errors.
const EXIT_CONTAINER_FAILS: u8 = 1;
const EXIT_INPUT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Env {
            context,
            output,
            files,
        } => run_env(context.as_deref(), output, &files),
        Command::Dns {
            context,
            output,
            resolve,
            files,
        } => run_dns(context.as_deref(), output, &resolve, &files),
        Command::Trace {
            context,
            container,
            output,
            files,
        } => run_trace(context.as_deref(), container.as_deref(), output, &files),
        Command::Rules(args) => rules_cmd::run(&args),
    }
}

fn read_source(path: &str) -> Result<SourceFile, String> {
    if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>:1:1: error: cannot read standard input: {e}"))?;
        let text = podenv_core::decode_utf8("<stdin>", &bytes).map_err(|d| d.to_line())?;
        return Ok(SourceFile::new("<stdin>", text));
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("{path}:1:1: error: cannot read file: {e}"))?;
    let text = podenv_core::decode_utf8(path, &bytes).map_err(|d| d.to_line())?;
    Ok(SourceFile::new(path, text))
}

/// Reads the context and the manifests, runs the analysis and prints its diagnostics to
/// stderr. Returns the analysis and whether reading failed somewhere, or the exit code when
/// the context file cannot be read at all.
fn load(
    context_path: Option<&str>,
    paths: &[String],
    options: podenv_core::AnalyzeOptions,
) -> Result<(podenv_core::Analysis, bool), ExitCode> {
    let mut input_error = false;
    let context = match context_path {
        None => None,
        Some(path) => match read_source(path) {
            Ok(file) => Some(file),
            Err(message) => {
                eprintln!("{message}");
                return Err(ExitCode::from(EXIT_INPUT_ERROR));
            }
        },
    };
    let paths: Vec<String> = if paths.is_empty() {
        vec!["-".to_string()]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for path in &paths {
        match read_source(path) {
            Ok(file) => files.push(file),
            Err(message) => {
                eprintln!("{message}");
                input_error = true;
            }
        }
    }
    // The core's one front door: the context's diagnostics come first in the analysis (and
    // so in its JSON), then the manifests'.
    let analysis = podenv_core::run(&podenv_core::Request {
        files: &files,
        context: context.as_ref(),
        enable_service_links: None,
        options,
    });
    let context_name = context.as_ref().map(|f| f.name.as_str());
    for d in &analysis.diagnostics {
        let in_context = Some(d.location.file.as_str()) == context_name;
        // The context's notes are printed too: they say which of its keys were not used.
        if d.severity != Severity::Info || in_context {
            eprintln!("{}", d.to_line());
        }
        // A context error is an input error (exit 2), as a manifest that cannot be read is.
        input_error |= in_context && d.severity == Severity::Error;
    }
    // Objects of kinds podenv does not read: one line per kind, not one per object.
    let (ignored, _) = podenv_core::diagnostic::group_ignored_kinds(&analysis.diagnostics);
    for group in &ignored {
        eprintln!("{}", group.to_line());
    }
    Ok((analysis, input_error))
}

fn write_stdout(text: &[u8]) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text).and_then(|_| stdout.flush()).is_ok()
}

/// Pretty JSON (from `serde_json::to_string_pretty`) with a final newline, or the exit code
/// after saying why it failed.
fn json_text(json: serde_json::Result<String>) -> Result<String, ExitCode> {
    match json {
        Ok(mut json) => {
            json.push('\n');
            Ok(json)
        }
        Err(e) => {
            eprintln!("podenv: cannot serialise the result: {e}");
            Err(ExitCode::from(EXIT_INPUT_ERROR))
        }
    }
}

/// Writes the output and picks the exit code: 2 when writing failed or the input has
/// errors, 1 when something would fail to start, else 0.
fn finish(text: &[u8], input_errors: bool, fails: bool) -> ExitCode {
    if !write_stdout(text) || input_errors {
        ExitCode::from(EXIT_INPUT_ERROR)
    } else if fails {
        ExitCode::from(EXIT_CONTAINER_FAILS)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_env(context_path: Option<&str>, output: Output, paths: &[String]) -> ExitCode {
    let (analysis, input_error) =
        match load(context_path, paths, podenv_core::AnalyzeOptions::default()) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
    let text = match output {
        Output::Json => match json_text(serde_json::to_string_pretty(&analysis)) {
            Ok(json) => json.into_bytes(),
            Err(code) => return code,
        },
        Output::Table => render::table(&analysis).into_bytes(),
        Output::Env => render::env_lines(&analysis),
    };
    let input_errors = input_error || analysis.has_input_errors();
    finish(&text, input_errors, analysis.any_container_fails())
}

/// `podenv dns`. Exit codes: 0, 1 when some pod's sandbox cannot be created (its DNS or
/// hostname cannot be formed), 2 input errors.
fn run_dns(
    context_path: Option<&str>,
    output: DnsOutput,
    names: &[String],
    paths: &[String],
) -> ExitCode {
    let (analysis, input_error) =
        match load(context_path, paths, podenv_core::AnalyzeOptions::default()) {
            Ok(loaded) => loaded,
            Err(code) => return code,
        };
    let report = podenv_core::dns::report(&analysis, names);
    let text = match output {
        DnsOutput::Json => match json_text(serde_json::to_string_pretty(&report)) {
            Ok(json) => json,
            Err(code) => return code,
        },
        DnsOutput::Table => dns_render::table(&report),
    };
    let sandbox_fails = report
        .pods
        .iter()
        .filter_map(|p| p.dns.as_ref())
        .any(|d| d.sandbox_error.is_some());
    let input_errors = input_error || analysis.has_input_errors();
    finish(text.as_bytes(), input_errors, sandbox_fails)
}

/// `podenv trace`. Exit codes as `podenv env`.
fn run_trace(
    context_path: Option<&str>,
    container: Option<&str>,
    output: TraceOutput,
    paths: &[String],
) -> ExitCode {
    let options = podenv_core::AnalyzeOptions { trace: true };
    let (analysis, input_error) = match load(context_path, paths, options) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let input_errors = input_error || analysis.has_input_errors();
    let fails = analysis.any_container_fails();
    let report = podenv_core::trace::report(analysis, container);
    let text = match output {
        TraceOutput::Json => match json_text(serde_json::to_string_pretty(&report)) {
            Ok(json) => json,
            Err(code) => return code,
        },
        TraceOutput::Text => trace_render::text(&report),
    };
    finish(text.as_bytes(), input_errors, fails)
}
