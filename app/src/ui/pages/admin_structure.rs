//! The admin's structure page: school years with their semesters, and subjects with the
//! periods each grade studies them (from which the regular assessments follow).
use crate::api::auth::Me;
use crate::api::school_structure::{
    load_structure, MakeYearCurrent, RemoveSubjectGrade, SaveSchoolYear, SaveSubject,
    SchoolStructure, SchoolYearForm, SchoolYearInfo, SetSubjectGrade, SubjectInfo,
};
use crate::domain::role::Role;
use crate::domain::structure::subject::AssessmentKind;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::forms::{count_successes, outcome_of, Outcome, TextField};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

/// The "periods of a subject at one grade" form, kept across reloads of the structure.
#[derive(Clone, Copy)]
struct GradeForm {
    subject: RwSignal<String>,
    grade: RwSignal<String>,
    periods: RwSignal<String>,
    regular: RwSignal<String>,
}

#[derive(Clone, Copy)]
struct Actions {
    save_year: ServerAction<SaveSchoolYear>,
    make_current: ServerAction<MakeYearCurrent>,
    save_subject: ServerAction<SaveSubject>,
    set_grade: ServerAction<SetSubjectGrade>,
    remove_grade: ServerAction<RemoveSubjectGrade>,
}

#[component]
pub fn AdminStructurePage() -> impl IntoView {
    let actions = Actions {
        save_year: ServerAction::new(),
        make_current: ServerAction::new(),
        save_subject: ServerAction::new(),
        set_grade: ServerAction::new(),
        remove_grade: ServerAction::new(),
    };
    let saves = RwSignal::new(0usize);
    count_successes(actions.save_year, saves);
    count_successes(actions.make_current, saves);
    count_successes(actions.save_subject, saves);
    count_successes(actions.set_grade, saves);
    count_successes(actions.remove_grade, saves);
    let structure = Resource::new(move || saves.get(), |_| load_structure());
    view! {
        <Title text=t(Msg::NavStructure) />
        <Gate roles=&[Role::Admin, Role::Principal] page=move |me: Me| view! {
            <Layout me><Structure structure actions /></Layout>
        } />
    }
}

