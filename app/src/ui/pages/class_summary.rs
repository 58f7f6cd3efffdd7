//! The class summary screen (`/classes/:id/summary`, "Bảng tổng hợp"): semester I, II or the
//! whole year, one line per student with every subject, the learning result, conduct, absent
//! sessions and (year) the year-end proposal or decision with the title; totals per level.
use crate::api::auth::Me;
use crate::api::class_summary::{load_class_summary, ClassSummaryView, YearEndCell};
use crate::api::year_end::{outcome_label, title_label};
use crate::domain::grading::comment::Judgement;
use crate::domain::grading::{Level, SubjectResult};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "8,5", "Đ", "CĐ", or "…" when incomplete.
pub fn result_text(r: Option<SubjectResult>, lang: Lang) -> String {
    match r {
        Some(SubjectResult::Scored(a)) => match lang {
            Lang::Vi => a.format_vi(),
            Lang::En => a.format_en(),
        },
        Some(SubjectResult::Commented(Judgement::Pass)) => "Đ".into(),
        Some(SubjectResult::Commented(Judgement::Fail)) => "CĐ".into(),
        None => "…".into(),
    }
}

pub fn level_label(level: Level) -> Msg {
    match level {
        Level::Good => Msg::ResultsLevelGood,
        Level::Fair => Msg::ResultsLevelFair,
        Level::Pass => Msg::ResultsLevelPass,
        Level::Fail => Msg::ResultsLevelFail,
    }
}

fn year_end_cells(y: Option<YearEndCell>, lang: Lang) -> impl IntoView {
    let y = y?;
    let proposal = match y.proposed {
        Some(k) => outcome_label(k).raw(lang).to_string(),
        None => Msg::SumIncomplete.raw(lang).to_string(),
    };
    let decision = y.decided.map(|k| outcome_label(k).raw(lang).to_string());
    let title = y
        .decided
        .map_or(y.proposed_title, |_| y.decided_title)
        .map(|t| title_label(t).raw(lang));
    Some(view! {
        <td data-testid="sum-proposal">{proposal}</td>
        <td data-testid="sum-decision">{decision.unwrap_or_default()}
            {y.changed.then(|| view! { <br /><small class="error">{Msg::SumChanged.raw(lang)}</small> })}</td>
        <td data-testid="sum-title">{title.unwrap_or("")}</td>
    })
}

