//! The four kinds of artifact specforge builds, and which kind a generated file belongs to.
//!
//! An error in the spec blocks the kinds built from the construct it concerns
//! ([`crate::Diagnostic::blocks`]); the others are still built and written.

use serde::Serialize;

/// An artifact kind, in output order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArtifactKind {
    /// `openapi.yaml` (and `openapi.json`).
    Openapi,
    /// `migrations/`.
    Migrations,
    /// `errors.rs`.
    Errors,
    /// `alerts.yaml` and `alerts.test.yaml`.
    Alerts,
}

impl ArtifactKind {
    /// Every kind, in output order.
    pub const ALL: [ArtifactKind; 4] = [
        ArtifactKind::Openapi,
        ArtifactKind::Migrations,
        ArtifactKind::Errors,
        ArtifactKind::Alerts,
    ];

    /// The name used by `--only`, `specforge.toml`, `specforge.sum` and every report.
    pub fn name(self) -> &'static str {
        match self {
            ArtifactKind::Openapi => "openapi",
            ArtifactKind::Migrations => "migrations",
            ArtifactKind::Errors => "errors",
            ArtifactKind::Alerts => "alerts",
        }
    }

    /// The kind a name from [`ArtifactKind::name`] stands for.
    pub fn from_name(name: &str) -> Option<ArtifactKind> {
        ArtifactKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind a generated file (a path relative to the output folder) belongs to;
    /// `None` for `specforge.sum` and anything specforge does not write.
    pub fn of_path(path: &str) -> Option<ArtifactKind> {
        match path {
            "openapi.yaml" | "openapi.json" => Some(ArtifactKind::Openapi),
            "errors.rs" => Some(ArtifactKind::Errors),
            "alerts.yaml" | "alerts.test.yaml" => Some(ArtifactKind::Alerts),
            _ if path.starts_with("migrations/") => Some(ArtifactKind::Migrations),
            _ => None,
        }
    }
}

/// The names of `kinds`, comma-separated (`openapi, migrations`).
pub fn kind_list(kinds: &[ArtifactKind]) -> String {
    kinds
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_path_has_its_kind() {
        assert_eq!(
            ArtifactKind::of_path("openapi.json"),
            Some(ArtifactKind::Openapi)
        );
        assert_eq!(
            ArtifactKind::of_path("migrations/0001_x.up.sql"),
            Some(ArtifactKind::Migrations)
        );
        assert_eq!(
            ArtifactKind::of_path("alerts.test.yaml"),
            Some(ArtifactKind::Alerts)
        );
        assert_eq!(
            ArtifactKind::of_path("errors.rs"),
            Some(ArtifactKind::Errors)
        );
        assert_eq!(ArtifactKind::of_path("specforge.sum"), None);
        assert_eq!(ArtifactKind::of_path("migrationsx"), None);
        for kind in ArtifactKind::ALL {
            assert_eq!(ArtifactKind::from_name(kind.name()), Some(kind));
        }
    }
}
