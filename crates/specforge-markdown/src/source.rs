//! From file bytes to the normalized text every span points into.

use specforge_model::{Code, Diagnostic, Span};

/// The default cap on a spec's size (16 MiB); `--max-input-bytes` changes it.
pub const DEFAULT_MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why the bytes could not become spec text.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The diagnostic, with a span into `display_text`.
    pub diagnostic: Diagnostic,
    /// A lossy rendering of the input to show the diagnostic against.
    pub display_text: String,
}

/// Decodes a spec file: size cap, UTF-8 (the byte offset of the first invalid byte is named),
/// no NUL bytes, BOM stripped, CRLF and lone CR folded to LF. Line numbers are unchanged by the
/// folding, so positions rendered from the text match the original file.
pub fn decode(bytes: &[u8], max_bytes: usize) -> Result<String, Box<DecodeError>> {
    if bytes.len() > max_bytes {
        return Err(Box::new(DecodeError {
            diagnostic: Diagnostic::new(
                Code::InputTooLarge,
                Span::new(0, 0),
                format!(
                    "the spec is {} bytes, over the limit of {} bytes",
                    bytes.len(),
                    max_bytes
                ),
            )
            .with_help("split the spec, or raise the limit with --max-input-bytes"),
            display_text: String::new(),
        }));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.valid_up_to();
            return Err(Box::new(DecodeError {
                diagnostic: Diagnostic::new(
                    Code::InvalidUtf8,
                    Span::new(offset, offset + 1),
                    format!("invalid UTF-8 at byte offset {offset}"),
                )
                .with_help("save the file as UTF-8"),
                display_text: String::from_utf8_lossy(&bytes[..offset]).into_owned(),
            }));
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(Box::new(DecodeError {
            diagnostic: Diagnostic::new(
                Code::NulByte,
                Span::new(offset, offset + 1),
                format!("NUL byte at byte offset {offset}"),
            )
            .with_help("remove the NUL byte; a spec is plain text"),
            display_text: text.replace('\0', " "),
        }));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(normalize_line_endings(text))
}

fn normalize_line_endings(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_stripped_and_crlf_folded() {
        assert_eq!(
            decode(b"\xef\xbb\xbf# T\r\nx\ry\n", 100).unwrap(),
            "# T\nx\ny\n"
        );
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let error = decode(b"# ok\n\xff\xfe", 100).unwrap_err();
        assert_eq!(error.diagnostic.code, Code::InvalidUtf8);
        assert_eq!(error.diagnostic.message, "invalid UTF-8 at byte offset 5");
        assert_eq!(error.display_text, "# ok\n");
    }

    #[test]
    fn nul_and_size_are_refused() {
        assert_eq!(
            decode(b"a\0b", 100).unwrap_err().diagnostic.code,
            Code::NulByte
        );
        assert_eq!(
            decode(b"abcdef", 5).unwrap_err().diagnostic.code,
            Code::InputTooLarge
        );
    }
}
