//! Attendance rolls, marks, period absences and school holidays (migration 0012). A roll's
//! marks are saved in one write transaction with the roll row (versioned) and one audit row
//! per changed student.
use super::applied_edits::{claim_edit, set_edit_version, EditKind};
use super::audit::{append_audit, AuditEntry};
use super::scores::SheetStudent;
use super::BeginWrite;
use super::{on_db, Db, DbResult};
use chrono::NaiveDate;

/// The school's session starts and grace.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SchoolTimes {
    pub morning_start: String,
    pub afternoon_start: String,
    pub roll_grace_minutes: i64,
}

pub async fn school_times(db: &Db, school_id: i64) -> DbResult<Option<SchoolTimes>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT morning_start, afternoon_start, CAST(roll_grace_minutes AS BIGINT) AS roll_grace_minutes \
         FROM schools WHERE id = $1")
        .bind(school_id).fetch_optional(p).await?))
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct SemesterDatesRow {
    pub id: i64,
    pub number: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

/// The semesters of a school year, in order.
pub async fn semesters_of_year(
    db: &Db,
    school_id: i64,
    school_year_id: i64,
) -> DbResult<Vec<SemesterDatesRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, CAST(number AS BIGINT) AS number, start_date, end_date FROM semesters \
         WHERE school_id = $1 AND school_year_id = $2 ORDER BY number")
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

/// The school year of a class.
pub async fn class_year(db: &Db, class_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT school_year_id FROM classes WHERE id = $1")
        .bind(class_id).fetch_optional(p).await?))
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct HolidayRow {
    pub id: i64,
    pub school_year_id: i64,
    pub from_date: NaiveDate,
    pub to_date: NaiveDate,
    pub name: String,
}

pub async fn holidays(db: &Db, school_id: i64, school_year_id: i64) -> DbResult<Vec<HolidayRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, school_year_id, from_date, to_date, name FROM school_holidays \
         WHERE school_id = $1 AND school_year_id = $2 ORDER BY from_date, id")
        .bind(school_id).bind(school_year_id).fetch_all(p).await?))
}

pub async fn add_holiday(
    db: &Db,
    school_id: i64,
    school_year_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    name: &str,
) -> DbResult<i64> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "INSERT INTO school_holidays (school_id, school_year_id, from_date, to_date, name) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id")
        .bind(school_id).bind(school_year_id).bind(from).bind(to).bind(name)
        .fetch_one(p).await?))
}

/// Removes a holiday of the school; returns it (`None`: there was none).
pub async fn remove_holiday(db: &Db, school_id: i64, id: i64) -> DbResult<Option<HolidayRow>> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let old: Option<HolidayRow> = sqlx::query_as(
            "SELECT id, school_year_id, from_date, to_date, name FROM school_holidays \
             WHERE id = $1 AND school_id = $2")
            .bind(id).bind(school_id).fetch_optional(&mut *tx).await?;
        sqlx::query("DELETE FROM school_holidays WHERE id = $1 AND school_id = $2")
            .bind(id).bind(school_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(old)
    })
}

/// The students enrolled in the class on `date` (unsorted).
pub async fn students_on(db: &Db, class_id: i64, date: NaiveDate) -> DbResult<Vec<SheetStudent>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT s.id, s.code, s.family_name, s.middle_name, s.given_name, s.full_name \
         FROM enrolments e JOIN students s ON s.id = e.student_id \
         WHERE e.class_id = $1 AND e.from_date <= $2 AND (e.to_date IS NULL OR e.to_date > $2)")
        .bind(class_id).bind(date).fetch_all(p).await?))
}

/// Every student ever enrolled in the class, with their name (to tell "left" from "unknown").
pub async fn students_ever(db: &Db, class_id: i64) -> DbResult<Vec<(i64, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT DISTINCT s.id, s.full_name FROM enrolments e JOIN students s ON s.id = e.student_id \
         WHERE e.class_id = $1")
        .bind(class_id).fetch_all(p).await?))
}

/// A roll as stored, with who took and last saved it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct RollRow {
    pub id: i64,
    pub class_id: i64,
    pub on_date: NaiveDate,
    pub session: String,
    pub taken_by_name: String,
    pub taken_at: i64,
    pub updated_by_name: String,
    pub updated_at: i64,
    pub late: bool,
    pub version: i64,
}

const SELECT_ROLL: &str = "SELECT r.id, r.class_id, r.on_date, r.session, tu.full_name AS taken_by_name, \
    r.taken_at, uu.full_name AS updated_by_name, r.updated_at, r.late, r.version \
    FROM attendance_rolls r JOIN users tu ON tu.id = r.taken_by JOIN users uu ON uu.id = r.updated_by";

