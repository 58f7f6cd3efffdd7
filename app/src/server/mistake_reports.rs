//! Mistake reports: families send them about their own child only; the homeroom teacher, the
//! subject's teacher (for scores) and the board see and answer them (`domain::mistake_report`).
use super::context::{origin, Caller};
use super::db::conduct::Via;
use super::db::mistake_reports::{self as store, Answer, NewReport, Notice, ReportRow};
use super::db::{scores, Db};
use super::plain_text::strip_markup;
use crate::api::mistake_reports::MistakeReport;
use crate::domain::mistake_report::{
    self as rules, clean_message, within_daily_limit, PersonalField, ReportAbout, ReportProblem,
    ReportStatus, Standing,
};
use crate::domain::role::Role;
use crate::error::AppError;

fn is_board(caller: &Caller) -> bool {
    caller.has(Role::Admin) || caller.has(Role::Principal)
}

fn item(r: ReportRow) -> MistakeReport {
    let about = match (r.topic.as_str(), r.subject_id, r.semester_number) {
        ("score", Some(subject_id), Some(semester)) => ReportAbout::Score {
            subject_id,
            semester,
        },
        _ => ReportAbout::Personal {
            field: PersonalField::from_code(&r.field).unwrap_or(PersonalField::Other),
        },
    };
    MistakeReport {
        id: r.id,
        student_code: r.student_code,
        student_name: r.student_name,
        class_name: r.class_name,
        about,
        subject_name: r.subject_name,
        message: r.message,
        reporter: r.reporter_name,
        created_at: r.created_at,
        status: ReportStatus::from_code(&r.status).unwrap_or_default(),
        answer: r.answer,
        answered_by: r.answered_by_name,
        answered_at: r.answered_at,
        version: r.version,
    }
}

/// The caller's child with `code` and its class this year ("not found" for anyone else's).
async fn own_child(db: &Db, caller: &Caller, code: &str) -> Result<(i64, Option<i64>), AppError> {
    let (child, _) = super::child_results::own_child(db, caller, code).await?;
    Ok((child.student_id, child.class_id))
}

/// Plain text within the limits, or the problem.
fn message_of(text: &str) -> Result<String, AppError> {
    clean_message(&strip_markup(text)).map_err(AppError::Report)
}

