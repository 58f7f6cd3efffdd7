//! The Ministry's assessment rules: Thông tư 22/2021/TT-BGDĐT for lower and upper secondary
//! (THCS/THPT) and Thông tư 27/2020/TT-BGDĐT for primary. Pure functions over exact integer
//! tenths, so the same code runs on the server and in the browser and never rounds like a float.
//!
//! These are the rules in force since 2024-25 for every grade; a past year graded under older
//! rules (TT58/2011) must keep its stored results rather than be recomputed here.
//!
//! Secondary, in the order a gradebook uses them:
//! - [`score`]: entering a score or a cell (TT22 Điều 6), and primary whole-number tests;
//!   [`entry`]: what a typed gradebook cell means.
//! - [`regular_count`]: how many regular assessments a subject needs (Điều 7).
//! - [`average`]: ĐTBmhk and ĐTBmcn (Điều 9.1.b); [`comment`]: Đạt / Chưa đạt subjects
//!   (Điều 9.1.a). Anything missing gives [`Computed::Incomplete`], never a 0.
//! - [`learning_result`]: the semester and year learning level with the Điều 9.3 adjustment.
//! - [`conduct`]: the year conduct level (Điều 8).
//! - [`year_end`]: promotion, summer training and re-assessment (Điều 12–14), titles (Điều 15).
//!
//! Primary: [`primary`] (TT27 Điều 6, 7, 14, 15).
pub mod average;
pub mod comment;
pub mod computed;
pub mod conduct;
pub mod entry;
pub mod learning_result;
pub mod level;
pub mod primary;
pub mod regular_count;
pub mod score;
pub mod sheet_summary;
pub mod year_end;

pub use average::{semester_average, year_average, Average};
pub use comment::{at_semester_close, comment_semester_result, comment_year_result, Judgement};
pub use computed::Computed;
pub use conduct::year_conduct;
pub use entry::{read_typed, EntryProblem, Typed};
pub use learning_result::{
    learning_result, learning_result_when_complete, table_level, LearningResult, SubjectResult,
};
pub use level::Level;
pub use regular_count::{check_regular_count, legal_regular_count, required_regular_count};
pub use score::{Cell, Score, ScoreProblem, WholeScore};
pub use year_end::{
    after_summer, learning_after_reassessment, subjects_to_reassess, title, year_end,
    NotPromotedReason, Proposal, Title, YearEnd,
};
