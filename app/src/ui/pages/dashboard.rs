//! The leaders' dashboard (`/dashboard?semester=1&day=2026-11-23`): how far grade entry has
//! come against where it should be by the day, as charts by teacher and by class with their
//! tables, the sheets behind, a reminder to the teachers behind, and the figures as `.xlsx`.
use crate::api::auth::Me;
use crate::api::dashboard::{grade_entry_progress, remind_late_teachers, EntryProgress};
use crate::domain::entry_progress::Progress;
use crate::domain::role::Role;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::charts::{ProgressBar, ProgressChart};
use crate::ui::format::iso_to_dmy;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const LEADERS: &[Role] = &[Role::Admin, Role::Principal, Role::GroupHead];

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("semester").and_then(|s| s.parse::<i64>().ok()),
                    q.get("day").filter(|d| !d.is_empty()),
                )
            })
        },
        |(semester, day)| grade_entry_progress(semester, day),
    );
    view! {
        <Title text=t(Msg::DashTitle) />
        <Gate roles=LEADERS page=move |me: Me| view! { <Layout me><Dashboard data /></Layout> } />
    }
}

fn figures(p: Progress, lang: Lang) -> String {
    format!(
        "{}/{} ({} %){}",
        p.entered,
        p.due,
        p.percent_of_due(),
        if p.is_behind() {
            format!(" · {}", Msg::DashBehind.raw(lang))
        } else {
            String::new()
        }
    )
}

