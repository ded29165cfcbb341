//! A fence body split into statements at the `;` that end them, outside quotes
//! (`'…'`, `E'…'`, `"…"`, backticks in MySQL and SQLite), dollar quotes (`$$…$$`, `$tag$…$tag$`)
//! and comments (`-- …`, `/* … */` nested as PostgreSQL nests them, `#` in MySQL), so that a
//! statement the parser cannot read costs only that statement. Also the `DO` block grammar,
//! which sqlparser does not read.

use specforge_model::SqlDialect;

/// One statement of a body: its byte range (without the `;`) and where its code starts (after
/// leading blanks and comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    /// From the end of the previous statement.
    pub start: usize,
    /// The first byte of code.
    pub code: usize,
    /// Before the `;` (or the end of the body).
    pub end: usize,
}

/// The byte just after a dollar-quote opening tag at `i` (`$$` or `$tag$`), with the tag.
fn dollar_tag(bytes: &[u8], i: usize) -> Option<usize> {
    if bytes.get(i) != Some(&b'$') {
        return None;
    }
    let mut j = i + 1;
    while let Some(&b) = bytes.get(j) {
        if b == b'$' {
            return Some(j + 1);
        }
        let ok =
            b == b'_' || b.is_ascii_alphabetic() || b >= 0x80 || (j > i + 1 && b.is_ascii_digit());
        if !ok {
            return None;
        }
        j += 1;
    }
    None
}

