//! The admin's classes of a school year: create and rename classes, choose the homeroom
//! teacher, and assign a teacher to each subject of each class.
use crate::api::auth::Me;
use crate::api::class_admin::{load_class_admin, AssignTeacher, ClassAdmin, ClassInfo, SaveClass};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::forms::{count_successes, outcome_of, Outcome, TextField};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    save_class: ServerAction<SaveClass>,
    assign: ServerAction<AssignTeacher>,
}

#[component]
pub fn AdminClassesPage() -> impl IntoView {
    let actions = Actions {
        save_class: ServerAction::new(),
        assign: ServerAction::new(),
    };
    let year = RwSignal::new(None::<i64>);
    // The class being edited stays open while the list reloads after each save.
    let selected = RwSignal::new(None::<i64>);
    let saves = RwSignal::new(0usize);
    count_successes(actions.save_class, saves);
    count_successes(actions.assign, saves);
    let data = Resource::new(
        move || (year.get(), saves.get()),
        |(year, _)| load_class_admin(year),
    );
    view! {
        <Title text=t(Msg::NavClasses) />
        <Gate roles=&[Role::Admin, Role::Principal] page=move |me: Me| view! {
            <Layout me><Classes data actions year selected /></Layout>
        } />
    }
}

#[component]
fn Classes(
    data: Resource<Result<ClassAdmin, AppError>>,
    actions: Actions,
    year: RwSignal<Option<i64>>,
    selected: RwSignal<Option<i64>>,
) -> impl IntoView {
    let lang = use_lang();
    let last = RwSignal::new(None::<Result<(), AppError>>);
    for o in [outcome_of(actions.save_class), outcome_of(actions.assign)] {
        Effect::new(move |_| {
            if let Some(r) = o.get() {
                last.set(Some(r));
            }
        });
    }
    view! {
        <h1>{t(Msg::NavClasses)}</h1>
        <Outcome result=last saved=Msg::Saved test_id="classes-outcome" />
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(d) => view! { <ClassTable d actions year selected /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClassTable(
    d: ClassAdmin,
    actions: Actions,
    year: RwSignal<Option<i64>>,
    selected: RwSignal<Option<i64>>,
) -> impl IntoView {
    let d = StoredValue::new(d);
    let can_edit = d.with_value(|d| d.can_edit);
    let year_id = d.with_value(|d| d.year_id);
    view! {
        <section class="panel wide">
            <div class="filters">
                <label for="year-pick">{t(Msg::FieldSchoolYear)}</label>
                <select id="year-pick" on:change=move |ev| year.set(event_target_value(&ev).parse().ok())>
                    {d.with_value(|d| d.years.iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=*id == d.year_id>{name.clone()}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="table-wrap">
            <table class="table" data-testid="classes">
                <thead><tr>
                    <th scope="col">{t(Msg::FieldClassName)}</th>
                    <th scope="col" class="num">{t(Msg::FieldGrade)}</th>
                    <th scope="col">{t(Msg::HomeroomTeacherLabel)}</th>
                    <th scope="col" class="num">{t(Msg::StudentCount)}</th>
                    <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {d.with_value(|d| d.classes.iter().map(|c| {
                        let id = c.id;
                        view! {
                            <tr data-class=c.name.clone() class:selected=move || selected.get() == Some(id)>
                                <th scope="row"><a href=format!("/classes/{id}")>{c.name.clone()}</a></th>
                                <td class="num">{c.grade}</td>
                                <td>{c.homeroom_teacher.clone().unwrap_or_default()}</td>
                                <td class="num">{c.students}</td>
                                <td><button type="button" class="secondary" aria-expanded=move || (selected.get() == Some(id)).to_string()
                                    on:click=move |_| selected.update(|s| *s = if *s == Some(id) { None } else { Some(id) })>
                                    {t(if can_edit { Msg::EditClass } else { Msg::ShowTeachers })}
                                </button></td>
                            </tr>
                        }
                    }).collect_view())}
                </tbody>
            </table>
            </div>
            {move || selected.get().and_then(|id| d.with_value(|d| d.classes.iter().find(|c| c.id == id).cloned())).map(|c| view! {
                <ClassEditor class=c d actions can_edit />
            })}
        </section>
        {can_edit.then(|| view! { <NewClass d actions year_id /> })}
    }
}

#[component]
fn ClassEditor(
    class: ClassInfo,
    d: StoredValue<ClassAdmin>,
    actions: Actions,
    can_edit: bool,
) -> impl IntoView {
    let name = RwSignal::new(class.name.clone());
    let homeroom = RwSignal::new(
        class
            .homeroom_teacher_id
            .map(|i| i.to_string())
            .unwrap_or_default(),
    );
    let class_id = class.id;
    let grade = class.grade;
    let year_id = d.with_value(|d| d.year_id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.save_class.dispatch(SaveClass {
            class_id: Some(class_id),
            year_id,
            name: name.get_untracked(),
            grade: grade as i32,
            homeroom_teacher_id: homeroom.get_untracked().parse().ok(),
        });
    };
    let subjects: Vec<_> = d.with_value(|d| {
        d.subjects
            .iter()
            .filter(|s| s.grades.contains(&grade))
            .cloned()
            .collect()
    });
    view! {
        <div class="editor" data-testid="class-editor">
            <h2>{Msg::ClassHeading.with(crate::ui::lang::use_lang(), &[("name", &class.name)])}</h2>
            {can_edit.then(|| view! {
                <form class="grid-form" on:submit=on_submit>
                    <TextField id="class-name" label=Msg::FieldClassName value=name required=true />
                    <div class="field">
                        <label for="class-homeroom">{t(Msg::HomeroomTeacherLabel)}</label>
                        <select id="class-homeroom" on:change=move |ev| homeroom.set(event_target_value(&ev))>
                            <option value="">"–"</option>
                            {d.with_value(|d| d.teachers.iter().map(|tch| view! {
                                <option value=tch.id.to_string() selected=Some(tch.id) == class.homeroom_teacher_id>{tch.full_name.clone()}</option>
                            }).collect_view())}
                        </select>
                    </div>
                    <button type="submit">{t(Msg::Save)}</button>
                </form>
            })}
            <h3>{t(Msg::TeachingAssignments)}</h3>
            <table class="table" data-testid="assignments">
                <thead><tr><th scope="col">{t(Msg::FieldSubject)}</th><th scope="col">{t(Msg::FieldTeacher)}</th></tr></thead>
                <tbody>
                    {subjects.into_iter().map(|s| {
                        let current = d.with_value(|d| d.assignments.iter().find(|a| a.class_id == class_id && a.subject_id == s.id).cloned());
                        let subject_id = s.id;
                        let select_id = format!("assign-{}", s.code);
                        view! {
                            <tr data-subject=s.code.clone()>
                                <th scope="row"><label for=select_id.clone()>{s.name.clone()}</label></th>
                                <td>{if can_edit {
                                    view! {
                                        <select id=select_id on:change=move |ev| {
                                            actions.assign.dispatch(AssignTeacher {
                                                class_id,
                                                subject_id,
                                                teacher_id: event_target_value(&ev).parse().ok(),
                                            });
                                        }>
                                            <option value="">"–"</option>
                                            {d.with_value(|d| d.teachers.iter().map(|tch| view! {
                                                <option value=tch.id.to_string() selected=current.as_ref().map(|a| a.teacher_id) == Some(tch.id)>{tch.full_name.clone()}</option>
                                            }).collect_view())}
                                        </select>
                                    }.into_any()
                                } else {
                                    view! { <span>{current.map(|a| a.teacher).unwrap_or_default()}</span> }.into_any()
                                }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn NewClass(d: StoredValue<ClassAdmin>, actions: Actions, year_id: i64) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let grade = RwSignal::new(
        d.with_value(|d| d.grades.first().map(|g| g.to_string()).unwrap_or_default()),
    );
    let homeroom = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.save_class.dispatch(SaveClass {
            class_id: None,
            year_id,
            name: name.get_untracked(),
            grade: grade.get_untracked().parse().unwrap_or(0),
            homeroom_teacher_id: homeroom.get_untracked().parse().ok(),
        });
    };
    view! {
        <section class="panel wide">
            <h2>{t(Msg::AddClass)}</h2>
            <form class="grid-form" on:submit=on_submit data-testid="new-class">
                <TextField id="new-class-name" label=Msg::FieldClassName value=name required=true placeholder="6A4" />
                <div class="field">
                    <label for="new-class-grade">{t(Msg::FieldGrade)}</label>
                    <select id="new-class-grade" on:change=move |ev| grade.set(event_target_value(&ev))>
                        {d.with_value(|d| d.grades.iter().map(|g| view! { <option value=g.to_string()>{*g}</option> }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="new-class-homeroom">{t(Msg::HomeroomTeacherLabel)}</label>
                    <select id="new-class-homeroom" on:change=move |ev| homeroom.set(event_target_value(&ev))>
                        <option value="">"–"</option>
                        {d.with_value(|d| d.teachers.iter().map(|tch| view! { <option value=tch.id.to_string()>{tch.full_name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <button type="submit">{t(Msg::Save)}</button>
            </form>
        </section>
    }
}