pub async fn roll(
    db: &Db,
    class_id: i64,
    date: NaiveDate,
    session: &str,
) -> DbResult<Option<RollRow>> {
    let sql = format!("{SELECT_ROLL} WHERE r.class_id = $1 AND r.on_date = $2 AND r.session = $3");
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(class_id).bind(date).bind(session).fetch_optional(p).await?))
}

/// The rolls of every class of the school on a date.
pub async fn rolls_on(db: &Db, school_id: i64, date: NaiveDate) -> DbResult<Vec<RollRow>> {
    let sql = format!("{SELECT_ROLL} WHERE r.school_id = $1 AND r.on_date = $2");
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(date).fetch_all(p).await?))
}

/// Late rolls of the school from `since` on, newest first.
pub async fn late_rolls(db: &Db, school_id: i64, since: NaiveDate) -> DbResult<Vec<RollRow>> {
    let sql = format!(
        "{SELECT_ROLL} WHERE r.school_id = $1 AND r.on_date >= $2 AND r.late \
         ORDER BY r.on_date DESC, r.class_id, r.session"
    );
    Ok(on_db!(db, p => sqlx::query_as(&sql)
        .bind(school_id).bind(since).fetch_all(p).await?))
}

#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct MarkRow {
    pub student_id: i64,
    pub status: String,
    pub reason: String,
}

/// The marks of one session of a class.
pub async fn marks(
    db: &Db,
    class_id: i64,
    date: NaiveDate,
    session: &str,
) -> DbResult<Vec<MarkRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT student_id, status, reason FROM attendance_marks \
         WHERE class_id = $1 AND on_date = $2 AND session = $3")
        .bind(class_id).bind(date).bind(session).fetch_all(p).await?))
}

/// Sessions one student was absent or late in a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StudentAbsences {
    pub student_id: i64,
    pub excused: i64,
    pub unexcused: i64,
    pub late: i64,
}

/// Per student ever enrolled in the class: sessions absent excused / unexcused (and late) in
/// the given semesters, wherever the student was marked (a moved student keeps their count).
/// Students with no marks are left out.
pub async fn absence_totals(
    db: &Db,
    class_id: i64,
    semester_ids: &[i64],
) -> DbResult<Vec<StudentAbsences>> {
    let mut out: std::collections::BTreeMap<i64, StudentAbsences> = Default::default();
    for semester_id in semester_ids {
        let rows: Vec<(i64, String, i64)> = on_db!(db, p => sqlx::query_as(
            "SELECT m.student_id, m.status, CAST(COUNT(*) AS BIGINT) FROM attendance_marks m \
             WHERE m.semester_id = $2 AND m.student_id IN \
               (SELECT e.student_id FROM enrolments e WHERE e.class_id = $1) \
             GROUP BY m.student_id, m.status")
            .bind(class_id).bind(*semester_id).fetch_all(p).await?);
        for (student_id, status, n) in rows {
            let e = out.entry(student_id).or_insert_with(|| StudentAbsences {
                student_id,
                ..Default::default()
            });
            match status.as_str() {
                "excused" => e.excused += n,
                "unexcused" => e.unexcused += n,
                "late" => e.late += n,
                _ => {}
            }
        }
    }
    Ok(out.into_values().collect())
}

/// One session a student was marked in.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StudentMark {
    pub on_date: NaiveDate,
    pub session: String,
    pub status: String,
    pub reason: String,
}

/// A student's marks in the given semesters, newest first.
pub async fn student_marks(
    db: &Db,
    school_id: i64,
    student_id: i64,
    semester_ids: &[i64],
) -> DbResult<Vec<StudentMark>> {
    let mut out = Vec::new();
    for semester_id in semester_ids {
        let rows: Vec<StudentMark> = on_db!(db, p => sqlx::query_as(
            "SELECT on_date, session, status, reason FROM attendance_marks \
             WHERE school_id = $1 AND student_id = $2 AND semester_id = $3")
            .bind(school_id).bind(student_id).bind(*semester_id).fetch_all(p).await?);
        out.extend(rows);
    }
    out.sort_by(|a, b| (b.on_date, &b.session).cmp(&(a.on_date, &a.session)));
    Ok(out)
}

/// One student's new mark in a saved roll (`status` None: present).
#[derive(Clone, Debug, PartialEq)]
pub struct MarkChange {
    pub student_id: i64,
    pub status: Option<String>,
    pub reason: String,
}

