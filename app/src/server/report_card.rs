//! The printed contact book page (phiếu báo kết quả học tập và rèn luyện, for the sổ liên lạc):
//! one student, one period, from approved data only, whatever the school shows on screen. A
//! family prints their own child's; the homeroom teacher and the board print a whole class in
//! one file. Each copy says when it was produced and which sheets it was built from, with a
//! fingerprint of the data printed. PDF in `pdf`, the print-ready page in `html`.
pub mod html;
pub mod pdf;

use super::child_results::{build, own_child};
use super::context::Caller;
use super::db::family_view::ChildRow;
use super::db::{home, scores, Db};
use super::grade_sheet::{class_in_school, in_class_order, may_view_summary};
use crate::api::child_results::{ChildPeriod, ChildResults};
use crate::domain::publication::FamilyVisibility;
use crate::error::AppError;
use sha2::{Digest, Sha256};

/// One student's page.
#[derive(Clone, Debug)]
pub struct ReportCard {
    pub results: ChildResults,
    /// "1", "2" or "year".
    pub period: String,
    /// Unix seconds.
    pub produced_at: i64,
}

impl ReportCard {
    /// The period printed, if the child has one.
    pub fn period(&self) -> Option<&ChildPeriod> {
        self.results
            .periods
            .iter()
            .find(|p| p.period == self.period)
    }

    /// Subjects approved out of all, in the period.
    pub fn approved(&self) -> (usize, usize) {
        self.period().map_or((0, 0), |p| {
            (
                p.subjects.iter().filter(|s| s.published).count(),
                p.subjects.len(),
            )
        })
    }

