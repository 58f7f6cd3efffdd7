//! The leaders' results dashboard (`/dashboard/results?period=1|2|year`): learning and conduct
//! levels per class, subject averages by band per grade level, and the students at risk, each
//! chart with its table.
use crate::api::auth::Me;
use crate::api::dashboard::{results_overview, GroupResults, SchoolResults};
use crate::domain::result_stats::LevelCounts;
use crate::domain::role::Role;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::charts::{StackedChart, StackedRow};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const BOARD: &[Role] = &[Role::Admin, Role::Principal];

#[component]
pub fn DashboardResultsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || query.with(|q| q.get("period").unwrap_or_else(|| "1".into())),
        results_overview,
    );
    view! {
        <Title text=t(Msg::ResTitle) />
        <Gate roles=BOARD page=move |me: Me| view! { <Layout me><Results data /></Layout> } />
    }
}

/// The links between the dashboard's two pages.
#[component]
pub fn DashboardTabs(results: bool) -> impl IntoView {
    view! {
        <nav class="dash-tabs no-print" aria-label=t(Msg::DashTitle)>
            <a href="/dashboard" aria-current=(!results).then_some("page")>{t(Msg::DashTabProgress)}</a>
            <a href="/dashboard/results" aria-current=results.then_some("page") data-testid="dash-results-link">{t(Msg::DashTabResults)}</a>
        </nav>
    }
}

