//! specforge-examples: request and response examples as people write them, to schema facts.
//!
//! Real examples are often not valid JSON. [`parse`] accepts `//` and `#` comments, `{ ... }` /
//! `[...]` / `...` placeholders, trailing commas, single-quoted strings and trailing prose, and
//! keeps a span on every node. [`infer`] turns the parsed value into a [`Shape`]: values that
//! are type descriptors (`"string (UUID)"`, `"integer (> 0)"`, `"string (enum: a, b)"`,
//! `"uuid | null"`, `"string (optional, max 140)"`) become schema facts; real values give
//! their type, a format when they look like one (UUID, timestamp, date, email, URI) and are
//! kept as the example.
//!
//! Architecture invariant: no panic on any input; problems are diagnostics with spans in the
//! spec text (the caller passes the example's byte offset).
//!
//! Modules: `parse` reads the text, `descriptor` reads type descriptors,
//! `format` recognises formats of real strings, `number` decides whether a number is held
//! exactly, `infer` builds the shape.

mod descriptor;
mod format;
mod infer;
mod number;
mod parse;

use specforge_model::{Diagnostic, Span};

/// A parsed example value. Object keys keep their written order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `{ … }`. `open` is true when it holds a `...` placeholder (more fields not shown).
    Object {
        /// Fields in written order: key, key span, value.
        fields: Vec<(String, Span, Value)>,
        /// A `...` placeholder was present.
        open: bool,
        /// The whole object.
        span: Span,
    },
    /// `[ … ]`. `open` is true when it holds a `...` placeholder.
    Array {
        /// The items.
        items: Vec<Value>,
        /// A `...` placeholder was present.
        open: bool,
        /// The whole array.
        span: Span,
    },
    /// A string literal, unescaped.
    String(String, Span),
    /// A number, as written (never rounded).
    Number(String, Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// `null`.
    Null(Span),
    /// A bare `...` / `…` where a value should be.
    Placeholder(Span),
}

/// What an example says about one value, for a schema.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    /// The JSON type, if known.
    pub kind: Option<ShapeKind>,
    /// OpenAPI format (`uuid`, `date-time`, `date`, `email`, `uri`, `int64`, `double`).
    pub format: Option<String>,
    /// Allowed values (from `enum: a, b` or `a | b`).
    pub enum_values: Vec<String>,
    /// `| null`, `nullable`, or a `null` value.
    pub nullable: bool,
    /// `optional` in a descriptor: the field is not required.
    pub optional: bool,
    /// Lower bound and whether it is exclusive (`> 0` → (0, true); `>= 1` → (1, false)).
    pub minimum: Option<(String, bool)>,
    /// Upper bound and whether it is exclusive.
    pub maximum: Option<(String, bool)>,
    /// `min 3` on a string.
    pub min_length: Option<u64>,
    /// `max 140` on a string.
    pub max_length: Option<u64>,
    /// Leftover descriptor words that are not facts (`unique`, `read-only`), for the description.
    pub notes: Vec<String>,
    /// The example value, when it is a real value and not a descriptor.
    pub example: Option<serde_json::Value>,
    /// Object properties in written order.
    pub properties: Vec<(String, Shape)>,
    /// True when the object was open (`...`): additional properties may exist. On an array:
    /// a `...` stood for more items.
    pub open: bool,
    /// Array items.
    pub items: Option<Box<Shape>>,
    /// Where the value was written.
    pub span: Span,
}

/// JSON types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    /// string
    String,
    /// integer
    Integer,
    /// number
    Number,
    /// boolean
    Boolean,
    /// object
    Object,
    /// array
    Array,
}

impl Value {
    /// Where the value was written.
    pub fn span(&self) -> Span {
        match self {
            Value::Object { span, .. } | Value::Array { span, .. } => *span,
            Value::String(_, span)
            | Value::Number(_, span)
            | Value::Bool(_, span)
            | Value::Null(span)
            | Value::Placeholder(span) => *span,
        }
    }
}

/// Parses an example written at byte `offset` of the spec. Returns the value (or `None` when
/// nothing value-like is there) and every problem found.
///
/// Leading label lines (`Request:`) are skipped, text after the value is ignored (with a
/// note, [`Code::ExampleTrailingText`](specforge_model::Code::ExampleTrailingText)), text
/// that holds no value gives `(None, [])`, and an example that cannot be read gives `None`
/// and a warning ([`Code::ExampleUnreadable`](specforge_model::Code::ExampleUnreadable)).
pub fn parse(text: &str, offset: usize) -> (Option<Value>, Vec<Diagnostic>) {
    parse::parse(text, offset)
}

/// The shape a parsed value describes. A number that cannot be held exactly is an error
/// ([`Code::ExampleNumberNotExact`](specforge_model::Code::ExampleNumberNotExact)) and gives
/// no example.
pub fn infer(value: &Value) -> (Shape, Vec<Diagnostic>) {
    infer::infer(value)
}

/// [`parse`] then [`infer`]: the shape of the example written at byte `offset` of the spec
/// (`None` when there is no value), and every problem found.
pub fn shape_of_example(text: &str, offset: usize) -> (Option<Shape>, Vec<Diagnostic>) {
    let (value, mut diagnostics) = parse(text, offset);
    let shape = value.map(|value| {
        let (shape, more) = infer(&value);
        diagnostics.extend(more);
        shape
    });
    (shape, diagnostics)
}

/// Reads a type descriptor written on its own, as in a parameter table's Type or Validation
/// cell (`string (uuid)`, `integer (1-200)`, `uuid | null`). `None` when the text is not one.
/// `span` is where the text was written.
pub fn describe(text: &str, span: Span) -> Option<Shape> {
    let text = text.trim().trim_matches('`').trim();
    let mut shape = descriptor::read_type_cell(text)?;
    shape.span = span;
    Some(shape)
}

#[cfg(test)]
mod describe_tests {
    use super::*;

    #[test]
    fn type_cells_are_descriptors_even_when_a_lone_word_could_be_a_value() {
        let span = Span::new(3, 9);
        let email = describe("email", span).expect("a type");
        assert_eq!(email.kind, Some(ShapeKind::String));
        assert_eq!(email.format.as_deref(), Some("email"));
        assert_eq!(email.span, span);
        let id = describe("`string (uuid)`", span).expect("a type");
        assert_eq!(id.format.as_deref(), Some("uuid"));
        let limit = describe("integer (1-200)", span).expect("a type");
        assert_eq!(limit.kind, Some(ShapeKind::Integer));
        assert_eq!(limit.minimum, Some(("1".to_owned(), false)));
        assert_eq!(limit.maximum, Some(("200".to_owned(), false)));
        assert_eq!(describe("Oak dining chair", span), None);
    }
}
