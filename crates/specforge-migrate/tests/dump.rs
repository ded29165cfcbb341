//! Prints the schema and diagnostics of every fixture (run with --nocapture --ignored).
mod common;

#[test]
#[ignore]
fn dump() {
    for name in common::valid_fixtures()
        .into_iter()
        .map(|n| format!("valid/{n}"))
        .chain([
            "variations/07-column-tables-only.md".to_owned(),
            "variations/18-sql-fence-tags.md".to_owned(),
        ])
    {
        let text = common::fixture_text(&name);
        let spec = common::spec_of(&text);
        println!(
            "=== {name}: {} fences, {} column tables, {} indexes",
            spec.schema.sql_blocks.len(),
            spec.schema.tables.len(),
            spec.schema.indexes.len()
        );
        for i in &spec.schema.indexes {
            println!(
                "  spec index {:?} {:?} {:?} {:?}",
                i.name.value, i.table, i.columns, i.kind
            );
        }
        for t in &spec.schema.tables {
            println!(
                "  spec table {:?} cols {:?}",
                t.name.value,
                t.columns
                    .iter()
                    .map(|c| (
                        c.name.value.clone(),
                        c.data_type.value.clone(),
                        c.constraints.as_ref().map(|x| x.value.clone()),
                        c.default.as_ref().map(|x| x.value.clone())
                    ))
                    .collect::<Vec<_>>()
            );
        }
        let (model, diags) = specforge_schema::build_schema(&spec);
        for t in &model.tables {
            println!("  table {} ({} cols)", t.name, t.columns.len());
        }
        for d in &diags {
            println!(
                "  {:?} {} {} @{}..{} {:?}",
                d.severity,
                d.code.as_str(),
                d.message,
                d.span.start,
                d.span.end,
                text.get(d.span.start..d.span.end.min(d.span.start + 40))
            );
        }
    }
}

#[test]
#[ignore]
fn show_up() {
    let text = common::fixture_text("valid/ledger.md");
    let (model, _) = common::schema_of(&text);
    for a in specforge_migrate::emit_migrations(&model, "ledger.md", "init") {
        println!("{}\n{}", a.path, a.contents);
    }
}
