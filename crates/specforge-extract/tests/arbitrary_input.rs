//! Property test: extraction never panics on arbitrary spec-shaped input, and every span in
//! its diagnostics lies inside the text.

use proptest::prelude::*;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("| Method | Path | Description | Auth |\n|---|---|---|---|\n".to_owned()),
        Just("| GET | /a/{id} | Get | Required |\n".to_owned()),
        Just("| [GET/POST] | [/x] | [Desc] | |\n".to_owned()),
        Just("| Code | HTTP Status | Description |\n|---|---|---|\n".to_owned()),
        Just("| NOT_FOUND / GONE | 404 Not Found | x |\n".to_owned()),
        Just("| Metric | Type | Labels | Alert |\n|---|---|---|---|\n".to_owned()),
        Just("| `a_total` | Counter | `m=a|b` | Error rate > 1% |\n".to_owned()),
        Just("| Alert | Condition | Severity |\n|---|---|---|\n".to_owned()),
        Just("| Column | Type | Constraints |\n|---|---|---|\n| id | UUID | PK |\n".to_owned()),
        Just("| Name | Columns | Type |\n|---|---|---|\n| idx_a | (a, b) | BTREE |\n".to_owned()),
        Just("| Field | Value |\n|---|---|\n| **Method** | POST |\n| **Path** | /x |\n".to_owned()),
        Just("#### POST /x/:id\n".to_owned()),
        Just("#### Table: users\n".to_owned()),
        Just("```sql\nCREATE TABLE [t] (id INT);\n```\n".to_owned()),
        Just("```http\nGET /x/1 HTTP/1.1\n```\n".to_owned()),
        Just("```\nPOST /a  Create\n```\n".to_owned()),
        Just("**Status**: Approved\n".to_owned()),
        Just("**Indexes:**\n- `idx_a` on `a`\n".to_owned()),
        Just("Base path: /api/v1\n".to_owned()),
        Just("\n".to_owned()),
        "[ -~]{0,16}",
        "\\PC{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn extraction_never_panics(parts in proptest::collection::vec(fragment(), 0..40)) {
        let text = parts.concat();
        let (document, _) = specforge_markdown::read(&text);
        let extraction = specforge_extract::extract(&text, &document);
        let gate = specforge_extract::gate(&extraction.spec, false);
        for d in extraction.diagnostics.iter().chain(&gate) {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{:?}", d);
        }
    }
}