#[component]
fn Structure(
    structure: Resource<Result<SchoolStructure, AppError>>,
    actions: Actions,
) -> impl IntoView {
    let lang = use_lang();
    let grade_form = GradeForm {
        subject: RwSignal::new(String::new()),
        grade: RwSignal::new(String::new()),
        periods: RwSignal::new(String::new()),
        regular: RwSignal::new(String::new()),
    };
    // One live region for whichever save happened last.
    let last = RwSignal::new(None::<Result<(), AppError>>);
    for o in [
        outcome_of(actions.save_year),
        outcome_of(actions.make_current),
        outcome_of(actions.save_subject),
        outcome_of(actions.set_grade),
        outcome_of(actions.remove_grade),
    ] {
        Effect::new(move |_| {
            if let Some(r) = o.get() {
                last.set(Some(r));
            }
        });
    }
    view! {
        <h1>{t(Msg::NavStructure)}</h1>
        <Outcome result=last saved=Msg::Saved test_id="structure-outcome" />
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match structure.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(s) => view! { <Years s=s.clone() actions /><Subjects s actions grade_form /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Years(s: SchoolStructure, actions: Actions) -> impl IntoView {
    let can_edit = s.can_edit;
    let editing = RwSignal::new(None::<i64>);
    view! {
        <section class="panel wide" aria-labelledby="years-h">
            <h2 id="years-h">{t(Msg::SchoolYears)}</h2>
            <div class="table-wrap">
            <table class="table" data-testid="school-years">
                <thead><tr>
                    <th scope="col">{t(Msg::FieldSchoolYear)}</th>
                    <th scope="col">{t(Msg::Semester1)}</th>
                    <th scope="col">{t(Msg::Semester2)}</th>
                    <th scope="col">{t(Msg::GradeLevels)}</th>
                    <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {s.years.iter().cloned().map(|y| view! { <YearRow y can_edit editing actions /> }).collect_view()}
                </tbody>
            </table>
            </div>
            {move || editing.get().and_then(|id| s.years.iter().find(|y| y.id == id).cloned()).map(|y| view! {
                <YearForm year=Some(y) actions on_done=move || editing.set(None) />
            })}
            {can_edit.then(|| view! {
                <details class="add">
                    <summary>{t(Msg::AddSchoolYear)}</summary>
                    <YearForm year=None actions on_done=|| () />
                </details>
            })}
        </section>
    }
}

fn span(s: &SchoolYearInfo, number: i64) -> String {
    s.semesters
        .iter()
        .find(|x| x.number == number)
        .map(|x| {
            format!(
                "{} → {}",
                crate::ui::format::iso_to_dmy(&x.start),
                crate::ui::format::iso_to_dmy(&x.end)
            )
        })
        .unwrap_or_default()
}

#[component]
fn YearRow(
    y: SchoolYearInfo,
    can_edit: bool,
    editing: RwSignal<Option<i64>>,
    actions: Actions,
) -> impl IntoView {
    let id = y.id;
    let grades = y
        .grade_levels
        .iter()
        .map(|g| g.grade.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let rules = y
        .grade_levels
        .first()
        .map(|g| g.rule_set.clone())
        .unwrap_or_default();
    view! {
        <tr data-year=y.name.clone()>
            <th scope="row">{y.name.clone()} {y.is_current.then(|| view! { " " <span class="chip">{t(Msg::CurrentYear)}</span> })}</th>
            <td>{span(&y, 1)}</td>
            <td>{span(&y, 2)}</td>
            <td>{grades} <span class="muted">" (" {crate::ui::format::rule_set_name(&rules)} ")"</span></td>
            <td><div class="actions">
                {can_edit.then(|| view! {
                    <button type="button" class="secondary" on:click=move |_| editing.set(Some(id))>{t(Msg::EditDates)}</button>
                    {(!y.is_current).then(|| view! {
                        <button type="button" class="secondary" on:click=move |_| {
                            actions.make_current.dispatch(MakeYearCurrent { year_id: id });
                        }>{t(Msg::MakeCurrent)}</button>
                    })}
                })}
            </div></td>
        </tr>
    }
}

#[component]
fn YearForm(
    year: Option<SchoolYearInfo>,
    actions: Actions,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let date = |n: i64, start: bool| {
        year.as_ref()
            .and_then(|y| y.semesters.iter().find(|s| s.number == n))
            .map(|s| {
                if start {
                    s.start.clone()
                } else {
                    s.end.clone()
                }
            })
            .unwrap_or_default()
    };
    let start_year = RwSignal::new(
        year.as_ref()
            .and_then(|y| crate::domain::structure::school_year::start_year_of(&y.name))
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    let s1 = RwSignal::new(date(1, true));
    let e1 = RwSignal::new(date(1, false));
    let s2 = RwSignal::new(date(2, true));
    let e2 = RwSignal::new(date(2, false));
    let year_id = year.as_ref().map(|y| y.id);
    let prefix = if year_id.is_some() { "edit" } else { "new" };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.save_year.dispatch(SaveSchoolYear {
            year_id,
            form: SchoolYearForm {
                start_year: start_year.get_untracked().trim().parse().unwrap_or(0),
                semester1_start: s1.get_untracked(),
                semester1_end: e1.get_untracked(),
                semester2_start: s2.get_untracked(),
                semester2_end: e2.get_untracked(),
            },
        });
        on_done();
    };
    let ids = if prefix == "new" {
        [
            "new-year-start",
            "new-s1-start",
            "new-s1-end",
            "new-s2-start",
            "new-s2-end",
        ]
    } else {
        [
            "edit-year-start",
            "edit-s1-start",
            "edit-s1-end",
            "edit-s2-start",
            "edit-s2-end",
        ]
    };
    view! {
        <form class="grid-form" on:submit=on_submit data-testid=format!("{prefix}-year")>
            {year.as_ref().map(|y| view! { <h3>{y.name.clone()}</h3> })}
            <div class="field" class:hidden=year_id.is_some()>
                <label for=ids[0]>{t(Msg::StartYear)}</label>
                <input id=ids[0] type="number" min="2000" max="2100" required prop:value=start_year
                    on:input=move |ev| start_year.set(event_target_value(&ev)) />
            </div>
            <TextField id=ids[1] label=Msg::FieldSemester1Start value=s1 kind="date" required=true />
            <TextField id=ids[2] label=Msg::FieldSemester1End value=e1 kind="date" required=true />
            <TextField id=ids[3] label=Msg::FieldSemester2Start value=s2 kind="date" required=true />
            <TextField id=ids[4] label=Msg::FieldSemester2End value=e2 kind="date" required=true />
            <button type="submit" disabled=move || actions.save_year.pending().get()>{t(Msg::Save)}</button>
        </form>
    }
}

#[component]
fn Subjects(s: SchoolStructure, actions: Actions, grade_form: GradeForm) -> impl IntoView {
    let can_edit = s.can_edit;
    let grades = s.grades.clone();
    view! {
        <section class="panel wide" aria-labelledby="subjects-h">
            <h2 id="subjects-h">{t(Msg::Subjects)}</h2>
            <p class="hint">{t(Msg::SubjectsHint)}</p>
            <div class="table-wrap">
            <table class="table" data-testid="subjects">
                <thead><tr>
                    <th scope="col">{t(Msg::FieldSubjectCode)}</th>
                    <th scope="col">{t(Msg::FieldSubjectName)}</th>
                    <th scope="col">{t(Msg::FieldAssessmentKind)}</th>
                    {grades.iter().map(|g| view! { <th scope="col" class="num">{t(Msg::FieldGrade)} " " {*g}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {s.subjects.iter().cloned().map(|subject| {
                        let grades = grades.clone();
                        view! { <SubjectRow subject grades can_edit actions /> }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {can_edit.then(|| view! { <SubjectForm actions grades=s.grades.clone() subjects=s.subjects.clone() grade_form /> })}
        </section>
    }
}

fn kind_label(kind: AssessmentKind) -> Msg {
    match kind {
        AssessmentKind::Scored => Msg::KindScored,
        AssessmentKind::Comment => Msg::KindComment,
    }
}

#[component]
fn SubjectRow(
    subject: SubjectInfo,
    grades: Vec<i64>,
    can_edit: bool,
    actions: Actions,
) -> impl IntoView {
    let id = subject.id;
    view! {
        <tr data-subject=subject.code.clone()>
            <td><code>{subject.code.clone()}</code></td>
            <th scope="row">{subject.name.clone()}</th>
            <td>{t(kind_label(subject.kind))}</td>
            {grades.into_iter().map(|g| {
                let at = subject.grades.iter().find(|x| x.grade == g).cloned();
                view! {
                    <td class="num" data-grade=g>
                        {match at {
                            Some(x) => view! {
                                <span title=t(Msg::FieldRegularAssessments)>{x.periods_per_year} " " {t(Msg::PeriodsShort)}
                                    <br /><span class="muted">{x.regular_required} " " {t(Msg::RegularShort)}</span></span>
                                {can_edit.then(|| view! {
                                    <button type="button" class="link" aria-label=format!("{} {} {}", t(Msg::Remove), subject.code, g)
                                        on:click=move |_| { actions.remove_grade.dispatch(RemoveSubjectGrade { subject_id: id, grade: g }); }>"×"</button>
                                })}
                            }.into_any(),
                            None => view! { <span class="muted">"–"</span> }.into_any(),
                        }}
                    </td>
                }
            }).collect_view()}
        </tr>
    }
}

#[component]
fn SubjectForm(
    actions: Actions,
    grades: Vec<i64>,
    subjects: Vec<SubjectInfo>,
    grade_form: GradeForm,
) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let kind = RwSignal::new("scored".to_string());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.save_subject.dispatch(SaveSubject {
            subject_id: None,
            code: code.get_untracked(),
            name: name.get_untracked(),
            kind: kind.get_untracked(),
        });
    };
    let GradeForm {
        subject,
        grade,
        periods,
        regular,
    } = grade_form;
    if subject.get_untracked().is_empty() {
        subject.set(
            subjects
                .first()
                .map(|s| s.id.to_string())
                .unwrap_or_default(),
        );
    }
    if grade.get_untracked().is_empty() {
        grade.set(grades.first().map(|g| g.to_string()).unwrap_or_default());
    }
    let on_grade = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.set_grade.dispatch(SetSubjectGrade {
            subject_id: subject.get_untracked().parse().unwrap_or(0),
            grade: grade.get_untracked().parse().unwrap_or(0),
            periods: periods.get_untracked(),
            regular: regular.get_untracked(),
        });
    };
    view! {
        <div class="forms-row">
        <form class="grid-form" on:submit=on_submit data-testid="new-subject">
            <h3>{t(Msg::AddSubject)}</h3>
            <TextField id="subject-code" label=Msg::FieldSubjectCode value=code required=true />
            <TextField id="subject-name" label=Msg::FieldSubjectName value=name required=true />
            <div class="field">
                <label for="subject-kind">{t(Msg::FieldAssessmentKind)}</label>
                <select id="subject-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="scored">{t(Msg::KindScored)}</option>
                    <option value="comment">{t(Msg::KindComment)}</option>
                </select>
            </div>
            <button type="submit">{t(Msg::Save)}</button>
        </form>
        <form class="grid-form" on:submit=on_grade data-testid="subject-grade">
            <h3>{t(Msg::SetPeriods)}</h3>
            <div class="field">
                <label for="sg-subject">{t(Msg::FieldSubject)}</label>
                <select id="sg-subject" on:change=move |ev| subject.set(event_target_value(&ev))>
                    {subjects.iter().map(|s| {
                        let id = s.id.to_string();
                        let chosen = id.clone();
                        view! { <option value=id selected=move || subject.get() == chosen>{s.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="sg-grade">{t(Msg::FieldGrade)}</label>
                <select id="sg-grade" on:change=move |ev| grade.set(event_target_value(&ev))>
                    {grades.iter().map(|g| {
                        let g = *g;
                        view! { <option value=g.to_string() selected=move || grade.get() == g.to_string()>{g}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextField id="sg-periods" label=Msg::FieldPeriodsPerYear value=periods />
            <TextField id="sg-regular" label=Msg::FieldRegularAssessments value=regular placeholder="auto" />
            <button type="submit">{t(Msg::Save)}</button>
        </form>
        </div>
    }
}
