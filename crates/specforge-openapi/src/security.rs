//! Security schemes and requirements from the API's stated authentication and each endpoint's
//! Auth cell.
//!
//! * JWT / Bearer / token / OAuth → `bearerAuth` (`http`, `bearer`, `bearerFormat: JWT` when
//!   JWT is mentioned anywhere); API key / `X-API-Key` → `apiKeyAuth` (`apiKey` in a header
//!   named as written, else `X-API-Key`).
//! * A bare `Required` / `Yes` uses the API's stated scheme; with no scheme stated anywhere it
//!   means bearer.
//! * The top-level `security` is the main scheme when any endpoint requires auth. Public
//!   endpoints (`None`, `No`, `Public`, `-`) get `security: []`; `Optional` gets
//!   `[{}, {scheme: []}]`; an endpoint whose Auth cell is empty inherits the top level, or gets
//!   `security: []` when there is no top level (so every operation states its security).

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement, SecurityScheme};
use specforge_model::{AuthLevel, Spec};

/// One kind of credential.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Bearer,
    ApiKey(String),
}

impl Kind {
    fn name(&self) -> &'static str {
        match self {
            Kind::Bearer => "bearerAuth",
            Kind::ApiKey(_) => "apiKeyAuth",
        }
    }

    fn requirement(&self) -> SecurityRequirement {
        let mut r = SecurityRequirement::new();
        r.insert(self.name().to_owned(), Vec::new());
        r
    }
}

/// What an Auth cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Need {
    Unstated,
    Public,
    Optional(Kind),
    Required(Kind),
}

/// The document's security: schemes, the top-level requirement, and each endpoint's own
/// requirement (`None`: inherit the top level), in endpoint order.
pub struct Plan {
    /// `components.securitySchemes`.
    pub schemes: IndexMap<String, ReferenceOr<SecurityScheme>>,
    /// Top-level `security`.
    pub top: Option<Vec<SecurityRequirement>>,
    /// Per endpoint, in `spec.api.endpoints` order.
    pub per_endpoint: Vec<Option<Vec<SecurityRequirement>>>,
}

fn detect(text: &str) -> Option<Kind> {
    let lower = text.to_ascii_lowercase();
    if ["api key", "api-key", "apikey", "api_key", "x-api-key"]
        .iter()
        .any(|w| lower.contains(w))
    {
        let header = text
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .find(|w| w.len() > 2 && w[..2].eq_ignore_ascii_case("x-"))
            .unwrap_or("X-API-Key");
        return Some(Kind::ApiKey(header.to_owned()));
    }
    if ["bearer", "jwt", "token", "oauth"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return Some(Kind::Bearer);
    }
    None
}

fn is_public(text: &str) -> bool {
    AuthLevel::of(text) == Some(AuthLevel::Public)
}

/// Plans the security of `spec`'s operations.
pub fn plan(spec: &Spec) -> Plan {
    let stated = spec.api.auth_scheme.as_ref().and_then(|s| detect(&s.value));
    let main = stated
        .clone()
        .or_else(|| {
            spec.api
                .endpoints
                .iter()
                .filter_map(|e| e.auth.as_ref())
                .filter(|a| !is_public(&a.value))
                .find_map(|a| detect(&a.value))
        })
        .unwrap_or(Kind::Bearer);
    let needs: Vec<Need> = spec
        .api
        .endpoints
        .iter()
        .map(|e| match &e.auth {
            None => Need::Unstated,
            Some(a) if a.value.trim().is_empty() => Need::Unstated,
            Some(a) if is_public(&a.value) => Need::Public,
            Some(a) if AuthLevel::of(&a.value) == Some(AuthLevel::Optional) => {
                Need::Optional(detect(&a.value).unwrap_or_else(|| main.clone()))
            }
            Some(a) => Need::Required(detect(&a.value).unwrap_or_else(|| main.clone())),
        })
        .collect();
    let jwt = spec
        .api
        .auth_scheme
        .iter()
        .chain(spec.api.endpoints.iter().filter_map(|e| e.auth.as_ref()))
        .any(|a| a.value.to_ascii_lowercase().contains("jwt"));
    // A scheme stated once for the API covers the endpoints that say nothing about auth.
    let any_required = needs.iter().any(|n| matches!(n, Need::Required(_)))
        || (stated.is_some() && needs.iter().any(|n| matches!(n, Need::Unstated)));
    let top = any_required.then(|| vec![main.requirement()]);
    let mut schemes = IndexMap::new();
    let mut used: Vec<Kind> = Vec::new();
    if any_required {
        used.push(main.clone());
    }
    let per_endpoint = needs
        .iter()
        .map(|need| match need {
            Need::Unstated => top.is_none().then(Vec::new),
            Need::Public => Some(Vec::new()),
            Need::Optional(k) => {
                used.push(k.clone());
                Some(vec![SecurityRequirement::new(), k.requirement()])
            }
            Need::Required(k) => {
                used.push(k.clone());
                (*k != main).then(|| vec![k.requirement()])
            }
        })
        .collect();
    for kind in used {
        if schemes.contains_key(kind.name()) {
            continue;
        }
        let scheme = match &kind {
            Kind::Bearer => SecurityScheme::HTTP {
                scheme: "bearer".into(),
                bearer_format: jwt.then(|| "JWT".to_owned()),
                description: None,
                extensions: IndexMap::new(),
            },
            Kind::ApiKey(header) => SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name: header.clone(),
                description: None,
                extensions: IndexMap::new(),
            },
        };
        schemes.insert(kind.name().to_owned(), ReferenceOr::Item(scheme));
    }
    Plan {
        schemes,
        top,
        per_endpoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_schemes_and_public_words() {
        assert_eq!(detect("Bearer token (JWT)"), Some(Kind::Bearer));
        assert_eq!(
            detect("API key in X-Partner-Key"),
            Some(Kind::ApiKey("X-Partner-Key".into()))
        );
        assert_eq!(detect("API key"), Some(Kind::ApiKey("X-API-Key".into())));
        assert_eq!(detect("Required"), None);
        assert!(is_public("None"));
        assert!(is_public("Public"));
        assert!(is_public("-"));
        assert!(!is_public("Required"));
    }
}
