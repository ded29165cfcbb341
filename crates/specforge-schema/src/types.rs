//! Column types from a closed grammar: PostgreSQL's whole type grammar, normalized.
//!
//! Both DDL (sqlparser's printed data type) and column-table cells go through [`parse_type`].
//! The grammar is closed: every word is looked up in fixed tables (built-in types, the types
//! of known extensions), arguments are numbers (or, for PostGIS, a geometry subtype from a
//! fixed list), so nothing can be injected through a type. Anything outside it (an unknown
//! word with arguments, stray punctuation such as `varchar(255)); DROP TABLE x; --`) is
//! refused with a message naming the type. A single unknown word (possibly schema-qualified)
//! is kept as [`BaseType::Named`]; validation then requires a type the spec creates (enum,
//! domain, composite).
//!
//! Words other databases use (`datetime`, `string`, MySQL's `TINYINT(1)`, `INT UNSIGNED`,
//! `LONGTEXT`, `ENUM(…)`) are not PostgreSQL and are not accepted here; `crate::dialect`
//! translates them, each with a note.

use crate::name::QualifiedName;
use std::fmt;

/// A range type's element (`int4range` … `daterange`, and their multiranges).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeKind {
    /// `int4range`
    Int4,
    /// `int8range`
    Int8,
    /// `numrange`
    Num,
    /// `tsrange`
    Ts,
    /// `tstzrange`
    Tstz,
    /// `daterange`
    Date,
}

impl RangeKind {
    fn prefix(self) -> &'static str {
        match self {
            RangeKind::Int4 => "int4",
            RangeKind::Int8 => "int8",
            RangeKind::Num => "num",
            RangeKind::Ts => "ts",
            RangeKind::Tstz => "tstz",
            RangeKind::Date => "date",
        }
    }

    const ALL: [RangeKind; 6] = [
        RangeKind::Int4,
        RangeKind::Int8,
        RangeKind::Num,
        RangeKind::Ts,
        RangeKind::Tstz,
        RangeKind::Date,
    ];
}

/// PostgreSQL's geometric types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geometric {
    /// `point`
    Point,
    /// `line`
    Line,
    /// `lseg`
    Lseg,
    /// `box`
    Box,
    /// `path`
    Path,
    /// `polygon`
    Polygon,
    /// `circle`
    Circle,
}

impl Geometric {
    fn name(self) -> &'static str {
        match self {
            Geometric::Point => "point",
            Geometric::Line => "line",
            Geometric::Lseg => "lseg",
            Geometric::Box => "box",
            Geometric::Path => "path",
            Geometric::Polygon => "polygon",
            Geometric::Circle => "circle",
        }
    }
}

/// A type an extension provides (`vector(1536)`, `citext`, `geometry(Point, 4326)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtensionType {
    /// The extension that provides it, as `CREATE EXTENSION` names it (`vector`, `postgis`).
    pub extension: &'static str,
    /// The type name (`vector`, `geometry`).
    pub name: &'static str,
    /// Its modifiers as the catalog prints them (`1536`; `Point`, `4326`).
    pub modifiers: Vec<String>,
}

/// `(extension, type, modifier rule)`: the closed list of extension types.
const EXTENSION_TYPES: &[(&str, &str, Modifiers)] = &[
    ("vector", "vector", Modifiers::Dimensions),
    ("vector", "halfvec", Modifiers::Dimensions),
    ("vector", "sparsevec", Modifiers::Dimensions),
    ("citext", "citext", Modifiers::None),
    ("ltree", "ltree", Modifiers::None),
    ("ltree", "lquery", Modifiers::None),
    ("ltree", "ltxtquery", Modifiers::None),
    ("hstore", "hstore", Modifiers::None),
    ("cube", "cube", Modifiers::None),
    ("seg", "seg", Modifiers::None),
    ("isn", "isbn", Modifiers::None),
    ("isn", "isbn13", Modifiers::None),
    ("isn", "issn", Modifiers::None),
    ("isn", "issn13", Modifiers::None),
    ("isn", "ean13", Modifiers::None),
    ("isn", "ismn", Modifiers::None),
    ("isn", "upc", Modifiers::None),
    ("postgis", "geometry", Modifiers::Spatial),
    ("postgis", "geography", Modifiers::Spatial),
    ("postgis", "box2d", Modifiers::None),
    ("postgis", "box3d", Modifiers::None),
    ("postgis_raster", "raster", Modifiers::None),
];

/// The names people give extensions besides their `CREATE EXTENSION` name.
pub const EXTENSION_ALIASES: &[(&str, &str)] = &[("pgvector", "vector"), ("pg_vector", "vector")];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifiers {
    None,
    /// One optional dimension count, 1..=16000 (pgvector's limit).
    Dimensions,
    /// PostGIS: an optional geometry subtype, then an optional SRID.
    Spatial,
}

/// PostGIS geometry subtypes, as the catalog prints them.
const SPATIAL_SUBTYPES: &[&str] = &[
    "Geometry",
    "Point",
    "LineString",
    "Polygon",
    "MultiPoint",
    "MultiLineString",
    "MultiPolygon",
    "GeometryCollection",
    "CircularString",
    "CompoundCurve",
    "CurvePolygon",
    "MultiCurve",
    "MultiSurface",
    "PolyhedralSurface",
    "Triangle",
    "Tin",
];

