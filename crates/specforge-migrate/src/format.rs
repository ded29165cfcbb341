//! Migration file layouts for the tools that run them (`--migration-format`).
//!
//! Every file starts with the generated-file header line, uses LF line endings and ends with
//! exactly one newline. The first migration of a schema is version 1; a revised spec adds the
//! next version ([`package_step`]), and [`migration_version`] and [`up_sql`] read the files
//! back. A migration that must run outside a transaction (`CREATE INDEX CONCURRENTLY`) says
//! so where its tool looks: sqlx reads `-- no-transaction` at the very start of the file (the
//! header line starts with it), dbmate `-- migrate:up transaction:false`, refinery a
//! `-- refinery:noTransaction` line.

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
    file_with_header(path, header(spec_name), sections)
}

fn file_with_header(path: String, header: String, sections: &[&str]) -> Artifact {
    let mut contents = header;
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
    package_numbered(format, spec_name, slug, 1, up, down, true)
}

/// [`package`] for any version; `transactional: false` marks the files for the tools that
/// would otherwise wrap them in a transaction.
pub fn package_numbered(
    format: MigrationFormat,
    spec_name: &str,
    slug: &str,
    version: u32,
    up: &str,
    down: &str,
    transactional: bool,
) -> Vec<Artifact> {
    let head = || {
        let h = header(spec_name);
        if transactional || format != MigrationFormat::Plain {
            h
        } else {
            // sqlx reads `-- no-transaction` only at the start of the file.
            format!("-- no-transaction {}", h.trim_start_matches("-- "))
        }
    };
    match format {
        MigrationFormat::Plain => vec![
            file_with_header(
                format!("migrations/{version:04}_{slug}.up.sql"),
                head(),
                &[up],
            ),
            file_with_header(
                format!("migrations/{version:04}_{slug}.down.sql"),
                head(),
                &[down],
            ),
        ],
        MigrationFormat::Dbmate => {
            let marker = if transactional {
                ""
            } else {
                " transaction:false"
            };
            let up = format!("-- migrate:up{marker}\n{}", body(up));
            let down = format!("-- migrate:down{marker}\n{}", body(down));
            vec![file(
                format!("migrations/{version:04}_{slug}.sql"),
                spec_name,
                &[&up, &down],
            )]
        }
        MigrationFormat::Flyway => vec![
            file(
                format!("migrations/V{version}__{slug}.sql"),
                spec_name,
                &[up],
            ),
            file(
                format!("migrations/U{version}__{slug}.sql"),
                spec_name,
                &[down],
            ),
        ],
        MigrationFormat::Refinery => {
            // refinery runs a migration outside a transaction when a line says so.
            let marker = "-- refinery:noTransaction";
            let sections: &[&str] = if transactional { &[up] } else { &[marker, up] };
            vec![file(
                format!("migrations/V{version}__{slug}.sql"),
                spec_name,
                sections,
            )]
        }
    }
}

/// The files of a planned [`crate::Step`]: the main migration as `version`, then one
/// migration per concurrently built index (`<slug>_<index>`), each outside a transaction.
pub fn package_step(
    format: MigrationFormat,
    spec_name: &str,
    slug: &str,
    version: u32,
    step: &crate::Step,
) -> Vec<Artifact> {
    let mut files = Vec::new();
    let mut next = version;
    if !step.up.trim().is_empty() {
        files.extend(package_numbered(
            format, spec_name, slug, next, &step.up, &step.down, true,
        ));
        next += 1;
    }
    for ix in &step.concurrent {
        let mut name = format!("{slug}_{}", specforge_model::naming::ascii_snake(&ix.name));
        while name.len() > 100 {
            name.pop();
        }
        files.extend(package_numbered(
            format, spec_name, &name, next, &ix.up, &ix.down, false,
        ));
        next += 1;
    }
    files
}

