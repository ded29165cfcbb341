//! Markdown column tables (`| Column | Type | Constraints | Default | Description |`) to the
//! schema model.
//!
//! The type cell goes through the closed type grammar (`BIGINT PK` / `BIGINT FK` are folded
//! in); the constraints cell is read option by option with sqlparser's own column-option
//! parser, plus the `PK` and `FK` shorthands; a default must be one SQL expression; a
//! description's `References table(column)` gives the FK target.

use crate::ddl::{Place, apply_column_option};
pub(crate) use crate::dialect::parse_default;
use crate::ident::{quote_ident, quote_literal};
use crate::model::{
    ColumnDef, QualifiedName, RefAction, Reference, SqlText, TableDef, TableSource,
};
use crate::name::{cell_name, table_name};
use crate::types::BaseType;
use specforge_model::{Code, Diagnostic};
use specforge_model::{Span, Table, TableOrigin};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

/// True for the cells that mean "nothing": blank, `-`, `—`, `None`, `N/A`.
pub(crate) fn is_empty_cell(text: &str) -> bool {
    let t = text.trim();
    t.is_empty()
        || matches!(t, "-" | "—" | "–" | "--")
        || t.eq_ignore_ascii_case("none")
        || t.eq_ignore_ascii_case("n/a")
}

/// A cell's text as `to_lowercase` folds it, for finding lowercase words in it: an ASCII
/// cell is searched in place (its lowercase is its ASCII lowercase, byte for byte, so the
/// offsets are the same), any other is folded once.
enum Folded<'t> {
    Ascii(&'t str),
    Lower(String),
}

impl<'t> Folded<'t> {
    fn new(text: &'t str) -> Self {
        if text.is_ascii() {
            Folded::Ascii(text)
        } else {
            Folded::Lower(text.to_lowercase())
        }
    }

    /// Where `word` (lowercase) first occurs in the folded text.
    fn find(&self, word: &str) -> Option<usize> {
        match self {
            Folded::Ascii(text) => text
                .as_bytes()
                .windows(word.len())
                .position(|w| w.eq_ignore_ascii_case(word.as_bytes())),
            Folded::Lower(lower) => lower.find(word),
        }
    }
}

/// What a type cell says besides the type (`BIGINT PK`, `uuid FK`, `varchar(255) NOT NULL`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TypeCellFlags {
    pk: bool,
    fk: bool,
    unique: bool,
    not_null: bool,
    null: bool,
}

