//! Family accounts: which accounts a batch creates or gives a new slip, hashing their random
//! passwords, writing them in one transaction; linking a second child.
use super::auth::{hash_password, random_password, verify_password};
use super::context::{origin, Caller, Origin};
use super::db::family_accounts::{self as store, Actor, Existing, Write};
use super::db::{classes, home, now, school_years, Db, DbError};
use crate::api::family_accounts::FamilySlips;
use crate::api::home::ChildCard;
use crate::domain::family_accounts::{check_link, AccountKind, LinkFacts, LinkRefusal, Slip};
use crate::domain::vietnamese::PersonName;
use crate::error::AppError;

pub struct Batch {
    pub class_id: Option<i64>,
    pub student_accounts: bool,
    pub reissue_unused: bool,
}

/// What to do for one account of one student.
enum Plan {
    Create,
    NewPassword(i64),
    InUse,
    Taken,
}

fn plan(existing: Option<Existing>, reissue_unused: bool) -> Option<Plan> {
    match existing {
        None => Some(Plan::Create),
        // Closed: the child was linked to a sibling's account (or the account disabled).
        Some(e) if !e.active => None,
        Some(e) if !e.theirs => Some(Plan::Taken),
        Some(e) if e.unused => reissue_unused.then_some(Plan::NewPassword(e.user_id)),
        Some(_) => Some(Plan::InUse),
    }
}

fn actor<'a>(caller: &Caller, o: &'a Origin) -> Actor<'a> {
    Actor {
        school_id: caller.school_id,
        user_id: caller.user_id,
        ip: &o.ip,
        request_id: &o.request_id,
        at: now(),
    }
}

pub async fn create(db: &Db, caller: &Caller, batch: &Batch) -> Result<FamilySlips, AppError> {
    if let Some(class_id) = batch.class_id {
        match classes::find(db, class_id).await? {
            Some(c) if c.school_id == caller.school_id => {}
            _ => return Err(AppError::NotFound),
        }
    }
    let year = school_years::current(db, caller.school_id)
        .await?
        .ok_or(AppError::NoCurrentYear)?;
    let mut students = store::students(db, caller.school_id, year.id, batch.class_id).await?;
    // Class order (given name first), as on the class list the slips are handed out from.
    students.sort_by_cached_key(|s| {
        let name = PersonName::split_full(&s.full_name)
            .ok()
            .map(|n| n.sort_key());
        (s.class_name.clone(), name, s.code.clone())
    });
    let mut out = FamilySlips {
        school_name: super::db::accounts::school_name(db, caller.school_id).await?,
        ..FamilySlips::default()
    };
    // (student, kind, plan, username, account name)
    let mut todo = Vec::new();
    for s in &students {
        let mut kinds = vec![(AccountKind::Parent, s.parent)];
        if batch.student_accounts {
            kinds.push((AccountKind::Student, s.student));
        }
        for (kind, existing) in kinds {
            let username = kind.username(&s.code);
            match plan(existing, batch.reissue_unused) {
                Some(Plan::InUse) => out.in_use += 1,
                Some(Plan::Taken) => out.taken.push(s.code.clone()),
                Some(p) => {
                    let name = match kind {
                        AccountKind::Parent => s
                            .guardian_name
                            .clone()
                            .unwrap_or_else(|| format!("Phụ huynh {}", s.full_name)),
                        AccountKind::Student => s.full_name.clone(),
                    };
                    todo.push((s, kind, p, username, name));
                }
                None => {}
            }
        }
    }
    // Hashing is the slow part (tens of milliseconds each): all of them at once on the
    // blocking threads.
    let passwords: Vec<String> = todo.iter().map(|_| random_password()).collect();
    let tasks: Vec<_> = passwords
        .iter()
        .map(|p| tokio::spawn(hash_password(p.clone())))
        .collect();
    let mut hashes = Vec::with_capacity(tasks.len());
    for t in tasks {
        hashes.push(t.await.map_err(|_| AppError::Internal)??);
    }
    let writes: Vec<Write<'_>> = todo
        .iter()
        .zip(&hashes)
        .map(|((s, kind, p, username, name), hash)| match p {
            Plan::NewPassword(user_id) => Write::NewPassword {
                student_id: s.student_id,
                user_id: *user_id,
                username,
                password_hash: hash,
            },
            _ => Write::Create {
                student_id: s.student_id,
                kind: *kind,
                username,
                full_name: name,
                password_hash: hash,
            },
        })
        .collect();
    let o = origin();
    let actor = actor(caller, &o);
    store::write(db, &writes, &actor)
        .await
        .map_err(|e| match e {
            // A name taken or an account used since the list was read: run the batch again.
            DbError::Conflict => AppError::EditConflict,
            other => other.into(),
        })?;
    for ((s, kind, p, username, _), password) in todo.iter().zip(passwords) {
        match p {
            Plan::NewPassword(_) => out.reissued += 1,
            _ => out.created += 1,
        }
        out.slips.push(Slip {
            class_name: s.class_name.clone(),
            student_name: s.full_name.clone(),
            student_code: s.code.clone(),
            kind: *kind,
            username: username.clone(),
            password,
        });
    }
    tracing::info!(
        school_id = caller.school_id,
        created = out.created,
        reissued = out.reissued,
        "family accounts"
    );
    Ok(out)
}

pub async fn link(
    db: &Db,
    caller: &Caller,
    code: &str,
    slip_password: String,
) -> Result<ChildCard, AppError> {
    let code = code.trim().to_lowercase();
    let slip = store::slip_account(db, caller.school_id, &code).await?;
    // The same time whether or not the code exists (verify_password's dummy hash).
    let password_matches = verify_password(
        slip_password,
        slip.as_ref().map(|s| s.password_hash.clone()),
    )
    .await;
    let refused = AppError::FamilyLink;
    let Some(slip) = slip else {
        return Err(refused(LinkRefusal::WrongSlip));
    };
    check_link(LinkFacts {
        account_found: true,
        is_callers: slip.user_id == caller.user_id,
        already_mine: store::sees(db, caller.user_id, slip.student_id).await?,
        active: slip.active,
        unused: slip.unused,
        password_matches,
    })
    .map_err(refused)?;
    let o = origin();
    let actor = actor(caller, &o);
    store::link_child(db, caller.user_id, &caller.username, &slip, &actor)
        .await
        .map_err(|e| match e {
            DbError::Conflict => AppError::FamilyLink(LinkRefusal::SlipUsed),
            other => other.into(),
        })?;
    let year = school_years::current(db, caller.school_id).await?;
    let children = match year {
        Some(y) => home::children(db, caller.user_id, y.id).await?,
        None => Vec::new(),
    };
    children
        .into_iter()
        .find(|c| c.code.to_lowercase() == code)
        .ok_or(AppError::Internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn existing(theirs: bool, active: bool, unused: bool) -> Option<Existing> {
        Some(Existing {
            user_id: 9,
            unused,
            active,
            theirs,
        })
    }

    #[test]
    fn a_batch_creates_the_missing_and_renews_only_the_unused_when_asked() {
        assert!(matches!(plan(None, false), Some(Plan::Create)));
        assert!(matches!(
            plan(existing(false, true, true), true),
            Some(Plan::Taken)
        ));
        assert!(plan(existing(true, true, true), false).is_none());
        assert!(matches!(
            plan(existing(true, true, true), true),
            Some(Plan::NewPassword(9))
        ));
        assert!(matches!(
            plan(existing(true, true, false), true),
            Some(Plan::InUse)
        ));
        assert!(plan(existing(true, false, true), true).is_none());
    }
}
