//! GitHub-style heading anchors, unique within a document.

/// Hands out GitHub-compatible slugs, suffixing `-1`, `-2` … on repeats, as GitHub does.
#[derive(Debug, Default)]
pub struct Slugger {
    /// Slugs handed out and their count (looked up only: its order never shows). FNV hashing:
    /// slugs are short, and SipHash's resistance to chosen collisions buys nothing here.
    seen: fnv::FnvHashMap<String, usize>,
}

impl Slugger {
    /// The slug for `heading`, unique among those handed out so far.
    pub fn slug(&mut self, heading: &str) -> String {
        let heading = heading.trim();
        let base: String = if heading.is_ascii() {
            let mut base = String::with_capacity(heading.len());
            for b in heading.bytes() {
                match b {
                    b' ' => base.push('-'),
                    b'-' | b'_' => base.push(char::from(b)),
                    b if b.is_ascii_alphanumeric() => base.push(char::from(b.to_ascii_lowercase())),
                    _ => {}
                }
            }
            base
        } else {
            heading
                .to_lowercase()
                .chars()
                .filter_map(|c| match c {
                    ' ' => Some('-'),
                    '-' | '_' => Some(c),
                    c if c.is_alphanumeric() => Some(c),
                    _ => None,
                })
                .collect()
        };
        match self.seen.get_mut(&base) {
            Some(count) => {
                let slug = format!("{base}-{count}");
                *count += 1;
                slug
            }
            None => {
                self.seen.insert(base.clone(), 1);
                base
            }
        }
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