/// Splits trailing `PK` / `FK` / `UK` / `PRIMARY KEY` / `UNIQUE` / `NOT NULL` / `NULL` off a
/// type cell.
fn split_type_cell(text: &str) -> (&str, TypeCellFlags) {
    /// The suffixes, in the order they are tried (`PRIMARY KEY` before `PK`, `NOT NULL`
    /// before `NULL`), each with the flag it sets.
    type SetFlag = fn(&mut TypeCellFlags);
    const SUFFIXES: [(&str, SetFlag); 7] = [
        ("PRIMARY KEY", |f| f.pk = true),
        ("PK", |f| f.pk = true),
        ("FK", |f| f.fk = true),
        ("UK", |f| f.unique = true),
        ("UNIQUE", |f| f.unique = true),
        ("NOT NULL", |f| f.not_null = true),
        ("NULL", |f| f.null = true),
    ];
    let ends_with = |text: &str, suffix: &str| {
        text.len() >= suffix.len()
            && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    let mut rest = text.trim();
    let mut flags = TypeCellFlags::default();
    loop {
        // A suffix counts after a space or comma, with a type before it; a `NULL` after `NOT`
        // is `NOT NULL`'s.
        let found = SUFFIXES.iter().find_map(|&(suffix, set)| {
            if !ends_with(rest, suffix) {
                return None;
            }
            let before = &rest[..rest.len() - suffix.len()];
            let counts = before.ends_with([' ', ','])
                && !before.trim().is_empty()
                && !(suffix == "NULL" && ends_with(before.trim_end(), "NOT"));
            counts.then_some((before.len(), set))
        });
        let Some((cut, set)) = found else {
            return (rest, flags);
        };
        set(&mut flags);
        rest = rest[..cut].trim_end().trim_end_matches(',').trim_end();
    }
}

/// `References accounts(id)`, `references users.id on delete set null` or `FK → teams.id`
/// anywhere in a description.
fn description_reference(description: &str, span: Span) -> Option<Reference> {
    let lower = Folded::new(description);
    let at = ["references ", "fk →", "fk ->", "fk→", "fk->"]
        .iter()
        .filter_map(|w| lower.find(w).map(|i| (i, w.len())))
        .min()?;
    // `users.id` holds a dot: read up to a sentence end (`. `, `;` or the end).
    let tail = description.get(at.0 + at.1..)?;
    let end = tail
        .find(". ")
        .or_else(|| tail.find(';'))
        .unwrap_or(tail.len());
    reference_text(tail[..end].trim_end_matches('.'), span).ok()
}

/// Schemas that PostgreSQL and Supabase provide, which no spec names a table after: in a
/// column table, `auth.users` before one of them is a schema and its table.
const WELL_KNOWN_SCHEMAS: [&str; 8] = [
    "public",
    "auth",
    "storage",
    "extensions",
    "realtime",
    "vault",
    "pg_catalog",
    "information_schema",
];

/// Column tables' references read as a well-known schema and its table (`storage.objects`,
/// see `reference_text`) that the spec itself answers as a table and its column: when the
/// spec has a table named like the schema (`storage`, in a fence or a column table) with a
/// column of that name (`storage.id`), the author meant that table and column.
pub(crate) fn prefer_own_tables(
    defs: &mut [(TableDef, Vec<Diagnostic>)],
    model: &crate::model::SchemaModel,
) {
    let own_column = |defs: &[(TableDef, Vec<Diagnostic>)], table: &str, column: &str| {
        let name = QualifiedName::bare(table);
        model.table(&name).and_then(|t| t.column(column)).is_some()
            || defs.iter().any(|(def, _)| {
                def.name.name == table
                    && def.name.schema.as_deref().is_none_or(|s| s == "public")
                    && def.column(column).is_some()
            })
    };
    let mut own = Vec::new();
    for (at, (def, _)) in defs.iter().enumerate() {
        for (column_at, column) in def.columns.iter().enumerate() {
            if let Some(r) = &column.references
                && r.columns.is_empty()
                && let Some(schema) = &r.table.schema
                && WELL_KNOWN_SCHEMAS.contains(&schema.as_str())
                && own_column(defs, schema, &r.table.name)
            {
                own.push((at, column_at));
            }
        }
    }
    for (at, column_at) in own {
        if let Some(r) = defs[at].0.columns[column_at].references.as_mut()
            && let Some(schema) = r.table.schema.take()
        {
            r.columns = vec![std::mem::replace(&mut r.table.name, schema)];
        }
    }
}

/// A reference written in a column table: `teams.id`, `teams(id)`, `auth.users.id`,
/// `` `teams`.`id` ``, then optional actions (`CASCADE`, `on delete set null`,
/// `ON UPDATE CASCADE`). In a column table `a.b` is a table and its column.
fn reference_text(text: &str, span: Span) -> Result<Reference, String> {
    let text = text.replace(['`', '"'], "");
    let text = text.trim();
    let text = strip_word(text, "references")
        .or_else(|| strip_word(text, "refs"))
        .unwrap_or(text)
        .trim_start_matches(['→', '⇒', ':'])
        .trim_start_matches("->")
        .trim_start_matches("=>")
        .trim();
    let text = strip_word(text, "references").unwrap_or(text).trim();
    let (target, actions) = match text.find('(') {
        Some(open) if !text[..open].trim().contains(' ') => {
            let close = text[open..]
                .find(')')
                .map(|c| c + open)
                .ok_or("unbalanced parentheses")?;
            (
                format!("{}.{}", text[..open].trim(), text[open + 1..close].trim()),
                &text[close + 1..],
            )
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (text[..end].to_owned(), &text[end..])
        }
    };
    let parts: Vec<String> = target.split('.').map(|p| cell_name(p.trim())).collect();
    if parts.iter().any(String::is_empty) {
        return Err(format!("`{target}` is not a table and column"));
    }
    let (table, columns) = match parts.as_slice() {
        [t] => (QualifiedName::bare(t.clone()), Vec::new()),
        // `auth.users` is Supabase's users table, not a column `users` of a table `auth`:
        // before a well-known schema, `a.b` is a schema and its table, referenced by its key
        // (unless the spec has a table `a` with a column `b`: `prefer_own_tables`).
        [s, t] if WELL_KNOWN_SCHEMAS.contains(&s.as_str()) => (
            QualifiedName {
                schema: Some(s.clone()),
                name: t.clone(),
            },
            Vec::new(),
        ),
        [t, c] => (QualifiedName::bare(t.clone()), vec![c.clone()]),
        [s, t, c] => (
            QualifiedName {
                schema: Some(s.clone()),
                name: t.clone(),
            },
            vec![c.clone()],
        ),
        _ => return Err(format!("`{target}` is not a table and column")),
    };
    let mut reference = Reference {
        table,
        columns,
        on_delete: None,
        on_update: None,
        span,
    };
    let words: Vec<String> = actions
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut i = 0;
    while i < words.len() {
        let (is_update, at) = match (words[i].as_str(), words.get(i + 1).map(String::as_str)) {
            ("on", Some("delete")) => (false, i + 2),
            ("on", Some("update")) => (true, i + 2),
            _ => (false, i),
        };
        let (action, used) = match (
            words.get(at).map(String::as_str),
            words.get(at + 1).map(String::as_str),
        ) {
            (Some("cascade"), _) => (RefAction::Cascade, 1),
            (Some("restrict"), _) => (RefAction::Restrict, 1),
            (Some("set"), Some("null")) => (RefAction::SetNull, 2),
            (Some("set"), Some("default")) => (RefAction::SetDefault, 2),
            (Some("no"), Some("action")) => (RefAction::NoAction, 2),
            _ => return Err(format!("`{}` is not a foreign-key action", actions.trim())),
        };
        if is_update {
            reference.on_update = Some(action);
        } else {
            reference.on_delete = Some(action);
        }
        i = at + used;
    }
    Ok(reference)
}

/// `text` without a leading `word` (any case) followed by a space or the end.
fn strip_word<'t>(text: &'t str, word: &str) -> Option<&'t str> {
    let head = text.get(..word.len())?;
    let rest = &text[word.len()..];
    (head.eq_ignore_ascii_case(word) && (rest.is_empty() || rest.starts_with(char::is_whitespace)))
        .then_some(rest)
}

