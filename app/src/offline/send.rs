//! Sending one batch of the outbox to the server and reading the answer as one [`Answer`] per
//! edit: the grid's cells and comments, a roll, a period's absences.
use super::attendance::{iso_of, roll_shown};
use super::queue::{Answer, Batch, Edit, Marks, Shown, Target, Theirs};
use crate::api::attendance::{load_roll, save_period_absences, save_roll};
use crate::api::grade_grid::{
    save_grade_cells, save_grade_comment, CellEdit, CellOutcome, CommentOutcome,
};
use crate::domain::attendance::{Problem, Session};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::pages::grade_grid::cells::{problem_message, shown};

pub enum Failure {
    /// No answer: sent again later.
    Transient,
    SignedOut,
}

pub async fn send(batch: &Batch, lang: Lang) -> Result<Vec<Answer>, Failure> {
    if batch.alone {
        let Some(e) = batch.edits.first() else {
            return Ok(Vec::new());
        };
        let answer = match e.target {
            Target::Comment { student_id } => comment(batch, e, student_id, lang).await,
            Target::Roll { day, session } => {
                roll(batch.sheet.class_id, e, day, session, lang).await
            }
            Target::Period {
                subject_id,
                day,
                period,
            } => period_absences(batch.sheet.class_id, e, subject_id, day, period, lang).await,
            Target::Score { .. } => Ok(Answer::Refused(String::new())),
        };
        return answer.map(|a| vec![a]);
    }
    cells(batch, lang).await
}

fn failure_of(e: AppError, lang: Lang) -> Result<Answer, Failure> {
    match e {
        // The request or its answer was lost, the server failed or a proxy answered.
        AppError::BadRequest(_) | AppError::Internal | AppError::Throttled { .. } => {
            Err(Failure::Transient)
        }
        AppError::NotSignedIn | AppError::SessionExpired | AppError::MustChangePassword => {
            Err(Failure::SignedOut)
        }
        refusal => Ok(Answer::Refused(refusal.message(lang))),
    }
}

async fn comment(batch: &Batch, e: &Edit, student_id: i64, lang: Lang) -> Result<Answer, Failure> {
    let s = batch.sheet;
    let answer = save_grade_comment(
        s.class_id,
        s.subject_id,
        s.semester_id,
        student_id,
        e.value.clone(),
        e.expected_version,
        Some(e.id.clone()),
    )
    .await;
    match answer {
        Ok(CommentOutcome::Saved { version }) => Ok(Answer::Saved { version }),
        Ok(CommentOutcome::Conflict { current }) => Ok(Answer::Conflict(Theirs {
            shown: Shown {
                text: current.text,
                zero_reason: None,
            },
            version: current.version,
            by: current.updated_by,
            at: current.updated_at,
        })),
        Ok(CommentOutcome::Invalid { problem }) => Ok(Answer::Refused(
            problem_message(&problem).raw(lang).to_string(),
        )),
        Err(e) => failure_of(e, lang),
    }
}

async fn cells(batch: &Batch, lang: Lang) -> Result<Vec<Answer>, Failure> {
    let s = batch.sheet;
    let cells: Vec<CellEdit> = batch
        .edits
        .iter()
        .filter_map(|e| match e.target {
            Target::Score {
                student_id,
                kind,
                slot,
            } => Some(CellEdit {
                student_id,
                kind,
                slot,
                value: e.value.clone(),
                expected_version: e.expected_version,
                mark: e.mark,
                reason: e.reason.clone(),
                edit_id: Some(e.id.clone()),
            }),
            _ => None,
        })
        .collect();
    let answer =
        save_grade_cells(s.class_id, s.subject_id, s.semester_id, batch.source, cells).await;
    match answer {
        Ok(outcomes) => Ok(outcomes
            .into_iter()
            .map(|o| match o {
                CellOutcome::Saved { version } => Answer::Saved { version },
                CellOutcome::Conflict { current } => {
                    let content = shown(&current, lang);
                    Answer::Conflict(Theirs {
                        shown: Shown {
                            text: content.text,
                            zero_reason: content.zero_reason,
                        },
                        version: current.version,
                        by: current.updated_by,
                        at: current.updated_at,
                    })
                }
                CellOutcome::Invalid { problem } => {
                    Answer::Refused(problem_message(&problem).raw(lang).to_string())
                }
            })
            .collect()),
        Err(e) => failure_of(e, lang).map(|a| vec![a; batch.edits.len()]),
    }
}

async fn roll(
    class_id: i64,
    e: &Edit,
    day: i32,
    session: Session,
    lang: Lang,
) -> Result<Answer, Failure> {
    let Some(Marks::Roll(marks)) = &e.marks else {
        return Ok(Answer::Refused(String::new()));
    };
    let date = iso_of(day);
    let answer = save_roll(
        class_id,
        date.clone(),
        session.code().into(),
        e.expected_version,
        marks.clone(),
        Some(e.id.clone()),
    )
    .await;
    match answer {
        Ok(saved) => Ok(Answer::Saved {
            version: saved.version,
        }),
        // Saved from elsewhere since the teacher's copy: their roll, to show both.
        Err(AppError::Attendance(Problem::Stale { by, at })) => {
            let current = load_roll(class_id, Some(date), session.code().into())
                .await
                .map_err(|_| Failure::Transient)?;
            let shown = roll_shown(
                current
                    .students
                    .iter()
                    .map(|s| (s.full_name.as_str(), s.mark, s.reason.as_str())),
                lang,
            );
            Ok(Answer::Conflict(Theirs {
                shown,
                version: current.version,
                by: Some(by),
                at: Some(at),
            }))
        }
        Err(e) => failure_of(e, lang),
    }
}

async fn period_absences(
    class_id: i64,
    e: &Edit,
    subject_id: i64,
    day: i32,
    period: i64,
    lang: Lang,
) -> Result<Answer, Failure> {
    let Some(Marks::Period(absent)) = &e.marks else {
        return Ok(Answer::Refused(String::new()));
    };
    let answer = save_period_absences(
        class_id,
        subject_id,
        iso_of(day),
        period,
        absent.clone(),
        Some(e.id.clone()),
    )
    .await;
    match answer {
        // Periods carry no version (a period is its teacher's own): the answer's number is how
        // many students changed, for the page to say.
        Ok(changed) => Ok(Answer::Saved {
            version: i64::try_from(changed).unwrap_or(i64::MAX),
        }),
        Err(e) => failure_of(e, lang),
    }
}
