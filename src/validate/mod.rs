//! Stage 2, validate: the rules of SPEC §6 over every declaration.