#[component]
fn Results(data: Resource<Result<SchoolResults, crate::error::AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="dashboard" data-testid="dash-results">
            <DashboardTabs results=true />
            <h1>{t(Msg::ResTitle)}</h1>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <ResultsView d lang /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="dash-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn level_series(lang: Lang) -> Vec<String> {
    [
        Msg::ResultsLevelGood,
        Msg::ResultsLevelFair,
        Msg::ResultsLevelPass,
        Msg::ResultsLevelFail,
        Msg::ResPending,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .collect()
}

fn band_series(lang: Lang) -> Vec<String> {
    [
        Msg::ResBand8,
        Msg::ResBand65,
        Msg::ResBand5,
        Msg::ResBandBelow5,
        Msg::ResPendingScores,
    ]
    .iter()
    .map(|m| m.raw(lang).to_string())
    .collect()
}

fn level_rows(groups: &[GroupResults], pick: fn(&GroupResults) -> LevelCounts) -> Vec<StackedRow> {
    groups
        .iter()
        .map(|g| StackedRow {
            label: g.name.clone(),
            counts: pick(g).in_order().to_vec(),
        })
        .collect()
}

#[component]
fn LevelTable(
    testid: &'static str,
    groups: Vec<GroupResults>,
    pick: fn(&GroupResults) -> LevelCounts,
    series: Vec<String>,
) -> impl IntoView {
    view! {
        <details class="data-table">
            <summary>{t(Msg::DashDataTable)}</summary>
            <div class="table-wrap">
            <table class="table" data-testid=testid>
                <thead><tr>
                    <th scope="col">{t(Msg::ColClass)}</th>
                    <th scope="col" class="num">{t(Msg::ResStudents)}</th>
                    {series.iter().map(|s| view! { <th scope="col" class="num">{s.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {groups.iter().map(|g| {
                        let c = pick(g);
                        view! {
                            <tr data-class=g.class_id.unwrap_or(0)>
                                <th scope="row">{g.name.clone()}</th>
                                <td class="num">{g.students}</td>
                                {c.in_order().into_iter().map(|n| view! { <td class="num">{n}</td> }).collect_view()}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>
    }
}

#[component]
fn ResultsView(d: SchoolResults, lang: Lang) -> impl IntoView {
    let levels = level_series(lang);
    let bands = band_series(lang);
    let period = d.period.clone();
    let xlsx = format!("/dashboard/results.xlsx?period={}", d.period);
    let grade_charts = d
        .grades
        .iter()
        .map(|g| {
            let grade = g.grade.to_string();
            let scored: Vec<StackedRow> = g
                .subjects
                .iter()
                .filter(|s| !s.commented)
                .map(|s| StackedRow {
                    label: s.subject_name.clone(),
                    counts: vec![
                        s.bands.from_8,
                        s.bands.from_6_5,
                        s.bands.from_5,
                        s.bands.below_5,
                        s.bands.pending,
                    ],
                })
                .collect();
            let title = Msg::ResSubjectsOfGrade.with(lang, &[("grade", &grade)]);
            view! {
                <h3>{title.clone()}</h3>
                <StackedChart id=format!("chart-subjects-{grade}") title description=Msg::ResSubjectChartDesc.raw(lang).to_string()
                    series=bands.clone() rows=scored />
                <details class="data-table">
                    <summary>{t(Msg::DashDataTable)}</summary>
                    <div class="table-wrap">
                    <table class="table" data-testid="res-subject-table" data-grade=grade.clone()>
                        <thead><tr>
                            <th scope="col">{t(Msg::ColSubject)}</th>
                            {bands.iter().map(|s| view! { <th scope="col" class="num">{s.clone()}</th> }).collect_view()}
                            <th scope="col" class="num">{t(Msg::ResultsLevelPass)}</th>
                            <th scope="col" class="num">{t(Msg::ResultsLevelFail)}</th>
                            <th scope="col" class="num">{t(Msg::ResMean)}</th>
                        </tr></thead>
                        <tbody>
                            {g.subjects.iter().map(|s| {
                                let b = s.bands;
                                view! {
                                    <tr data-subject=s.subject_id>
                                        <th scope="row">{s.subject_name.clone()}</th>
                                        <td class="num">{b.from_8}</td>
                                        <td class="num">{b.from_6_5}</td>
                                        <td class="num">{b.from_5}</td>
                                        <td class="num">{b.below_5}</td>
                                        <td class="num">{b.pending}</td>
                                        <td class="num">{b.pass}</td>
                                        <td class="num">{b.fail}</td>
                                        <td class="num" data-testid="res-mean">{b.mean().map(|m| m.format_vi()).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                </details>
            }
        })
        .collect_view();
    view! {
        <form method="get" action="/dashboard/results" class="inline-form no-print" data-testid="res-filter">
            <label>{t(Msg::ResPeriod)} " "
                <select name="period" data-testid="res-period">
                    <option value="1" selected=period == "1">{t(Msg::ResultsSemester1)}</option>
                    <option value="2" selected=period == "2">{t(Msg::ResultsSemester2)}</option>
                    <option value="year" selected=period == "year">{t(Msg::ResultsWholeYear)}</option>
                </select>
            </label>
            " "<button type="submit">{t(Msg::DashShow)}</button>
            " " <a href=xlsx data-testid="res-xlsx" download>{t(Msg::ResXlsx)}</a>
        </form>

        <h2>{t(Msg::ResLearningByClass)}</h2>
        <StackedChart id="chart-learning".to_string() title=Msg::ResLearningByClass.raw(lang).to_string()
            description=Msg::ResLevelChartDesc.raw(lang).to_string() series=levels.clone()
            rows=level_rows(&d.classes, |g| g.learning) />
        <LevelTable testid="res-learning-table" groups=d.classes.clone() pick=|g| g.learning series=levels.clone() />
        <LevelTable testid="res-learning-grades" groups=d.grades.clone() pick=|g| g.learning series=levels.clone() />

        <h2>{t(Msg::ResConductByClass)}</h2>
        <StackedChart id="chart-conduct".to_string() title=Msg::ResConductByClass.raw(lang).to_string()
            description=Msg::ResLevelChartDesc.raw(lang).to_string() series=levels.clone()
            rows=level_rows(&d.classes, |g| g.conduct) />
        <LevelTable testid="res-conduct-table" groups=d.classes.clone() pick=|g| g.conduct series=levels />

        <h2>{t(Msg::ColSubject)}</h2>
        {grade_charts}

        <h2>{t(Msg::ResAtRisk)}</h2>
        {if d.at_risk.is_empty() {
            view! { <p class="muted">{t(Msg::ResNoneAtRisk)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                <table class="table" data-testid="res-at-risk">
                    <thead><tr>
                        <th scope="col">{t(Msg::ColClass)}</th>
                        <th scope="col">{t(Msg::FullName)}</th>
                        <th scope="col">{t(Msg::ResFailing)}</th>
                        <th scope="col" class="num">{t(Msg::ResAbsences)}</th>
                    </tr></thead>
                    <tbody>
                        {d.at_risk.iter().map(|s| view! {
                            <tr data-testid="res-at-risk-student" data-student=s.student_id class:behind=s.absence_warning>
                                <td>{s.class_name.clone()}</td>
                                <td><a href=format!("/admin/students/{}", s.student_id)>{s.full_name.clone()}</a></td>
                                <td>{s.failing.join(", ")}</td>
                                <td class="num">{s.absences}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
    }
}