/// The extension providing a type word, if any.
pub fn extension_of_type(word: &str) -> Option<&'static str> {
    EXTENSION_TYPES
        .iter()
        .find(|(_, name, _)| *name == word)
        .map(|(ext, _, _)| *ext)
}

/// True for the `CREATE EXTENSION` name of an extension that provides a type.
pub fn is_extension_name(name: &str) -> bool {
    EXTENSION_TYPES.iter().any(|(ext, _, _)| *ext == name)
}

/// The `CREATE EXTENSION` name of an extension that provides a type, however `word` is cased.
pub(crate) fn extension_name(word: &str) -> Option<&'static str> {
    EXTENSION_TYPES
        .iter()
        .map(|(ext, _, _)| *ext)
        .find(|ext| ext.eq_ignore_ascii_case(word))
}

/// `interval` field restrictions, as the catalog prints them.
const INTERVAL_FIELDS: &[&str] = &[
    "year",
    "month",
    "day",
    "hour",
    "minute",
    "second",
    "year to month",
    "day to hour",
    "day to minute",
    "day to second",
    "hour to minute",
    "hour to second",
    "minute to second",
];

/// Parameterless built-in types not modelled by a variant of their own, by catalog name:
/// object identifiers, snapshots and the like.
const SYSTEM_TYPES: &[&str] = &[
    "oid",
    "regclass",
    "regproc",
    "regprocedure",
    "regoper",
    "regoperator",
    "regtype",
    "regrole",
    "regnamespace",
    "regconfig",
    "regdictionary",
    "regcollation",
    "pg_snapshot",
    "txid_snapshot",
    "xid8",
];

/// The base of a type, without array dimensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseType {
    /// `smallint`
    SmallInt,
    /// `integer`
    Integer,
    /// `bigint`
    BigInt,
    /// `smallserial`
    SmallSerial,
    /// `serial`
    Serial,
    /// `bigserial`
    BigSerial,
    /// `real`
    Real,
    /// `double precision`
    Double,
    /// `numeric(p[,s])`
    Numeric(Option<(u32, Option<u32>)>),
    /// `money`
    Money,
    /// `boolean`
    Boolean,
    /// `text`
    Text,
    /// `varchar(n)`
    Varchar(Option<u32>),
    /// `char(n)`
    Char(Option<u32>),
    /// `bytea`
    Bytea,
    /// `bit(n)` (n defaults to 1)
    Bit(Option<u32>),
    /// `bit varying(n)`
    VarBit(Option<u32>),
    /// `date`
    Date,
    /// `time` (fractional-second precision in [`SqlType::precision`])
    Time,
    /// `time with time zone`
    TimeTz,
    /// `timestamp`
    Timestamp,
    /// `timestamptz`
    Timestamptz,
    /// `interval` (fields in [`SqlType::interval_fields`])
    Interval,
    /// `uuid`
    Uuid,
    /// `json`
    Json,
    /// `jsonb`
    Jsonb,
    /// `xml`
    Xml,
    /// `inet`
    Inet,
    /// `cidr`
    Cidr,
    /// `macaddr`
    Macaddr,
    /// `macaddr8`
    Macaddr8,
    /// `tsvector`
    Tsvector,
    /// `tsquery`
    Tsquery,
    /// `pg_lsn`
    PgLsn,
    /// A range type (`int4range`, `tstzrange`, …).
    Range(RangeKind),
    /// A multirange type (`int4multirange`, …).
    Multirange(RangeKind),
    /// A geometric type (`point`, `polygon`, …).
    Geometric(Geometric),
    /// Another parameterless built-in type (`oid`, `regclass`, `pg_snapshot`), by catalog name.
    System(&'static str),
    /// A type an extension provides.
    Extension(ExtensionType),
    /// A user-defined type (an enum, domain or composite type declared by the spec).
    Named(QualifiedName),
}

impl BaseType {
    /// Types without a JSON counterpart, sent as their PostgreSQL text form (`[1,10)`,
    /// `$1.00`, `0/16B3748`, `(1,2)`): OpenAPI types them as strings naming the SQL type, and
    /// the consistency rules expect text in examples.
    pub fn text_form_only(&self) -> bool {
        matches!(
            self,
            BaseType::Money
                | BaseType::Bit(_)
                | BaseType::VarBit(_)
                | BaseType::Xml
                | BaseType::Macaddr
                | BaseType::Macaddr8
                | BaseType::Tsvector
                | BaseType::Tsquery
                | BaseType::PgLsn
                | BaseType::Range(_)
                | BaseType::Multirange(_)
                | BaseType::Geometric(_)
        )
    }
}

/// A normalized column type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlType {
    /// The base type.
    pub base: BaseType,
    /// Number of array dimensions (`[]` suffixes, or `ARRAY`).
    pub array_dims: u8,
    /// Fractional-second precision of `time`, `timestamp` and `interval` (0..=6).
    pub precision: Option<u32>,
    /// The field restriction of an `interval` (`day to second`), lowercase.
    pub interval_fields: Option<&'static str>,
}

impl SqlType {
    /// A scalar type.
    pub fn scalar(base: BaseType) -> Self {
        SqlType {
            base,
            array_dims: 0,
            precision: None,
            interval_fields: None,
        }
    }

    /// The type as written in generated DDL (serial types kept).
    pub fn sql(&self) -> String {
        let base = match &self.base {
            BaseType::SmallSerial => "smallserial".to_owned(),
            BaseType::Serial => "serial".to_owned(),
            BaseType::BigSerial => "bigserial".to_owned(),
            BaseType::Named(name) => crate::ident::quote_qualified(name),
            _ => self.catalog_base(),
        };
        base + &"[]".repeat(usize::from(self.array_dims))
    }