/// `one of: a, b`, `values: a, b` or `CHECK (a, b)` (a list of bare values, not an
/// expression): the values, unquoted.
fn value_list(text: &str) -> Option<Vec<String>> {
    let t = text.trim();
    let lower = Folded::new(t);
    let list = if let Some(at) = ["one of:", "one of ", "values:", "allowed values:", "enum:"]
        .iter()
        .find_map(|w| lower.find(w).map(|i| i + w.len()))
    {
        let rest = &t[at..];
        let end = rest
            .find(". ")
            .or_else(|| rest.find(';'))
            .unwrap_or(rest.len());
        rest[..end].trim().trim_end_matches('.').to_owned()
    } else {
        let inner = strip_word(t, "check")?.trim();
        let inner = inner.strip_prefix('(')?.strip_suffix(')')?;
        if !inner.contains(',') {
            return None;
        }
        inner.to_owned()
    };
    let values: Vec<String> = list
        .trim_matches(|c| c == '(' || c == ')' || c == '[' || c == ']')
        .split([',', '|', '/'])
        .map(|v| v.trim().trim_matches(['`', '\'', '"']).trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    let bare = values.iter().all(|v| {
        v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ' '))
    });
    (values.len() >= 2 && bare).then_some(values)
}

/// `col IN ('a', 'b')` (numbers unquoted for a numeric column) as a check.
fn value_check(col: &ColumnDef, values: &[String], span: Span) -> Option<SqlText> {
    let numeric = matches!(
        col.ty.base,
        BaseType::SmallInt
            | BaseType::Integer
            | BaseType::BigInt
            | BaseType::Numeric(_)
            | BaseType::Real
            | BaseType::Double
    ) && values.iter().all(|v| v.parse::<f64>().is_ok());
    let list: Vec<String> = values
        .iter()
        .map(|v| if numeric { v.clone() } else { quote_literal(v) })
        .collect();
    parse_default(
        &format!("{} IN ({})", quote_ident(&col.name), list.join(", ")),
        span,
    )
    .ok()
}

