//! Formats recognised in real string values: UUID, RFC 3339 date-time, date, email, URI.
//!
//! Each check is strict on shape (a value that merely resembles a date is plain text) and
//! linear in the string's length.

/// The OpenAPI format a real string value has, if it clearly has one.
pub(crate) fn detect(text: &str) -> Option<&'static str> {
    if is_uuid(text) {
        Some("uuid")
    } else if is_date_time(text) {
        Some("date-time")
    } else if is_date(text) {
        Some("date")
    } else if is_email(text) {
        Some("email")
    } else if is_uri(text) {
        Some("uri")
    } else {
        None
    }
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `len` ASCII digits at the start of `text`, as a number, and the rest.
fn digits(text: &str, len: usize) -> Option<(u32, &str)> {
    let head = text.get(..len)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, text.get(len..)?))
}

/// `YYYY-MM-DD` at the start of `text`, and the rest.
fn date_prefix(text: &str) -> Option<&str> {
    let (_, rest) = digits(text, 4)?;
    let (month, rest) = digits(rest.strip_prefix('-')?, 2)?;
    let (day, rest) = digits(rest.strip_prefix('-')?, 2)?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(rest)
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    date_prefix(text) == Some("")
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn is_date_time(text: &str) -> bool {
    let Some(rest) = date_prefix(text) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(['T', 't']) else {
        return false;
    };
    let time = || -> Option<()> {
        let (hour, rest) = digits(rest, 2)?;
        let (minute, rest) = digits(rest.strip_prefix(':')?, 2)?;
        let (second, rest) = digits(rest.strip_prefix(':')?, 2)?;
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let rest = match rest.strip_prefix('.') {
            Some(frac) => {
                let len = frac.bytes().take_while(u8::is_ascii_digit).count();
                if len == 0 {
                    return None;
                }
                frac.get(len..)?
            }
            None => rest,
        };
        if rest == "Z" || rest == "z" {
            return Some(());
        }
        let offset = rest.strip_prefix(['+', '-'])?;
        let (hours, offset) = digits(offset, 2)?;
        let (minutes, offset) = digits(offset.strip_prefix(':')?, 2)?;
        (hours <= 23 && minutes <= 59 && offset.is_empty()).then_some(())
    };
    time().is_some()
}

/// `local@domain.tld`, no white space.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels_ok = domain.split('.').count() >= 2 && domain.split('.').all(|l| !l.is_empty());
    !local.is_empty()
        && !domain.contains('@')
        && labels_ok
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `http://` or `https://` and a host, no white space.
fn is_uri(text: &str) -> bool {
    let lower = text
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let scheme_len = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return false;
    };
    let host_ok = text
        .get(scheme_len..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_alphanumeric() || c == '[');
    host_ok && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn recognises_formats() {
        assert_eq!(detect("4b0f8a52-6c1e-4f0e-9d3a-2f1f0c7d9e11"), Some("uuid"));
        assert_eq!(detect("2026-03-02T09:15:00Z"), Some("date-time"));
        assert_eq!(detect("2026-01-15T10:30:45.123456Z"), Some("date-time"));
        assert_eq!(detect("2026-01-15T10:30:45+02:00"), Some("date-time"));
        assert_eq!(detect("2026-04-10"), Some("date"));
        assert_eq!(detect("maria.rossi@example.com"), Some("email"));
        assert_eq!(detect("https://api.example.com/users"), Some("uri"));
        assert_eq!(detect("HTTP://example.com"), Some("uri"));
    }

    #[test]
    fn leaves_look_alikes_alone() {
        for text in [
            "12345-abcde-67890",
            "2026-04-04T10:00:00",
            "2026-13-01",
            "2026-04-10 and more",
            "@example.com",
            "a@b",
            "https://example.com/health (required, SSRF-validated)",
            "https://",
            "Oak dining chair",
            "",
            "é",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
