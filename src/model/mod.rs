//! The declaration schema and the reference data it points to.

pub mod amount;
pub mod declaration;
pub mod reference;
pub mod siret;
pub mod territory;

pub use amount::{Euros, Taux};
pub use declaration::{
    Achats, Bilan, Commentaires, Declaration, Diversification, Gaspillage, Information, Plastique,
};
pub use reference::*;
