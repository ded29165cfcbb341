//! The `Spec`: one typed intermediate representation of everything a spec states.
//!
//! Extraction fills it from the Markdown; emitters and checks read it. Each node carries the
//! [`Span`] it was read from. Text is kept as written (`raw` fields) next to what was
//! understood from it, so later stages can report against the author's words.

use crate::{Span, Spanned};
use serde::Serialize;

/// Everything extracted from one spec document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Spec {
    /// Title, version, status.
    pub info: DocumentInfo,
    /// Tables, columns, indexes and the SQL fences they came from.
    pub schema: Schema,
    /// Endpoints.
    pub api: Api,
    /// Error codes.
    pub errors: ErrorCatalog,
    /// Metrics and alert rules.
    pub observability: Observability,
    /// `<!-- specforge-allow SF-XXXX: reason -->` comments: findings the authors accept.
    pub allows: Vec<Allow>,
}

/// A `<!-- specforge-allow SF-XXXX: reason -->` comment. It silences diagnostics of its codes
/// whose span starts inside the construct that follows it (the next block; for a heading, its
/// whole section).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Allow {
    /// The codes, as written (`SF-C004`).
    pub codes: Vec<String>,
    /// Why, as written after the colon.
    pub reason: String,
    /// The comment.
    pub span: Span,
    /// The construct it covers.
    pub covers: Span,
}

impl Allow {
    /// True when this comment silences a finding of `code` whose span starts at `span`: it
    /// names the code and covers the place.
    pub fn silences(&self, code: crate::Code, span: Span) -> bool {
        self.codes.iter().any(|c| c == code.as_str())
            && self.covers.start <= span.start
            && span.start < self.covers.end.max(self.covers.start + 1)
    }
}

impl Spec {
    /// True when nothing a generator could use was found.
    pub fn is_empty(&self) -> bool {
        self.api.endpoints.is_empty()
            && self.errors.entries.is_empty()
            && self.observability.metrics.is_empty()
            && self.observability.alerts.is_empty()
            && self.schema.sql_blocks.is_empty()
            && self.schema.tables.is_empty()
    }
}

/// One generated file: a path relative to the output folder, and its full contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Artifact {
    /// Relative path with `/` separators, e.g. `migrations/0001_init.up.sql`.
    pub path: String,
    /// The bytes to write (UTF-8, LF endings, one trailing newline).
    pub contents: String,
}

// ---------------------------------------------------------------------------------------------
// Document info

/// Title, version and approval status of the document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// The first top-level heading, or the front matter `title`.
    pub title: Option<Spanned<String>>,
    /// The service or project name: stated (`**Project**:`, a `Project Name` row), or else the
    /// title without its document words (`Ledger Service - Technical Specification` →
    /// `Ledger Service`). Emitters name things after it and never parse the title themselves.
    pub service: Option<Spanned<String>>,
    /// The document version as written.
    pub version: Option<Spanned<String>>,
    /// The approval status.
    pub status: Option<DocumentStatus>,
}

/// The document status as written and as understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentStatus {
    /// The value as written, markup removed.
    pub text: String,
    /// What it means for the generation gate.
    pub kind: StatusKind,
    /// Where the value is written.
    pub span: Span,
}

/// Classes of document status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    /// Approved, Implemented, Complete, Accepted: generation may proceed.
    Approved,
    /// Draft, WIP, Proposed.
    Draft,
    /// In review, under review, RFC.
    InReview,
    /// Deprecated, superseded, archived, rejected.
    Retired,
    /// The template's list of choices (`Draft / In Review / Approved`) left unfilled.
    Unfilled,
    /// Anything else.
    Other,
}

impl StatusKind {
    /// True when `generate` may proceed without `--allow-draft`.
    pub fn is_approved(self) -> bool {
        self == StatusKind::Approved
    }
}

// ---------------------------------------------------------------------------------------------
// Schema

/// The data model.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schema {
    /// Fenced SQL blocks, in document order, as written.
    pub sql_blocks: Vec<SqlBlock>,
    /// Tables described by column tables (and, once SQL is parsed, by DDL).
    pub tables: Vec<Table>,
    /// Indexes described outside DDL (index tables, bullet lists).
    pub indexes: Vec<Index>,
    /// Named constraints described outside DDL (constraint tables).
    pub constraints: Vec<NamedConstraint>,
}