#[component]
fn Dashboard(data: Resource<Result<EntryProgress, crate::error::AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="dashboard" data-testid="dashboard">
            <crate::ui::pages::dashboard_results::DashboardTabs results=false />
            <h1>{t(Msg::DashTitle)}</h1>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <ProgressView d lang /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="dash-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ProgressView(d: EntryProgress, lang: Lang) -> impl IntoView {
    let no_teacher = Msg::DashNoTeacher.raw(lang).to_string();
    let teacher_bars: Vec<ProgressBar> = d
        .teachers
        .iter()
        .map(|t| ProgressBar {
            label: t.name.clone().unwrap_or_else(|| no_teacher.clone()),
            progress: t.progress,
        })
        .collect();
    let class_bars: Vec<ProgressBar> = d
        .classes
        .iter()
        .map(|c| ProgressBar {
            label: c.class_name.clone(),
            progress: c.progress,
        })
        .collect();
    let day = iso_to_dmy(&d.day);
    let desc = Msg::DashChartDesc.with(lang, &[("day", &day)]);
    let behind: Vec<_> = d
        .sheets
        .iter()
        .filter(|s| s.progress.is_behind())
        .cloned()
        .collect();
    let xlsx = format!(
        "/dashboard/progress.xlsx?semester={}&day={}",
        d.semester, d.day
    );
    let semester = d.semester;
    let reminded = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let remind = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = remind_late_teachers(semester).await;
            busy.set(false);
            reminded.set(Some(match r {
                Ok(r) if r.teachers.is_empty() => Ok(Msg::DashRemindedNone.raw(lang).to_string()),
                Ok(r) => Ok(Msg::DashReminded.with(lang, &[("names", &r.teachers.join(", "))])),
                Err(e) => Err(e.message(lang)),
            }));
        });
    };
    let any_behind = !behind.is_empty();
    view! {
        <form method="get" action="/dashboard" class="inline-form no-print" data-testid="dash-filter">
            <label>{t(Msg::DashSemester)} " "
                <select name="semester" data-testid="dash-semester">
                    <option value="1" selected=d.semester == 1>"1"</option>
                    <option value="2" selected=d.semester == 2>"2"</option>
                </select>
            </label>
            " "
            <label>{t(Msg::DashDay)} " "<input type="date" name="day" value=d.day.clone() data-testid="dash-day" /></label>
            " "<button type="submit">{t(Msg::DashShow)}</button>
        </form>
        <p class="muted" data-testid="dash-period">
            {Msg::DashPeriod.with(lang, &[("year", &d.school_year), ("semester", &d.semester.to_string()),
                ("start", &iso_to_dmy(&d.start_date)), ("end", &iso_to_dmy(&d.end_date)), ("day", &day)])}
        </p>
        <div class="dash-figures" data-testid="dash-school" data-entered=d.school.entered data-due=d.school.due data-total=d.school.total>
            <p class="figure"><span>{t(Msg::DashEnteredOfDue)}</span>
                <strong data-testid="dash-percent-due">{format!("{} %", d.school.percent_of_due())}</strong>
                {format!("{}/{}", d.school.entered, d.school.due)}</p>
            <p class="figure"><span>{t(Msg::DashOfSemester)}</span>
                <strong>{format!("{} %", d.school.percent_of_total())}</strong>
                {format!("{}/{}", d.school.entered, d.school.total)}</p>
            <p class="figure"><span>{t(Msg::DashSheetsBehind)}</span>
                <strong data-testid="dash-behind-count">{behind.len()}</strong>
                {format!("/ {}", d.sheets.len())}</p>
        </div>
        <p class="no-print">
            <button type="button" class="primary" data-testid="dash-remind" on:click=remind
                disabled=move || busy.get() || !any_behind>{t(Msg::DashRemind)}</button>
            " " <a href=xlsx data-testid="dash-xlsx" download>{t(Msg::DashXlsx)}</a>
        </p>
        {move || reminded.get().map(|r| match r {
            Ok(text) => view! { <p class="success" role="status" data-testid="dash-reminded">{text}</p> }.into_any(),
            Err(text) => view! { <p class="error" role="alert" data-testid="dash-remind-error">{text}</p> }.into_any(),
        })}

        <h2 id="dash-teachers-h">{t(Msg::DashByTeacher)}</h2>
        <ProgressChart id="chart-teachers" title=Msg::DashByTeacher.raw(lang).to_string()
            description=desc.clone() bars=teacher_bars behind_word=Msg::DashBehind.raw(lang).to_string() />
        <details class="data-table">
            <summary>{t(Msg::DashDataTable)}</summary>
            <div class="table-wrap">
            <table class="table" data-testid="dash-teacher-table" aria-labelledby="dash-teachers-h">
                <thead><tr>
                    <th scope="col">{t(Msg::ColTeacher)}</th>
                    <th scope="col" class="num">{t(Msg::DashSheets)}</th>
                    <th scope="col" class="num">{t(Msg::DashEntered)}</th>
                    <th scope="col" class="num">{t(Msg::DashDue)}</th>
                    <th scope="col" class="num">{t(Msg::DashOfSemester)}</th>
                    <th scope="col">{t(Msg::DashState)}</th>
                </tr></thead>
                <tbody>
                    {d.teachers.iter().map(|x| {
                        let p = x.progress;
                        view! {
                            <tr class:behind=p.is_behind() data-testid="dash-teacher" data-teacher=x.teacher_id.unwrap_or(0)>
                                <td>{x.name.clone().unwrap_or_else(|| no_teacher.clone())}</td>
                                <td class="num">{format!("{}/{}", x.sheets_behind, x.sheets)}</td>
                                <td class="num">{p.entered}</td>
                                <td class="num">{p.due}</td>
                                <td class="num">{p.total}</td>
                                <td>{figures(p, lang)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>

        <h2 id="dash-classes-h">{t(Msg::DashByClass)}</h2>
        <ProgressChart id="chart-classes" title=Msg::DashByClass.raw(lang).to_string()
            description=desc bars=class_bars behind_word=Msg::DashBehind.raw(lang).to_string() />
        <details class="data-table">
            <summary>{t(Msg::DashDataTable)}</summary>
            <div class="table-wrap">
            <table class="table" data-testid="dash-class-table" aria-labelledby="dash-classes-h">
                <thead><tr>
                    <th scope="col">{t(Msg::ColClass)}</th>
                    <th scope="col" class="num">{t(Msg::DashEntered)}</th>
                    <th scope="col" class="num">{t(Msg::DashDue)}</th>
                    <th scope="col" class="num">{t(Msg::DashOfSemester)}</th>
                    <th scope="col">{t(Msg::DashState)}</th>
                </tr></thead>
                <tbody>
                    {d.classes.iter().map(|c| {
                        let p = c.progress;
                        view! {
                            <tr class:behind=p.is_behind() data-testid="dash-class" data-class=c.class_id>
                                <td>{c.class_name.clone()}</td>
                                <td class="num">{p.entered}</td>
                                <td class="num">{p.due}</td>
                                <td class="num">{p.total}</td>
                                <td>{figures(p, lang)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
        </details>

        <h2>{t(Msg::DashSheetsBehind)}</h2>
        {if behind.is_empty() {
            view! { <p class="success" data-testid="dash-all-on-track">{t(Msg::DashAllOnTrack)}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                <table class="table" data-testid="dash-behind-table">
                    <thead><tr>
                        <th scope="col">{t(Msg::ColClass)}</th>
                        <th scope="col">{t(Msg::ColSubject)}</th>
                        <th scope="col">{t(Msg::ColTeacher)}</th>
                        <th scope="col" class="num">{t(Msg::DashEntered)}</th>
                        <th scope="col" class="num">{t(Msg::DashDue)}</th>
                        <th scope="col" class="num">{t(Msg::DashMissing)}</th>
                    </tr></thead>
                    <tbody>
                        {behind.into_iter().map(|s| view! {
                            <tr class="behind" data-testid="dash-behind-sheet" data-class=s.class_id data-subject=s.subject_id>
                                <td><a href=format!("/classes/{}/grades/{}/{}", s.class_id, s.subject_id, semester)>{s.class_name.clone()}</a></td>
                                <td>{s.subject_name.clone()}</td>
                                <td>{s.teacher_name.clone().unwrap_or_else(|| no_teacher.clone())}</td>
                                <td class="num">{s.progress.entered}</td>
                                <td class="num">{s.progress.due}</td>
                                <td class="num">{s.progress.missing()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
    }
}
