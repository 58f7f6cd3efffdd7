//! Student records for the admin: search, the full record, and each audited change.
use super::{audit_change, snapshot, taken};
use crate::api::student_records::{
    Admission, EnrolmentInfo, GuardianForm, GuardianInfo, Movement, MovementForm, StudentDetail,
    StudentListItem, StudentSearch, SEARCH_LIMIT,
};
use crate::domain::structure::field::{date, optional_text, required_text};
use crate::domain::structure::student::{StudentForm, StudentRecord};
use crate::domain::structure::{Field, FieldProblem, Invalid};
use crate::domain::vietnamese::{compare_names, fold_vi, PersonName};
use crate::error::AppError;
use crate::server::context::Caller;
use crate::server::db::students::{self, Joining, Leaving, NewGuardian, StudentRow};
use crate::server::db::{class_admin, classes, school_years, Db};
use chrono::NaiveDate;

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

pub async fn search(
    db: &Db,
    school_id: i64,
    query: &str,
    class_id: Option<i64>,
) -> Result<StudentSearch, AppError> {
    let q = fold_vi(query.trim());
    let mut rows: Vec<(PersonName, students::StudentListRow)> = students::list(db, school_id)
        .await?
        .into_iter()
        .filter(|r| class_id.is_none() || r.class_id == class_id)
        .map(|r| {
            let name = PersonName {
                family: r.family_name.clone(),
                middle: r.middle_name.clone(),
                given: r.given_name.clone(),
            };
            (name, r)
        })
        .filter(|(name, r)| {
            q.is_empty() || fold_vi(&name.full()).contains(&q) || fold_vi(&r.code).contains(&q)
        })
        .collect();
    rows.sort_by(|a, b| {
        a.1.class_name
            .cmp(&b.1.class_name)
            .then_with(|| compare_names(&a.0, &b.0))
            .then_with(|| a.1.code.cmp(&b.1.code))
    });
    let total = rows.len();
    Ok(StudentSearch {
        students: rows
            .into_iter()
            .take(SEARCH_LIMIT)
            .map(|(name, r)| StudentListItem {
                id: r.id,
                code: r.code,
                full_name: name.full(),
                date_of_birth: r.date_of_birth.map(dmy).unwrap_or_default(),
                is_female: r.gender == "female",
                status: r.status,
                class_name: r.class_name,
            })
            .collect(),
        total,
    })
}

fn form_of(s: &StudentRow) -> StudentForm {
    StudentForm {
        code: s.code.clone(),
        full_name: s.full_name.clone(),
        date_of_birth: s.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
        gender: s.gender.clone(),
        ethnicity: s.ethnicity.clone(),
        religion: s.religion.clone(),
        nationality: s.nationality.clone(),
        national_id: s.national_id.clone(),
        place_of_birth: s.place_of_birth.clone(),
        hometown: s.hometown.clone(),
        address: s.address.clone(),
        current_address: s.current_address.clone(),
        policy_group: s.policy_group.clone(),
    }
}

