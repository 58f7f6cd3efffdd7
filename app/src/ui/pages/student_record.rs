//! One student's record for the admin: the học bạ fields, guardians, and the enrolment history
//! with moves between classes and schools.
use crate::api::auth::Me;
use crate::api::student_records::{
    load_student, AddGuardian, GuardianForm, MoveStudent, Movement, MovementForm, RemoveGuardian,
    StudentDetail, UpdateStudent,
};
use crate::domain::role::Role;
use crate::domain::structure::student::StudentForm;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::forms::{count_successes, outcome_of, Outcome, TextField};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub fn status_label(status: &str) -> Msg {
    match status {
        "transferred_out" => Msg::StatusTransferredOut,
        "dropped_out" => Msg::StatusDroppedOut,
        "graduated" => Msg::StatusGraduated,
        "suspended" => Msg::StatusSuspended,
        _ => Msg::StatusStudying,
    }
}

fn entry_label(kind: &str) -> Msg {
    match kind {
        "transfer_in" => Msg::EntryTransferIn,
        "class_change" => Msg::EntryClassChange,
        "return" => Msg::EntryReturn,
        _ => Msg::EntryStart,
    }
}

fn exit_label(kind: &str) -> Msg {
    match kind {
        "transfer_out" => Msg::ExitTransferOut,
        "class_change" => Msg::EntryClassChange,
        "dropped_out" => Msg::StatusDroppedOut,
        _ => Msg::ExitCompleted,
    }
}

type Getter = fn(&StudentForm) -> String;
type Setter = fn(&mut StudentForm, String);

/// One input bound to one field of the form.
#[component]
fn FormField(
    form: RwSignal<StudentForm>,
    id: String,
    label: Msg,
    get: Getter,
    set: Setter,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{t(label)}</label>
            <input id=id type=kind required=required prop:value=move || form.with(get)
                on:input=move |ev| form.update(|f| set(f, event_target_value(&ev))) />
        </div>
    }
}

/// The record's fields, for the new-student form and the edit form.
#[component]
pub fn RecordFields(form: RwSignal<StudentForm>, prefix: &'static str) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    let fields: [(&str, Msg, Getter, Setter, &'static str, bool); 12] = [
        (
            "code",
            Msg::StudentCode,
            |f| f.code.clone(),
            |f, v| f.code = v,
            "text",
            true,
        ),
        (
            "full-name",
            Msg::FullName,
            |f| f.full_name.clone(),
            |f, v| f.full_name = v,
            "text",
            true,
        ),
        (
            "dob",
            Msg::ColDateOfBirth,
            |f| f.date_of_birth.clone(),
            |f, v| f.date_of_birth = v,
            "date",
            true,
        ),
        (
            "ethnicity",
            Msg::FieldEthnicity,
            |f| f.ethnicity.clone(),
            |f, v| f.ethnicity = v,
            "text",
            false,
        ),
        (
            "religion",
            Msg::FieldReligion,
            |f| f.religion.clone(),
            |f, v| f.religion = v,
            "text",
            false,
        ),
        (
            "nationality",
            Msg::FieldNationality,
            |f| f.nationality.clone(),
            |f, v| f.nationality = v,
            "text",
            false,
        ),
        (
            "national-id",
            Msg::FieldNationalId,
            |f| f.national_id.clone(),
            |f, v| f.national_id = v,
            "text",
            false,
        ),
        (
            "place-of-birth",
            Msg::FieldPlaceOfBirth,
            |f| f.place_of_birth.clone(),
            |f, v| f.place_of_birth = v,
            "text",
            false,
        ),
        (
            "hometown",
            Msg::FieldHometown,
            |f| f.hometown.clone(),
            |f, v| f.hometown = v,
            "text",
            false,
        ),
        (
            "address",
            Msg::FieldAddress,
            |f| f.address.clone(),
            |f, v| f.address = v,
            "text",
            false,
        ),
        (
            "current-address",
            Msg::FieldCurrentAddress,
            |f| f.current_address.clone(),
            |f, v| f.current_address = v,
            "text",
            false,
        ),
        (
            "policy-group",
            Msg::FieldPolicyGroup,
            |f| f.policy_group.clone(),
            |f, v| f.policy_group = v,
            "text",
            false,
        ),
    ];
    let gender_id = id("gender");
    view! {
        {fields.into_iter().take(3).map(|(name, label, get, set, kind, required)| view! {
            <FormField form id=id(name) label get set kind required />
        }).collect_view()}
        <div class="field">
            <label for=gender_id.clone()>{t(Msg::ColGender)}</label>
            <select id=gender_id on:change=move |ev| form.update(|f| f.gender = event_target_value(&ev))>
                <option value="male" selected=move || form.with(|f| f.gender != "female")>{t(Msg::GenderMale)}</option>
                <option value="female" selected=move || form.with(|f| f.gender == "female")>{t(Msg::GenderFemale)}</option>
            </select>
        </div>
        {fields.into_iter().skip(3).map(|(name, label, get, set, kind, required)| view! {
            <FormField form id=id(name) label get set kind required />
        }).collect_view()}
    }
}

