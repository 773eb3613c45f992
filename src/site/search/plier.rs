//! Folding names for search: lower case, no accents, words separated by one
//! space (« L’École Saint-Exupéry » → `l ecole saint exupery`).
//!
//! The browser folds what a visitor types with the same rules
//! (`themes/default/static/recherche.js`, `plier`): Unicode decomposition,
//! combining marks dropped, lower case, the letters that do not decompose
//! (œ, æ, ß, ø, ł…) spelt out, anything but a letter or digit a separator.
//! The browser test checks both agree on every name of the dataset.

/// The folded form of `text`: its words, folded, joined by one space.
pub fn plier(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut separe = false;
    for ch in text.chars() {
        // ASCII (most of every name) needs no table: a letter or digit in
        // lower case, anything else a separator.
        if ch.is_ascii() {
            if ch.is_ascii_alphanumeric() {
                if separe {
                    out.push(' ');
                    separe = false;
                }
                out.push(ch.to_ascii_lowercase());
            } else {
                separe = !out.is_empty();
            }
            continue;
        }
        for c in ch.to_lowercase() {
            plier_char(&mut out, &mut separe, c);
        }
    }
    out
}

/// Folds one lower-case character that is not ASCII into `out`.
fn plier_char(out: &mut String, separe: &mut bool, c: char) {
    if is_combining_mark(c) {
        return;
    }
    let base = base_latine(c);
    if base.is_empty() && !c.is_alphanumeric() {
        *separe = !out.is_empty();
        return;
    }
    if *separe {
        out.push(' ');
        *separe = false;
    }
    if base.is_empty() {
        out.push(c);
    } else {
        out.push_str(base);
    }
}

/// Combining diacritical marks (U+0300–U+036F), which decomposition moves
/// out of accented letters and folding drops.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// The unaccented spelling of a lower-case Latin letter with a diacritic
/// or a ligature, or `""` for any other character.
fn base_latine(c: char) -> &'static str {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ǒ' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ǔ' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'þ' => "th",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::{base_latine, is_combining_mark, plier};

    /// The rules applied to every character alike (no ASCII shortcut).
    fn plier_lent(text: &str) -> String {
        let mut out = String::new();
        let mut separe = false;
        for c in text.chars().flat_map(char::to_lowercase) {
            if is_combining_mark(c) {
                continue;
            }
            let base = base_latine(c);
            if base.is_empty() && !c.is_alphanumeric() {
                separe = !out.is_empty();
                continue;
            }
            if separe {
                out.push(' ');
                separe = false;
            }
            if base.is_empty() {
                out.push(c);
            } else {
                out.push_str(base);
            }
        }
        out
    }

    #[test]
    fn the_ascii_shortcut_folds_as_the_rules_do() {
        // Every character up to U+0500 and a few that lower-case to ASCII
        // (Kelvin sign, dotted capital I), alone and between words.
        let mut textes: Vec<String> = (0u32..0x500)
            .chain([0x212a, 0x130, 0x2019, 0xa0, 0x202f])
            .filter_map(char::from_u32)
            .flat_map(|c| [c.to_string(), format!("Ab{c}cD 9"), format!("{c}{c}x")])
            .collect();
        textes.push(" L’École  Saint-Exupéry (Œuvre) ".into());
        for t in &textes {
            assert_eq!(plier(t), plier_lent(t), "{t:?}");
        }
    }

    #[test]
    fn accents_case_and_punctuation() {
        assert_eq!(plier("L’École Saint-Exupéry"), "l ecole saint exupery");
        assert_eq!(
            plier("  CRÈCHE « Les P'tits Loups » "),
            "creche les p tits loups"
        );
        assert_eq!(
            plier("Œuvre Sœur Ægidius Straße"),
            "oeuvre soeur aegidius strasse"
        );
        assert_eq!(plier("Cantine n°2 – Lycée"), "cantine n 2 lycee");
    }

    #[test]
    fn decomposed_accents_fold_like_composed_ones() {
        // « é » written as « e » + U+0301, as some exports do.
        assert_eq!(plier("E\u{301}cole"), plier("École"));
        assert_eq!(plier("İzmir"), "izmir");
    }

    #[test]
    fn letters_of_other_scripts_are_kept() {
        assert_eq!(plier("Школа 5"), "школа 5");
        assert_eq!(plier(""), "");
        assert_eq!(plier("—"), "");
    }
}
