//! `podenv rules [ID]... [--lang en|zh] [--output text|json]`: the rule catalogue of the core
//! (`podenv_core::rules`), printed. No rule text lives here.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use podenv_core::rules::{self, Lang, Rule};
use podenv_core::text::escape_controls;

/// The arguments of `podenv rules`.
#[derive(Args)]
pub struct RulesArgs {
    /// Rule ids to print (case-insensitive: `s3`, `F3a`, `ERR2`); every rule when none.
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// Language of titles and statements.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Output form.
    #[arg(long, short, value_enum, default_value_t = RulesOutput::Text)]
    pub output: RulesOutput,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RulesOutput {
    /// For people: id, title, statement, then one line per upstream place with its link.
    Text,
    /// A JSON array of rules with their upstream places and links.
    Json,
}

/// Prints the asked rules (all when none). Exit codes: 0, 2 when an id is unknown (the
/// known ones are still printed).
pub fn run(args: &RulesArgs) -> ExitCode {
    let lang = Lang::from(args.lang);
    let mut chosen: Vec<&'static Rule> = Vec::new();
    let mut unknown = false;
    if args.ids.is_empty() {
        chosen.extend(rules::all());
    }
    for id in &args.ids {
        match rules::find(id) {
            Some(rule) => chosen.push(rule),
            None => {
                eprintln!(
                    "podenv: unknown rule id `{}` (podenv rules lists them all)",
                    escape_controls(id)
                );
                unknown = true;
            }
        }
    }
    let text = match args.output {
        RulesOutput::Text => text(&chosen, lang),
        RulesOutput::Json => match serde_json::to_string_pretty(&rules::to_json(&chosen, lang)) {
            Ok(mut json) => {
                json.push('\n');
                json
            }
            Err(e) => {
                eprintln!("podenv: cannot serialise the rules: {e}");
                return ExitCode::from(crate::EXIT_INPUT_ERROR);
            }
        },
    };
    if !crate::write_stdout(text.as_bytes()) || unknown {
        return ExitCode::from(crate::EXIT_INPUT_ERROR);
    }
    ExitCode::SUCCESS
}

/// The text form: a blank line between rules.
fn text(chosen: &[&Rule], lang: Lang) -> String {
    let mut out = String::new();
    for (i, rule) in chosen.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}  {}\n  {}\n",
            rule.id,
            rule.title_in(lang),
            rule.statement_in(lang)
        ));
        for place in rule.upstream {
            let (first, last) = place.lines;
            out.push_str(&format!(
                "  {} ({} {}, lines {first}-{last} @ {})\n    {}\n",
                place.function,
                place.repository,
                place.file,
                place.short_ref(),
                place.url()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_ignoring_case() {
        assert_eq!(rules::find("s3").map(|r| r.id), Some("S3"));
        assert_eq!(rules::find("f3a").map(|r| r.id), Some("F3a"));
        assert_eq!(rules::find("err2").map(|r| r.id), Some("ERR2"));
        assert!(rules::find("nope").is_none());
    }

    #[test]
    fn text_names_the_rule_and_its_links() {
        let s3 = rules::find("S3")
            .map(|r| text(&[r], Lang::En))
            .unwrap_or_default();
        assert!(s3.starts_with("S3  "), "{s3}");
        assert!(s3.contains("FromServices (kubernetes/kubernetes pkg/kubelet/envvars/envvars.go"));
        assert!(s3.contains("#L42-L57"), "{s3}");
        let zh = rules::find("S3")
            .map(|r| text(&[r], Lang::Zh))
            .unwrap_or_default();
        assert!(zh.contains("变量"), "{zh}");
    }

    #[test]
    fn json_carries_urls_and_the_language() {
        let all: Vec<&Rule> = rules::all().iter().collect();
        let value = rules::to_json(&all, Lang::Zh);
        let first = &value[0];
        assert_eq!(first["id"], "A0");
        assert_eq!(first["lang"], "zh");
        let s3 = value
            .as_array()
            .and_then(|a| a.iter().find(|r| r["id"] == "S3"))
            .cloned()
            .unwrap_or_default();
        assert!(s3["upstream"][0]["url"]
            .as_str()
            .is_some_and(|u| u.ends_with("#L42-L57")));
        assert_eq!(s3["upstream"][0]["lines"][0], 42);
    }
}
