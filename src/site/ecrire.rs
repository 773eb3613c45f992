//! JSON and CSV text written straight into bytes, for the files of the
//! plan stage that hold every canteen (national exports, search index):
//! the same bytes as `serde_json` and the `csv` crate as this project uses
//! them, without building rows of `String`s or serde values first
//! (benches/README.md, "Plan stage").

/// Appends `s` as a JSON string, escaped as `serde_json` does it: `"`,
/// `\` and control characters only (`\b \t \n \f \r`, else `\u00xx`).
pub fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    json_echappe(out, s);
    out.push(b'"');
}

/// The inside of [`json_str`]: `s` escaped, without the quotes.
pub fn json_echappe(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut debut = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let court = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x09 => b't',
            0x0a => b'n',
            0x0c => b'f',
            0x0d => b'r',
            0x00..=0x1f => b'u',
            _ => continue,
        };
        out.extend_from_slice(&bytes[debut..i]);
        out.push(b'\\');
        out.push(court);
        if court == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        }
        debut = i + 1;
    }
    out.extend_from_slice(&bytes[debut..]);
}

/// [`json_str`], or `null`.
pub fn json_str_opt(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => json_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Appends an unsigned integer in decimal.
pub fn entier(out: &mut Vec<u8>, n: u64) {
    let mut chiffres = [0u8; 20];
    let mut i = chiffres.len();
    let mut n = n;
    loop {
        i -= 1;
        chiffres[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&chiffres[i..]);
}

/// [`entier`] in JSON, or `null`.
pub fn json_entier_opt(out: &mut Vec<u8>, n: Option<u64>) {
    match n {
        Some(n) => entier(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

/// `true`, `false` or `null`.
pub fn json_bool_opt(out: &mut Vec<u8>, b: Option<bool>) {
    out.extend_from_slice(match b {
        Some(true) => b"true",
        Some(false) => b"false",
        None => b"null",
    });
}

/// Appends a CSV field as the `csv` crate writes it by default: in double
/// quotes (inner quotes doubled) when it holds a comma, a quote, `\r` or
/// `\n`, as is otherwise.
pub fn csv_champ(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if !bytes
        .iter()
        .any(|&b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(bytes);
        return;
    }
    out.push(b'"');
    for &b in bytes {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

/// `true`, `false` or an empty CSV field.
pub fn csv_bool_opt(out: &mut Vec<u8>, b: Option<bool>) {
    out.extend_from_slice(match b {
        Some(true) => b"true",
        Some(false) => b"false",
        None => b"",
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_as_serde_json_writes_them() {
        let mut tous: String = (0u8..0x80).map(char::from).collect();
        tous.push_str("é « ’ » \u{2028} \u{7f} Школа \\ \" /");
        for s in [
            "",
            "a",
            "\"",
            "\\",
            "École \"Les P'tits\"\n\tLoups\r",
            tous.as_str(),
        ] {
            let mut out = Vec::new();
            json_str(&mut out, s);
            assert_eq!(
                String::from_utf8_lossy(&out),
                serde_json::to_string(s).unwrap_or_default()
            );
        }
    }

    #[test]
    fn csv_fields_as_the_csv_crate_writes_them() {
        let champs = [
            "",
            "simple",
            "a,b",
            "dit \"bonjour\"",
            "ligne\nligne",
            "retour\r",
            "'apostrophe' ; point-virgule",
            "#commentaire",
            " espaces ",
        ];
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        let _ = w.write_record(champs);
        let attendu = w.into_inner().unwrap_or_default();
        let mut out = Vec::new();
        for (i, c) in champs.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            csv_champ(&mut out, c);
        }
        out.extend_from_slice(b"\r\n");
        assert_eq!(
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(&attendu)
        );
    }

    #[test]
    fn integers_as_display_writes_them() {
        for n in [0u64, 7, 10, 99, 100, 12_345, u64::MAX] {
            let mut out = Vec::new();
            entier(&mut out, n);
            assert_eq!(String::from_utf8_lossy(&out), n.to_string());
        }
    }
}