/// Splits a constraints cell at commas outside parentheses and quotes.
fn segments(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// One segment in a form people write in column tables; `false` when it is not one (then
/// sqlparser's column-option reader takes it).
fn shorthand(col: &mut ColumnDef, segment: &str, span: Span, diags: &mut Vec<Diagnostic>) -> bool {
    // The option written most, applied as sqlparser's column-option reader applies it.
    if segment.eq_ignore_ascii_case("not null") {
        col.nullable = false;
        return true;
    }
    let upper = segment.to_uppercase();
    match upper.as_str() {
        "PK" | "PRI" | "PRIMARY" | "PRIMARY KEY" => {
            col.primary_key = true;
            col.nullable = false;
            return true;
        }
        "UK" | "UQ" | "UNI" | "UNIQUE KEY" => {
            col.unique = true;
            return true;
        }
        "FK" => {
            col.fk_unresolved = true;
            return true;
        }
        "NULLABLE" | "OPTIONAL" => {
            col.nullable = true;
            return true;
        }
        "REQUIRED" | "NON NULL" | "NON-NULL" | "NONNULL" => {
            col.nullable = false;
            return true;
        }
        "AUTO_INCREMENT" | "AUTOINCREMENT" | "AUTO INCREMENT" | "IDENTITY" => {
            col.identity = true;
            diags.push(Diagnostic::new(
                Code::DialectConverted,
                span,
                format!(
                    "`{segment}` on column `{}` becomes GENERATED BY DEFAULT AS IDENTITY",
                    col.name
                ),
            ));
            return true;
        }
        _ => {}
    }
    // `PK FK` / `PK/FK` written without a comma.
    let words: Vec<&str> = upper
        .split(['/', ' ', '+'])
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() > 1 && words.iter().all(|w| matches!(*w, "PK" | "FK" | "UK")) {
        for w in words {
            shorthand(col, w, span, diags);
        }
        return true;
    }
    let is_reference = strip_word(segment, "fk").is_some()
        || upper.starts_with("FK→")
        || upper.starts_with("FK->")
        || upper.starts_with('→')
        || upper.starts_with("->")
        || (strip_word(segment, "references").is_some() && !segment.contains('('));
    if is_reference {
        let rest = segment
            .get(2..)
            .filter(|_| upper.starts_with("FK"))
            .unwrap_or(segment);
        match reference_text(rest, span) {
            Ok(r) => {
                col.references = Some(r);
                col.fk_unresolved = false;
            }
            Err(why) => diags.push(
                Diagnostic::new(
                    Code::ConstraintNotUnderstood,
                    span,
                    format!("foreign key `{segment}` of column `{}` is not understood: {why}", col.name),
                )
                .with_help("write `FK → table.column`, `FK -> table(column) CASCADE` or `REFERENCES table(column) ON DELETE SET NULL`"),
            ),
        }
        return true;
    }
    if let Some(values) = value_list(segment) {
        if let Some(check) = value_check(col, &values, span) {
            col.checks.push(check);
        }
        return true;
    }
    false
}

/// Applies a constraints cell: the shorthands people write (`PK, FK`, `UK`, `FK → teams.id`,
/// `references users.id on delete set null`, `CHECK (admin, user)`, `one of: a, b`), the
/// rest read option by option with sqlparser's column-option parser.
fn apply_constraints(col: &mut ColumnDef, text: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    if is_empty_cell(text) {
        return;
    }
    // `one of: a, b` takes the rest of the cell, commas and all.
    let lower = Folded::new(text);
    let (text, list) = match ["one of", "values:", "allowed values:"]
        .iter()
        .filter_map(|w| lower.find(w))
        .min()
    {
        Some(at) => (&text[..at], Some(&text[at..])),
        None => (text, None),
    };
    if let Some(values) = list.and_then(value_list)
        && let Some(check) = value_check(col, &values, span)
    {
        col.checks.push(check);
    }
    for segment in segments(text) {
        if !shorthand(col, segment, span, diags) {
            sql_options(col, segment, text, span, diags);
        }
    }
}

fn sql_options(
    col: &mut ColumnDef,
    text: &str,
    cell: &str,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) {
    let dialect = PostgreSqlDialect {};
    let mut parser = match Parser::new(&dialect).try_with_sql(text) {
        Ok(p) => p,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::ConstraintNotUnderstood,
                span,
                format!(
                    "constraints `{cell}` of column `{}` are not understood: {e}",
                    col.name
                ),
            ));
            return;
        }
    };
    let place = Place::Cell(span);
    loop {
        while parser.consume_token(&Token::Comma) {}
        let next = parser.peek_token().token;
        if next == Token::EOF {
            return;
        }
        if let Token::Word(w) = &next {
            let upper = w.value.to_ascii_uppercase();
            if upper == "PK" {
                parser.next_token();
                col.primary_key = true;
                col.nullable = false;
                continue;
            }
            if upper == "FK" {
                parser.next_token();
                col.fk_unresolved = true;
                continue;
            }
            if upper == "UK" {
                parser.next_token();
                col.unique = true;
                continue;
            }
        }
        match parser.parse_optional_column_option() {
            Ok(Some(option)) => apply_column_option(col, &option, &place, diags),
            Ok(None) | Err(_) => {
                diags.push(
                    Diagnostic::new(
                        Code::ConstraintNotUnderstood,
                        span,
                        format!("constraint `{next}` in `{cell}` of column `{}` is not understood", col.name),
                    )
                    .with_help("write PK, FK, UK, NOT NULL, UNIQUE, DEFAULT expr, FK → table.column, REFERENCES table(column), CHECK (expr) or one of: a, b, separated by commas"),
                );
                return;
            }
        }
    }
}

