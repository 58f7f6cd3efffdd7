//! A child's results for the family (`/children/:code`), phone first: one card per subject
//! with its scores, result and the teacher's comment; the semester's learning result, conduct
//! and absences above; rewards and discipline below. The server leaves out what the school
//! has not published; the page says so instead of showing blanks that look like zeros.
use crate::api::auth::Me;
use crate::api::child_results::{
    load_child_results, ChildAbsence, ChildCell, ChildPeriod, ChildResults, ChildSubject,
    ChildSubjectResult,
};
use crate::api::grade_grid::GridMark;
use crate::api::year_end::{outcome_label, title_label};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::format::iso_to_dmy;
use crate::ui::forms::focus;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use crate::ui::pages::class_summary::{level_label, result_text};
use crate::ui::pages::report_mistake::{ReportMistake, SentList};
use crate::ui::pages::reviews::visibility_label;
use crate::ui::pages::student_distinctions::{kind_label, level_label as distinction_label};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

const FAMILY: &[Role] = &[Role::Parent, Role::Student];

#[component]
pub fn ChildResultsPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code").unwrap_or_default()));
    let period = Memo::new(move |_| {
        query.with(|q| match q.get("period").as_deref() {
            Some("2") => "2".to_string(),
            Some("year") => "year".to_string(),
            _ => "1".to_string(),
        })
    });
    // One request per child: the tabs only choose what to show.
    let results = Resource::new(
        move || code.get(),
        |code| async move {
            if code.is_empty() {
                Err(AppError::NotFound)
            } else {
                load_child_results(code).await
            }
        },
    );
    let reports = SentList::new(code);
    view! {
        <Title text=t(Msg::ChildTitle) />
        <Gate roles=FAMILY page=move |me: Me| view! { <Layout me><Results results period reports /></Layout> } />
    }
}

#[component]
fn Results(
    results: Resource<Result<ChildResults, AppError>>,
    period: Memo<String>,
    reports: SentList,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let r = match results.await {
                    Ok(r) => r,
                    Err(e) => return view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                };
                view! { <Child r period reports /> }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Child(r: ChildResults, period: Memo<String>, reports: SentList) -> impl IntoView {
    let lang = use_lang();
    let code = r.code.clone();
    let tab = move |p: &'static str, label: Msg| {
        let code = code.clone();
        let current = move || period.get() == p;
        view! {
            <a href=format!("/children/{code}?period={p}") data-testid=format!("child-tab-{p}")
                class:current=current aria-current=move || current().then_some("page")>{t(label)}</a>
        }
    };
    let subjects = r.subjects.clone();
    let periods = r.periods.clone();
    // The report form's choice, set by a subject card's "Báo sai" too.
    let chosen = RwSignal::new(
        r.subjects
            .first()
            .map(|s| format!("s:{}", s.id))
            .unwrap_or_else(|| "p:other".into()),
    );
    let semester = RwSignal::new(if period.get_untracked() == "2" { 2 } else { 1 });
    let flag = Flag { chosen, semester };
    let absences = r.absences.clone();
    let when = visibility_label(r.visibility).raw(lang).to_string();
    view! {
        <article class="child-results" data-testid="child-results" data-code=r.code.clone()>
            <h1>{Msg::ChildHeading.with(lang, &[("name", &r.full_name)])}</h1>
            <p class="muted" data-testid="child-class">
                {match (&r.class_name, &r.school_year) {
                    (Some(c), Some(y)) => Msg::ResultsClassLine.with(lang, &[("class", c), ("year", y)]),
                    _ => Msg::ChildNoClass.raw(lang).to_string(),
                }}
                {r.homeroom_teacher.clone().map(|n| view! { <br />{t(Msg::HomeroomTeacherLabel)} ": " {n} })}
            </p>
            {(!r.periods.is_empty()).then(|| {
                let code = r.code.clone();
                let code2 = r.code.clone();
                view! {
                    <p class="actions">
                        <a class="button" rel="external" download data-testid="child-pdf"
                            href=move || format!("/children/{code}/report.pdf?period={}", period.get())>{t(Msg::ChildPdf)}</a>
                        " "
                        <a rel="external" data-testid="child-print"
                            href=move || format!("/children/{code2}/report.html?period={}", period.get())>{t(Msg::ChildPrint)}</a>
                    </p>
                }
            })}
            <p class="notice" data-testid="child-visibility">{Msg::ChildVisibility.with(lang, &[("when", &when)])}</p>
            {(!r.periods.is_empty()).then(|| view! {
                <nav class="tabs" data-testid="child-tabs">
                    {tab("1", Msg::ResultsSemester1)} " · " {tab("2", Msg::ResultsSemester2)} " · " {tab("year", Msg::ResultsWholeYear)}
                </nav>
            })}
            {move || {
                let p = period.get();
                periods.iter().find(|x| x.period == p).cloned().map(|x| {
                    let shown: Vec<ChildAbsence> = absences
                        .iter()
                        .filter(|a| p == "year" || a.semester.to_string() == p)
                        .cloned()
                        .collect();
                    view! { <Period p=x subjects=subjects.clone() absences=shown flag /> }
                })
            }}
            <Announcements list=r.announcements.clone() />
            <Distinctions r=r.clone() />
            {(!r.periods.is_empty()).then(|| view! {
                <ReportMistake code=r.code.clone() subjects=r.subjects.clone() chosen semester reports />
            })}
        </article>
    }
}

