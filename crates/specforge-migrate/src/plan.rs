//! Choosing the migration: the spec's own Up/Down pair as written, or SQL generated from the
//! schema model.
//!
//! The pair is used when the spec has exactly one `**Up Migration:**` and one
//! `**Down Migration:**` fence, both PostgreSQL, and the Up creates every table, enum type and
//! named index the spec describes. Whenever there is exactly one of each, the Down is checked against the
//! Up ([`crate::pair`]); when the pair is not used, a note says why.

use crate::emit::generated_sql;
use crate::format::{MigrationFormat, directive_lines, package};
use crate::pair::check_pair;
use specforge_model::{Artifact, Code, Diagnostic, Severity, Span, Spec, SqlBlockRole, SqlDialect};
use specforge_schema::{SchemaModel, build_schema};

fn note(code: Code, span: Span, message: String) -> Diagnostic {
    let mut d = Diagnostic::new(code, span, message);
    d.severity = Severity::Note;
    d
}

/// The migration files for `spec` in `format`, and every diagnostic about the schema and the
/// pair. No files when the spec describes no schema or when any diagnostic is an error.
/// `spec_name` goes into the header line and, through [`crate::migration_slug`], the names.
pub fn plan_migration(
    spec: &Spec,
    spec_name: &str,
    format: MigrationFormat,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    let (model, diags) = build_schema(spec);
    plan_migration_from(spec, &model, diags, spec_name, format)
}

/// [`plan_migration`] from a schema already built with [`build_schema`] (and its diagnostics),
/// so a caller that needs the schema for more than migrations builds it once.
pub fn plan_migration_from(
    spec: &Spec,
    model: &SchemaModel,
    schema_diagnostics: Vec<Diagnostic>,
    spec_name: &str,
    format: MigrationFormat,
) -> (Vec<Artifact>, Vec<Diagnostic>) {
    if spec.schema.sql_blocks.is_empty() && spec.schema.tables.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut diags = schema_diagnostics;
    let ups: Vec<_> = spec
        .schema
        .sql_blocks
        .iter()
        .filter(|b| b.role == SqlBlockRole::Up)
        .collect();
    let downs: Vec<_> = spec
        .schema
        .sql_blocks
        .iter()
        .filter(|b| b.role == SqlBlockRole::Down)
        .collect();

    let mut explicit = None;
    match (ups.as_slice(), downs.as_slice()) {
        ([], []) => {}
        ([up], [down]) => {
            if let Some(objects) = check_pair(up, down, &mut diags) {
                let foreign = [up, down]
                    .into_iter()
                    .find(|b| b.dialect != SqlDialect::Postgres);
                let missing: Vec<String> = model
                    .tables
                    .iter()
                    .filter(|t| !objects.creates_table(&t.name))
                    .map(|t| format!("table `{}`", t.name))
                    .chain(
                        model
                            .enums
                            .iter()
                            .filter(|e| !objects.creates_type(&e.name))
                            .map(|e| format!("enum type `{}`", e.name)),
                    )
                    .chain(
                        model
                            .indexes
                            .iter()
                            .filter_map(|i| i.name.as_deref())
                            .filter(|n| !objects.creates_index(n))
                            .map(|n| format!("index `{n}`")),
                    )
                    .collect();
                if let Some(block) = foreign {
                    diags.push(note(
                        Code::DialectConverted,
                        block.span,
                        format!(
                            "the migration pair is written in `{}`, not PostgreSQL; the migration is generated from the schema instead (the pair is still checked)",
                            block.info
                        ),
                    ));
                } else if !missing.is_empty() {
                    diags.push(note(
                        Code::StatementSkipped,
                        up.span,
                        format!(
                            "the up migration does not create {} described elsewhere in the spec; the migration is generated from the whole schema instead (the pair is still checked)",
                            missing.join(", ")
                        ),
                    ));
                } else {
                    explicit = Some((up.body.as_str(), down.body.as_str(), up.span, down.span));
                }
            }
        }
        _ => {
            let first = ups
                .first()
                .or(downs.first())
                .map_or(Span::default(), |b| b.span);
            diags.push(note(
                Code::StatementSkipped,
                first,
                format!(
                    "the spec has {} up and {} down migration fences; a pair is used as written only when there is exactly one of each, so the migration is generated from the schema",
                    ups.len(),
                    downs.len()
                ),
            ));
        }
    }

    if let Some((up, down, up_span, down_span)) = explicit {
        for (sql, span) in [(up, up_span), (down, down_span)] {
            for line in directive_lines(format, sql) {
                diags.push(Diagnostic::new(
                    Code::MigrationDirectiveInSql,
                    span,
                    format!(
                        "the line `{line}` would be read as a {} directive; remove it from the migration fence",
                        format.name()
                    ),
                ));
            }
        }
    }
    if explicit.is_none() {
        // Carried statements keep their text (a function body, a DO block): none may hold a
        // line the migration tool would read as its own directive.
        for c in &model.carried {
            for sql in std::iter::once(&c.up).chain(c.down.iter()) {
                for line in directive_lines(format, sql) {
                    diags.push(Diagnostic::new(
                        Code::MigrationDirectiveInSql,
                        c.span,
                        format!(
                            "the line `{line}` would be read as a {} directive; remove it from the statement",
                            format.name()
                        ),
                    ));
                }
            }
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }
    if explicit.is_none() && model.is_empty() {
        // The fences hold no schema (only queries, settings, other languages): no migration.
        return (Vec::new(), diags);
    }

    let slug = crate::migration_slug(spec_name);
    let artifacts = match explicit {
        Some((up, down, _, _)) => {
            // The spec's own SQL, written as the author wrote it: it must parse as PostgreSQL.
            let artifacts = package(format, spec_name, &slug, up, down);
            crate::reparse_files(&artifacts, Code::SqlParseError, &mut diags);
            artifacts
        }
        None => {
            // Generated SQL is not re-parsed here: it costs more than emitting it (21 ms
            // against 14 ms at 1 MB). The tests re-parse every fixture's migrations and apply
            // them to PostgreSQL; `--verify` re-parses at run time (specforge-pipeline).
            let (up, down) = generated_sql(model);
            package(format, spec_name, &slug, &up, &down)
        }
    };
    if diags.iter().any(Diagnostic::is_error) {
        return (Vec::new(), diags);
    }
    (artifacts, diags)
}
