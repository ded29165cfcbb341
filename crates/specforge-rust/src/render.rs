//! The file as a scaffold printed by prettyplease, with the repetitive parts written as text.
//!
//! quote builds the whole file with one marker in place of each repeated part (the variants,
//! the `ALL` array, each `match`'s arms); syn parses that small file once and prettyplease
//! prints it once; `spaced` adds the blank lines between items. Then each marker line is
//! replaced by [`crate::layout`]'s text for every variant, which is what prettyplease prints
//! for them (the markers sit where hard breaks separate them from everything else, so the
//! scaffold's layout is the one the whole file gets). The printed file is parsed again only
//! under `verify`.

use crate::Variant;
use crate::docs::{doc_lines, split_lines};
use crate::layout::{self, Body, Text};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// An identifier that has already passed `names` validation, checked again, so that even a
/// validation bug is an error and not a panic in `Ident::new`: `check_type_name` accepts only
/// an ASCII capital followed by ASCII letters and digits, other than `Self`, which is always
/// an identifier and never a keyword.
fn checked(name: &str) -> Result<&str, String> {
    crate::names::check_type_name(name)
        .map(|()| name)
        .map_err(|reason| format!("`{name}` is not an identifier: {reason}"))
}

fn ident(name: &str) -> Result<Ident, String> {
    checked(name).map(|name| Ident::new(name, Span::call_site()))
}

/// The `#[doc]` attributes of one variant: description lines, then `Resolution:` lines.
fn variant_doc(variant: &Variant) -> Vec<String> {
    variant_doc_with(variant, doc_lines)
}

/// [`variant_doc`] with each text made into doc lines by `doc_lines` (the tests' reference
/// passes the doc lines as they were made before [`crate::docs`] had its fast paths).
fn variant_doc_with(variant: &Variant, doc_lines: fn(&str) -> Vec<String>) -> Vec<String> {
    let mut lines = if variant.description.is_empty() {
        vec![format!(" `{}`", variant.code)]
    } else {
        doc_lines(&variant.description)
    };
    if let Some(resolution) = &variant.resolution {
        lines.push(String::new());
        let mut resolution_lines = doc_lines(resolution);
        if let Some(first) = resolution_lines.first_mut() {
            first.insert_str(0, " Resolution:");
        }
        lines.extend(resolution_lines);
    }
    lines
}

/// Text that goes into a `//` comment: one line, no control characters.
fn comment_safe(text: &str) -> String {
    split_lines(text)
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// prettyplease prints items and methods back to back; a blank line after each item's or
/// method's closing brace (and after the `ALL` constant) makes the file read like rustfmt's.
fn spaced(code: &str, out: &mut String) {
    let lines: Vec<&str> = code.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        out.push('\n');
        let ends_item = matches!(*line, "}" | "    }" | "    ];")
            || (line.starts_with("    pub const ALL") && line.ends_with(';'))
            || (!line.starts_with(' ') && line.ends_with("{}"));
        let next = lines.get(i + 1).copied().unwrap_or("");
        if ends_item && !next.is_empty() && !matches!(next, "}" | "    }") {
            out.push('\n');
        }
    }
}

/// One parse of quote's tokens into a `syn::File`, one print.
fn print(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

/// `Display` as the code, `std::error::Error`, and the error of parsing a string that is no
/// code (`Unknown…Code`, with its own `Display` and `Error`): the same for every catalogue.
fn display_and_unknown(name: &Ident, unknown: &Ident, unknown_doc: &str) -> TokenStream {
    quote! {
        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::error::Error for #name {}

        #[doc = #unknown_doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct #unknown {
            code: ::std::string::String,
        }

        impl #unknown {
            #[doc = " The string that is not a known code."]
            pub fn code(&self) -> &str {
                &self.code
            }
        }

        impl ::core::fmt::Display for #unknown {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_fmt(::core::format_args!("unknown error code `{}`", self.code))
            }
        }

        impl ::std::error::Error for #unknown {}
    }
}

/// `Serialize` and `Deserialize` as the code string, written only with `--error-serde`, and
/// then unconditionally: the file never carries a `cfg` the user's crate may not declare.
fn serde_impls(name: &Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let code = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                code.parse().map_err(::serde::de::Error::custom)
            }
        }
    }
}

/// The marker each repeated part has in the scaffold, as its printed line without the
/// indentation. A marker line is found by comparing whole lines: the scaffold holds spec text
/// only in doc lines (`///…`), and its markers are identifiers no name can be (`names` refuses
/// `_`), so no other line can equal one.
const MARKERS: [(Part, &str); 8] = [
    (Part::Variants, "__specforge_variants,"),
    (
        Part::All,
        "pub const ALL: &'static [Self] = &[Self::__specforge_all];",
    ),
    (Part::Arms(Arms::Code), "__specforge_code => 0,"),
    (
        Part::Arms(Arms::HttpStatus),
        "__specforge_http_status => 0,",
    ),
    (Part::Arms(Arms::Retryable), "__specforge_retryable => 0,"),
    (
        Part::Arms(Arms::Description),
        "__specforge_description => 0,",
    ),
    (Part::Arms(Arms::Resolution), "__specforge_resolution => 0,"),
    (Part::Arms(Arms::FromStr), "__specforge_from_str => 0,"),
];

