//! The home page: a greeting, then one panel for each role the person holds.
use crate::api::auth::Me;
use crate::api::corrections::{my_notifications, MarkNotificationRead, NotificationInfo};
use crate::api::home::{
    load_home, ChildCard, ClassCard, GroupPanel, HomeOverview, SchoolCounts, TeachingCard,
};
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    // Created here, once per page view, so server and browser see the same resource.
    let overview = Resource::new(|| (), |_| load_home());
    let read = ServerAction::<MarkNotificationRead>::new();
    let notices = Resource::new(move || read.version().get(), |_| my_notifications());
    view! {
        <Title text=t(Msg::NavHome) />
        <Gate page=move |me: Me| view! { <Layout me=me.clone()><Home me overview notices read /></Layout> } />
    }
}

/// The caller's unread notices, with a link each and a way to mark them read.
#[component]
fn Notices(
    list: Vec<NotificationInfo>,
    read: ServerAction<MarkNotificationRead>,
    staff: bool,
) -> impl IntoView {
    let lang = use_lang();
    let text = move |n: &NotificationInfo| {
        let msg = match n.kind.as_str() {
            "correction_approved" => Msg::NotifCorrectionApproved,
            "correction_refused" => Msg::NotifCorrectionRefused,
            "mistake_reported" => Msg::NotifMistakeReported,
            "mistake_answered" => Msg::NotifMistakeAnswered,
            "class_announcement" => Msg::NotifClassAnnouncement,
            "score_digest" => Msg::NotifScoreDigest,
            "entry_reminder" => Msg::NotifEntryReminder,
            _ => Msg::NotifCorrectionRequested,
        };
        let args: Vec<(&str, &str)> = n
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        msg.with(lang, &args)
    };
    let empty = list.is_empty();
    view! {
        <section class="panel notices" aria-labelledby="notices-h" data-testid="notifications" class:hidden=empty>
            <h2 id="notices-h">{t(Msg::NotifTitle)}</h2>
            <ul>
                {list.into_iter().map(|n| {
                    let id = n.id;
                    view! {
                        <li data-testid="notification">
                            <a href=n.link.clone()>{text(&n)}</a> " · "
                            {crate::ui::format::date_time(n.created_at)} " "
                            <button type="button" class="link" on:click=move |_| {
                                read.dispatch(MarkNotificationRead { id });
                            }>{t(Msg::NotifMarkRead)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <p class="corrections-link" class:hidden=!staff><a href="/corrections" data-testid="link-corrections">{t(Msg::NavCorrections)}</a>
            " · " <a href="/reports" data-testid="link-reports">{t(Msg::RepInboxTitle)}</a></p>
    }
}

#[component]
fn Home(
    me: Me,
    overview: Resource<Result<HomeOverview, AppError>>,
    notices: Resource<Result<Vec<NotificationInfo>, AppError>>,
    read: ServerAction<MarkNotificationRead>,
) -> impl IntoView {
    let lang = use_lang();
    let roles = me.roles.clone();
    view! {
        <h1>{Msg::HomeGreeting.with(lang, &[("name", &me.full_name)])}</h1>
        <ul class="role-chips" aria-label=t(Msg::YourRoles) data-testid="roles">
            {me.roles.iter().map(|r| view! { <li class="chip">{t(r.label())}</li> }).collect_view()}
        </ul>

        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || {
                let roles = roles.clone();
                Suspend::new(async move {
                    let list = notices.await.unwrap_or_default();
                    let staff = roles.iter().any(|r| !matches!(r, Role::Parent | Role::Student));
                    match overview.await {
                        Ok(o) => view! { <Notices list read staff /><Panels overview=o roles /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn Panels(overview: HomeOverview, roles: Vec<Role>) -> impl IntoView {
    let has = |r: Role| roles.contains(&r);
    let year = overview.school_year.clone().unwrap_or_default();
    view! {
        <p class="muted">{t(Msg::SchoolYear)} " " {year}</p>
        <div class="panels">
            {overview.school.map(|c| view! { <SchoolPanel counts=c admin=has(Role::Admin) /> }.into_any())}
            {(has(Role::GroupHead) || has(Role::Principal)).then(|| view! { <p><a class="button" href="/reviews" data-testid="reviews-link">{t(Msg::ReviewTitle)}</a></p> }.into_any())}
            {(has(Role::GroupHead) || has(Role::Principal) || has(Role::Admin)).then(|| view! { <p><a class="button" href="/dashboard" data-testid="dashboard-link">{t(Msg::DashTitle)}</a></p> }.into_any())}
            {(has(Role::Admin) || has(Role::Principal)).then(|| view! { <p><a class="button" href="/attendance" data-testid="attendance-school-link">{t(Msg::AttSchoolTitle)}</a></p> }.into_any())}
            {has(Role::GroupHead).then(|| view! { <GroupsPanel groups=overview.led_groups.clone() /> }.into_any())}
            {has(Role::HomeroomTeacher).then(|| view! { <HomeroomPanel classes=overview.homeroom.clone() /> }.into_any())}
            {has(Role::SubjectTeacher).then(|| view! { <TeachingPanel teaching=overview.teaching.clone() /> }.into_any())}
            {has(Role::Editor).then(|| view! { <EditorPanel /> }.into_any())}
            {(has(Role::Parent) || has(Role::Student)).then(|| view! { <ChildrenPanel children=overview.children.clone() parent=has(Role::Parent) /> }.into_any())}
        </div>
    }
}

#[component]
fn SchoolPanel(counts: SchoolCounts, admin: bool) -> impl IntoView {
    let stat = |label: Msg, value: i64| {
        view! {
            <div class="stat"><span class="value">{value}</span><span class="label">{t(label)}</span></div>
        }
    };
    view! {
        <section class="panel" data-testid="panel-school" aria-labelledby="panel-school-h">
            <h2 id="panel-school-h">{t(Msg::PanelSchool)}</h2>
            <div class="stats">
                {stat(Msg::StatClasses, counts.classes)}
                {stat(Msg::StatStudents, counts.students)}
                {stat(Msg::StatTeachers, counts.teachers)}
                {admin.then(|| stat(Msg::StatAccounts, counts.accounts))}
                {admin.then(|| stat(Msg::StatFamilyAccounts, counts.family_accounts))}
            </div>
            {admin.then(|| view! { <p><a class="button" href="/admin/users">{t(Msg::ManageUsers)}</a></p> })}
            {admin.then(|| view! { <p><a class="button" href="/admin/students/import">{t(Msg::ManageStudentsImport)}</a></p> })}

            <p class="actions">
                <a href="/admin/structure">{t(Msg::NavStructure)}</a>
                <a href="/admin/classes">{t(Msg::NavClasses)}</a>
                <a href="/admin/locks" data-testid="link-locks">{t(Msg::NavLocks)}</a>
                <a href="/admin/students">{t(Msg::NavStudents)}</a>
                <a href="/admin/audit">{t(Msg::AuditLogLink)}</a>
            </p>
        </section>
    }
}

#[component]
fn GroupsPanel(groups: Vec<GroupPanel>) -> impl IntoView {
    view! {
        <section class="panel" data-testid="panel-group" aria-labelledby="panel-group-h">
            <h2 id="panel-group-h">{t(Msg::PanelGroup)}</h2>
            {groups.into_iter().map(|g| view! {
                <h3>{g.name}</h3>
                <p>{t(Msg::GroupSubjects)} ": " {g.subjects.join(", ")}</p>
                <p class="muted">{t(Msg::StatTeachers)} ": " {g.teachers}</p>
            }).collect_view()}
        </section>
    }
}

#[component]
fn HomeroomPanel(classes: Vec<ClassCard>) -> impl IntoView {
    let empty = classes.is_empty();
    view! {
        <section class="panel" data-testid="panel-homeroom" aria-labelledby="panel-homeroom-h">
            <h2 id="panel-homeroom-h">{t(Msg::PanelHomeroom)}</h2>
            {empty.then(|| view! { <p class="muted">{t(Msg::NothingYet)}</p> })}
            <ul class="cards">
                {classes.into_iter().map(|c| view! {
                    <li class="card">
                        <a class="class-name" href=format!("/classes/{}", c.id)>{c.name}</a>
                        <span>{c.students} " " {t(Msg::StudentsUnit)}</span>
                        <a href=format!("/classes/{}/conduct", c.id) data-testid="home-conduct-link">{t(Msg::ConductLink)}</a>
                        <a href=format!("/classes/{}/attendance", c.id) data-testid="attendance-today">{t(Msg::AttToday)}</a>
                        <a href=format!("/classes/{}/year-end", c.id) data-testid="home-year-end">{t(Msg::YeTitle)}</a>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn TeachingPanel(teaching: Vec<TeachingCard>) -> impl IntoView {
    let empty = teaching.is_empty();
    view! {
        <section class="panel wide" data-testid="panel-teaching" aria-labelledby="panel-teaching-h">
            <h2 id="panel-teaching-h">{t(Msg::PanelTeaching)}</h2>
            {empty.then(|| view! { <p class="muted">{t(Msg::NothingYet)}</p> })}
            <table class="table">
                <thead><tr>
                    <th scope="col">{t(Msg::ColSubject)}</th>
                    <th scope="col">{t(Msg::ColClass)}</th>
                    <th scope="col" class="num">{t(Msg::StatStudents)}</th>
                    <th scope="col">{t(Msg::AttPeriodAbsences)}</th>
                </tr></thead>
                <tbody>
                    {teaching.into_iter().map(|a| view! {
                        <tr>
                            <td>{a.subject_name}</td>
                            <td><a href=format!("/classes/{}", a.class_id)>{a.class_name}</a></td>
                            <td class="num">{a.students}</td>
                            // Absences in the teacher's own periods of this class.
                            <td><a href=format!("/classes/{}/attendance/period", a.class_id) data-testid="home-period-absences">{t(Msg::AttPeriodMode)}</a></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn EditorPanel() -> impl IntoView {
    view! {
        <section class="panel" data-testid="panel-editor" aria-labelledby="panel-editor-h">
            <h2 id="panel-editor-h">{t(Msg::PanelEditor)}</h2>
            <p class="muted">{t(Msg::EditorNoPosts)}</p>
        </section>
    }
}

#[component]
fn ChildrenPanel(children: Vec<ChildCard>, parent: bool) -> impl IntoView {
    let children = RwSignal::new(children);
    view! {
        <section class="panel" data-testid="panel-children" aria-labelledby="panel-children-h">
            <h2 id="panel-children-h">{t(Msg::PanelChildren)}</h2>
            {move || children.with(Vec::is_empty).then(|| view! { <p class="muted">{t(Msg::NothingYet)}</p> })}
            <ul class="cards">
                {move || children.get().into_iter().map(|c| view! {
                    <li class="card child" data-testid="child-card" data-code=c.code.clone()>
                        <strong>{c.full_name}</strong>
                        <span>{t(Msg::StudentCode)} ": " {c.code.clone()}</span>
                        {c.class_name.map(|n| view! { <span>{t(Msg::ColClass)} ": " {n}</span> })}
                        {c.homeroom_teacher.map(|n| view! { <span>{t(Msg::HomeroomTeacherLabel)} ": " {n}</span> })}
                        <a class="button" data-testid="child-open" href=format!("/children/{}", c.code)>{t(Msg::ChildOpen)}</a>
                    </li>
                }).collect_view()}
            </ul>
            {parent.then(|| view! { <super::link_child::LinkChild children /> })}
        </section>
    }
}
