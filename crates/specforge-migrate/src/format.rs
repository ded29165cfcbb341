//! Migration file layouts for the tools that run them (`--migration-format`).
//!
//! Every file starts with the generated-file header line, uses LF line endings and ends with
//! exactly one newline. The version is always 1: specforge writes the first migration of a
//! schema.

use specforge_model::Artifact;
use std::fmt;
use std::str::FromStr;

/// How the up and down SQL are laid out in files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MigrationFormat {
    /// `migrations/0001_<slug>.up.sql` and `migrations/0001_<slug>.down.sql`, as sqlx and
    /// golang-migrate read them.
    #[default]
    Plain,
    /// One file, `migrations/0001_<slug>.sql`: `-- migrate:up`, the up SQL, `-- migrate:down`,
    /// the down SQL (dbmate).
    Dbmate,
    /// `migrations/V1__<slug>.sql` and the undo migration `migrations/U1__<slug>.sql`
    /// (Flyway; undo migrations need a Flyway edition that runs them).
    Flyway,
    /// `migrations/V1__<slug>.sql` only: refinery has no down migrations, so the down SQL is
    /// not written.
    Refinery,
}

impl MigrationFormat {
    /// Every format, in the order of the `--migration-format` help.
    pub const ALL: [MigrationFormat; 4] = [
        MigrationFormat::Plain,
        MigrationFormat::Dbmate,
        MigrationFormat::Flyway,
        MigrationFormat::Refinery,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MigrationFormat::Plain => "plain",
            MigrationFormat::Dbmate => "dbmate",
            MigrationFormat::Flyway => "flyway",
            MigrationFormat::Refinery => "refinery",
        }
    }

    /// True when the format has a place for the down SQL.
    pub fn has_down(self) -> bool {
        self != MigrationFormat::Refinery
    }
}

impl fmt::Display for MigrationFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MigrationFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MigrationFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown migration format `{s}` (expected plain, dbmate, flyway or refinery)"
                )
            })
    }
}

/// The header line for a spec (see `specforge_model::naming::generated_header`).
pub(crate) fn header(spec_name: &str) -> String {
    specforge_model::naming::generated_header("--", spec_name)
}

/// SQL text with trailing blanks and surrounding blank lines removed (never the inside).
fn body(sql: &str) -> &str {
    let sql = sql.trim_end();
    let start = sql
        .char_indices()
        .take_while(|(_, c)| c.is_whitespace())
        .filter(|&(_, c)| c == '\n')
        .last()
        .map_or(0, |(i, _)| i + 1);
    &sql[start..]
}

/// A file: the header, a blank line, then the sections; LF, one trailing newline.
fn file(path: String, spec_name: &str, sections: &[&str]) -> Artifact {
    let mut contents = header(spec_name);
    contents.push('\n');
    for section in sections.iter().map(|s| body(s)).filter(|s| !s.is_empty()) {
        contents.push('\n');
        contents.push_str(section);
        contents.push('\n');
    }
    let contents = contents.replace("\r\n", "\n").trim_end().to_owned() + "\n";
    Artifact { path, contents }
}

/// Lays out `up` and `down` (SQL without a header) as `format` wants them. `spec_name` goes
/// into the header line; `slug` (from [`crate::migration_slug`]) into the file names.
pub fn package(
    format: MigrationFormat,
    spec_name: &str,
    slug: &str,
    up: &str,
    down: &str,
) -> Vec<Artifact> {
    match format {
        MigrationFormat::Plain => vec![
            file(format!("migrations/0001_{slug}.up.sql"), spec_name, &[up]),
            file(
                format!("migrations/0001_{slug}.down.sql"),
                spec_name,
                &[down],
            ),
        ],
        MigrationFormat::Dbmate => {
            let up = format!("-- migrate:up\n{}", body(up));
            let down = format!("-- migrate:down\n{}", body(down));
            vec![file(
                format!("migrations/0001_{slug}.sql"),
                spec_name,
                &[&up, &down],
            )]
        }
        MigrationFormat::Flyway => vec![
            file(format!("migrations/V1__{slug}.sql"), spec_name, &[up]),
            file(format!("migrations/U1__{slug}.sql"), spec_name, &[down]),
        ],
        MigrationFormat::Refinery => {
            vec![file(format!("migrations/V1__{slug}.sql"), spec_name, &[up])]
        }
    }
}

/// Lines of `sql` that a migration tool would read as its own directive (`-- migrate:up`,
/// `-- migrate:down` for dbmate), which spec text must not inject.
pub(crate) fn directive_lines(format: MigrationFormat, sql: &str) -> Vec<String> {
    if format != MigrationFormat::Dbmate {
        return Vec::new();
    }
    sql.lines()
        .filter(|l| {
            let t = l.trim_start();
            t.strip_prefix("--")
                .is_some_and(|rest| rest.trim_start().starts_with("migrate:"))
        })
        .map(|l| l.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_keep_their_inside() {
        assert_eq!(body("\n\n  CREATE TABLE a ();\n\n"), "  CREATE TABLE a ();");
        assert_eq!(body("a\n\nb\n"), "a\n\nb");
        assert_eq!(body("   \n"), "");
    }

    #[test]
    fn names_round_trip() {
        for f in MigrationFormat::ALL {
            assert_eq!(f.name().parse::<MigrationFormat>(), Ok(f));
        }
        assert!("Plain".parse::<MigrationFormat>().is_err());
        assert_eq!(MigrationFormat::default(), MigrationFormat::Plain);
    }

    #[test]
    fn empty_down_is_the_header_alone() {
        let files = package(MigrationFormat::Plain, "s.md", "s", "SELECT 1;", "");
        assert_eq!(
            files[1].contents,
            "-- @generated by specforge from s.md. Do not edit.\n"
        );
    }
}