    /// The type as PostgreSQL's `format_type()` prints it (serials as their integer type;
    /// an array is `[]` whatever its dimensions, as PostgreSQL does not enforce them).
    pub fn catalog_name(&self) -> String {
        self.catalog_base() + if self.array_dims > 0 { "[]" } else { "" }
    }

    fn catalog_base(&self) -> String {
        let p = self.precision.map_or(String::new(), |p| format!("({p})"));
        match &self.base {
            BaseType::SmallInt | BaseType::SmallSerial => "smallint".into(),
            BaseType::Integer | BaseType::Serial => "integer".into(),
            BaseType::BigInt | BaseType::BigSerial => "bigint".into(),
            BaseType::Real => "real".into(),
            BaseType::Double => "double precision".into(),
            BaseType::Numeric(None) => "numeric".into(),
            BaseType::Numeric(Some((p, s))) => format!("numeric({p},{})", s.unwrap_or(0)),
            BaseType::Money => "money".into(),
            BaseType::Boolean => "boolean".into(),
            BaseType::Text => "text".into(),
            BaseType::Varchar(None) => "character varying".into(),
            BaseType::Varchar(Some(n)) => format!("character varying({n})"),
            BaseType::Char(n) => format!("character({})", n.unwrap_or(1)),
            BaseType::Bytea => "bytea".into(),
            BaseType::Bit(n) => format!("bit({})", n.unwrap_or(1)),
            BaseType::VarBit(None) => "bit varying".into(),
            BaseType::VarBit(Some(n)) => format!("bit varying({n})"),
            BaseType::Date => "date".into(),
            BaseType::Time => format!("time{p} without time zone"),
            BaseType::TimeTz => format!("time{p} with time zone"),
            BaseType::Timestamp => format!("timestamp{p} without time zone"),
            BaseType::Timestamptz => format!("timestamp{p} with time zone"),
            BaseType::Interval => match self.interval_fields {
                Some(fields) => format!("interval {fields}{p}"),
                None => format!("interval{p}"),
            },
            BaseType::Uuid => "uuid".into(),
            BaseType::Json => "json".into(),
            BaseType::Jsonb => "jsonb".into(),
            BaseType::Xml => "xml".into(),
            BaseType::Inet => "inet".into(),
            BaseType::Cidr => "cidr".into(),
            BaseType::Macaddr => "macaddr".into(),
            BaseType::Macaddr8 => "macaddr8".into(),
            BaseType::Tsvector => "tsvector".into(),
            BaseType::Tsquery => "tsquery".into(),
            BaseType::PgLsn => "pg_lsn".into(),
            BaseType::Range(k) => format!("{}range", k.prefix()),
            BaseType::Multirange(k) => format!("{}multirange", k.prefix()),
            BaseType::Geometric(g) => g.name().into(),
            BaseType::System(name) => (*name).into(),
            BaseType::Extension(e) if e.modifiers.is_empty() => e.name.into(),
            BaseType::Extension(e) => format!("{}({})", e.name, e.modifiers.join(",")),
            BaseType::Named(name) => name.to_string(),
        }
    }

    /// True for the serial pseudo-types.
    pub fn is_serial(&self) -> bool {
        self.array_dims == 0
            && matches!(
                self.base,
                BaseType::SmallSerial | BaseType::Serial | BaseType::BigSerial
            )
    }

    /// The extension this type needs, if any (`vector` for `vector(1536)[]`).
    pub fn extension(&self) -> Option<&'static str> {
        match &self.base {
            BaseType::Extension(e) => Some(e.extension),
            _ => None,
        }
    }

    /// True when both are the same type apart from a length, precision or scale.
    pub fn differs_only_in_length(&self, other: &SqlType) -> bool {
        self.array_dims == other.array_dims
            && self != other
            && self.interval_fields == other.interval_fields
            && match (&self.base, &other.base) {
                (BaseType::Varchar(_), BaseType::Varchar(_))
                | (BaseType::Char(_), BaseType::Char(_))
                | (BaseType::Bit(_), BaseType::Bit(_))
                | (BaseType::VarBit(_), BaseType::VarBit(_))
                | (BaseType::Numeric(_), BaseType::Numeric(_)) => true,
                (a, b) => a == b && self.precision != other.precision,
            }
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql())
    }
}

/// `[` `n`? `]` starting at `toks[i]` (a `[`): the index after the `]`.
fn array_bound(toks: &[Tok], mut i: usize) -> Result<usize, String> {
    i += 1;
    if let Some(Tok::Num(_)) = toks.get(i) {
        i += 1;
    }
    if toks.get(i) != Some(&Tok::RBracket) {
        return Err("unbalanced brackets".into());
    }
    Ok(i + 1)
}

/// A token of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Num(u32),
    Str(String),
    LParen,
    RParen,
    Comma,
    LBracket,
    RBracket,
    Dot,
}

