//! `/classes/:id/attendance` (Điểm danh): the homeroom teacher (or the board) picks a date and
//! session and takes the roll — everyone present by default, P (có phép) / K (không phép) /
//! M (muộn) / C (có mặt) per student, with the keyboard (↑/↓, P/K/M/C/Space, Enter to the
//! reason, Ctrl+S to save) or big buttons on a phone. Subject teachers mark absences in one of
//! their periods in the "Vắng tiết" mode of the same page. Both save through the device's
//! outbox, so they keep working without a connection.
mod outbox;
mod period;
mod roll;

use crate::api::attendance::{load_period_sheet, load_roll, PeriodSheet, Roll};
use crate::api::auth::Me;
use crate::domain::attendance::{Mark, Session, Standing};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::forms::focus;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn mark_label(m: Mark) -> Msg {
    match m {
        Mark::Present => Msg::AttPresent,
        Mark::Excused => Msg::AttExcused,
        Mark::Unexcused => Msg::AttUnexcused,
        Mark::Late => Msg::AttTardy,
    }
}

fn standing_badge(s: Standing, lang: Lang) -> Option<String> {
    match s {
        Standing::Ok { .. } => None,
        Standing::Nearing { left } => {
            Some(Msg::AttNearing.with(lang, &[("left", &left.to_string())]))
        }
        Standing::AtLimit => Some(Msg::AttAtLimit.raw(lang).into()),
        Standing::Over { by } => Some(Msg::AttOver.with(lang, &[("by", &by.to_string())])),
    }
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let params = use_params_map();
    let class_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    // The date and session chosen are in the address (`?date=…&session=…`), so that a reload,
    // online or from the page the device kept, shows the same roll.
    let query = leptos_router::hooks::use_query_map();
    let date = RwSignal::new(query.with_untracked(|q| q.get("date")).unwrap_or_default());
    let session = RwSignal::new(
        query
            .with_untracked(|q| q.get("session"))
            .and_then(|s| Session::from_code(&s))
            .unwrap_or(Session::Morning),
    );
    let on_period_path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked()
        .ends_with("/period");
    let period_mode = RwSignal::new(on_period_path);
    let reload = RwSignal::new(0u32);
    let roll = Resource::new(
        move || (class_id.get(), date.get(), session.get(), reload.get()),
        |(id, date, session, _)| async move {
            match id {
                Some(id) => {
                    load_roll(
                        id,
                        (!date.is_empty()).then_some(date),
                        session.code().into(),
                    )
                    .await
                }
                None => Err(AppError::NotFound),
            }
        },
    );
    let period = Resource::new(
        move || (class_id.get(), date.get(), period_mode.get()),
        |(id, date, on)| async move {
            match (id, on) {
                (Some(id), true) => load_period_sheet(id, (!date.is_empty()).then_some(date))
                    .await
                    .map(Some),
                _ => Ok(None),
            }
        },
    );
    view! {
        <Title text=t(Msg::AttTitle) />
        <Gate page=move |me: Me| view! {
            <Layout me>
                <RollPage class_id date session period_mode reload roll period />
            </Layout>
        } />
    }
}

#[component]
fn RollPage(
    class_id: Memo<Option<i64>>,
    date: RwSignal<String>,
    session: RwSignal<Session>,
    period_mode: RwSignal<bool>,
    reload: RwSignal<u32>,
    roll: Resource<Result<Roll, AppError>>,
    period: Resource<Result<Option<PeriodSheet>, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    // Outlives the editor, which is drawn anew when the saved roll comes back.
    let message = RwSignal::new(None::<Result<String, String>>);
    let navigate = leptos_router::hooks::use_navigate();
    let pathname = leptos_router::hooks::use_location().pathname;
    let show = move |d: String, s: Session| {
        message.set(None);
        let path = pathname.get_untracked();
        navigate(
            &format!("{path}?date={d}&session={}", s.code()),
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
        date.set(d);
        session.set(s);
    };
    let show_date = show.clone();
    view! {
        <h1>{t(Msg::AttTitle)}</h1>
        <p><a href=move || format!("/classes/{}", class_id.get().unwrap_or(0))>"← "{t(Msg::AttClass)}</a></p>
        <div class="att-pickers">
            <label>{t(Msg::AttDate)} " "
                <input type="date" data-testid="att-date" prop:value=move || date.get()
                    on:change=move |ev| show_date(event_target_value(&ev), session.get_untracked()) />
            </label>
            <label>{t(Msg::AttSession)} " "
                <select data-testid="att-session"
                    on:change=move |ev| show(date.get_untracked(), Session::from_code(&event_target_value(&ev)).unwrap_or(Session::Morning))>
                    <option value="morning" selected=move || session.get() == Session::Morning>{t(Msg::AttMorning)}</option>
                    <option value="afternoon" selected=move || session.get() == Session::Afternoon>{t(Msg::AttAfternoon)}</option>
                </select>
            </label>
            <button type="button" class="link" data-testid="att-mode"
                on:click=move |_| period_mode.update(|m| *m = !*m)>
                {move || if period_mode.get() { t(Msg::AttRollMode) } else { t(Msg::AttPeriodMode) }}
            </button>
        </div>
        <Show when=move || period_mode.get() fallback=move || view! {
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match roll.await {
                        Ok(r) => {
                            if date.get_untracked().is_empty() {
                                date.set(r.date.clone());
                            }
                            view! { <roll::RollEditor roll=r reload message /> }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert" data-testid="att-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match period.await {
                        Ok(Some(p)) => view! { <period::PeriodEditor sheet=p /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="att-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}