/// The page's actions and the state of its smaller forms, created once per page view so that
/// what is being typed survives the record reloading after a save.
#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateStudent>,
    add_guardian: ServerAction<AddGuardian>,
    remove_guardian: ServerAction<RemoveGuardian>,
    movement: ServerAction<MoveStudent>,
    guardian: [RwSignal<String>; 5],
    moving: [RwSignal<String>; 5],
}

#[component]
pub fn StudentRecordPage() -> impl IntoView {
    let params = use_params_map();
    let actions = Actions {
        update: ServerAction::new(),
        add_guardian: ServerAction::new(),
        remove_guardian: ServerAction::new(),
        movement: ServerAction::new(),
        guardian: std::array::from_fn(|_| RwSignal::new(String::new())),
        moving: std::array::from_fn(|i| {
            RwSignal::new(if i == 0 {
                "change_class".to_string()
            } else {
                String::new()
            })
        }),
    };
    // A guardian added: the form is ready for the next one.
    Effect::new(move |_| {
        actions.add_guardian.version().get();
        if actions
            .add_guardian
            .value()
            .with_untracked(|v| matches!(v, Some(Ok(_))))
        {
            for f in actions.guardian {
                f.set(String::new());
            }
        }
    });
    let saves = RwSignal::new(0usize);
    count_successes(actions.update, saves);
    count_successes(actions.add_guardian, saves);
    count_successes(actions.remove_guardian, saves);
    count_successes(actions.movement, saves);
    let student = Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                saves.get(),
            )
        },
        |(id, ..)| async move {
            match id {
                Some(id) => load_student(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let student_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let distinctions = super::student_distinctions::student_resource(student_id);
    view! {
        <Title text=t(Msg::StudentRecord) />
        <Gate roles=&[Role::Admin, Role::Principal] page=move |me: Me| view! {
            <Layout me>
                <Record student actions />
                {move || student_id.get().map(|id| view! {
                    <super::student_distinctions::StudentDistinctions list=distinctions student_id=id />
                })}
            </Layout>
        } />
    }
}

#[component]
fn Record(student: Resource<Result<StudentDetail, AppError>>, actions: Actions) -> impl IntoView {
    let lang = use_lang();
    let last = RwSignal::new(None::<Result<(), AppError>>);
    for o in [
        outcome_of(actions.update),
        outcome_of(actions.add_guardian),
        outcome_of(actions.remove_guardian),
        outcome_of(actions.movement),
    ] {
        Effect::new(move |_| {
            if let Some(r) = o.get() {
                last.set(Some(r));
            }
        });
    }
    view! {
        <p><a href="/admin/students">{t(Msg::NavStudents)}</a></p>
        <Outcome result=last saved=Msg::Saved test_id="record-outcome" />
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match student.await {
                    Err(e) => view! { <h1>{t(Msg::StudentRecord)}</h1><p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(d) => view! { <Detail d actions /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Detail(d: StudentDetail, actions: Actions) -> impl IntoView {
    let form = RwSignal::new(d.form.clone());
    let id = d.id;
    let version = d.version;
    let can_edit = d.can_edit;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.update.dispatch(UpdateStudent {
            student_id: id,
            version,
            form: form.get_untracked(),
        });
    };
    view! {
        <h1>{d.form.full_name.clone()} " " <span class="chip" data-testid="student-status">{t(status_label(&d.status))}</span></h1>
        <p><a href=format!("/students/{id}/history")>{t(Msg::AuditStudentHistory)}</a></p>
        <section class="panel wide">
            <h2>{t(Msg::StudentRecord)}</h2>
            <form class="grid-form" on:submit=on_submit data-testid="student-form">
                <fieldset disabled=!can_edit class="plain">
                    <RecordFields form prefix="edit" />
                </fieldset>
                {can_edit.then(|| view! {
                    <button type="submit" disabled=move || actions.update.pending().get()>{t(Msg::Save)}</button>
                })}
            </form>
        </section>
        <Guardians d=d.clone() actions />
        <Enrolments d actions />
    }
}

#[component]
fn Guardians(d: StudentDetail, actions: Actions) -> impl IntoView {
    let id = d.id;
    let g = RwSignal::new(GuardianForm::default());
    let [name, relationship, phone, email, occupation] = actions.guardian;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        g.set(GuardianForm {
            full_name: name.get_untracked(),
            relationship: relationship.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            occupation: occupation.get_untracked(),
        });
        actions.add_guardian.dispatch(AddGuardian {
            student_id: id,
            guardian: g.get_untracked(),
        });
    };
    view! {
        <section class="panel wide">
            <h2>{t(Msg::Guardians)}</h2>
            <table class="table" data-testid="guardians">
                <thead><tr>
                    <th scope="col">{t(Msg::FullName)}</th>
                    <th scope="col">{t(Msg::FieldRelationship)}</th>
                    <th scope="col">{t(Msg::FieldPhone)}</th>
                    <th scope="col">{t(Msg::FieldEmail)}</th>
                    <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {d.guardians.into_iter().map(|x| {
                        let gid = x.id;
                        view! {
                            <tr>
                                <th scope="row">{x.full_name}</th>
                                <td>{x.relationship}</td>
                                <td>{x.phone}</td>
                                <td>{x.email}</td>
                                <td>{d.can_edit.then(|| view! {
                                    <button type="button" class="secondary" on:click=move |_| {
                                        actions.remove_guardian.dispatch(RemoveGuardian { student_id: id, guardian_id: gid });
                                    }>{t(Msg::Remove)}</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {d.can_edit.then(|| view! {
                <form class="grid-form" on:submit=on_submit data-testid="new-guardian">
                    <TextField id="guardian-name" label=Msg::FullName value=name required=true />
                    <TextField id="guardian-relationship" label=Msg::FieldRelationship value=relationship required=true placeholder="Mẹ" />
                    <TextField id="guardian-phone" label=Msg::FieldPhone value=phone kind="tel" />
                    <TextField id="guardian-email" label=Msg::FieldEmail value=email kind="email" />
                    <TextField id="guardian-occupation" label=Msg::Occupation value=occupation />
                    <button type="submit">{t(Msg::AddGuardian)}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn Enrolments(d: StudentDetail, actions: Actions) -> impl IntoView {
    let id = d.id;
    let [movement, class, date, other_school, reason] = actions.moving;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = match movement.get_untracked().as_str() {
            "transfer_out" => Movement::TransferOut,
            "drop_out" => Movement::DropOut,
            "return" => Movement::Return,
            _ => Movement::ChangeClass,
        };
        actions.movement.dispatch(MoveStudent {
            student_id: id,
            movement: m,
            form: MovementForm {
                class_id: class.get_untracked().parse().ok(),
                date: date.get_untracked(),
                other_school: other_school.get_untracked(),
                reason: reason.get_untracked(),
            },
        });
    };
    let needs_class = move || matches!(movement.get().as_str(), "change_class" | "return");
    let current = d.current_class_id;
    view! {
        <section class="panel wide">
            <h2>{t(Msg::Enrolments)}</h2>
            <div class="table-wrap">
            <table class="table" data-testid="enrolments">
                <thead><tr>
                    <th scope="col">{t(Msg::FieldSchoolYear)}</th>
                    <th scope="col">{t(Msg::FieldClass)}</th>
                    <th scope="col">{t(Msg::From)}</th>
                    <th scope="col">{t(Msg::To)}</th>
                    <th scope="col">{t(Msg::Note)}</th>
                </tr></thead>
                <tbody>
                    {d.enrolments.into_iter().map(|e| view! {
                        <tr class:current=e.active>
                            <td>{e.school_year}</td>
                            <th scope="row">{e.class_name}</th>
                            <td>{e.from} " · " {t(entry_label(&e.entry_kind))}</td>
                            <td>{e.to.unwrap_or_default()} {e.exit_kind.map(|k| view! { " · " {t(exit_label(&k))} })}</td>
                            <td>{e.other_school} " " {e.note}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {d.can_edit.then(|| view! {
                <form class="grid-form" on:submit=on_submit data-testid="movement">
                    <h3>{t(Msg::RecordMovement)}</h3>
                    <div class="field">
                        <label for="movement-kind">{t(Msg::Movement)}</label>
                        <select id="movement-kind" on:change=move |ev| movement.set(event_target_value(&ev))>
                            <option value="change_class" selected=move || movement.get() == "change_class">{t(Msg::EntryClassChange)}</option>
                            <option value="transfer_out" selected=move || movement.get() == "transfer_out">{t(Msg::ExitTransferOut)}</option>
                            <option value="drop_out" selected=move || movement.get() == "drop_out">{t(Msg::StatusDroppedOut)}</option>
                            <option value="return" selected=move || movement.get() == "return">{t(Msg::EntryReturn)}</option>
                        </select>
                    </div>
                    <Show when=needs_class>
                        <div class="field">
                            <label for="movement-class">{t(Msg::FieldClass)}</label>
                            <select id="movement-class" on:change=move |ev| class.set(event_target_value(&ev))>
                                <option value="">"–"</option>
                                {d.classes.iter().filter(|(c, _)| Some(*c) != current).map(|(c, name)| {
                                    let value = c.to_string();
                                    let chosen = value.clone();
                                    view! { <option value=value selected=move || class.get() == chosen>{name.clone()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </Show>
                    <TextField id="movement-date" label=Msg::FieldDate value=date kind="date" required=true />
                    <Show when=move || !needs_class() || movement.get() == "return">
                        <TextField id="movement-school" label=Msg::FieldOtherSchool value=other_school />
                    </Show>
                    <TextField id="movement-reason" label=Msg::FieldReason value=reason />
                    <button type="submit">{t(Msg::Save)}</button>
                </form>
            })}
        </section>
    }
}
