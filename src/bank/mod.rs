//! Question sets: the RON model, loading with exact positions, and validation.
//!
//! A teacher writes one set per `.ron` file ([`model`]); [`Bank::load`] reads the shipped
//! sets, folders and files, and reports every [`Problem`] as `file:line:column` without
//! letting one broken file stop the rest.

pub mod cloze;
pub mod edit;
pub mod ids;
mod load;
pub mod model;
mod position;
mod problem;
pub mod shipped;
mod syntax;
#[cfg(test)]
pub(crate) mod testing;
mod validate;

pub use ids::{CardKey, QuestionId, SetId};
pub use load::{
    Bank, LoadProgress, LoadedSet, MAX_FILE_BYTES, Origin, Parsed, Source, parse_bytes, parse_text,
};
pub use model::{Answer, Kind, Question, QuestionFields, QuestionSet};
pub use problem::{Problem, Severity};
pub use validate::{
    Finding, MAX_DIFFICULTY, Validation, errors_of, longest_right_options, validate_within,
};