fn tokenize(text: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {}
            '(' => out.push(Tok::LParen),
            ')' => out.push(Tok::RParen),
            ',' => out.push(Tok::Comma),
            '[' => out.push(Tok::LBracket),
            ']' => out.push(Tok::RBracket),
            '.' => out.push(Tok::Dot),
            '\'' => {
                // A string literal (only MySQL's ENUM/SET lists take them; the PostgreSQL
                // grammar refuses them). `''` is a quote inside it.
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, '\'')) if chars.peek().is_some_and(|&(_, d)| d == '\'') => {
                            chars.next();
                            s.push('\'');
                        }
                        Some((_, '\'')) => break,
                        Some((_, d)) if d.is_control() => {
                            return Err("a control character in a quoted value".into());
                        }
                        Some((_, d)) => s.push(d),
                        None => return Err("unterminated string".into()),
                    }
                }
                out.push(Tok::Str(s));
            }
            c if c.is_ascii_digit() => {
                let mut n = u64::from(c.to_digit(10).unwrap_or(0));
                while let Some(&(_, d)) = chars.peek() {
                    let Some(v) = d.to_digit(10) else { break };
                    n = n.saturating_mul(10).saturating_add(u64::from(v));
                    chars.next();
                }
                out.push(Tok::Num(u32::try_from(n).map_err(|_| "number too large")?));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut w = String::from(c);
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        w.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Word(w));
            }
            other => return Err(format!("unexpected character `{}`", other.escape_default())),
        }
    }
    Ok(out)
}

/// A type argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Arg {
    /// A number.
    Num(u32),
    /// A word, as written (`Point`).
    Word(String),
    /// A string literal (MySQL `ENUM('a')`).
    Str(String),
}

/// A type's text split into its parts, before any word is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shape {
    /// A schema qualifier (`audit` in `audit.kind`).
    pub(crate) qualifier: Option<String>,
    /// The words before the arguments, lowercase.
    pub(crate) head: Vec<String>,
    /// The parenthesized arguments, when written.
    pub(crate) args: Option<Vec<Arg>>,
    /// The words after the arguments, lowercase (`with time zone`, MySQL `unsigned`).
    pub(crate) tail: Vec<String>,
    /// Array dimensions.
    pub(crate) array_dims: u8,
}

impl Shape {
    /// Every word, head and tail, joined by spaces.
    pub(crate) fn words(&self) -> String {
        let mut all = self.head.clone();
        all.extend(self.tail.iter().cloned());
        all.join(" ")
    }

    /// The numeric arguments, or `None` when one is not a number.
    pub(crate) fn numbers(&self) -> Option<Vec<u32>> {
        self.args
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|a| match a {
                Arg::Num(n) => Some(*n),
                _ => None,
            })
            .collect()
    }
}

/// Splits a type into its [`Shape`].
pub(crate) fn shape(text: &str) -> Result<Shape, String> {
    let toks = tokenize(text.trim())?;
    let mut i = 0;
    let mut head: Vec<String> = Vec::new();
    let mut qualifier: Option<String> = None;
    while let Some(Tok::Word(w)) = toks.get(i) {
        if toks.get(i + 1) == Some(&Tok::Dot) && head.is_empty() && qualifier.is_none() {
            qualifier = Some(w.to_ascii_lowercase());
            i += 2;
            continue;
        }
        head.push(w.to_ascii_lowercase());
        i += 1;
    }
    if head.is_empty() {
        return Err("no type name".into());
    }
    let mut args = None;
    if toks.get(i) == Some(&Tok::LParen) {
        let mut list = Vec::new();
        i += 1;
        loop {
            match toks.get(i) {
                Some(Tok::Num(n)) => list.push(Arg::Num(*n)),
                Some(Tok::Word(w)) => list.push(Arg::Word(w.clone())),
                Some(Tok::Str(s)) => list.push(Arg::Str(s.clone())),
                _ => return Err("a type argument must be a number".into()),
            }
            i += 1;
            match toks.get(i) {
                Some(Tok::Comma) => i += 1,
                Some(Tok::RParen) => {
                    i += 1;
                    break;
                }
                _ => return Err("unbalanced parentheses".into()),
            }
        }
        args = Some(list);
    }
    let mut tail = Vec::new();
    while let Some(Tok::Word(w)) = toks.get(i) {
        tail.push(w.to_ascii_lowercase());
        i += 1;
    }
    let mut array_dims: u8 = 0;
    // `integer ARRAY` and `integer ARRAY[3]`: one dimension, SQL's spelling.
    if tail.last().is_some_and(|w| w == "array")
        || (tail.is_empty()
            && head.len() > 1
            && head.last().is_some_and(|w| w == "array")
            && args.is_none())
    {
        if tail.last().is_some_and(|w| w == "array") {
            tail.pop();
        } else {
            head.pop();
        }
        array_dims = 1;
        if toks.get(i) == Some(&Tok::LBracket) {
            i = array_bound(&toks, i)?;
        }
    }
    while toks.get(i) == Some(&Tok::LBracket) {
        i = array_bound(&toks, i)?;
        array_dims = array_dims.saturating_add(1);
    }
    if i != toks.len() {
        return Err("unexpected text after the type".into());
    }
    if array_dims > 6 {
        return Err("PostgreSQL arrays have at most 6 dimensions".into());
    }
    Ok(Shape {
        qualifier,
        head,
        args,
        tail,
        array_dims,
    })
}

/// Parses a type as written in PostgreSQL (`VARCHAR(255)`, `timestamp(3) with time zone`,
/// `int4range`, `integer ARRAY[3]`, `vector(1536)`, `account_status`). The error says what
/// is wrong; the caller names the type.
pub fn parse_type(text: &str) -> Result<SqlType, String> {
    resolve(&shape(text)?)
}

