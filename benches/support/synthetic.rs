//! A synthetic spec of a chosen size, in the richest template dialect (003): per "module" one
//! table as DDL and as a column table, an index table, two endpoints with detail sections and
//! error tables, two catalogue error codes, one metric and, every fifth module, an alert.
//! Counts scale with size: about 1,000 tables, 2,000 endpoints, 2,000 error codes and 200 alerts
//! per MB. Deterministic.

/// Builds a spec of at least `target_bytes` bytes.
pub fn synthetic_spec(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 4096);
    out.push_str("# Synthetic Service - Technical Specification\n\n## Document Info\n\n");
    out.push_str("| Field | Value |\n|-------|-------|\n| **Status** | Approved |\n| **Version** | 1.0 |\n\n");
    let mut module = 0;
    let mut catalogue = String::from(
        "## Error Codes\n\n| Status | Error Code | Description | Resolution |\n|---|---|---|---|\n",
    );
    let mut metrics =
        String::from("## Metrics\n\n| Metric | Type | Labels | Alert |\n|---|---|---|---|\n");
    let mut alerts = String::from(
        "## Alerting\n\n| Alert | Condition | Severity | Action |\n|---|---|---|---|\n",
    );
    while out.len() + catalogue.len() + metrics.len() + alerts.len() < target_bytes {
        let m = module;
        out.push_str(&format!(
            "## Module {m}\n\n### Entity: Item{m}\n\n**Table:** `items_{m}`\n\n\
| Column | Type | Constraints | Default | Description |\n|---|---|---|---|---|\n\
| `id` | UUID | PK | gen_random_uuid() | Identifier |\n\
| `name` | VARCHAR(200) | NOT NULL | - | Display name |\n\
| `status` | VARCHAR(20) | NOT NULL | 'active' | Lifecycle state |\n\
| `created_at` | TIMESTAMPTZ | NOT NULL | now() | Creation time |\n\n\
**Indexes:**\n\n| Name | Columns | Type | Purpose |\n|---|---|---|---|\n\
| `idx_items_{m}_status` | (status, created_at) | BTREE | Filtering |\n\n\
```sql\nCREATE TABLE items_{m} (\n    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),\n    name VARCHAR(200) NOT NULL,\n    status VARCHAR(20) NOT NULL DEFAULT 'active',\n    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\nCREATE INDEX idx_items_{m}_status ON items_{m} (status, created_at);\n```\n\n\
### Endpoints\n\n| Method | Path | Description | Auth |\n|---|---|---|---|\n\
| GET | /api/v1/items-{m}/{{id}} | Fetch item | Required |\n\
| POST | /api/v1/items-{m} | Create item | Required |\n\n\
#### GET /api/v1/items-{m}/{{id}}\n\n**Description:** Returns one item.\n\n\
**Response (200 OK):**\n```json\n{{\"id\": \"5f0c1c9e-1111-4a4a-9b9b-000000000000\", \"name\": \"x\", \"status\": \"active\"}}\n```\n\n\
**Error Responses:**\n\n| Status | Error Code | Description | Resolution |\n|---|---|---|---|\n\
| 404 | `ITEM_{m}_NOT_FOUND` | No such item | Check the id |\n\n\
#### POST /api/v1/items-{m}\n\n**Description:** Creates an item.\n\n\
**Error Responses:**\n\n| Status | Error Code | Description | Resolution |\n|---|---|---|---|\n\
| 409 | `ITEM_{m}_CONFLICT` | Name taken | Pick another name |\n\n"
        ));
        catalogue.push_str(&format!(
            "| 404 | `ITEM_{m}_NOT_FOUND` | No such item | Check the id |\n| 409 | `ITEM_{m}_CONFLICT` | Name taken | Pick another name |\n"
        ));
        metrics.push_str(&format!(
            "| `items_{m}_requests_total` | Counter | method, status | - |\n"
        ));
        if m % 5 == 0 {
            alerts.push_str(&format!(
                "| Items {m} Error Rate | `items_{m}_requests_total` > 1% errors for 5m | Critical | Page on-call |\n"
            ));
        }
        module += 1;
    }
    out.push_str(&catalogue);
    out.push('\n');
    out.push_str(&metrics);
    out.push('\n');
    out.push_str(&alerts);
    out
}
