//! The school's change log for the principal and the admin (`/admin/audit`, "Nhật ký"):
//! filtered by person, class, dates and kind, newest first, a page at a time (keyset), with
//! the same filters downloadable as `.xlsx`. Also the table the student's history reuses.
use crate::api::audit_history::{
    load_audit_log, load_log_choices, AuditLine, AuditPage, LogChoices, LogQuery,
};
use crate::api::auth::Me;
use crate::domain::audit_kind::AuditKind;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

pub fn kind_label(kind: AuditKind) -> Msg {
    match kind {
        AuditKind::Scores => Msg::AuditKindScores,
        AuditKind::Comments => Msg::AuditKindComments,
        AuditKind::Students => Msg::AuditKindStudents,
        AuditKind::Structure => Msg::AuditKindStructure,
        AuditKind::Accounts => Msg::AuditKindAccounts,
        AuditKind::Logins => Msg::AuditKindLogins,
        AuditKind::Exports => Msg::AuditKindExports,
        AuditKind::Conduct => Msg::AuditKindConduct,
        AuditKind::Attendance => Msg::AuditKindAttendance,
        AuditKind::YearEnd => Msg::AuditKindYearEnd,
    }
}

/// The action's name in the interface language; an action without one shows its code.
pub fn action_label(action: &str) -> Option<Msg> {
    Some(match action {
        "create" => Msg::AuditActionCreate,
        "update" => Msg::AuditActionUpdate,
        "revoke" => Msg::AuditActionRevoke,
        "login" => Msg::AuditActionLogin,
        "login_failed" => Msg::AuditActionLoginFailed,
        "logout" => Msg::AuditActionLogout,
        "sign_out_everywhere" => Msg::AuditActionSignOutEverywhere,
        "password_changed" => Msg::AuditActionPasswordChanged,
        "password_reset" => Msg::AuditActionPasswordReset,
        "export" => Msg::AuditActionExport,
        "user_created" => Msg::AuditActionUserCreated,
        "user_enabled" => Msg::AuditActionUserEnabled,
        "user_disabled" => Msg::AuditActionUserDisabled,
        "roles_changed" => Msg::AuditActionRolesChanged,
        "school_year_created" => Msg::AuditActionSchoolYearCreated,
        "school_year_changed" => Msg::AuditActionSchoolYearChanged,
        "current_year_set" => Msg::AuditActionCurrentYearSet,
        "subject_created" => Msg::AuditActionSubjectCreated,
        "subject_changed" => Msg::AuditActionSubjectChanged,
        "subject_grade_set" => Msg::AuditActionSubjectGradeSet,
        "subject_grade_removed" => Msg::AuditActionSubjectGradeRemoved,
        "class_created" => Msg::AuditActionClassCreated,
        "class_changed" => Msg::AuditActionClassChanged,
        "teaching_assigned" => Msg::AuditActionTeachingAssigned,
        "student_created" => Msg::AuditActionStudentCreated,
        "student_changed" => Msg::AuditActionStudentChanged,
        "student_enrolled" => Msg::AuditActionStudentEnrolled,
        "student_changed_class" => Msg::AuditActionStudentChangedClass,
        "student_transferred_out" => Msg::AuditActionStudentTransferredOut,
        "student_dropped_out" => Msg::AuditActionStudentDroppedOut,
        "student_returned" => Msg::AuditActionStudentReturned,
        "student_imported" => Msg::AuditActionStudentImported,
        "student_updated_by_import" => Msg::AuditActionStudentUpdatedByImport,
        "students_imported" => Msg::AuditActionStudentsImported,
        "guardian_added" => Msg::AuditActionGuardianAdded,
        "guardian_removed" => Msg::AuditActionGuardianRemoved,
        "guardians_imported" => Msg::AuditActionGuardiansImported,
        "enrolment_imported" => Msg::AuditActionEnrolmentImported,
        _ => return None,
    })
}

/// The action as shown: translated when known.
pub fn action_text(action: &str) -> String {
    action_label(action)
        .map(|m| t(m).to_string())
        .unwrap_or_else(|| action.to_string())
}

/// What an entry is about: the student, class and subject when known, else the entity.
pub fn about(line: &AuditLine) -> String {
    let named: Vec<&str> = [&line.student, &line.class, &line.subject]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .collect();
    if named.is_empty() {
        format!("{} {}", line.entity, line.entity_id)
            .trim()
            .to_string()
    } else {
        named.join(" · ")
    }
}

/// A value, or "(trống)" when there was none.
pub fn value_text(v: &Option<String>) -> AnyView {
    match v.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => s.to_string().into_any(),
        None => view! { <span class="muted">{t(Msg::AuditEmptyValue)}</span> }.into_any(),
    }
}

