//! `cantine`: the static site generator of the French collective-catering
//! transparency site. The pipeline runs one way:
//! load → validate → compute → aggregate → plan → render → write.

pub mod diagnostics;
pub mod import;
pub mod indicators;
pub mod load;
pub mod model;
pub mod validate;
