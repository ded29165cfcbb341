//! The enum as tokens (quote), then a file (syn + prettyplease): one parse, one print; the
//! printed file is parsed again only under `verify`.

use crate::Variant;
use crate::docs::{doc_lines, split_lines};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier that has already passed `names` validation; parsed, never `Ident::new`d on
/// unchecked text, so even a validation bug is an error and not a panic.
fn ident(name: &str) -> Result<Ident, String> {
    syn::parse_str::<Ident>(name)
        .map(|i| Ident::new(&i.to_string(), Span::call_site()))
        .map_err(|e| format!("`{name}` is not an identifier: {e}"))
}

/// The `#[doc]` attributes of one variant: description lines, then `Resolution:` lines.
pub(crate) fn variant_doc(variant: &Variant) -> Vec<String> {
    let mut lines = if variant.description.is_empty() {
        vec![format!(" `{}`", variant.code)]
    } else {
        doc_lines(&variant.description)
    };
    if let Some(resolution) = &variant.resolution {
        lines.push(String::new());
        let mut resolution_lines = doc_lines(resolution);
        if let Some(first) = resolution_lines.first_mut() {
            *first = format!(" Resolution:{first}");
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
    let docs: Vec<Vec<String>> = variants.iter().map(variant_doc).collect();
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
    let rest = quote! {
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
