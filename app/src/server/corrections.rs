//! Corrections after lock: requests by the teacher who may write a closed sheet, decisions by
//! the principal (never on their own request), and the in-app notices both send. The cells an
//! approved request opens are let through by `sheet_gate::Gate`.
use super::context::Caller;
use super::db::corrections::{self as store, NewRequest};
use super::db::scores::{self, Kind};
use super::db::{now, Db};
use super::grade_grid::SheetKey;
use super::grade_sheet::{class_in_school, class_subject, may_write_subject};
use super::locks::reason_of;
use crate::api::corrections::{
    CellRef, CorrectionCellInfo, CorrectionInfo, CorrectionStatus, CorrectionsPage,
    NotificationInfo,
};
use crate::api::grade_grid::GridKind;
use crate::domain::role::Role;
use crate::error::AppError;
use std::collections::HashMap;

/// How long an approved request keeps its cells open unless the principal says otherwise.
pub const DEFAULT_WINDOW_HOURS: i64 = 48;
/// The longest window: a month.
pub const MAX_WINDOW_HOURS: i64 = 24 * 31;
/// More cells than a whole sheet is not a correction.
const MAX_CELLS: usize = 500;

pub fn kind_of(kind: GridKind) -> Kind {
    match kind {
        GridKind::Regular => Kind::Regular,
        GridKind::Midterm => Kind::Midterm,
        GridKind::Final => Kind::Final,
    }
}

fn grid_kind(code: &str) -> GridKind {
    match code {
        "midterm" => GridKind::Midterm,
        "final" => GridKind::Final,
        _ => GridKind::Regular,
    }
}

async fn audit(
    caller: &Caller,
    action: &str,
    id: i64,
    new_value: Option<String>,
    reason: Option<&str>,
) -> Result<(), AppError> {
    super::context::audit(super::db::audit::AuditEntry {
        school_id: caller.school_id,
        actor_user_id: Some(caller.user_id),
        action,
        entity: "correction_request",
        entity_id: id.to_string(),
        new_value,
        reason,
        ..Default::default()
    })
    .await
}

fn link_of(class_id: i64, subject_id: i64, semester_number: i64) -> String {
    format!("/classes/{class_id}/grades/{subject_id}/{semester_number}")
}

/// Sends `kind` to `users` but `except` (who acted).
async fn tell(
    db: &Db,
    school_id: i64,
    mut users: Vec<i64>,
    except: i64,
    kind: &str,
    params: &[(&str, String)],
) -> Result<(), AppError> {
    users.retain(|u| *u != except);
    users.sort_unstable();
    users.dedup();
    let map: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
        .collect();
    let params = serde_json::Value::Object(map).to_string();
    store::notify(db, school_id, &users, kind, &params, "/corrections", now()).await?;
    Ok(())
}