/// SQL dialect named by a fence's info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SqlDialect {
    /// `sql`, `SQL`, `postgresql`, `postgres`, `psql`, `pgsql`.
    Postgres,
    /// `mysql`.
    MySql,
    /// `sqlite`.
    Sqlite,
}

/// What a SQL fence is for, from the label or heading before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SqlBlockRole {
    /// A schema or table definition.
    Schema,
    /// `**Up Migration:**`.
    Up,
    /// `**Down Migration:**`.
    Down,
}

/// One fenced SQL block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SqlBlock {
    /// The dialect its info string names.
    pub dialect: SqlDialect,
    /// The info string as written.
    pub info: String,
    /// Role from the preceding label.
    pub role: SqlBlockRole,
    /// The body text.
    pub body: String,
    /// Byte offset of the body's first character (add it to spans relative to the body).
    pub body_offset: usize,
    /// The whole fence.
    pub span: Span,
    /// Anchor of the section holding it.
    pub section: Option<String>,
}

/// Where a table's description came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TableOrigin {
    /// A Markdown column table (`| Column | Type | Constraints | Description |`).
    ColumnTable,
    /// `CREATE TABLE` in a SQL fence.
    Ddl,
}

/// A database table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// Table name, possibly schema-qualified, as written.
    pub name: Spanned<String>,
    /// Where it was described.
    pub origin: TableOrigin,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// The table's previous name, when the spec declares a rename
    /// (`**Table:** `orders` (renamed from `purchases`)`).
    pub renamed_from: Option<Spanned<String>>,
    /// The description block.
    pub span: Span,
}

/// A column as described in a column table or DDL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Column name.
    pub name: Spanned<String>,
    /// Type as written (`VARCHAR(255)`, `BIGINT PK`).
    pub data_type: Spanned<String>,
    /// Constraints cell as written (`UNIQUE, NOT NULL`), if any.
    pub constraints: Option<Spanned<String>>,
    /// Default as written.
    pub default: Option<Spanned<String>>,
    /// Description.
    pub description: Option<String>,
    /// The column's previous name, from a `Renamed from` cell or `renamed from x` in the
    /// description.
    pub renamed_from: Option<Spanned<String>>,
    /// The whole row.
    pub span: Span,
}

/// An index described outside DDL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Index name.
    pub name: Spanned<String>,
    /// The table it belongs to, when the context says.
    pub table: Option<String>,
    /// Column list as written.
    pub columns: Vec<String>,
    /// Method or kind as written (`BTREE`, `UNIQUE`).
    pub kind: Option<String>,
    /// The row or list item.
    pub span: Span,
}

/// A named constraint from a constraint table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedConstraint {
    /// Constraint name.
    pub name: Spanned<String>,
    /// The table it belongs to, when the context says.
    pub table: Option<String>,
    /// Kind as written (`CHECK`, `UNIQUE`).
    pub kind: String,
    /// Definition as written.
    pub definition: Spanned<String>,
    /// The row.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// API

/// The HTTP API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Api {
    /// A base path stated once (`Base path: /api/v1`).
    pub base_path: Option<Spanned<String>>,
    /// An absolute base URL when one is stated (`Base URL: https://api.example.com/v1`), for
    /// the OpenAPI `servers` entry.
    pub base_url: Option<Spanned<String>>,
    /// Endpoints in first-mention order; overview rows and detail sections are joined.
    pub endpoints: Vec<Endpoint>,
    /// How clients authenticate, as stated once for the whole API (`Authentication: Bearer
    /// token (JWT)`), for the security scheme.
    pub auth_scheme: Option<Spanned<String>>,
    /// Embedded OpenAPI / Swagger YAML fragments (```` ```yaml ```` fences holding `paths:`
    /// or `openapi:`), merged into the emitted document.
    pub fragments: Vec<ApiFragment>,
    /// The standard error body, when the spec shows one (a JSON example under an "error
    /// format" / "error response" heading outside any endpoint).
    pub error_format: Option<BodyExample>,
}

