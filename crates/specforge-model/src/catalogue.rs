//! The one catalogue of diagnostic codes.
//!
//! Codes are `SF-` + an area letter + a number, and never change meaning once released:
//! `R` reading the Markdown, `D` document info and the status gate, `T` table roles,
//! `A` API, `E` error catalogue, `P` Prometheus metrics and alerts, `S` schema and SQL,
//! `M` migrations planned from a revised spec, `C` cross-section consistency,
//! `G` generated files on disk (drift).
//! The README lists every code; a test keeps the two in step.

use crate::Severity;

/// How an error-level diagnostic of this code affects the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitClass {
    /// The spec cannot be used at all (exit 3): unreadable, not approved, placeholders left in.
    Unusable,
    /// A finding about the content (exit 1): inconsistency, duplicate, lint.
    Finding,
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $class:ident, $summary:literal; )*) => {
        /// A diagnostic code from the catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable code string, e.g. `SF-R004`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            /// The severity a diagnostic of this code has unless a rule says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// Which exit code an error of this code leads to.
            pub fn exit_class(self) -> ExitClass {
                match self { $( Code::$variant => ExitClass::$class, )* }
            }

            /// One line saying what the code means (used by the README table and `--explain`).
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }
        }
    };
}

catalogue! {
    /// The file is not valid UTF-8.
    InvalidUtf8 = "SF-R001", Error, Unusable, "the spec is not valid UTF-8 (the byte offset is named)";
    /// The file holds a NUL byte.
    NulByte = "SF-R002", Error, Unusable, "the spec contains a NUL byte";
    /// The file is over the configured size cap.
    InputTooLarge = "SF-R003", Error, Unusable, "the spec is larger than the input size limit";
    /// A code fence is opened and never closed, swallowing the rest of the document.
    UnterminatedFence = "SF-R004", Error, Unusable, "a code fence is never closed and swallows the rest of the document";
    /// Nothing but white space.
    EmptyDocument = "SF-R005", Error, Unusable, "the spec is empty";
    /// A ```` ```markdown ```` fence that wraps a whole template with nested fences was unwrapped.
    UnwrappedMarkdownFence = "SF-R006", Note, Finding, "a markdown fence holding nested fences is read as Markdown";
    /// Bidirectional control characters can make text read differently from what it is.
    BidiControl = "SF-R007", Error, Finding, "the spec contains a bidirectional control character (U+202A-E, U+2066-9); it blocks the artifacts built from the construct that holds it";
    /// The status says the spec is not approved.
    StatusNotApproved = "SF-D001", Error, Unusable, "the document status is not Approved, Implemented, Complete or Accepted";
    /// No status anywhere.
    StatusMissing = "SF-D002", Error, Unusable, "the document states no status";
    /// The status is still the template's list of choices.
    StatusUnfilled = "SF-D003", Error, Unusable, "the document status is still the template's list of choices";
    /// A template placeholder inside an extracted construct.
    Placeholder = "SF-D004", Error, Unusable, "an unfilled template placeholder is left in an extracted construct";
    /// Nothing specforge can generate from.
    NoContent = "SF-D005", Error, Unusable, "no endpoint, table, error code, metric or alert was found";
    /// No title.
    TitleMissing = "SF-D006", Warning, Finding, "the document has no title heading";
    /// A `specforge-allow` comment that names no code, no reason, or an unknown code.
    AllowMalformed = "SF-D007", Warning, Finding, "a `specforge-allow` comment names no known code or gives no reason";
    /// A table looked like a construct but was not read as one.
    LookAlikeTable = "SF-T001", Note, Finding, "a table resembles a construct but was skipped";
    /// A row with more cells than the header.
    RaggedRow = "SF-T002", Warning, Finding, "a table row has more cells than its header; the extra cells are ignored";
    /// A row of an endpoint table or list that is not an endpoint.
    EndpointRowSkipped = "SF-A001", Warning, Finding, "a row of an endpoint list does not hold an HTTP method and a path";
    /// Two detail sections for one method and path.
    DuplicateEndpoint = "SF-A002", Warning, Finding, "one method and path is detailed twice, and the two details differ (they are merged when they agree)";
    /// A response label or cell states a number that is not an HTTP status.
    InvalidStatus = "SF-A003", Error, Finding, "a response states a status outside 100–599";
    /// The emitted OpenAPI document did not re-read (a specforge bug).
    OpenApiNotReread = "SF-A004", Error, Finding, "internal error: the emitted OpenAPI document does not re-read as OpenAPI";
    /// A request or response example that cannot be read, even leniently.
    ExampleUnreadable = "SF-A020", Warning, Finding, "a request or response example cannot be read as JSON, even leniently";
    /// An example number a 64-bit integer or float cannot hold exactly.
    ExampleNumberNotExact = "SF-A021", Error, Finding, "an example number cannot be held exactly (too large, too precise, NaN or Infinity)";
    /// Text after an example's value, which is ignored.
    ExampleTrailingText = "SF-A022", Note, Finding, "text after an example's value is ignored";
    /// Two endpoints whose derived operationIds are equal.
    OperationIdCollision = "SF-A030", Error, Finding, "two endpoints get the same OpenAPI operationId";
    /// Two paths that OpenAPI cannot tell apart (`/a/{x}` and `/a/{y}`).
    AmbiguousPath = "SF-A031", Error, Finding, "two endpoint paths are the same template up to parameter names";
    /// A path with characters a path template cannot hold.
    InvalidPath = "SF-A032", Error, Finding, "an endpoint path holds a query string, fragment, quote, space or other character outside RFC 3986 path characters";
    /// A path naming one parameter twice.
    DuplicatePathParameter = "SF-A033", Error, Finding, "an endpoint path names the same parameter twice";
    /// A parameter row placed in the path that the path does not hold.
    UnknownPathParameter = "SF-A034", Error, Finding, "a parameter row is in the path but the endpoint path has no such parameter";
    /// A response status outside 100-599.
    InvalidStatusCode = "SF-A035", Error, Finding, "a response status is not between 100 and 599";
    /// An embedded OpenAPI / Swagger fragment that does not parse.
    FragmentUnreadable = "SF-A036", Warning, Finding, "an embedded OpenAPI or Swagger fragment does not parse and is ignored";
    /// An embedded fragment with anchors/aliases, over the limits, or with an external `$ref`.
    FragmentRejected = "SF-A037", Error, Finding, "an embedded OpenAPI fragment uses YAML anchors or aliases, exceeds the parser limits, or has a `$ref` to a file or URL";
    /// Two component schemas with one name.
    SchemaNameCollision = "SF-A038", Error, Finding, "two OpenAPI component schemas get the same name";
    /// A fragment schema replacing a generated one.
    FragmentSchemaReplaces = "SF-A039", Note, Finding, "a schema from an embedded OpenAPI fragment replaces a generated schema of the same name";
    /// A query string written in an endpoint path, read as query parameters.
    PathQueryString = "SF-A040", Note, Finding, "an endpoint path holds a query string, read as the path plus query parameters";
    /// Two methods on one path template written with different parameter names.
    PathParameterRenamed = "SF-A041", Note, Finding, "endpoints on one path template name its parameters differently; the later ones take the first one's names";
    /// Two endpoints whose generated operationIds would be equal, made distinct.
    OperationIdDisambiguated = "SF-A042", Note, Finding, "two endpoints would get the same generated operationId; each takes the id of its full path (numbered when still equal)";
    /// Two templates with as many parameters that one request path matches both of.
    OverlappingPaths = "SF-A043", Warning, Finding, "two endpoint paths overlap: one request path can match both (Redocly's no-ambiguous-paths)";
    /// Revision: operation removed.
    OperationRemoved = "SF-A101", Error, Finding, "spec revision: an API operation is removed (breaking)";
    /// Revision: operation added.
    OperationAdded = "SF-A102", Note, Finding, "spec revision: an API operation is added";
    /// Revision: parameter newly required.
    ParameterNewlyRequired = "SF-A103", Error, Finding, "spec revision: a request parameter is added as required or becomes required (breaking)";
    /// Revision: parameter removed.
    ParameterRemoved = "SF-A104", Warning, Finding, "spec revision: a request parameter is removed";
    /// Revision: type changed.
    TypeChanged = "SF-A105", Error, Finding, "spec revision: a parameter, request field or response field changes type or format (breaking)";
    /// Revision: request field newly required.
    RequestFieldNewlyRequired = "SF-A106", Error, Finding, "spec revision: a request body field becomes required (breaking)";
    /// Revision: request enum value removed.
    RequestEnumValueRemoved = "SF-A107", Error, Finding, "spec revision: a request enum value is no longer accepted (breaking)";
    /// Revision: success response removed.
    ResponseRemoved = "SF-A108", Error, Finding, "spec revision: a success response is removed (breaking)";
    /// Revision: response field removed.
    ResponseFieldRemoved = "SF-A109", Error, Finding, "spec revision: a response field is removed (breaking)";
    /// Revision: response enum value added.
    ResponseEnumValueAdded = "SF-A110", Warning, Finding, "spec revision: a response enum gains a value clients may not handle";
    /// An error-table row without a code.
    ErrorRowSkipped = "SF-E001", Warning, Finding, "a row of an error table holds no error code";
    /// One code, two statuses.
    ErrorStatusConflict = "SF-E002", Error, Finding, "one error code is given two different HTTP statuses";
    /// One code defined twice in the catalogue with different descriptions.
    ErrorDescriptionConflict = "SF-E003", Warning, Finding, "one error code is described twice in the catalogue, differently";
    /// An endpoint's code with no status anywhere (OpenAPI leaves it out).
    ErrorStatusMissing = "SF-E004", Warning, Finding, "an endpoint names an error code that has no HTTP status anywhere in the spec (OpenAPI leaves it out)";
    /// A code that cannot become an identifier.
    InvalidErrorCode = "SF-E005", Error, Finding, "an error code cannot become a Rust identifier (non-ASCII, digit-leading or stray characters)";
    /// Two codes that become the same variant.
    ErrorVariantCollision = "SF-E006", Error, Finding, "two error codes become the same Rust variant";
    /// A code that becomes a reserved name.
    ReservedErrorVariant = "SF-E007", Error, Finding, "an error code becomes a reserved Rust name (`Self`)";
    /// The enum name is not a valid type name.
    InvalidEnumName = "SF-E008", Error, Finding, "the error enum's name is not a valid Rust type name";
    /// Revision: error code removed.
    ErrorCodeRemoved = "SF-E101", Error, Finding, "spec revision: an error code is removed (breaking for clients)";
    /// Revision: error status changed.
    ErrorStatusChanged = "SF-E102", Error, Finding, "spec revision: an error code changes its HTTP status (breaking)";
    /// Revision: error code added.
    ErrorCodeAdded = "SF-E103", Note, Finding, "spec revision: an error code is added";
    /// A metrics-table row whose name is not a metric identifier.
    MetricRowSkipped = "SF-P001", Warning, Finding, "a row of a metrics table does not name a metric identifier";
    /// An alert severity outside the vocabulary.
    UnknownSeverity = "SF-P002", Warning, Finding, "an alert's severity is not in the severity table (the default severity is used)";
    /// Two alerts whose names collide after CamelCase conversion.
    AlertNameCollision = "SF-P003", Error, Finding, "two alert names collide after conversion to CamelCase";
    /// An alert condition names a metric the Metrics table does not declare.
    UndeclaredMetric = "SF-P004", Warning, Finding, "an alert uses a metric the Metrics table does not declare (the row is skipped)";
    /// A percentile on a counter or gauge.
    PercentileOnNonHistogram = "SF-P005", Warning, Finding, "a percentile condition is bound to a metric that is not a histogram (the row is skipped)";
    /// A prose condition the compiler does not understand.
    ConditionNotUnderstood = "SF-P006", Warning, Finding, "an alert condition could not be understood (the row is skipped)";
    /// A Prometheus template call in alert text.
    TemplateInAlertText = "SF-P007", Error, Finding, "an alert's severity is template text Prometheus would expand";
    /// A latency threshold between histogram buckets.
    ThresholdNotABucket = "SF-P008", Warning, Finding, "a latency threshold is not a bucket boundary of its histogram";
    /// PromQL written in the spec does not parse.
    InvalidPromql = "SF-P009", Warning, Finding, "PromQL written in the spec does not parse (the row is skipped)";
    /// An alert name that is not ASCII letters and digits: the rule name is derived.
    InvalidAlertName = "SF-P010", Note, Finding, "an alert name is not ASCII letters and digits: the rule name is derived";
    /// An alert's PromQL names a label its metric's Labels cell does not list.
    UndeclaredLabel = "SF-P011", Warning, Finding, "an alert uses a label the Metrics table does not list for its metric (the row is skipped)";
    /// An alert binds to the configured latency histogram or request counter, which the
    /// Metrics table does not declare.
    ConfiguredMetricUsed = "SF-P012", Note, Finding, "an alert binds to a configured metric the Metrics table does not declare";
    /// `--verify`: an emitted alert file does not read back as what was written.
    AlertsNotReread = "SF-P013", Error, Finding, "internal error (`--verify`): an emitted alert file does not re-read as the rules or tests written";
    /// Revision: alert removed.
    AlertRemoved = "SF-P101", Note, Finding, "spec revision: an alert is removed";
    /// Revision: alert added.
    AlertAdded = "SF-P102", Note, Finding, "spec revision: an alert is added";
    /// Revision: alert condition changed.
    AlertConditionChanged = "SF-P103", Note, Finding, "spec revision: an alert changes its condition or threshold";
    /// Revision: alert severity changed.
    AlertSeverityChanged = "SF-P104", Note, Finding, "spec revision: an alert changes its severity";
    /// Revision: alert renamed.
    AlertRenamed = "SF-P105", Note, Finding, "spec revision: an alert is renamed (same condition)";
    /// A fenced block tagged as SQL holds no statement.
    EmptySqlFence = "SF-S001", Warning, Finding, "a SQL fence is empty";
    /// A column table whose table name could not be found.
    TableNameMissing = "SF-S002", Warning, Finding, "a column table does not say which table it describes; the name is derived from its heading";
    /// A SQL fence does not parse.
    SqlParseError = "SF-S010", Error, Finding, "a statement of a SQL fence does not parse (sqlparser's message is quoted; the fence's other statements are still read)";
    /// A statement that is not DDL was skipped.
    StatementSkipped = "SF-S011", Note, Finding, "a statement in a SQL fence is not schema DDL and is skipped";
    /// A DDL statement or clause that the schema model does not hold.
    UnsupportedDdl = "SF-S012", Warning, Finding, "a DDL statement or clause is not modelled and is left out of the migration";
    /// A MySQL or SQLite construct converted to its PostgreSQL equivalent.
    DialectConverted = "SF-S013", Note, Finding, "a MySQL or SQLite construct was converted to its PostgreSQL equivalent";
    /// A MySQL or SQLite construct without a PostgreSQL equivalent.
    DialectDropped = "SF-S014", Warning, Finding, "a MySQL or SQLite construct has no PostgreSQL equivalent and is left out";
    /// Tables the spec changes or references without creating them (a delta spec).
    AssumedTable = "SF-S015", Note, Finding, "the spec changes or references tables it does not create; the migration assumes they exist and its header lists them";
    /// A statement needing an extension the spec does not create.
    ExtensionMissing = "SF-S016", Warning, Finding, "a statement needs an extension the spec does not create and is left out of the migration";
    /// A carried statement without an automatic inverse.
    NoDownStatement = "SF-S017", Note, Finding, "a statement carried into the up migration cannot be undone automatically; the down leaves its effect";
    /// A GRANT or REVOKE naming roles the spec does not create.
    RoleAssumed = "SF-S018", Note, Finding, "a GRANT or REVOKE names roles the spec does not create; the migration runs it only where they exist";
    /// A type outside the closed type grammar.
    UnknownType = "SF-S020", Error, Finding, "a column type is not a known PostgreSQL type or declared enum";
    /// A constraints cell part that is not understood.
    ConstraintNotUnderstood = "SF-S021", Error, Finding, "a column constraint is not understood";
    /// A default that is not one SQL expression.
    InvalidDefault = "SF-S022", Error, Finding, "a column default is not a single SQL expression";
    /// A foreign key whose target is not stated.
    ForeignKeyTargetMissing = "SF-S023", Warning, Finding, "a column is marked FK but the referenced table is not stated";
    /// A type of an extension the spec neither creates nor names.
    ExtensionNotDeclared = "SF-S024", Error, Finding, "a column uses a type of an extension the spec neither creates (CREATE EXTENSION) nor names";
    /// A generic type word in a column table read as a PostgreSQL type.
    TypeWordTranslated = "SF-S025", Note, Finding, "a generic type word (string, datetime, long) is read as a PostgreSQL type";
    /// A column has a type of an extension the spec names but does not create.
    ExtensionAssumed = "SF-S026", Note, Finding, "a column uses a type of an extension the spec names but does not create: the migration assumes it is installed";
    /// DDL and a column table describe one table differently.
    SchemaDisagreement = "SF-S030", Error, Finding, "the SQL DDL and the column table describe a table differently";
    /// An identifier over PostgreSQL's 63-byte limit.
    IdentifierTooLong = "SF-S040", Error, Finding, "a SQL identifier is longer than 63 bytes (PostgreSQL would truncate it)";
    /// A name that is not a plain SQL identifier.
    InvalidIdentifier = "SF-S041", Error, Finding, "a table, column, index or type name is not a plain ASCII SQL identifier";
    /// A table described twice.
    DuplicateTable = "SF-S042", Error, Finding, "a table is defined twice";
    /// A column described twice in one table.
    DuplicateColumn = "SF-S043", Error, Finding, "a column is defined twice in one table";
    /// A foreign key to a table or column that does not exist.
    UnknownReference = "SF-S044", Error, Finding, "a foreign key references a table or column that is not defined";
    /// An index on a table or column that does not exist.
    IndexUnknownColumn = "SF-S045", Error, Finding, "an index names a table or column that is not defined";
    /// A NUL or control character in a default, comment or enum label.
    ControlCharacter = "SF-S046", Error, Finding, "a default, comment or enum label contains a NUL or control character";
    /// An index, enum type or extension defined twice.
    DuplicateObject = "SF-S047", Error, Finding, "an index, enum type or constraint name is defined twice";
    /// ALTER TABLE or COMMENT ON a table that is not defined.
    UnknownTable = "SF-S048", Error, Finding, "a statement alters or comments on a table that is not defined";
    /// An explicit down migration that leaves something behind.
    DownMigrationIncomplete = "SF-S050", Error, Finding, "an explicit down migration leaves behind something its up migration creates";
    /// An explicit down migration that drops something the up migration did not create.
    DownMigrationDropsUnknown = "SF-S051", Error, Finding, "an explicit down migration drops something its up migration does not create";
    /// A spec fence that would inject a migration tool's directive.
    MigrationDirectiveInSql = "SF-S052", Error, Finding, "a migration fence holds a line the chosen migration tool reads as its own directive (dbmate `-- migrate:`)";
    /// The revision drops a table.
    TableDropped = "SF-M001", Error, Finding, "the revised spec drops a table: its rows are lost (allow it with a reason naming the table)";
    /// The revision drops a column.
    ColumnDropped = "SF-M002", Error, Finding, "the revised spec drops a column: its values are lost (allow it with a reason naming the column)";
    /// A NOT NULL column without a default is added to an existing table.
    NotNullWithoutDefault = "SF-M003", Error, Finding, "a NOT NULL column without a default is added to an existing table (fails when the table has rows)";
    /// SET NOT NULL on an existing column.
    SetNotNull = "SF-M004", Warning, Finding, "an existing column becomes NOT NULL: a full scan under an exclusive lock, and it fails on NULL rows";
    /// An index on an existing table is built CONCURRENTLY in a migration of its own.
    IndexConcurrently = "SF-M005", Note, Finding, "an index on an existing table is created CONCURRENTLY, in its own migration outside a transaction";
    /// A type change that rewrites the table.
    TypeRewrite = "SF-M006", Warning, Finding, "a column type change rewrites the table under an exclusive lock, or may fail on existing values";
    /// A unique constraint on an existing table.
    UniqueOnExisting = "SF-M007", Warning, Finding, "a unique constraint or primary key is added to an existing table: it fails on duplicates and locks writes while it builds";
    /// An enum label is removed.
    EnumValueRemoved = "SF-M008", Error, Finding, "an enum type loses a label: PostgreSQL cannot drop one, the type is recreated and rows holding it fail";
    /// A declared rename whose source does not exist.
    RenameSourceMissing = "SF-M009", Warning, Finding, "a `renamed from` names a table or column the applied schema does not have";
    /// A CHECK or foreign key added to an existing table.
    ConstraintOnExisting = "SF-M010", Warning, Finding, "a CHECK or foreign key is added to an existing table: every row is checked under a lock";
    /// A change the planner cannot express.
    ChangeNotPlanned = "SF-M011", Error, Finding, "a schema change cannot be planned as a migration (write it by hand)";
    /// An applied migration was edited or removed.
    AppliedMigrationChanged = "SF-M012", Error, Finding, "a migration recorded in specforge.sum was edited or deleted; applied migrations are never rewritten";
    /// An applied migration does not replay.
    AppliedMigrationUnreadable = "SF-M013", Error, Finding, "a migration recorded in specforge.sum does not replay into a schema (it does not parse, or alters what does not exist)";
    /// An applied migration holds a statement the model does not follow.
    AppliedStatementSkipped = "SF-M014", Warning, Finding, "a statement in an applied migration is not modelled; the next migration is planned without it";
    /// An internal self-check failed.
    PlanSelfCheck = "SF-M015", Error, Finding, "internal error: the planned migration does not lead to the revised schema";
    /// A schema change the next migration makes (the `specforge diff` summary line).
    SchemaChanged = "SF-M100", Note, Finding, "the revision changes the database schema; the planned migration says how";
    /// An endpoint names a code the catalogue lacks.
    UnknownErrorCode = "SF-C001", Error, Finding, "an endpoint names an error code the error catalogue does not define";
    /// A catalogue code no endpoint names.
    UnusedErrorCode = "SF-C002", Warning, Finding, "a catalogue error code is named by no endpoint (401, 403, 429 and 5xx codes apply to every endpoint and are exempt)";
    /// One code in two catalogue rows.
    DuplicateErrorRow = "SF-C003", Warning, Finding, "an error code is listed twice in the catalogue";
    /// An authenticated endpoint without the catalogue's 401.
    MissingUnauthorized = "SF-C004", Warning, Finding, "an authenticated endpoint lists its errors without a 401, though other endpoints list the catalogue's 401";
    /// Detailed, not listed.
    EndpointNotInOverview = "SF-C010", Warning, Finding, "an endpoint is detailed but missing from the endpoint overview";
    /// Listed, not detailed.
    EndpointNotDetailed = "SF-C011", Warning, Finding, "an endpoint in the overview has no detail section, though the others have one";
    /// Overview and detail disagree on auth.
    AuthMismatch = "SF-C012", Error, Finding, "two statements of one endpoint's auth disagree (public, optional, required)";
    /// An example field that is not a column.
    ExampleFieldNotColumn = "SF-C020", Warning, Finding, "an example field is not a column of the table the endpoint serves";
    /// An example field that disagrees with its column.
    ExampleFieldTypeMismatch = "SF-C021", Error, Finding, "an example field's type or value disagrees with its column (type, format, enum values, NOT NULL)";
    /// A path parameter typed unlike its key column.
    PathParameterTypeMismatch = "SF-C022", Error, Finding, "a path parameter's stated type disagrees with the key column it addresses";
    /// A generated file is missing.
    GeneratedMissing = "SF-G001", Error, Finding, "a file the spec produces is missing from the output folder";
    /// A generated file is older than the spec.
    GeneratedStale = "SF-G002", Error, Finding, "a generated file is stale: the spec changed since it was generated";
    /// A generated file was edited by hand.
    GeneratedHandEdited = "SF-G003", Error, Finding, "a generated file was edited by hand (its hash is not the one specforge.sum recorded)";
    /// A generated file no spec produces any more.
    GeneratedOrphaned = "SF-G004", Error, Finding, "a file carries specforge's header for this spec, but the spec no longer produces it";
    /// A generated file differs only in line endings.
    GeneratedLineEndings = "SF-G005", Error, Finding, "a generated file differs only in line endings (CRLF on disk)";
    /// The outputs were generated by another specforge version.
    GeneratorChanged = "SF-G006", Error, Finding, "the outputs were generated by another specforge version";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.len() == 7 && s.starts_with("SF-"), "malformed code {s}");
            assert!(
                s[3..4].chars().all(|c| "RDTAEPSMCG".contains(c)),
                "unknown area in {s}"
            );
            assert!(
                s[4..].chars().all(|c| c.is_ascii_digit()),
                "malformed number in {s}"
            );
        }
    }
}
