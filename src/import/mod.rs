//! Import of the national open data into declaration files.
