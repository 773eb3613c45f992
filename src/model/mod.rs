//! The declaration schema and the reference data it points to.

pub mod amount;
pub mod bilans;
pub mod declaration;
pub mod reference;
pub mod schema;
pub mod siret;
pub mod territory;

pub use amount::{Euros, Taux};
pub use bilans::Bilans;
pub use declaration::{
    Achats, Bilan, Commentaires, Declaration, Diversification, Gaspillage, Information, Plastique,
};
pub use reference::*;
