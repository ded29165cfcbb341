//! The printing path `render` replaced, kept for tests as the reference its text is compared
//! with: the whole file through quote, syn and prettyplease (the enum, each method of its
//! impl, the rest), every identifier parsed by syn, then the `spaced` pass; with the doc
//! lines as `docs` made them before it had fast paths (`variant_doc_with` takes them).

use super::{comment_safe, display_and_unknown, print, serde_impls, spaced, variant_doc_with};
use crate::Variant;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier that has already passed `names` validation; parsed, never `Ident::new`d on
/// unchecked text, so even a validation bug is an error and not a panic.
fn ident(name: &str) -> Result<Ident, String> {
    syn::parse_str::<Ident>(name)
        .map(|i| Ident::new(&i.to_string(), Span::call_site()))
        .map_err(|e| format!("`{name}` is not an identifier: {e}"))
}

/// `impl #name { … }` printed one item at a time: each item is printed inside an impl of its
/// own, whose first and last lines are dropped. prettyplease lays out an impl's items one
/// after the other with nothing between them, so the text is the one a single print gives.
fn print_impl(name: &Ident, items: Vec<TokenStream>) -> Result<String, String> {
    let open = format!("impl {name} {{\n");
    let mut out = open.clone();
    for item in items {
        let printed = print(quote! { impl #name { #item } })?;
        let inner = printed
            .strip_prefix(open.as_str())
            .and_then(|rest| rest.strip_suffix("}\n"))
            .ok_or_else(|| format!("prettyplease printed an impl as `{printed}`"))?;
        out.push_str(inner);
    }
    out.push_str("}\n");
    Ok(out)
}

pub(crate) fn render(
    enum_name: &str,
    variants: &[Variant],
    spec_path: &str,
    serde: bool,
    verify: bool,
) -> Result<String, String> {
    let name = ident(enum_name)?;
    let unknown = ident(&format!("Unknown{enum_name}Code"))?;
    let idents = variants
        .iter()
        .map(|v| ident(&v.name))
        .collect::<Result<Vec<_>, _>>()?;
    let codes: Vec<&str> = variants.iter().map(|v| v.code.as_str()).collect();
    let statuses: Vec<TokenStream> = variants
        .iter()
        .map(|v| match v.status {
            Some(status) => {
                let status = proc_macro2::Literal::u16_unsuffixed(status);
                quote! { ::core::option::Option::Some(#status) }
            }
            None => quote! { ::core::option::Option::None },
        })
        .collect();
    let retryable: Vec<bool> = variants.iter().map(|v| v.retryable).collect();
    let descriptions: Vec<&str> = variants.iter().map(|v| v.description.as_str()).collect();
    let resolutions: Vec<TokenStream> = variants
        .iter()
        .map(|v| match &v.resolution {
            Some(r) => quote! { ::core::option::Option::Some(#r) },
            None => quote! { ::core::option::Option::None },
        })
        .collect();
    let docs: Vec<Vec<String>> = variants
        .iter()
        .map(|v| variant_doc_with(v, doc_lines))
        .collect();
    let enum_doc = format!(
        " The error codes of the spec `{}`, one variant per code.",
        comment_safe(spec_path)
    );
    let unknown_doc = format!(" The error of parsing a string that is no code of [`{enum_name}`].");
    let serde_impls = if serde {
        serde_impls(&name)
    } else {
        TokenStream::new()
    };

    // Printed piece by piece (the enum, each method of its impl, the rest), so only one
    // piece's syntax tree is alive at a time: a 20,000-code catalogue's whole file as one
    // `syn::File` took more memory than the rest of the run. The text is the same.
    let enum_tokens = quote! {
        #[doc = #enum_doc]
        #[doc = ""]
        #[doc = " `Display` and `FromStr` use the code string; `ALL` lists every variant."]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #(#[doc = #docs])*
                #idents,
            )*
        }
    };
    let methods = vec![
        quote! {
            #[doc = " Every variant, in catalogue order."]
            pub const ALL: &'static [Self] = &[#(Self::#idents),*];
        },
        quote! {
            #[doc = " The code clients see, as the spec writes it."]
            pub const fn code(&self) -> &'static str {
                match self {
                    #(Self::#idents => #codes,)*
                }
            }
        },
        quote! {
            #[doc = " The HTTP status the API answers with; `None` for a code the spec gives no"]
            #[doc = " status (a batch job's or an agent's error, not an HTTP response)."]
            pub const fn http_status(&self) -> ::core::option::Option<u16> {
                match self {
                    #(Self::#idents => #statuses,)*
                }
            }
        },
        quote! {
            #[doc = " Whether a client may retry: the spec's Retry-able column, else true for 408,"]
            #[doc = " 425, 429 and every 5xx except 501 and 505 (false without a status)."]
            pub const fn retryable(&self) -> bool {
                match self {
                    #(Self::#idents => #retryable,)*
                }
            }
        },
        quote! {
            #[doc = " The description from the spec (empty when it gives none)."]
            pub const fn description(&self) -> &'static str {
                match self {
                    #(Self::#idents => #descriptions,)*
                }
            }
        },
        quote! {
            #[doc = " How to resolve the error, when the spec says."]
            pub const fn resolution(&self) -> ::core::option::Option<&'static str> {
                match self {
                    #(Self::#idents => #resolutions,)*
                }
            }
        },
    ];
    let display_and_unknown = display_and_unknown(&name, &unknown, &unknown_doc);
    let rest = quote! {
        #display_and_unknown

        impl ::core::str::FromStr for #name {
            type Err = #unknown;

            fn from_str(code: &str) -> ::core::result::Result<Self, Self::Err> {
                match code {
                    #(#codes => ::core::result::Result::Ok(Self::#idents),)*
                    _ => ::core::result::Result::Err(#unknown {
                        code: ::std::borrow::ToOwned::to_owned(code),
                    }),
                }
            }
        }

        #serde_impls
    };
    let mut printed = print(enum_tokens)?;
    printed.push_str(&print_impl(&name, methods)?);
    printed.push_str(&print(rest)?);
    let header = specforge_model::naming::generated_header("//", spec_path);
    let mut contents = String::with_capacity(header.len() + printed.len() + printed.len() / 16);
    contents.push_str(&header);
    contents.push_str("\n\n");
    spaced(&printed, &mut contents);
    contents.truncate(contents.trim_end().len());
    contents.push('\n');
    if verify {
        // `--verify`: what is written is Rust that parses back.
        syn::parse_file(&contents).map_err(|e| e.to_string())?;
    }
    Ok(contents)
}

fn doc_lines(text: &str) -> Vec<String> {
    split_lines(text)
        .into_iter()
        .map(|line| format!(" {}", escape(line)))
        .collect()
}

fn split_lines(text: &str) -> Vec<&str> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}') {
            lines.push(&text[start..i]);
            start = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                start += 1;
            }
        }
    }
    lines.push(&text[start..]);
    lines
}

fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}