/// Splits `body` into statements. Pieces that hold only blanks and comments are left out.
pub(crate) fn split_statements(body: &str, dialect: SqlDialect) -> Vec<Piece> {
    let bytes = body.as_bytes();
    // Backticks quote in MySQL and SQLite; `#` comments and backslash escapes are MySQL's.
    let mysql_like = dialect != SqlDialect::Postgres;
    let mysql = dialect == SqlDialect::MySql;
    let mut out = Vec::new();
    let mut start = 0;
    let mut code: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next = bytes.get(i + 1).copied();
        // Comments do not start code.
        if b == b'-' && next == Some(b'-') || (mysql && b == b'#') {
            i = body[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
            continue;
        }
        if b == b'/' && next == Some(b'*') {
            let mut depth = 1;
            i += 2;
            while i < bytes.len() && depth > 0 {
                if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') && !mysql_like {
                    depth += 1;
                    i += 2;
                } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            continue;
        }
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if b == b';' {
            if let Some(c) = code.take() {
                out.push(Piece {
                    start,
                    code: c,
                    end: i,
                });
            }
            start = i + 1;
            i += 1;
            continue;
        }
        code.get_or_insert(i);
        match b {
            b'\'' => {
                // `E'…'` (and MySQL strings) take backslash escapes.
                let escapes = mysql
                    || (i > 0
                        && matches!(bytes[i - 1], b'E' | b'e')
                        && (i < 2
                            || !(bytes[i - 2].is_ascii_alphanumeric() || bytes[i - 2] == b'_')));
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' if escapes => i += 2,
                        b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
                        b'\'' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'"' | b'`' if b == b'"' || mysql_like => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == b && bytes.get(i + 1) == Some(&b) {
                        i += 2;
                    } else if bytes[i] == b {
                        i += 1;
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            b'$' if !mysql_like
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                match dollar_tag(bytes, i) {
                    Some(after) => {
                        let tag = &body[i..after];
                        i = body[after..]
                            .find(tag)
                            .map_or(bytes.len(), |n| after + n + tag.len());
                    }
                    None => i += 1,
                }
            }
            _ => {
                // Ordinary text (blanks included: code has started) up to the next byte that
                // may open a quote or a comment or end the statement. Those are ASCII, so
                // every index stays on a character boundary.
                i += 1;
                while i < bytes.len()
                    && !matches!(
                        bytes[i],
                        b'-' | b'/' | b'#' | b';' | b'\'' | b'"' | b'`' | b'$'
                    )
                {
                    i += 1;
                }
            }
        }
    }
    if let Some(c) = code {
        out.push(Piece {
            start,
            code: c,
            end: bytes.len(),
        });
    }
    out
}

/// The first word of a statement's code, uppercased (`CREATE`, `DO`, `const`→`CONST`).
pub(crate) fn first_word(code: &str) -> String {
    code.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect::<String>()
        .to_ascii_uppercase()
}

/// True when [`first_word`] of `code` is `DO`, without building the word.
pub(crate) fn starts_with_do(code: &str) -> bool {
    code.get(..2).is_some_and(|w| w.eq_ignore_ascii_case("do"))
        && !code[2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// A `DO` block: `DO [LANGUAGE l] $tag$ body $tag$ [LANGUAGE l]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DoBlock {
    /// The language when not plpgsql.
    pub language: Option<String>,
    /// The code between the dollar quotes.
    pub body: String,
}

/// Reads a `DO` statement (its code, without the `;`); `Err` says what is wrong.
pub(crate) fn parse_do(code: &str) -> Result<DoBlock, String> {
    let rest = code.trim();
    let rest = rest
        .get(2..)
        .filter(|_| rest[..2].eq_ignore_ascii_case("do"))
        .ok_or("not a DO statement")?;
    let mut language = None;
    let mut rest = rest.trim_start();
    let take_language = |text: &str| -> Result<Option<(String, usize)>, String> {
        let word: String = text
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        if !word.eq_ignore_ascii_case("language") {
            return Ok(None);
        }
        let after = text[word.len()..].trim_start();
        let lang: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if lang.is_empty() {
            return Err("LANGUAGE needs a language name".into());
        }
        let used = text.len() - after.len() + lang.len();
        Ok(Some((lang.to_ascii_lowercase(), used)))
    };
    if let Some((lang, used)) = take_language(rest)? {
        language = Some(lang);
        rest = rest[used..].trim_start();
    }
    let bytes = rest.as_bytes();
    let after = dollar_tag(bytes, 0).ok_or("a DO block's code must be dollar-quoted ($$ … $$)")?;
    let tag = &rest[..after];
    let close = rest[after..]
        .find(tag)
        .ok_or("the DO block's dollar quote is not closed")?;
    let body = rest[after..after + close].to_owned();
    let mut tail = rest[after + close + tag.len()..].trim();
    if language.is_none()
        && let Some((lang, used)) = take_language(tail)?
    {
        language = Some(lang);
        tail = tail[used..].trim();
    }
    if !tail.is_empty() {
        return Err(format!("unexpected `{tail}` after the DO block's code"));
    }
    Ok(DoBlock {
        language: language.filter(|l| l != "plpgsql"),
        body,
    })
}

/// A dollar-quote tag that does not occur in any of `texts` (`$$`, else `$sf$`, `$sf1$`, …).
pub fn free_dollar_tag(texts: &[&str]) -> String {
    let free = |tag: &str| !texts.iter().any(|t| t.contains(tag));
    if free("$$") {
        return "$$".into();
    }
    (0..)
        .map(|n| {
            if n == 0 {
                "$sf$".to_owned()
            } else {
                format!("$sf{n}$")
            }
        })
        .find(|t| free(t))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(body: &str) -> Vec<&str> {
        split_statements(body, SqlDialect::Postgres)
            .into_iter()
            .map(|p| &body[p.code..p.end])
            .collect()
    }

    #[test]
    fn splits_outside_quotes_dollars_and_comments() {
        let body = "-- a; comment\nCREATE TABLE a (x text DEFAULT 'a;b');\n/* c; /* nested; */ */ SELECT \"x;y\" FROM t;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nDO $$ BEGIN PERFORM 1; END $$;\n  -- only a comment\n";
        assert_eq!(
            texts(body),
            [
                "CREATE TABLE a (x text DEFAULT 'a;b')",
                "SELECT \"x;y\" FROM t",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "DO $$ BEGIN PERFORM 1; END $$",
            ]
        );
        assert_eq!(texts("SELECT E'a\\';b'; x"), ["SELECT E'a\\';b'", "x"]);
        assert_eq!(texts("SELECT 'it''s;'"), ["SELECT 'it''s;'"]);
        assert_eq!(texts("SELECT $1; SELECT 2"), ["SELECT $1", "SELECT 2"]);
        let my = "INSERT INTO t VALUES ('a\\';b'); # c;\nSELECT `a;b`";
        let pieces = split_statements(my, SqlDialect::MySql);
        assert_eq!(pieces.len(), 2);
        assert_eq!(&my[pieces[1].code..pieces[1].end], "SELECT `a;b`");
        // SQLite has no backslash escapes: the quote after `\` ends the string.
        let lite = "SELECT 'a\\'; SELECT 2";
        assert_eq!(split_statements(lite, SqlDialect::Sqlite).len(), 2);
    }

    #[test]
    fn do_is_the_first_word() {
        for code in [
            "DO $$ x $$",
            "do$$x$$",
            "Do",
            "DOES x",
            "do_it()",
            "dö",
            "doé",
            "d",
            "",
            "é",
            "DO\n$$",
            "DO1",
            "CREATE",
        ] {
            assert_eq!(starts_with_do(code), first_word(code) == "DO", "{code}");
        }
    }

    #[test]
    fn do_blocks() {
        assert_eq!(
            parse_do("DO $x$ BEGIN END $x$").unwrap(),
            DoBlock {
                language: None,
                body: " BEGIN END ".into()
            }
        );
        assert_eq!(
            parse_do("do language plpgsql $$x$$").unwrap().language,
            None
        );
        assert!(parse_do("DO 'x'").is_err());
        assert!(parse_do("DO $$ x $$ ; DROP").is_err());
        assert!(parse_do("DO $$ x $$ junk").is_err());
        assert_eq!(free_dollar_tag(&["a $$ b"]), "$sf$");
    }
}
