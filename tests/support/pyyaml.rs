//! PyYAML, a YAML 1.1 reader, as an oracle for the YAML specforge writes: every text is loaded
//! with `yaml.SafeLoader` (YAML 1.1's resolvers: `no`, `on`, `2024-01-01`, `0o12`, `012`,
//! `1_000`, `12:30`, `<<` and the rest) in one `python3` process and handed back as JSON.
//! A mapping key that is not a string, or a value that is not JSON (a date, a set, bytes),
//! is reported as an error, so a scalar PyYAML reads as another type never passes.
//!
//! Shared by the test crates that prove the YAML (included with `#[path]`); install PyYAML
//! with `python3 -m pip install PyYAML` (`.ci/run` pins it).
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

const SCRIPT: &str = r#"
import json, sys, yaml

def plain(node, where):
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if not isinstance(key, str):
                raise TypeError("%s: a %s key %r" % (where, type(key).__name__, key))
            out[key] = plain(value, where + "/" + key)
        return out
    if isinstance(node, list):
        return [plain(item, "%s/%d" % (where, i)) for i, item in enumerate(node)]
    if isinstance(node, float):
        # repr is the shortest text that reads back as the same double; Rust parses it
        # exactly (serde_json's own float parsing may be off by an ulp).
        return {"__float__": repr(node)}
    if node is None or isinstance(node, (bool, int, str)):
        return node
    raise TypeError("%s: a %s %r" % (where, type(node).__name__, node))

folder, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    try:
        with open("%s/%d.yaml" % (folder, i), encoding="utf-8") as f:
            value = plain(yaml.load(f, Loader=yaml.SafeLoader), "")
        print(json.dumps({"ok": value}, ensure_ascii=True, allow_nan=False))
    except Exception as e:
        print(json.dumps({"err": "%s: %s" % (type(e).__name__, e)}, ensure_ascii=True))
"#;

/// True when `python3 -c 'import yaml'` works.
pub fn available() -> bool {
    Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// PyYAML's reading of each text, as JSON; `None` when PyYAML cannot run.
pub fn load_all(texts: &[&str]) -> Option<Vec<Result<serde_json::Value, String>>> {
    if !available() {
        return None;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    for (i, text) in texts.iter().enumerate() {
        std::fs::write(folder.path().join(format!("{i}.yaml")), text).expect("written");
    }
    Some(run(folder.path(), texts.len()))
}

fn run(folder: &Path, count: usize) -> Vec<Result<serde_json::Value, String>> {
    let output = Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(folder)
        .arg(count.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "PyYAML's script failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Result<serde_json::Value, String>> = String::from_utf8(output.stdout)
        .expect("ASCII JSON")
        .lines()
        .map(|line| {
            let mut answer: serde_json::Value = serde_json::from_str(line).expect("JSON");
            match answer.get_mut("ok") {
                Some(value) => Ok(floats(value.take())),
                None => Err(answer["err"].as_str().unwrap_or("?").to_owned()),
            }
        })
        .collect();
    assert_eq!(lines.len(), count, "one answer per text");
    lines
}

/// `{"__float__": "1.5e+300"}` back to the number, parsed by Rust.
fn floats(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let (1, Some(Value::String(text))) = (map.len(), map.get("__float__")) {
                let parsed: f64 = text.parse().expect("a Python float repr");
                return serde_json::Number::from_f64(parsed)
                    .map_or_else(|| Value::String(format!("float {text}")), Value::Number);
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, floats(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(floats).collect()),
        other => other,
    }
}

/// An external check cannot run: under `SPECFORGE_REQUIRE_ORACLES=1` (CI) that fails the
/// test; otherwise a loud skip line goes to stderr and the caller returns.
pub fn skip_or_fail() {
    assert!(
        std::env::var("SPECFORGE_REQUIRE_ORACLES").as_deref() != Ok("1"),
        "PyYAML is required (SPECFORGE_REQUIRE_ORACLES=1): python3 -m pip install PyYAML"
    );
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        b"\n*** SKIPPED (PyYAML missing: python3 -c 'import yaml' fails) ***\n",
    );
}

/// Finds where two JSON values first differ, for a readable failure.
pub fn first_difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> String {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if w != v => return first_difference(v, w, &format!("{at}/{k}")),
                    None => return format!("{at}/{k}: only on the left"),
                    _ => {}
                }
            }
            y.keys().find(|k| !x.contains_key(*k)).map_or_else(
                || format!("{at}: equal"),
                |k| format!("{at}/{k}: only on the right"),
            )
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (v, w))| v != w)
            .map_or_else(
                || format!("{at}: equal"),
                |(i, (v, w))| first_difference(v, w, &format!("{at}/{i}")),
            ),
        _ => format!("{at}: {a} against {b}"),
    }
}