/// A subject card's "Báo sai": chooses the subject and semester in the report form.
#[derive(Clone, Copy)]
struct Flag {
    chosen: RwSignal<String>,
    semester: RwSignal<i64>,
}

impl Flag {
    fn subject(self, subject_id: i64, semester: Option<i64>) {
        self.chosen.set(format!("s:{subject_id}"));
        if let Some(n) = semester {
            self.semester.set(n);
        }
        focus("report-message");
    }
}

#[component]
fn Period(
    p: ChildPeriod,
    subjects: Vec<ChildSubject>,
    absences: Vec<ChildAbsence>,
    flag: Flag,
) -> impl IntoView {
    let lang = use_lang();
    let year = p.period == "year";
    let semester = p.period.parse::<i64>().ok();
    let level = move |l: Option<crate::domain::grading::Level>| match l {
        Some(l) => level_label(l).raw(lang).to_string(),
        None if p.published => Msg::ResultsIncomplete.raw(lang).to_string(),
        None => Msg::ChildUnpublished.raw(lang).to_string(),
    };
    let learning = level(p.learning.as_ref().map(|l| l.level));
    let conduct = level(p.conduct);
    let year_end = p.year_end.clone().map(|y| {
        let mut text = outcome_label(y.outcome).raw(lang).to_string();
        if let Some(title) = y.title {
            text.push_str(" · ");
            text.push_str(title_label(title).raw(lang));
        }
        text
    });
    view! {
        <section class="panel child-overview" data-testid="child-overview" data-period=p.period.clone()
            data-published=p.published.to_string()>
            <div class="stats">
                <div class="stat" data-testid="child-learning"><span class="value">{learning}</span>
                    <span class="label">{t(Msg::ResultsColLearning)}</span></div>
                <div class="stat" data-testid="child-conduct"><span class="value">{conduct}</span>
                    <span class="label">{t(Msg::ChildConduct)}</span></div>
                <div class="stat" data-testid="child-excused"><span class="value">{p.excused}</span>
                    <span class="label">{t(Msg::SumColExcused)}</span></div>
                <div class="stat" data-testid="child-unexcused"><span class="value">{p.unexcused}</span>
                    <span class="label">{t(Msg::SumColUnexcused)}</span></div>
            </div>
            {year_end.map(|y| view! { <p data-testid="child-year-end"><strong>{t(Msg::ChildYearEnd)} ": "</strong>{y}</p> })}
            {(!p.conduct_comment.is_empty()).then(|| view! {
                <p class="comment" data-testid="child-conduct-comment"><strong>{t(Msg::ChildConductComment)} ": "</strong>{p.conduct_comment.clone()}</p>
            })}
            {(!p.published).then(|| view! { <p class="muted">{t(Msg::ChildResultsWait)}</p> })}
        </section>
        <ul class="subject-cards" data-testid="child-subjects">
            {subjects.into_iter().zip(p.subjects).map(|(s, line)| view! { <SubjectCard s line year semester flag /> }).collect_view()}
        </ul>
        <Absences absences />
    }
}

fn cell_text(c: &ChildCell, lang: Lang) -> String {
    match c.mark {
        Some(GridMark::Absent) => Msg::GridAbsentShort.raw(lang).to_string(),
        _ if c.text.is_empty() => "–".into(),
        // Vietnamese writes the decimal comma.
        _ if lang == Lang::Vi => c.text.replace('.', ","),
        _ => c.text.clone(),
    }
}

