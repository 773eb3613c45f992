//! What a mistyped value probably meant, written so that it passes: a
//! year out of a date, a meal count without its spaces, `true` for
//! « oui », the slug of a label. `None` whenever the guess would be a
//! guess: the message then says what is expected, without a fix.

use super::fields::Choices;
use crate::diagnostics::suggest as closest;
use crate::model::{Ministere, Secteur, normalize_label};

/// The year in a text that holds exactly one plausible data year
/// ("2024-01-01", "2024.0", "année 2024") → "2024".
pub fn year(text: &str) -> Option<String> {
    let mut years: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4 && ("2000"..="2100").contains(run))
        .collect();
    years.dedup();
    match years.as_slice() {
        [only] => Some((*only).to_string()),
        _ => None,
    }
}

/// A count of meals written with separators, decimals or a unit
/// ("17 000", "17 000 repas", "120,5") → "17000", "17000", "121" (a
/// decimal is rounded to the nearest whole number, halves up).
pub fn count(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_end_matches(|c: char| c.is_alphabetic() || c == ' ');
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '’' | '_'))
        .collect();
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let (int, frac) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t.as_str(), ""),
    };
    if int.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut n: u64 = int.parse().ok()?;
    if frac.starts_with(['5', '6', '7', '8', '9']) {
        n += 1;
    }
    u32::try_from(n).ok().map(|n| n.to_string())
}

/// The boolean a French or YAML 1.1 word stands for: « oui » → true.
pub fn boolean(text: &str) -> Option<bool> {
    match normalize_label(text).as_str() {
        "oui" | "o" | "vrai" | "yes" | "y" | "on" | "1" | "x" | "fait" => Some(true),
        "non" | "n" | "faux" | "no" | "off" | "0" | "pas fait" => Some(false),
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

/// The slug a typed value designates in a closed list: its slug in
/// another case, its French label (or the beginning of it, or an older
/// label of the national platform), or a close spelling of either.
pub fn choice(c: Choices, typed: &str) -> Option<&'static str> {
    let values = c.values();
    // "ecole_primaire" is read as the words it joins.
    let wanted = normalize_label(&typed.replace('_', " "));
    if wanted.is_empty() {
        return None;
    }
    if let Some((slug, _)) = values.iter().find(|(slug, label)| {
        slug.eq_ignore_ascii_case(typed.trim()) || normalize_label(label) == wanted
    }) {
        return Some(slug);
    }
    let legacy = match c {
        Choices::Secteur => Secteur::from_label(typed).map(Secteur::slug),
        Choices::Ministere => Ministere::from_label(typed).map(Ministere::slug),
        _ => None,
    };
    if legacy.is_some() {
        return legacy;
    }
    // A label's beginning or a word of it, when only one label has it
    // ("Ecole primaire", "satellite").
    let containing: Vec<&'static str> = values
        .iter()
        .filter(|(_, label)| {
            let l = normalize_label(label);
            wanted.len() >= 4
                && (l.starts_with(&wanted)
                    || l.split([' ', '/', '(']).any(|w| w == wanted)
                    || (wanted.contains(' ') && format!(" {l} ").contains(&format!(" {wanted} "))))
        })
        .map(|(slug, _)| *slug)
        .collect();
    if let [only] = containing.as_slice() {
        return Some(only);
    }
    let slugs = values.iter().map(|(slug, _)| *slug);
    if let Some(s) = closest(typed, slugs) {
        return Some(s);
    }
    let by_label = closest(&wanted, values.iter().map(|(_, label)| *label))?;
    values
        .iter()
        .find(|(_, label)| *label == by_label)
        .map(|(slug, _)| *slug)
}

/// The known key a mistyped one stands for among `keys`: the same once
/// lowercased, unaccented and with `_` for spaces and dashes
/// ("Valeur bio" → valeur_bio), or a close spelling ("valeur_bioo").
pub fn key<'a>(typed: &str, keys: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    let folded: String = normalize_label(typed)
        .chars()
        .map(|c| if matches!(c, ' ' | '-') { '_' } else { c })
        .collect();
    if let Some(k) = keys.clone().into_iter().find(|k| *k == folded) {
        return Some(k);
    }
    closest(&folded, keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_counts_and_booleans() {
        assert_eq!(year("2024-01-01").as_deref(), Some("2024"));
        assert_eq!(year("2024.0").as_deref(), Some("2024"));
        assert_eq!(year("année 2024").as_deref(), Some("2024"));
        assert_eq!(year("2023/2024"), None);
        assert_eq!(year("deux mille vingt-quatre"), None);
        assert_eq!(count("17 000").as_deref(), Some("17000"));
        assert_eq!(count("17\u{a0}000 repas").as_deref(), Some("17000"));
        assert_eq!(count("120,5").as_deref(), Some("121"));
        assert_eq!(count("120.4").as_deref(), Some("120"));
        assert_eq!(count("-3"), None);
        assert_eq!(count("beaucoup"), None);
        assert_eq!(boolean("Oui"), Some(true));
        assert_eq!(boolean("non"), Some(false));
        assert_eq!(boolean("yes"), Some(true));
        assert_eq!(boolean("peut-être"), None);
    }

    #[test]
    fn labels_and_typos_give_slugs() {
        assert_eq!(
            choice(Choices::TypeGestion, "Gestion directe"),
            Some("direct")
        );
        assert_eq!(choice(Choices::TypeGestion, "DIRECT"), Some("direct"));
        assert_eq!(
            choice(Choices::Secteur, "Ecole primaire"),
            Some("education_primaire")
        );
        assert_eq!(
            choice(Choices::Secteur, "Restaurants d’entreprises"),
            Some("entreprise_entreprise")
        );
        assert_eq!(
            choice(Choices::TypeProduction, "satellite"),
            Some("site_cooked_elsewhere")
        );
        assert_eq!(choice(Choices::ModeleEconomique, "privé"), Some("private"));
        assert_eq!(
            choice(Choices::MenuVegetarien, "Une fois par semaine"),
            Some("MID")
        );
        assert_eq!(
            choice(Choices::ActionGaspillage, "Formation du personnel"),
            Some("TRAINING")
        );
        assert_eq!(choice(Choices::Secteur, "Boulangerie"), None);
        assert_eq!(choice(Choices::TypeProduction, "sur place"), Some("site"));
        assert_eq!(
            choice(Choices::Secteur, "ecole_primaire"),
            Some("education_primaire")
        );
        assert_eq!(
            key("Valeur bio", ["valeur_totale", "valeur_bio"]),
            Some("valeur_bio")
        );
        assert_eq!(key("valeur_bioo", ["valeur_bio"]), Some("valeur_bio"));
        assert_eq!(key("zzz", ["valeur_bio"]), None);
    }
}
