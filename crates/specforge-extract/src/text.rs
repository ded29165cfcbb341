//! Small text helpers shared by the construct extractors.

use specforge_model::Method;

/// Splits `METHOD /path rest` (markup already removed). The path may be a full URL, in
/// which case its path part is taken. Returns the method, the path and the rest.
pub fn method_and_path(text: &str) -> Option<(Method, &str, &str)> {
    let text = without_tags(text).trim_matches('`').trim();
    let (first, rest) = split_word(text);
    let method = Method::parse(first.trim_end_matches(':'))?;
    let (path, rest) = split_word(rest.trim_start());
    let path = path.trim_matches('`');
    let path = url_path(path)?;
    let rest = rest
        .trim()
        .trim_start_matches(['-', '—', '–', ':', '|'])
        .trim();
    Some((method, path, rest))
}

/// The text without the status tags and marks around it: `[EXISTS]`, `[PLANNED]` (bold
/// already removed), emoji such as ✅ or ⚠️, and white space, at either end.
pub fn without_tags(text: &str) -> &str {
    let mut t = text.trim();
    loop {
        let before = t.len();
        t = t.trim_matches(|c: char| c.is_whitespace() || (!c.is_ascii() && !c.is_alphanumeric()));
        if let Some(rest) = t.strip_prefix('[')
            && let Some(close) = rest.find(']')
            && is_tag(&rest[..close])
        {
            t = &rest[close + 1..];
        }
        if let Some(rest) = t.strip_suffix(']')
            && let Some(open) = rest.rfind('[')
            && is_tag(&rest[open + 1..])
        {
            t = &rest[..open];
        }
        if t.len() == before {
            return t;
        }
    }
}

/// `EXISTS`, `PLANNED`, `NEW`, `WIP`: upper-case words.
fn is_tag(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, ' ' | '_' | '-'))
}

fn split_word(text: &str) -> (&str, &str) {
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], &text[i..]),
        None => (text, ""),
    }
}

/// The path of a path or URL: `/x`, `https://host/x` → `/x`. None when it is neither.
pub fn url_path(text: &str) -> Option<&str> {
    if text.starts_with('/') {
        return Some(text);
    }
    let after_scheme = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))?;
    Some(after_scheme.find('/').map_or("/", |i| &after_scheme[i..]))
}

/// Normalizes a path: `:id` and `<id>` become `{id}`; the query string and a trailing slash
/// are dropped; a base path is prefixed when the path does not already start with it.
pub fn normalize_path(path: &str, base: Option<&str>) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let mut normalized = String::with_capacity(path.len() + base.map_or(0, str::len) + 2);
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        normalized.push('/');
        let name = segment.strip_prefix(':').or_else(|| {
            segment
                .strip_prefix('<')
                .and_then(|s| s.strip_suffix('>'))
                .map(|name| name.rsplit(':').next().unwrap_or(name))
        });
        match name {
            Some(name) => {
                normalized.push('{');
                normalized.push_str(name);
                normalized.push('}');
            }
            None => normalized.push_str(segment),
        }
    }
    if normalized.is_empty() {
        normalized.push('/');
    }
    if let Some(base) = base {
        let base = base.trim_end_matches('/');
        let under_base = normalized
            .strip_prefix(base)
            .is_some_and(|rest| rest.starts_with('/'));
        if !base.is_empty() && normalized != base && !under_base {
            if normalized == "/" {
                normalized = base.to_owned();
            } else {
                normalized.insert_str(0, base);
            }
        }
    }
    normalized
}

/// An UPPER_SNAKE code from words: `Rate Limited` → `RATE_LIMITED`.
pub fn shouty_snake(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .collect::<Vec<_>>()
        .join("_")
}

/// A leading HTTP status (`404`, `400 Bad Request`), 100 to 599.
pub fn http_status(text: &str) -> Option<u16> {
    let digits: String = text
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let rest = &text.trim()[digits.len()..];
    if digits.len() != 3 || rest.starts_with(|c: char| c.is_alphanumeric() && c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|s| (100..=599).contains(s))
}

/// A yes/no cell.
pub fn yes_no(text: &str) -> Option<bool> {
    let t = text.trim().to_lowercase();
    let first = t
        .split(|c: char| c.is_whitespace() || c == '(' || c == ',')
        .next()
        .unwrap_or("");
    match first {
        "yes" | "y" | "true" | "✅" | "✓" | "✔" | "required" | "retryable" | "예" | "はい"
        | "是" | "có" => Some(true),
        "no" | "n" | "false" | "❌" | "✗" | "✘" | "optional" | "아니오" | "いいえ" | "否"
        | "không" => Some(false),
        _ => None,
    }
}

