//! Structure checks on the endpoints before they become paths: characters a path template
//! cannot hold, repeated or unknown path parameters, templates OpenAPI cannot tell apart,
//! templates one request can match both of (a warning: the API is as the spec defines it, but
//! a router has to pick one), and response statuses outside 100–599. Each diagnostic points
//! at the path as written.

use specforge_model::{Code, Diagnostic, Endpoint, ParamLocation, Spec};

pub use specforge_model::path_template::{parameters as template_params, shape as template_shape};

/// Every structure problem of the spec's endpoints.
pub fn validate(spec: &Spec) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for endpoint in &spec.api.endpoints {
        check_characters(endpoint, &mut diags);
        check_parameters(endpoint, &mut diags);
        check_statuses(endpoint, &mut diags);
    }
    check_ambiguous(&spec.api.endpoints, &mut diags);
    check_overlapping(&spec.api.endpoints, &mut diags);
    diags
}

/// An RFC 3986 path character (`pchar` and `/`), or a template brace.
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&()*+,;=:@/%{}".contains(c)
}

fn check_characters(endpoint: &Endpoint, diags: &mut Vec<Diagnostic>) {
    let span = endpoint.raw_path.span;
    let path = &endpoint.path;
    let raw = &endpoint.raw_path.value;
    // A query string written in the path became query parameters where it was read
    // (SF-A040); the template itself cannot hold one.
    let raw_path = raw.split('?').next().unwrap_or("");
    let what = if path.contains('?') {
        Some("a query string".to_owned())
    } else if raw_path.contains('#') || path.contains('#') {
        Some("a fragment".to_owned())
    } else if let Some(c) = path.chars().find(|c| !path_char(*c)) {
        Some(match c {
            '\'' | '"' | '`' => "a quote".to_owned(),
            c if c.is_whitespace() => "white space".to_owned(),
            c => format!("the character {c:?}"),
        })
    } else if !braces_well_formed(path) {
        Some("unbalanced or empty `{}` braces".to_owned())
    } else {
        None
    };
    if let Some(what) = what {
        diags.push(
            Diagnostic::new(
                Code::InvalidPath,
                span,
                format!("the path of {} {path} holds {what}", endpoint.method.as_str()),
            )
            .with_help(
                "write the path template alone (`/orders/{id}`); describe query parameters in a parameter table",
            ),
        );
    }
}

fn braces_well_formed(path: &str) -> bool {
    let mut inside = false;
    let mut name_len = 0;
    for c in path.chars() {
        match c {
            '{' if inside => return false,
            '{' => {
                inside = true;
                name_len = 0;
            }
            '}' if !inside || name_len == 0 => return false,
            '}' => inside = false,
            '/' if inside => return false,
            _ if inside => name_len += 1,
            _ => {}
        }
    }
    !inside
}

fn check_parameters(endpoint: &Endpoint, diags: &mut Vec<Diagnostic>) {
    let names = template_params(&endpoint.path);
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicatePathParameter,
                    endpoint.raw_path.span,
                    format!(
                        "the path {} names the parameter `{name}` twice",
                        endpoint.path
                    ),
                )
                .with_help("give each path parameter its own name"),
            );
        }
    }
    for row in &endpoint.parameters {
        if row.location == ParamLocation::Path && !names.contains(&row.name.value) {
            diags.push(
                Diagnostic::new(
                    Code::UnknownPathParameter,
                    row.name.span,
                    format!(
                        "`{}` is described as a path parameter but {} {} has no `{{{}}}`",
                        row.name.value,
                        endpoint.method.as_str(),
                        endpoint.path,
                        row.name.value
                    ),
                )
                .with_label(endpoint.raw_path.span, "the path")
                .with_help("rename the row to match the path, or move it to the query"),
            );
        }
    }
}

fn check_statuses(endpoint: &Endpoint, diags: &mut Vec<Diagnostic>) {
    for response in &endpoint.responses {
        if let Some(status) = &response.status
            && !(100..=599).contains(&status.value)
        {
            diags.push(
                Diagnostic::new(
                    Code::InvalidStatusCode,
                    status.span,
                    format!(
                        "{} is not an HTTP status (response of {} {})",
                        status.value,
                        endpoint.method.as_str(),
                        endpoint.path
                    ),
                )
                .with_label(endpoint.raw_path.span, "the endpoint")
                .with_help("HTTP statuses are between 100 and 599"),
            );
        }
    }
}

