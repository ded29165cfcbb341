//! The catalog read back as sorted, readable lines, and the same lines expected from a
//! [`SchemaModel`], so that a mismatch names the object: columns (type, nullability, default
//! present), primary keys (columns in order), unique constraints (column sets), foreign keys
//! (columns → table(columns), ON DELETE), indexes (name, keys in order, unique, partial) and
//! enum types (labels in order), domains (base type) and composite types (attributes).

use super::PgServer;
use specforge_schema::{QualifiedName, SchemaModel};

/// Schemas that are not ours.
const OURS: &str = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'";

/// `schema.name`, or `name` in public.
fn shown(name: &QualifiedName) -> String {
    match name.schema.as_deref() {
        None | Some("public") => name.name.clone(),
        Some(s) => format!("{s}.{}", name.name),
    }
}

const REL: &str =
    "CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END";

/// One line per catalog fact, sorted.
pub fn read(server: &PgServer) -> Vec<String> {
    let mut lines = Vec::new();
    let q = |sql: String| -> Vec<String> {
        server
            .rows(&sql)
            .unwrap_or_else(|e| panic!("catalog query failed: {e}\n{sql}"))
            .into_iter()
            .map(|r| r.join(" "))
            .collect()
    };
    lines.extend(q(format!(
        "SELECT 'column ' || {REL} || '.' || a.attname, format_type(a.atttypid, a.atttypmod), \
         CASE WHEN a.attnotnull THEN 'not-null' ELSE 'null' END, \
         CASE WHEN d.adbin IS NULL THEN 'no-default' ELSE 'default' END \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
         WHERE {OURS} AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
    )));
    let cols = |arr: &str, rel: &str| {
        format!(
            "array_to_string(ARRAY(SELECT a.attname FROM unnest({arr}) WITH ORDINALITY k(num, ord) \
             JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY k.ord), ', ')"
        )
    };
    let sorted_cols = |arr: &str, rel: &str| {
        format!(
            "array_to_string(ARRAY(SELECT a.attname FROM unnest({arr}) k(num) \
             JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY a.attname), ', ')"
        )
    };
    lines.extend(q(format!(
        "SELECT 'primary-key ' || {REL} || ' (' || {} || ')' FROM pg_constraint con \
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND con.contype = 'p'",
        cols("con.conkey", "con.conrelid")
    )));
    lines.extend(q(format!(
        "SELECT 'unique ' || {REL} || ' {{' || {} || '}}' FROM pg_constraint con \
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND con.contype = 'u'",
        sorted_cols("con.conkey", "con.conrelid")
    )));
    lines.extend(q(format!(
        "SELECT 'foreign-key ' || {REL} || ' (' || {} || ') -> ' || \
         CASE WHEN rn.nspname = 'public' THEN rc.relname ELSE rn.nspname || '.' || rc.relname END || \
         ' (' || {} || ') ON DELETE ' || CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' \
         WHEN 'r' THEN 'RESTRICT' WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' \
         WHEN 'd' THEN 'SET DEFAULT' END \
         FROM pg_constraint con \
         JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
         WHERE {OURS} AND con.contype = 'f'",
        cols("con.conkey", "con.conrelid"),
        cols("con.confkey", "con.confrelid")
    )));
    lines.extend(q(format!(
        "SELECT 'index ' || ic.relname || ' on ' || {REL} || ' (' || \
         array_to_string(ARRAY(SELECT CASE WHEN k.num = 0 THEN '<expr>' ELSE a.attname END \
           FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(num, ord) \
           LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num \
           ORDER BY k.ord), ', ') || ')' || \
         CASE WHEN i.indisunique THEN ' unique' ELSE '' END || \
         CASE WHEN i.indpred IS NOT NULL THEN ' partial' ELSE '' END \
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid \
         JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))"
    )));
    lines.extend(q(format!(
        "SELECT 'enum ' || CASE WHEN n.nspname = 'public' THEN t.typname ELSE n.nspname || '.' || t.typname END \
         || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')' \
         FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE {OURS} GROUP BY n.nspname, t.typname"
    )));
    // What carried statements create: views, functions, triggers, policies, row security and
    // sequences of their own (not those of serial or identity columns, nor an extension's).
    lines.extend(q(format!(
        "SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'matview ' ELSE 'sequence ' END || {REL} \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND (c.relkind IN ('v', 'm') OR (c.relkind = 'S' AND NOT EXISTS \
           (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))) \
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = c.oid AND dep.deptype = 'e')"
    )));
    lines.extend(q(format!(
        "SELECT 'function ' || CASE WHEN n.nspname = 'public' THEN p.proname ELSE n.nspname || '.' || p.proname END \
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {OURS} \
         AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = p.oid AND dep.deptype = 'e')"
    )));
    lines.extend(q(format!(
        "SELECT 'trigger ' || t.tgname || ' on ' || {REL} FROM pg_trigger t \
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND NOT t.tgisinternal"
    )));
    lines.extend(q(format!(
        "SELECT 'policy ' || p.polname || ' on ' || {REL} FROM pg_policy p \
         JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {OURS}"
    )));
    lines.extend(q(format!(
        "SELECT 'row-security ' || {REL} FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE {OURS} AND c.relrowsecurity"
    )));
    // Domains and composite types of ours (not an extension's, not a table's row type).
    let not_extension =
        "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = t.oid AND dep.deptype = 'e')";
    lines.extend(q(format!(
        "SELECT 'domain ' || CASE WHEN n.nspname = 'public' THEN t.typname ELSE n.nspname || '.' || t.typname END \
         || ' ' || format_type(t.typbasetype, t.typtypmod) \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         WHERE {OURS} AND t.typtype = 'd' AND {not_extension}"
    )));
    lines.extend(q(format!(
        "SELECT 'composite ' || CASE WHEN n.nspname = 'public' THEN t.typname ELSE n.nspname || '.' || t.typname END \
         || ' (' || string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) || ')' \
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace \
         JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c' \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
         WHERE {OURS} AND t.typtype = 'c' AND {not_extension} GROUP BY n.nspname, t.typname"
    )));
    lines.sort();
    lines
}