async fn student(db: &Db, school_id: i64, student_id: i64) -> Result<StudentRow, AppError> {
    students::find(db, school_id, student_id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn detail(db: &Db, school_id: i64, student_id: i64) -> Result<StudentDetail, AppError> {
    let s = student(db, school_id, student_id).await?;
    let enrolments = students::enrolments(db, school_id, s.id).await?;
    let current_class_id = enrolments
        .iter()
        .find(|e| e.status == "active")
        .map(|e| e.class_id);
    let classes = match school_years::current(db, school_id).await? {
        Some(y) => class_admin::list(db, school_id, y.id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect(),
        None => Vec::new(),
    };
    Ok(StudentDetail {
        id: s.id,
        version: s.version,
        status: s.status.clone(),
        form: form_of(&s),
        guardians: students::guardians(db, school_id, s.id)
            .await?
            .into_iter()
            .map(|g| GuardianInfo {
                id: g.id,
                full_name: g.full_name,
                relationship: g.relationship,
                phone: g.phone,
                email: g.email,
                occupation: g.occupation,
            })
            .collect(),
        enrolments: enrolments
            .into_iter()
            .map(|e| EnrolmentInfo {
                active: e.status == "active",
                class_name: e.class_name,
                school_year: e.school_year,
                from: dmy(e.from_date),
                to: e.to_date.map(dmy),
                entry_kind: e.entry_kind,
                exit_kind: e.exit_kind,
                other_school: e.other_school,
                note: e.note,
            })
            .collect(),
        classes,
        current_class_id,
        can_edit: false,
    })
}

/// A class of the caller's school and the year it belongs to.
async fn class_in_school(db: &Db, school_id: i64, class_id: i64) -> Result<(i64, i64), AppError> {
    let class = classes::find(db, class_id)
        .await?
        .filter(|c| c.school_id == school_id)
        .ok_or(AppError::Invalid(Invalid::new(
            Field::Class,
            FieldProblem::UnknownChoice,
        )))?;
    let year = class_admin::year_of(db, school_id, class.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((class.id, year))
}

/// A date typed in a form, or `default` when left empty.
fn date_or(value: &str, default: NaiveDate) -> Result<NaiveDate, AppError> {
    if value.trim().is_empty() {
        Ok(default)
    } else {
        date(Field::Date, value).map_err(AppError::Invalid)
    }
}

pub async fn create(
    db: &Db,
    caller: &Caller,
    form: &StudentForm,
    admission: &Admission,
) -> Result<i64, AppError> {
    let record = StudentRecord::parse(form, today()).map_err(AppError::Invalid)?;
    let other_school = optional_text(Field::OtherSchool, &admission.other_school, 200)
        .map_err(AppError::Invalid)?;
    // Check everything before writing anything.
    let class = match admission.class_id {
        Some(id) => Some(class_in_school(db, caller.school_id, id).await?),
        None => None,
    };
    let start = match school_years::current(db, caller.school_id).await? {
        Some(y) => y.start_date,
        None => today(),
    };
    let on = date_or(&admission.date, start)?;
    if students::find_by_code(db, &record.code).await?.is_some() {
        return Err(AppError::Invalid(Invalid::new(
            Field::StudentCode,
            FieldProblem::Taken,
        )));
    }
    let id = students::create(db, caller.school_id, &record)
        .await
        .map_err(taken(Field::StudentCode))?;
    let mut saved = form.clone();
    saved.full_name = record.name.full();
    audit_change(
        caller,
        "student_created",
        "student",
        id,
        None,
        snapshot(&saved),
        None,
    )
    .await?;
    if let Some((class_id, year_id)) = class {
        let kind = if admission.transfer_in {
            "transfer_in"
        } else {
            "start"
        };
        students::move_student(
            db,
            caller.school_id,
            id,
            None,
            Some(&Joining {
                class_id,
                school_year_id: year_id,
                on,
                entry_kind: kind,
                other_school: &other_school,
                note: "",
            }),
            "studying",
        )
        .await?;
        audit_change(
            caller,
            "student_enrolled",
            "student",
            id,
            None,
            Some(format!(
                "class {class_id} from {on} ({kind}) {other_school}"
            )),
            None,
        )
        .await?;
    }
    Ok(id)
}

pub async fn update(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    version: i64,
    form: &StudentForm,
) -> Result<(), AppError> {
    let record = StudentRecord::parse(form, today()).map_err(AppError::Invalid)?;
    let old = student(db, caller.school_id, student_id).await?;
    if old.code != record.code {
        if let Some(other) = students::find_by_code(db, &record.code).await? {
            if other.id != old.id {
                return Err(AppError::Invalid(Invalid::new(
                    Field::StudentCode,
                    FieldProblem::Taken,
                )));
            }
        }
    }
    let saved = students::update(db, caller.school_id, old.id, version, &record)
        .await
        .map_err(taken(Field::StudentCode))?;
    if !saved {
        return Err(AppError::EditConflict);
    }
    let mut new = form.clone();
    new.full_name = record.name.full();
    audit_change(
        caller,
        "student_changed",
        "student",
        old.id,
        snapshot(&form_of(&old)),
        snapshot(&new),
        None,
    )
    .await
}

pub async fn add_guardian(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    g: &GuardianForm,
) -> Result<i64, AppError> {
    let s = student(db, caller.school_id, student_id).await?;
    let inv = AppError::Invalid;
    let full_name = required_text(Field::FullName, &g.full_name, 80).map_err(inv)?;
    let relationship = required_text(Field::Relationship, &g.relationship, 40).map_err(inv)?;
    let phone = optional_text(Field::Phone, &g.phone, 20).map_err(inv)?;
    if !phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '.' | '-'))
    {
        return Err(inv(Invalid::new(Field::Phone, FieldProblem::BadCharacters)));
    }
    let email = optional_text(Field::Email, &g.email, 120).map_err(inv)?;
    if !email.is_empty() && (!email.contains('@') || email.contains(' ')) {
        return Err(inv(Invalid::new(Field::Email, FieldProblem::BadCharacters)));
    }
    let occupation = optional_text(Field::Occupation, &g.occupation, 80).map_err(inv)?;
    let id = students::add_guardian(
        db,
        caller.school_id,
        s.id,
        &NewGuardian {
            full_name: &full_name,
            relationship: &relationship,
            phone: &phone,
            email: &email,
            occupation: &occupation,
        },
    )
    .await?;
    audit_change(
        caller,
        "guardian_added",
        "student",
        s.id,
        None,
        Some(format!("{full_name} ({relationship}) {phone} {email}")),
        None,
    )
    .await?;
    Ok(id)
}

pub async fn remove_guardian(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    guardian_id: i64,
) -> Result<(), AppError> {
    let s = student(db, caller.school_id, student_id).await?;
    let old = students::guardians(db, caller.school_id, s.id)
        .await?
        .into_iter()
        .find(|g| g.id == guardian_id)
        .ok_or(AppError::NotFound)?;
    students::remove_guardian(db, caller.school_id, s.id, guardian_id).await?;
    audit_change(
        caller,
        "guardian_removed",
        "student",
        s.id,
        Some(format!(
            "{} ({}) {}",
            old.full_name, old.relationship, old.phone
        )),
        None,
        None,
    )
    .await
}

pub async fn movement(
    db: &Db,
    caller: &Caller,
    student_id: i64,
    movement: Movement,
    form: &MovementForm,
) -> Result<(), AppError> {
    let s = student(db, caller.school_id, student_id).await?;
    let on = date(Field::Date, &form.date).map_err(AppError::Invalid)?;
    let reason = optional_text(Field::Reason, &form.reason, 500).map_err(AppError::Invalid)?;
    let other_school =
        optional_text(Field::OtherSchool, &form.other_school, 200).map_err(AppError::Invalid)?;
    let active = students::enrolments(db, caller.school_id, s.id)
        .await?
        .into_iter()
        .find(|e| e.status == "active");
    if let Some(a) = &active {
        if on < a.from_date {
            return Err(AppError::Invalid(Invalid::new(
                Field::Date,
                FieldProblem::OutOfOrder,
            )));
        }
    }
    let target = match form.class_id {
        Some(id) => Some(class_in_school(db, caller.school_id, id).await?),
        None => None,
    };
    let need_class = || AppError::Invalid(Invalid::new(Field::Class, FieldProblem::Empty));
    let need_active = || AppError::Invalid(Invalid::new(Field::Class, FieldProblem::UnknownChoice));
    let (leaving, joining, status, action) = match movement {
        Movement::ChangeClass => {
            let (class_id, year_id) = target.ok_or_else(need_class)?;
            if active.as_ref().map(|a| a.class_id) == Some(class_id) {
                return Err(need_active());
            }
            let leave = active.as_ref().map(|_| ("class_change", ""));
            (
                leave,
                Some((class_id, year_id, "class_change", "")),
                "studying",
                "student_changed_class",
            )
        }
        Movement::TransferOut => {
            active.as_ref().ok_or_else(need_active)?;
            if other_school.is_empty() {
                return Err(AppError::Invalid(Invalid::new(
                    Field::OtherSchool,
                    FieldProblem::Empty,
                )));
            }
            (
                Some(("transfer_out", other_school.as_str())),
                None,
                "transferred_out",
                "student_transferred_out",
            )
        }
        Movement::DropOut => {
            active.as_ref().ok_or_else(need_active)?;
            (
                Some(("dropped_out", "")),
                None,
                "dropped_out",
                "student_dropped_out",
            )
        }
        Movement::Return => {
            if active.is_some() {
                return Err(need_active());
            }
            let (class_id, year_id) = target.ok_or_else(need_class)?;
            (
                None,
                Some((class_id, year_id, "return", other_school.as_str())),
                "studying",
                "student_returned",
            )
        }
    };
    students::move_student(
        db,
        caller.school_id,
        s.id,
        leaving
            .map(|(exit_kind, other)| Leaving {
                on,
                exit_kind,
                other_school: other,
                note: &reason,
            })
            .as_ref(),
        joining
            .map(|(class_id, school_year_id, entry_kind, other)| Joining {
                class_id,
                school_year_id,
                on,
                entry_kind,
                other_school: other,
                note: &reason,
            })
            .as_ref(),
        status,
    )
    .await?;
    audit_change(
        caller,
        action,
        "student",
        s.id,
        active.map(|a| format!("{} ({})", a.class_name, a.status)),
        Some(format!(
            "{:?} on {on}, class {:?}, {other_school}",
            movement, form.class_id
        )),
        (!reason.is_empty()).then_some(reason.as_str()),
    )
    .await
}