/// Entries as a table, newest first.
#[component]
pub fn AuditTable(lines: Vec<AuditLine>, test_id: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap">
        <table class="table" data-testid=test_id>
            <thead><tr>
                <th scope="col">{t(Msg::AuditColAt)}</th>
                <th scope="col">{t(Msg::AuditColWho)}</th>
                <th scope="col">{t(Msg::AuditColKind)}</th>
                <th scope="col">{t(Msg::AuditColAction)}</th>
                <th scope="col">{t(Msg::AuditColAbout)}</th>
                <th scope="col">{t(Msg::AuditColOld)}</th>
                <th scope="col">{t(Msg::AuditColNew)}</th>
                <th scope="col">{t(Msg::AuditColReason)}</th>
                <th scope="col">{t(Msg::AuditColSource)}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| {
                    let who = if l.actor.is_empty() { t(Msg::AuditSystem).into_any() } else { l.actor.clone().into_any() };
                    view! {
                        <tr data-id=l.id>
                            <td>{date_time(l.at)}</td>
                            <td>{who}</td>
                            <td>{t(kind_label(l.kind))}</td>
                            <td title=l.action.clone()>{action_text(&l.action)}</td>
                            <td>{about(&l)}</td>
                            <td>{value_text(&l.old_value)}</td>
                            <td>{value_text(&l.new_value)}</td>
                            <td>{l.reason.clone().unwrap_or_default()}</td>
                            <td title=l.request_id.clone()>{l.source.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = RwSignal::new(LogQuery::default());
    let first = Resource::new(move || query.get(), |q| load_audit_log(q, None));
    let choices = Resource::new(|| (), |_| load_log_choices());
    view! {
        <Title text=t(Msg::AuditLogTitle) />
        <Gate roles=&[Role::Admin, Role::Principal] page=move |me: Me| view! {
            <Layout me><Log query first choices /></Layout>
        } />
    }
}

#[component]
fn Log(
    query: RwSignal<LogQuery>,
    first: Resource<Result<AuditPage, AppError>>,
    choices: Resource<Result<LogChoices, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let person = RwSignal::new(String::new());
    let class = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    // Later pages, appended below the first as "Xem tiếp" is pressed.
    let more = RwSignal::new(Vec::<AuditLine>::new());
    let next = RwSignal::new(None::<i64>);
    let failed = RwSignal::new(None::<AppError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        more.set(Vec::new());
        next.set(None);
        query.set(LogQuery {
            person: person.get_untracked().parse().ok(),
            class_id: class.get_untracked().parse().ok(),
            from: Some(from.get_untracked()).filter(|s| !s.is_empty()),
            to: Some(to.get_untracked()).filter(|s| !s.is_empty()),
            kind: AuditKind::from_code(&kind.get_untracked()),
        });
    };
    let load_more = Action::new(move |before: &i64| {
        let before = *before;
        let q = query.get_untracked();
        async move { load_audit_log(q, Some(before)).await }
    });
    Effect::new(move |_| match load_more.value().get() {
        Some(Ok(page)) => {
            more.update(|m| m.extend(page.lines));
            next.set(page.next);
        }
        Some(Err(e)) => failed.set(Some(e)),
        None => {}
    });
    let download = move || format!("/admin/audit.xlsx?{}", query.with(|q| q.query_string()));
    view! {
        <h1>{t(Msg::AuditLogTitle)}</h1>
        <p class="muted">{t(Msg::AuditLogIntro)}</p>
        <form class="grid-form" on:submit=on_submit data-testid="audit-filters">
            <div class="field">
                <label for="audit-person">{t(Msg::AuditFilterPerson)}</label>
                <select id="audit-person" on:change=move |ev| person.set(event_target_value(&ev))>
                    <option value="">{t(Msg::AuditAll)}</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            choices.await.map(|c| c.people.into_iter().map(|p| view! {
                                <option value=p.id.to_string()>{p.label}</option>
                            }).collect_view()).unwrap_or_default()
                        })}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="audit-class">{t(Msg::AuditFilterClass)}</label>
                <select id="audit-class" on:change=move |ev| class.set(event_target_value(&ev))>
                    <option value="">{t(Msg::AuditAll)}</option>
                    <Transition>
                        {move || Suspend::new(async move {
                            choices.await.map(|c| c.classes.into_iter().map(|p| view! {
                                <option value=p.id.to_string()>{p.label}</option>
                            }).collect_view()).unwrap_or_default()
                        })}
                    </Transition>
                </select>
            </div>
            <div class="field">
                <label for="audit-from">{t(Msg::AuditFilterFrom)}</label>
                <input id="audit-from" type="date" on:input=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="audit-to">{t(Msg::AuditFilterTo)}</label>
                <input id="audit-to" type="date" on:input=move |ev| to.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="audit-kind">{t(Msg::AuditFilterKind)}</label>
                <select id="audit-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{t(Msg::AuditAll)}</option>
                    {AuditKind::ALL.into_iter().map(|k| view! {
                        <option value=k.code()>{t(kind_label(k))}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{t(Msg::AuditFilterApply)}</button>
        </form>
        <p><a class="button secondary" href=download download="nhat-ky.xlsx" data-testid="audit-download">{t(Msg::AuditDownload)}</a></p>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match first.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(page) => {
                        next.set(page.next);
                        let empty = page.lines.is_empty();
                        view! {
                            {empty.then(|| view! { <p class="muted">{t(Msg::AuditNone)}</p> })}
                            <AuditTable lines=page.lines test_id="audit-log" />
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || (!more.with(Vec::is_empty)).then(|| view! { <AuditTable lines=more.get() test_id="audit-log-more" /> })}
        {move || failed.get().map(|e| view! { <p class="error" role="alert">{e.message(lang)}</p> })}
        {move || next.get().map(|before| view! {
            <p><button type="button" class="secondary" on:click=move |_| { load_more.dispatch(before); }
                disabled=move || load_more.pending().get()>{t(Msg::AuditMore)}</button></p>
        })}
    }
}
