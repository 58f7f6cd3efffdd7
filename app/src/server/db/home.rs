//! What each role's home page shows, read with one aggregate query per panel.
use super::{on_db, Db, DbResult};
use crate::api::home::{ChildCard, ClassCard, GroupPanel, SchoolCounts, TeachingCard};

pub async fn current_year(db: &Db, school_id: i64) -> DbResult<Option<(i64, String)>> {
    Ok(on_db!(db, p => sqlx::query_as(
        "SELECT id, name FROM school_years WHERE school_id = $1 AND is_current = TRUE \
         ORDER BY start_date DESC LIMIT 1")
        .bind(school_id).fetch_optional(p).await?))
}

pub async fn school_counts(db: &Db, school_id: i64, year_id: i64) -> DbResult<SchoolCounts> {
    let (classes, students, teachers, families, accounts): (i64, i64, i64, i64, i64) = on_db!(db, p => sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM classes WHERE school_id = $1 AND school_year_id = $2), \
           (SELECT COUNT(*) FROM enrolments WHERE school_id = $1 AND school_year_id = $2 \
              AND status = 'active'), \
           (SELECT COUNT(DISTINCT teacher_id) FROM teaching_assignments \
              WHERE school_id = $1 AND school_year_id = $2), \
           (SELECT COUNT(DISTINCT user_id) FROM user_roles WHERE school_id = $1 \
              AND role IN ('parent', 'student')), \
           (SELECT COUNT(*) FROM users WHERE school_id = $1)")
        .bind(school_id).bind(year_id).fetch_one(p).await?);
    Ok(SchoolCounts {
        classes,
        students,
        teachers,
        family_accounts: families,
        accounts,
    })
}

pub async fn homeroom_classes(db: &Db, user_id: i64, year_id: i64) -> DbResult<Vec<ClassCard>> {
    let rows: Vec<(i64, String, i64, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.name, CAST(c.grade AS BIGINT), \
           (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id AND e.status = 'active') \
         FROM classes c WHERE c.homeroom_teacher_id = $1 AND c.school_year_id = $2 \
         ORDER BY c.grade, c.name")
        .bind(user_id).bind(year_id).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(|(id, name, grade, students)| ClassCard {
            id,
            name,
            grade,
            students,
        })
        .collect())
}

pub async fn teaching(db: &Db, user_id: i64, year_id: i64) -> DbResult<Vec<TeachingCard>> {
    let rows: Vec<(i64, String, String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT c.id, c.name, s.name, \
           (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id AND e.status = 'active') \
         FROM teaching_assignments t \
         JOIN classes c ON c.id = t.class_id \
         JOIN subjects s ON s.id = t.subject_id \
         WHERE t.teacher_id = $1 AND t.school_year_id = $2 \
         ORDER BY s.sort_order, c.grade, c.name")
        .bind(user_id).bind(year_id).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(
            |(class_id, class_name, subject_name, students)| TeachingCard {
                class_id,
                class_name,
                subject_name,
                students,
            },
        )
        .collect())
}

pub async fn led_groups(db: &Db, user_id: i64, year_id: i64) -> DbResult<Vec<GroupPanel>> {
    let rows: Vec<(i64, String, String, i64)> = on_db!(db, p => sqlx::query_as(
        "SELECT g.id, g.name, s.name, \
           (SELECT COUNT(DISTINCT t.teacher_id) FROM teaching_assignments t \
              JOIN subjects s2 ON s2.id = t.subject_id \
              WHERE s2.subject_group_id = g.id AND t.school_year_id = $2) \
         FROM subject_groups g JOIN subjects s ON s.subject_group_id = g.id \
         WHERE g.head_user_id = $1 ORDER BY g.name, s.sort_order")
        .bind(user_id).bind(year_id).fetch_all(p).await?);
    let mut groups: Vec<(i64, GroupPanel)> = Vec::new();
    for (id, name, subject, teachers) in rows {
        match groups.last_mut() {
            Some((last, g)) if *last == id => g.subjects.push(subject),
            _ => groups.push((
                id,
                GroupPanel {
                    name,
                    subjects: vec![subject],
                    teachers,
                },
            )),
        }
    }
    Ok(groups.into_iter().map(|(_, g)| g).collect())
}

/// The students a family account may see: as a guardian, or the student's own account.
pub async fn children(db: &Db, user_id: i64, year_id: i64) -> DbResult<Vec<ChildCard>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> = on_db!(db, p => sqlx::query_as(
        "SELECT st.code, st.full_name, c.name, u.full_name \
         FROM students st \
         LEFT JOIN enrolments e ON e.student_id = st.id AND e.school_year_id = $2 \
           AND e.status = 'active' \
         LEFT JOIN classes c ON c.id = e.class_id \
         LEFT JOIN users u ON u.id = c.homeroom_teacher_id \
         WHERE st.user_id = $1 \
            OR st.id IN (SELECT g.student_id FROM guardians g WHERE g.user_id = $1) \
         ORDER BY st.full_name")
        .bind(user_id).bind(year_id).fetch_all(p).await?);
    Ok(rows
        .into_iter()
        .map(
            |(code, full_name, class_name, homeroom_teacher)| ChildCard {
                code,
                full_name,
                class_name,
                homeroom_teacher,
            },
        )
        .collect())
}
