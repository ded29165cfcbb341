//! Table roles: what each header cell means, and what a table is.
//!
//! A table is recognized by the roles of its header cells (matched case-insensitively through
//! synonym lists, English plus the localized headers real specs use), never by its position or
//! exact wording. A table that has a construct's tell-tale role but not the rest is a
//! look-alike: it is skipped with a note rather than misread.

use specforge_markdown::{Table, TableRow};
use std::sync::{Arc, LazyLock};

/// What a header cell means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// HTTP method.
    Method,
    /// URL path.
    Path,
    /// `METHOD /path` together, or a path under an "Endpoint" header.
    Endpoint,
    /// Description, purpose, meaning.
    Description,
    /// Authentication / required role.
    Auth,
    /// Request body summary.
    Request,
    /// Response summary (`201: Resource`).
    Response,
    /// Database column name.
    Column,
    /// Data or metric type.
    Type,
    /// Column constraints.
    Constraints,
    /// Column default.
    Default,
    /// A column's previous name (`Renamed from`).
    RenamedFrom,
    /// Nullable flag of a column table (`yes`/`no`).
    Nullable,
    /// Index or constraint name.
    Name,
    /// Index column list.
    Columns,
    /// Constraint definition.
    Definition,
    /// Request parameter name.
    Parameter,
    /// Request/response field name.
    Field,
    /// HTTP header name.
    Header,
    /// Required flag.
    Required,
    /// Validation rules.
    Validation,
    /// Parameter location (`in`).
    In,
    /// Error code.
    ErrorCode,
    /// HTTP status.
    Status,
    /// How to resolve an error.
    Resolution,
    /// Retry-able flag.
    Retryable,
    /// RFC 7807 problem type URI of an error code.
    ProblemType,
    /// Metric name.
    Metric,
    /// Metric labels.
    Labels,
    /// Histogram buckets.
    Buckets,
    /// Alert name (or, in a metrics table, the alert condition).
    Alert,
    /// Alert condition / expression / trigger.
    Condition,
    /// Alert severity.
    Severity,
    /// Alert action / route / escalation.
    Action,
    /// Alert `for` duration.
    For,
    /// Alert threshold column of a metrics table.
    AlertThreshold,
    /// Healthy range column of a metrics table.
    HealthyRange,
    /// Key of a Field/Value table.
    Key,
    /// Value of a Field/Value table.
    Value,
    /// Not a known header.
    Unknown,
}

