//! Exact decimal numbers for thresholds.
//!
//! A threshold written in a spec (`1%`, `500ms`, `0.95`, `10,000`) is kept as an integer
//! mantissa and a power-of-ten scale, so `1%` becomes exactly `0.01` and `500ms` exactly
//! `0.5`. No floating point is involved anywhere: conversions are shifts of the scale or
//! multiplications by small integers, all checked for overflow.

use std::cmp::Ordering;
use std::fmt;

/// The most significant digits a threshold may carry: PromQL stores numbers as `f64`,
/// which holds 15 significant decimal digits exactly.
pub const MAX_DIGITS: u32 = 15;

/// A decimal number `mantissa / 10^scale`.
#[derive(Debug, Clone, Copy)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// An integer.
    pub fn from_int(value: i64) -> Decimal {
        Decimal {
            mantissa: i128::from(value),
            scale: 0,
        }
    }

    /// Parses `123`, `0.5`, `1,000`, `10,000.25` (thousands separated by commas only in
    /// groups of three). Returns `None` for anything else, including signs and exponents.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        if int_part.is_empty() {
            return None;
        }
        let groups: Vec<&str> = int_part.split(',').collect();
        if groups.len() > 1 {
            let first_ok = (1..=3).contains(&groups[0].len());
            let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
            if !first_ok || !rest_ok {
                return None;
            }
        }
        let digits: String = groups.concat();
        let frac = frac_part.unwrap_or("");
        if frac_part.is_some() && frac.is_empty() {
            return None;
        }
        if !digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let all = format!("{digits}{frac}");
        let significant = all.trim_start_matches('0');
        if significant.trim_end_matches('0').len() > MAX_DIGITS as usize {
            return None;
        }
        let scale = u32::try_from(frac.len()).ok()?;
        if scale > 30 {
            return None;
        }
        let mantissa = if significant.is_empty() {
            0
        } else {
            significant.parse::<i128>().ok()?
        };
        Some(Decimal { mantissa, scale }.normalized())
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        if self.mantissa == 0 {
            self.scale = 0;
        }
        self
    }

    /// Divides by `10^places` exactly (`1` shifted by 2 is `0.01`).
    pub fn shift_down(self, places: u32) -> Option<Decimal> {
        let scale = self.scale.checked_add(places)?;
        (scale <= 36)
            .then_some(Decimal {
                mantissa: self.mantissa,
                scale,
            })
            .map(Decimal::normalized)
    }

    /// Multiplies by an integer.
    pub fn mul_int(self, factor: i64) -> Option<Decimal> {
        Some(
            Decimal {
                mantissa: self.mantissa.checked_mul(i128::from(factor))?,
                scale: self.scale,
            }
            .normalized(),
        )
    }

    /// Adds an integer.
    pub fn add_int(self, value: i64) -> Option<Decimal> {
        let shifted = i128::from(value).checked_mul(10i128.checked_pow(self.scale)?)?;
        Some(
            Decimal {
                mantissa: self.mantissa.checked_add(shifted)?,
                scale: self.scale,
            }
            .normalized(),
        )
    }

    /// The mantissa and scale: the value is `mantissa / 10^scale`.
    pub fn parts(self) -> (i128, u32) {
        (self.mantissa, self.scale)
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// True when the value is a whole number.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The value as an integer, when it is one and fits.
    pub fn to_int(self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// The smallest integer not below the value, when it fits.
    pub fn ceil_int(self) -> Option<i64> {
        let unit = 10i128.checked_pow(self.scale)?;
        let q = self.mantissa.div_euclid(unit);
        let r = self.mantissa.rem_euclid(unit);
        i64::try_from(if r == 0 { q } else { q + 1 }).ok()
    }

    /// `ceil(self / divisor)` as an integer, for a positive divisor.
    pub fn ceil_div(self, divisor: i64) -> Option<i64> {
        if divisor <= 0 {
            return None;
        }
        let denominator = i128::from(divisor).checked_mul(10i128.checked_pow(self.scale)?)?;
        let q = self.mantissa.div_euclid(denominator);
        let r = self.mantissa.rem_euclid(denominator);
        i64::try_from(if r == 0 { q } else { q + 1 }).ok()
    }

    fn common(self, other: Decimal) -> Option<(i128, i128)> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some((a, b))
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match self.common(*other) {
            Some((a, b)) => a.cmp(&b),
            // Values are normalized and bounded to 15 significant digits, so a failed
            // alignment only happens for wildly different magnitudes: compare the integer
            // parts, which differ.
            None => (self.mantissa / 10i128.pow(self.scale.min(36)))
                .cmp(&(other.mantissa / 10i128.pow(other.scale.min(36)))),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let negative = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let sign = if negative { "-" } else { "" };
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = if digits.len() <= scale {
            format!("{}{}", "0".repeat(scale - digits.len() + 1), digits)
        } else {
            digits
        };
        let (int_part, frac_part) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int_part}.{frac_part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn parses_and_prints_exactly() {
        assert_eq!(d("1").to_string(), "1");
        assert_eq!(d("0.5").to_string(), "0.5");
        assert_eq!(d("10,000").to_string(), "10000");
        assert_eq!(d("1.50").to_string(), "1.5");
        assert_eq!(d("007").to_string(), "7");
        assert_eq!(d("0.000").to_string(), "0");
        for bad in [
            "", ".5", "1.", "1,00", "1,0000", "-1", "1e3", "0x1F", "1.2.3", "１",
        ] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
        assert!(Decimal::parse("1234567890123456").is_none());
        assert!(Decimal::parse("123456789012345").is_some());
    }

    #[test]
    fn conversions_have_no_float_noise() {
        assert_eq!(
            d("1").shift_down(2).map(|x| x.to_string()),
            Some("0.01".into())
        );
        assert_eq!(
            d("10").shift_down(2).map(|x| x.to_string()),
            Some("0.1".into())
        );
        assert_eq!(
            d("500").shift_down(3).map(|x| x.to_string()),
            Some("0.5".into())
        );
        assert_eq!(
            d("0.1").mul_int(3).map(|x| x.to_string()),
            Some("0.3".into())
        );
        assert_eq!(
            d("1.5").mul_int(60).map(|x| x.to_string()),
            Some("90".into())
        );
        assert_eq!(
            d("0.5").add_int(-1).map(|x| x.to_string()),
            Some("-0.5".into())
        );
        assert_eq!(d("2.5").ceil_int(), Some(3));
        assert_eq!(d("2").ceil_int(), Some(2));
        assert_eq!(d("201").ceil_div(1440), Some(1));
        assert_eq!(d("6000000").ceil_div(60000), Some(100));
        assert_eq!(d("0.5").ceil_div(2), Some(1));
        assert!(d("0.1") < d("0.25"));
        assert_eq!(d("0.10"), d("0.1"));
    }
}
