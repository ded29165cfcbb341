//! The repetitive parts of `errors.rs` (each variant with its doc lines, the `ALL` array, the
//! match arms) written as text, laid out exactly as prettyplease lays them out.
//!
//! prettyplease is Oppen's pretty printer: a group goes on one line when its width, counted in
//! bytes up to the next break after it, fits the space left on the line (`MARGIN` minus the
//! indentation, at least `MIN_SPACE`), and is broken otherwise; a consistent group breaks at
//! every break or at none. The shapes here are few and small, so their two layouts are written
//! out below, each with the rule prettyplease applies to choose between them. Every line is
//! separated from the next by a hard break, so one arm's or one variant's layout never depends
//! on its neighbours: printing one at a time gives the text a whole print gives.
//!
//! Nothing here invents text: the caller passes string literals as
//! `proc_macro2::Literal::string` prints them, doc lines as [`crate::docs`] made them, and
//! identifiers that `names::check_type_name` accepted. `render`'s tests compare this text with
//! the full prettyplease print over generated catalogues and at every width where a layout
//! changes.

/// prettyplease's target line width (its `MARGIN`).
const MARGIN: usize = 89;
/// The least space prettyplease gives a line, however deep its indentation (`MIN_SPACE`).
const MIN_SPACE: usize = 60;
/// prettyplease's indentation step.
const INDENT: usize = 4;

/// The space prettyplease gives a line that starts at `indent`.
fn space(indent: usize) -> usize {
    MARGIN.saturating_sub(indent).max(MIN_SPACE)
}

/// Text made of a few pieces, measured and written without joining them first.
#[derive(Clone, Copy)]
pub(crate) struct Text<'a>(pub &'a [&'a str]);

impl Text<'_> {
    fn len(self) -> usize {
        self.0.iter().map(|piece| piece.len()).sum()
    }

    fn push_to(self, out: &mut String) {
        for piece in self.0 {
            out.push_str(piece);
        }
    }
}

/// The body of a match arm.
#[derive(Clone, Copy)]
pub(crate) enum Body<'a> {
    /// A literal or a path: words prettyplease never breaks.
    Word(Text<'a>),
    /// `function(argument)` with one argument that is a literal or a path.
    Call(&'static str, Text<'a>),
}

impl Body<'_> {
    /// The width of the body on one line.
    fn flat_len(self) -> usize {
        match self {
            Body::Word(word) => word.len(),
            Body::Call(function, argument) => function.len() + 1 + argument.len() + 1,
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// One match arm `pattern => body,` at `indent`, a line of its own.
///
/// prettyplease prints an arm as `ibox(pattern " => " cbox(break{ body break}))`: on one line
/// (with a `,`) when `pattern => body` fits the line's space, else as a block, `{` then the
/// body on a line of its own one step deeper, then `}` (no comma). A call in that block stays
/// on its line when `function(argument)` fits there, else its argument goes on a line of its
/// own with a trailing comma, one step deeper again. The block's width, the arm's without
/// the pattern, fits exactly when the arm's does, so there is no third layout.
pub(crate) fn arm(out: &mut String, indent: usize, pattern: Text<'_>, body: Body<'_>) {
    push_indent(out, indent);
    pattern.push_to(out);
    out.push_str(" => ");
    if pattern.len() + " => ".len() + body.flat_len() <= space(indent) {
        push_body_flat(out, body);
        out.push_str(",\n");
        return;
    }
    out.push_str("{\n");
    let inner = indent + INDENT;
    push_indent(out, inner);
    match body {
        // The arguments' group starts after `function(` and reaches the `)`.
        Body::Call(function, argument)
            if argument.len() + ")".len()
                > space(inner).saturating_sub(function.len() + "(".len()) =>
        {
            out.push_str(function);
            out.push_str("(\n");
            push_indent(out, inner + INDENT);
            argument.push_to(out);
            out.push_str(",\n");
            push_indent(out, inner);
            out.push(')');
        }
        _ => push_body_flat(out, body),
    }
    out.push('\n');
    push_indent(out, indent);
    out.push_str("}\n");
}

fn push_body_flat(out: &mut String, body: Body<'_>) {
    match body {
        Body::Word(word) => word.push_to(out),
        Body::Call(function, argument) => {
            out.push_str(function);
            out.push('(');
            argument.push_to(out);
            out.push(')');
        }
    }
}

/// One unit variant at `indent`: its `#[doc]` attributes as `///` lines, then `Name,`.
///
/// prettyplease writes a doc attribute as `///` followed by its text without trailing spaces
/// when the text holds no line break and does not start with `/`; [`crate::docs`] never makes
/// another kind, and one that did would be an error here, not a different file.
pub(crate) fn variant(
    out: &mut String,
    indent: usize,
    docs: &[String],
    name: &str,
) -> Result<(), String> {
    for doc in docs {
        if doc.contains('\n') || doc.starts_with('/') {
            return Err(format!("the doc line {doc:?} is not a `///` line"));
        }
        push_indent(out, indent);
        out.push_str("///");
        out.push_str(doc.trim_end_matches(' '));
        out.push('\n');
    }
    push_indent(out, indent);
    out.push_str(name);
    out.push_str(",\n");
    Ok(())
}

/// The `ALL` constant: `prefix` is its first line up to and including `&[`, as prettyplease
/// printed it at `indent`; `names` are the variants.
///
/// The array is a consistent group from after `[` to the `;`: on one line
/// (`Self::A, Self::B`) when that fits the rest of the line, else one `Self::Name,` per line,
/// one step deeper, and `];` back at `indent`.
pub(crate) fn all<'a>(
    out: &mut String,
    prefix: &str,
    indent: usize,
    names: impl Iterator<Item = &'a str> + Clone,
) {
    let (count, names_len) = names
        .clone()
        .fold((0, 0), |(count, len), name| (count + 1, len + name.len()));
    let flat = names_len + count * "Self::".len() + count.saturating_sub(1) * ", ".len();
    let used = prefix.len() - indent;
    out.push_str(prefix);
    if flat + "];".len() <= space(indent).saturating_sub(used) {
        for (i, name) in names.enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("Self::");
            out.push_str(name);
        }
        out.push_str("];\n");
    } else {
        out.push('\n');
        for name in names {
            push_indent(out, indent + INDENT);
            out.push_str("Self::");
            out.push_str(name);
            out.push_str(",\n");
        }
        push_indent(out, indent);
        out.push_str("];\n");
    }
}