/// The common one-word types (`uuid`, `VARCHAR(200)`, `numeric(10,2)`, `timestamptz`) read
/// without the tokenizer: exactly what [`parse_type`] gives them. `None` for anything else
/// (more words, arrays, a qualifier, arguments out of range), which the full grammar reads.
pub(crate) fn simple_type(text: &str) -> Option<SqlType> {
    let text = text.trim().as_bytes();
    let word_len = text
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
        .unwrap_or(text.len());
    let mut word = [0u8; 12];
    if word_len == 0 || word_len > word.len() || !text[0].is_ascii_alphabetic() {
        return None;
    }
    for (w, b) in word.iter_mut().zip(&text[..word_len]) {
        *w = b.to_ascii_lowercase();
    }
    let word = &word[..word_len];
    // `(n)` or `(p,s)`: at most two numbers of up to nine digits, nothing after.
    let mut nums = [0u32; 2];
    let mut count = 0;
    let rest = &text[word_len..];
    if !rest.is_empty() {
        let inner = rest.strip_prefix(b"(")?.strip_suffix(b")")?;
        for part in inner.split(|b| *b == b',') {
            if count == 2 || part.is_empty() || part.len() > 9 {
                return None;
            }
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            nums[count] = part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
            count += 1;
        }
    }
    let args = &nums[..count];
    let has_args = !rest.is_empty();
    let plain = |base: BaseType| (!has_args).then(|| SqlType::scalar(base));
    let length = |make: fn(Option<u32>) -> BaseType| match args {
        [] if !has_args => Some(SqlType::scalar(make(None))),
        [n] if (1..=10_485_760).contains(n) => Some(SqlType::scalar(make(Some(*n)))),
        _ => None,
    };
    let timed = |base: BaseType| {
        let mut ty = SqlType::scalar(base);
        ty.precision = match args {
            [] if !has_args => None,
            [p] if *p <= 6 => Some(*p),
            _ => return None,
        };
        Some(ty)
    };
    match word {
        b"smallint" | b"int2" => plain(BaseType::SmallInt),
        b"integer" | b"int" | b"int4" => plain(BaseType::Integer),
        b"bigint" | b"int8" => plain(BaseType::BigInt),
        b"smallserial" | b"serial2" => plain(BaseType::SmallSerial),
        b"serial" | b"serial4" => plain(BaseType::Serial),
        b"bigserial" | b"serial8" => plain(BaseType::BigSerial),
        b"real" | b"float4" => plain(BaseType::Real),
        b"float8" => plain(BaseType::Double),
        b"numeric" | b"decimal" | b"dec" => match args {
            [] if !has_args => Some(SqlType::scalar(BaseType::Numeric(None))),
            [p] if (1..=1000).contains(p) => {
                Some(SqlType::scalar(BaseType::Numeric(Some((*p, None)))))
            }
            [p, s] if (1..=1000).contains(p) && s <= p => {
                Some(SqlType::scalar(BaseType::Numeric(Some((*p, Some(*s))))))
            }
            _ => None,
        },
        b"money" => plain(BaseType::Money),
        b"boolean" | b"bool" => plain(BaseType::Boolean),
        b"text" => plain(BaseType::Text),
        b"varchar" => length(BaseType::Varchar),
        b"char" | b"character" | b"bpchar" => length(BaseType::Char),
        b"bytea" => plain(BaseType::Bytea),
        b"date" => plain(BaseType::Date),
        b"uuid" => plain(BaseType::Uuid),
        b"json" => plain(BaseType::Json),
        b"jsonb" => plain(BaseType::Jsonb),
        b"inet" => plain(BaseType::Inet),
        b"cidr" => plain(BaseType::Cidr),
        b"time" => timed(BaseType::Time),
        b"timetz" => timed(BaseType::TimeTz),
        b"timestamp" => timed(BaseType::Timestamp),
        b"timestamptz" => timed(BaseType::Timestamptz),
        _ => None,
    }
}

