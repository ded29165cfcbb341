//! The YAML writer `generate` uses: the text serde-saphyr writes with
//! [`crate::yaml::serializer_options`], byte for byte, for the shapes an OpenAPI document has,
//! in a fraction of the time.
//!
//! It is a serde `Serializer` like serde-saphyr's, and keeps the same layout state (the
//! pending space after `key:`, the first entry written after `- `, the depth of the enclosing
//! mapping), so block mappings and sequences, empty ones (`{}`, `[]`) and every nesting of
//! them come out as serde-saphyr lays them out. What makes serde-saphyr slow here is per
//! scalar: every key, even a field name, is written to a new `String` and checked against
//! every YAML look-alike. This writer decides the style of printable ASCII scalars itself,
//! by rules that are a strict part of serde-saphyr's ([`value_style`], [`key_style`]): what
//! quotes a text whatever else it holds (`: `, ` #`, a final `:`, edge spaces, an indicator
//! first, digits only; in a key any `:` and the flow characters), and, when the first
//! character rules out a number, a date, `~`, a merge key and a document marker, the
//! look-alike words (`yes`, `Off`, `null`, `nan`…). Every other scalar (non-ASCII or control
//! text, text starting with a digit, a sign, a dot or `_` that is not quoted anyway, floats)
//! is written by serde-saphyr itself, one scalar at a time, and the short ones are remembered.
//!
//! Shapes an OpenAPI document never has (tags, anchors, flow or block-scalar wrappers, bytes,
//! tuple structs, enum variants written as mappings, keys that are not scalars or longer than a
//! simple key may be) stop the writer with [`Unsupported`], and the caller serializes that part
//! with serde-saphyr instead. The tests (`yaml_writer_tests`) compare the two writers on every
//! fixture's document, on arbitrary trees of mappings (of stated, unstated and misstated
//! length), sequences and scalars, on JSON values with look-alike texts, and on every short
//! text over the characters that decide a style.

use serde::Serialize;
use serde::ser::{self, Impossible};
use std::collections::HashMap;
use std::fmt::{self, Write as _};

/// The writer met a shape it does not write; the caller uses serde-saphyr for it.
#[derive(Debug)]
pub struct Unsupported;

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a shape the fast YAML writer does not write")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

type Result<T = ()> = std::result::Result<T, Unsupported>;

/// Scalars written by serde-saphyr, remembered by text (status codes, versions and other
/// short texts recur in every path).
#[derive(Default)]
pub struct Scalars {
    values: HashMap<String, String>,
    keys: HashMap<String, String>,
}

/// Texts up to this length are remembered.
const REMEMBERED: usize = 64;

impl Scalars {
    fn value(&mut self, text: &str, out: &mut String) -> Result {
        if let Some(token) = self.values.get(text) {
            out.push_str(token);
            return Ok(());
        }
        let yaml = serde_saphyr::to_string_with_options(&text, crate::yaml::serializer_options())
            .map_err(|_| Unsupported)?;
        let token = one_line(&yaml)?;
        out.push_str(token);
        if text.len() <= REMEMBERED {
            self.values.insert(text.to_owned(), token.to_owned());
        }
        Ok(())
    }

    fn key(&mut self, text: &str, out: &mut String) -> Result {
        if let Some(token) = self.keys.get(text) {
            out.push_str(token);
            return Ok(());
        }
        let yaml = serde_saphyr::to_string_with_options(
            &KeyProbe(text),
            crate::yaml::serializer_options(),
        )
        .map_err(|_| Unsupported)?;
        // `key: null`; a key written in the explicit `? key` form has two lines.
        let token = one_line(&yaml)?.strip_suffix(": null").ok_or(Unsupported)?;
        out.push_str(token);
        if text.len() <= REMEMBERED {
            self.keys.insert(text.to_owned(), token.to_owned());
        }
        Ok(())
    }
}

/// The one line of `yaml`, without its newline.
fn one_line(yaml: &str) -> Result<&str> {
    yaml.strip_suffix('\n')
        .filter(|line| !line.contains('\n'))
        .ok_or(Unsupported)
}

/// A mapping of one key to null, to learn how serde-saphyr writes the key.
struct KeyProbe<'a>(&'a str);

