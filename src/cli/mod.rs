//! One file per subcommand. Each returns the process exit status:
//! 0 success, 1 problems found in the input, 2 the command could not run.

pub mod build;
pub mod check;
pub mod import;
pub mod new;

use std::time::{SystemTime, UNIX_EPOCH};

/// The current calendar year, from `SOURCE_DATE_EPOCH` when set (for
/// reproducible builds and tests), else from the system clock.
pub fn current_year() -> u16 {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                .unwrap_or(0)
        });
    year_of_unix_seconds(secs)
}

/// Civil year of a Unix timestamp (proleptic Gregorian, UTC).
fn year_of_unix_seconds(secs: i64) -> u16 {
    // Howard Hinnant's days-to-civil algorithm.
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    u16::try_from(year).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_year() {
        assert_eq!(year_of_unix_seconds(0), 1970);
        // 2026-11-23T00:00:00Z
        assert_eq!(year_of_unix_seconds(1_795_392_000), 2026);
        // 2025-12-31T23:59:59Z and 2026-01-01T00:00:00Z
        assert_eq!(year_of_unix_seconds(1_767_225_599), 2025);
        assert_eq!(year_of_unix_seconds(1_767_225_600), 2026);
    }
}