/// A repeated part of the file.
#[derive(Debug, Clone, Copy)]
enum Part {
    /// The enum's variants, each with its doc lines.
    Variants,
    /// The `ALL` constant.
    All,
    /// The arms of one `match`, one per variant.
    Arms(Arms),
}

/// The `match` whose arms are written.
#[derive(Debug, Clone, Copy)]
enum Arms {
    Code,
    HttpStatus,
    Retryable,
    Description,
    Resolution,
    FromStr,
}

/// What one variant contributes, its spec text already made into string literals.
struct Row<'a> {
    name: &'a str,
    /// The code as a string literal.
    code: String,
    /// The status as an integer literal.
    status: Option<String>,
    retryable: bool,
    /// The description as a string literal.
    description: String,
    /// The resolution as a string literal.
    resolution: Option<String>,
    docs: Vec<String>,
}

/// The string literal `proc_macro2::Literal::string(text)` prints. `char::escape_debug` leaves
/// printable ASCII other than `"`, `\` and `'` as it is, and `Literal::string` writes `'`
/// unescaped, so text made only of those characters is quoted as it stands (the common case,
/// and much cheaper); any other text goes through `Literal::string` itself.
fn string_literal(text: &str) -> String {
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        let mut literal = String::with_capacity(text.len() + 2);
        literal.push('"');
        literal.push_str(text);
        literal.push('"');
        literal
    } else {
        Literal::string(text).to_string()
    }
}

impl<'a> Row<'a> {
    fn new(variant: &'a Variant) -> Result<Self, String> {
        Ok(Row {
            name: checked(&variant.name)?,
            code: string_literal(&variant.code),
            status: variant
                .status
                .map(|status| Literal::u16_unsuffixed(status).to_string()),
            retryable: variant.retryable,
            description: string_literal(&variant.description),
            resolution: variant.resolution.as_deref().map(string_literal),
            docs: variant_doc(variant),
        })
    }
}

const SOME: &str = "::core::option::Option::Some";
const NONE: &str = "::core::option::Option::None";
const OK: &str = "::core::result::Result::Ok";

/// Writes one repeated part, for every row, where its marker `line` was printed at `indent`.
fn write_part(
    out: &mut String,
    part: Part,
    line: &str,
    indent: usize,
    rows: &[Row<'_>],
) -> Result<(), String> {
    match part {
        Part::Variants => {
            for row in rows {
                layout::variant(out, indent, &row.docs, row.name)?;
            }
        }
        Part::All => {
            let prefix = line
                .strip_suffix("Self::__specforge_all];")
                .ok_or("the marker of ALL has no array")?;
            layout::all(out, prefix, indent, rows.iter().map(|row| row.name));
        }
        Part::Arms(arms) => {
            for row in rows {
                write_arm(out, arms, indent, row);
            }
        }
    }
    Ok(())
}

/// The arm for `row` in the `match` of `arms`.
fn write_arm(out: &mut String, arms: Arms, indent: usize, row: &Row<'_>) {
    let this = ["Self::", row.name];
    let this = Text(&this);
    let none = Body::Word(Text(&[NONE]));
    match arms {
        Arms::Code => layout::arm(out, indent, this, Body::Word(Text(&[&row.code]))),
        Arms::HttpStatus => match row.status.as_deref() {
            Some(status) => layout::arm(out, indent, this, Body::Call(SOME, Text(&[status]))),
            None => layout::arm(out, indent, this, none),
        },
        Arms::Retryable => {
            let value = if row.retryable { "true" } else { "false" };
            layout::arm(out, indent, this, Body::Word(Text(&[value])));
        }
        Arms::Description => {
            layout::arm(out, indent, this, Body::Word(Text(&[&row.description])));
        }
        Arms::Resolution => match row.resolution.as_deref() {
            Some(resolution) => {
                layout::arm(out, indent, this, Body::Call(SOME, Text(&[resolution])));
            }
            None => layout::arm(out, indent, this, none),
        },
        Arms::FromStr => layout::arm(out, indent, Text(&[&row.code]), Body::Call(OK, this)),
    }
}

/// The file with one marker in place of each repeated part.
fn scaffold(
    name: &Ident,
    unknown: &Ident,
    enum_doc: &str,
    unknown_doc: &str,
    serde: bool,
) -> TokenStream {
    let serde_impls = if serde {
        serde_impls(name)
    } else {
        TokenStream::new()
    };
    let display_and_unknown = display_and_unknown(name, unknown, unknown_doc);
    quote! {
        #[doc = #enum_doc]
        #[doc = ""]
        #[doc = " `Display` and `FromStr` use the code string; `ALL` lists every variant."]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            __specforge_variants,
        }

        impl #name {
            #[doc = " Every variant, in catalogue order."]
            pub const ALL: &'static [Self] = &[Self::__specforge_all];

            #[doc = " The code clients see, as the spec writes it."]
            pub const fn code(&self) -> &'static str {
                match self {
                    __specforge_code => 0,
                }
            }

            #[doc = " The HTTP status the API answers with; `None` for a code the spec gives no"]
            #[doc = " status (a batch job's or an agent's error, not an HTTP response)."]
            pub const fn http_status(&self) -> ::core::option::Option<u16> {
                match self {
                    __specforge_http_status => 0,
                }
            }

            #[doc = " Whether a client may retry: the spec's Retry-able column, else true for 408,"]
            #[doc = " 425, 429 and every 5xx except 501 and 505 (false without a status)."]
            pub const fn retryable(&self) -> bool {
                match self {
                    __specforge_retryable => 0,
                }
            }

            #[doc = " The description from the spec (empty when it gives none)."]
            pub const fn description(&self) -> &'static str {
                match self {
                    __specforge_description => 0,
                }
            }

            #[doc = " How to resolve the error, when the spec says."]
            pub const fn resolution(&self) -> ::core::option::Option<&'static str> {
                match self {
                    __specforge_resolution => 0,
                }
            }
        }

        #display_and_unknown

        impl ::core::str::FromStr for #name {
            type Err = #unknown;

            fn from_str(code: &str) -> ::core::result::Result<Self, Self::Err> {
                match code {
                    __specforge_from_str => 0,
                    _ => ::core::result::Result::Err(#unknown {
                        code: ::std::borrow::ToOwned::to_owned(code),
                    }),
                }
            }
        }

        #serde_impls
    }
}