impl Serialize for KeyProbe<'_> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        use ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, &())?;
        map.end()
    }
}

/// Appends `value` to `out` as serde-saphyr writes it (the whole document, from the start of
/// a line). On [`Unsupported`], `out` is left as it was.
pub fn write<T: Serialize + ?Sized>(out: &mut String, value: &T, scalars: &mut Scalars) -> Result {
    let start = out.len();
    let mut writer = Writer {
        out: &mut *out,
        scalars,
        at_line_start: true,
        pending_space: false,
        pending_inline_map: false,
        after_dash_depth: None,
        current_map_depth: None,
        last_value_was_block: false,
    };
    let written = value.serialize(&mut writer);
    if written.is_err() {
        out.truncate(start);
    }
    written
}

/// The writer and serde-saphyr's layout state (its names), for the options specforge uses:
/// two-space indentation, sequences under a key at the key's column, `{}` and `[]` for empty
/// collections, no tags, anchors, flow style or block scalars (so the depth of the root is 0).
struct Writer<'a> {
    out: &'a mut String,
    scalars: &'a mut Scalars,
    /// Nothing written on the current line yet.
    at_line_start: bool,
    /// `key:` was written; a scalar value needs a space first.
    pending_space: bool,
    /// A `- ` was written; a mapping element starts on that line.
    pending_inline_map: bool,
    /// The depth of the sequence whose `- ` was written last.
    after_dash_depth: Option<usize>,
    /// The depth of the mapping whose value is being written.
    current_map_depth: Option<usize>,
    /// The last value written was a non-empty block collection.
    last_value_was_block: bool,
}

const SPACES: &str = "                                                                ";

impl Writer<'_> {
    fn newline(&mut self) {
        self.out.push('\n');
        self.at_line_start = true;
    }

    fn spaces(&mut self, count: usize) {
        let mut left = count;
        while left > 0 {
            let n = left.min(SPACES.len());
            self.out.push_str(&SPACES[..n]);
            left -= n;
        }
    }

    fn indent(&mut self, depth: usize) -> Result {
        if self.at_line_start {
            self.spaces(depth.checked_mul(2).ok_or(Unsupported)?);
            self.at_line_start = false;
        }
        Ok(())
    }

    /// The continuation column of a mapping opened after `- `: two past the dash.
    fn indent_after_dash(&mut self, depth: usize) -> Result {
        let column = depth
            .saturating_sub(1)
            .checked_mul(2)
            .and_then(|c| c.checked_add(2))
            .ok_or(Unsupported)?;
        self.spaces(column);
        self.at_line_start = false;
        Ok(())
    }

    fn space_if_pending(&mut self) {
        if self.pending_space {
            self.out.push(' ');
            self.pending_space = false;
        }
        self.last_value_was_block = false;
    }

    /// Starts a scalar value where the layout puts it.
    fn begin_scalar(&mut self) {
        self.space_if_pending();
        // The root's depth is 0: nothing to indent.
        self.at_line_start = false;
    }

    fn scalar(&mut self, token: &str) -> Result {
        self.begin_scalar();
        self.out.push_str(token);
        self.newline();
        Ok(())
    }

    fn display(&mut self, value: impl fmt::Display) -> Result {
        self.begin_scalar();
        write!(self.out, "{value}").map_err(|_| Unsupported)?;
        self.newline();
        Ok(())
    }

    fn float<F: Serialize>(&mut self, value: F) -> Result {
        let yaml = serde_saphyr::to_string_with_options(&value, crate::yaml::serializer_options())
            .map_err(|_| Unsupported)?;
        let token = one_line(&yaml)?;
        self.begin_scalar();
        self.out.push_str(token);
        self.newline();
        Ok(())
    }
}

/// How serde-saphyr writes `text` as a value: `Some(true)` plain, `Some(false)` double-quoted,
/// `None` when these rules do not settle it. Each `Some` answer is the one serde-saphyr's
/// `is_plain_value_safe` (YAML 1.1 look-alikes quoted, block context) gives.
pub fn value_style(text: &str) -> Option<bool> {
    style(text, false)
}

