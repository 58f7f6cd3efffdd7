//! Writes a generated demo school (see `server::demo_data`) in one transaction.
use super::BeginWrite;
use super::{now, on_db, Db, DbError, DbResult};
use crate::server::demo_data::{AssessmentKind, DemoSchool, Gender};
use chrono::NaiveDate;
use std::collections::HashMap;

/// True when the deployment holds no school yet (a first start).
pub async fn is_empty(db: &Db) -> DbResult<bool> {
    let n: i64 = on_db!(db, p => sqlx::query_scalar("SELECT COUNT(*) FROM schools")
        .fetch_one(p).await?);
    Ok(n == 0)
}

fn date((y, m, d): (i32, u32, u32)) -> DbResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| DbError::Corrupt(format!("date {y}-{m}-{d}")))
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

/// Inserts the school with every account using `password_hash` (demo accounts share one
/// known password, listed in the README). Returns the school id.
pub async fn insert_demo(db: &Db, demo: &DemoSchool, password_hash: &str) -> DbResult<i64> {
    let at = now();
    let year = &demo.school_year;
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let school_id: i64 = sqlx::query_scalar(
            "INSERT INTO schools (code, name, level, district, province, address, created_at) \
             VALUES ($1, $2, 'lower_secondary', $3, $4, $5, $6) RETURNING id")
            .bind(&demo.code).bind(&demo.name).bind(&demo.district).bind(&demo.province)
            .bind(&demo.address).bind(at)
            .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
        let year_id: i64 = sqlx::query_scalar(
            "INSERT INTO school_years (school_id, name, start_date, end_date, is_current) \
             VALUES ($1, $2, $3, $4, TRUE) RETURNING id")
            .bind(school_id).bind(&year.name).bind(date(year.start)?).bind(date(year.end)?)
            .fetch_one(&mut *tx).await?;
        for (number, (start, end)) in [(1i64, year.semester1), (2, year.semester2)] {
            sqlx::query("INSERT INTO semesters (school_id, school_year_id, number, start_date, \
                         end_date) VALUES ($1, $2, $3, $4, $5)")
                .bind(school_id).bind(year_id).bind(number).bind(date(start)?).bind(date(end)?)
                .execute(&mut *tx).await?;
        }

        let insert_user = "INSERT INTO users (school_id, username, full_name, email, phone, \
            password_hash, must_change_password, is_active, password_changed_at, created_at) \
            VALUES ($1, $2, $3, $4, $5, $6, FALSE, TRUE, $7, $7) RETURNING id";
        let insert_role = "INSERT INTO user_roles (school_id, user_id, role) VALUES ($1, $2, $3)";

        let mut users: HashMap<&str, i64> = HashMap::new();
        for s in &demo.staff {
            let id: i64 = sqlx::query_scalar(insert_user)
                .bind(school_id).bind(&s.username).bind(s.full_name()).bind(&s.email)
                .bind(&s.phone).bind(password_hash).bind(at)
                .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
            for role in &s.roles {
                sqlx::query(insert_role).bind(school_id).bind(id).bind(*role)
                    .execute(&mut *tx).await?;
            }
            sqlx::query("INSERT INTO staff (school_id, user_id, family_name, middle_name, \
                         given_name, gender, position, email, phone) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(school_id).bind(id).bind(&s.family_name).bind(&s.middle_name)
                .bind(&s.given_name).bind(gender(s.gender)).bind(&s.position).bind(&s.email)
                .bind(&s.phone).execute(&mut *tx).await?;
            users.insert(s.username.as_str(), id);
        }
        let user = |name: &str| users.get(name).copied()
            .ok_or_else(|| DbError::Corrupt(format!("demo user {name}")));

        let mut groups: HashMap<&str, i64> = HashMap::new();
        for g in &demo.subject_groups {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO subject_groups (school_id, name) VALUES ($1, $2) RETURNING id")
                .bind(school_id).bind(&g.name).fetch_one(&mut *tx).await?;
            groups.insert(g.key, id);
        }
        // The group head is the teacher of the group holding the group_head role.
        for s in demo.staff.iter().filter(|s| s.roles.contains(&"group_head")) {
            let group = demo.assignments.iter()
                .find(|a| a.teacher_username == s.username)
                .and_then(|a| demo.subjects.iter().find(|x| x.code == a.subject_code))
                .map(|x| x.group_key);
            if let Some(id) = group.and_then(|k| groups.get(k)) {
                sqlx::query("UPDATE subject_groups SET head_user_id = $1 WHERE id = $2")
                    .bind(user(&s.username)?).bind(*id).execute(&mut *tx).await?;
            }
        }
        let mut subjects: HashMap<&str, i64> = HashMap::new();
        for (order, s) in demo.subjects.iter().enumerate() {
            let kind = match s.kind {
                AssessmentKind::Scored => "scored",
                AssessmentKind::Comment => "comment",
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO subjects (school_id, code, name, assessment_kind, periods_per_year, \
                 subject_group_id, sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
                .bind(school_id).bind(s.code).bind(&s.name).bind(kind)
                .bind(i64::from(s.periods_per_year)).bind(groups.get(s.group_key).copied())
                .bind(order as i64)
                .fetch_one(&mut *tx).await?;
            subjects.insert(s.code, id);
        }

        // Every grade of a THCS is graded by Thông tư 22 and studies every subject.
        let mut grades: Vec<u8> = demo.classes.iter().map(|c| c.grade).collect();
        grades.sort_unstable();
        grades.dedup();
        for grade in &grades {
            sqlx::query("INSERT INTO grade_levels (school_id, school_year_id, grade, rule_set) \
                         VALUES ($1, $2, $3, 'tt22_2021')")
                .bind(school_id).bind(year_id).bind(i64::from(*grade))
                .execute(&mut *tx).await?;
            for s in &demo.subjects {
                let subject_id = subjects.get(s.code).copied()
                    .ok_or_else(|| DbError::Corrupt(format!("subject {}", s.code)))?;
                sqlx::query("INSERT INTO subject_grade_levels (school_id, subject_id, grade, \
                             periods_per_year) VALUES ($1, $2, $3, $4)")
                    .bind(school_id).bind(subject_id).bind(i64::from(*grade))
                    .bind(i64::from(s.periods_per_year))
                    .execute(&mut *tx).await?;
            }
        }

        let mut classes: HashMap<&str, i64> = HashMap::new();
        let from = date(year.start)?;
        for c in &demo.classes {
            let class_id: i64 = sqlx::query_scalar(
                "INSERT INTO classes (school_id, school_year_id, grade, name, homeroom_teacher_id) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(school_id).bind(year_id).bind(i64::from(c.grade)).bind(&c.name)
                .bind(user(&c.homeroom_username)?)
                .fetch_one(&mut *tx).await?;
            classes.insert(c.name.as_str(), class_id);
            // One class gets student accounts too, so the demo has a student to log in as.
            let with_student_accounts = c.name == demo.classes[0].name;
            for s in &c.students {
                let full_name = s.full_name();
                let student_user: Option<i64> = if with_student_accounts {
                    let id: i64 = sqlx::query_scalar(insert_user)
                        .bind(school_id).bind(format!("hs{}", s.code)).bind(&full_name)
                        .bind(None::<String>).bind(None::<String>).bind(password_hash).bind(at)
                        .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
                    sqlx::query(insert_role).bind(school_id).bind(id).bind("student")
                        .execute(&mut *tx).await?;
                    Some(id)
                } else {
                    None
                };
                let student_id: i64 = sqlx::query_scalar(
                    "INSERT INTO students (school_id, code, family_name, middle_name, given_name, \
                     full_name, date_of_birth, gender, ethnicity, place_of_birth, address, \
                     user_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id")
                    .bind(school_id).bind(&s.code).bind(&s.family_name).bind(&s.middle_name)
                    .bind(&s.given_name).bind(&full_name).bind(date(s.date_of_birth)?)
                    .bind(gender(s.gender)).bind(&s.ethnicity).bind(&s.place_of_birth)
                    .bind(&s.address).bind(student_user).bind(at)
                    .fetch_one(&mut *tx).await?;
                sqlx::query("INSERT INTO enrolments (school_id, student_id, class_id, \
                             school_year_id, from_date) VALUES ($1, $2, $3, $4, $5)")
                    .bind(school_id).bind(student_id).bind(class_id).bind(year_id).bind(from)
                    .execute(&mut *tx).await?;
                // One family account per student, named by the student code (003).
                let parent_name = s.guardians.first().map(|g| g.full_name.clone())
                    .unwrap_or_else(|| format!("Phụ huynh {full_name}"));
                let parent_id: i64 = sqlx::query_scalar(insert_user)
                    .bind(school_id).bind(&s.code).bind(&parent_name)
                    .bind(None::<String>).bind(s.guardians.first().map(|g| g.phone.clone()))
                    .bind(password_hash).bind(at)
                    .fetch_one(&mut *tx).await.map_err(DbError::from_write)?;
                sqlx::query(insert_role).bind(school_id).bind(parent_id).bind("parent")
                    .execute(&mut *tx).await?;
                for (i, g) in s.guardians.iter().enumerate() {
                    sqlx::query("INSERT INTO guardians (school_id, student_id, full_name, \
                                 relationship, phone, occupation, user_id) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .bind(school_id).bind(student_id).bind(&g.full_name).bind(&g.relationship)
                        .bind(&g.phone).bind(&g.occupation).bind((i == 0).then_some(parent_id))
                        .execute(&mut *tx).await?;
                }
            }
        }
        for a in &demo.assignments {
            let class_id = classes.get(a.class_name.as_str()).copied()
                .ok_or_else(|| DbError::Corrupt(format!("class {}", a.class_name)))?;
            let subject_id = subjects.get(a.subject_code).copied()
                .ok_or_else(|| DbError::Corrupt(format!("subject {}", a.subject_code)))?;
            sqlx::query("INSERT INTO teaching_assignments (school_id, school_year_id, class_id, \
                         subject_id, teacher_id) VALUES ($1, $2, $3, $4, $5)")
                .bind(school_id).bind(year_id).bind(class_id).bind(subject_id)
                .bind(user(&a.teacher_username)?)
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(school_id)
    })
}

/// Inserts the demo school's semester-1 scores (see `server::demo_scores`) in batches, as
/// entered by each class × subject's teacher.
pub async fn insert_demo_scores(
    db: &Db,
    demo: &DemoSchool,
    school_id: i64,
    scores: &[crate::server::demo_scores::DemoScore],
) -> DbResult<u64> {
    use super::scores::{insert_new_batch, Kind, ScoreWrite, Value};
    use crate::server::demo_scores::DemoValue;
    let pairs = |sql: &'static str| async move {
        let rows: Vec<(String, i64)> = on_db!(db, p => sqlx::query_as(sql)
            .bind(school_id).fetch_all(p).await?);
        Ok::<HashMap<String, i64>, DbError>(rows.into_iter().collect())
    };
    let students = pairs("SELECT code, id FROM students WHERE school_id = $1").await?;
    let subjects = pairs("SELECT code, id FROM subjects WHERE school_id = $1").await?;
    let classes = pairs("SELECT name, id FROM classes WHERE school_id = $1").await?;
    let users = pairs("SELECT username, id FROM users WHERE school_id = $1").await?;
    let semester: i64 = on_db!(db, p => sqlx::query_scalar(
        "SELECT s.id FROM semesters s JOIN school_years y ON y.id = s.school_year_id \
         WHERE y.school_id = $1 AND y.name = $2 AND s.number = 1")
        .bind(school_id).bind(&demo.school_year.name).fetch_one(p).await?);
    let find = |map: &HashMap<String, i64>, key: &str| {
        map.get(key)
            .copied()
            .ok_or_else(|| DbError::Corrupt(format!("demo {key}")))
    };
    let mut writes = Vec::with_capacity(scores.len());
    for s in scores {
        let teacher = demo
            .assignments
            .iter()
            .find(|a| a.class_name == s.class_name && a.subject_code == s.subject_code)
            .and_then(|a| users.get(&a.teacher_username).copied());
        writes.push((
            ScoreWrite {
                school_id,
                class_id: find(&classes, &s.class_name)?,
                subject_id: find(&subjects, s.subject_code)?,
                semester_id: semester,
                student_id: find(&students, &s.student_code)?,
                kind: Kind::from_code(s.kind)
                    .ok_or_else(|| DbError::Corrupt(format!("kind {}", s.kind)))?,
                slot: i64::from(s.slot),
                value: Some(match s.value {
                    DemoValue::Tenths(t) => Value::Tenths(t),
                    DemoValue::Pass => Value::Pass,
                    DemoValue::Fail => Value::Fail,
                }),
                reason: None,
                expected_version: 0,
                edit_id: None,
            },
            teacher,
        ));
    }
    insert_new_batch(db, &writes).await
}