/// An OpenAPI / Swagger YAML fragment embedded in the spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiFragment {
    /// The YAML as written.
    pub text: String,
    /// Byte offset of `text` in the spec.
    pub offset: usize,
    /// The fence.
    pub span: Span,
}

/// A request or response body example as written: a whole fence, or the part of one that
/// follows a `Request:` / `Response: 201 Created` line inside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyExample {
    /// The fence language (`json`, `yaml`, or empty).
    pub lang: String,
    /// The example text.
    pub text: String,
    /// Byte offset of `text` in the spec.
    pub offset: usize,
}

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParamLocation {
    /// The OpenAPI name (`path`, `query`, `header`, `cookie`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// One row of a request parameters or request headers table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    /// The name (backticks removed).
    pub name: Spanned<String>,
    /// Where it is sent: stated in an `In` column, a header table, or inferred (a name that is
    /// a path parameter is in the path; otherwise the query).
    pub location: ParamLocation,
    /// The type as written (`integer`, `string (uuid)`), if stated.
    pub type_text: Option<Spanned<String>>,
    /// Required, if stated.
    pub required: Option<bool>,
    /// Description.
    pub description: Option<String>,
    /// Validation as written (`1-200, default 50`, `open | closed`).
    pub validation: Option<Spanned<String>>,
    /// The row.
    pub span: Span,
}

/// One response of an endpoint: a labelled example (`**Response (201 Created):**`,
/// `**Error Response (404):**`, `Response: 201 Created` inside a fence) or a status stated in
/// an endpoint table's Response cell (`201: Booking`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseSpec {
    /// The status code, when stated.
    pub status: Option<Spanned<u16>>,
    /// The reason or description written with the status (`Created`, `Booking`).
    pub description: Option<String>,
    /// True for an error response label.
    pub is_error: bool,
    /// The body example, if one follows.
    pub example: Option<BodyExample>,
    /// The label or cell.
    pub span: Span,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists operations.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// Parses a method name, case-insensitively.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(text))
    }

    /// The uppercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
        }
    }
}

/// The form an endpoint was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndpointForm {
    /// A row of an endpoint table.
    TableRow,
    /// A heading `#### GET /x`.
    Heading,
    /// A `METHOD /path  description` line in a plain fence.
    FenceLine,
    /// A `| **Method** | POST |` / `| **Path** | /x |` field table.
    FieldTable,
    /// The request line of an ```` ```http ```` fence.
    HttpFence,
    /// A bold `**POST /x**` line.
    BoldLine,
}

/// One place an endpoint is mentioned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointMention {
    /// The form.
    pub form: EndpointForm,
    /// Where.
    pub span: Span,
}

/// An HTTP endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Method.
    pub method: Method,
    /// Normalized path: `{param}` style, base path applied, no trailing slash.
    pub path: String,
    /// The path as first written.
    pub raw_path: Spanned<String>,
    /// One-line summary (a Description/Purpose cell or the text after the path).
    pub summary: Option<String>,
    /// Auth as written (`Required`, `None`, `Bearer (admin)`).
    pub auth: Option<Spanned<String>>,
    /// Every auth statement (an overview cell, a detail field), in document order; `auth` is
    /// the first. The consistency rules compare them.
    pub auth_statements: Vec<Spanned<String>>,
    /// Anchor (slug) of the section that details the endpoint, if any.
    pub section: Option<String>,
    /// Title of the section that groups the endpoint (`Guest Management`), for its tag.
    pub group: Option<String>,
    /// A longer description (`**Description:** …`).
    pub description: Option<String>,
    /// Required role or scope as written (`**Authorization:** accounts:write`).
    pub authorization: Option<String>,
    /// Rate limit as written (`100 requests/minute`).
    pub rate_limit: Option<String>,
    /// Request parameters and headers, in table order.
    pub parameters: Vec<Parameter>,
    /// The request body example, if any.
    pub request: Option<BodyExample>,
    /// What the overview table's Request cell says, if anything.
    pub request_summary: Option<String>,
    /// Responses in the order written.
    pub responses: Vec<ResponseSpec>,
    /// Every mention, first one first.
    pub mentions: Vec<EndpointMention>,
    /// The first mention.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Errors

