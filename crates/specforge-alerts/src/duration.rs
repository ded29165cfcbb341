//! Durations: `for` clauses, For columns, rate windows and latency thresholds.
//!
//! Accepted spellings: a number (integer or decimal) followed, with or without a space, by
//! `ms`/`msec`/`millisecond(s)`, `s`/`sec(s)`/`second(s)`, `m`/`min(s)`/`minute(s)`,
//! `h`/`hr(s)`/`hour(s)`, `d`/`day(s)`, `w`/`week(s)`; several parts may follow each other
//! (`1h30m`, `1h 30m`). A duration is held in whole milliseconds and printed in
//! Prometheus' own notation with the largest unit that divides it (`90s` → `90s`,
//! `120s` → `2m`, `1.5h` → `90m`).

use crate::decimal::Decimal;
use std::fmt;

/// A non-negative duration in whole milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    millis: u64,
}

/// Milliseconds in one unit, for every spelling of a time unit.
pub(crate) fn unit_millis(unit: &str) -> Option<u64> {
    // One-letter units are case-sensitive (`M` could be months); words are not.
    let unit = if unit.len() > 1 {
        unit.to_ascii_lowercase()
    } else {
        unit.to_owned()
    };
    Some(match unit.as_str() {
        "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        "w" | "week" | "weeks" => 604_800_000,
        _ => return None,
    })
}

impl Duration {
    /// A duration of whole minutes.
    pub const fn from_minutes(minutes: u64) -> Duration {
        Duration {
            millis: minutes * 60_000,
        }
    }

    /// A duration from whole milliseconds.
    pub const fn from_millis(millis: u64) -> Duration {
        Duration { millis }
    }

    /// `value` units, when that is a whole number of milliseconds.
    pub fn from_value(value: Decimal, unit: &str) -> Option<Duration> {
        let per = i64::try_from(unit_millis(unit)?).ok()?;
        let millis = value.mul_int(per)?.to_int()?;
        Some(Duration {
            millis: u64::try_from(millis).ok()?,
        })
    }

    /// Parses `5m`, `5 min`, `10 minutes`, `1h30m`, `1.5h`, `500ms`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        let mut rest = text;
        let mut total: u64 = 0;
        let mut parts = 0;
        while !rest.is_empty() {
            let number_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let number = &rest[..number_len];
            let after = rest[number_len..].trim_start();
            let unit_len = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let unit = &after[..unit_len];
            let value = Decimal::parse(number)
                .ok_or_else(|| format!("`{text}` is not a duration (like `5m` or `10 minutes`)"))?;
            let part = Duration::from_value(value, unit)
                .ok_or_else(|| format!("`{text}` is not a duration (like `5m` or `10 minutes`)"))?;
            total = total
                .checked_add(part.millis)
                .ok_or_else(|| format!("`{text}` is too long a duration"))?;
            parts += 1;
            rest = after[unit_len..].trim_start();
        }
        if parts == 0 {
            return Err("an empty duration".to_owned());
        }
        Ok(Duration { millis: total })
    }

    /// Whole milliseconds.
    pub fn millis(self) -> u64 {
        self.millis
    }

    /// The duration in seconds, exactly.
    pub fn seconds(self) -> Option<Decimal> {
        Decimal::from_int(i64::try_from(self.millis).ok()?).shift_down(3)
    }

    /// True for zero.
    pub fn is_zero(self) -> bool {
        self.millis == 0
    }

    /// The sum of two durations.
    pub fn plus(self, other: Duration) -> Duration {
        Duration {
            millis: self.millis.saturating_add(other.millis),
        }
    }

    /// The duration rounded up to whole minutes.
    pub fn ceil_minutes(self) -> u64 {
        self.millis.div_ceil(60_000)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const UNITS: [(u64, &str); 5] = [
            (86_400_000, "d"),
            (3_600_000, "h"),
            (60_000, "m"),
            (1_000, "s"),
            (1, "ms"),
        ];
        if self.millis == 0 {
            return f.write_str("0s");
        }
        for (size, name) in UNITS {
            if self.millis.is_multiple_of(size) {
                return write!(f, "{}{name}", self.millis / size);
            }
        }
        write!(f, "{}ms", self.millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> String {
        Duration::parse(text).map_or_else(|e| format!("error: {e}"), |d| d.to_string())
    }

    #[test]
    fn every_spelling() {
        assert_eq!(show("5m"), "5m");
        assert_eq!(show("5 min"), "5m");
        assert_eq!(show("5 mins"), "5m");
        assert_eq!(show("5 minutes"), "5m");
        assert_eq!(show("1 minute"), "1m");
        assert_eq!(show("10m"), "10m");
        assert_eq!(show("1h"), "1h");
        assert_eq!(show("2 hours"), "2h");
        assert_eq!(show("90s"), "90s");
        assert_eq!(show("120 seconds"), "2m");
        assert_eq!(show("1.5h"), "90m");
        assert_eq!(show("1h30m"), "90m");
        assert_eq!(show("1h 30m"), "90m");
        assert_eq!(show("48h"), "2d");
        assert_eq!(show("500ms"), "500ms");
        assert_eq!(show("1 day"), "1d");
        assert_eq!(show("3 Minutes"), "3m");
        assert!(show("3M").starts_with("error"));
        assert!(show("5").starts_with("error"));
        assert!(show("five minutes").starts_with("error"));
        assert!(show("0.5ms").starts_with("error"));
        assert!(show("").starts_with("error"));
    }

    #[test]
    fn seconds_are_exact() {
        let d = Duration::parse("500ms").map(|d| d.seconds().map(|s| s.to_string()));
        assert_eq!(d, Ok(Some("0.5".to_owned())));
    }
}
