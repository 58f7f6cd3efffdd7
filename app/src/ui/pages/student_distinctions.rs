//! Rewards and discipline (khen thưởng, kỷ luật): the list (a withdrawn record stays, struck
//! through, with who withdrew it and why), the form to record one, and withdrawing with a
//! reason. Shown in the student's record and, for the whole class, on the conduct page.
use crate::api::distinctions::{
    add_distinction, class_distinctions, student_distinctions, withdraw_distinction,
    DistinctionItem, DistinctionList,
};
use crate::domain::distinction::{DistinctionDraft, DISCIPLINE_MEASURES, REWARD_LEVELS};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::format::iso_to_dmy;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

pub type ListResource = Resource<Result<DistinctionList, AppError>>;

/// A student the form may record for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudentChoice {
    pub id: i64,
    pub name: String,
}

/// The class's records (create in the page component). Reloaded after every change.
pub fn class_resource(class_id: Memo<Option<i64>>) -> ListResource {
    let changes = changes();
    Resource::new(
        move || (class_id.get(), changes.get()),
        |(id, _)| async move {
            match id {
                Some(id) => class_distinctions(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// The student's records (create in the page component).
pub fn student_resource(student_id: Memo<Option<i64>>) -> ListResource {
    let changes = changes();
    Resource::new(
        move || (student_id.get(), changes.get()),
        |(id, _)| async move {
            match id {
                Some(id) => student_distinctions(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// Counts changes made on this page, so the lists reload.
#[derive(Clone, Copy)]
struct Changes(RwSignal<usize>);

fn changes() -> RwSignal<usize> {
    match use_context::<Changes>() {
        Some(c) => c.0,
        None => {
            let c = RwSignal::new(0usize);
            provide_context(Changes(c));
            c
        }
    }
}

/// Reloads the lists; take it while rendering (there is no context inside a spawned task).
fn reloader() -> impl Fn() + Copy + 'static {
    let changes = use_context::<Changes>();
    move || {
        if let Some(c) = changes {
            c.0.update(|n| *n += 1);
        }
    }
}

pub fn kind_label(kind: &str) -> Msg {
    if kind == "discipline" {
        Msg::DistKindDiscipline
    } else {
        Msg::DistKindReward
    }
}

pub fn level_label(level: &str) -> Msg {
    match level {
        "class" => Msg::DistLevelClass,
        "school" => Msg::DistLevelSchool,
        "district" => Msg::DistLevelDistrict,
        "province" => Msg::DistLevelProvince,
        "national" => Msg::DistLevelNational,
        "reminder" => Msg::DistMeasureReminder,
        "criticism" => Msg::DistMeasureCriticism,
        _ => Msg::DistMeasureSelfReview,
    }
}

/// The class's records and the form, under the conduct grid.
#[component]
pub fn ClassDistinctions(list: ListResource, students: Vec<StudentChoice>) -> impl IntoView {
    let students = StoredValue::new(students);
    view! {
        <section aria-labelledby="distinctions" data-testid="class-distinctions">
            <h2 id="distinctions">{t(Msg::DistTitle)}</h2>
            <Records list show_student=true students=students.get_value() />
        </section>
    }
}

/// One student's records and the form, in the student's record.
#[component]
pub fn StudentDistinctions(list: ListResource, student_id: i64) -> impl IntoView {
    view! {
        <section aria-labelledby="distinctions" data-testid="student-distinctions">
            <h2 id="distinctions">{t(Msg::DistTitle)}</h2>
            <Records list show_student=false students=vec![StudentChoice { id: student_id, name: String::new() }] />
        </section>
    }
}

#[component]
fn Records(list: ListResource, show_student: bool, students: Vec<StudentChoice>) -> impl IntoView {
    let lang = use_lang();
    // The form's state outlives the list's reloads (the form is drawn again with each).
    let form = FormState::new(students.first().map(|s| s.id).unwrap_or_default());
    let students = StoredValue::new(students);
    view! {
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(l) => {
                        let can_edit = l.can_edit;
                        view! {
                            <Table items=l.items can_edit show_student />
                            {can_edit.then(|| view! { <AddForm students=students.get_value() form /> })}
                        }.into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn Table(items: Vec<DistinctionItem>, can_edit: bool, show_student: bool) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="muted" data-testid="distinctions-none">{t(Msg::DistNone)}</p> }
            .into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="distinctions">
                <thead><tr>
                    <th scope="col">{t(Msg::DistColDate)}</th>
                    {show_student.then(|| view! { <th scope="col">{t(Msg::DistColStudent)}</th> })}
                    <th scope="col">{t(Msg::DistColKind)}</th>
                    <th scope="col">{t(Msg::DistColLevel)}</th>
                    <th scope="col">{t(Msg::DistColReason)}</th>
                    <th scope="col">{t(Msg::DistColDecision)}</th>
                    {can_edit.then(|| view! { <th scope="col"></th> })}
                </tr></thead>
                <tbody>
                    {items.into_iter().map(|i| view! { <Row i can_edit show_student /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Row(i: DistinctionItem, can_edit: bool, show_student: bool) -> impl IntoView {
    let lang = use_lang();
    let withdrawn = i.withdrawn;
    let id = i.id;
    let open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let bump = reloader();
    let withdraw = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = reason.get_untracked();
        leptos::task::spawn_local(async move {
            match withdraw_distinction(id, text).await {
                Ok(()) => bump(),
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let struck = move |text: String| {
        if withdrawn {
            view! { <s>{text}</s> }.into_any()
        } else {
            text.into_any()
        }
    };
    view! {
        <tr data-testid="distinction" data-kind=i.kind.clone() data-withdrawn=withdrawn.to_string()>
            <td>{struck(iso_to_dmy(&i.on_date))}</td>
            {show_student.then(|| view! { <td>{struck(i.student_name.clone())}</td> })}
            <td>{struck(t(kind_label(&i.kind)).to_string())}</td>
            <td>{struck(t(level_label(&i.level)).to_string())}</td>
            <td>
                {struck(i.reason.clone())}
                {withdrawn.then(|| view! {
                    <br /><small class="muted" data-testid="withdrawn-note">{Msg::DistWithdrawn.with(lang, &[
                        ("who", &i.withdrawn_by.clone().unwrap_or_default()),
                        ("reason", &i.withdrawn_reason),
                    ])}</small>
                })}
            </td>
            <td>{struck(i.decision_number.clone())}</td>
            {can_edit.then(|| view! {
                <td>
                    {(!withdrawn).then(|| view! {
                        <button type="button" class="button small secondary" data-testid="withdraw-open"
                            on:click=move |_| open.update(|o| *o = !*o)>{t(Msg::DistWithdraw)}</button>
                        <Show when=move || open.get()>
                            <form class="inline-form" on:submit=withdraw>
                                <label for=format!("withdraw-{id}")>{t(Msg::DistWithdrawReason)}</label>
                                <input id=format!("withdraw-{id}") type="text" maxlength="500" data-testid="withdraw-reason"
                                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                                <button type="submit" class="button small" data-testid="withdraw-confirm">{t(Msg::DistWithdraw)}</button>
                            </form>
                        </Show>
                        {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    })}
                </td>
            })}
        </tr>
    }
}

#[derive(Clone, Copy)]
struct FormState {
    student: RwSignal<i64>,
    kind: RwSignal<String>,
    level: RwSignal<String>,
    date: RwSignal<String>,
    reason: RwSignal<String>,
    decision: RwSignal<String>,
    message: RwSignal<Option<Result<(), String>>>,
    busy: RwSignal<bool>,
}

impl FormState {
    fn new(student: i64) -> FormState {
        FormState {
            student: RwSignal::new(student),
            kind: RwSignal::new("reward".to_string()),
            level: RwSignal::new("class".to_string()),
            date: RwSignal::new(String::new()),
            reason: RwSignal::new(String::new()),
            decision: RwSignal::new(String::new()),
            message: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }
}

#[component]
fn AddForm(students: Vec<StudentChoice>, form: FormState) -> impl IntoView {
    let lang = use_lang();
    let single = students.len() == 1;
    let FormState {
        student,
        kind,
        level,
        date,
        reason,
        decision,
        message,
        busy,
    } = form;
    let levels = move || {
        if kind.get() == "discipline" {
            DISCIPLINE_MEASURES.to_vec()
        } else {
            REWARD_LEVELS.to_vec()
        }
    };
    let bump = reloader();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = DistinctionDraft {
            kind: kind.get_untracked(),
            level: level.get_untracked(),
            on_date: date.get_untracked(),
            reason: reason.get_untracked(),
            decision_number: decision.get_untracked(),
        };
        let student_id = student.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = add_distinction(student_id, draft).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    message.set(Some(Ok(())));
                    reason.set(String::new());
                    decision.set(String::new());
                    bump();
                }
                Err(e) => message.set(Some(Err(e.message(lang)))),
            }
        });
    };
    view! {
        <form class="distinction-form" data-testid="distinction-form" on:submit=submit>
            <h3>{t(Msg::DistAddTitle)}</h3>
            {(!single).then(|| view! {
                <div class="field">
                    <label for="dist-student">{t(Msg::DistColStudent)}</label>
                    <select id="dist-student" data-testid="dist-student"
                        prop:value=move || student.get().to_string()
                        on:change=move |ev| student.set(event_target_value(&ev).parse().unwrap_or_default())>
                        {students.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="dist-kind">{t(Msg::DistColKind)}</label>
                <select id="dist-kind" data-testid="dist-kind" prop:value=move || kind.get() on:change=move |ev| {
                    let k = event_target_value(&ev);
                    level.set(if k == "discipline" { "reminder".into() } else { "class".into() });
                    kind.set(k);
                }>
                    <option value="reward">{t(Msg::DistKindReward)}</option>
                    <option value="discipline">{t(Msg::DistKindDiscipline)}</option>
                </select>
            </div>
            <div class="field">
                <label for="dist-level">{t(Msg::DistColLevel)}</label>
                <select id="dist-level" data-testid="dist-level" prop:value=move || level.get()
                    on:change=move |ev| level.set(event_target_value(&ev))>
                    {move || levels().into_iter().map(move |l| view! {
                        <option value=l selected=move || level.get() == l>{t(level_label(l))}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="dist-date">{t(Msg::DistColDate)}</label>
                <input id="dist-date" type="date" data-testid="dist-date" prop:value=move || date.get()
                    on:input=move |ev| date.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="dist-reason">{t(Msg::DistColReason)}</label>
                <input id="dist-reason" type="text" maxlength="500" data-testid="dist-reason"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="dist-decision">{t(Msg::DistColDecision)}</label>
                <input id="dist-decision" type="text" maxlength="50" data-testid="dist-decision"
                    prop:value=move || decision.get() on:input=move |ev| decision.set(event_target_value(&ev)) />
            </div>
            <p><button type="submit" data-testid="dist-add" disabled=move || busy.get()>{t(Msg::DistAdd)}</button></p>
            {move || message.get().map(|m| match m {
                Ok(()) => view! { <p class="success" role="status" data-testid="dist-message">{t(Msg::DistAdded)}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert" data-testid="dist-message">{e}</p> }.into_any(),
            })}
        </form>
    }
}