/// Looks a [`Shape`] up in PostgreSQL's grammar.
pub(crate) fn resolve(shape: &Shape) -> Result<SqlType, String> {
    let mut ty = SqlType::scalar(BaseType::Text);
    ty.array_dims = shape.array_dims;
    if shape.qualifier.is_some() {
        ty.base = named(shape)?;
        return Ok(ty);
    }
    let head = shape.head.join(" ");
    let tail = shape.tail.join(" ");
    let has_args = shape.args.is_some();
    let joined = shape.words();
    let Some(nums) = shape.numbers() else {
        // Word arguments: only PostGIS takes them.
        return extension(shape, &mut ty).map(|()| ty);
    };
    let one = |lo: u32, hi: u32| -> Result<Option<u32>, String> {
        match nums.as_slice() {
            [] if !has_args => Ok(None),
            [n] if (lo..=hi).contains(n) => Ok(Some(*n)),
            _ => Err(format!("`{joined}` takes one length between {lo} and {hi}")),
        }
    };
    let none = || -> Result<(), String> {
        if has_args {
            Err(format!("`{joined}` takes no arguments"))
        } else {
            Ok(())
        }
    };
    let precision = || -> Result<Option<u32>, String> {
        match nums.as_slice() {
            [] if !has_args => Ok(None),
            [p] if *p <= 6 => Ok(Some(*p)),
            _ => Err(format!("`{joined}` takes a precision between 0 and 6")),
        }
    };
    // Types whose words follow their arguments: `timestamp(3) with time zone`.
    let timed = match (head.as_str(), tail.as_str()) {
        ("time", "" | "without time zone") | ("time without time zone", "") => Some(BaseType::Time),
        ("time", "with time zone") | ("time with time zone" | "timetz", "") => {
            Some(BaseType::TimeTz)
        }
        ("timestamp", "" | "without time zone") | ("timestamp without time zone", "") => {
            Some(BaseType::Timestamp)
        }
        ("timestamp", "with time zone") | ("timestamp with time zone" | "timestamptz", "") => {
            Some(BaseType::Timestamptz)
        }
        _ => None,
    };
    if let Some(base) = timed {
        ty.base = base;
        ty.precision = precision()?;
        return Ok(ty);
    }
    if let Some(fields) = head.strip_prefix("interval") {
        let fields = fields.trim();
        if !tail.is_empty() {
            return Err("`interval` takes its fields before the precision".into());
        }
        ty.base = BaseType::Interval;
        if !fields.is_empty() {
            let Some(known) = INTERVAL_FIELDS.iter().find(|f| **f == fields) else {
                return Err(format!("`{fields}` is not an interval field restriction"));
            };
            ty.interval_fields = Some(known);
            // Only the fields ending in `second` take a precision.
            if has_args && !fields.ends_with("second") {
                return Err(format!("`interval {fields}` takes no precision"));
            }
        }
        ty.precision = precision()?;
        return Ok(ty);
    }
    if !shape.tail.is_empty() {
        return Err("unexpected words after the type's arguments".into());
    }
    ty.base = match head.as_str() {
        "smallint" | "int2" => none().map(|()| BaseType::SmallInt)?,
        "integer" | "int" | "int4" => none().map(|()| BaseType::Integer)?,
        "bigint" | "int8" => none().map(|()| BaseType::BigInt)?,
        "smallserial" | "serial2" => none().map(|()| BaseType::SmallSerial)?,
        "serial" | "serial4" => none().map(|()| BaseType::Serial)?,
        "bigserial" | "serial8" => none().map(|()| BaseType::BigSerial)?,
        "real" | "float4" => none().map(|()| BaseType::Real)?,
        "double precision" | "float8" => none().map(|()| BaseType::Double)?,
        // `float(p)`: PostgreSQL's rule, 1..24 is real, 25..53 double precision.
        "float" => match one(1, 53)? {
            Some(p) if p <= 24 => BaseType::Real,
            _ => BaseType::Double,
        },
        "numeric" | "decimal" | "dec" => match nums.as_slice() {
            [] if !has_args => BaseType::Numeric(None),
            [p] if (1..=1000).contains(p) => BaseType::Numeric(Some((*p, None))),
            [p, s] if (1..=1000).contains(p) && s <= p => BaseType::Numeric(Some((*p, Some(*s)))),
            _ => return Err("numeric takes a precision 1..1000 and a scale <= precision".into()),
        },
        "money" => none().map(|()| BaseType::Money)?,
        "boolean" | "bool" => none().map(|()| BaseType::Boolean)?,
        "text" => none().map(|()| BaseType::Text)?,
        "varchar" | "character varying" | "char varying" => BaseType::Varchar(one(1, 10_485_760)?),
        "char" | "character" | "bpchar" => BaseType::Char(one(1, 10_485_760)?),
        "bytea" => none().map(|()| BaseType::Bytea)?,
        "bit" => BaseType::Bit(one(1, 83_886_080)?),
        "varbit" | "bit varying" => BaseType::VarBit(one(1, 83_886_080)?),
        "date" => none().map(|()| BaseType::Date)?,
        "uuid" => none().map(|()| BaseType::Uuid)?,
        "json" => none().map(|()| BaseType::Json)?,
        "jsonb" => none().map(|()| BaseType::Jsonb)?,
        "xml" => none().map(|()| BaseType::Xml)?,
        "inet" => none().map(|()| BaseType::Inet)?,
        "cidr" => none().map(|()| BaseType::Cidr)?,
        "macaddr" => none().map(|()| BaseType::Macaddr)?,
        "macaddr8" => none().map(|()| BaseType::Macaddr8)?,
        "tsvector" => none().map(|()| BaseType::Tsvector)?,
        "tsquery" => none().map(|()| BaseType::Tsquery)?,
        "pg_lsn" => none().map(|()| BaseType::PgLsn)?,
        "point" => none().map(|()| BaseType::Geometric(Geometric::Point))?,
        "line" => none().map(|()| BaseType::Geometric(Geometric::Line))?,
        "lseg" => none().map(|()| BaseType::Geometric(Geometric::Lseg))?,
        "box" => none().map(|()| BaseType::Geometric(Geometric::Box))?,
        "path" => none().map(|()| BaseType::Geometric(Geometric::Path))?,
        "polygon" => none().map(|()| BaseType::Geometric(Geometric::Polygon))?,
        "circle" => none().map(|()| BaseType::Geometric(Geometric::Circle))?,
        word => {
            if let Some(k) = RangeKind::ALL
                .iter()
                .find(|k| word.strip_prefix(k.prefix()) == Some("range"))
            {
                none().map(|()| BaseType::Range(*k))?
            } else if let Some(k) = RangeKind::ALL
                .iter()
                .find(|k| word.strip_prefix(k.prefix()) == Some("multirange"))
            {
                none().map(|()| BaseType::Multirange(*k))?
            } else if let Some(name) = SYSTEM_TYPES.iter().find(|n| **n == word) {
                none().map(|()| BaseType::System(name))?
            } else if extension_of_type(word).is_some() {
                extension(shape, &mut ty)?;
                return Ok(ty);
            } else {
                named(shape)?
            }
        }
    };
    Ok(ty)
}

