//! Vietnamese names, class order and search folding.
//!
//! Pure: no I/O, so it also runs in the browser. The rules come from the
//! "Class order" section of GRADING.md: store family, middle and given name
//! separately ([`PersonName`]), sort by given name then by the rest of the name
//! in Vietnamese alphabetical order ([`compare_names`], [`compare`],
//! [`sort_key`]), and fold text for search with one function used for both
//! indexing and querying ([`fold_vi`]).
mod collation;
mod fold;
mod name;

pub use collation::{compare, compare_names, sort_key, CollationKey};
pub use fold::fold_vi;
pub use name::{NameProblem, PersonName};