/// A roll to save, as checked by the caller.
#[derive(Clone, Debug)]
pub struct SaveRoll<'a> {
    pub school_id: i64,
    pub class_id: i64,
    pub semester_id: i64,
    pub date: NaiveDate,
    pub session: &'a str,
    /// The version the caller loaded (0: not taken yet).
    pub expected_version: i64,
    /// Every student of the roll with their mark.
    pub marks: &'a [MarkChange],
    pub by: i64,
    pub at: i64,
    /// Whether the roll is late if this save first takes it.
    pub late_if_new: bool,
    pub ip: &'a str,
    pub request_id: &'a str,
    /// The outbox edit id (valid), applied at most once per `by` (kind 'roll'); an id already
    /// applied answers `Saved` with the version it produced and `changed: 0`.
    pub edit_id: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    Saved {
        version: i64,
        changed: usize,
    },
    /// Someone saved the roll meanwhile: nothing was written.
    Stale {
        by: String,
        at: i64,
    },
}

fn mark_text(status: Option<&str>, reason: &str) -> String {
    let s = status.unwrap_or("present");
    if reason.is_empty() {
        s.to_string()
    } else {
        format!("{s}: {reason}")
    }
}

/// Saves the roll: marks added, changed or removed, the roll row created or its version
/// raised, one audit row per changed student, all in one transaction.
pub async fn save_roll(db: &Db, r: &SaveRoll<'_>) -> DbResult<SaveOutcome> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if let Some(edit_id) = r.edit_id {
            let kind = EditKind::Roll;
            if let Some(version) = claim_edit!(tx, r.school_id, r.by, edit_id, kind, r.at)? {
                tx.commit().await?;
                return Ok(SaveOutcome::Saved { version, changed: 0 });
            }
        }
        let current: Option<(i64, i64, String, i64)> = sqlx::query_as(
            "SELECT r.id, r.version, u.full_name, r.updated_at FROM attendance_rolls r \
             JOIN users u ON u.id = r.updated_by \
             WHERE r.class_id = $1 AND r.on_date = $2 AND r.session = $3")
            .bind(r.class_id).bind(r.date).bind(r.session).fetch_optional(&mut *tx).await?;
        let version = match &current {
            Some((_, v, by, at)) if *v != r.expected_version => {
                return Ok(SaveOutcome::Stale { by: by.clone(), at: *at });
            }
            None if r.expected_version != 0 => {
                return Ok(SaveOutcome::Stale { by: String::new(), at: 0 });
            }
            Some((id, v, _, _)) => {
                sqlx::query("UPDATE attendance_rolls SET updated_by = $1, updated_at = $2, \
                             version = version + 1 WHERE id = $3 AND version = $4")
                    .bind(r.by).bind(r.at).bind(*id).bind(*v).execute(&mut *tx).await?;
                v + 1
            }
            None => {
                sqlx::query("INSERT INTO attendance_rolls (school_id, class_id, semester_id, \
                             on_date, session, taken_by, taken_at, updated_by, updated_at, late, \
                             version) VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7, $8, 1)")
                    .bind(r.school_id).bind(r.class_id).bind(r.semester_id).bind(r.date)
                    .bind(r.session).bind(r.by).bind(r.at).bind(r.late_if_new)
                    .execute(&mut *tx).await?;
                1
            }
        };
        let existing: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT student_id, status, reason FROM attendance_marks \
             WHERE class_id = $1 AND on_date = $2 AND session = $3")
            .bind(r.class_id).bind(r.date).bind(r.session).fetch_all(&mut *tx).await?;
        let existing: std::collections::HashMap<i64, (String, String)> =
            existing.into_iter().map(|(s, st, re)| (s, (st, re))).collect();
        let mut changed = 0;
        for m in r.marks {
            let old = existing.get(&m.student_id);
            let same = match (old, &m.status) {
                (None, None) => true,
                (Some((st, re)), Some(new)) => st == new && *re == m.reason,
                _ => false,
            };
            if same {
                continue;
            }
            match (old, &m.status) {
                (None, Some(status)) => {
                    sqlx::query("INSERT INTO attendance_marks (school_id, class_id, semester_id, \
                                 student_id, on_date, session, status, reason, recorded_by, \
                                 recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
                        .bind(r.school_id).bind(r.class_id).bind(r.semester_id).bind(m.student_id)
                        .bind(r.date).bind(r.session).bind(status).bind(&m.reason).bind(r.by)
                        .bind(r.at).execute(&mut *tx).await?;
                }
                (Some(_), Some(status)) => {
                    sqlx::query("UPDATE attendance_marks SET status = $1, reason = $2, \
                                 recorded_by = $3, recorded_at = $4 \
                                 WHERE student_id = $5 AND on_date = $6 AND session = $7")
                        .bind(status).bind(&m.reason).bind(r.by).bind(r.at).bind(m.student_id)
                        .bind(r.date).bind(r.session).execute(&mut *tx).await?;
                }
                (Some(_), None) => {
                    sqlx::query("DELETE FROM attendance_marks \
                                 WHERE student_id = $1 AND on_date = $2 AND session = $3")
                        .bind(m.student_id).bind(r.date).bind(r.session)
                        .execute(&mut *tx).await?;
                }
                (None, None) => {}
            }
            let old_text = old.map(|(st, re)| mark_text(Some(st), re))
                .unwrap_or_else(|| mark_text(None, ""));
            let new_text = mark_text(m.status.as_deref(), &m.reason);
            let action = match (old, &m.status) {
                (None, _) => "create",
                (Some(_), None) => "delete",
                _ => "update",
            };
            let audit = AuditEntry {
                school_id: r.school_id,
                actor_user_id: Some(r.by),
                action,
                entity: "attendance_mark",
                entity_id: format!("{}/{}/{}", m.student_id, r.date, r.session),
                old_value: Some(old_text),
                new_value: Some(new_text),
                reason: (!m.reason.is_empty()).then_some(m.reason.as_str()),
                source: "web",
                ip: r.ip,
                request_id: r.request_id,
                student_id: Some(m.student_id),
                class_id: Some(r.class_id),
                subject_id: None,
                semester_id: Some(r.semester_id),
            };
            append_audit!(&mut *tx, &audit, r.at)?;
            changed += 1;
        }
        if let Some(edit_id) = r.edit_id {
            set_edit_version!(tx, r.by, edit_id, version)?;
        }
        tx.commit().await?;
        Ok(SaveOutcome::Saved { version, changed })
    })
}

