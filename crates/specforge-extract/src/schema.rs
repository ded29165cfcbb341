//! The data model as the spec writes it: SQL fences (kept verbatim here; parsing them is the
//! migrations stage's job), column tables, index tables and bullet lists, constraint tables.
//!
//! A column table's table name comes from the nearest `**Table:** \`name\`` field or the
//! heading above it (`#### Table: users`, `#### users`, `### users テーブル`).

use crate::endpoints::sub_span;
use crate::roles::{Role, Roles, TableKind};
use crate::{Context, placeholder};
use specforge_markdown::{Block, CodeBlock, Table};
use specforge_model::{
    Code, Column, Diagnostic, Index, NamedConstraint, Span, Spanned, SqlBlock, SqlBlockRole,
    SqlDialect, Table as ModelTable, TableOrigin,
};

pub(crate) fn extract(cx: &mut Context<'_>) {
    let document = cx.document;
    for (at, block) in document.blocks.iter().enumerate() {
        match block {
            Block::Code(code) => {
                if let Some(dialect) = sql_dialect(&code.lang) {
                    let dialect = if code.lang == "sql" {
                        sniff_dialect(&code.body).unwrap_or(dialect)
                    } else {
                        dialect
                    };
                    sql_fence(cx, at, code, dialect);
                }
            }
            Block::Table(table) => {
                let Some((kind, roles)) = cx.classified[at].clone() else {
                    continue;
                };
                match kind {
                    TableKind::Columns => column_table(cx, at, table, &roles),
                    TableKind::Indexes => index_table(cx, at, table, &roles),
                    TableKind::Constraints => constraint_table(cx, at, table, &roles),
                    _ => {}
                }
            }
            Block::ListItem(item) if in_index_context(cx, at) => {
                if let Some(index) = index_bullet(&item.raw, item.raw_offset) {
                    let table = table_name_before(cx, at).map(|t| t.value);
                    cx.scan(item.span, placeholder::Context::Text);
                    cx.out.spec.schema.indexes.push(Index { table, ..index });
                }
            }
            _ => {}
        }
    }
}

/// The dialect a fence's language tag names.
pub fn sql_dialect(lang: &str) -> Option<SqlDialect> {
    match lang {
        "sql" | "postgresql" | "postgres" | "psql" | "pgsql" | "plpgsql" => {
            Some(SqlDialect::Postgres)
        }
        "mysql" | "mariadb" => Some(SqlDialect::MySql),
        "sqlite" | "sqlite3" => Some(SqlDialect::Sqlite),
        _ => None,
    }
}

