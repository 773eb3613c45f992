//! Stage 3, compute: the law's rules, as pure functions from one canteen's
//! declaration to its indicators and badges (SPEC §4).

pub mod cost;
