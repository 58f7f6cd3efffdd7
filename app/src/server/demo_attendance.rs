//! Demo attendance: the holidays of 2026-2027 and the morning rolls of semester I so far
//! (07/09 to 13/11/2026) in 6A1, 7A1 and 8A1, deterministic. One 6A1 student has been absent
//! 38 sessions, so the roll shows the warning; a few rolls were taken late.
use super::db::attendance::{self as store, SemesterDatesRow};
use super::db::{classes, Db};
use super::grade_sheet::in_class_order;
use crate::domain::attendance::{parse_start, roll_due, school_day, Holiday, SemesterDates};
use crate::error::AppError;
use chrono::NaiveDate;

/// The holidays of the demo year (Tết and Giỗ Tổ by the lunar calendar of 2027).
pub const HOLIDAYS: [(&str, &str, &str); 4] = [
    ("2027-01-01", "2027-01-01", "Tết Dương lịch"),
    ("2027-02-05", "2027-02-13", "Tết Nguyên đán"),
    (
        "2027-04-16",
        "2027-04-16",
        "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
    ),
    (
        "2027-04-30",
        "2027-05-01",
        "Ngày Giải phóng miền Nam và Quốc tế Lao động",
    ),
];

/// The demo classes with rolls, and the last day of rolls (the week of 16/11 is left free).
const CLASSES: [&str; 3] = ["6A1", "7A1", "8A1"];
const FIRST: &str = "2026-09-07";
const LAST: &str = "2026-11-13";
/// The 6A1 student (by class order, from 0) absent 38 sessions.
const NEAR_LIMIT_INDEX: usize = 2;
const NEAR_LIMIT_SESSIONS: usize = 38;

fn date(s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| AppError::Internal)
}

fn dates(s: &SemesterDatesRow) -> SemesterDates {
    SemesterDates {
        id: s.id,
        number: s.number,
        start: s.start_date,
        end: s.end_date,
    }
}

pub async fn load(db: &Db, school_id: i64) -> Result<(), AppError> {
    let Some(year) = store::current_year(db, school_id).await? else {
        return Ok(());
    };
    let semesters: Vec<SemesterDates> = store::semesters_of_year(db, school_id, year)
        .await?
        .iter()
        .map(dates)
        .collect();
    let mut holidays = Vec::new();
    for (from, to, name) in HOLIDAYS {
        let (from, to) = (date(from)?, date(to)?);
        store::add_holiday(db, school_id, year, from, to, name).await?;
        holidays.push(Holiday {
            from,
            to,
            name: name.into(),
        });
    }
    let start = parse_start("07:00").ok_or(AppError::Internal)?;
    let (first, last) = (date(FIRST)?, date(LAST)?);
    let mut days = Vec::new();
    let mut d = first;
    while d <= last {
        if let Ok(s) = school_day(d, last, &semesters, &holidays) {
            days.push((d, s.id));
        }
        d = d.succ_opt().ok_or(AppError::Internal)?;
    }
    let all = store::current_classes(db, school_id).await?;
    for (ci, name) in CLASSES.iter().enumerate() {
        let Some((class_id, _, _)) = all.iter().find(|c| c.1 == *name) else {
            continue;
        };
        let Some(teacher) = classes::find(db, *class_id)
            .await?
            .and_then(|c| c.homeroom_teacher_id)
        else {
            continue;
        };
        let students = in_class_order(store::students_on(db, *class_id, last).await?);
        let mut rolls = Vec::new();
        let mut marks = Vec::new();
        for (di, (day, semester)) in days.iter().enumerate() {
            let due = roll_due(*day, start, 30);
            // One roll in eleven is taken two hours late; the others ten minutes after 7:00.
            let late = (di + ci * 3) % 11 == 5;
            let at = if late { due + 7200 } else { due - 1200 };
            rolls.push((*class_id, *semester, *day, "morning", teacher, at, late));
            for (si, s) in students.iter().enumerate() {
                let near = ci == 0 && si == NEAR_LIMIT_INDEX;
                let status = if near && di < NEAR_LIMIT_SESSIONS {
                    Some(if di % 3 == 0 { "unexcused" } else { "excused" })
                } else {
                    match (si * 7 + di * 13 + ci * 5) % 89 {
                        0 | 1 => Some("excused"),
                        2 => Some("unexcused"),
                        3 | 4 => Some("late"),
                        _ => None,
                    }
                };
                if let Some(status) = status {
                    let reason = match status {
                        "excused" => "Ốm, gia đình xin phép",
                        "late" => "Xe hỏng",
                        _ => "",
                    };
                    marks.push((
                        *class_id,
                        *semester,
                        s.id,
                        *day,
                        "morning",
                        status,
                        reason.to_string(),
                        teacher,
                        at,
                    ));
                }
            }
        }
        store::insert_demo(db, school_id, &rolls, &marks).await?;
    }
    Ok(())
}
