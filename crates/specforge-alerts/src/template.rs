//! Spec text inside Prometheus annotations and labels.
//!
//! Prometheus runs every annotation and label value through Go's `text/template` when an
//! alert fires. Spec text is data, so every `{{` in it is written as `{{ "{{" }}`, which the
//! template engine prints back as `{{`; a lone `}}` is already literal. The promtool unit
//! tests compare the rendered annotations with the text as written, which proves the
//! escape.
//!
//! One case is refused instead (SF-P007): a `{{ query "…" }}` call. An author who writes it
//! expects Prometheus to run a query when the alert fires; specforge will not make spec text
//! executable, and silently printing the call would hide that.

/// Escapes `{{` so that the template engine prints the text as written.
pub fn escape(text: &str) -> String {
    text.replace("{{", "{{ \"{{\" }}")
}

/// The byte offset of a template action that calls `query` (`{{ query "…" }}`,
/// `{{- query "…" -}}`, `{{ with query "…" }}`, `{{ range query "…" }}`), if any.
pub fn query_call(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{{") {
        let at = from + found;
        let body = &text[at + 2..];
        let action = body.find("}}").map_or(body, |end| &body[..end]);
        let calls = action
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '|' | '-'))
            .any(|token| token == "query");
        if calls {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_template_openers() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("{{ $value }}"), "{{ \"{{\" }} $value }}");
        assert_eq!(escape("a {{{ b"), "a {{ \"{{\" }}{ b");
    }

    #[test]
    fn finds_query_calls() {
        assert_eq!(query_call(r#"see {{ query "up" }}"#), Some(4));
        assert_eq!(query_call(r#"{{-query "up"}}"#), Some(0));
        assert_eq!(query_call(r#"{{ with query "up" }}"#), Some(0));
        assert_eq!(query_call(r#"{{ (query "up" | first) }}"#), Some(0));
        assert_eq!(query_call("run the query {{ $value }}"), None);
        assert_eq!(query_call("{{ $labels.instance }}"), None);
        assert_eq!(query_call("{{ queryx }}"), None);
        assert_eq!(query_call("no template"), None);
    }
}