const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Method,
        &[
            "method",
            "http method",
            "verb",
            "http verb",
            "メソッド",
            "메서드",
            "메소드",
            "방식",
            "方法",
            "http方法",
            "请求方法",
            "phương thức",
            "método",
            "methode",
        ],
    ),
    (
        Role::Path,
        &[
            "path",
            "route",
            "url",
            "uri",
            "endpoint path",
            "resource path",
            "パス",
            "경로",
            "路径",
            "đường dẫn",
            "ruta",
            "pfad",
            "chemin",
        ],
    ),
    (
        Role::Endpoint,
        &[
            "endpoint",
            "endpoints",
            "api endpoint",
            "エンドポイント",
            "엔드포인트",
            "接口",
            "端点",
            "api",
        ],
    ),
    (
        Role::Description,
        &[
            "description",
            "desc",
            "summary",
            "purpose",
            "meaning",
            "cause",
            "scenario",
            "details",
            "notes",
            "note",
            "when",
            "message",
            "user-facing message",
            "explanation",
            "説明",
            "설명",
            "说明",
            "描述",
            "用途",
            "概要",
            "mô tả",
            "ý nghĩa",
            "descripción",
            "beschreibung",
            "功能",
        ],
    ),
    (
        Role::Auth,
        &[
            "auth",
            "authentication",
            "auth required",
            "authorization",
            "authn",
            "role",
            "roles",
            "access",
            "permission",
            "permissions",
            "인증",
            "認証",
            "权限",
            "認可",
            "quyền",
        ],
    ),
    (
        Role::Request,
        &[
            "request",
            "request body",
            "body",
            "input",
            "payload",
            "요청",
            "リクエスト",
            "请求",
            "请求体",
        ],
    ),
    (
        Role::Response,
        &[
            "response",
            "responses",
            "returns",
            "return",
            "response body",
            "output",
            "trả về",
            "응답",
            "レスポンス",
            "响应",
            "返回",
        ],
    ),
    (
        Role::Column,
        &[
            "column",
            "column name",
            "columns name",
            "カラム名",
            "カラム",
            "列名",
            "컬럼",
            "컬럼명",
            "칼럼",
            "칼럼명",
            "필드",
            "字段",
            "字段名",
            "列",
            "cột",
            "tên cột",
            "columna",
            "spalte",
            "colonne",
        ],
    ),
    (
        Role::Type,
        &[
            "type",
            "data type",
            "datatype",
            "sql type",
            "型",
            "データ型",
            "타입",
            "자료형",
            "데이터 타입",
            "类型",
            "数据类型",
            "kiểu",
            "kiểu dữ liệu",
            "tipo",
            "typ",
        ],
    ),
    (
        Role::Constraints,
        &[
            "constraints",
            "constraint",
            "key",
            "keys",
            "modifiers",
            "attributes",
            "制約",
            "제약조건",
            "제약",
            "约束",
            "ràng buộc",
            "restricciones",
        ],
    ),
    (
        Role::Nullable,
        &[
            "nullable",
            "nullable?",
            "null",
            "null?",
            "allow null",
            "allows null",
            "null allowed",
            "可空",
            "允许空",
            "null 허용",
            "null許可",
        ],
    ),
    (
        Role::RenamedFrom,
        &["renamed from", "previous name", "formerly", "old name"],
    ),
    (
        Role::Default,
        &[
            "default",
            "default value",
            "デフォルト",
            "デフォルト値",
            "初期値",
            "기본값",
            "默认值",
            "默认",
            "mặc định",
            "giá trị mặc định",
        ],
    ),
    (
        Role::Name,
        &[
            "name",
            "index name",
            "index",
            "constraint name",
            "名前",
            "이름",
            "인덱스",
            "名称",
            "索引",
            "tên",
        ],
    ),
    (
        Role::Columns,
        &[
            "columns",
            "column(s)",
            "indexed columns",
            "fields",
            "カラム一覧",
            "컬럼들",
            "列",
        ],
    ),
    (
        Role::Definition,
        &["definition", "check", "rule definition"],
    ),
    (
        Role::Parameter,
        &[
            "parameter",
            "param",
            "parameters",
            "query parameter",
            "path parameter",
            "argument",
            "パラメータ",
            "파라미터",
            "매개변수",
            "参数",
            "tham số",
        ],
    ),
    (
        Role::Field,
        &[
            "field",
            "field name",
            "property",
            "attribute",
            "フィールド",
            "속성",
            "属性",
            "trường",
        ],
    ),
    (
        Role::Header,
        &[
            "header",
            "http header",
            "header name",
            "ヘッダー",
            "헤더",
            "请求头",
        ],
    ),
    (
        Role::Required,
        &[
            "required",
            "mandatory",
            "required?",
            "必須",
            "필수",
            "必填",
            "必需",
            "bắt buộc",
        ],
    ),
    (
        Role::Validation,
        &[
            "validation",
            "validation rules",
            "rules",
            "allowed values",
            "range",
            "format",
            "検証",
            "검증",
            "校验",
            "验证",
        ],
    ),
    (Role::In, &["in", "location", "parameter location"]),
    (
        Role::ErrorCode,
        &[
            "error code",
            "code",
            "error",
            "error name",
            "domain error",
            "error type",
            "exception",
            "mã",
            "mã lỗi",
            "エラーコード",
            "에러 코드",
            "에러코드",
            "오류 코드",
            "오류코드",
            "错误码",
            "错误代码",
            "error id",
        ],
    ),
    (
        Role::Status,
        &[
            "status",
            "http status",
            "http status code",
            "status code",
            "http code",
            "http",
            "상태",
            "상태 코드",
            "http 상태",
            "http 상태 코드",
            "ステータス",
            "ステータスコード",
            "状态码",
            "http状态码",
            "mã http",
        ],
    ),
    (
        Role::Resolution,
        &[
            "resolution",
            "fix",
            "how to fix",
            "remedy",
            "remediation",
            "solution",
            "user action",
            "해결",
            "해결 방법",
            "対処",
            "対処法",
            "解决方法",
            "khắc phục",
        ],
    ),
    (
        Role::Retryable,
        &[
            "retryable",
            "retry-able",
            "retriable",
            "retry",
            "retryable?",
            "재시도",
            "リトライ",
            "可重试",
        ],
    ),
    (
        Role::ProblemType,
        &[
            "type uri",
            "type url",
            "problem type",
            "problem type uri",
            "problem uri",
            "rfc 7807 type",
        ],
    ),
    (
        Role::Metric,
        &[
            "metric",
            "metric name",
            "metrics",
            "메트릭",
            "メトリクス",
            "メトリック",
            "指标",
            "指标名",
        ],
    ),
    (
        Role::Labels,
        &[
            "labels",
            "label",
            "dimensions",
            "tags",
            "라벨",
            "ラベル",
            "标签",
        ],
    ),
    (Role::Buckets, &["buckets", "bucket boundaries"]),
    (
        Role::Alert,
        &[
            "alert",
            "alert name",
            "alarm",
            "alerts",
            "알림",
            "경보",
            "アラート",
            "告警",
            "cảnh báo",
        ],
    ),
    (
        Role::Condition,
        &[
            "condition",
            "trigger",
            "threshold",
            "expression",
            "expr",
            "promql",
            "rule",
            "조건",
            "条件",
            "触发条件",
            "điều kiện",
        ],
    ),
    (
        Role::Severity,
        &[
            "severity",
            "priority",
            "level",
            "sev",
            "심각도",
            "重要度",
            "严重性",
            "级别",
            "mức độ",
        ],
    ),
    (
        Role::Action,
        &[
            "action",
            "route",
            "routing",
            "escalation",
            "notify",
            "notification",
            "response action",
            "runbook",
            "조치",
            "対応",
            "处理",
            "hành động",
        ],
    ),
    (
        Role::For,
        &["for", "duration", "for duration", "pending", "window"],
    ),
    (
        Role::AlertThreshold,
        &[
            "alert threshold",
            "alerting threshold",
            "alert condition",
            "alert when",
        ],
    ),
    (
        Role::HealthyRange,
        &["healthy range", "normal range", "expected range"],
    ),
    (Role::Value, &["value", "values"]),
];

