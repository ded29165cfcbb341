//! Prints what the alerts emitter makes of a spec: `cargo run --example emit -- SPEC.md`.

use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        let _ = writeln!(std::io::stderr(), "usage: emit SPEC.md");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{path}: {e}");
            std::process::exit(4);
        }
    };
    let (doc, _) = specforge_markdown::read(&text);
    let spec = specforge_extract::extract(&text, &doc).spec;
    let out = specforge_alerts::emit(&spec, &path, &specforge_alerts::AlertsConfig::default());
    let mut stdout = std::io::stdout();
    for a in &out.artifacts {
        let _ = writeln!(stdout, "==> {}", a.path);
        let _ = stdout.write_all(a.contents.as_bytes());
    }
    for d in &out.diagnostics {
        let _ = writeln!(
            stdout,
            "{}[{}] {} (bytes {}..{})\n  help: {}",
            d.severity.as_str(),
            d.code.as_str(),
            d.message,
            d.span.start,
            d.span.end,
            d.help.as_deref().unwrap_or("")
        );
    }
}
