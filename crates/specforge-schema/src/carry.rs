//! Statements that are schema but not tables (views, functions, triggers, policies, row-level
//! security, grants, comments on other objects, sequences, `DO` blocks, extension calls),
//! turned into [`CarriedStatement`]s: the statement as sqlparser prints it and the statement
//! that undoes it, when PostgreSQL has one. Also what a statement implies about the columns of
//! a table the spec does not create (the types its literals imply).

use crate::model::{CarriedKind, CarriedStatement, QualifiedName};
use crate::name::{ident_name, qualified};
use crate::split::DoBlock;
use crate::types::{SqlType, parse_type};
use crate::words::sql_words;
use specforge_model::Span;
use sqlparser::ast::{
    AlterTableOperation, ArgMode, BinaryOperator, CommentObject, Expr, Grantee, GranteeName,
    GranteesType, Revoke, SelectItem, SetExpr, Statement, Value,
};

/// The extensions whose names or functions a statement can need, by the words that show it
/// (a closed table: a statement naming one of them runs only where the extension is
/// installed).
const EXTENSION_WORDS: &[(&str, &str)] = &[
    ("timescaledb", "timescaledb"),
    ("create_hypertable", "timescaledb"),
    ("time_bucket", "timescaledb"),
    ("add_retention_policy", "timescaledb"),
    ("add_compression_policy", "timescaledb"),
    ("add_continuous_aggregate_policy", "timescaledb"),
    ("set_chunk_time_interval", "timescaledb"),
    ("create_distributed_hypertable", "timescaledb"),
];

/// The extension a statement needs, from the words it uses outside literals.
pub(crate) fn needs_extension(text: &str) -> Option<&'static str> {
    sql_words(text).iter().find_map(|(_, w)| {
        let w = w.trim_matches('"').to_ascii_lowercase();
        EXTENSION_WORDS
            .iter()
            .find(|(word, _)| *word == w)
            .map(|(_, ext)| *ext)
    })
}

fn carried(kind: CarriedKind, up: String, down: Option<String>, span: Span) -> CarriedStatement {
    CarriedStatement {
        needs_extension: needs_extension(&up).map(str::to_owned),
        kind,
        up,
        down,
        roles: Vec::new(),
        table: None,
        object: None,
        span,
    }
}

fn roles(grantees: &[Grantee]) -> Vec<String> {
    grantees
        .iter()
        .filter(|g| !matches!(g.grantee_type, GranteesType::Public))
        .filter_map(|g| match &g.name {
            Some(GranteeName::ObjectName(n)) => Some(qualified(n).name),
            _ => None,
        })
        .collect()
}

/// The extension function an extension-call `SELECT` calls (`SELECT create_hypertable(…)`):
/// a `SELECT` without `FROM` whose items are calls of known extension functions.
fn extension_call(statement: &Statement) -> Option<(&'static str, Option<QualifiedName>)> {
    let Statement::Query(query) = statement else {
        return None;
    };
    let SetExpr::Select(select) = query.body.as_ref() else {
        return None;
    };
    if !select.from.is_empty() || select.projection.is_empty() {
        return None;
    }
    let mut ext = None;
    let mut table = None;
    for item in &select.projection {
        let (SelectItem::UnnamedExpr(Expr::Function(f))
        | SelectItem::ExprWithAlias {
            expr: Expr::Function(f),
            ..
        }) = item
        else {
            return None;
        };
        let name = qualified(&f.name).name.to_ascii_lowercase();
        let found = EXTENSION_WORDS.iter().find(|(w, _)| *w == name)?.1;
        ext = Some(found);
        // The first argument of a TimescaleDB call is the table, as a literal.
        let first = f.args.to_string();
        if let Some(lit) = first.split('\'').nth(1) {
            table = Some(crate::name::table_name(lit));
        }
    }
    ext.map(|e| (e, table))
}

/// A `DO` block carried as its code in a dollar quote that does not occur in it.
pub(crate) fn do_block(block: &DoBlock, span: Span) -> CarriedStatement {
    let tag = crate::split::free_dollar_tag(&[&block.body]);
    let language = block.language.as_ref().map_or(String::new(), |l| {
        format!(" LANGUAGE {}", crate::ident::quote_ident(l))
    });
    carried(
        CarriedKind::Do,
        format!("DO{language} {tag}{}{tag}", block.body),
        None,
        span,
    )
}

