//! The school's structure as the admin enters it: school years and semesters, grade levels,
//! subjects, classes and students' record fields. Each `parse` turns form input into a checked
//! value or names the field and what is wrong with it, so a bad form changes nothing.
pub mod class;
pub mod field;
pub mod school_year;
pub mod student;
pub mod subject;

pub use field::{Field, FieldProblem, Invalid};