fn extension(shape: &Shape, ty: &mut SqlType) -> Result<(), String> {
    let word = shape.head.join(" ");
    let Some(&(ext, name, rule)) = EXTENSION_TYPES.iter().find(|(_, n, _)| *n == word) else {
        return Err("not a known PostgreSQL type".into());
    };
    if !shape.tail.is_empty() {
        return Err("unexpected words after the type's arguments".into());
    }
    let args = shape.args.as_deref().unwrap_or(&[]);
    let modifiers = match (rule, args) {
        (_, []) if shape.args.is_none() => Vec::new(),
        (Modifiers::Dimensions, [Arg::Num(n)]) if (1..=16_000).contains(n) => vec![n.to_string()],
        (Modifiers::Dimensions, _) => {
            return Err(format!(
                "`{name}` takes one dimension count between 1 and 16000"
            ));
        }
        (Modifiers::Spatial, [Arg::Word(sub), rest @ ..]) if rest.len() <= 1 => {
            let Some(canonical) = spatial_subtype(sub) else {
                return Err(format!("`{sub}` is not a PostGIS geometry type"));
            };
            let mut out = vec![canonical];
            match rest {
                [] => {}
                [Arg::Num(srid)] if *srid <= 999_999 => out.push(srid.to_string()),
                _ => return Err(format!("`{name}` takes a geometry type and an SRID number")),
            }
            out
        }
        (Modifiers::Spatial, _) => {
            return Err(format!("`{name}` takes a geometry type and an SRID number"));
        }
        (Modifiers::None, _) => return Err(format!("`{name}` takes no arguments")),
    };
    ty.base = BaseType::Extension(ExtensionType {
        extension: ext,
        name,
        modifiers,
    });
    Ok(())
}

/// A PostGIS subtype in the catalog's spelling (`point` → `Point`, `pointzm` → `PointZM`).
fn spatial_subtype(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    for base in SPATIAL_SUBTYPES {
        let b = base.to_ascii_lowercase();
        if let Some(suffix) = lower.strip_prefix(&b)
            && matches!(suffix, "" | "z" | "m" | "zm")
        {
            return Some(format!("{base}{}", suffix.to_ascii_uppercase()));
        }
    }
    None
}