/// True when every operation of an `ALTER TABLE` enables or forces row-level security (a
/// carried statement, not a change to the table's columns).
pub(crate) fn is_row_security(at: &sqlparser::ast::AlterTable) -> bool {
    !at.operations.is_empty()
        && at.operations.iter().all(|op| {
            matches!(
                op,
                AlterTableOperation::EnableRowLevelSecurity
                    | AlterTableOperation::ForceRowLevelSecurity
            )
        })
}

/// The carried form of `statement`, or `None` when it is not one of the carried kinds.
pub(crate) fn carry(statement: &Statement, span: Span) -> Option<CarriedStatement> {
    let up = statement.to_string();
    let (kind, down, table, object) = match statement {
        Statement::CreateFunction(f) => {
            let args: Vec<String> = f
                .args
                .iter()
                .flatten()
                .filter(|a| !matches!(a.mode, Some(ArgMode::Out)))
                .map(|a| match a.mode {
                    Some(ArgMode::Variadic) => format!("VARIADIC {}", a.data_type),
                    _ => a.data_type.to_string(),
                })
                .collect();
            let down = format!("DROP FUNCTION IF EXISTS {}({})", f.name, args.join(", "));
            (
                CarriedKind::Function,
                Some(down),
                None,
                Some(qualified(&f.name)),
            )
        }
        Statement::CreateTrigger(t) => (
            CarriedKind::Trigger,
            Some(format!(
                "DROP TRIGGER IF EXISTS {} ON {}",
                t.name, t.table_name
            )),
            Some(qualified(&t.table_name)),
            Some(qualified(&t.name)),
        ),
        Statement::CreateView(v) => {
            let what = if v.materialized {
                "MATERIALIZED VIEW"
            } else {
                "VIEW"
            };
            let kind = if v.materialized {
                CarriedKind::MaterializedView
            } else {
                CarriedKind::View
            };
            (
                kind,
                Some(format!("DROP {what} IF EXISTS {}", v.name)),
                None,
                Some(qualified(&v.name)),
            )
        }
        Statement::CreatePolicy(p) => (
            CarriedKind::Policy,
            Some(format!(
                "DROP POLICY IF EXISTS {} ON {}",
                p.name, p.table_name
            )),
            Some(qualified(&p.table_name)),
            Some(QualifiedName::bare(ident_name(&p.name))),
        ),
        Statement::CreateSequence { name, .. } => (
            CarriedKind::Sequence,
            Some(format!("DROP SEQUENCE IF EXISTS {name}")),
            None,
            Some(qualified(name)),
        ),
        Statement::Grant(g) => {
            let revoke = Statement::Revoke(Revoke {
                grant_option_for: false,
                privileges: g.privileges.clone(),
                objects: g.objects.clone(),
                grantees: g.grantees.clone(),
                granted_by: None,
                cascade: None,
            });
            let mut c = carried(CarriedKind::Grant, up, Some(revoke.to_string()), span);
            c.roles = roles(&g.grantees);
            return Some(c);
        }
        Statement::Revoke(r) => {
            // No inverse: what was granted before the REVOKE is not known.
            let mut c = carried(CarriedKind::Revoke, up, None, span);
            c.roles = roles(&r.grantees);
            return Some(c);
        }
        Statement::Comment {
            object_type,
            object_name,
            ..
        } if !matches!(object_type, CommentObject::Table | CommentObject::Column) => {
            let down = format!("COMMENT ON {object_type} {object_name} IS NULL");
            (CarriedKind::Comment, Some(down), None, None)
        }
        Statement::AlterTable(at) if is_row_security(at) => {
            let ops: Vec<&str> = at
                .operations
                .iter()
                .map(|op| match op {
                    AlterTableOperation::ForceRowLevelSecurity => "NO FORCE ROW LEVEL SECURITY",
                    _ => "DISABLE ROW LEVEL SECURITY",
                })
                .collect();
            (
                CarriedKind::RowSecurity,
                Some(format!("ALTER TABLE {} {}", at.name, ops.join(", "))),
                Some(qualified(&at.name)),
                None,
            )
        }
        other => {
            let (ext, table) = extension_call(other)?;
            let mut c = carried(CarriedKind::ExtensionCall, up, None, span);
            c.needs_extension = Some(ext.to_owned());
            c.table = table;
            return Some(c);
        }
    };
    let mut c = carried(kind, up, down, span);
    c.table = table;
    c.object = object;
    Some(c)
}

