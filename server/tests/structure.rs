//! The school's structure over HTTP: who may read and change it, bad input that changes
//! nothing, edits from an outdated copy, transfers, and the audit trail of each change.
#[path = "../../app/tests/support/databases.rs"]
mod databases;
#[path = "support/app.rs"]
mod support;

use app::server::db::{audit, classes, students};
use app::server::demo::DEMO_PASSWORD;
use databases::TestDb;
use http::StatusCode;
use serde_json::{json, Value};
use support::TestApp;

/// The demo school's id, and the id of one of its classes by name.
async fn class_id(app: &TestApp, admin: &str, name: &str) -> i64 {
    let d = app
        .post_json("/api/admin/classes", json!({}), Some(admin))
        .await
        .json();
    d["classes"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == name))
        .and_then(|c| c["id"].as_i64())
        .unwrap_or_else(|| panic!("class {name} in {d}"))
}

fn student_form(code: &str, name: &str) -> Value {
    json!({
        "code": code, "full_name": name, "date_of_birth": "03/02/2014", "gender": "Nữ",
        "ethnicity": "Tày", "religion": "", "nationality": "", "national_id": "",
        "place_of_birth": "", "hometown": "", "address": "", "current_address": "",
        "policy_group": ""
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_schools_admin_changes_the_structure_and_the_board_may_read_it() {
    on_both!(|app| {
        let teacher = app.login("gv.toan", DEMO_PASSWORD).await;
        let parent = app.login("7901692934", DEMO_PASSWORD).await;
        let principal = app.login("hieutruong", DEMO_PASSWORD).await;
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let class_6a1 = class_id(&app, &admin, "6A1").await;
        let writes = [
            (
                "/api/admin/subject/save",
                json!({"subject_id": null, "code": "X1", "name": "X", "kind": "scored"}),
            ),
            (
                "/api/admin/class/save",
                json!({"class_id": null, "year_id": 1, "name": "6A8", "grade": 6, "homeroom_teacher_id": null}),
            ),
            (
                "/api/admin/class/assign",
                json!({"class_id": class_6a1, "subject_id": 1, "teacher_id": null}),
            ),
            (
                "/api/admin/student/create",
                json!({"form": student_form("X0000001", "A B"), "admission": {"class_id": null, "transfer_in": false, "date": "", "other_school": ""}}),
            ),
        ];
        for cookie in [&teacher, &parent, &principal] {
            for (path, body) in &writes {
                let r = app.post_json(path, body.clone(), Some(cookie)).await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
            }
        }
        for cookie in [&teacher, &parent] {
            let r = app
                .post_json("/api/admin/structure", json!({}), Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
            let r = app
                .post_form("/api/admin/students", "query=", Some(cookie))
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
        }
        let anonymous = app.post_json("/api/admin/structure", json!({}), None).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        // The principal reads, and is told they cannot edit.
        let s = app
            .post_json("/api/admin/structure", json!({}), Some(&principal))
            .await
            .json();
        assert_eq!(s["can_edit"], json!(false));
        assert_eq!(s["grades"], json!([6, 7, 8, 9]));
        // Nothing was created by the refused calls.
        let s = app
            .post_json("/api/admin/structure", json!({}), Some(&admin))
            .await
            .json();
        assert!(!s.to_string().contains("\"X1\""), "{s}");
        assert!(students::find_by_code(app.db(), "X0000001")
            .await
            .expect("q")
            .is_none());
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_schools_admin_finds_none_of_this_schools_records() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let class_6a1 = class_id(&app, &admin, "6A1").await;
        let dung = students::find_by_code(app.db(), "7901692934")
            .await
            .expect("q")
            .expect("s");
        let foreign = app.admin_of_another_school("KHAC").await;
        for (path, body) in [
            (
                "/api/admin/class/save",
                json!({"class_id": class_6a1, "year_id": 1, "name": "6A1", "grade": 6, "homeroom_teacher_id": null}),
            ),
            (
                "/api/admin/class/assign",
                json!({"class_id": class_6a1, "subject_id": 1, "teacher_id": null}),
            ),
            (
                "/api/admin/subject/save",
                json!({"subject_id": 1, "code": "TOAN", "name": "Toán bị sửa", "kind": "scored"}),
            ),
            (
                "/api/admin/student/update",
                json!({"student_id": dung.id, "version": dung.version, "form": student_form("7901692934", "Kẻ Lạ")}),
            ),
            (
                "/api/admin/student/guardian_add",
                json!({"student_id": dung.id, "guardian": {"full_name": "Kẻ Lạ", "relationship": "Cha", "phone": "", "email": "", "occupation": ""}}),
            ),
            (
                "/api/admin/student/move",
                json!({"student_id": dung.id, "movement": "DropOut", "form": {"class_id": null, "date": "2026-11-01", "other_school": "", "reason": ""}}),
            ),
            ("/api/admin/school_year/current", json!({"year_id": 1})),
        ] {
            let r = app.post_json(path, body, Some(&foreign)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}: {}", r.body);
        }
        let r = app
            .post_form(
                "/api/admin/student",
                &format!("student_id={}", dung.id),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let found = app
            .post_form("/api/admin/students", "query=dung", Some(&foreign))
            .await
            .json();
        assert_eq!(found["total"], json!(0), "{found}");
        // Untouched.
        let after = students::find_by_code(app.db(), "7901692934")
            .await
            .expect("q")
            .expect("s");
        assert_eq!(after, dung);
        assert_eq!(after.status, "studying");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_years_subjects_and_classes_are_refused_with_the_field_named() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let before = app
            .post_json("/api/admin/structure", json!({}), Some(&admin))
            .await
            .json();
        let year = |s1: &str, e1: &str| {
            json!({"year_id": null, "form": {
            "start_year": 2027, "semester1_start": s1, "semester1_end": e1,
            "semester2_start": "2028-01-18", "semester2_end": "2028-05-31"}})
        };
        let r = app
            .post_json(
                "/api/admin/school_year/save",
                year("2027-09-05", "2027-09-01"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Semester1End", "problem": "OutOfOrder"}})
        );
        let r = app
            .post_json(
                "/api/admin/school_year/save",
                year("31/02/2027", "2028-01-15"),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Semester1Start", "problem": "BadDate"}})
        );
        // The year that already exists cannot be created twice.
        let dup = json!({"year_id": null, "form": {"start_year": 2026, "semester1_start": "2026-09-05",
            "semester1_end": "2027-01-16", "semester2_start": "2027-01-18", "semester2_end": "2027-05-31"}});
        let r = app
            .post_json("/api/admin/school_year/save", dup, Some(&admin))
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "SchoolYear", "problem": "Taken"}})
        );

        let r = app
            .post_json(
                "/api/admin/subject/save",
                json!({"subject_id": null, "code": "TOAN", "name": "Toán 2", "kind": "scored"}),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "SubjectCode", "problem": "Taken"}})
        );
        let r = app
            .post_json(
                "/api/admin/subject/grade",
                json!({"subject_id": 1, "grade": 6, "periods": "", "regular": ""}),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "PeriodsPerYear", "problem": "Empty"}})
        );
        let r = app
            .post_json(
                "/api/admin/subject/grade",
                json!({"subject_id": 1, "grade": 10, "periods": "70", "regular": ""}),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Grade", "problem": {"OutOfRange": {"min": 6, "max": 9}}}})
        );
        let r = app.post_json("/api/admin/class/save", json!({"class_id": null, "year_id": 1, "name": "6a1", "grade": 6, "homeroom_teacher_id": null}), Some(&admin)).await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "ClassName", "problem": "Taken"}})
        );
        // A subject studied at grade 6 cannot lose that grade while classes are taught it.
        let r = app
            .post_json(
                "/api/admin/subject/grade_remove",
                json!({"subject_id": 1, "grade": 6}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);

        let after = app
            .post_json("/api/admin/structure", json!({}), Some(&admin))
            .await
            .json();
        assert_eq!(before, after, "a refused change changed nothing");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_year_gets_two_semesters_and_the_schools_grade_levels_and_is_audited() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/admin/school_year/save",
                json!({"year_id": null, "form": {
            "start_year": 2027, "semester1_start": "06/09/2027", "semester1_end": "15/01/2028",
            "semester2_start": "2028-01-17", "semester2_end": "2028-05-30"}}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json().as_i64().expect("id");
        let s = app
            .post_json("/api/admin/structure", json!({}), Some(&admin))
            .await
            .json();
        let year = s["years"]
            .as_array()
            .and_then(|ys| ys.iter().find(|y| y["id"] == id))
            .cloned()
            .expect("year");
        assert_eq!(year["name"], "2027-2028");
        assert_eq!(
            year["is_current"],
            json!(false),
            "the current year stays until the admin switches"
        );
        assert_eq!(year["semesters"][0]["start"], "2027-09-06");
        assert_eq!(year["semesters"][1]["end"], "2028-05-30");
        let grades: Vec<i64> = year["grade_levels"]
            .as_array()
            .expect("g")
            .iter()
            .filter_map(|g| g["grade"].as_i64())
            .collect();
        assert_eq!(grades, vec![6, 7, 8, 9]);
        assert!(year["grade_levels"]
            .as_array()
            .expect("g")
            .iter()
            .all(|g| g["rule_set"] == "tt22_2021"));

        let school = students::find_by_code(app.db(), "7901692934")
            .await
            .expect("q")
            .expect("s")
            .school_id;
        let log = audit::latest(app.db(), school, 5).await.expect("audit");
        let entry = log
            .iter()
            .find(|e| e.action == "school_year_created")
            .expect("audited");
        assert_eq!(entry.entity_id, id.to_string());
        assert!(entry
            .new_value
            .as_deref()
            .unwrap_or("")
            .contains("2027-09-06"));
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_from_an_outdated_copy_is_refused_and_the_record_keeps_the_newer_value() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let r = app
            .post_json(
                "/api/admin/student/create",
                json!({
            "form": student_form("T000000001", "  nguyễn   thị  mai "),
            "admission": {"class_id": null, "transfer_in": false, "date": "", "other_school": ""}}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json().as_i64().expect("id");
        let d = app
            .post_form(
                "/api/admin/student",
                &format!("student_id={id}"),
                Some(&admin),
            )
            .await
            .json();
        let version = d["version"].as_i64().expect("version");
        assert_eq!(d["form"]["gender"], "female");

        let mut first = student_form("T000000001", "Nguyễn Thị Mai");
        first["hometown"] = json!("Huế");
        let r = app
            .post_json(
                "/api/admin/student/update",
                json!({"student_id": id, "version": version, "form": first}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        // A second admin tab still holds the first version.
        let mut stale = student_form("T000000001", "Nguyễn Thị Mai");
        stale["hometown"] = json!("Đà Nẵng");
        let r = app
            .post_json(
                "/api/admin/student/update",
                json!({"student_id": id, "version": version, "form": stale}),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
        assert_eq!(r.json(), json!("EditConflict"));
        let row = students::find_by_code(app.db(), "T000000001")
            .await
            .expect("q")
            .expect("s");
        assert_eq!(row.hometown, "Huế");
        assert_eq!(row.given_name, "Mai");
        assert_eq!(row.middle_name, "Thị");

        let school = row.school_id;
        let log = audit::latest(app.db(), school, 5).await.expect("audit");
        let change = log
            .iter()
            .find(|e| e.action == "student_changed")
            .expect("audited");
        assert!(change
            .old_value
            .as_deref()
            .unwrap_or("")
            .contains("\"hometown\":\"\""));
        assert!(change.new_value.as_deref().unwrap_or("").contains("Huế"));
        assert_eq!(
            log.iter().filter(|e| e.action == "student_changed").count(),
            1
        );
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_class_change_ends_one_enrolment_and_starts_another_and_a_transfer_out_leaves_the_roster()
{
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let from = class_id(&app, &admin, "7A2").await;
        let to = class_id(&app, &admin, "7A3").await;
        let r = app.post_json("/api/admin/student/create", json!({
            "form": student_form("T000000002", "Trần Văn Bảo"),
            "admission": {"class_id": from, "transfer_in": true, "date": "2026-10-01", "other_school": "THCS Lê Lợi"}}), Some(&admin)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json().as_i64().expect("id");
        let in_class = |rows: Vec<classes::RosterRow>| rows.iter().any(|s| s.code == "T000000002");
        assert!(in_class(
            classes::roster(app.db(), from).await.expect("roster")
        ));

        // Moving to the class the student is already in, or before they joined, is refused.
        let mv = |class: i64, date: &str| {
            json!({"student_id": id, "movement": "ChangeClass",
            "form": {"class_id": class, "date": date, "other_school": "", "reason": "Nguyện vọng"}})
        };
        let r = app
            .post_json(
                "/api/admin/student/move",
                mv(from, "2026-11-02"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = app
            .post_json(
                "/api/admin/student/move",
                mv(to, "2026-09-01"),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Date", "problem": "OutOfOrder"}})
        );
        let r = app
            .post_json(
                "/api/admin/student/move",
                mv(to, "2026-11-02"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(!in_class(
            classes::roster(app.db(), from).await.expect("roster")
        ));
        assert!(in_class(
            classes::roster(app.db(), to).await.expect("roster")
        ));

        let d = app
            .post_form(
                "/api/admin/student",
                &format!("student_id={id}"),
                Some(&admin),
            )
            .await
            .json();
        let history = d["enrolments"].as_array().expect("history");
        assert_eq!(history.len(), 2, "{d}");
        assert_eq!(history[0]["entry_kind"], "transfer_in");
        assert_eq!(history[0]["other_school"], "THCS Lê Lợi");
        assert_eq!(history[0]["to"], "02/11/2026");
        assert_eq!(history[0]["exit_kind"], "class_change");
        assert_eq!(history[1]["entry_kind"], "class_change");
        assert_eq!(history[1]["active"], json!(true));

        // Transferring out needs the school it goes to, then leaves every roster.
        let out = |school: &str| {
            json!({"student_id": id, "movement": "TransferOut",
            "form": {"class_id": null, "date": "2026-12-01", "other_school": school, "reason": ""}})
        };
        let r = app
            .post_json("/api/admin/student/move", out(""), Some(&admin))
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "OtherSchool", "problem": "Empty"}})
        );
        let r = app
            .post_json(
                "/api/admin/student/move",
                out("THCS Chu Văn An"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(!in_class(
            classes::roster(app.db(), to).await.expect("roster")
        ));
        let row = students::find_by_code(app.db(), "T000000002")
            .await
            .expect("q")
            .expect("s");
        assert_eq!(row.status, "transferred_out");
        let log = audit::latest(app.db(), row.school_id, 10)
            .await
            .expect("audit");
        for action in [
            "student_created",
            "student_enrolled",
            "student_changed_class",
            "student_transferred_out",
        ] {
            assert!(log.iter().any(|e| e.action == action), "{action} audited");
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn students_are_found_without_diacritics_in_vietnamese_class_order() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let found = app
            .post_form("/api/admin/students", "query=le+gia+dung", Some(&admin))
            .await
            .json();
        let codes: Vec<&str> = found["students"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|s| s["code"].as_str())
            .collect();
        assert!(codes.contains(&"7901692934"), "{found}");
        let class_6a1 = class_id(&app, &admin, "6A1").await;
        let all = app
            .post_form(
                "/api/admin/students",
                &format!("query=&class_id={class_6a1}"),
                Some(&admin),
            )
            .await
            .json();
        let names: Vec<String> = all["students"]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|s| s["full_name"].as_str().map(String::from))
            .collect();
        let roster = app
            .post_form(
                "/api/class_roster",
                &format!("class_id={class_6a1}"),
                Some(&admin),
            )
            .await
            .json();
        let expected: Vec<String> = roster["students"]
            .as_array()
            .expect("roster")
            .iter()
            .filter_map(|s| s["full_name"].as_str().map(String::from))
            .collect();
        assert_eq!(names, expected, "the same order as the class list");
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guardians_are_added_checked_and_removed_only_by_the_schools_admin() {
    on_both!(|app| {
        let admin = app.login("admin", DEMO_PASSWORD).await;
        let dung = students::find_by_code(app.db(), "7901692934")
            .await
            .expect("q")
            .expect("s");
        let guardian = |phone: &str, email: &str| {
            json!({"student_id": dung.id, "guardian": {
            "full_name": "Lê Thị Hoa", "relationship": "Mẹ", "phone": phone, "email": email, "occupation": ""}})
        };
        let r = app
            .post_json(
                "/api/admin/student/guardian_add",
                guardian("09x", ""),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Phone", "problem": "BadCharacters"}})
        );
        let r = app
            .post_json(
                "/api/admin/student/guardian_add",
                guardian("", "hoa.example"),
                Some(&admin),
            )
            .await;
        assert_eq!(
            r.json(),
            json!({"Invalid": {"field": "Email", "problem": "BadCharacters"}})
        );
        let r = app
            .post_json(
                "/api/admin/student/guardian_add",
                guardian("0912 345 678", "hoa@example.vn"),
                Some(&admin),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let id = r.json().as_i64().expect("id");
        let listed = students::guardians(app.db(), dung.school_id, dung.id)
            .await
            .expect("q");
        assert!(listed
            .iter()
            .any(|g| g.id == id && g.phone == "0912 345 678"));

        let foreign = app.admin_of_another_school("KHAC3").await;
        let remove = json!({"student_id": dung.id, "guardian_id": id});
        let r = app
            .post_json(
                "/api/admin/student/guardian_remove",
                remove.clone(),
                Some(&foreign),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = app
            .post_json("/api/admin/student/guardian_remove", remove, Some(&admin))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let listed = students::guardians(app.db(), dung.school_id, dung.id)
            .await
            .expect("q");
        assert!(listed.iter().all(|g| g.id != id));
        let log = audit::latest(app.db(), dung.school_id, 5)
            .await
            .expect("audit");
        assert!(log.iter().any(|e| e.action == "guardian_removed"
            && e.old_value.as_deref().unwrap_or("").contains("Lê Thị Hoa")));
    });
}
