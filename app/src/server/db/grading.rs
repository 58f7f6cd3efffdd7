//! What a class × subject is graded by: the rule set of its grade level and the subject's
//! periods there (from which the number of regular assessments follows).
use super::{on_db, Db, DbError, DbResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GradingSetup {
    pub rule_set: String,
    pub assessment_kind: String,
    pub periods_per_year: i64,
    pub configured_regular: Option<i64>,
}

pub async fn setup(db: &Db, class_id: i64, subject_id: i64) -> DbResult<Option<GradingSetup>> {
    let row: Option<(String, String, i64, Option<i64>)> = on_db!(db, p => sqlx::query_as(
        "SELECT g.rule_set, s.assessment_kind, CAST(sg.periods_per_year AS BIGINT), \
           CAST(sg.regular_assessments AS BIGINT) \
         FROM classes c \
         JOIN grade_levels g ON g.school_year_id = c.school_year_id AND g.grade = c.grade \
         JOIN subject_grade_levels sg ON sg.grade = c.grade AND sg.subject_id = $2 \
         JOIN subjects s ON s.id = sg.subject_id AND s.school_id = c.school_id \
         WHERE c.id = $1")
        .bind(class_id).bind(subject_id).fetch_optional(p).await?);
    Ok(row.map(
        |(rule_set, assessment_kind, periods_per_year, configured_regular)| GradingSetup {
            rule_set,
            assessment_kind,
            periods_per_year,
            configured_regular,
        },
    ))
}

impl GradingSetup {
    /// The regular-assessment columns of the grid (TT22 Điều 7: by periods per year).
    pub fn regular_assessments(&self) -> DbResult<usize> {
        if self.assessment_kind == "comment" {
            return Ok(crate::domain::grading::comment::COMMENT_REGULAR_COUNT);
        }
        let periods = u16::try_from(self.periods_per_year)
            .map_err(|_| DbError::Corrupt(format!("periods {}", self.periods_per_year)))?;
        let configured = self
            .configured_regular
            .and_then(|n| usize::try_from(n).ok());
        Ok(crate::domain::grading::required_regular_count(
            periods, configured,
        ))
    }
}