/// How serde-saphyr writes `text` as a mapping key (`is_plain_safe`, and `is_plain_value_safe`
/// in flow context), as [`value_style`] answers.
pub fn key_style(text: &str) -> Option<bool> {
    style(text, true)
}

/// What a byte says about a text's style: bits of [`CLASSES`].
const OTHER: u8 = 1;
const NOT_DIGIT: u8 = 2;
const PAIR: u8 = 4;
const FLOW: u8 = 8;

/// Per byte: [`OTHER`] for all but printable ASCII, [`NOT_DIGIT`] for all but `0`–`9`, [`PAIR`]
/// for the bytes of `: ` and ` #`, [`FLOW`] for `:` and the flow characters `,[]{}`.
const CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let mut class = 0;
        if !(byte >= b' ' && byte <= b'~') {
            class |= OTHER;
        }
        if !byte.is_ascii_digit() {
            class |= NOT_DIGIT;
        }
        if matches!(byte, b' ' | b':' | b'#') {
            class |= PAIR;
        }
        if matches!(byte, b':' | b',' | b'[' | b']' | b'{' | b'}') {
            class |= FLOW;
        }
        classes[b] = class;
        b += 1;
    }
    classes
};

/// The classes of the bytes of a text, in one pass; then what quotes it whatever it starts
/// with (`: ` or a final `:`, ` #`, edge spaces, an indicator first, and in a key any `:` and
/// the flow characters `,[]{}`), digits only (a number), a first character that leaves it
/// undecided, a look-alike word.
fn style(text: &str, key: bool) -> Option<bool> {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        // The empty text reads as null.
        return Some(false);
    };
    let seen = bytes
        .iter()
        .fold(0u8, |seen, &b| seen | CLASSES[usize::from(b)]);
    if seen & OTHER != 0 {
        return None;
    }
    let quoted = (key && seen & FLOW != 0)
        || (seen & PAIR != 0
            && bytes
                .windows(2)
                .any(|pair| matches!(pair, [b':', b' '] | [b' ', b'#'])));
    if quoted || last == b':' || first == b' ' || last == b' ' || indicator_start(bytes) {
        return Some(false);
    }
    if seen & NOT_DIGIT == 0 {
        return Some(false);
    }
    if undecided_start(first) {
        return None;
    }
    if is_look_alike_word(text) {
        return Some(false);
    }
    Some(true)
}

/// A first character after which text may read as a number, a date, `~`, a merge key or a
/// document marker: serde-saphyr decides.
fn undecided_start(first: u8) -> bool {
    matches!(
        first,
        b'0'..=b'9' | b'+' | b'-' | b'.' | b'_' | b'~' | b'<' | b'='
    )
}