    /// The first 16 hex digits of the SHA-256 of the data printed: two copies with the same
    /// fingerprint were printed from the same approved data.
    pub fn fingerprint(&self) -> String {
        let data = serde_json::json!({
            "code": self.results.code,
            "period": self.period(),
            "absences": self.results.absences,
        });
        let digest = Sha256::digest(data.to_string().as_bytes());
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

/// "1", "2" or "year"; anything else is refused.
pub fn parse_period(text: &str) -> Result<String, AppError> {
    match text.trim() {
        "" | "1" => Ok("1".into()),
        "2" => Ok("2".into()),
        "year" | "cn" => Ok("year".into()),
        _ => Err(AppError::BadRequest("period".into())),
    }
}

/// The family's own child.
pub async fn for_child(
    db: &Db,
    caller: &Caller,
    code: &str,
    period: &str,
) -> Result<ReportCard, AppError> {
    let period = parse_period(period)?;
    let (child, year) = own_child(db, caller, code).await?;
    let results = build(
        db,
        caller.school_id,
        &child,
        year,
        FamilyVisibility::AfterApproval,
    )
    .await?;
    Ok(ReportCard {
        results,
        period,
        produced_at: super::db::now(),
    })
}

/// Every student of a class, in class order, for the homeroom teacher and the board.
pub async fn for_class(
    db: &Db,
    caller: &Caller,
    class_id: i64,
    period: &str,
) -> Result<Vec<ReportCard>, AppError> {
    let period = parse_period(period)?;
    let class = class_in_school(db, caller, class_id).await?;
    if !may_view_summary(caller, &class) {
        tracing::warn!(user = caller.user_id, class_id, "report cards refused");
        return Err(AppError::Forbidden);
    }
    let year = home::current_year(db, caller.school_id).await?;
    let produced_at = super::db::now();
    let mut out = Vec::new();
    for s in in_class_order(scores::students_of_class(db, class.id).await?) {
        let child = ChildRow {
            student_id: s.id,
            code: s.code,
            full_name: s.full_name,
            class_id: Some(class.id),
        };
        let results = build(
            db,
            caller.school_id,
            &child,
            year.clone(),
            FamilyVisibility::AfterApproval,
        )
        .await?;
        out.push(ReportCard {
            results,
            period: period.clone(),
            produced_at,
        });
    }
    Ok(out)
}

/// "Học kì I", "Học kì II" or "Cả năm".
pub fn period_title(period: &str) -> &'static str {
    match period {
        "2" => "Học kì II",
        "year" => "Cả năm",
        _ => "Học kì I",
    }
}

/// What a page prints, in order, the same for the PDF and the print page.
#[derive(Clone, Debug, PartialEq)]
pub struct Printed {
    pub school: String,
    pub title: String,
    pub subtitle: String,
    /// (label, value) lines about the student.
    pub student: Vec<(String, String)>,
    pub columns: Vec<String>,
    /// Relative column widths, one per column.
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
    /// (label, value): learning, conduct, absences, year end.
    pub results: Vec<(String, String)>,
    pub conduct_comment: String,
    pub place_date: String,
    pub footer: String,
}

fn cell_text(c: &Option<crate::api::child_results::ChildCell>) -> String {
    use crate::api::grade_grid::GridMark;
    match c {
        Some(c) if c.mark == Some(GridMark::Absent) => "V".into(),
        Some(c) => c.text.replace('.', ","),
        None => String::new(),
    }
}

/// The page of `card`, in Vietnamese (the school's official language).
pub fn printed(card: &ReportCard) -> Printed {
    use crate::api::year_end::{outcome_label, title_label};
    use crate::i18n::Lang;
    use crate::ui::format::date_time;
    use crate::ui::pages::class_summary::{level_label, result_text};
    let lang = Lang::Vi;
    let r = &card.results;
    let year = card.period == "year";
    let period = card.period();
    let mut student = vec![
        ("Họ và tên học sinh".to_string(), r.full_name.clone()),
        ("Mã học sinh".to_string(), r.code.clone()),
        ("Lớp".to_string(), r.class_name.clone().unwrap_or_default()),
    ];
    if let Some(t) = &r.homeroom_teacher {
        student.push(("Giáo viên chủ nhiệm".to_string(), t.clone()));
    }
    let (columns, widths): (Vec<&str>, Vec<f32>) = if year {
        (
            vec!["STT", "Môn học", "ĐTBmcn / Kết quả", "Ghi chú"],
            vec![0.6, 3.2, 1.8, 3.0],
        )
    } else {
        (
            vec![
                "STT",
                "Môn học",
                "Đánh giá thường xuyên",
                "Giữa kì",
                "Cuối kì",
                "ĐTBmhk / Kết quả",
                "Nhận xét",
            ],
            vec![0.6, 2.4, 2.0, 0.9, 0.9, 1.3, 3.2],
        )
    };
    let mut rows = Vec::new();
    if let Some(p) = period {
        for (i, (s, line)) in r.subjects.iter().zip(&p.subjects).enumerate() {
            let result = if line.published {
                line.result
                    .map(|x| result_text(Some(x), lang))
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let note = if line.published {
                line.comment.clone()
            } else {
                "Chưa duyệt".to_string()
            };
            let mut row = vec![(i + 1).to_string(), s.name.clone()];
            if year {
                row.extend([result, note]);
            } else {
                let regular: Vec<String> = line
                    .regular
                    .iter()
                    .map(|c| cell_text(&Some(c.clone())))
                    .filter(|t| !t.is_empty())
                    .collect();
                row.extend([
                    regular.join("  "),
                    cell_text(&line.midterm),
                    cell_text(&line.final_),
                    result,
                    note,
                ]);
            }
            rows.push(row);
        }
    }
    let level = |l: Option<crate::domain::grading::Level>, published: bool| match (l, published) {
        (Some(l), _) => level_label(l).raw(lang).to_string(),
        (None, true) => "Chưa đủ điểm".to_string(),
        (None, false) => "Chưa duyệt đủ các môn".to_string(),
    };
    let mut results = Vec::new();
    if let Some(p) = period {
        results.push((
            "Kết quả học tập".to_string(),
            level(p.learning.as_ref().map(|l| l.level), p.published),
        ));
        results.push((
            "Kết quả rèn luyện".to_string(),
            level(p.conduct, p.published),
        ));
        results.push((
            "Số buổi nghỉ học".to_string(),
            format!("có phép {}, không phép {}", p.excused, p.unexcused),
        ));
        if let Some(y) = &p.year_end {
            let mut text = outcome_label(y.outcome).raw(lang).to_string();
            if let Some(t) = y.title {
                text.push_str(" · ");
                text.push_str(title_label(t).raw(lang));
            }
            results.push(("Kết quả cuối năm".to_string(), text));
        }
    }
    let (approved, all) = card.approved();
    let produced = date_time(card.produced_at);
    let day = produced.split(' ').next().unwrap_or_default().to_string();
    let mut dmy = day.split('/');
    let (d, m, y) = (
        dmy.next().unwrap_or_default(),
        dmy.next().unwrap_or_default(),
        dmy.next().unwrap_or_default(),
    );
    Printed {
        school: r.school_name.to_uppercase(),
        title: "PHIẾU BÁO KẾT QUẢ HỌC TẬP VÀ RÈN LUYỆN".into(),
        subtitle: format!(
            "{} – Năm học {}",
            period_title(&card.period),
            r.school_year.clone().unwrap_or_default()
        ),
        student,
        columns: columns.into_iter().map(str::to_string).collect(),
        widths,
        rows,
        results,
        conduct_comment: period
            .map(|p| p.conduct_comment.clone())
            .unwrap_or_default(),
        place_date: format!("Ngày {d} tháng {m} năm {y}"),
        footer: format!(
            "In lúc {produced} từ dữ liệu đã được hiệu trưởng duyệt: {approved}/{all} môn \
             (môn chưa duyệt để trống). Mã kiểm tra dữ liệu: {}.",
            card.fingerprint()
        ),
    }
}
