//! Structure checks on the endpoints before they become paths: characters a path template
//! cannot hold, repeated or unknown path parameters, templates OpenAPI cannot tell apart, and
//! response statuses outside 100–599. Each diagnostic points at the path as written.

use specforge_model::{Code, Diagnostic, Endpoint, ParamLocation, Spec};

/// The `{name}` parameters of a path template, in order (repeats kept).
pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

/// The template with every parameter name blanked (`/a/{x}` → `/a/{}`).
pub fn template_shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every structure problem of the spec's endpoints.
pub fn validate(spec: &Spec) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for endpoint in &spec.api.endpoints {
        check_characters(endpoint, &mut diags);
        check_parameters(endpoint, &mut diags);
        check_statuses(endpoint, &mut diags);
    }
    check_ambiguous(&spec.api.endpoints, &mut diags);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(template_params("/a/{x}/b/{y}"), ["x", "y"]);
        assert_eq!(template_shape("/a/{x}/b/{y}"), "/a/{}/b/{}");
        assert!(braces_well_formed("/a/{x}"));
        assert!(!braces_well_formed("/a/{x"));
        assert!(!braces_well_formed("/a/{}"));
        assert!(!braces_well_formed("/a/{x{y}}"));
    }
}
