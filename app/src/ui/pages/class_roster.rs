//! A class list (danh sách lớp) in Vietnamese class order.
use crate::api::auth::Me;
use crate::api::class_results::{class_result_downloads, ResultDownloads};
use crate::api::classes::{load_class_roster, ClassRoster};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ClassRosterPage() -> impl IntoView {
    let params = use_params_map();
    let roster = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| async move {
            match id {
                Some(id) => load_class_roster(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let downloads = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| async move {
            match id {
                Some(id) => class_result_downloads(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let states = super::class_signoff::states_resource();
    let signoff = super::class_signoff::signoff_resource();
    let posted = RwSignal::new(0usize);
    let announcements = super::class_announcements::resource(posted);
    view! {
        <Title text=t(Msg::ClassList) />
        <Gate page=move |me: Me| {
            let may_post = me.roles.iter().any(|r| matches!(r, Role::HomeroomTeacher | Role::Principal | Role::Admin));
            view! {
            <Layout me><Roster roster /><Downloads downloads />
                <super::class_signoff::ReviewStates states /><super::class_signoff::SignoffPanel signoff />
                <super::class_announcements::ClassAnnouncements list=announcements posted
                    may_post /></Layout>
            }
        } />
    }
}

/// Grade-sheet and summary downloads: plain GET forms, so they work before hydration too.
#[component]
fn Downloads(downloads: Resource<Result<ResultDownloads, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(d) = downloads.await else { return ().into_any() };
                if d.subjects.is_empty() && !d.summary {
                    return ().into_any();
                }
                let sheet = (!d.subjects.is_empty()).then(|| view! {
                    <form method="get" class="inline-form" data-testid="grades-download"
                        action=format!("/classes/{}/grades.xlsx", d.class_id)>
                        <label>{t(Msg::ResultsSubject)} " "
                            <select name="subject">
                                {d.subjects.iter().map(|s| view! {
                                    <option value=s.id.to_string()>{s.name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        " "
                        <label>{t(Msg::ResultsSemester)} " "
                            <select name="semester">
                                <option value="1">{t(Msg::ResultsSemester1)}</option>
                                <option value="2">{t(Msg::ResultsSemester2)}</option>
                            </select>
                        </label>
                        " "
                        <button type="submit">{t(Msg::ResultsDownloadSheet)}</button>
                    </form>
                });
                let summary = d.summary.then(|| view! {
                    <form method="get" class="inline-form" data-testid="summary-download"
                        action=format!("/classes/{}/summary.xlsx", d.class_id)>
                        <label>{t(Msg::ResultsSemester)} " "
                            <select name="semester">
                                <option value="1">{t(Msg::ResultsSemester1)}</option>
                                <option value="2">{t(Msg::ResultsSemester2)}</option>
                                <option value="year">{t(Msg::ResultsWholeYear)}</option>
                            </select>
                        </label>
                        " "
                        <button type="submit">{t(Msg::ResultsDownloadSummary)}</button>
                    </form>
                });
                let class_id = d.class_id;
                let grids = (!d.subjects.is_empty()).then(|| view! {
                    <ul class="grid-links" data-testid="grid-links">
                        {d.subjects.iter().map(|s| view! {
                            <li>{t(Msg::GridOpen)} " " {s.name.clone()} ": "
                                <a href=format!("/classes/{class_id}/grades/{}/1", s.id)>{t(Msg::ResultsSemester1)}</a> " · "
                                <a href=format!("/classes/{class_id}/grades/{}/2", s.id)>{t(Msg::ResultsSemester2)}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                });
                // The roll is the homeroom teacher's (and the board's); a subject teacher marks
                // absences in their own periods.
                let conduct = if d.summary {
                    Some(view! {
                        <p>
                            <a class="button" href=format!("/classes/{class_id}/attendance") data-testid="attendance-link">{t(Msg::AttTitle)}</a>
                            " "
                            <a class="button" href=format!("/classes/{class_id}/conduct") data-testid="conduct-link">{t(Msg::ConductLink)}</a>
                        </p>
                    }.into_any())
                } else if !d.subjects.is_empty() {
                    Some(view! {
                        <p><a class="button" href=format!("/classes/{class_id}/attendance/period") data-testid="attendance-link">{t(Msg::AttPeriodMode)}</a></p>
                    }.into_any())
                } else {
                    None
                };
                let year_end = d.summary.then(|| view! {
                    <p data-testid="year-end-links">
                        <a href=format!("/classes/{class_id}/summary?period=1")>{t(Msg::SumTitle)}</a>
                        " · "
                        <a href=format!("/classes/{class_id}/year-end")>{t(Msg::YeTitle)}</a>
                    </p>
                });
                view! {
                    <section aria-labelledby="result-downloads">
                        {conduct}
                        {year_end}
                        {grids}
                        <h2 id="result-downloads">{t(Msg::ResultsDownloads)}</h2>
                        {sheet}
                        {summary}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Roster(roster: Resource<Result<ClassRoster, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match roster.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(r) => {
                        let heading = Msg::ClassHeading.with(lang, &[("name", &r.name)]);
                        let count = r.students.len();
                        view! {
                            <h1>{heading}</h1>
                            <p class="muted">
                                {t(Msg::SchoolYear)} " " {r.school_year.clone()}
                                {r.homeroom_teacher.clone().map(|n| view! {
                                    " · " {t(Msg::HomeroomTeacherLabel)} ": " {n}
                                })}
                                " · " {count} " " {t(Msg::StudentsUnit)}
                            </p>
                            <p>
                                <a class="button" rel="external" download
                                    href=format!("/classes/{}/list.xlsx", r.class_id)>
                                    {t(Msg::DownloadXlsx)}
                                </a>
                            </p>
                            <div class="table-wrap">
                                <table class="table" data-testid="roster">
                                    <thead><tr>
                                        <th scope="col" class="num">{t(Msg::ColNumber)}</th>
                                        <th scope="col">{t(Msg::StudentCode)}</th>
                                        <th scope="col">{t(Msg::FullName)}</th>
                                        <th scope="col">{t(Msg::ColDateOfBirth)}</th>
                                        <th scope="col">{t(Msg::ColGender)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {r.students.into_iter().map(|s| view! {
                                            <tr>
                                                <td class="num">{s.number}</td>
                                                <td><code>{s.code}</code></td>
                                                <td class="student-name">{s.full_name}</td>
                                                <td>{s.date_of_birth}</td>
                                                <td>{t(if s.is_female { Msg::GenderFemale } else { Msg::GenderMale })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
