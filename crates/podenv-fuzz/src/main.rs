//! `podenv-fuzz [--seed N] [--iterations N] [--time SECS] [TARGET...]`: the stable seeded
//! mutation harness (no coverage feedback). Prints the seed; on a failure prints the panic,
//! saves the input under `fuzz/regressions/<target>/` and exits 1.

use std::process::ExitCode;
use std::time::Duration;

use podenv_fuzz::mutate;

fn main() -> ExitCode {
    let mut seed: u64 = 1;
    let mut iterations = u64::MAX;
    let mut time = 10u64;
    let mut targets = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| -> Result<u64, String> {
            let text = args.next().ok_or(format!("{flag} needs a value"))?;
            text.parse()
                .map_err(|_| format!("{flag}: not a number: {text}"))
        };
        let parsed = match arg.as_str() {
            "--seed" => number("--seed").map(|n| seed = n),
            "--iterations" => number("--iterations").map(|n| iterations = n),
            "--time" => number("--time").map(|n| time = n),
            name if podenv_fuzz::target(name).is_some() => {
                targets.push(name.to_string());
                Ok(())
            }
            other => Err(format!(
                "unknown argument {other:?}; targets: {}",
                podenv_fuzz::TARGETS
                    .iter()
                    .map(|t| t.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        if let Err(message) = parsed {
            eprintln!("podenv-fuzz: {message}");
            return ExitCode::from(2);
        }
    }
    if targets.is_empty() {
        targets = podenv_fuzz::TARGETS
            .iter()
            .map(|t| t.0.to_string())
            .collect();
    }
    let seeds = mutate::seeds();
    println!(
        "podenv-fuzz: seed {seed}, {} seed inputs, {time} s per target",
        seeds.len()
    );
    for name in &targets {
        let target = podenv_fuzz::target(name).expect("checked above");
        let report = mutate::run(target, &seeds, seed, iterations, Duration::from_secs(time));
        match report.failure {
            None => println!(
                "  {name}: ok, {} inputs in {:.1} s",
                report.executions,
                report.elapsed.as_secs_f64()
            ),
            Some((data, message)) => {
                let saved = mutate::save_regression(name, &data)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|e| format!("(not saved: {e})"));
                println!(
                    "  {name}: FAILED after {} inputs (seed {seed}): {message}\n  input saved to {saved}\n  reproduce: cargo run -p podenv-fuzz -- --seed {seed} --iterations {} {name}",
                    report.executions,
                    report.executions + 1
                );
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
