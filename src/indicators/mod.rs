//! Stage 3, compute: the law's rules, as pure functions from one canteen's
//! declaration to its indicators and badges (SPEC §4).
//!
//! Read in this order: [`territory_group`] (the decree's thresholds),
//! [`shares`] (what is bought), [`percent`] (how it is rounded),
//! [`objectives`] (whether the law is met), [`cost`] (cost per meal and
//! implausible bilans), [`badges`] (the five measures), then [`canteen`],
//! which applies them all to one declaration.

pub mod badges;
pub mod canteen;
pub mod cost;
pub mod objectives;
pub mod percent;
pub mod shares;
pub mod territory_group;

pub use badges::{Badge, Badges, Mesure};
pub use canteen::{
    BilanIndicateurs, CantineIndicateurs, OrigineAppro, Pourcentages, SourceBilan, compute,
    compute_dans, objectifs_du_dernier,
};
pub use percent::{affiche_pourcentage, pct, pct_affiche};
pub use shares::{Fraction, Fractions, Parts};
pub use territory_group::{GroupeTerritorial, Seuils, seuils};