pub(crate) fn render(
    enum_name: &str,
    variants: &[Variant],
    spec_path: &str,
    serde: bool,
    verify: bool,
) -> Result<String, String> {
    if variants.is_empty() {
        return Err("an error enum needs at least one variant".to_owned());
    }
    let name = ident(enum_name)?;
    let unknown = ident(&format!("Unknown{enum_name}Code"))?;
    let rows = variants
        .iter()
        .map(Row::new)
        .collect::<Result<Vec<_>, _>>()?;
    let enum_doc = format!(
        " The error codes of the spec `{}`, one variant per code.",
        comment_safe(spec_path)
    );
    let unknown_doc = format!(" The error of parsing a string that is no code of [`{enum_name}`].");
    let printed = print(scaffold(&name, &unknown, &enum_doc, &unknown_doc, serde))?;
    let mut scaffold = String::with_capacity(printed.len() + printed.len() / 8);
    spaced(&printed, &mut scaffold);

    let header = specforge_model::naming::generated_header("//", spec_path);
    // About what each row writes (its doc lines, its name in every part, its literals, the
    // arms' fixed text), so that the file is seldom copied as it grows.
    let per_row: usize = rows
        .iter()
        .map(|row| {
            10 * row.name.len()
                + 2 * row.code.len()
                + row.description.len()
                + row.resolution.as_ref().map_or(0, String::len)
                + row.docs.iter().map(String::len).sum::<usize>()
                + 400
        })
        .sum();
    let mut contents = String::with_capacity(header.len() + scaffold.len() + per_row);
    contents.push_str(&header);
    contents.push_str("\n\n");
    let mut seen = [false; MARKERS.len()];
    for line in scaffold.split_inclusive('\n') {
        let text = line.strip_suffix('\n').unwrap_or(line);
        let unindented = text.trim_start_matches(' ');
        match MARKERS.iter().position(|(_, marker)| *marker == unindented) {
            Some(i) if !seen[i] => {
                seen[i] = true;
                let indent = text.len() - unindented.len();
                write_part(&mut contents, MARKERS[i].0, text, indent, &rows)?;
            }
            Some(i) => {
                return Err(format!(
                    "the marker of {:?} was printed twice",
                    MARKERS[i].0
                ));
            }
            None => contents.push_str(line),
        }
    }
    if let Some(i) = seen.iter().position(|seen| !seen) {
        return Err(format!("the marker of {:?} was not printed", MARKERS[i].0));
    }
    contents.truncate(contents.trim_end().len());
    contents.push('\n');
    if verify {
        // `--verify`: what is written is Rust that parses back.
        syn::parse_file(&contents).map_err(|e| e.to_string())?;
    }
    Ok(contents)
}

#[cfg(test)]
mod reference;
#[cfg(test)]
mod tests;