/// `one of: a, b` in a description (only that form: prose lists are not value lists).
fn description_values(description: &str) -> Option<Vec<String>> {
    Folded::new(description)
        .find("one of")
        .and_then(|_| value_list(description))
}

/// One column table as a table definition.
pub(crate) fn column_table(table: &Table, diags: &mut Vec<Diagnostic>) -> TableDef {
    let mut out = TableDef::new(
        table_name(&table.name.value),
        table.name.span,
        TableSource {
            origin: TableOrigin::ColumnTable,
            span: table.span,
        },
    );
    out.renamed_from = table.renamed_from.as_ref().map(|r| table_name(&r.value));
    for column in &table.columns {
        let (type_text, flags) = split_type_cell(&column.data_type.value);
        let (pk, fk) = (flags.pk, flags.fk);
        let name = cell_name(&column.name.value);
        let read = crate::dialect::cell_type(type_text, &name, column.data_type.span, diags);
        let ty = read.ty.clone();
        let mut col = ColumnDef::new(
            name,
            column.name.span,
            ty,
            column.data_type.span,
            column.span,
        );
        col.nullable = !pk;
        col.primary_key = pk;
        col.fk_unresolved = fk;
        col.renamed_from = column.renamed_from.as_ref().map(|r| cell_name(&r.value));
        col.unique = flags.unique;
        if flags.not_null {
            col.nullable = false;
        }
        if let Some(constraints) = &column.constraints {
            apply_constraints(&mut col, &constraints.value, constraints.span, diags);
        }
        if flags.null && !col.primary_key {
            col.nullable = true;
        }
        if col.primary_key {
            col.nullable = false;
        }
        // `NULL` means no default: to PostgreSQL, DEFAULT NULL and no default are the same.
        if let Some(default) = &column.default
            && !is_empty_cell(&default.value)
            && !default.value.trim().eq_ignore_ascii_case("null")
        {
            match parse_default(default.value.trim(), default.span) {
                Ok(text) => col.default = Some(text),
                Err(why) => diags.push(
                    Diagnostic::new(
                        Code::InvalidDefault,
                        default.span,
                        format!(
                            "default `{}` of column `{}` is not one SQL expression: {why}",
                            default.value.trim(),
                            col.name
                        ),
                    )
                    .with_help(
                        "write a literal ('open', 0, true) or a call (now(), gen_random_uuid())",
                    ),
                ),
            }
        }
        if let Some(description) = &column.description {
            if col.references.is_none() {
                col.references = description_reference(description, column.span);
                if col.references.is_some() {
                    col.fk_unresolved = false;
                }
            }
            if col.checks.is_empty()
                && let Some(values) = description_values(description)
                && let Some(check) = value_check(&col, &values, column.span)
            {
                col.checks.push(check);
            }
            // A rename note is about the spec's history, not the column.
            let comment = specforge_model::naming::without_rename_note(description);
            if !is_empty_cell(&comment) {
                col.comment = Some(comment);
            }
        }
        crate::dialect::finish_column(&mut col, &read, crate::dialect::TypeOrigin::Cell, diags);
        out.columns.push(col);
    }
    // `PK` on several rows is one composite key (two column-level keys would be two).
    let pk: Vec<String> = out
        .columns
        .iter()
        .filter(|c| c.primary_key)
        .map(|c| c.name.clone())
        .collect();
    if pk.len() > 1 {
        out.primary_key = Some(crate::model::KeyDef {
            name: None,
            columns: pk,
            span: table.span,
        });
    }
    out
}

