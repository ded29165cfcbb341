//! Example numbers, held exactly or refused.
//!
//! Policy: an integer that fits `i64` or `u64` is exact. A decimal is accepted when the
//! nearest `f64`, printed in its shortest form, has the same decimal value as the text
//! (`149.90` and `149.9` are the same value). Anything else (`1e400`, 35 significant
//! digits, integers beyond `u64`, `NaN`, `Infinity`) is refused: it would be rounded
//! silently otherwise. No `as` casts: every conversion is checked.

/// A number that can be held exactly.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Exact {
    /// An integer; `wide` when it does not fit `i32`.
    Integer {
        /// The value.
        value: serde_json::Number,
        /// Beyond the `i32` range (format `int64`).
        wide: bool,
    },
    /// A decimal whose `f64` is its exact shortest form.
    Decimal(serde_json::Number),
}

/// Why a number cannot be held exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotExact {
    /// `NaN`, `Infinity`, or a decimal beyond the `f64` range.
    NotFinite,
    /// An integer beyond 64 bits.
    IntegerTooLarge,
    /// A decimal an `f64` would round.
    Rounded,
}

impl NotExact {
    /// Lowercase explanation for a message.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            NotExact::NotFinite => "is not a finite number a 64-bit float can hold",
            NotExact::IntegerTooLarge => "is an integer beyond 64 bits",
            NotExact::Rounded => "would be rounded by a 64-bit float",
        }
    }
}

/// Classifies a number token as written.
pub(crate) fn exact(text: &str) -> Result<Exact, NotExact> {
    let is_decimal = text.contains(['.', 'e', 'E']);
    let is_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if !is_numeric {
        return Err(NotExact::NotFinite);
    }
    if !is_decimal {
        if let Ok(value) = text.parse::<i64>() {
            let wide = i32::try_from(value).is_err();
            return Ok(Exact::Integer {
                value: value.into(),
                wide,
            });
        }
        if let Ok(value) = text.parse::<u64>() {
            return Ok(Exact::Integer {
                value: value.into(),
                wide: true,
            });
        }
        return Err(NotExact::IntegerTooLarge);
    }
    let float: f64 = text.parse().map_err(|_| NotExact::NotFinite)?;
    if !float.is_finite() {
        return Err(NotExact::NotFinite);
    }
    let shortest = format!("{float:e}");
    match (normalize(text), normalize(&shortest)) {
        (Some(written), Some(held)) if written == held => serde_json::Number::from_f64(float)
            .map(Exact::Decimal)
            .ok_or(NotExact::NotFinite),
        _ => Err(NotExact::Rounded),
    }
}

/// A decimal's value as (negative, significant digits, power of ten), so that equal values
/// compare equal: `149.90` → (false, "1499", -1). `None` for an exponent beyond `i64`.
fn normalize(text: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (
            unsigned.get(..at)?,
            unsigned.get(at + 1..)?.parse::<i64>().ok()?,
        ),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let frac_len = i64::try_from(frac_part.len()).ok()?;
    let mut power = exponent.checked_sub(frac_len)?;
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    let significant = digits.trim_end_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    let trailing = i64::try_from(digits.len() - significant.len()).ok()?;
    power = power.checked_add(trailing)?;
    Some((negative, significant.to_string(), power))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_equal_values_alike() {
        assert_eq!(normalize("149.90"), normalize("1.499e2"));
        assert_eq!(normalize("0.0"), normalize("-0"));
        assert_eq!(normalize("100"), Some((false, "1".into(), 2)));
        assert_eq!(normalize("1e99999999999999999999"), None);
    }

    #[test]
    fn integers_fit_64_bits_or_are_refused() {
        assert_eq!(
            exact("42"),
            Ok(Exact::Integer {
                value: 42.into(),
                wide: false
            })
        );
        assert_eq!(
            exact("9007199254740993"),
            Ok(Exact::Integer {
                value: 9_007_199_254_740_993_i64.into(),
                wide: true
            })
        );
        assert!(matches!(
            exact("18446744073709551615"),
            Ok(Exact::Integer { wide: true, .. })
        ));
        assert_eq!(
            exact("18446744073709551616"),
            Err(NotExact::IntegerTooLarge)
        );
        assert_eq!(
            exact("-9223372036854775809"),
            Err(NotExact::IntegerTooLarge)
        );
    }

    #[test]
    fn decimals_are_exact_or_refused() {
        assert!(matches!(exact("149.90"), Ok(Exact::Decimal(_))));
        assert!(matches!(exact("0.1"), Ok(Exact::Decimal(_))));
        assert!(matches!(exact("1e300"), Ok(Exact::Decimal(_))));
        assert!(matches!(exact("-2.5E-3"), Ok(Exact::Decimal(_))));
        assert_eq!(exact("1e400"), Err(NotExact::NotFinite));
        assert_eq!(exact("1e-400"), Err(NotExact::Rounded));
        assert_eq!(
            exact("0.1000000000000000055511151231257827"),
            Err(NotExact::Rounded)
        );
        assert_eq!(exact("NaN"), Err(NotExact::NotFinite));
        assert_eq!(exact("-Infinity"), Err(NotExact::NotFinite));
        assert_eq!(exact("inf"), Err(NotExact::NotFinite));
    }
}