/// A period absence as shown on the roll.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PeriodAbsenceRow {
    pub id: i64,
    pub student_id: i64,
    pub subject_id: i64,
    pub subject_name: String,
    pub period: i64,
    pub excused: bool,
    pub reason: String,
    pub recorded_by_name: String,
}

pub async fn period_absences(
    db: &Db,
    class_id: i64,
    date: NaiveDate,
) -> DbResult<Vec<PeriodAbsenceRow>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT a.id, a.student_id, a.subject_id, s.name AS subject_name, \
           CAST(a.period AS BIGINT) AS period, a.excused, a.reason, u.full_name AS recorded_by_name \
         FROM period_absences a JOIN subjects s ON s.id = a.subject_id \
         JOIN users u ON u.id = a.recorded_by \
         WHERE a.class_id = $1 AND a.on_date = $2 ORDER BY a.period, a.student_id")
        .bind(class_id).bind(date).fetch_all(p).await?))
}

/// A subject teacher's marks of one period, replacing that period's marks of the subject.
#[derive(Clone, Debug)]
pub struct SavePeriod<'a> {
    pub school_id: i64,
    pub class_id: i64,
    pub semester_id: i64,
    pub subject_id: i64,
    pub date: NaiveDate,
    pub period: i64,
    /// (student, excused, reason).
    pub absent: &'a [(i64, bool, String)],
    pub by: i64,
    pub at: i64,
    pub ip: &'a str,
    pub request_id: &'a str,
    /// The outbox edit id (valid), applied at most once per `by` (kind 'period'); the count
    /// of students changed is kept as its version, and an id already applied answers it.
    pub edit_id: Option<&'a str>,
}