/// Indexes described outside DDL (index tables, bullet lists): added when no DDL index of the
/// same name exists, compared with it otherwise.
pub(crate) fn add_described_indexes(
    model: &mut crate::model::SchemaModel,
    indexes: &[specforge_model::Index],
    diags: &mut Vec<Diagnostic>,
) {
    // Index names to their position in `model.indexes` (first wins), kept up to date below.
    let mut by_name: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, existing) in model.indexes.iter().enumerate() {
        if let Some(n) = &existing.name {
            by_name.entry(n.clone()).or_insert(i);
        }
    }
    // (end of a description of a table, its position), sorted: the table described nearest
    // before an index is a binary search away.
    let mut ends: Vec<(usize, usize)> = model
        .tables
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.sources.iter().map(move |s| (s.span.end, i)))
        .collect();
    ends.sort_unstable();
    for index in indexes {
        let name = cell_name(&index.name.value);
        let columns: Vec<String> = index
            .columns
            .iter()
            .flat_map(|c| c.split(','))
            .map(|c| c.trim().trim_matches(|ch| ch == '(' || ch == ')').trim())
            .filter(|c| !c.is_empty())
            .map(cell_name)
            .collect();
        let descending: Vec<bool> = columns.iter().map(|_| false).collect();
        let (columns, descending): (Vec<String>, Vec<bool>) = columns
            .iter()
            .zip(descending)
            .map(|(c, d)| match c.strip_suffix(" desc") {
                Some(base) => (base.trim().to_owned(), true),
                None => (c.strip_suffix(" asc").unwrap_or(c).trim().to_owned(), d),
            })
            .unzip();
        if let Some(existing) = by_name.get(&name).map(|&i| &model.indexes[i]) {
            let existing_cols: Vec<&str> = existing.keys.iter().map(|k| k.expr.as_str()).collect();
            let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
            if existing_cols != cols {
                diags.push(
                    Diagnostic::new(
                        Code::SchemaDisagreement,
                        index.span,
                        format!(
                            "index `{name}` is on ({}) here but on ({}) in the DDL",
                            cols.join(", "),
                            existing_cols.join(", ")
                        ),
                    )
                    .with_label(existing.span, "the DDL index"),
                );
            }
            continue;
        }
        // No table named: the nearest column table before the index that has every column.
        let inferred = index.table.clone().or_else(|| {
            // Walk back from the index over the descriptions that end before it.
            let before = ends.partition_point(|&(end, _)| end <= index.span.start);
            ends[..before]
                .iter()
                .rev()
                .map(|&(_, i)| &model.tables[i])
                .find(|t| columns.iter().all(|c| t.column(c).is_some()))
                .map(|t| t.name.to_string())
        });
        let Some(table) = &inferred else {
            diags.push(Diagnostic::new(
                Code::UnsupportedDdl,
                index.span,
                format!("index `{name}` does not say which table it is on and is left out"),
            ));
            continue;
        };
        let kind = index.kind.as_deref().unwrap_or("").to_ascii_lowercase();
        let method = match kind.as_str() {
            "gin" | "gist" | "hash" | "brin" => Some(kind.clone()),
            _ => None,
        };
        by_name.entry(name.clone()).or_insert(model.indexes.len());
        model.indexes.push(crate::model::IndexDef {
            name: Some(name),
            table: table_name(table),
            keys: columns
                .into_iter()
                .zip(descending)
                .map(|(expr, descending)| crate::model::IndexKey {
                    expr,
                    is_column: true,
                    descending,
                })
                .collect(),
            unique: kind.contains("unique"),
            concurrently: false,
            method,
            predicate: None,
            span: index.span,
        });
    }
}

