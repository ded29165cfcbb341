//! Spec text inside Prometheus annotations and labels.
//!
//! Prometheus runs every annotation and label value through Go's `text/template` when an
//! alert fires. Spec text is data, so every `{{` in it is written as `{{ "{{" }}`, which the
//! template engine prints back as `{{`; a lone `}}` is already literal. The promtool unit
//! tests compare the rendered annotations with the text as written, which proves the
//! escape.
//!
//! Template text is escaped wherever it stands and whatever it calls: `{{ $labels.instance }}`
//! and `{{ query "up" }}` in an Action or Description cell are shown literally, never run.
//! The one place template text is refused (SF-P007) is a severity cell: the severity label
//! routes the alert, and a templated one would route by the firing series.

/// Escapes `{{` so that the template engine prints the text as written.
pub fn escape(text: &str) -> String {
    text.replace("{{", "{{ \"{{\" }}")
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
}
