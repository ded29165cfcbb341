//! GitHub-style heading anchors, unique within a document.

use std::collections::BTreeMap;

/// Hands out GitHub-compatible slugs, suffixing `-1`, `-2` … on repeats, as GitHub does.
#[derive(Debug, Default)]
pub struct Slugger {
    seen: BTreeMap<String, usize>,
}

impl Slugger {
    /// The slug for `heading`, unique among those handed out so far.
    pub fn slug(&mut self, heading: &str) -> String {
        let base: String = heading
            .trim()
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                '-' | '_' => Some(c),
                c if c.is_alphanumeric() => Some(c),
                _ => None,
            })
            .collect();
        let count = self.seen.entry(base.clone()).or_insert(0);
        let slug = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_github_anchors() {
        let mut slugger = Slugger::default();
        assert_eq!(
            slugger.slug("Monitoring & Maintenance"),
            "monitoring--maintenance"
        );
        assert_eq!(slugger.slug("GET /api/v1/users/{id}"), "get-apiv1usersid");
        assert_eq!(slugger.slug("3.2 API Endpoints"), "32-api-endpoints");
        assert_eq!(slugger.slug("Indexes"), "indexes");
        assert_eq!(slugger.slug("Indexes"), "indexes-1");
        assert_eq!(slugger.slug("데이터 모델"), "데이터-모델");
    }
}