/// The column a side of a comparison names, when it is a plain column.
fn column_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Identifier(id) => Some(ident_name(id)),
        Expr::CompoundIdentifier(ids) => ids.last().map(ident_name),
        Expr::Nested(e) => column_of(e),
        _ => None,
    }
}

fn literal_type(expr: &Expr) -> Option<SqlType> {
    let word = match expr {
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) if n.contains(['.', 'e', 'E']) => "numeric",
            Value::Number(..) => "integer",
            Value::Boolean(_) => "boolean",
            Value::SingleQuotedString(_) => "text",
            _ => return None,
        },
        Expr::UnaryOp { expr, .. } => return literal_type(expr),
        Expr::Nested(e) => return literal_type(e),
        _ => return None,
    };
    parse_type(word).ok()
}

fn add(out: &mut Vec<(String, Option<SqlType>)>, name: String, ty: Option<SqlType>) {
    match out.iter_mut().find(|(n, _)| *n == name) {
        Some((_, slot)) => {
            if slot.is_none() {
                *slot = ty;
            }
        }
        None => out.push((name, ty)),
    }
}

/// The columns an expression names and the types its literals imply for them (`price > 0`:
/// `price integer`; `status IN ('a')`: text; `NOT archived`: boolean), in order.
pub(crate) fn implied_columns(expr: &Expr, out: &mut Vec<(String, Option<SqlType>)>) {
    let boolean = || parse_type("boolean").ok();
    match expr {
        Expr::BinaryOp { left, op, right } => {
            let comparison = matches!(
                op,
                BinaryOperator::Eq
                    | BinaryOperator::NotEq
                    | BinaryOperator::Lt
                    | BinaryOperator::LtEq
                    | BinaryOperator::Gt
                    | BinaryOperator::GtEq
            );
            let logical = matches!(op, BinaryOperator::And | BinaryOperator::Or);
            for (side, other) in [(left, right), (right, left)] {
                match column_of(side) {
                    Some(c) if comparison => add(out, c, literal_type(other)),
                    Some(c) if logical => add(out, c, boolean()),
                    Some(c) => add(out, c, None),
                    None => implied_columns(side, out),
                }
            }
        }
        Expr::InList { expr, list, .. } => match column_of(expr) {
            Some(c) => add(out, c, list.first().and_then(literal_type)),
            None => implied_columns(expr, out),
        },
        Expr::Between { expr, low, .. } => match column_of(expr) {
            Some(c) => add(out, c, literal_type(low)),
            None => implied_columns(expr, out),
        },
        Expr::IsTrue(e) | Expr::IsFalse(e) | Expr::IsNotTrue(e) | Expr::IsNotFalse(e) => {
            match column_of(e) {
                Some(c) => add(out, c, boolean()),
                None => implied_columns(e, out),
            }
        }
        Expr::UnaryOp { expr: e, op } => match column_of(e) {
            Some(c) if matches!(op, sqlparser::ast::UnaryOperator::Not) => add(out, c, boolean()),
            Some(c) => add(out, c, parse_type("integer").ok()),
            None => implied_columns(e, out),
        },
        Expr::IsNull(e) | Expr::IsNotNull(e) | Expr::Nested(e) => match column_of(e) {
            Some(c) => add(out, c, None),
            None => implied_columns(e, out),
        },
        Expr::Identifier(_) | Expr::CompoundIdentifier(_) => {
            if let Some(c) = column_of(expr) {
                add(out, c, boolean());
            }
        }
        // A function's arguments and a cast's operand: the columns they name, no type.
        Expr::Function(f) => {
            if let sqlparser::ast::FunctionArguments::List(list) = &f.args {
                for arg in &list.args {
                    if let sqlparser::ast::FunctionArg::Unnamed(
                        sqlparser::ast::FunctionArgExpr::Expr(e),
                    ) = arg
                    {
                        match column_of(e) {
                            Some(c) => add(out, c, None),
                            None => implied_columns(e, out),
                        }
                    }
                }
            }
        }
        Expr::Cast { expr: e, .. } => match column_of(e) {
            Some(c) => add(out, c, None),
            None => implied_columns(e, out),
        },
        _ => {}
    }
}

/// The type a column referencing `ty` has: a serial's integer type, else `ty`.
pub(crate) fn non_serial(ty: &SqlType) -> SqlType {
    if !ty.is_serial() {
        return ty.clone();
    }
    let word = match ty.sql().as_str() {
        "smallserial" => "smallint",
        "serial" => "integer",
        _ => "bigint",
    };
    parse_type(word).unwrap_or_else(|_| ty.clone())
}
