//! `/attendance` for the principal and the admin: every class's rolls of a date (taken or
//! not, when, by whom, late flagged), the late rolls of the last 30 days, and the holidays.
use crate::api::attendance::{
    load_school_attendance, AddSchoolHoliday, RemoveSchoolHoliday, RollState, SchoolAttendance,
};
use crate::api::auth::Me;
use crate::domain::attendance::Session;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::format::{date_time, iso_to_dmy};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

const BOARD: &[Role] = &[Role::Admin, Role::Principal];

#[component]
pub fn AttendanceSchoolPage() -> impl IntoView {
    let date = RwSignal::new(String::new());
    let add = ServerAction::<AddSchoolHoliday>::new();
    let remove = ServerAction::<RemoveSchoolHoliday>::new();
    let page = Resource::new(
        move || (date.get(), add.version().get(), remove.version().get()),
        |(d, _, _)| load_school_attendance((!d.is_empty()).then_some(d)),
    );
    view! {
        <Title text=t(Msg::AttSchoolTitle) />
        <Gate roles=BOARD page=move |me: Me| view! {
            <Layout me><School date page add remove /></Layout>
        } />
    }
}

fn state_cell(s: Option<RollState>, lang: Lang) -> AnyView {
    match s {
        None => view! { <td class="muted" data-state="none">"—"</td> }.into_any(),
        Some(s) => view! {
            <td data-state=if s.late { "late" } else { "taken" }>
                {format!("{} · {}", date_time(s.taken_at), s.taken_by)}
                {s.late.then(|| view! { " " <span class="badge warn" data-testid="att-late-flag">{Msg::AttLate.raw(lang)}</span> })}
            </td>
        }
        .into_any(),
    }
}

#[component]
fn School(
    date: RwSignal<String>,
    page: Resource<Result<SchoolAttendance, AppError>>,
    add: ServerAction<AddSchoolHoliday>,
    remove: ServerAction<RemoveSchoolHoliday>,
) -> impl IntoView {
    let lang = use_lang();
    let error = move || {
        [add.value().get(), remove.value().get()]
            .into_iter()
            .flatten()
            .find_map(|r| r.err())
            .map(|e| view! { <p class="error" role="alert" data-testid="att-error">{e.message(lang)}</p> })
    };
    view! {
        <h1>{t(Msg::AttSchoolTitle)}</h1>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let p = match page.await {
                    Ok(p) => p,
                    Err(e) => return view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                };
                let session_name = |s: Session| match s {
                    Session::Morning => t(Msg::AttMorning),
                    Session::Afternoon => t(Msg::AttAfternoon),
                };
                view! {
                    <p><label>{t(Msg::AttDate)} " "
                        <input type="date" data-testid="att-date" prop:value=p.date.clone()
                            on:change=move |ev| date.set(event_target_value(&ev)) /></label></p>
                    {p.not_school_day.clone().map(|e| view! { <p class="notice">{e.message(lang)}</p> })}
                    <div class="table-wrap">
                        <table class="table" data-testid="att-school">
                            <thead><tr>
                                <th scope="col">{t(Msg::AttClass)}</th>
                                <th scope="col">{t(Msg::AttMorning)}</th>
                                <th scope="col">{t(Msg::AttAfternoon)}</th>
                            </tr></thead>
                            <tbody>
                                {p.classes.iter().map(|c| view! {
                                    <tr data-class=c.class_name.clone()>
                                        <th scope="row"><a href=format!("/classes/{}/attendance", c.class_id)>{c.class_name.clone()}</a></th>
                                        {state_cell(c.morning.clone(), lang)}
                                        {state_cell(c.afternoon.clone(), lang)}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <h2>{t(Msg::AttLateRolls)}</h2>
                    {if p.late.is_empty() {
                        view! { <p class="muted">{t(Msg::AttNoLate)}</p> }.into_any()
                    } else {
                        view! {
                            <ul data-testid="att-late-list">
                                {p.late.iter().map(|l| view! {
                                    <li>{format!("{} · {} · {} — {} ({})", l.class_name, iso_to_dmy(&l.date),
                                        session_name(l.session), date_time(l.state.taken_at), l.state.taken_by)}</li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <h2>{t(Msg::AttHolidays)}</h2>
                    {if p.holidays.is_empty() {
                        view! { <p class="muted">{t(Msg::AttNoHolidays)}</p> }.into_any()
                    } else {
                        view! {
                            <ul data-testid="att-holidays">
                                {p.holidays.iter().map(|h| {
                                    let id = h.id;
                                    view! {
                                        <li>{format!("{} – {}: {}", iso_to_dmy(&h.from), iso_to_dmy(&h.to), h.name)} " "
                                            <button type="button" class="link"
                                                on:click=move |_| { remove.dispatch(RemoveSchoolHoliday { id }); }>
                                                {t(Msg::AttHolidayRemove)}</button></li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </Suspense>
        <HolidayForm add />
        {error}
    }
}

#[component]
fn HolidayForm(add: ServerAction<AddSchoolHoliday>) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    view! {
        <form class="att-holiday-form" on:submit=move |ev| {
            ev.prevent_default();
            add.dispatch(AddSchoolHoliday { from: from.get_untracked(), to: to.get_untracked(), name: name.get_untracked() });
        }>
            <label>{t(Msg::AttHolidayFrom)} " "<input type="date" required prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev)) /></label>
            " "
            <label>{t(Msg::AttHolidayTo)} " "<input type="date" required prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev)) /></label>
            " "
            <label>{t(Msg::AttHolidayName)} " "<input type="text" required maxlength="200" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) /></label>
            " "
            <button type="submit">{t(Msg::AttHolidayAdd)}</button>
        </form>
    }
}