/// Named constraints from constraint tables (`| Name | Type | Definition | Purpose |`, seed
/// 003): a CHECK becomes a table-level check, a UNIQUE a unique key. A constraint the table
/// already has under the same name (from DDL) is not added twice. Other kinds are reported,
/// not dropped silently.
pub(crate) fn add_named_constraints(
    model: &mut crate::model::SchemaModel,
    constraints: &[specforge_model::NamedConstraint],
    diags: &mut Vec<Diagnostic>,
) {
    for constraint in constraints {
        let name = cell_name(&constraint.name.value);
        let Some(owner) = constraint.table.as_deref() else {
            diags.push(
                Diagnostic::new(
                    Code::ConstraintNotUnderstood,
                    constraint.span,
                    format!("constraint `{name}` does not say which table it belongs to"),
                )
                .with_help("put the constraint table under the table's `**Table:**` line"),
            );
            continue;
        };
        let target = table_name(owner);
        let Some(table) = model.tables.iter_mut().find(|t| t.name.same_as(&target)) else {
            diags.push(Diagnostic::new(
                Code::UnknownTable,
                constraint.span,
                format!("constraint `{name}` is on table `{owner}`, which is not defined"),
            ));
            continue;
        };
        let known = |n: &Option<String>| n.as_deref() == Some(name.as_str());
        let definition = constraint.definition.value.trim();
        match constraint.kind.trim().to_ascii_uppercase().as_str() {
            "CHECK" => {
                if table.checks.iter().any(|c| known(&c.name)) {
                    continue;
                }
                let inner = definition
                    .strip_prefix("CHECK")
                    .or_else(|| definition.strip_prefix("check"))
                    .unwrap_or(definition)
                    .trim();
                match parse_default(inner, constraint.definition.span) {
                    Ok(expr) => table.checks.push(crate::model::CheckDef {
                        name: Some(name),
                        expr,
                    }),
                    Err(reason) => diags.push(
                        Diagnostic::new(
                            Code::ConstraintNotUnderstood,
                            constraint.definition.span,
                            format!("the CHECK of constraint `{name}` is not one SQL expression: {reason}"),
                        )
                        .with_help("write the condition alone, e.g. `status IN ('open', 'closed')`"),
                    ),
                }
            }
            "UNIQUE" => {
                if table.uniques.iter().any(|u| known(&u.name)) {
                    continue;
                }
                let columns: Vec<String> = definition
                    .trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == ' ')
                    .split(',')
                    .map(|c| cell_name(c.trim().trim_matches(|ch| ch == '(' || ch == ')')))
                    .filter(|c| !c.is_empty())
                    .collect();
                table.uniques.push(crate::model::KeyDef {
                    name: Some(name),
                    columns,
                    span: constraint.definition.span,
                });
            }
            other => diags.push(Diagnostic::new(
                Code::UnsupportedDdl,
                constraint.span,
                format!("constraint `{name}` of type `{other}` in a constraint table is not modelled; write it in the table's DDL"),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_cells_fold_pk_and_fk() {
        let f = |pk, fk| TypeCellFlags {
            pk,
            fk,
            ..TypeCellFlags::default()
        };
        assert_eq!(split_type_cell("BIGINT PK"), ("BIGINT", f(true, false)));
        assert_eq!(split_type_cell("BIGINT FK"), ("BIGINT", f(false, true)));
        assert_eq!(split_type_cell("uuid"), ("uuid", f(false, false)));
        assert_eq!(split_type_cell("uuid PK, FK"), ("uuid", f(true, true)));
        let (t, flags) = split_type_cell("varchar(255) NOT NULL");
        assert_eq!((t, flags.not_null), ("varchar(255)", true));
        let (t, flags) = split_type_cell("text NULL");
        assert_eq!((t, flags.null, flags.not_null), ("text", true, false));
        let (t, flags) = split_type_cell("varchar(64) UK");
        assert_eq!((t, flags.unique), ("varchar(64)", true));
        let (t, flags) = split_type_cell("bigint primary key, not null");
        assert_eq!((t, flags.pk, flags.not_null), ("bigint", true, true));
        // A suffix needs a space or comma before it and a type before that.
        assert_eq!(split_type_cell("NULL"), ("NULL", TypeCellFlags::default()));
        assert_eq!(
            split_type_cell("SHARPK"),
            ("SHARPK", TypeCellFlags::default())
        );
        // `NOT NULL` glued to a word is neither `NOT NULL` nor `NULL`.
        assert_eq!(
            split_type_cell("FOONOT NULL"),
            ("FOONOT NULL", TypeCellFlags::default())
        );
    }

    #[test]
    fn defaults_must_be_one_expression() {
        let s = Span::new(0, 1);
        assert_eq!(
            parse_default("now()", s).map(|t| t.text),
            Ok("now()".into())
        );
        assert_eq!(
            parse_default("'open'", s).map(|t| t.text),
            Ok("'open'".into())
        );
        assert!(parse_default("0; DROP TABLE x", s).is_err());
        assert!(parse_default("'a' -- x", s).is_ok());
        assert!(parse_default("", s).is_err());
    }

    fn col(ty: &str) -> ColumnDef {
        let ty = crate::types::parse_type(ty).unwrap();
        ColumnDef::new(
            "c".into(),
            Span::default(),
            ty,
            Span::default(),
            Span::default(),
        )
    }

    fn constrained(ty: &str, cell: &str) -> (ColumnDef, Vec<Diagnostic>) {
        let mut c = col(ty);
        let mut diags = Vec::new();
        apply_constraints(&mut c, cell, Span::default(), &mut diags);
        (c, diags)
    }

    fn target(c: &ColumnDef) -> String {
        let r = c.references.as_ref().expect("a reference");
        format!(
            "{}({}) {:?} {:?}",
            r.table,
            r.columns.join(","),
            r.on_delete,
            r.on_update
        )
    }

    #[test]
    fn foreign_keys_as_people_write_them() {
        for (cell, expected) in [
            ("FK → teams.id", "teams(id) None None"),
            ("FK -> teams(id) CASCADE", "teams(id) Some(Cascade) None"),
            ("FK→teams.id", "teams(id) None None"),
            (
                "references users.id on delete set null",
                "users(id) Some(SetNull) None",
            ),
            ("NOT NULL, FK → auth.users.id", "auth.users(id) None None"),
            (
                "references auth.users on delete cascade",
                "auth.users() Some(Cascade) None",
            ),
            ("FK → public.teams", "public.teams() None None"),
            (
                "REFERENCES users(id) ON DELETE CASCADE",
                "users(id) Some(Cascade) None",
            ),
            (
                "FK -> `orgs`.`id` on delete restrict on update cascade",
                "orgs(id) Some(Restrict) Some(Cascade)",
            ),
        ] {
            let (c, diags) = constrained("bigint", cell);
            assert!(diags.is_empty(), "{cell}: {diags:?}");
            assert_eq!(target(&c), expected, "{cell}");
            assert!(!c.fk_unresolved, "{cell}");
        }
        let (_, diags) = constrained("bigint", "FK -> teams.id EXPLODE");
        assert_eq!(diags[0].code, Code::ConstraintNotUnderstood);
    }

    #[test]
    fn key_shorthands_and_nullability() {
        let (c, _) = constrained("uuid", "PK, FK");
        assert!(c.primary_key && c.fk_unresolved && !c.nullable);
        let (c, _) = constrained("text", "UK");
        assert!(c.unique);
        let (c, _) = constrained("text", "PK FK");
        assert!(c.primary_key && c.fk_unresolved);
        let (c, _) = constrained("text", "NOT NULL");
        assert!(!c.nullable);
        let (c, _) = constrained("text", "NULL");
        assert!(c.nullable);
        let (c, diags) = constrained("integer", "AUTO_INCREMENT");
        assert!(c.identity);
        assert_eq!(diags[0].code, Code::DialectConverted);
    }

    #[test]
    fn value_lists_become_checks() {
        for cell in [
            "CHECK (admin, user)",
            "one of: admin, user",
            "NOT NULL, one of: `admin`, `user`",
            "values: admin | user",
        ] {
            let (c, diags) = constrained("text", cell);
            assert!(diags.is_empty(), "{cell}: {diags:?}");
            assert_eq!(
                c.checks.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
                ["c IN ('admin', 'user')"],
                "{cell}"
            );
        }
        let (c, _) = constrained("integer", "one of: 1, 2, 3");
        assert_eq!(c.checks[0].text, "c IN (1, 2, 3)");
        // An expression stays an expression.
        let (c, _) = constrained("integer", "CHECK (c > 0)");
        assert_eq!(c.checks[0].text, "c > 0");
        // A value with quotes inside is quoted, never spliced.
        assert_eq!(value_list("one of: a'b, c"), None);
        assert_eq!(
            description_values("Role, one of: owner, member."),
            Some(vec!["owner".into(), "member".into()])
        );
        assert_eq!(description_values("Who made it, or null"), None);
    }

    #[test]
    fn description_references() {
        let r = description_reference("The team. References teams.id", Span::default()).unwrap();
        assert_eq!(
            (r.table.name.as_str(), r.columns.as_slice()),
            ("teams", &["id".to_owned()][..])
        );
        let r = description_reference("FK → users.id, the author", Span::default());
        assert!(r.is_none() || r.is_some_and(|r| r.table.name == "users"));
    }
}
