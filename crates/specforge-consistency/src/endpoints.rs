//! The endpoint overview against the detail sections.
//!
//! An overview mention is a row of an endpoint table or a `METHOD /path` line in a plain
//! fence; a detail is a heading, a field table, a bold `**METHOD /path**` line or an
//! ```` ```http ```` request.
//!
//! * `SF-C010` (warning): the spec has an overview, and an endpoint is detailed but not in it.
//! * `SF-C011` (warning): endpoints are both listed and detailed in sections of their own (a
//!   heading or a field table), and one listed endpoint has no such section. Specs that only
//!   list endpoints, or list them and give examples for a few, are left alone.
//! * `SF-C012`: two auth statements of one endpoint (the overview's Auth cell, the detail's
//!   `**Auth:**` field) say different things: public, optional or required.

use specforge_model::{AuthLevel, Code, Diagnostic, Endpoint, EndpointForm, Spec};

fn is_overview(form: EndpointForm) -> bool {
    matches!(form, EndpointForm::TableRow | EndpointForm::FenceLine)
}

fn listed(e: &Endpoint) -> bool {
    e.mentions.iter().any(|m| is_overview(m.form))
}

fn mentioned_outside_overview(e: &Endpoint) -> bool {
    e.mentions.iter().any(|m| !is_overview(m.form))
}

/// A detail section: a heading or a field table. Bold lines and ```` ```http ```` requests are
/// examples, which templates give for a few endpoints only.
fn detailed(e: &Endpoint) -> bool {
    e.mentions
        .iter()
        .any(|m| matches!(m.form, EndpointForm::Heading | EndpointForm::FieldTable))
}

fn key(e: &Endpoint) -> String {
    format!("{} {}", e.method.as_str(), e.path)
}

/// Runs the overview and auth rules.
pub fn check(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let endpoints = &spec.api.endpoints;
    let has_overview = endpoints.iter().any(listed);
    let details_style = endpoints.iter().any(|e| listed(e) && detailed(e));
    for e in endpoints {
        if has_overview && !listed(e) && mentioned_outside_overview(e) {
            out.push(
                Diagnostic::new(
                    Code::EndpointNotInOverview,
                    e.span,
                    format!("`{}` is detailed here, but the endpoint overview does not list it", key(e)),
                )
                .with_help("add a row for it to the endpoint overview, or remove the detail if the endpoint is gone"),
            );
        }
        if details_style && !detailed(e) {
            out.push(
                Diagnostic::new(
                    Code::EndpointNotDetailed,
                    e.span,
                    format!("`{}` is listed in the overview, but no section details it", key(e)),
                )
                .with_help(format!(
                    "add a `#### {}` section with its request, responses and errors, like the other endpoints",
                    key(e)
                )),
            );
        }
        auth_mismatch(e, out);
    }
}

fn auth_mismatch(e: &Endpoint, out: &mut Vec<Diagnostic>) {
    let mut statements = e
        .auth_statements
        .iter()
        .filter_map(|s| AuthLevel::of(&s.value).map(|level| (s, level)));
    let Some((first, first_level)) = statements.next() else {
        return;
    };
    if let Some((other, level)) = statements.find(|(_, level)| *level != first_level) {
        out.push(
            Diagnostic::new(
                Code::AuthMismatch,
                other.span,
                format!(
                    "`{}`: auth is {} here (`{}`), but {} where first stated (`{}`)",
                    key(e),
                    level.as_str(),
                    other.value.trim(),
                    first_level.as_str(),
                    first.value.trim()
                ),
            )
            .with_label(first.span, "first stated here")
            .with_help("make the overview and the detail say the same"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{codes, findings, spec};
    use specforge_model::Code;

    const OVERVIEW: &str = "## Endpoints\n\n| Method | Path | Description | Auth |\n|---|---|---|---|\n\
        | GET | /orders | List | Required |\n| POST | /orders | Create | Required |\n\n";

    #[test]
    fn a_detailed_endpoint_missing_from_the_overview_is_reported() {
        let text = spec(&format!(
            "{OVERVIEW}### GET /orders\n\nLists.\n\n### POST /orders\n\nCreates.\n\n### DELETE /orders/{{id}}\n\nDeletes.\n"
        ));
        let found = findings(&text);
        let d: Vec<_> = found
            .iter()
            .filter(|d| d.code == Code::EndpointNotInOverview)
            .collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`DELETE /orders/{id}`"));
        assert!(!codes(&text).contains(&Code::EndpointNotDetailed));
    }

    #[test]
    fn a_listed_endpoint_without_detail_is_reported_only_when_others_have_one() {
        let text = spec(&format!("{OVERVIEW}### GET /orders\n\nLists.\n"));
        let found = findings(&text);
        let d: Vec<_> = found
            .iter()
            .filter(|d| d.code == Code::EndpointNotDetailed)
            .collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`POST /orders`"));
        assert!(
            codes(&spec(OVERVIEW)).is_empty(),
            "a list-only spec is fine"
        );
        let examples = spec(&format!("{OVERVIEW}**GET /orders**\n\n```json\n[]\n```\n"));
        assert!(
            codes(&examples).is_empty(),
            "examples for a few endpoints are fine"
        );
    }

    #[test]
    fn overview_and_detail_auth_must_agree() {
        let text = spec(&format!(
            "{OVERVIEW}### GET /orders\n\n**Auth:** None\n\n### POST /orders\n\n**Auth:** Bearer JWT\n"
        ));
        let found = findings(&text);
        let d: Vec<_> = found
            .iter()
            .filter(|d| d.code == Code::AuthMismatch)
            .collect();
        assert_eq!(d.len(), 1, "{found:?}");
        assert_eq!(&text[d[0].span.start..d[0].span.end], "None");
        assert!(
            d[0].message
                .contains("auth is public here (`None`), but required")
        );
    }
}