/// The version of a migration file of `format` (`migrations/0002_x.up.sql` → 2,
/// `migrations/V3__x.sql` → 3); `None` for a path that is not one.
pub fn migration_version(format: MigrationFormat, path: &str) -> Option<u32> {
    let file = path.strip_prefix("migrations/")?;
    if file.contains('/') || !file.ends_with(".sql") {
        return None;
    }
    let digits = match format {
        MigrationFormat::Plain | MigrationFormat::Dbmate => file.split('_').next()?,
        MigrationFormat::Flyway => file
            .strip_prefix('V')
            .or_else(|| file.strip_prefix('U'))?
            .split("__")
            .next()?,
        MigrationFormat::Refinery => file.strip_prefix('V')?.split("__").next()?,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let plain_shape = match format {
        MigrationFormat::Plain => file.ends_with(".up.sql") || file.ends_with(".down.sql"),
        MigrationFormat::Dbmate => !file.ends_with(".up.sql") && !file.ends_with(".down.sql"),
        _ => true,
    };
    plain_shape.then(|| digits.parse().ok()).flatten()
}

/// The order migration files are listed in (as [`package_step`] produces them): by version,
/// then the up file before the down file.
pub fn file_order(format: MigrationFormat, path: &str) -> (u32, bool, String) {
    let file = path.rsplit('/').next().unwrap_or(path);
    let down =
        file.ends_with(".down.sql") || (format == MigrationFormat::Flyway && file.starts_with('U'));
    (
        migration_version(format, path).unwrap_or(u32::MAX),
        down,
        path.to_owned(),
    )
}

/// The up SQL a migration file of `format` carries, or `None` when it carries none (a down
/// file). The header and, for dbmate, the down section are left out.
pub fn up_sql(format: MigrationFormat, path: &str, contents: &str) -> Option<String> {
    let file = path.rsplit('/').next().unwrap_or(path);
    match format {
        MigrationFormat::Plain if !file.ends_with(".up.sql") => None,
        MigrationFormat::Flyway if !file.starts_with('V') => None,
        MigrationFormat::Dbmate => {
            let start = contents.find("-- migrate:up")?;
            let rest = &contents[start..];
            let rest = &rest[rest.find('\n').map_or(rest.len(), |i| i + 1)..];
            let end = rest.find("-- migrate:down").unwrap_or(rest.len());
            Some(rest[..end].to_owned())
        }
        _ => Some(contents.to_owned()),
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

    #[test]
    fn versions_and_up_sql_read_back_in_every_format() {
        for format in MigrationFormat::ALL {
            let files = package_numbered(format, "s.md", "s", 12, "SELECT 1;", "SELECT 2;", true);
            for f in &files {
                assert_eq!(migration_version(format, &f.path), Some(12), "{}", f.path);
            }
            let ups: Vec<String> = files
                .iter()
                .filter_map(|f| up_sql(format, &f.path, &f.contents))
                .collect();
            assert_eq!(ups.len(), 1, "{format}");
            assert!(
                ups[0].contains("SELECT 1;") && !ups[0].contains("SELECT 2;"),
                "{format}"
            );
        }
        assert_eq!(
            migration_version(MigrationFormat::Plain, "migrations/0003_x.sql"),
            None
        );
        assert_eq!(
            migration_version(MigrationFormat::Dbmate, "migrations/0003_x.up.sql"),
            None
        );
        assert_eq!(
            migration_version(MigrationFormat::Plain, "migrations/x/0003_x.up.sql"),
            None
        );
        assert_eq!(
            migration_version(MigrationFormat::Flyway, "openapi.yaml"),
            None
        );
    }

    #[test]
    fn a_migration_outside_a_transaction_says_so_where_its_tool_looks() {
        let first = |format| {
            let sql = "CREATE INDEX CONCURRENTLY i ON t (a);";
            package_numbered(format, "s.md", "s", 2, sql, "DROP INDEX i;", false)[0]
                .contents
                .clone()
        };
        assert!(
            first(MigrationFormat::Plain)
                .starts_with("-- no-transaction @generated by specforge from s.md.")
        );
        let dbmate = first(MigrationFormat::Dbmate);
        assert!(dbmate.contains("-- migrate:up transaction:false\n"));
        assert!(dbmate.contains("-- migrate:down transaction:false\n"));
        assert!(first(MigrationFormat::Refinery).contains("\n-- refinery:noTransaction\n"));
    }

    #[test]
    fn up_files_sort_before_their_down_files() {
        let mut paths = vec![
            "migrations/0002_s.down.sql",
            "migrations/0010_s.up.sql",
            "migrations/0002_s.up.sql",
        ];
        paths.sort_by_key(|p| file_order(MigrationFormat::Plain, p));
        assert_eq!(
            paths,
            [
                "migrations/0002_s.up.sql",
                "migrations/0002_s.down.sql",
                "migrations/0010_s.up.sql"
            ]
        );
        let mut flyway = vec!["migrations/U1__s.sql", "migrations/V1__s.sql"];
        flyway.sort_by_key(|p| file_order(MigrationFormat::Flyway, p));
        assert_eq!(flyway, ["migrations/V1__s.sql", "migrations/U1__s.sql"]);
    }
}