/// Replaces the absences of one period of a subject; one audit row per changed student.
/// Returns how many students changed. A student already marked in that period for another
/// subject is a conflict (`DbError::Conflict`) and nothing is written.
pub async fn save_period(db: &Db, s: &SavePeriod<'_>) -> DbResult<usize> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if let Some(edit_id) = s.edit_id {
            let kind = EditKind::Period;
            if let Some(changed) = claim_edit!(tx, s.school_id, s.by, edit_id, kind, s.at)? {
                tx.commit().await?;
                return Ok(usize::try_from(changed).unwrap_or(0));
            }
        }
        let existing: Vec<(i64, bool, String)> = sqlx::query_as(
            "SELECT student_id, excused, reason FROM period_absences \
             WHERE class_id = $1 AND on_date = $2 AND period = $3 AND subject_id = $4")
            .bind(s.class_id).bind(s.date).bind(s.period).bind(s.subject_id)
            .fetch_all(&mut *tx).await?;
        let old: std::collections::HashMap<i64, (bool, String)> =
            existing.into_iter().map(|(a, b, c)| (a, (b, c))).collect();
        let new: std::collections::HashMap<i64, (bool, String)> =
            s.absent.iter().map(|(a, b, c)| (*a, (*b, c.clone()))).collect();
        let mut students: Vec<i64> = old.keys().chain(new.keys()).copied().collect();
        students.sort_unstable();
        students.dedup();
        let text = |v: Option<&(bool, String)>| match v {
            None => "present".to_string(),
            Some((true, r)) => format!("excused: {r}"),
            Some((false, r)) => format!("unexcused: {r}"),
        };
        let mut changed = 0;
        for student in students {
            let (o, n) = (old.get(&student), new.get(&student));
            if o == n {
                continue;
            }
            sqlx::query("DELETE FROM period_absences WHERE student_id = $1 AND on_date = $2 \
                         AND period = $3 AND subject_id = $4")
                .bind(student).bind(s.date).bind(s.period).bind(s.subject_id)
                .execute(&mut *tx).await?;
            if let Some((excused, reason)) = n {
                sqlx::query("INSERT INTO period_absences (school_id, class_id, semester_id, \
                             subject_id, student_id, on_date, period, excused, reason, \
                             recorded_by, recorded_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                    .bind(s.school_id).bind(s.class_id).bind(s.semester_id).bind(s.subject_id)
                    .bind(student).bind(s.date).bind(s.period).bind(*excused).bind(reason)
                    .bind(s.by).bind(s.at).execute(&mut *tx).await
                    .map_err(super::DbError::from_write)?;
            }
            let audit = AuditEntry {
                school_id: s.school_id,
                actor_user_id: Some(s.by),
                action: if o.is_none() { "create" } else if n.is_none() { "delete" } else { "update" },
                entity: "period_absence",
                entity_id: format!("{}/{}/{}", student, s.date, s.period),
                old_value: Some(text(o)),
                new_value: Some(text(n)),
                reason: None,
                source: "web",
                ip: s.ip,
                request_id: s.request_id,
                student_id: Some(student),
                class_id: Some(s.class_id),
                subject_id: Some(s.subject_id),
                semester_id: Some(s.semester_id),
            };
            append_audit!(&mut *tx, &audit, s.at)?;
            changed += 1;
        }
        if let Some(edit_id) = s.edit_id {
            let count = i64::try_from(changed).unwrap_or(i64::MAX);
            set_edit_version!(tx, s.by, edit_id, count)?;
        }
        tx.commit().await?;
        Ok(changed)
    })
}

/// Inserts demo marks without audit rows (demo data only): (class, semester, student, date,
/// session, status, reason, by, at).
#[allow(clippy::type_complexity)]
pub async fn insert_demo(
    db: &Db,
    school_id: i64,
    rolls: &[(i64, i64, NaiveDate, &str, i64, i64, bool)],
    marks: &[(i64, i64, i64, NaiveDate, &str, &str, String, i64, i64)],
) -> DbResult<()> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        for (class, semester, date, session, by, at, late) in rolls {
            sqlx::query("INSERT INTO attendance_rolls (school_id, class_id, semester_id, on_date, \
                         session, taken_by, taken_at, updated_by, updated_at, late, version) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7, $8, 1) \
                         ON CONFLICT (class_id, on_date, session) DO NOTHING")
                .bind(school_id).bind(*class).bind(*semester).bind(*date).bind(*session)
                .bind(*by).bind(*at).bind(*late).execute(&mut *tx).await?;
        }
        for (class, semester, student, date, session, status, reason, by, at) in marks {
            sqlx::query("INSERT INTO attendance_marks (school_id, class_id, semester_id, \
                         student_id, on_date, session, status, reason, recorded_by, recorded_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                         ON CONFLICT (student_id, on_date, session) DO NOTHING")
                .bind(school_id).bind(*class).bind(*semester).bind(*student).bind(*date)
                .bind(*session).bind(*status).bind(reason).bind(*by).bind(*at)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    })
}

/// The classes of the school's current year, by grade and name.
pub async fn current_classes(db: &Db, school_id: i64) -> DbResult<Vec<(i64, String, i64)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.name, CAST(c.grade AS BIGINT) FROM classes c \
         JOIN school_years y ON y.id = c.school_year_id \
         WHERE c.school_id = $1 AND y.is_current ORDER BY c.grade, c.name")
        .bind(school_id).fetch_all(p).await?))
}

/// The school's current year.
pub async fn current_year(db: &Db, school_id: i64) -> DbResult<Option<i64>> {
    Ok(on_db!(db, p => sqlx::query_scalar(
        "SELECT id FROM school_years WHERE school_id = $1 AND is_current")
        .bind(school_id).fetch_optional(p).await?))
}