#[component]
pub fn ClassSummaryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        let period = query.with(|q| q.get("period").unwrap_or_else(|| "1".into()));
        (id, period)
    };
    let summary = Resource::new(key, |(id, period)| async move {
        match id {
            Some(id) => load_class_summary(id, period).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Title text=t(Msg::SumTitle) />
        <Gate page=move |me: Me| view! { <Layout me><Summary summary /></Layout> } />
    }
}

#[component]
fn Summary(summary: Resource<Result<ClassSummaryView, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let s = match summary.await {
                    Ok(s) => s,
                    Err(e) => return view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                };
                let id = s.class_id;
                let year = s.period == "year";
                let tab = |code: &'static str, label: Msg| {
                    let current = s.period == code;
                    view! {
                        <a href=format!("/classes/{id}/summary?period={code}")
                            class:current=current aria-current=current.then_some("page")>{t(label)}</a>
                    }
                };
                let total = s.rows.len().max(1);
                let pct = move |n: usize| format!("{n} ({:.1}%)", n as f64 * 100.0 / total as f64);
                view! {
                    <h1>{Msg::SumHeading.with(lang, &[("class", &s.class_name), ("year", &s.school_year)])}</h1>
                    <nav class="tabs" data-testid="summary-tabs">
                        {tab("1", Msg::ResultsSemester1)} " · " {tab("2", Msg::ResultsSemester2)} " · " {tab("year", Msg::ResultsWholeYear)}
                    </nav>
                    <p>
                        <a class="button" rel="external" download data-testid="summary-xlsx"
                            href=format!("/classes/{id}/summary.xlsx?semester={}", s.period)>{t(Msg::ResultsDownloadSummary)}</a>
                        " "
                        <a class="button" rel="external" download data-testid="summary-report-cards"
                            href=format!("/classes/{id}/report-cards.pdf?period={}", s.period)>{t(Msg::ChildClassPdf)}</a>
                        " "
                        <a rel="external" data-testid="summary-report-print"
                            href=format!("/classes/{id}/report-cards.html?period={}", s.period)>{t(Msg::ChildPrint)}</a>
                        " "
                        <a href=format!("/classes/{id}/year-end")>{t(Msg::YeTitle)}</a>
                        " · "
                        <a href=format!("/classes/{id}")>{t(Msg::ClassList)}</a>
                    </p>
                    <div class="table-wrap">
                        <table class="table grade-grid summary-table" data-testid="class-summary">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColNumber)}</th>
                                <th scope="col" class="sticky-name">{t(Msg::FullName)}</th>
                                {s.subjects.iter().map(|x| view! { <th scope="col">{x.name.clone()}</th> }).collect_view()}
                                <th scope="col">{t(Msg::ResultsColLearning)}</th>
                                <th scope="col" data-testid="col-conduct">{t(Msg::SumColConduct)}</th>
                                <th scope="col" data-testid="col-excused">{t(Msg::SumColExcused)}</th>
                                <th scope="col" data-testid="col-unexcused">{t(Msg::SumColUnexcused)}</th>
                                {year.then(|| view! {
                                    <th scope="col">{t(Msg::SumColProposal)}</th>
                                    <th scope="col">{t(Msg::SumColDecision)}</th>
                                    <th scope="col">{t(Msg::SumColTitle)}</th>
                                })}
                            </tr></thead>
                            <tbody>
                                {s.rows.into_iter().map(|r| {
                                    let adjusted = r.learning.as_ref().and_then(|l| {
                                        let subject = l.adjusted_because_of?;
                                        let name = s.subjects.iter().find(|x| x.id == subject)?.name.clone();
                                        Some(Msg::ResultsAdjusted.with(lang, &[("from", level_label(l.before_adjustment).raw(lang)), ("subject", &name)]))
                                    });
                                    let learning = match &r.learning {
                                        Some(l) => level_label(l.level).raw(lang).to_string(),
                                        None => Msg::SumIncomplete.raw(lang).to_string(),
                                    };
                                    view! {
                                        <tr data-student=r.student_id>
                                            <td>{r.number}</td>
                                            <th scope="row" class="sticky-name">{r.full_name.clone()}</th>
                                            {r.subjects.iter().map(|x| view! { <td>{result_text(*x, lang)}</td> }).collect_view()}
                                            <td data-testid="sum-learning">{learning}
                                                {adjusted.map(|a| view! { <br /><small>{a}</small> })}</td>
                                            <td data-testid="sum-conduct">{r.conduct.map(|l| level_label(l).raw(lang)).unwrap_or("…")}</td>
                                            <td data-testid="sum-excused">{r.excused}</td>
                                            <td data-testid="sum-unexcused">{r.unexcused}</td>
                                            {year.then(|| year_end_cells(r.year_end.clone(), lang))}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h2>{t(Msg::SumTotals)}</h2>
                    <div class="table-wrap">
                        <table class="table" data-testid="summary-totals">
                            <thead><tr>
                                <th scope="col">{t(Msg::SumLevel)}</th>
                                <th scope="col">{t(Msg::ResultsColLearning)}</th>
                                <th scope="col">{t(Msg::SumColConduct)}</th>
                            </tr></thead>
                            <tbody>
                                {s.totals.into_iter().map(|x| view! {
                                    <tr>
                                        <th scope="row">{match x.level { Some(l) => level_label(l).raw(lang), None => Msg::SumIncomplete.raw(lang) }}</th>
                                        <td>{pct(x.learning)}</td>
                                        <td>{pct(x.conduct)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
