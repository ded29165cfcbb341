//! Column types from a closed grammar, normalized to PostgreSQL.
//!
//! Both DDL (sqlparser's printed data type) and column-table cells go through [`parse_type`].
//! Anything outside the grammar (an unknown word with arguments, stray punctuation such as
//! `varchar(255)); DROP TABLE x; --`) is refused with a message naming the type. A single
//! unknown word is kept as [`BaseType::Named`]; validation then requires a declared enum.

use crate::name::QualifiedName;
use std::fmt;

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
    /// `date`
    Date,
    /// `time`
    Time,
    /// `time with time zone`
    TimeTz,
    /// `timestamp`
    Timestamp,
    /// `timestamptz`
    Timestamptz,
    /// `interval`
    Interval,
    /// `uuid`
    Uuid,
    /// `json`
    Json,
    /// `jsonb`
    Jsonb,
    /// `inet`
    Inet,
    /// `cidr`
    Cidr,
    /// A user-defined type (an enum declared with `CREATE TYPE`).
    Named(QualifiedName),
}

/// A normalized column type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlType {
    /// The base type.
    pub base: BaseType,
    /// Number of `[]` suffixes.
    pub array_dims: u8,
}

impl SqlType {
    /// A scalar type.
    pub fn scalar(base: BaseType) -> Self {
        SqlType {
            base,
            array_dims: 0,
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

    /// The type as PostgreSQL's `format_type()` prints it (serials as their integer type).
    pub fn catalog_name(&self) -> String {
        self.catalog_base() + &"[]".repeat(usize::from(self.array_dims))
    }

    fn catalog_base(&self) -> String {
        match &self.base {
            BaseType::SmallInt | BaseType::SmallSerial => "smallint".into(),
            BaseType::Integer | BaseType::Serial => "integer".into(),
            BaseType::BigInt | BaseType::BigSerial => "bigint".into(),
            BaseType::Real => "real".into(),
            BaseType::Double => "double precision".into(),
            BaseType::Numeric(None) => "numeric".into(),
            BaseType::Numeric(Some((p, s))) => format!("numeric({p},{})", s.unwrap_or(0)),
            BaseType::Boolean => "boolean".into(),
            BaseType::Text => "text".into(),
            BaseType::Varchar(None) => "character varying".into(),
            BaseType::Varchar(Some(n)) => format!("character varying({n})"),
            BaseType::Char(n) => format!("character({})", n.unwrap_or(1)),
            BaseType::Bytea => "bytea".into(),
            BaseType::Date => "date".into(),
            BaseType::Time => "time without time zone".into(),
            BaseType::TimeTz => "time with time zone".into(),
            BaseType::Timestamp => "timestamp without time zone".into(),
            BaseType::Timestamptz => "timestamp with time zone".into(),
            BaseType::Interval => "interval".into(),
            BaseType::Uuid => "uuid".into(),
            BaseType::Json => "json".into(),
            BaseType::Jsonb => "jsonb".into(),
            BaseType::Inet => "inet".into(),
            BaseType::Cidr => "cidr".into(),
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

    /// True when both are the same type apart from a length, precision or scale.
    pub fn differs_only_in_length(&self, other: &SqlType) -> bool {
        self.array_dims == other.array_dims
            && self != other
            && matches!(
                (&self.base, &other.base),
                (BaseType::Varchar(_), BaseType::Varchar(_))
                    | (BaseType::Char(_), BaseType::Char(_))
                    | (BaseType::Numeric(_), BaseType::Numeric(_))
            )
    }
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sql())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(String),
    Num(u32),
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
            ' ' | '\t' => {}
            '(' => out.push(Tok::LParen),
            ')' => out.push(Tok::RParen),
            ',' => out.push(Tok::Comma),
            '[' => out.push(Tok::LBracket),
            ']' => out.push(Tok::RBracket),
            '.' => out.push(Tok::Dot),
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
                let mut w = String::from(c.to_ascii_lowercase());
                while let Some(&(_, d)) = chars.peek() {
                    if d.is_ascii_alphanumeric() || d == '_' {
                        w.push(d.to_ascii_lowercase());
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

/// Parses a type as written (`VARCHAR(255)`, `timestamptz`, `int[]`, `account_status`).
/// The error says what is wrong; the caller names the type.
pub fn parse_type(text: &str) -> Result<SqlType, String> {
    let toks = tokenize(text.trim())?;
    let mut i = 0;
    // Leading words, possibly one dotted qualifier.
    let mut words: Vec<String> = Vec::new();
    let mut qualifier: Option<String> = None;
    while let Some(Tok::Word(w)) = toks.get(i) {
        if toks.get(i + 1) == Some(&Tok::Dot) && words.is_empty() && qualifier.is_none() {
            qualifier = Some(w.clone());
            i += 2;
            continue;
        }
        words.push(w.clone());
        i += 1;
    }
    if words.is_empty() {
        return Err("no type name".into());
    }
    let mut args: Vec<u32> = Vec::new();
    let mut has_args = false;
    if toks.get(i) == Some(&Tok::LParen) {
        has_args = true;
        i += 1;
        loop {
            match toks.get(i) {
                Some(Tok::Num(n)) => args.push(*n),
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
    }
    // Trailing words (`varchar(10) with time zone` is nonsense, but `timestamp(3) with time
    // zone` is not supported either: precision on time types is refused below).
    while let Some(Tok::Word(w)) = toks.get(i) {
        words.push(w.clone());
        i += 1;
    }
    let mut array_dims: u8 = 0;
    while toks.get(i) == Some(&Tok::LBracket) {
        i += 1;
        if let Some(Tok::Num(_)) = toks.get(i) {
            i += 1;
        }
        if toks.get(i) != Some(&Tok::RBracket) {
            return Err("unbalanced brackets".into());
        }
        i += 1;
        array_dims = array_dims.saturating_add(1);
    }
    if i != toks.len() {
        return Err("unexpected text after the type".into());
    }
    let joined = words.join(" ");
    let one = |args: &[u32]| -> Result<Option<u32>, String> {
        match args {
            [] if !has_args => Ok(None),
            [n] if (1..=10_485_760).contains(n) => Ok(Some(*n)),
            _ => Err(format!(
                "`{joined}` takes one length between 1 and 10485760"
            )),
        }
    };
    let none = |args: &[u32]| -> Result<(), String> {
        if has_args || !args.is_empty() {
            Err(format!("`{joined}` takes no arguments here"))
        } else {
            Ok(())
        }
    };
    let base = if qualifier.is_some() {
        None
    } else {
        Some(match joined.as_str() {
            "smallint" | "int2" => none(&args).map(|_| BaseType::SmallInt)?,
            "integer" | "int" | "int4" => none(&args).map(|_| BaseType::Integer)?,
            "bigint" | "int8" => none(&args).map(|_| BaseType::BigInt)?,
            "smallserial" | "serial2" => none(&args).map(|_| BaseType::SmallSerial)?,
            "serial" | "serial4" => none(&args).map(|_| BaseType::Serial)?,
            "bigserial" | "serial8" => none(&args).map(|_| BaseType::BigSerial)?,
            "real" | "float4" => none(&args).map(|_| BaseType::Real)?,
            "double precision" | "double" | "float8" | "float" => {
                none(&args).map(|_| BaseType::Double)?
            }
            "numeric" | "decimal" => match args.as_slice() {
                [] if !has_args => BaseType::Numeric(None),
                [p] if (1..=1000).contains(p) => BaseType::Numeric(Some((*p, None))),
                [p, s] if (1..=1000).contains(p) && s <= p => {
                    BaseType::Numeric(Some((*p, Some(*s))))
                }
                _ => {
                    return Err("numeric takes a precision 1..1000 and a scale <= precision".into());
                }
            },
            "boolean" | "bool" => none(&args).map(|_| BaseType::Boolean)?,
            "text" => none(&args).map(|_| BaseType::Text)?,
            "varchar" | "character varying" => BaseType::Varchar(one(&args)?),
            "char" | "character" | "bpchar" => BaseType::Char(one(&args)?),
            "bytea" => none(&args).map(|_| BaseType::Bytea)?,
            "date" => none(&args).map(|_| BaseType::Date)?,
            "time" | "time without time zone" => none(&args).map(|_| BaseType::Time)?,
            "timetz" | "time with time zone" => none(&args).map(|_| BaseType::TimeTz)?,
            "timestamp" | "timestamp without time zone" | "datetime" => {
                none(&args).map(|_| BaseType::Timestamp)?
            }
            "timestamptz" | "timestamp with time zone" => {
                none(&args).map(|_| BaseType::Timestamptz)?
            }
            "interval" => none(&args).map(|_| BaseType::Interval)?,
            "uuid" => none(&args).map(|_| BaseType::Uuid)?,
            "json" => none(&args).map(|_| BaseType::Json)?,
            "jsonb" => none(&args).map(|_| BaseType::Jsonb)?,
            "inet" => none(&args).map(|_| BaseType::Inet)?,
            "cidr" => none(&args).map(|_| BaseType::Cidr)?,
            _ => return named(qualifier, &words, has_args, array_dims),
        })
    };
    match base {
        Some(base) => Ok(SqlType { base, array_dims }),
        None => named(qualifier, &words, has_args, array_dims),
    }
}

fn named(
    qualifier: Option<String>,
    words: &[String],
    has_args: bool,
    array_dims: u8,
) -> Result<SqlType, String> {
    match words {
        [name] if !has_args => Ok(SqlType {
            base: BaseType::Named(QualifiedName {
                schema: qualifier,
                name: name.clone(),
            }),
            array_dims,
        }),
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
        assert_eq!(cat("TEXT[][]"), "text[][]");
        assert_eq!(cat("CHAR(3)"), "character(3)");
        assert_eq!(cat("account_status"), "account_status");
        assert_eq!(cat("audit.kind"), "audit.kind");
    }

    #[test]
    fn injection_and_unknown_types_are_refused() {
        assert!(parse_type("varchar(255)); DROP TABLE x; --").is_err());
        assert!(parse_type("vector(1536)").is_err());
        assert!(parse_type("int unsigned").is_err());
        assert!(parse_type("varchar(0)").is_err());
        assert!(parse_type("numeric(2,5)").is_err());
        assert!(parse_type("").is_err());
        assert!(parse_type("varchar('a')").is_err());
        assert!(parse_type("text\0").is_err());
        assert!(parse_type("int[").is_err());
    }
}
