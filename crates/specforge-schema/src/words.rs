//! The one literal-aware SQL word scanner: identifiers, keywords and numbers of printed SQL
//! outside string literals, for renames, drops and check names.

/// The words of printed SQL outside string literals, with their byte ranges: identifiers
/// (quoted ones with their quotes), keywords and numbers.
pub fn sql_words(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut in_literal = false;
    for (i, c) in text.char_indices() {
        if in_literal {
            in_literal = c != '\'';
            continue;
        }
        let word_char = c.is_alphanumeric() || c == '_' || c == '"';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
        in_literal = c == '\'';
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

/// True when `word` (from [`sql_words`]) is the identifier `name`, quoted or not.
pub fn is_identifier(word: &str, name: &str) -> bool {
    word == name || (word.starts_with('"') && word.trim_matches('"') == name)
}

/// `text` with the identifier `from` replaced by `to` (string literals are left alone).
pub fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, word) in sql_words(text) {
        if is_identifier(word, from) {
            out.push_str(&text[at..range.start]);
            out.push_str(&if word.starts_with('"') {
                crate::ident::quote_ident(to)
            } else {
                to.to_owned()
            });
            at = range.end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// True when the identifier `column` occurs in `text` (outside string literals).
pub fn mentions(text: &str, column: &str) -> bool {
    sql_words(text)
        .iter()
        .any(|(_, w)| is_identifier(w, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_literals_are_not_names() {
        let check = r#"kind IN ('note', 'it''s note') AND "note" <> note_id AND note > 0"#;
        assert_eq!(
            replace_word(check, "note", "body"),
            "kind IN ('note', 'it''s note') AND body <> note_id AND body > 0"
        );
        assert!(mentions(check, "note_id"));
        assert!(!mentions("kind = 'note_id'", "note_id"));
    }
}
