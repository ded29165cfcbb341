//! The proof that `openapi.yaml` says what the document says, moved out of every run and into
//! the tests (`generate --verify` repeats it at run time). Arbitrary documents (strings that
//! look like YAML 1.1 booleans, nulls, numbers, dates and octals, control characters, very
//! long lines, keys that need quoting, non-ASCII text, deep nesting) are written with
//! [`specforge_openapi::to_yaml`], then read back
//! - by serde-saphyr into the openapiv3 model, which must equal the document, and as a value
//!   equal to the document's JSON form ([`specforge_openapi::verify`]);
//! - by PyYAML, a YAML 1.1 reader, whose reading must equal the document's JSON form.
//!
//! Every fixture's document gets the same readings in the top-level `tests/artifact_proof.rs`.
//! Cases: 96 by default (`PROPTEST_CASES` overrides), 48 documents for PyYAML in one process.

#[path = "../../../tests/support/tricky.rs"]
mod tricky;

#[path = "../../../tests/support/pyyaml.rs"]
mod pyyaml;

use indexmap::IndexMap;
use openapiv3::{
    Components, Info, MediaType, ObjectType, OpenAPI, Operation, PathItem, Paths, ReferenceOr,
    Response, Responses, Schema, SchemaData, SchemaKind, StatusCode, StringType, Type,
};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use tricky::{some_value, text, value};

fn operation() -> impl Strategy<Value = Operation> {
    (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::collection::vec(text(), 0..3),
        text(),
        proptest::option::of(some_value()),
    )
        .prop_map(
            |(summary, description, operation_id, tags, response, example)| Operation {
                summary,
                description,
                operation_id,
                tags,
                responses: Responses {
                    responses: [(
                        StatusCode::Code(200),
                        ReferenceOr::Item(Response {
                            description: response,
                            content: [(
                                "application/json".to_owned(),
                                MediaType {
                                    example,
                                    ..MediaType::default()
                                },
                            )]
                            .into_iter()
                            .collect(),
                            ..Response::default()
                        }),
                    )]
                    .into_iter()
                    .collect(),
                    ..Responses::default()
                },
                ..Operation::default()
            },
        )
}

fn string_schema() -> impl Strategy<Value = Schema> {
    (
        proptest::option::of(text()),
        proptest::collection::vec(text(), 0..4),
        proptest::option::of(some_value()),
    )
        .prop_map(|(description, values, example)| Schema {
            schema_data: SchemaData {
                description,
                example,
                ..SchemaData::default()
            },
            schema_kind: SchemaKind::Type(Type::String(StringType {
                enumeration: values.into_iter().map(Some).collect(),
                ..StringType::default()
            })),
        })
}

fn object_schema() -> impl Strategy<Value = Schema> {
    (
        proptest::option::of(text()),
        proptest::collection::vec((text(), string_schema()), 0..4),
        proptest::option::of(some_value()),
    )
        .prop_map(|(title, properties, default)| {
            let required = properties.iter().map(|(k, _)| k.clone()).take(1).collect();
            Schema {
                schema_data: SchemaData {
                    title,
                    default,
                    ..SchemaData::default()
                },
                schema_kind: SchemaKind::Type(Type::Object(ObjectType {
                    properties: properties
                        .into_iter()
                        .map(|(k, s)| (k, ReferenceOr::Item(Box::new(s))))
                        .collect(),
                    required,
                    ..ObjectType::default()
                })),
            }
        })
}

fn document() -> impl Strategy<Value = OpenAPI> {
    (
        (text(), proptest::option::of(text()), text()),
        proptest::collection::vec((text(), operation()), 0..4),
        proptest::collection::vec((text(), object_schema()), 0..3),
        proptest::collection::vec((text(), value()), 0..3),
    )
        .prop_map(
            |((title, description, version), paths, schemas, extensions)| {
                let paths: IndexMap<String, ReferenceOr<PathItem>> = paths
                    .into_iter()
                    .map(|(path, operation)| {
                        (
                            format!("/{path}"),
                            ReferenceOr::Item(PathItem {
                                get: Some(operation),
                                ..PathItem::default()
                            }),
                        )
                    })
                    .collect();
                OpenAPI {
                    openapi: "3.0.3".to_owned(),
                    info: Info {
                        title,
                        description,
                        version,
                        ..Info::default()
                    },
                    paths: Paths {
                        paths,
                        ..Paths::default()
                    },
                    components: Some(Components {
                        schemas: schemas
                            .into_iter()
                            .map(|(k, s)| (k, ReferenceOr::Item(s)))
                            .collect(),
                        ..Components::default()
                    }),
                    extensions: extensions
                        .into_iter()
                        .map(|(k, v)| (format!("x-{k}"), v))
                        .collect(),
                    ..OpenAPI::default()
                }
            },
        )
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
    fn serde_saphyr_reads_back_the_document(doc in document()) {
        let yaml = specforge_openapi::to_yaml(&doc, "spec.md").expect("serializes");
        let back = specforge_openapi::reparse(&yaml);
        prop_assert!(back.is_ok(), "does not re-read: {:?}\n{yaml}", back.err());
        prop_assert_eq!(back.unwrap(), doc.clone(), "openapiv3 model\n{}", yaml);
        let same = specforge_openapi::verify(&yaml, &doc);
        prop_assert!(same.is_ok(), "{:?}\n{}", same.err(), yaml);
    }
}

#[test]
fn pyyaml_reads_the_document_written() {
    let mut runner = TestRunner::deterministic();
    let strategy = document();
    let docs: Vec<OpenAPI> = (0..48)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("a document")
                .current()
        })
        .collect();
    let yamls: Vec<String> = docs
        .iter()
        .map(|d| specforge_openapi::to_yaml(d, "spec.md").expect("serializes"))
        .collect();
    let texts: Vec<&str> = yamls.iter().map(String::as_str).collect();
    let Some(readings) = pyyaml::load_all(&texts) else {
        pyyaml::skip_or_fail();
        return;
    };
    for ((doc, yaml), reading) in docs.iter().zip(&yamls).zip(readings) {
        let expected = serde_json::to_value(doc).expect("JSON");
        match reading {
            Err(message) => panic!("PyYAML cannot read it: {message}\n{yaml}"),
            Ok(read) => assert!(
                read == expected,
                "PyYAML reads another document: {}\n{yaml}",
                pyyaml::first_difference(&read, &expected, "")
            ),
        }
    }
}