/// Words YAML 1.1 or 1.2 reads as null, a boolean or a float (any case).
fn is_look_alike_word(text: &str) -> bool {
    const WORDS: [&str; 11] = [
        "null", "true", "false", "nan", "inf", "yes", "y", "on", "no", "n", "off",
    ];
    text.len() <= 5 && WORDS.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// A first character that is a YAML indicator (`-` is undecided, see [`undecided_start`]).
fn indicator_start(bytes: &[u8]) -> bool {
    match bytes {
        [b'?'] | [b'?', b' ', ..] => true,
        [first, ..] => matches!(
            first,
            b',' | b':'
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        ),
        [] => false,
    }
}

/// Writes printable ASCII `text` double-quoted (only `\` and `"` need escapes).
fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    if text.bytes().any(|b| b == b'\\' || b == b'"') {
        for c in text.chars() {
            if c == '\\' || c == '"' {
                out.push('\\');
            }
            out.push(c);
        }
    } else {
        out.push_str(text);
    }
    out.push('"');
}

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = SeqWriter<'w, 'a>;
    type SerializeTuple = SeqWriter<'w, 'a>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = MapWriter<'w, 'a>;
    type SerializeStruct = MapWriter<'w, 'a>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result {
        self.scalar(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.display(v)
    }
    fn serialize_f32(self, v: f32) -> Result {
        self.float(v)
    }
    fn serialize_f64(self, v: f64) -> Result {
        self.float(v)
    }
    fn serialize_char(self, v: char) -> Result {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result {
        self.begin_scalar();
        if matches!(v, "." | "#" | "-") {
            // serde-saphyr writes these three single-quoted.
            self.out.push('\'');
            self.out.push_str(v);
            self.out.push('\'');
        } else {
            match value_style(v) {
                Some(true) => self.out.push_str(v),
                Some(false) => push_quoted(self.out, v),
                None => self.scalars.value(v, self.out)?,
            }
        }
        self.newline();
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result {
        self.scalar("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.scalar("null")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.scalar("null")
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        // serde-saphyr's wrappers (flow style, block and quoted strings, `~`) are newtypes
        // named `__yaml_…`; any other newtype is its content.
        if name.starts_with("__yaml_") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<SeqWriter<'w, 'a>> {
        let was_inline_value = !self.at_line_start;
        if self.pending_space && self.last_value_was_block {
            self.pending_space = false;
            if !self.at_line_start {
                self.newline();
            }
            self.last_value_was_block = false;
        }
        // Under a dash, the first inner dash stays on the line (`- - a`).
        let after_dash =
            !self.at_line_start && self.after_dash_depth.is_some() && !self.pending_space;
        let depth = if after_dash {
            self.after_dash_depth
                .unwrap_or(0)
                .checked_add(1)
                .ok_or(Unsupported)?
        } else if was_inline_value {
            // A mapping's value: the dashes at the key's column (one level in at the root).
            self.current_map_depth.unwrap_or(1)
        } else {
            0
        };
        Ok(SeqWriter {
            writer: self,
            depth,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqWriter<'w, 'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapWriter<'w, 'a>> {
        let inline_first = self.pending_inline_map;
        let was_inline_value = self.pending_space;
        let mut forced_newline = false;
        if was_inline_value && self.last_value_was_block {
            self.pending_space = false;
            if !self.at_line_start {
                self.newline();
            }
            forced_newline = true;
            self.last_value_was_block = false;
        }
        if inline_first {
            self.pending_inline_map = false;
        } else if was_inline_value && matches!(len, Some(n) if n > 0) {
            // Known not to be empty: the entries start on the next line.
            self.pending_space = false;
            if !self.at_line_start {
                self.newline();
            }
        }
        let base = if inline_first {
            self.after_dash_depth.unwrap_or(0)
        } else if was_inline_value {
            self.current_map_depth.unwrap_or(0)
        } else {
            0
        };
        let depth = if inline_first || was_inline_value {
            base.checked_add(1).ok_or(Unsupported)?
        } else {
            base
        };
        Ok(MapWriter {
            inline_value_start: was_inline_value
                && len.is_none()
                && !inline_first
                && !forced_newline,
            writer: self,
            depth,
            align_after_dash: inline_first,
            entries: 0,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapWriter<'w, 'a>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}

/// A block sequence being written.
pub struct SeqWriter<'w, 'a> {
    writer: &'w mut Writer<'a>,
    depth: usize,
    first: bool,
}

impl ser::SerializeSeq for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        let w = &mut *self.writer;
        if self.first && w.pending_space {
            // A mapping's value, known now not to be empty.
            w.pending_space = false;
            if !w.at_line_start {
                w.newline();
            }
            w.pending_inline_map = false;
        }
        if !(self.first && (!w.at_line_start || w.pending_inline_map)) {
            w.indent(self.depth)?;
        }
        w.out.push_str("- ");
        w.at_line_start = false;
        w.after_dash_depth = Some(self.depth);
        w.pending_inline_map = true;
        w.last_value_was_block = false;
        value.serialize(&mut *w)?;
        self.first = false;
        Ok(())
    }

    fn end(self) -> Result {
        let w = self.writer;
        if self.first {
            if w.pending_space {
                w.out.push(' ');
                w.pending_space = false;
            } else if w.at_line_start {
                w.indent(self.depth)?;
            }
            w.out.push_str("[]");
            w.newline();
        } else {
            w.last_value_was_block = true;
            w.pending_inline_map = false;
            w.after_dash_depth = None;
        }
        Ok(())
    }
}

impl ser::SerializeTuple for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result {
        ser::SerializeSeq::end(self)
    }
}

/// A block mapping being written.
pub struct MapWriter<'w, 'a> {
    writer: &'w mut Writer<'a>,
    depth: usize,
    /// Opened after `- `: later keys align two columns past the dash.
    align_after_dash: bool,
    /// A mapping's value of unknown length: on the key's line until its first entry.
    inline_value_start: bool,
    entries: usize,
}

impl ser::SerializeMap for MapWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result {
        let w = &mut *self.writer;
        if std::mem::take(&mut self.inline_value_start) {
            w.pending_space = false;
            if !w.at_line_start {
                w.newline();
            }
        } else if !w.at_line_start {
            w.space_if_pending();
        }
        w.after_dash_depth = None;
        w.pending_inline_map = false;
        w.last_value_was_block = false;
        if self.align_after_dash && w.at_line_start {
            w.indent_after_dash(self.depth)?;
        } else {
            w.indent(self.depth)?;
        }
        let start = w.out.len();
        key.serialize(KeyWriter {
            out: &mut *w.out,
            scalars: &mut *w.scalars,
        })?;
        // Longer keys take the explicit `? key` form.
        let text = w.out.get(start..).ok_or(Unsupported)?;
        if text.len() > 1024 && text.chars().count() > 1024 {
            return Err(Unsupported);
        }
        w.out.push(':');
        w.pending_space = true;
        w.at_line_start = false;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result {
        let w = &mut *self.writer;
        let saved_inline_map = w.pending_inline_map;
        let outer = w.current_map_depth.replace(self.depth);
        let written = value.serialize(&mut *w);
        w.current_map_depth = outer;
        w.pending_inline_map = saved_inline_map;
        written?;
        self.entries += 1;
        Ok(())
    }

    fn end(self) -> Result {
        let w = self.writer;
        if self.entries == 0 {
            if w.pending_space {
                w.out.push(' ');
                w.pending_space = false;
            }
            if w.at_line_start {
                if self.align_after_dash {
                    w.indent_after_dash(self.depth)?;
                } else {
                    w.indent(self.depth)?;
                }
            }
            w.out.push_str("{}");
            w.newline();
        } else {
            w.last_value_was_block = true;
        }
        Ok(())
    }
}

impl ser::SerializeStruct for MapWriter<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result {
        ser::SerializeMap::serialize_key(self, key)?;
        ser::SerializeMap::serialize_value(self, value)
    }

    fn end(self) -> Result {
        ser::SerializeMap::end(self)
    }
}

/// Writes a mapping key (a scalar) as serde-saphyr's key writer does.
struct KeyWriter<'o> {
    out: &'o mut String,
    scalars: &'o mut Scalars,
}

impl KeyWriter<'_> {
    fn display(self, value: impl fmt::Display) -> Result {
        write!(self.out, "{value}").map_err(|_| Unsupported)
    }
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Impossible<(), Unsupported>;
    type SerializeTuple = Impossible<(), Unsupported>;
    type SerializeTupleStruct = Impossible<(), Unsupported>;
    type SerializeTupleVariant = Impossible<(), Unsupported>;
    type SerializeMap = Impossible<(), Unsupported>;
    type SerializeStruct = Impossible<(), Unsupported>;
    type SerializeStructVariant = Impossible<(), Unsupported>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.display(v)
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.display(v)
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.display(v)
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.display(v)
    }
    fn serialize_i128(self, v: i128) -> Result {
        self.display(v)
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.display(v)
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.display(v)
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.display(v)
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.display(v)
    }
    fn serialize_u128(self, v: u128) -> Result {
        self.display(v)
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(Unsupported)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(Unsupported)
    }
    fn serialize_char(self, v: char) -> Result {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result {
        match key_style(v) {
            Some(true) => self.out.push_str(v),
            Some(false) => push_quoted(self.out, v),
            None => self.scalars.key(v, self.out)?,
        }
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(Unsupported)
    }
    fn serialize_none(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result {
        if name.starts_with("__yaml_") {
            return Err(Unsupported);
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(Unsupported)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Unsupported)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(Unsupported)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Unsupported)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Unsupported)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Unsupported)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(Unsupported)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Unsupported)
    }
}