fn named(shape: &Shape) -> Result<BaseType, String> {
    match (shape.head.as_slice(), &shape.args, shape.tail.is_empty()) {
        ([name], None, true) => Ok(BaseType::Named(QualifiedName {
            schema: shape.qualifier.clone(),
            name: name.clone(),
        })),
        _ => Err("not a known PostgreSQL type".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(text: &str) -> String {
        parse_type(text)
            .map(|t| t.catalog_name())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn simple_types_read_as_the_grammar_reads_them() {
        let words = [
            "smallint",
            "int2",
            "integer",
            "int",
            "int4",
            "bigint",
            "int8",
            "smallserial",
            "serial2",
            "serial",
            "serial4",
            "bigserial",
            "serial8",
            "real",
            "float4",
            "float8",
            "float",
            "numeric",
            "decimal",
            "dec",
            "money",
            "boolean",
            "bool",
            "text",
            "varchar",
            "char",
            "character",
            "bpchar",
            "bytea",
            "date",
            "uuid",
            "json",
            "jsonb",
            "inet",
            "cidr",
            "time",
            "timetz",
            "timestamp",
            "timestamptz",
            "interval",
            "bit",
            "xml",
            "citext",
            "vector",
            "account_status",
            "tinyint",
            "datetime",
            "string",
            "x",
            "verylongtypename",
            "_x",
            "1int",
        ];
        let args = [
            "",
            "()",
            "(0)",
            "(1)",
            "(6)",
            "(7)",
            "(200)",
            "(1000)",
            "(1001)",
            "(10,2)",
            "(2,10)",
            "(0,0)",
            "(1,2,3)",
            "(10485760)",
            "(10485761)",
            "(999999999)",
            "(1234567890)",
            "(007)",
            "( 1)",
            "(1 )",
            "(a)",
            "(1,)",
            "(,1)",
            "[]",
            " ",
            "(1)x",
            " (1)",
            "(1)[]",
            "((1))",
            "(1",
            "1)",
        ];
        let mut fast = 0;
        for w in words {
            for a in args {
                for text in [format!("{w}{a}"), format!("  {}{a} ", w.to_uppercase())] {
                    if let Some(ty) = simple_type(&text) {
                        fast += 1;
                        assert_eq!(parse_type(&text), Ok(ty), "{text}");
                    }
                }
            }
        }
        assert!(fast > 100, "{fast}");
        assert_eq!(simple_type("VARCHAR(200)"), parse_type("VARCHAR(200)").ok());
        assert_eq!(simple_type("int[]"), None);
        assert_eq!(simple_type("public.uuid"), None);
    }

    #[test]
    fn aliases_are_normalized() {
        assert_eq!(cat("int"), "integer");
        assert_eq!(cat("VARCHAR(255)"), "character varying(255)");
        assert_eq!(cat("timestamp"), "timestamp without time zone");
        assert_eq!(cat("TIMESTAMPTZ"), "timestamp with time zone");
        assert_eq!(cat("TIMESTAMP WITH TIME ZONE"), "timestamp with time zone");
        assert_eq!(cat("uuid"), "uuid");
        assert_eq!(cat("JSONB"), "jsonb");
        assert_eq!(cat("numeric(18,2)"), "numeric(18,2)");
        assert_eq!(cat("NUMERIC(18, 2)"), "numeric(18,2)");
        assert_eq!(cat("text"), "text");
        assert_eq!(cat("boolean"), "boolean");
        assert_eq!(cat("bigserial"), "bigint");
        assert_eq!(cat("int[]"), "integer[]");
        assert_eq!(cat("TEXT[][]"), "text[]");
        assert_eq!(parse_type("TEXT[][]").unwrap().sql(), "text[][]");
        assert_eq!(cat("CHAR(3)"), "character(3)");
        assert_eq!(cat("account_status"), "account_status");
        assert_eq!(cat("audit.kind"), "audit.kind");
    }

    #[test]
    fn the_whole_builtin_grammar() {
        for (written, catalog) in [
            ("int4range", "int4range"),
            ("INT8RANGE", "int8range"),
            ("numrange", "numrange"),
            ("tsrange", "tsrange"),
            ("tstzrange", "tstzrange"),
            ("daterange", "daterange"),
            ("int4multirange", "int4multirange"),
            ("datemultirange", "datemultirange"),
            ("inet", "inet"),
            ("cidr", "cidr"),
            ("macaddr", "macaddr"),
            ("macaddr8", "macaddr8"),
            ("bit", "bit(1)"),
            ("bit(8)", "bit(8)"),
            ("BIT VARYING(64)", "bit varying(64)"),
            ("varbit", "bit varying"),
            ("money", "money"),
            ("tsvector", "tsvector"),
            ("tsquery", "tsquery"),
            ("xml", "xml"),
            ("interval", "interval"),
            ("interval(3)", "interval(3)"),
            ("INTERVAL DAY TO SECOND(3)", "interval day to second(3)"),
            ("interval year to month", "interval year to month"),
            ("interval hour", "interval hour"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("TIMESTAMP(6)", "timestamp(6) without time zone"),
            ("timestamptz(0)", "timestamp(0) with time zone"),
            ("time with time zone", "time with time zone"),
            ("time(3) without time zone", "time(3) without time zone"),
            ("timetz", "time with time zone"),
            ("point", "point"),
            ("line", "line"),
            ("lseg", "lseg"),
            ("box", "box"),
            ("path", "path"),
            ("polygon", "polygon"),
            ("circle", "circle"),
            ("pg_lsn", "pg_lsn"),
            ("oid", "oid"),
            ("uuid[]", "uuid[]"),
            ("jsonb[]", "jsonb[]"),
            ("int[][]", "integer[]"),
            ("integer ARRAY[3]", "integer[]"),
            ("text ARRAY", "text[]"),
            ("int4range[]", "int4range[]"),
            ("inet[]", "inet[]"),
            ("float(24)", "real"),
            ("float(53)", "double precision"),
            ("float", "double precision"),
            ("character varying", "character varying"),
        ] {
            assert_eq!(cat(written), catalog, "{written}");
        }
    }

    #[test]
    fn extension_types() {
        let v = parse_type("vector(1536)").unwrap();
        assert_eq!(v.catalog_name(), "vector(1536)");
        assert_eq!(v.extension(), Some("vector"));
        assert_eq!(cat("citext"), "citext");
        assert_eq!(cat("ltree"), "ltree");
        assert_eq!(cat("hstore"), "hstore");
        assert_eq!(cat("geometry(Point, 4326)"), "geometry(Point,4326)");
        assert_eq!(cat("geometry(pointz,4326)"), "geometry(PointZ,4326)");
        assert_eq!(cat("GEOGRAPHY(MultiPolygon)"), "geography(MultiPolygon)");
        assert_eq!(cat("geography"), "geography");
        assert_eq!(cat("halfvec(3)[]"), "halfvec(3)[]");
        assert!(parse_type("vector(0)").is_err());
        assert!(parse_type("vector(a)").is_err());
        assert!(parse_type("citext(3)").is_err());
        assert!(parse_type("geometry(Pointy, 4326)").is_err());
        assert!(parse_type("geometry(Point, 4326, 3)").is_err());
    }

    #[test]
    fn injection_and_unknown_types_are_refused() {
        assert!(parse_type("varchar(255)); DROP TABLE x; --").is_err());
        assert!(parse_type("geometry(Point); DROP TABLE x; --").is_err());
        assert!(parse_type("vector(3) ; DROP TABLE x").is_err());
        assert!(parse_type("text DEFAULT 'x'").is_err());
        assert!(parse_type("int unsigned").is_err());
        assert!(parse_type("varchar(0)").is_err());
        assert!(parse_type("numeric(2,5)").is_err());
        assert!(parse_type("").is_err());
        assert!(parse_type("varchar('a')").is_err());
        assert!(parse_type("enum('a','b')").is_err());
        assert!(parse_type("text\0").is_err());
        assert!(parse_type("int[").is_err());
        assert!(parse_type("timestamp(7)").is_err());
        assert!(parse_type("interval day(3)").is_err());
        assert!(parse_type("interval fortnight").is_err());
        assert!(parse_type("money(2)").is_err());
        assert!(parse_type("int[][][][][][][]").is_err());
        assert!(parse_type("datetime(3)").is_err());
        assert!(parse_type("geometry(Point, 'x')").is_err());
        assert!(shape("enum('a\0b')").is_err());
        assert!(shape("enum('a\nb')").is_err());
    }
}