/// Normalizes a header cell: markup removed, lowercase, trailing colon dropped, inner white
/// space collapsed. `(s)` is kept: `Column(s)` (an index's column list) is not `Column`.
pub fn normalize_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_header_into(text, &mut out);
    out
}

/// [`normalize_header`] into `out` (cleared first), so one buffer serves a whole header.
fn normalize_header_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        normalize_ascii_into(text, out);
    } else {
        normalize_words_into(text, out);
    }
}

/// [`normalize_words_into`] for ASCII text, byte by byte (ASCII white space is what
/// `split_whitespace` splits at, and `：` is not ASCII).
fn normalize_ascii_into(text: &str, out: &mut String) {
    let mut in_word = false;
    for b in text.bytes() {
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c') {
            in_word = false;
            continue;
        }
        if !in_word {
            in_word = true;
            if !out.is_empty() {
                out.push(' ');
            }
        }
        if !matches!(b, b'*' | b'`') {
            out.push(char::from(b.to_ascii_lowercase()));
        }
    }
    let kept = out.trim_end_matches([':', ' ']).len();
    out.truncate(kept);
}

/// Any text: words joined by one space, `*` and `` ` `` dropped, lowercase, trailing colons
/// (ASCII or full-width) and spaces dropped.
fn normalize_words_into(text: &str, out: &mut String) {
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars()
                .filter(|c| !matches!(c, '*' | '`'))
                .flat_map(char::to_lowercase),
        );
    }
    let kept = out.trim_end_matches([':', '：', ' ']).len();
    out.truncate(kept);
}