/// True for a Prometheus metric identifier.
pub fn is_metric_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// True for something shaped like an error code: `ORDER_NOT_FOUND`, `E1001`, `RT-006`,
/// `GL-E-AGENT-CRASH`, `NotFoundException`, `auth.invalid_token`, `gallery.ErrFileTooLarge`,
/// a bare HTTP status, and also malformed ones such
/// as `1ST_FAILURE` or `ÖRDER_X`. Whether a code can become an identifier is the emitters'
/// call, so a bad code is reported by name instead of vanishing. Prose (`Connection
/// refused`, `Error`) is not a code.
pub fn is_error_code(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 || t.contains(char::is_whitespace) {
        return false;
    }
    if t.len() == 3 && http_status(t).is_some() {
        return true;
    }
    t.contains('_')
        || t.contains('.')
        || t.chars().filter(|c| c.is_uppercase()).count() >= 2
        || letters_then_digits(t)
}

/// `E1001`, `ERR42`, `e-17`: an upper-case letter, then letters, then digits (with an optional
/// `-` between), as numbered error codes are written.
fn letters_then_digits(text: &str) -> bool {
    let letters = text.len()
        - text
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    let rest = text[letters..]
        .strip_prefix('-')
        .unwrap_or(&text[letters..]);
    text.starts_with(|c: char| c.is_ascii_uppercase())
        && letters > 0
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize() {
        assert_eq!(
            normalize_path("/api/v1/resource/:id", None),
            "/api/v1/resource/{id}"
        );
        assert_eq!(
            normalize_path("/users/<int:user_id>/", None),
            "/users/{user_id}"
        );
        assert_eq!(normalize_path("/x?limit=10", None), "/x");
        assert_eq!(
            normalize_path("/customers", Some("/api/v1")),
            "/api/v1/customers"
        );
        assert_eq!(
            normalize_path("/api/v1/customers", Some("/api/v1/")),
            "/api/v1/customers"
        );
        assert_eq!(normalize_path("/", None), "/");
        assert_eq!(normalize_path("", Some("/api")), "/api");
        assert_eq!(normalize_path("/api/v1", Some("/api/v1")), "/api/v1");
        assert_eq!(
            normalize_path("/api/v10/x", Some("/api/v1")),
            "/api/v1/api/v10/x"
        );
        assert_eq!(normalize_path("//a//<b>/", Some("/")), "/a/{b}");
    }

    #[test]
    fn method_and_path_lines() {
        let (m, p, rest) =
            method_and_path("POST   /api/v1/resource          Create resource").unwrap();
        assert_eq!(
            (m.as_str(), p, rest),
            ("POST", "/api/v1/resource", "Create resource")
        );
        assert!(method_and_path("POST a thing").is_none());
        assert!(method_and_path("Posting /x").is_none());
        let (_, p, _) = method_and_path("`GET https://api.example.com/v1/x`").unwrap();
        assert_eq!(p, "/v1/x");
        for tagged in [
            "[PLANNED] GET /x",
            "GET /x [EXISTS]",
            "✅ GET /x",
            "⚠️ [NEW] GET /x",
        ] {
            let (m, p, _) = method_and_path(tagged).unwrap_or_else(|| panic!("{tagged}"));
            assert_eq!((m.as_str(), p), ("GET", "/x"), "{tagged}");
        }
        assert!(method_and_path("[Method] /x").is_none());
    }

    #[test]
    fn statuses_and_codes() {
        assert_eq!(http_status("400 Bad Request"), Some(400));
        assert_eq!(http_status("4xx"), None);
        assert_eq!(http_status("1234"), None);
        assert!(is_error_code("ORDER_NOT_FOUND"));
        assert!(is_error_code("NotFoundException"));
        assert!(is_error_code("429"));
        assert!(!is_error_code("Connection refused"));
        assert!(!is_error_code("Error"));
        assert!(is_error_code("1ST_FAILURE"));
        for code in [
            "E1001",
            "RT-006",
            "GL-E-AGENT-CRASH",
            "gallery.ErrFileTooLarge",
            "ERR-42",
        ] {
            assert!(is_error_code(code), "{code}");
        }
        assert!(!is_error_code("V"));
        assert!(!is_error_code("Step1x"));
        assert_eq!(shouty_snake("Rate Limited"), "RATE_LIMITED");
    }
}
