//! Reading the open-data CSV files into raw rows.
//!
//! Columns are found by name, so that a future export that adds or reorders
//! columns still reads. Values stay raw text here; cleaning is in `clean`.

use super::ImportError;
use std::path::Path;
use std::sync::Arc;

/// One teledeclaration as published: raw cell text, plus where it was read.
#[derive(Debug, Clone, Default)]
pub struct RawRow {
    /// The CSV file, as given on the command line.
    pub fichier: Arc<str>,
    /// 1-based line where the row starts.
    pub ligne: u64,
    /// Teledeclaration id: the highest one is the latest.
    pub id: String,
    /// Data year.
    pub year: String,
    /// The canteen's SIRET.
    pub siret: String,
    /// The canteen's name.
    pub name: String,
    /// SIRET of the central kitchen that cooks for this canteen.
    pub central_kitchen_siret: String,
    /// INSEE code of the commune.
    pub insee: String,
    /// Département code.
    pub department: String,
    /// `public` / `private`.
    pub economic_model: String,
    /// `direct` / `conceded`.
    pub management_type: String,
    /// `site`, `site_cooked_elsewhere`, `central`, `central_serving`.
    pub production_type: String,
    /// Comma-separated sector labels.
    pub sectors: String,
    /// Line ministry label.
    pub ministry: String,
    /// The canteen's id on the national platform.
    pub canteen_id: String,
    /// Organic share, 0..1.
    pub ratio_bio: String,
    /// Other EGalim share, 0..1.
    pub ratio_egalim_hors_bio: String,
}

/// Columns without which a file cannot be imported.
const REQUIRED: &[&str] = &[
    "id",
    "year",
    "canteen_siret",
    "canteen_name",
    "teledeclaration_ratio_bio",
    "teledeclaration_ratio_egalim_hors_bio",
];

/// Reads every data row of one open-data CSV file.
pub fn read_file(path: &Path) -> Result<Vec<RawRow>, ImportError> {
    let shown: Arc<str> = Arc::from(path.display().to_string());
    let csv_error = |e: csv::Error| ImportError::Csv {
        fichier: path.to_path_buf(),
        raison: e.to_string(),
    };
    let file = std::fs::File::open(path).map_err(|e| ImportError::Io {
        fichier: path.to_path_buf(),
        source: e,
    })?;
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(file);
    let headers = reader.headers().map_err(csv_error)?.clone();
    // A UTF-8 BOM would otherwise glue itself to the first column name.
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').trim() == name)
    };
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| col(c).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Csv {
            fichier: path.to_path_buf(),
            raison: format!("colonne(s) absente(s) : {}", missing.join(", ")),
        });
    }
    let idx = Columns {
        id: col("id"),
        year: col("year"),
        siret: col("canteen_siret"),
        name: col("canteen_name"),
        central: col("canteen_central_kitchen_siret"),
        insee: col("canteen_city_insee_code"),
        department: col("canteen_department"),
        economic_model: col("canteen_economic_model"),
        management_type: col("canteen_management_type"),
        production_type: col("canteen_production_type"),
        sectors: col("canteen_sector_list"),
        ministry: col("canteen_line_ministry"),
        canteen_id: col("canteen_id"),
        ratio_bio: col("teledeclaration_ratio_bio"),
        ratio_egalim: col("teledeclaration_ratio_egalim_hors_bio"),
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or("").to_string();
        rows.push(RawRow {
            fichier: Arc::clone(&shown),
            ligne: record.position().map_or(0, csv::Position::line),
            id: get(idx.id),
            year: get(idx.year),
            siret: get(idx.siret),
            name: get(idx.name),
            central_kitchen_siret: get(idx.central),
            insee: get(idx.insee),
            department: get(idx.department),
            economic_model: get(idx.economic_model),
            management_type: get(idx.management_type),
            production_type: get(idx.production_type),
            sectors: get(idx.sectors),
            ministry: get(idx.ministry),
            canteen_id: get(idx.canteen_id),
            ratio_bio: get(idx.ratio_bio),
            ratio_egalim_hors_bio: get(idx.ratio_egalim),
        });
    }
    Ok(rows)
}

/// Position of each column used, if present.
struct Columns {
    id: Option<usize>,
    year: Option<usize>,
    siret: Option<usize>,
    name: Option<usize>,
    central: Option<usize>,
    insee: Option<usize>,
    department: Option<usize>,
    economic_model: Option<usize>,
    management_type: Option<usize>,
    production_type: Option<usize>,
    sectors: Option<usize>,
    ministry: Option<usize>,
    canteen_id: Option<usize>,
    ratio_bio: Option<usize>,
    ratio_egalim: Option<usize>,
}