/// Synonym to role, built once. A map lookup only: its iteration order never reaches output.
/// FNV hashing: short keys hash faster than with the default SipHash, and the synonym table
/// is fixed, so no key is chosen to collide.
static ROLES_BY_SYNONYM: LazyLock<fnv::FnvHashMap<&'static str, Role>> = LazyLock::new(|| {
    let mut map = fnv::FnvHashMap::default();
    for (role, words) in SYNONYMS {
        for word in *words {
            // The first list that names a word wins, as the order of SYNONYMS says.
            map.entry(*word).or_insert(*role);
        }
    }
    map
});

/// The role of one header cell.
pub fn role_of(header: &str) -> Role {
    role_of_normalized(&normalize_header(header))
}

fn role_of_normalized(key: &str) -> Role {
    ROLES_BY_SYNONYM.get(key).copied().unwrap_or(Role::Unknown)
}

/// The roles of a table's header, by column (shared, so copies are cheap).
#[derive(Debug, Clone)]
pub struct Roles {
    roles: Arc<[Role]>,
}

impl Roles {
    /// Reads the roles of `header`.
    pub fn of(header: TableRow<'_>) -> Self {
        let mut key = String::new();
        Roles {
            roles: header
                .cells()
                .map(|c| {
                    normalize_header_into(c.text, &mut key);
                    role_of_normalized(&key)
                })
                .collect(),
        }
    }

    /// The first column with `role`.
    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|&r| r == role)
    }

    /// True if some column has `role`.
    pub fn has(&self, role: Role) -> bool {
        self.col(role).is_some()
    }

    /// Number of columns whose header is not known.
    pub fn unknown(&self) -> usize {
        self.roles.iter().filter(|&&r| r == Role::Unknown).count()
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.roles.len()
    }

    /// True for a table with no header cells.
    pub fn is_empty(&self) -> bool {
        self.roles.is_empty()
    }
}

/// What a table is, judged by its header alone. Row-level checks (are the method cells
/// methods? are the names metric identifiers?) happen in the construct extractors, which may
/// still declare a candidate a look-alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Method + Path, or an Endpoint column (with a description, auth, request or response).
    Endpoints,
    /// Column + Type: a database table's columns.
    Columns,
    /// Name + Columns: indexes.
    Indexes,
    /// Name + Type + Definition: named constraints.
    Constraints,
    /// Parameter/Field + Type or Required: request parameters or body fields.
    Parameters,
    /// Header + Required or Description: request headers.
    Headers,
    /// Error code + status / description / resolution / retry-able.
    Errors,
    /// Metric + anything: metrics (row names are checked later).
    Metrics,
    /// Alert + condition or severity.
    Alerts,
    /// Two-column key/value table (document info, endpoint fields).
    KeyValue,
    /// Has a construct's tell-tale column but not the rest; the reason is given.
    LookAlike(&'static str),
    /// Nothing specforge reads.
    Other,
}

/// Classifies a table by its header roles.
pub fn classify(table: &Table) -> (TableKind, Roles) {
    let roles = Roles::of(table.header());
    let kind = classify_roles(&roles, table);
    (kind, roles)
}

