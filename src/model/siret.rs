//! SIRET numbers: 14 digits whose Luhn checksum is valid, except for
//! La Poste (SIREN 356 000 000), whose establishments' SIRETs instead have a
//! digit sum divisible by 5 (an INSEE rule).

/// The SIREN of La Poste, exempt from the Luhn rule.
pub const SIREN_LA_POSTE: &str = "356000000";

/// Why a text is not a valid SIRET.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiretError {
    /// Not exactly 14 ASCII digits.
    Format,
    /// 14 digits, but the checksum fails.
    Checksum,
}

/// Removes the spaces (including non-breaking ones) people put in SIRETs.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect()
}

/// Whether `siret` has a SIRET's form: exactly 14 ASCII digits.
pub fn bien_forme(siret: &str) -> bool {
    siret.len() == 14 && siret.bytes().all(|b| b.is_ascii_digit())
}

/// A SIRET of the right form as a number (checksum not checked). Numbers
/// of 14 digits are in the order of their texts.
pub fn nombre(siret: &str) -> Option<u64> {
    bien_forme(siret).then(|| siret.parse().ok()).flatten()
}

/// Checks a SIRET (already normalised).
pub fn check(siret: &str) -> Result<(), SiretError> {
    if !bien_forme(siret) {
        return Err(SiretError::Format);
    }
    let digits = siret.bytes().map(|b| u32::from(b - b'0'));
    if siret.starts_with(SIREN_LA_POSTE) {
        let sum: u32 = digits.sum();
        return if sum.is_multiple_of(5) {
            Ok(())
        } else {
            Err(SiretError::Checksum)
        };
    }
    if luhn_sum(siret).is_multiple_of(10) {
        Ok(())
    } else {
        Err(SiretError::Checksum)
    }
}

/// The Luhn sum of a digit string: from the right, every second digit doubled.
fn luhn_sum(digits: &str) -> u32 {
    digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_14_digits_make_a_number() {
        assert_eq!(nombre("21070017500107"), Some(21_070_017_500_107));
        assert_eq!(nombre("00000000000001"), Some(1));
        for bad in [
            "2107001750010",
            "210700175001070",
            "2107001750010a",
            "+2107001750010",
            "",
        ] {
            assert_eq!(nombre(bad), None, "{bad}");
        }
    }

    #[test]
    fn luhn_valid_and_invalid() {
        assert_eq!(check("21070017500016"), Ok(()));
        assert_eq!(check("21070017500017"), Err(SiretError::Checksum));
        assert_eq!(check("2107001750001"), Err(SiretError::Format));
        assert_eq!(check("2107001750001A"), Err(SiretError::Format));
    }

    #[test]
    fn la_poste_uses_digit_sum_divisible_by_five() {
        // 3+5+6+0+0+0+0+0+0+0+0+0+1+0 = 15: divisible by 5, though Luhn fails.
        assert_eq!(check("35600000000010"), Ok(()));
        assert_ne!(luhn_sum("35600000000010") % 10, 0);
        // 3+5+6+1 +1 = 16: not divisible by 5.
        assert_eq!(check("35600000000011"), Err(SiretError::Checksum));
        // A Luhn-valid SIRET of La Poste whose digit sum is not divisible by 5 is refused.
        assert_eq!(check("35600000000048"), Err(SiretError::Checksum));
    }

    #[test]
    fn spaces_are_removed() {
        assert_eq!(normalize("210 700 175 00016"), "21070017500016");
        assert_eq!(
            normalize("210\u{a0}700\u{a0}175\u{a0}00016"),
            "21070017500016"
        );
    }
}