pub async fn report(
    db: &Db,
    caller: &Caller,
    code: &str,
    about: ReportAbout,
    message: &str,
) -> Result<MistakeReport, AppError> {
    let (student_id, class_id) = own_child(db, caller, code).await?;
    let class_id = class_id.ok_or(AppError::Report(ReportProblem::UnknownSubject))?;
    let message = message_of(message)?;
    let (topic, subject_id, semester_id, field) = match about {
        ReportAbout::Score {
            subject_id,
            semester,
        } => {
            let studied = scores::subjects_of_class(db, class_id)
                .await?
                .iter()
                .any(|s| s.id == subject_id);
            let semester_id = scores::semesters_of_class(db, class_id)
                .await?
                .into_iter()
                .find(|s| s.number == semester)
                .map(|s| s.id);
            match semester_id {
                Some(id) if studied => ("score", Some(subject_id), Some(id), ""),
                _ => return Err(AppError::Report(ReportProblem::UnknownSubject)),
            }
        }
        ReportAbout::Personal { field } => ("personal", None, None, field.code()),
    };
    let class = super::db::classes::find(db, class_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut teachers: Vec<i64> = class.homeroom_teacher_id.into_iter().collect();
    if let Some(subject_id) = subject_id {
        let teacher = scores::subjects_of_class(db, class_id)
            .await?
            .into_iter()
            .find(|s| s.id == subject_id)
            .and_then(|s| s.teacher_id);
        teachers.extend(teacher);
    }
    teachers.sort_unstable();
    teachers.dedup();
    let student_name = super::db::students::find(db, caller.school_id, student_id)
        .await?
        .map(|s| s.full_name)
        .unwrap_or_default();
    let params = serde_json::json!({ "student": student_name, "class": class.name }).to_string();
    let since = super::db::now() - 86_400;
    within_daily_limit(store::sent_since(db, caller.user_id, since).await?)
        .map_err(AppError::Report)?;
    let o = origin();
    let id = store::insert(
        db,
        &NewReport {
            school_id: caller.school_id,
            student_id,
            class_id,
            reporter_id: caller.user_id,
            topic,
            subject_id,
            semester_id,
            field,
            message: &message,
        },
        &Notice {
            users: &teachers,
            kind: "mistake_reported",
            params: &params,
            link: "/reports",
        },
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    let row = store::find(db, caller.school_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(item(row))
}

pub async fn of_child(
    db: &Db,
    caller: &Caller,
    code: &str,
) -> Result<Vec<MistakeReport>, AppError> {
    let (student_id, _) = own_child(db, caller, code).await?;
    Ok(store::of_student(db, caller.school_id, student_id)
        .await?
        .into_iter()
        .map(item)
        .collect())
}

pub async fn inbox(db: &Db, caller: &Caller) -> Result<Vec<MistakeReport>, AppError> {
    if caller.roles.iter().all(|r| r.is_family()) {
        return Err(AppError::Forbidden);
    }
    Ok(
        store::for_staff(db, caller.school_id, caller.user_id, is_board(caller))
            .await?
            .into_iter()
            .map(item)
            .collect(),
    )
}

pub async fn answer(
    db: &Db,
    caller: &Caller,
    id: i64,
    to: ReportStatus,
    text: &str,
    expected_version: i64,
) -> Result<MistakeReport, AppError> {
    let row = store::find(db, caller.school_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = item(row.clone());
    let standing = Standing {
        board: is_board(caller),
        homeroom_teacher: row.homeroom_teacher_id == Some(caller.user_id),
        subject_teacher: match row.subject_id {
            Some(subject_id) => {
                store::teaches(db, caller.user_id, row.class_id, subject_id).await?
            }
            None => false,
        },
    };
    if !rules::may_answer(report.about, standing) {
        tracing::warn!(
            user = caller.user_id,
            report = id,
            "answer to a mistake report refused"
        );
        return Err(AppError::Forbidden);
    }
    let status = rules::answer(report.status, to).map_err(AppError::Report)?;
    let text = message_of(text)?;
    let params =
        serde_json::json!({ "student": row.student_name, "class": row.class_name }).to_string();
    let link = format!("/children/{}", row.student_code);
    let o = origin();
    let done = store::answer(
        db,
        &Answer {
            report: &row,
            expected_version,
            status: status.code(),
            answer: &text,
            by: caller.user_id,
        },
        &Notice {
            users: &[row.reporter_id],
            kind: "mistake_answered",
            params: &params,
            link: &link,
        },
        Via {
            source: "web",
            ip: &o.ip,
            request_id: &o.request_id,
        },
    )
    .await?;
    if !done {
        return Err(AppError::Report(ReportProblem::AlreadyAnswered));
    }
    let mail_subject = format!("Nhà trường đã trả lời phản ánh về {}", row.student_name);
    let mail_body = format!(
        "Kính gửi phụ huynh,\n\nPhản ánh của anh/chị về {} ({}):\n{}\n\nTrả lời ({}): {}\n\n\
         Thư gửi tự động từ Hocba.\n",
        row.student_name,
        row.class_name,
        row.message,
        match status {
            ReportStatus::Corrected => "đã sửa",
            _ => "không có sai sót",
        },
        text
    );
    super::notifications::email_if_wanted(
        db,
        row.reporter_id,
        "report_answer",
        |s| s.report_answers,
        &mail_subject,
        &mail_body,
    )
    .await?;
    let row = store::find(db, caller.school_id, id)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(item(row))
}
