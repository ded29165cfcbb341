//! What an Auth cell or field says, reduced to the level the OpenAPI security and the
//! consistency rules both reason about.

/// Whether an endpoint needs credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthLevel {
    /// `None`, `No`, `Public`, `-`, `N/A`, `Anonymous`.
    Public,
    /// Anything that says `optional`.
    Optional,
    /// Everything else that is not empty (`Required`, `Yes`, `Bearer JWT`, `API key (admin)`).
    Required,
}

impl AuthLevel {
    /// The level `text` states, or `None` when it is empty.
    pub fn of(text: &str) -> Option<AuthLevel> {
        let lower = text.trim().trim_matches('*').trim().to_ascii_lowercase();
        if lower.is_empty() {
            return None;
        }
        let public = matches!(
            lower.as_str(),
            "none"
                | "no"
                | "public"
                | "-"
                | "—"
                | "–"
                | "n/a"
                | "false"
                | "not required"
                | "anonymous"
        ) || ["none ", "public ", "no ", "none ("]
            .iter()
            .any(|p| lower.starts_with(p));
        Some(if public {
            AuthLevel::Public
        } else if lower.contains("optional") {
            AuthLevel::Optional
        } else {
            AuthLevel::Required
        })
    }

    /// A word for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthLevel::Public => "public",
            AuthLevel::Optional => "optional",
            AuthLevel::Required => "required",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AuthLevel;

    #[test]
    fn auth_cells_reduce_to_levels() {
        for (text, level) in [
            ("None", Some(AuthLevel::Public)),
            ("**No**", Some(AuthLevel::Public)),
            ("public (rate limited)", Some(AuthLevel::Public)),
            ("-", Some(AuthLevel::Public)),
            ("Optional (JWT)", Some(AuthLevel::Optional)),
            ("Required", Some(AuthLevel::Required)),
            ("Bearer JWT (admin)", Some(AuthLevel::Required)),
            ("Notary role", Some(AuthLevel::Required)),
            ("  ", None),
        ] {
            assert_eq!(AuthLevel::of(text), level, "{text}");
        }
    }
}
