//! `build_yaml` (each path serialized as soon as it is complete, what `generate` runs) gives
//! byte for byte the text of `build` then `to_yaml` (the whole document in memory), with the
//! same diagnostics: on every fixture of the repository and on specs made to stress the
//! streaming (a path whose operations are far apart, fragments that merge into an endpoint's
//! path or add their own, keys that need quoting).

use std::path::Path;

fn both(text: &str, name: &str) -> (String, String) {
    let (document, _) = specforge_markdown::read(text);
    let extraction = specforge_extract::extract(text, &document);
    let (schema, _) = specforge_schema::build_schema(&extraction.spec);
    let built = specforge_openapi::build(&extraction.spec, &schema, name);
    let whole = specforge_openapi::to_yaml(&built.document, name).unwrap();
    let (streamed, diagnostics) = specforge_openapi::build_yaml(&extraction.spec, &schema, name);
    assert_eq!(
        format!("{diagnostics:?}"),
        format!("{:?}", built.diagnostics),
        "{name}: the diagnostics differ"
    );
    (whole, streamed.unwrap())
}

#[test]
fn every_fixture_streams_to_the_same_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut compared = 0;
    for folder in ["valid", "variations", "partial", "invalid", "evolution"] {
        let mut paths = Vec::new();
        let mut stack = vec![root.join(folder)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    paths.push(path);
                }
            }
        }
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap();
            let Ok(text) = specforge_markdown::decode(&bytes, 16 << 20) else {
                continue;
            };
            let name = path.to_string_lossy().into_owned();
            let (whole, streamed) = both(&text, &name);
            assert_eq!(streamed, whole, "{name}");
            compared += 1;
        }
    }
    assert!(compared > 80, "only {compared} fixtures compared");
}

const STRESS: &str = r#"# Streams - Technical Specification

**Status:** Approved

## API

| Method | Path | Description |
|--------|------|-------------|
| GET | /a | Lists a |
| POST | /b | Creates b |
| DELETE | /a/{id} | Deletes one a |
| POST | /a | Creates a |
| GET | /b | Lists b |
| GET | /a/{id}/items:batch | A key with a colon |
| PUT | /a/{id} | Replaces one a |
| GET | /merged | Lists merged things |
| PATCH | /a/{id} | Updates one a |

### API Contracts

```yaml
paths:
  /merged:
    get:
      operationId: listMerged
      description: Stated by the fragment
    post:
      summary: Added by the fragment
  /only-in-fragment:
    get:
      summary: A path no endpoint has
  /a:
    get:
      description: Also stated by the fragment
```
"#;

#[test]
fn paths_far_apart_and_fragments_stream_to_the_same_text() {
    let (whole, streamed) = both(STRESS, "streams.md");
    assert_eq!(streamed, whole);
    // The stress spec did stress what it names: every path is there, in the map's order.
    let at = |needle: &str| {
        whole
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    assert!(at("\n  /a:\n") < at("\n  /b:\n"));
    assert!(at("\n  /b:\n") < at("\n  \"/a/{id}\":\n"));
    assert!(at("\n  \"/a/{id}\":\n") < at("\n  \"/a/{id}/items:batch\":\n"));
    assert!(at("\n  /merged:\n") < at("\n  /only-in-fragment:\n"));
    assert!(whole.contains("listMerged"));
    assert!(whole.contains("Also stated by the fragment"));
}

#[test]
fn a_spec_of_fragments_only_streams_to_the_same_text() {
    let spec = STRESS.replace(
        "| Method | Path | Description |\n|--------|------|-------------|\n",
        "",
    );
    let spec = spec
        .lines()
        .filter(|l| !l.starts_with("| "))
        .collect::<Vec<_>>()
        .join("\n");
    let (whole, streamed) = both(&spec, "fragments.md");
    assert_eq!(streamed, whole);
    // No endpoint is left: every path comes from a fragment, assembled after the stream.
    assert!(whole.contains("\n  /only-in-fragment:\n"), "{whole}");
    assert!(!whole.contains("\n  /b:\n"), "{whole}");
}