#[component]
fn SubjectCard(
    s: ChildSubject,
    line: ChildSubjectResult,
    year: bool,
    semester: Option<i64>,
    flag: Flag,
) -> impl IntoView {
    let subject_id = s.id;
    let lang = use_lang();
    let result = if line.published {
        result_text(line.result, lang)
    } else {
        String::new()
    };
    let cells = |cells: Vec<ChildCell>| {
        cells
            .iter()
            .map(|c| cell_text(c, lang))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <li class="card subject-card" data-testid="child-subject" data-subject=s.id
            data-published=line.published.to_string()>
            <h2 class="subject-head">
                <span>{s.name.clone()}</span>
                {line.published.then(|| view! {
                    <span class="result" data-testid="child-subject-result"
                        title=t(if year { Msg::ResultsColYearAverage } else { Msg::ResultsColSemesterAverage })>{result}</span>
                })}
            </h2>
            <p class="muted small card-foot">
                {s.teacher.clone()}
                <button type="button" class="link" data-testid="child-flag"
                    on:click=move |_| flag.subject(subject_id, semester)>{t(Msg::RepFlag)}</button>
            </p>
            {if !line.published {
                view! { <p class="muted" data-testid="child-unpublished">{t(Msg::ChildUnpublished)}</p> }.into_any()
            } else if year {
                ().into_any()
            } else {
                view! {
                    <dl class="scores">
                        <dt>{t(Msg::ChildRegular)}</dt><dd data-testid="child-regular">{cells(line.regular.clone())}</dd>
                        <dt>{t(Msg::ChildMidterm)}</dt><dd data-testid="child-midterm">{line.midterm.as_ref().map(|c| cell_text(c, lang))}</dd>
                        <dt>{t(Msg::ChildFinal)}</dt><dd data-testid="child-final">{line.final_.as_ref().map(|c| cell_text(c, lang))}</dd>
                    </dl>
                    {(!line.comment.is_empty()).then(|| view! {
                        <p class="comment" data-testid="child-comment"><strong>{t(Msg::ResultsColComment)} ": "</strong>{line.comment.clone()}</p>
                    })}
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn Absences(absences: Vec<ChildAbsence>) -> impl IntoView {
    let lang = use_lang();
    let status = move |s: &str| match s {
        "excused" => Msg::AttExcused,
        "unexcused" => Msg::AttUnexcused,
        _ => Msg::AttTardy,
    };
    let session = |s: &str| {
        if s == "morning" {
            Msg::AttMorning
        } else {
            Msg::AttAfternoon
        }
    };
    view! {
        <section class="panel" data-testid="child-absences" aria-labelledby="child-absences-h">
            <h2 id="child-absences-h">{t(Msg::ChildAttendance)}</h2>
            {if absences.is_empty() {
                view! { <p class="muted">{t(Msg::ChildNoAbsences)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {absences.into_iter().map(|a| view! {
                            <li data-testid="child-absence" data-status=a.status.clone()>
                                {iso_to_dmy(&a.date)} " " {session(&a.session).raw(lang)} ": "
                                <strong>{status(&a.status).raw(lang)}</strong>
                                {(!a.reason.is_empty()).then(|| format!(" ({})", a.reason))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Distinctions(r: ChildResults) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel" data-testid="child-distinctions" aria-labelledby="child-dist-h">
            <h2 id="child-dist-h">{t(Msg::DistTitle)}</h2>
            {if r.distinctions.is_empty() {
                view! { <p class="muted">{t(Msg::DistNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {r.distinctions.into_iter().map(|d| view! {
                            <li data-testid="child-distinction" data-kind=d.kind.clone()>
                                {iso_to_dmy(&d.on_date)} ": " <strong>{kind_label(&d.kind).raw(lang)}</strong>
                                " (" {distinction_label(&d.level).raw(lang)} ") " {d.reason.clone()}
                                {(!d.decision_number.is_empty()).then(|| format!(" · {}", d.decision_number))}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn Announcements(list: Vec<crate::api::announcements::ClassAnnouncement>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel" data-testid="announcements" aria-labelledby="ann-h">
            <h2 id="ann-h">{t(Msg::AnnTitle)}</h2>
            {if list.is_empty() {
                view! { <p class="muted">{t(Msg::AnnNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain">
                        {list.into_iter().map(|a| view! {
                            <li data-testid="announcement">
                                <strong>{a.title.clone()}</strong>
                                <p class="report-message">{a.body.clone()}</p>
                                <small class="muted">{Msg::AnnBy.with(lang, &[("who", &a.author), ("when", &crate::ui::format::date_time(a.created_at))])}</small>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
