//! The proof that `alerts.yaml` and `alerts.test.yaml` say what their models say, in the tests
//! rather than on every run (`generate --verify` repeats it). Arbitrary rule and test files,
//! every text drawn from strings YAML readers are tempted to read as something else, are
//! written with [`specforge_alerts::yaml::document`] and read back by serde-saphyr into the
//! model (equal), and by PyYAML, a YAML 1.1 reader like Prometheus' own (equal to the model's
//! JSON form). Every fixture's files get the same readings in the top-level
//! `tests/artifact_proof.rs`. Cases: 96 by default (`PROPTEST_CASES` overrides).

#[path = "../../../tests/support/tricky.rs"]
mod tricky;

#[path = "../../../tests/support/pyyaml.rs"]
mod pyyaml;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use specforge_alerts::rules::{Annotations, Rule, RuleFile, RuleGroup};
use specforge_alerts::unit_tests::{AlertTest, ExpectedAlert, Series, TestFile, TestGroup};
use specforge_alerts::yaml::{document, reparse};
use std::collections::BTreeMap;
use tricky::text;

fn labels() -> impl Strategy<Value = BTreeMap<String, String>> {
    proptest::collection::btree_map(text(), text(), 0..4)
}

fn rule() -> impl Strategy<Value = Rule> {
    (
        (text(), text(), proptest::option::of(text()), labels()),
        (
            text(),
            text(),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        ),
    )
        .prop_map(
            |(
                (alert, expr, for_duration, labels),
                (summary, description, action, runbook_url, original_name),
            )| Rule {
                alert,
                expr,
                for_duration,
                labels,
                annotations: Annotations {
                    summary,
                    description,
                    action,
                    runbook_url,
                    original_name,
                },
            },
        )
}

fn rule_file() -> impl Strategy<Value = RuleFile> {
    proptest::collection::vec((text(), proptest::collection::vec(rule(), 0..4)), 1..3).prop_map(
        |groups| RuleFile {
            groups: groups
                .into_iter()
                .map(|(name, rules)| RuleGroup { name, rules })
                .collect(),
        },
    )
}

fn test_group() -> impl Strategy<Value = TestGroup> {
    (
        (text(), text()),
        proptest::collection::vec((text(), text()), 0..3),
        proptest::collection::vec(
            (
                text(),
                text(),
                proptest::collection::vec((labels(), labels()), 0..2),
            ),
            0..3,
        ),
    )
        .prop_map(|((name, interval), series, tests)| TestGroup {
            name,
            interval,
            input_series: series
                .into_iter()
                .map(|(series, values)| Series { series, values })
                .collect(),
            alert_rule_test: tests
                .into_iter()
                .map(|(eval_time, alertname, alerts)| AlertTest {
                    eval_time,
                    alertname,
                    exp_alerts: alerts
                        .into_iter()
                        .map(|(exp_labels, exp_annotations)| ExpectedAlert {
                            exp_labels,
                            exp_annotations,
                        })
                        .collect(),
                })
                .collect(),
        })
}

fn test_file() -> impl Strategy<Value = TestFile> {
    (
        proptest::collection::vec(text(), 1..3),
        text(),
        proptest::collection::vec(test_group(), 0..3),
    )
        .prop_map(|(rule_files, evaluation_interval, tests)| TestFile {
            rule_files,
            evaluation_interval,
            tests,
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(96)
}

proptest! {
    #![proptest_config(Config { cases: cases(), ..Config::default() })]

    #[test]
    fn rule_files_read_back(file in rule_file(), spec in text()) {
        let yaml = document(&spec, &file).expect("serializes");
        let back = reparse::<RuleFile>(&yaml);
        prop_assert!(back.is_ok(), "does not re-read: {:?}\n{}", back.err(), yaml);
        prop_assert_eq!(back.unwrap(), file, "{}", yaml);
    }

    #[test]
    fn test_files_read_back(file in test_file()) {
        let yaml = document("spec.md", &file).expect("serializes");
        let back = reparse::<TestFile>(&yaml);
        prop_assert!(back.is_ok(), "does not re-read: {:?}\n{}", back.err(), yaml);
        prop_assert_eq!(back.unwrap(), file, "{}", yaml);
    }
}

fn sample<S: Strategy>(strategy: S, count: usize) -> Vec<S::Value> {
    let mut runner = TestRunner::deterministic();
    (0..count)
        .map(|_| strategy.new_tree(&mut runner).expect("a value").current())
        .collect()
}

fn assert_pyyaml_reads(expected: &[serde_json::Value], yamls: &[String]) {
    let texts: Vec<&str> = yamls.iter().map(String::as_str).collect();
    let Some(readings) = pyyaml::load_all(&texts) else {
        pyyaml::skip_or_fail();
        return;
    };
    for ((expected, yaml), reading) in expected.iter().zip(yamls).zip(readings) {
        match reading {
            Err(message) => panic!("PyYAML cannot read it: {message}\n{yaml}"),
            Ok(read) => assert!(
                read == *expected,
                "PyYAML reads another file: {}\n{yaml}",
                pyyaml::first_difference(&read, expected, "")
            ),
        }
    }
}

#[test]
fn pyyaml_reads_the_files_written() {
    let rules = sample(rule_file(), 40);
    let tests = sample(test_file(), 40);
    let mut expected: Vec<serde_json::Value> = Vec::new();
    let mut yamls = Vec::new();
    for file in &rules {
        expected.push(serde_json::to_value(file).expect("JSON"));
        yamls.push(document("spec.md", file).expect("serializes"));
    }
    for file in &tests {
        expected.push(serde_json::to_value(file).expect("JSON"));
        yamls.push(document("spec.md", file).expect("serializes"));
    }
    assert_pyyaml_reads(&expected, &yamls);
}