/// The dialect a fence tagged only `sql` is written in, when its text says so: MySQL
/// (`AUTO_INCREMENT`, `ENGINE=`, backtick-quoted names, `UNSIGNED`) or SQLite (`AUTOINCREMENT`,
/// `WITHOUT ROWID`). Tags that name a dialect are believed as written.
pub fn sniff_dialect(body: &str) -> Option<SqlDialect> {
    let upper = body.to_ascii_uppercase();
    let words = |w: &str| {
        upper.match_indices(w).any(|(i, _)| {
            let before = upper[..i].chars().next_back();
            let after = upper[i + w.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    if words("AUTO_INCREMENT")
        || upper.contains("ENGINE=")
        || upper.contains("ENGINE =")
        || words("UNSIGNED")
        || body.contains('`')
    {
        Some(SqlDialect::MySql)
    } else if words("AUTOINCREMENT") || upper.contains("WITHOUT ROWID") {
        Some(SqlDialect::Sqlite)
    } else {
        None
    }
}

fn sql_fence(cx: &mut Context<'_>, at: usize, code: &CodeBlock, dialect: SqlDialect) {
    let label = cx.document.blocks[..at].iter().rev().find_map(|b| match b {
        Block::Label(l) => Some(Some(l.text.to_lowercase())),
        Block::Paragraph(_) | Block::Field(_) | Block::ListItem(_) | Block::Comment(_) => None,
        _ => Some(None),
    });
    let role = match label.flatten() {
        Some(l) if l.contains("down") || l.contains("rollback") => SqlBlockRole::Down,
        Some(l) if l.contains("up migration") || l == "up" => SqlBlockRole::Up,
        _ => SqlBlockRole::Schema,
    };
    if code.body.trim().is_empty() {
        cx.out.diagnostics.push(
            Diagnostic::new(Code::EmptySqlFence, code.span, "this SQL fence is empty")
                .with_help("write the DDL in it, or delete it"),
        );
    }
    cx.scan(
        Span::new(code.body_offset, code.body_offset + code.body.len()),
        placeholder::Context::Sql,
    );
    cx.out.spec.schema.sql_blocks.push(SqlBlock {
        dialect,
        info: code.info.clone(),
        role,
        body: code.body.clone(),
        body_offset: code.body_offset,
        span: code.span,
        section: code.section.map(|s| cx.document.sections[s].slug.clone()),
    });
}

fn cell_text(
    table_row: specforge_markdown::TableRow<'_>,
    col: Option<usize>,
) -> Option<Spanned<String>> {
    col.and_then(|c| table_row.cell(c))
        .filter(|c| !c.is_blank())
        .map(|c| Spanned::new(c.text.trim().trim_matches('`').to_owned(), c.span))
}

/// A `Nullable` (`yes`/`no`) or `Required` cell folded into the constraints cell as `NULL` /
/// `NOT NULL`, so the schema reads one place. Other values are left alone.
fn with_nullability(
    constraints: Option<Spanned<String>>,
    nullable: Option<Spanned<String>>,
    required: Option<Spanned<String>>,
) -> Option<Spanned<String>> {
    let yes = |v: &str| {
        matches!(
            v.trim().to_lowercase().as_str(),
            "yes" | "y" | "true" | "✓" | "✔" | "x" | "nullable" | "null" | "是" | "예" | "はい"
        )
    };
    let no = |v: &str| {
        matches!(
            v.trim().to_lowercase().as_str(),
            "no" | "n" | "false" | "✗" | "✘" | "not null" | "否" | "아니오" | "いいえ"
        )
    };
    let word = match (&nullable, &required) {
        (Some(n), _) if yes(&n.value) => Some(("NULL", n.span)),
        (Some(n), _) if no(&n.value) => Some(("NOT NULL", n.span)),
        (None, Some(r)) if yes(&r.value) => Some(("NOT NULL", r.span)),
        (None, Some(r)) if no(&r.value) => Some(("NULL", r.span)),
        _ => None,
    };
    match (constraints, word) {
        (Some(c), Some((w, _))) => Some(Spanned::new(format!("{}, {w}", c.value), c.span)),
        (None, Some((w, span))) => Some(Spanned::new(w.to_owned(), span)),
        (c, None) => c,
    }
}

fn column_table(cx: &mut Context<'_>, at: usize, table: &Table, roles: &Roles) {
    let name_col = roles.col(Role::Column);
    let type_col = roles.col(Role::Type);
    let mut columns = Vec::new();
    for row in table.data_rows() {
        cx.scan(row.span, placeholder::Context::Text);
        let (Some(name), Some(data_type)) = (cell_text(row, name_col), cell_text(row, type_col))
        else {
            continue;
        };
        let description = cell_text(row, roles.col(Role::Description));
        let renamed_from = cell_text(row, roles.col(Role::RenamedFrom)).or_else(|| {
            let d = description.as_ref()?;
            specforge_model::naming::renamed_from(&d.value).map(|n| Spanned::new(n, d.span))
        });
        columns.push(Column {
            name,
            data_type,
            constraints: with_nullability(
                cell_text(row, roles.col(Role::Constraints)),
                cell_text(row, roles.col(Role::Nullable)),
                cell_text(row, roles.col(Role::Required)),
            ),
            default: cell_text(row, roles.col(Role::Default)),
            description: description.map(|d| d.value),
            renamed_from,
            span: row.span,
        });
    }
    let (name, renamed_from) = match table_name_before(cx, at) {
        Some(name) => split_rename(name),
        None => {
            let heading = table.section.map(|s| &cx.document.sections[s]);
            let derived = heading
                .map(|s| specforge_model::naming::ascii_snake(&s.title))
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| "table".to_owned());
            let span = heading.map_or(table.span, |s| s.span);
            cx.out.diagnostics.push(
                Diagnostic::new(
                    Code::TableNameMissing,
                    span,
                    format!("this column table does not say which table it describes; using `{derived}`"),
                )
                .with_help("put `**Table:** `name`` or a `#### Table: name` heading right above the column table"),
            );
            (Spanned::new(derived, span), None)
        }
    };
    cx.out.spec.schema.tables.push(ModelTable {
        name,
        origin: TableOrigin::ColumnTable,
        columns,
        renamed_from,
        span: table.span,
    });
}

fn index_table(cx: &mut Context<'_>, at: usize, table: &Table, roles: &Roles) {
    let owner = table_name_before(cx, at).map(|t| t.value);
    for row in table.data_rows() {
        cx.scan(row.span, placeholder::Context::Text);
        let (Some(name), Some(columns)) = (
            cell_text(row, roles.col(Role::Name)),
            cell_text(row, roles.col(Role::Columns)),
        ) else {
            continue;
        };
        cx.out.spec.schema.indexes.push(Index {
            name,
            table: owner.clone(),
            columns: column_list(&columns.value),
            kind: cell_text(row, roles.col(Role::Type)).map(|t| t.value),
            span: row.span,
        });
    }
}

fn constraint_table(cx: &mut Context<'_>, at: usize, table: &Table, roles: &Roles) {
    let owner = table_name_before(cx, at).map(|t| t.value);
    for row in table.data_rows() {
        cx.scan(row.span, placeholder::Context::Text);
        let (Some(name), Some(kind), Some(definition)) = (
            cell_text(row, roles.col(Role::Name)),
            cell_text(row, roles.col(Role::Type)),
            cell_text(row, roles.col(Role::Definition)),
        ) else {
            continue;
        };
        cx.out.spec.schema.constraints.push(NamedConstraint {
            name,
            table: owner.clone(),
            kind: kind.value,
            definition,
            span: row.span,
        });
    }
}

/// `(a, b)`, `a, b`, `users(a, b)` → `[a, b]`.
fn column_list(text: &str) -> Vec<String> {
    let inner = match (text.find('('), text.rfind(')')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        _ => text,
    };
    inner
        .split(',')
        .map(|c| c.trim().trim_matches('`').to_owned())
        .filter(|c| !c.is_empty())
        .collect()
}

/// True when a list item sits under an "Indexes" heading or label.
fn in_index_context(cx: &Context<'_>, at: usize) -> bool {
    let is_index = |t: &str| {
        let t = t.to_lowercase();
        t.contains("index")
            || t.contains("indexes")
            || t.contains("インデックス")
            || t.contains("인덱스")
            || t.contains("索引")
    };
    for block in cx.document.blocks[..at].iter().rev() {
        match block {
            Block::ListItem(_) | Block::Paragraph(_) => continue,
            Block::Label(label) => return is_index(&label.text),
            Block::Heading { id } => return is_index(&cx.document.sections[*id].title),
            _ => return false,
        }
    }
    false
}

/// ``- `idx_users_email` on `email` column``, `idx_x on users(a, b)`, `idx_x (a, b)`.
fn index_bullet(raw: &str, offset: usize) -> Option<Index> {
    let plain = specforge_markdown::plain_text(raw);
    let mut words = plain.split_whitespace();
    let name = words.next()?.trim_end_matches(':');
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') || !name.contains('_') {
        return None;
    }
    let rest: String = words.collect::<Vec<_>>().join(" ");
    let target = rest.strip_prefix("on ").unwrap_or(&rest);
    let target = target
        .trim_end_matches('.')
        .trim_end_matches(" columns")
        .trim_end_matches(" column")
        .trim();
    let (table, columns) = match target.find('(') {
        Some(open) if open > 0 => (Some(target[..open].trim().to_owned()), column_list(target)),
        _ => (None, column_list(target)),
    };
    if columns.is_empty() {
        return None;
    }
    let name_span = sub_span(raw, Span::new(0, raw.len()), name).shifted(offset);
    Some(Index {
        name: Spanned::new(name.to_owned(), name_span),
        table,
        columns,
        kind: None,
        span: Span::new(offset, offset + raw.len()),
    })
}

/// The table a column/index/constraint table belongs to: a `Table:` field in the same section
/// before it, else the section heading's table name.
/// `orders` (renamed from `purchases`) → the name and the declared old name.
fn split_rename(name: Spanned<String>) -> (Spanned<String>, Option<Spanned<String>>) {
    let Some(old) = specforge_model::naming::renamed_from(&name.value) else {
        return (name, None);
    };
    let lower = name.value.to_ascii_lowercase();
    let cut = lower.find("renamed from").unwrap_or(name.value.len());
    let current = name.value[..cut]
        .trim()
        .trim_end_matches(['(', ',', ';', '-', '—'])
        .trim()
        .trim_matches('`')
        .to_owned();
    let span = name.span;
    (Spanned::new(current, span), Some(Spanned::new(old, span)))
}

fn table_name_before(cx: &Context<'_>, at: usize) -> Option<Spanned<String>> {
    let section = cx.document.blocks[at].section();
    for block in cx.document.blocks[..at].iter().rev() {
        match block {
            Block::Field(field) if field.section == section => {
                let key = field.key.to_lowercase();
                if matches!(
                    key.as_str(),
                    "table"
                        | "table name"
                        | "テーブル"
                        | "テーブル名"
                        | "테이블"
                        | "테이블명"
                        | "表"
                        | "表名"
                        | "bảng"
                ) {
                    let name = field.value.trim().trim_matches('`');
                    return Some(Spanned::new(name.to_owned(), field.value_span));
                }
            }
            Block::Heading { id } => {
                let title = &cx.document.sections[*id].title;
                return table_name_from_heading(title)
                    .map(|n| Spanned::new(n, cx.document.sections[*id].span));
            }
            _ => {}
        }
    }
    None
}

fn table_name_from_heading(title: &str) -> Option<String> {
    let mut t = title.trim();
    for prefix in [
        "Table:",
        "Table",
        "table:",
        "テーブル:",
        "テーブル：",
        "테이블:",
        "表:",
        "表：",
        "Bảng:",
        "Bảng",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest.trim();
            break;
        }
    }
    for suffix in [
        " table",
        " Table",
        " テーブル",
        "テーブル",
        " 테이블",
        "테이블",
        "表",
    ] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest.trim();
            break;
        }
    }
    let t = t
        .split(['(', '（'])
        .next()
        .unwrap_or(t)
        .trim()
        .trim_matches('`');
    // A capitalized word (`Indexes`) is a heading, not a name; lower snake case and all-caps
    // words (`USERS`, folded as PostgreSQL folds unquoted names) are names.
    let is_identifier = !t.is_empty()
        && t.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !t.chars().next().is_some_and(|c| c.is_ascii_digit());
    let lower = !t.chars().any(|c| c.is_ascii_uppercase());
    let all_caps = t.len() >= 3 && !t.chars().any(|c| c.is_ascii_lowercase());
    if is_identifier && all_caps {
        Some(t.to_ascii_lowercase())
    } else {
        (is_identifier && (lower || t.contains('_'))).then(|| t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_table_names() {
        assert_eq!(
            table_name_from_heading("Table: users").as_deref(),
            Some("users")
        );
        assert_eq!(table_name_from_heading("users").as_deref(), Some("users"));
        assert_eq!(
            table_name_from_heading("`order_items`").as_deref(),
            Some("order_items")
        );
        assert_eq!(
            table_name_from_heading("users テーブル").as_deref(),
            Some("users")
        );
        assert_eq!(
            table_name_from_heading("users (사용자)").as_deref(),
            Some("users")
        );
        assert_eq!(table_name_from_heading("Database Schema"), None);
        assert_eq!(table_name_from_heading("Indexes"), None);
        assert_eq!(
            table_name_from_heading("MEMBERS").as_deref(),
            Some("members")
        );
        assert_eq!(
            table_name_from_heading("LUNCH_ORDERS").as_deref(),
            Some("lunch_orders")
        );
    }

    #[test]
    fn untagged_dialects_are_recognized() {
        assert_eq!(
            sniff_dialect("id INT AUTO_INCREMENT PRIMARY KEY"),
            Some(SqlDialect::MySql)
        );
        assert_eq!(
            sniff_dialect("CREATE TABLE `users` (id INT)"),
            Some(SqlDialect::MySql)
        );
        assert_eq!(sniff_dialect(") ENGINE=InnoDB;"), Some(SqlDialect::MySql));
        assert_eq!(
            sniff_dialect("id INTEGER PRIMARY KEY AUTOINCREMENT"),
            Some(SqlDialect::Sqlite)
        );
        assert_eq!(
            sniff_dialect("id UUID PRIMARY KEY DEFAULT gen_random_uuid()"),
            None
        );
        assert_eq!(sniff_dialect("comment_unsigned_total INT"), None);
    }

    #[test]
    fn index_bullets() {
        let i = index_bullet("`idx_users_email` on `email` column", 10).unwrap();
        assert_eq!(i.name.value, "idx_users_email");
        assert_eq!(i.columns, ["email"]);
        assert_eq!(i.name.span, Span::new(11, 26));
        let i = index_bullet("idx_orders_user on orders(user_id, created_at)", 0).unwrap();
        assert_eq!(i.table.as_deref(), Some("orders"));
        assert_eq!(i.columns, ["user_id", "created_at"]);
        assert!(index_bullet("Proper indexing strategy", 0).is_none());
    }
}