/// The lines of what `model`'s carried statements create.
fn carried(model: &SchemaModel, lines: &mut Vec<String>) {
    use specforge_schema::model::CarriedKind as K;
    for c in &model.carried {
        let object = c.object.as_ref().map(shown).unwrap_or_default();
        let bare = c
            .object
            .as_ref()
            .map(|o| o.name.clone())
            .unwrap_or_default();
        let table = c.table.as_ref().map(shown).unwrap_or_default();
        match c.kind {
            K::Function => lines.push(format!("function {object}")),
            K::View => lines.push(format!("view {object}")),
            K::MaterializedView => lines.push(format!("matview {object}")),
            K::Sequence => lines.push(format!("sequence {object}")),
            K::Trigger => lines.push(format!("trigger {bare} on {table}")),
            K::Policy => lines.push(format!("policy {bare} on {table}")),
            K::RowSecurity => lines.push(format!("row-security {table}")),
            _ => {}
        }
    }
}

/// The lines [`read`] should return after applying a migration of `model`.
pub fn expected(model: &SchemaModel) -> Vec<String> {
    let mut lines = Vec::new();
    carried(model, &mut lines);
    // The columns and constraints added to tables assumed to exist count as ours.
    for t in model
        .tables
        .iter()
        .chain(model.assumed.iter().map(|a| &a.added))
    {
        let table = shown(&t.name);
        let pk = t.primary_key_columns();
        for c in &t.columns {
            let not_null = !c.nullable || pk.contains(&c.name) || c.ty.is_serial() || c.identity;
            let default = c.default.is_some() || c.ty.is_serial() || c.identity;
            lines.push(format!(
                "column {table}.{} {} {} {}",
                c.name,
                c.ty.catalog_name(),
                if not_null { "not-null" } else { "null" },
                // Identity columns have no pg_attrdef row.
                if default && !c.identity {
                    "default"
                } else {
                    "no-default"
                }
            ));
        }
        if !pk.is_empty() {
            lines.push(format!("primary-key {table} ({})", pk.join(", ")));
        }
        let mut uniques: Vec<Vec<String>> = t
            .columns
            .iter()
            .filter(|c| c.unique)
            .map(|c| vec![c.name.clone()])
            .collect();
        uniques.extend(t.uniques.iter().map(|u| u.columns.clone()));
        for mut u in uniques {
            u.sort();
            lines.push(format!("unique {table} {{{}}}", u.join(", ")));
        }
        for fk in t.all_foreign_keys() {
            let target = &fk.reference.table;
            let ref_cols = if fk.reference.columns.is_empty() {
                model
                    .table(target)
                    .map(|rt| rt.primary_key_columns())
                    .unwrap_or_else(|| vec!["id".to_owned()])
            } else {
                fk.reference.columns.clone()
            };
            lines.push(format!(
                "foreign-key {table} ({}) -> {} ({}) ON DELETE {}",
                fk.columns.join(", "),
                shown(target),
                ref_cols.join(", "),
                fk.reference.on_delete.map_or("NO ACTION", |a| a.as_sql())
            ));
        }
    }
    for ix in &model.indexes {
        let Some(name) = &ix.name else { continue };
        let keys: Vec<&str> = ix
            .keys
            .iter()
            .map(|k| {
                if k.is_column {
                    k.expr.as_str()
                } else {
                    "<expr>"
                }
            })
            .collect();
        lines.push(format!(
            "index {name} on {} ({}){}{}",
            shown(&ix.table),
            keys.join(", "),
            if ix.unique { " unique" } else { "" },
            if ix.predicate.is_some() {
                " partial"
            } else {
                ""
            }
        ));
    }
    for e in &model.enums {
        lines.push(format!("enum {} ({})", shown(&e.name), e.labels.join(", ")));
    }
    for d in &model.domains {
        lines.push(format!(
            "domain {} {}",
            shown(&d.name),
            d.base.catalog_name()
        ));
    }
    for c in &model.composites {
        let attrs: Vec<String> = c
            .attributes
            .iter()
            .map(|(a, ty)| format!("{a} {}", ty.catalog_name()))
            .collect();
        lines.push(format!(
            "composite {} ({})",
            shown(&c.name),
            attrs.join(", ")
        ));
    }
    lines.sort();
    lines
}

/// `Err` with a readable list of what is missing from the catalog and what is unexpected.
pub fn compare(want: &[String], got: &[String]) -> Result<(), String> {
    let missing: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    if missing.is_empty() && extra.is_empty() && want.len() == got.len() {
        return Ok(());
    }
    let mut message = String::new();
    for m in missing {
        message.push_str(&format!("\n  expected, not in the catalog: {m}"));
    }
    for e in extra {
        message.push_str(&format!("\n  in the catalog, not expected: {e}"));
    }
    if message.is_empty() {
        message = format!("\n  same facts, different counts:\n  want {want:#?}\n  got {got:#?}");
    }
    Err(message)
}

/// Everything of ours left in the database: relations (tables, indexes, sequences, views),
/// types (enums, domains, composites, array types) and functions, one line each.
pub fn leftovers(server: &PgServer) -> Vec<String> {
    let sql = format!(
        "SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {OURS} \
         UNION ALL SELECT 'type ' || n.nspname || '.' || t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE {OURS} \
         UNION ALL SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE {OURS} \
         ORDER BY 1"
    );
    server
        .rows(&sql)
        .unwrap_or_else(|e| panic!("leftovers query failed: {e}"))
        .into_iter()
        .map(|r| r.join(" "))
        .collect()
}