fn classify_roles(r: &Roles, table: &Table) -> TableKind {
    use Role::*;
    if r.len() == 2 && (r.has(Field) || r.has(Key)) && r.has(Value) {
        return TableKind::KeyValue;
    }
    if r.has(Metric) {
        return TableKind::Metrics;
    }
    if r.has(Alert) && (r.has(Condition) || r.has(Severity) || r.has(Action)) {
        return TableKind::Alerts;
    }
    if r.has(Condition) && r.has(Severity) {
        return TableKind::Alerts;
    }
    if r.has(ErrorCode)
        && (r.has(Status)
            || r.has(Description)
            || r.has(Resolution)
            || r.has(Retryable)
            || r.has(ProblemType))
    {
        return TableKind::Errors;
    }
    if r.has(Method) && (r.has(Path) || r.has(Endpoint)) {
        return TableKind::Endpoints;
    }
    if r.has(Endpoint) && (r.has(Description) || r.has(Auth) || r.has(Request) || r.has(Response)) {
        return TableKind::Endpoints;
    }
    if r.has(Column) && r.has(Type) {
        return TableKind::Columns;
    }
    if r.has(Name) && r.has(Type) && r.has(Definition) {
        return TableKind::Constraints;
    }
    if r.has(Name) && r.has(Columns) {
        return TableKind::Indexes;
    }
    if (r.has(Parameter) || r.has(Field) || r.has(Name))
        && (r.has(Type) || r.has(Required) || r.has(In))
    {
        return TableKind::Parameters;
    }
    if r.has(Header) && (r.has(Required) || r.has(Description)) {
        return TableKind::Headers;
    }
    if r.len() == 2 && table.rows().any(|row| row.cell(0).is_some_and(|c| c.bold)) {
        return TableKind::KeyValue;
    }
    if r.has(Method) {
        return TableKind::LookAlike("it has a method column but no path or endpoint column");
    }
    if cells_hold_endpoints(r, table) {
        return TableKind::Endpoints;
    }
    if r.has(Endpoint) || r.has(Path) {
        return TableKind::LookAlike(
            "it names endpoints but has no method, description, auth, request or response column",
        );
    }
    if r.has(Status) && r.has(Description) {
        return TableKind::LookAlike("it lists HTTP statuses without error codes");
    }
    if r.has(Alert) {
        return TableKind::LookAlike("it has an alert column but no condition or severity column");
    }
    TableKind::Other
}

/// An Endpoint or Path column (`Action | Endpoint | Params | Danger`) whose every non-blank
/// cell is `METHOD /path` (status tags aside) lists endpoints, whatever the other columns are.
/// A UI route table (`/search`) has no methods there and stays a look-alike.
fn cells_hold_endpoints(r: &Roles, table: &Table) -> bool {
    let Some(col) = r.col(Role::Endpoint).or(r.col(Role::Path)) else {
        return false;
    };
    let cells: Vec<&str> = table
        .data_rows()
        .filter_map(|row| row.cell(col))
        .filter(|c| !c.is_blank())
        .map(|c| c.text)
        .collect();
    !cells.is_empty()
        && cells
            .iter()
            .all(|c| crate::text::method_and_path(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_headers_normalize_as_words_do() {
        for header in [
            "**HTTP Status**",
            "a ** b",
            "** a",
            "Column(s):",
            "  Error\tCode  ",
            "`Name` :",
            "x\x0by",
            "",
            "**",
        ] {
            let (mut ascii, mut words) = (String::new(), String::new());
            normalize_ascii_into(header, &mut ascii);
            normalize_words_into(header, &mut words);
            assert_eq!(ascii, words, "{header:?}");
        }
    }

    #[test]
    fn synonyms_match_case_insensitively_and_localized() {
        assert_eq!(role_of("**HTTP Status**"), Role::Status);
        assert_eq!(role_of("Error Code"), Role::ErrorCode);
        assert_eq!(role_of("カラム名"), Role::Column);
        assert_eq!(role_of("타입"), Role::Type);
        assert_eq!(role_of("Mã"), Role::ErrorCode);
        assert_eq!(role_of("Trả về"), Role::Response);
        assert_eq!(role_of("Retry-able"), Role::Retryable);
        assert_eq!(role_of("Alert Threshold"), Role::AlertThreshold);
        assert_eq!(role_of("p95"), Role::Unknown);
        assert_eq!(role_of("  Column(s):  "), Role::Columns);
        assert_eq!(role_of("HTTP   Status"), Role::Status);
        // `列` is listed for both Column and Columns: the earlier list wins.
        assert_eq!(role_of("列"), Role::Column);
    }
}