/// Where an error row came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ErrorScope {
    /// A document-wide catalogue table.
    Catalogue,
    /// A table inside an endpoint's section.
    Endpoint {
        /// `METHOD /path` of that endpoint.
        endpoint: String,
    },
    /// A `"code": "X"` in an error response example (`**Error Response (404):**`).
    Example {
        /// `METHOD /path` of the endpoint whose section holds the example, if any.
        endpoint: Option<String>,
    },
}

/// One row of an error table (a cell listing several codes gives one entry per code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// The code (`ORDER_NOT_FOUND`, or a numeric status used as a code).
    pub code: Spanned<String>,
    /// HTTP status, when stated.
    pub status: Option<Spanned<u16>>,
    /// Description / meaning.
    pub description: Option<String>,
    /// Resolution / how to fix.
    pub resolution: Option<String>,
    /// Retry-able flag, when a column states it.
    pub retryable: Option<bool>,
    /// RFC 7807 problem type URI, when a Type URI column states it.
    pub type_uri: Option<String>,
    /// Catalogue or per-endpoint.
    pub scope: ErrorScope,
    /// The row.
    pub span: Span,
}

/// All error rows, in document order, and the codes they define once merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorCatalog {
    /// The rows (catalogue tables, per-endpoint tables, examples).
    pub entries: Vec<ErrorEntry>,
    /// One entry per distinct code, in first-mention order, merged from every row.
    pub codes: Vec<ErrorCode>,
}

/// A distinct error code, merged from every row that names it. Catalogue rows win for the
/// description and resolution; a status or retry flag comes from the first row stating one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// The code, at its first mention.
    pub code: Spanned<String>,
    /// HTTP status.
    pub status: Option<Spanned<u16>>,
    /// Description.
    pub description: Option<String>,
    /// Resolution.
    pub resolution: Option<String>,
    /// Retry-able flag, when stated.
    pub retryable: Option<bool>,
    /// RFC 7807 problem type URI, from the first row stating one.
    pub type_uri: Option<String>,
    /// Every row naming the code.
    pub rows: Vec<Span>,
}

// ---------------------------------------------------------------------------------------------
// Observability

/// Metrics and alerts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observability {
    /// Declared metrics.
    pub metrics: Vec<Metric>,
    /// Alert definitions.
    pub alerts: Vec<Alert>,
}

/// Prometheus metric types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricKind {
    /// Monotonic counter.
    Counter,
    /// Gauge.
    Gauge,
    /// Histogram (with `_bucket`, `_sum`, `_count`).
    Histogram,
    /// Summary.
    Summary,
}

/// A declared metric.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metric {
    /// Metric name.
    pub name: Spanned<String>,
    /// Type, when a Type column states one.
    pub kind: Option<MetricKind>,
    /// Type as written.
    pub kind_text: Option<String>,
    /// Label names.
    pub labels: Vec<String>,
    /// Histogram bucket boundaries as a Buckets column writes them (`0.1, 0.25, 0.5, 1`).
    pub buckets: Option<Spanned<String>>,
    /// Description.
    pub description: Option<String>,
    /// The row.
    pub span: Span,
}

/// Where an alert was defined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AlertOrigin {
    /// A row of an alert table.
    AlertTable,
    /// The alert/threshold column of a metrics-table row.
    MetricRow {
        /// The metric that row declares.
        metric: String,
    },
    /// A `# name` comment and a comparing expression in a ```` ```promql ```` fence.
    PromqlFence,
}

/// An alert definition as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// Alert name (for metric rows: derived from the metric).
    pub name: Spanned<String>,
    /// The condition as written (prose or PromQL).
    pub condition: Spanned<String>,
    /// The whole condition cell is inline code (`` `rate(x[5m]) > 1` ``): PromQL, not prose.
    pub condition_is_code: bool,
    /// Severity as written.
    pub severity: Option<Spanned<String>>,
    /// Action / route / escalation.
    pub action: Option<String>,
    /// A Description / Summary cell of an alert table.
    pub description: Option<String>,
    /// A separate For/Duration cell.
    pub for_duration: Option<String>,
    /// Alert table or metrics row.
    pub origin: AlertOrigin,
    /// The row.
    pub span: Span,
}
