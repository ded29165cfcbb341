//! Bad input: every reader-level and gate failure gives its code, a position, a help line and
//! the documented exit code; usage and I/O errors have theirs.

mod common;
use common::*;

fn first_error(relative: &str) -> (i32, serde_json::Value) {
    let (code, json) = extract_json(relative, &[]);
    let error = items(&json, "/diagnostics")
        .iter()
        .find(|d| d["severity"] == "error")
        .cloned()
        .unwrap_or_else(|| panic!("{relative}: no error diagnostic"));
    (code, error)
}

#[test]
fn reader_level_bad_inputs_exit_3_with_their_code_and_position() {
    for (file, code, position, message) in [
        (
            "fixtures/invalid/empty.md",
            "SF-R005",
            "1:1",
            "the spec is empty",
        ),
        (
            "fixtures/invalid/invalid-utf8.md",
            "SF-R001",
            "9:31",
            "invalid UTF-8 at byte offset 130",
        ),
        (
            "fixtures/invalid/nul-byte.md",
            "SF-R002",
            "7:23",
            "NUL byte at byte offset 108",
        ),
        (
            "fixtures/invalid/unterminated-fence.md",
            "SF-R004",
            "8:1",
            "this code fence is never closed, so the rest of the document is read as code",
        ),
        (
            "fixtures/invalid/draft-status.md",
            "SF-D001",
            "3:13",
            "the spec's status is `Draft`, not approved",
        ),
        (
            "fixtures/invalid/missing-status.md",
            "SF-D002",
            "1:1",
            "the spec states no status",
        ),
        (
            "fixtures/invalid/status-choice-list.md",
            "SF-D003",
            "6:16",
            "the status is still the template's choice list `Draft / In Review / Approved`",
        ),
        (
            "fixtures/invalid/no-content.md",
            "SF-D005",
            "1:1",
            "no endpoint, table, SQL, error code, metric or alert was found",
        ),
    ] {
        let (exit, error) = first_error(file);
        assert_eq!(exit, 3, "{file}: exit code");
        assert_eq!(error["code"], code, "{file}");
        assert_eq!(
            format!("{}:{}", error["line"], error["column"]),
            position,
            "{file}: position"
        );
        assert_eq!(error["message"], message, "{file}");
        assert!(
            error["help"].as_str().is_some_and(|h| !h.is_empty()),
            "{file}: help line"
        );
        assert_eq!(error["file"], file, "{file}");
    }
}

#[test]
fn the_empty_file_gets_one_diagnostic_only() {
    let (code, json) = extract_json("fixtures/invalid/empty.md", &[]);
    assert_eq!(code, 3);
    assert_eq!(codes(&json), ["SF-R005"]);
}