pub async fn request(
    db: &Db,
    caller: &Caller,
    sheet: SheetKey,
    cells: &[CellRef],
    reason: &str,
) -> Result<i64, AppError> {
    let class = class_in_school(db, caller, sheet.class_id).await?;
    let subject = class_subject(db, class.id, sheet.subject_id).await?;
    if !may_write_subject(caller, &subject) {
        return Err(AppError::Forbidden);
    }
    let semester = scores::semesters_of_class(db, class.id)
        .await?
        .into_iter()
        .find(|s| s.id == sheet.semester_id)
        .ok_or(AppError::NotFound)?;
    if !super::sheet_gate::closed_for_correction(db, &class, subject.id, &semester).await? {
        return Err(AppError::CorrectionNotNeeded);
    }
    if cells.is_empty() {
        return Err(AppError::CorrectionNoCells);
    }
    if cells.len() > MAX_CELLS {
        return Err(AppError::CorrectionNoSuchCell);
    }
    let setup = super::db::grading::setup(db, class.id, subject.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let regular = i64::try_from(setup.regular_assessments()?).unwrap_or(i64::MAX);
    let students: Vec<i64> = scores::students_of_class(db, class.id)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let exists = |c: &CellRef| {
        students.contains(&c.student_id)
            && match c.kind {
                GridKind::Regular => (1..=regular).contains(&c.slot),
                GridKind::Midterm | GridKind::Final => c.slot == 1,
            }
    };
    if !cells.iter().all(exists) {
        return Err(AppError::CorrectionNoSuchCell);
    }
    let reason = reason_of(reason)?;
    let refs: Vec<store::CellRef> = cells
        .iter()
        .map(|c| store::CellRef {
            student_id: c.student_id,
            kind: kind_of(c.kind).code().to_string(),
            slot: c.slot,
        })
        .collect();
    let id = store::create(
        db,
        &NewRequest {
            school_id: class.school_id,
            class_id: class.id,
            subject_id: subject.id,
            semester_id: semester.id,
            requested_by: caller.user_id,
            at: now(),
            reason: &reason,
            cells: &refs,
        },
    )
    .await?;
    let described: Vec<String> = refs
        .iter()
        .map(|c| format!("{}/{}/{}", c.student_id, c.kind, c.slot))
        .collect();
    audit(
        caller,
        "correction_requested",
        id,
        Some(format!(
            "{} / {} / semester {}: {}",
            class.name,
            subject.code,
            semester.number,
            described.join(", ")
        )),
        Some(&reason),
    )
    .await?;
    let mut to = store::users_with_roles(db, class.school_id, &["principal", "admin"]).await?;
    to.extend(class.homeroom_teacher_id);
    tell(
        db,
        class.school_id,
        to,
        caller.user_id,
        "correction_requested",
        &[
            ("id", id.to_string()),
            ("who", caller.full_name.clone()),
            ("class", class.name.clone()),
            ("subject", subject.name.clone()),
        ],
    )
    .await?;
    Ok(id)
}

fn status_of(code: &str) -> CorrectionStatus {
    match code {
        "approved" => CorrectionStatus::Approved,
        "refused" => CorrectionStatus::Refused,
        _ => CorrectionStatus::Pending,
    }
}

pub async fn page(db: &Db, caller: &Caller) -> Result<CorrectionsPage, AppError> {
    let whole_school = caller.has(Role::Principal) || caller.has(Role::Admin);
    let requested_by = (!whole_school).then_some(caller.user_id);
    let rows = store::list(db, caller.school_id, requested_by).await?;
    let oldest = rows.iter().map(|r| r.id).min().unwrap_or(0);
    let mut cells_of: HashMap<i64, Vec<store::CellRef>> = HashMap::new();
    for (request, cell) in
        store::cells_of_listed(db, caller.school_id, requested_by, oldest).await?
    {
        cells_of.entry(request).or_default().push(cell);
    }
    let mut names: HashMap<i64, HashMap<i64, String>> = HashMap::new();
    let mut requests = Vec::with_capacity(rows.len());
    for r in rows {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(r.class_id) {
            let of_class = scores::students_of_class(db, r.class_id)
                .await?
                .into_iter()
                .map(|s| (s.id, s.full_name))
                .collect();
            slot.insert(of_class);
        }
        let students = names.get(&r.class_id);
        let cells = cells_of
            .remove(&r.id)
            .unwrap_or_default()
            .into_iter()
            .map(|c| CorrectionCellInfo {
                student: students
                    .and_then(|n| n.get(&c.student_id).cloned())
                    .unwrap_or_else(|| c.student_id.to_string()),
                kind: grid_kind(&c.kind),
                slot: c.slot,
            })
            .collect();
        let status = status_of(&r.status);
        requests.push(CorrectionInfo {
            id: r.id,
            link: link_of(r.class_id, r.subject_id, r.semester_number),
            class_name: r.class_name,
            subject_name: r.subject_name,
            semester_number: r.semester_number,
            requested_by: r.requested_by_name,
            requested_at: r.requested_at,
            reason: r.reason,
            cells,
            status,
            decided_by: r.decided_by_name,
            decided_at: r.decided_at,
            decision_note: r.decision_note,
            open_until: r.open_until,
            can_decide: caller.has(Role::Principal)
                && status == CorrectionStatus::Pending
                && r.requested_by != caller.user_id,
        });
    }
    Ok(CorrectionsPage {
        whole_school,
        requests,
    })
}

pub async fn decide(
    db: &Db,
    caller: &Caller,
    id: i64,
    approve: bool,
    hours: Option<i64>,
    note: &str,
) -> Result<(), AppError> {
    if !caller.has(Role::Principal) {
        return Err(AppError::Forbidden);
    }
    let request = store::find(db, caller.school_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if request.requested_by == caller.user_id {
        return Err(AppError::CorrectionSelfApproval);
    }
    if request.status != "pending" {
        return Err(AppError::CorrectionDecided);
    }
    let at = now();
    let (status, note, open_until) = if approve {
        let hours = hours
            .unwrap_or(DEFAULT_WINDOW_HOURS)
            .clamp(1, MAX_WINDOW_HOURS);
        let note = note.trim();
        let note = (!note.is_empty()).then(|| note.chars().take(500).collect::<String>());
        ("approved", note, Some(at + hours * 3600))
    } else {
        ("refused", Some(reason_of(note)?), None)
    };
    let decision = store::Decision {
        status,
        by: caller.user_id,
        at,
        note: note.as_deref(),
        open_until,
    };
    if !store::decide(db, caller.school_id, id, &decision).await? {
        return Err(AppError::CorrectionDecided);
    }
    audit(
        caller,
        if approve {
            "correction_approved"
        } else {
            "correction_refused"
        },
        id,
        Some(match open_until {
            Some(until) => format!("approved, open until {until}"),
            None => "refused".into(),
        }),
        note.as_deref(),
    )
    .await?;
    let class = super::db::classes::find(db, request.class_id).await?;
    let mut to = store::users_with_roles(db, caller.school_id, &["admin"]).await?;
    to.push(request.requested_by);
    to.extend(class.and_then(|c| c.homeroom_teacher_id));
    tell(
        db,
        caller.school_id,
        to,
        caller.user_id,
        if approve {
            "correction_approved"
        } else {
            "correction_refused"
        },
        &[
            ("id", id.to_string()),
            ("who", caller.full_name.clone()),
            ("class", request.class_name.clone()),
            ("subject", request.subject_name.clone()),
        ],
    )
    .await
}

pub async fn notifications(db: &Db, caller: &Caller) -> Result<Vec<NotificationInfo>, AppError> {
    Ok(store::unread(db, caller.user_id)
        .await?
        .into_iter()
        .map(|n| {
            let params =
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&n.params)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().map(str::to_string).unwrap_or_default()))
                    .collect();
            NotificationInfo {
                id: n.id,
                kind: n.kind,
                params,
                link: n.link,
                created_at: n.created_at,
            }
        })
        .collect())
}

/// The cells of one sheet that the caller's approved requests open now, and until when.
pub async fn open_cells(
    db: &Db,
    caller: &Caller,
    sheet: SheetKey,
) -> Result<(Vec<CellRef>, Option<i64>), AppError> {
    let at = now();
    let grants = store::grants(
        db,
        caller.user_id,
        sheet.class_id,
        sheet.subject_id,
        sheet.semester_id,
    )
    .await?;
    let open: Vec<_> = grants.into_iter().filter(|g| g.open_until > at).collect();
    let until = open.iter().map(|g| g.open_until).max();
    let mut cells: Vec<CellRef> = open
        .iter()
        .map(|g| CellRef {
            student_id: g.student_id,
            kind: grid_kind(&g.kind),
            slot: g.slot,
        })
        .collect();
    cells.dedup();
    Ok((cells, until))
}
