//! `specforge init`: a commented `specforge.toml` naming one spec, and a `.gitattributes` line
//! that keeps the generated files LF on every checkout (so `check` never sees CRLF drift).
//! An existing `specforge.toml` is never overwritten; `.gitattributes` is appended to, once.

use crate::cli::InitArgs;
use crate::exit::Exit;
use std::io::Write as _;
use std::path::Path;

/// Runs `init` in the current folder.
pub fn run(args: &InitArgs) -> Exit {
    run_in(Path::new("."), args)
}

fn run_in(dir: &Path, args: &InitArgs) -> Exit {
    let spec = args.spec.to_string_lossy().replace('\\', "/");
    let out = args.out.to_string_lossy().replace('\\', "/");
    let config = dir.join("specforge.toml");
    if config.exists() {
        eprintln!("error: specforge.toml already exists; leaving it as it is");
        return Exit::Usage;
    }
    let toml = format!(
        r#"# specforge settings: `specforge generate` and `specforge check` with no SPEC argument
# process every [[spec]] below (in parallel). Paths are relative to this file.

[[spec]]
{path_line:<31}# the approved spec (Markdown)
{out_line:<31}# where its generated files go
# only = ["openapi", "migrations", "errors", "alerts"]   # default: all four
# migration_format = "plain"    # plain | dbmate | flyway | refinery
# error_enum = "OrderError"     # default: the service name + "Error"
# error_serde = false           # true: Serialize/Deserialize in errors.rs (needs serde)
# openapi_json = false          # also write openapi.json
# allow_draft = false           # generate from a spec that is not approved

# Settings of the alerts emitter, used when the spec leaves them open.
# [alerts]
# request_counter = "http_requests_total"
# status_label = "status"
# latency_histogram = "http_request_duration_seconds"
# rate_window = "5m"
# runbook_base_url = "https://runbooks.example.com/my-service"
# default_severity = "warning"
"#,
        path_line = format!("path = {} ", toml_string(&spec)),
        out_line = format!("out = {} ", toml_string(&out)),
    );
    if let Err(e) = std::fs::write(&config, toml) {
        eprintln!("error: cannot write {}: {e}", config.display());
        return Exit::Io;
    }
    eprintln!("  created specforge.toml");
    let line = format!(
        "{}/** text eol=lf linguist-generated=true",
        out.trim_end_matches('/')
    );
    let attributes = dir.join(".gitattributes");
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    if existing.lines().any(|l| l.trim() == line) {
        eprintln!("unchanged .gitattributes");
        return Exit::Success;
    }
    let mut text = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# specforge: generated files stay LF, and diffs fold them away\n");
    text.push_str(&line);
    text.push('\n');
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&attributes)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {
            eprintln!("  updated .gitattributes");
            Exit::Success
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", attributes.display());
            Exit::Io
        }
    }
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_writes_a_config_that_loads_and_one_attributes_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitattributes"), "*.png binary").unwrap();
        let args = InitArgs {
            spec: "docs/orders \"v2\".md".into(),
            out: "gen/".into(),
        };
        assert_eq!(run_in(dir.path(), &args), Exit::Success);
        let config = crate::config::load(Some(&dir.path().join("specforge.toml"))).unwrap();
        assert_eq!(config.specs.len(), 1);
        assert_eq!(
            config.specs[0].path,
            dir.path().join("docs/orders \"v2\".md")
        );
        assert_eq!(config.specs[0].out, Some(dir.path().join("gen/")));
        let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
        assert_eq!(
            attributes,
            "*.png binary\n# specforge: generated files stay LF, and diffs fold them away\ngen/** text eol=lf linguist-generated=true\n"
        );
        // A second run refuses to overwrite the config and leaves .gitattributes alone.
        assert_eq!(run_in(dir.path(), &args), Exit::Usage);
        std::fs::remove_file(dir.path().join("specforge.toml")).unwrap();
        assert_eq!(run_in(dir.path(), &args), Exit::Success);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap(),
            attributes
        );
    }
}