#[test]
fn every_placeholder_in_an_extracted_construct_is_named() {
    let (code, json) = extract_json("fixtures/invalid/placeholders.md", &[]);
    assert_eq!(code, 3);
    let found: Vec<(String, String)> = items(&json, "/diagnostics")
        .iter()
        .filter(|d| d["code"] == "SF-D004")
        .map(|d| {
            let message = d["message"].as_str().unwrap();
            let name = message
                .trim_start_matches("unfilled template placeholder `")
                .trim_end_matches('`');
            (name.to_owned(), format!("{}:{}", d["line"], d["column"]))
        })
        .collect();
    let want = [
        ("[Project Name]", "1:3"),
        ("YYYY-MM-DD", "5:11"),
        ("[HTTP Method]", "12:3"),
        ("[/api/v1/resource]", "12:19"),
        ("[Brief description]", "12:40"),
        ("{Name}", "14:16"),
        ("[table_name]", "24:14"),
        ("[When this occurs]", "33:27"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(found, want);
    // The filled rows around them are still read.
    assert_eq!(items(&json, "/spec/api/endpoints").len(), 2);
}

#[test]
fn draft_passes_with_allow_draft() {
    let (code, json) = extract_json("fixtures/invalid/draft-status.md", &["--allow-draft"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["spec"]["info"]["status"]["kind"], "draft");
    assert_eq!(items(&json, "/spec/api/endpoints").len(), 2);
}

#[test]
fn human_rendering_shows_the_source_line_and_caret() {
    let (code, _, stderr) = extract_human("fixtures/invalid/draft-status.md", &[]);
    assert_eq!(code, 3);
    let expected = "\
error[SF-D001]: the spec's status is `Draft`, not approved
  --> fixtures/invalid/draft-status.md:3:13
  |
3 | **Status**: Draft
  |             ^^^^^
  |
  = help: generate from approved specs only (Approved, Implemented, Complete, Accepted), or pass --allow-draft

extract: fixtures/invalid/draft-status.md: 1 error, 0 warnings, 0 notes
";
    assert_eq!(stderr, expected);
}

#[test]
fn json_diagnostics_carry_every_contract_field() {
    let (_, json) = extract_json("fixtures/invalid/unterminated-fence.md", &[]);
    let d = &items(&json, "/diagnostics")[0];
    for field in [
        "code",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
    ] {
        assert!(d.get(field).is_some(), "missing {field}");
    }
    assert_eq!(d["end_line"], 8);
    assert_eq!(d["end_column"], 7);
}

#[test]
fn usage_errors_exit_2() {
    specforge().assert().code(2);
    specforge().args(["extract"]).assert().code(2);
    specforge()
        .args(["extract", "--format", "yaml", "fixtures/valid/ledger.md"])
        .assert()
        .code(2);
    specforge().args(["frobnicate"]).assert().code(2);
}

#[test]
fn help_and_version_exit_0() {
    let help = specforge().args(["extract", "--help"]).assert().code(0);
    let out = String::from_utf8_lossy(&help.get_output().stdout).into_owned();
    for flag in ["--format", "--allow-draft", "--max-input-bytes"] {
        assert!(out.contains(flag), "extract --help lacks {flag}");
    }
    specforge().arg("--version").assert().code(0);
}

#[test]
fn unreadable_file_exits_4() {
    let out = specforge()
        .args(["extract", "no/such/spec.md"])
        .assert()
        .code(4);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("error: cannot read no/such/spec.md"),
        "{stderr}"
    );
}

#[test]
fn oversized_input_exits_3_with_the_limit_named() {
    let (code, json) = extract_json("fixtures/valid/ledger.md", &["--max-input-bytes", "1000"]);
    assert_eq!(code, 3);
    assert_eq!(codes(&json), ["SF-R003"]);
    let message = items(&json, "/diagnostics")[0]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.ends_with("over the limit of 1000 bytes"),
        "{message}"
    );
}

/// Every error of a fixture: (code, position, message).
fn all_errors(relative: &str) -> (i32, Vec<(String, String, String)>) {
    let (code, json) = extract_json(relative, &[]);
    let errors = items(&json, "/diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_owned(),
                format!("{}:{}", d["line"], d["column"]),
                d["message"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    (code, errors)
}

#[test]
fn an_endpoint_detailed_twice_differently_is_a_warning_at_the_second_with_the_first_labelled() {
    // Never a blocker: the two sections are merged, and where they differ it is a warning.
    let (code, errors) = all_errors("fixtures/invalid/api-duplicate-endpoint.md");
    assert_eq!(code, 0);
    assert!(errors.is_empty(), "{errors:?}");
    let (_, json) = extract_json("fixtures/invalid/api-duplicate-endpoint.md", &[]);
    let warning = &items(&json, "/diagnostics")[0];
    assert_eq!(warning["code"], "SF-A002");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(format!("{}:{}", warning["line"], warning["column"]), "19:1");
    let (_, _, stderr) = extract_human("fixtures/invalid/api-duplicate-endpoint.md", &[]);
    assert!(
        stderr.contains(
            " 7 | ### GET /v1/orders/{id}\n   | ----------------------- first detailed here"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("= help: make the two sections agree, or keep the details in one of them"),
        "{stderr}"
    );
}

#[test]
fn response_labels_with_numbers_that_are_not_statuses_are_errors() {
    let (code, errors) = all_errors("fixtures/invalid/api-invalid-status.md");
    assert_eq!(code, 1);
    let e = |at: &str, n: &str| {
        (
            "SF-A003".to_owned(),
            at.to_owned(),
            format!("`{n}` is not an HTTP status code"),
        )
    };
    assert_eq!(
        errors,
        vec![e("9:13", "2001"), e("15:19", "99"), e("21:13", "700")]
    );
}

#[test]
fn a_bidi_control_is_an_error_at_its_place_and_the_spec_is_still_read() {
    // Not a reading failure (exit 3): the character blocks the construct that holds it.
    let (exit, error) = first_error("fixtures/invalid/bidi-control.md");
    assert_eq!(exit, 1);
    assert_eq!(error["code"], "SF-R007");
    assert_eq!(format!("{}:{}", error["line"], error["column"]), "7:24");
    assert_eq!(error["message"], "bidirectional control character U+202E");
    let (_, json) = extract_json("fixtures/invalid/bidi-control.md", &[]);
    assert_eq!(items(&json, "/spec/api/endpoints").len(), 1, "{json}");
}