fn check_ambiguous(endpoints: &[Endpoint], diags: &mut Vec<Diagnostic>) {
    // The first endpoint of each template shape; diagnostics follow endpoint order.
    let mut seen: std::collections::HashMap<String, &Endpoint> = std::collections::HashMap::new();
    let mut reported: std::collections::HashSet<(String, String)> =
        std::collections::HashSet::new();
    for endpoint in endpoints {
        let shape = template_shape(&endpoint.path);
        match seen.get(&shape) {
            Some(first) if first.path != endpoint.path => {
                let pair = (first.path.clone(), endpoint.path.clone());
                if !reported.insert(pair) {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        Code::AmbiguousPath,
                        endpoint.raw_path.span,
                        format!(
                            "{} and {} are the same path template with different parameter names",
                            first.path, endpoint.path
                        ),
                    )
                    .with_label(first.raw_path.span, "first written here")
                    .with_help("OpenAPI cannot tell them apart: use one parameter name for both"),
                );
            }
            Some(_) => {}
            None => {
                seen.insert(shape, endpoint);
            }
        }
    }
}

/// A path segment that is one whole parameter (`{id}`); `{name}.json` is a literal, as in
/// Redocly's `no-ambiguous-paths`.
fn whole_parameter(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// The paths' segments as a trie, parameters under one key, for finding overlaps without
/// comparing every pair.
#[derive(Default)]
struct Trie<'a> {
    children: std::collections::HashMap<&'a str, Trie<'a>>,
    ends: Vec<usize>,
}

const PARAMETER: &str = "{}";

impl<'a> Trie<'a> {
    fn insert(&mut self, segments: &[&'a str], index: usize) {
        match segments.split_first() {
            None => self.ends.push(index),
            Some((first, rest)) => {
                let key = if whole_parameter(first) {
                    PARAMETER
                } else {
                    first
                };
                self.children.entry(key).or_default().insert(rest, index);
            }
        }
    }

    /// Every path a request could match together with `segments`: at each level a literal
    /// meets the same literal or a parameter, a parameter meets anything.
    fn overlapping(&self, segments: &[&str], out: &mut Vec<usize>) {
        let Some((first, rest)) = segments.split_first() else {
            out.extend(&self.ends);
            return;
        };
        if whole_parameter(first) {
            for child in self.children.values() {
                child.overlapping(rest, out);
            }
            return;
        }
        for key in [*first, PARAMETER] {
            if let Some(child) = self.children.get(key) {
                child.overlapping(rest, out);
            }
        }
    }
}

/// SF-A043: two templates, with as many parameters each, that one request path matches
/// both of (`/alerts/{id}/ack` and `/alerts/oncall/{schedule}`: `/alerts/oncall/ack`), the
/// rule Redocly's `no-ambiguous-paths` applies. `/users/{id}` and `/users/me` do not
/// overlap in this sense: the literal one is more specific, and routers prefer it.
fn check_overlapping(endpoints: &[Endpoint], diags: &mut Vec<Diagnostic>) {
    let mut first_of: Vec<&Endpoint> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for endpoint in endpoints {
        if seen.insert(endpoint.path.as_str()) {
            first_of.push(endpoint);
        }
    }
    let segments: Vec<Vec<&str>> = first_of
        .iter()
        .map(|e| e.path.split('/').filter(|s| !s.is_empty()).collect())
        .collect();
    let mut trie = Trie::default();
    for (i, segs) in segments.iter().enumerate() {
        trie.insert(segs, i);
    }
    let parameters = |segs: &[&str]| segs.iter().filter(|s| whole_parameter(s)).count();
    let mut matches = Vec::new();
    for (j, segs) in segments.iter().enumerate() {
        matches.clear();
        trie.overlapping(segs, &mut matches);
        matches.sort_unstable();
        for &i in matches.iter().filter(|&&i| i < j) {
            let (first, later) = (first_of[i], first_of[j]);
            if parameters(&segments[i]) != parameters(segs)
                || template_shape(&first.path) == template_shape(&later.path)
            {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    Code::OverlappingPaths,
                    later.raw_path.span,
                    format!(
                        "{} and {} overlap: one request path can match both",
                        first.path, later.path
                    ),
                )
                .with_label(first.raw_path.span, "the other path")
                .with_help(
                    "a router has to pick one of them; make a literal segment of one differ from the other's (e.g. `/alerts/oncall/{id}` → `/oncall/{id}`)",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert!(braces_well_formed("/a/{x}"));
        assert!(!braces_well_formed("/a/{x"));
        assert!(!braces_well_formed("/a/{}"));
        assert!(!braces_well_formed("/a/{x{y}}"));
    }
}
