//! The admin's students: find anyone by name or code (with or without diacritics), and admit
//! a new student at the start of the year or by transfer from another school.
use crate::api::auth::Me;
use crate::api::class_admin::load_class_admin;
use crate::api::student_records::{search_students, Admission, CreateStudent, StudentSearch};
use crate::domain::role::Role;
use crate::domain::structure::student::StudentForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::forms::{count_successes, outcome_of, Outcome};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use crate::ui::pages::student_record::RecordFields;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AdminStudentsPage() -> impl IntoView {
    let create = ServerAction::<CreateStudent>::new();
    let query = RwSignal::new(String::new());
    let class = RwSignal::new(None::<i64>);
    let saves = RwSignal::new(0usize);
    count_successes(create, saves);
    let found = Resource::new(
        move || (query.get(), class.get(), saves.get()),
        |(q, c, _)| search_students(q, c),
    );
    let classes = Resource::new(|| (), |_| load_class_admin(None));
    view! {
        <Title text=t(Msg::NavStudents) />
        <Gate roles=&[Role::Admin, Role::Principal] page=move |me: Me| {
            let is_admin = me.roles.contains(&Role::Admin);
            view! { <Layout me><Students found classes query class create is_admin /></Layout> }
        } />
    }
}

#[component]
fn Students(
    found: Resource<Result<StudentSearch, AppError>>,
    classes: Resource<Result<crate::api::class_admin::ClassAdmin, AppError>>,
    query: RwSignal<String>,
    class: RwSignal<Option<i64>>,
    create: ServerAction<CreateStudent>,
    is_admin: bool,
) -> impl IntoView {
    let lang = use_lang();
    let class_options = move || {
        classes
            .get()
            .and_then(|r| r.ok())
            .map(|d| {
                d.classes
                    .into_iter()
                    .map(|c| (c.id, c.name))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    view! {
        <h1>{t(Msg::NavStudents)}</h1>
        <section class="panel wide">
            <div class="filters">
                <label for="student-search">{t(Msg::Search)}</label>
                <input id="student-search" type="search" placeholder=t(Msg::StudentSearchHint)
                    on:input=move |ev| query.set(event_target_value(&ev)) />
                <label for="student-class">{t(Msg::FieldClass)}</label>
                <select id="student-class" on:change=move |ev| class.set(event_target_value(&ev).parse().ok())>
                    <option value="">{t(Msg::FilterAll)}</option>
                    <Suspense fallback=|| ()>
                        {move || class_options().into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </Suspense>
                </select>
            </div>
            <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match found.await {
                        Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                        Ok(s) => view! { <StudentTable s /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        {is_admin.then(|| view! {
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let options = classes.await.map(|d| d.classes.into_iter().map(|c| (c.id, c.name)).collect::<Vec<_>>()).unwrap_or_default();
                    view! { <NewStudent create classes=options /> }
                })}
            </Suspense>
        })}
    }
}

#[component]
fn StudentTable(s: StudentSearch) -> impl IntoView {
    let lang = use_lang();
    let shown = s.students.len();
    view! {
        <p class="muted" data-testid="student-count">
            {Msg::StudentsShown.with(lang, &[("shown", &shown.to_string()), ("total", &s.total.to_string())])}
        </p>
        <div class="table-wrap">
        <table class="table" data-testid="students">
            <thead><tr>
                <th scope="col">{t(Msg::StudentCode)}</th>
                <th scope="col">{t(Msg::FullName)}</th>
                <th scope="col">{t(Msg::ColDateOfBirth)}</th>
                <th scope="col">{t(Msg::ColGender)}</th>
                <th scope="col">{t(Msg::FieldClass)}</th>
                <th scope="col">{t(Msg::Status)}</th>
            </tr></thead>
            <tbody>
                {s.students.into_iter().map(|st| view! {
                    <tr data-code=st.code.clone()>
                        <td><code>{st.code.clone()}</code></td>
                        <th scope="row"><a href=format!("/admin/students/{}", st.id)>{st.full_name.clone()}</a></th>
                        <td>{st.date_of_birth.clone()}</td>
                        <td>{t(if st.is_female { Msg::GenderFemale } else { Msg::GenderMale })}</td>
                        <td>{st.class_name.clone().unwrap_or_default()}</td>
                        <td>{t(crate::ui::pages::student_record::status_label(&st.status))}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
fn NewStudent(create: ServerAction<CreateStudent>, classes: Vec<(i64, String)>) -> impl IntoView {
    let form = RwSignal::new(StudentForm {
        gender: "male".into(),
        ..Default::default()
    });
    let class = RwSignal::new(String::new());
    let transfer_in = RwSignal::new(false);
    let date = RwSignal::new(String::new());
    let other_school = RwSignal::new(String::new());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(CreateStudent {
            form: form.get_untracked(),
            admission: Admission {
                class_id: class.get_untracked().parse().ok(),
                transfer_in: transfer_in.get_untracked(),
                date: date.get_untracked(),
                other_school: other_school.get_untracked(),
            },
        });
    };
    view! {
        <section class="panel wide">
            <h2>{t(Msg::AddStudent)}</h2>
            <Outcome result=outcome_of(create) saved=Msg::Saved test_id="new-student-outcome" />
            <form class="grid-form" on:submit=on_submit data-testid="new-student">
                <RecordFields form prefix="new" />
                <div class="field">
                    <label for="new-class">{t(Msg::FieldClass)}</label>
                    <select id="new-class" on:change=move |ev| class.set(event_target_value(&ev))>
                        <option value="">"–"</option>
                        {classes.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                    </select>
                </div>
                <label class="check">
                    <input type="checkbox" on:change=move |ev| transfer_in.set(event_target_checked(&ev)) />
                    {t(Msg::TransferIn)}
                </label>
                <Show when=move || transfer_in.get()>
                    <crate::ui::forms::TextField id="new-other-school" label=Msg::FieldOtherSchool value=other_school />
                    <crate::ui::forms::TextField id="new-date" label=Msg::FieldDate value=date kind="date" />
                </Show>
                <button type="submit" disabled=move || create.pending().get()>{t(Msg::AddStudent)}</button>
            </form>
        </section>
    }
}
