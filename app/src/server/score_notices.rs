//! New published scores, grouped: what changed for a child since a time, as the lines of a
//! digest (one per subject and semester the family may see), and the in-app notices that every
//! family account of a changed child gets each round, one per child whatever the number of
//! scores. The e-mail digest (`mailer`) reads the same lines.
use super::child_results::build;
use super::db::family_view::ChildRow;
use super::db::{corrections, home, outbox, score_notices, scores, sheet_reviews, Db};
use crate::api::child_results::{ChildCell, ChildResults, ChildSubjectResult};
use crate::api::grade_grid::GridMark;
use crate::domain::notification::DigestLine;
use crate::domain::publication::FamilyVisibility;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ui::pages::class_summary::result_text;
use std::time::Duration;

/// Writes still in flight when a round starts keep their place for the next one.
const SETTLE_SECS: i64 = 2;

/// The child's results and the published sheets that changed in (since, until]; None when
/// nothing the family may see changed.
pub async fn published_lines(
    db: &Db,
    school_id: i64,
    child: &ChildRow,
    year: Option<(i64, String)>,
    visibility: FamilyVisibility,
    since: i64,
    until: i64,
) -> Result<Option<(ChildResults, Vec<DigestLine>)>, AppError> {
    let Some(class_id) = child.class_id else {
        return Ok(None);
    };
    let changed = outbox::changed_sheets(db, class_id, child.student_id, since, until).await?;
    if changed.is_empty() {
        return Ok(None);
    }
    let semesters = scores::semesters_of_class(db, class_id).await?;
    let results = build(db, school_id, child, year, visibility).await?;
    let mut lines = Vec::new();
    for (subject_id, semester_id) in changed {
        let Some(number) = semesters
            .iter()
            .find(|s| s.id == semester_id)
            .map(|s| s.number)
        else {
            continue;
        };
        let Some(period) = results
            .periods
            .iter()
            .find(|p| p.period == number.to_string())
        else {
            continue;
        };
        let Some((subject, line)) = results
            .subjects
            .iter()
            .zip(&period.subjects)
            .find(|(s, l)| s.id == subject_id && l.published)
        else {
            continue;
        };
        lines.push(DigestLine {
            subject: subject.name.clone(),
            semester: number,
            scores: scores_text(line),
            result: line
                .result
                .map(|x| result_text(Some(x), Lang::Vi))
                .unwrap_or_default(),
        });
    }
    Ok((!lines.is_empty()).then_some((results, lines)))
}

fn scores_text(line: &ChildSubjectResult) -> String {
    let text = |c: &ChildCell| match c.mark {
        Some(GridMark::Absent) => "vắng".to_string(),
        _ if c.text.is_empty() => "–".to_string(),
        _ => c.text.replace('.', ","),
    };
    let regular: Vec<String> = line.regular.iter().map(text).collect();
    let mut out = format!("TX {}", regular.join(" · "));
    if let Some(m) = &line.midterm {
        out.push_str(&format!("; GK {}", text(m)));
    }
    if let Some(f) = &line.final_ {
        out.push_str(&format!("; CK {}", text(f)));
    }
    out
}

/// One round over every school: a notice per changed child to each of its family accounts;
/// returns how many children were noticed. A school's first round only sets its mark, so a
/// new deployment does not announce its whole history.
pub async fn run_once(db: &Db, now: i64) -> Result<usize, AppError> {
    let until = now - SETTLE_SECS;
    let mut noticed = 0;
    for school_id in score_notices::schools(db).await? {
        let Some(since) = score_notices::mark(db, school_id).await? else {
            score_notices::set_mark(db, school_id, until).await?;
            continue;
        };
        if since >= until {
            continue;
        }
        let year = home::current_year(db, school_id).await?;
        let year_id = year.as_ref().map(|(id, _)| *id).unwrap_or(0);
        let visibility = sheet_reviews::family_visibility(db, school_id).await?;
        for child in score_notices::changed_children(db, school_id, year_id, since, until).await? {
            let Some((results, lines)) = published_lines(
                db,
                school_id,
                &child,
                year.clone(),
                visibility,
                since,
                until,
            )
            .await?
            else {
                continue;
            };
            let users = score_notices::family_accounts(db, child.student_id).await?;
            if users.is_empty() {
                continue;
            }
            let subjects: Vec<String> = lines
                .iter()
                .map(|l| format!("{} (HK{})", l.subject, l.semester))
                .collect();
            let params = serde_json::json!({
                "student": results.full_name,
                "class": results.class_name.unwrap_or_default(),
                "subjects": subjects.join(", "),
            })
            .to_string();
            let link = format!("/children/{}", child.code);
            corrections::notify(db, school_id, &users, "score_digest", &params, &link, now).await?;
            noticed += 1;
        }
        score_notices::set_mark(db, school_id, until).await?;
    }
    Ok(noticed)
}

/// Runs a round every `interval`, for the life of the server.
pub fn spawn(db: Db, interval: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        loop {
            tick.tick().await;
            match run_once(&db, super::db::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(children = n, "score notices"),
                Err(e) => tracing::warn!(error = %e, "score notice round failed"),
            }
        }
    });
}
