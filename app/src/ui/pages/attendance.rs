//! `/classes/:id/attendance` (Điểm danh): the homeroom teacher (or the board) picks a date and
//! session and takes the roll — everyone present by default, P (có phép) / K (không phép) /
//! M (muộn) / C (có mặt) per student, with the keyboard (↑/↓, P/K/M/C/Space, Enter to the
//! reason, Ctrl+S to save) or big buttons on a phone. Subject teachers mark absences in one of
//! their periods in the "Vắng tiết" mode of the same page.
use crate::api::attendance::{
    load_period_sheet, load_roll, save_period_absences, save_roll, PeriodEntry, PeriodSheet, Roll,
    RollEntry, RollStudent,
};
use crate::api::auth::Me;
use crate::domain::attendance::{Mark, Session, Standing};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
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

fn mark_key(m: Mark) -> &'static str {
    match m {
        Mark::Present => "C",
        Mark::Excused => "P",
        Mark::Unexcused => "K",
        Mark::Late => "M",
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

fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        if let Some(e) = leptos::prelude::document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = e.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[component]
pub fn AttendancePage() -> impl IntoView {
    let params = use_params_map();
    let class_id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())));
    let date = RwSignal::new(String::new());
    let session = RwSignal::new(Session::Morning);
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
    view! {
        <h1>{t(Msg::AttTitle)}</h1>
        <p><a href=move || format!("/classes/{}", class_id.get().unwrap_or(0))>"← "{t(Msg::AttClass)}</a></p>
        <div class="att-pickers">
            <label>{t(Msg::AttDate)} " "
                <input type="date" data-testid="att-date" prop:value=move || date.get()
                    on:change=move |ev| { message.set(None); date.set(event_target_value(&ev)); } />
            </label>
            <label>{t(Msg::AttSession)} " "
                <select data-testid="att-session"
                    on:change=move |ev| { message.set(None); session.set(Session::from_code(&event_target_value(&ev)).unwrap_or(Session::Morning)); }>
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
                            view! { <RollEditor roll=r reload message /> }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert" data-testid="att-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }>
            <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
                {move || Suspend::new(async move {
                    match period.await {
                        Ok(Some(p)) => view! { <PeriodEditor sheet=p /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error" role="alert" data-testid="att-error">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Line {
    mark: Mark,
    reason: String,
}

#[component]
fn RollEditor(
    roll: Roll,
    reload: RwSignal<u32>,
    message: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let lang = use_lang();
    let students: Vec<RollStudent> = roll.students.clone();
    let lines = RwSignal::new(
        students
            .iter()
            .map(|s| Line {
                mark: s.mark,
                reason: s.reason.clone(),
            })
            .collect::<Vec<_>>(),
    );
    let cursor = RwSignal::new(0usize);
    let dirty = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let read_only = roll.closed.is_some();
    let n = students.len();
    let ids: Vec<i64> = students.iter().map(|s| s.id).collect();
    let (class_id, date, session, version) =
        (roll.class_id, roll.date.clone(), roll.session, roll.version);

    let set_mark = move |i: usize, m: Mark| {
        if read_only {
            return;
        }
        lines.update(|l| {
            if let Some(line) = l.get_mut(i) {
                line.mark = m;
                if m == Mark::Present {
                    line.reason.clear();
                }
            }
        });
        dirty.set(true);
    };
    let save = {
        let ids = ids.clone();
        let date = date.clone();
        move || {
            if busy.get_untracked() || read_only {
                return;
            }
            busy.set(true);
            let marks: Vec<RollEntry> = lines
                .get_untracked()
                .iter()
                .zip(&ids)
                .map(|(l, id)| RollEntry {
                    student_id: *id,
                    status: l.mark.code().into(),
                    reason: l.reason.clone(),
                })
                .collect();
            let date = date.clone();
            leptos::task::spawn_local(async move {
                let answer =
                    save_roll(class_id, date, session.code().into(), version, marks, None).await;
                busy.set(false);
                match answer {
                    Ok(saved) => {
                        dirty.set(false);
                        let when = saved
                            .state
                            .map(|s| date_time(s.updated_at))
                            .unwrap_or_default();
                        message.set(Some(Ok(Msg::AttSaved.with(lang, &[("when", &when)]))));
                        reload.update(|v| *v += 1);
                    }
                    Err(e) => message.set(Some(Err(e.message(lang)))),
                }
            });
        }
    };
    let save_key = save.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if (ev.ctrl_key() || ev.meta_key()) && key.eq_ignore_ascii_case("s") {
            ev.prevent_default();
            save_key();
            return;
        }
        let in_input = event_target::<leptos::web_sys::HtmlElement>(&ev).tag_name() == "INPUT";
        let i = cursor.get_untracked();
        if in_input {
            if key == "Enter" || key == "Escape" {
                ev.prevent_default();
                focus(&format!("att-row-{i}"));
            }
            return;
        }
        let mark = match key.as_str() {
            "p" | "P" => Some(Mark::Excused),
            "k" | "K" => Some(Mark::Unexcused),
            "m" | "M" => Some(Mark::Late),
            "c" | "C" | " " => Some(Mark::Present),
            _ => None,
        };
        if let Some(m) = mark {
            ev.prevent_default();
            set_mark(i, m);
            return;
        }
        match key.as_str() {
            "ArrowDown" if i + 1 < n => {
                ev.prevent_default();
                cursor.set(i + 1);
                focus(&format!("att-row-{}", i + 1));
            }
            "ArrowUp" if i > 0 => {
                ev.prevent_default();
                cursor.set(i - 1);
                focus(&format!("att-row-{}", i - 1));
            }
            "Enter" => {
                ev.prevent_default();
                focus(&format!("att-reason-{i}"));
            }
            _ => {}
        }
    };

    let state = match &roll.state {
        None => {
            view! { <p class="muted" data-testid="att-state">{t(Msg::AttNotTaken)}</p> }.into_any()
        }
        Some(s) => view! {
            <p data-testid="att-state">{Msg::AttTaken.with(lang, &[
                ("when", &date_time(s.taken_at)), ("who", &s.taken_by),
                ("updated", &date_time(s.updated_at)), ("updater", &s.updated_by),
            ])}</p>
        }
        .into_any(),
    };
    let late = roll.state.as_ref().is_some_and(|s| s.late).then(|| {
        view! { <p class="notice" role="status" data-testid="att-late">{t(Msg::AttLateBanner)}</p> }
    });
    let closed = roll.closed.clone().map(|e| {
        view! { <p class="notice" data-testid="att-closed">{t(Msg::AttClosed)} " " {e.message(lang)}</p> }
    });
    let sem = roll.semester_number;
    let roll_date = roll.date.clone();
    let rows = students
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let badge = standing_badge(s.standing, lang);
            let periods = s.period_absences.iter().map(|p| {
                let kind = if p.excused { t(Msg::AttExcusedShort) } else { t(Msg::AttUnexcusedShort) };
                view! { <li>{Msg::AttPeriodAbsent.with(lang, &[
                    ("period", &p.period.to_string()), ("subject", &p.subject), ("kind", kind), ("who", &p.by),
                ])}</li> }
            }).collect_view();
            let has_periods = !s.period_absences.is_empty();
            let buttons = [Mark::Excused, Mark::Unexcused, Mark::Late, Mark::Present]
                .into_iter()
                .map(|m| view! {
                    <button type="button" class="att-mark" tabindex="-1"
                        data-mark=m.code()
                        title=t(mark_label(m))
                        aria-label=t(mark_label(m))
                        aria-pressed=move || (lines.with(|l| l.get(i).map(|x| x.mark)) == Some(m)).to_string()
                        disabled=read_only
                        on:click=move |_| { cursor.set(i); set_mark(i, m); }>
                        {mark_key(m)}
                    </button>
                })
                .collect_view();
            view! {
                <li class="att-row" id=format!("att-row-{i}") tabindex="0"
                    data-testid="att-row" data-student=s.id.to_string()
                    data-mark=move || lines.with(|l| l.get(i).map(|x| x.mark.code()).unwrap_or("present"))
                    class:att-current=move || cursor.get() == i
                    on:focus=move |_| cursor.set(i)>
                    <div class="att-who">
                        <span class="att-no">{i + 1}"."</span>" "
                        <span class="att-name">{s.full_name.clone()}</span>
                        {badge.map(|b| view! { <span class="badge warn" data-testid="att-warn">{b}</span> })}
                        <span class="att-totals muted" data-testid="att-totals" title=t(Msg::AttTotals)>
                            {format!("HK{sem}: {}P {}K · năm: {}", s.semester.excused, s.semester.unexcused, s.year.absent())}
                        </span>
                    </div>
                    <div class="att-marks" role="group" aria-label=t(Msg::AttMark)>{buttons}</div>
                    <input type="text" class="att-reason" id=format!("att-reason-{i}") maxlength="200"
                        placeholder=t(Msg::AttReason) aria-label=t(Msg::AttReason)
                        disabled=move || read_only || lines.with(|l| l.get(i).map(|x| x.mark) == Some(Mark::Present))
                        prop:value=move || lines.with(|l| l.get(i).map(|x| x.reason.clone()).unwrap_or_default())
                        on:focus=move |_| cursor.set(i)
                        on:input=move |ev| { let v = event_target_value(&ev); lines.update(|l| if let Some(x) = l.get_mut(i) { x.reason = v; }); dirty.set(true); } />
                    {has_periods.then(|| view! { <ul class="att-periods" data-testid="att-periods">{periods}</ul> })}
                </li>
            }
        })
        .collect_view();
    let save_click = save.clone();
    view! {
        {closed}
        {late}
        {state}
        <p class="muted">{t(Msg::AttKeysHelp)}</p>
        <ol class="att-list" data-testid="att-list" data-date=roll_date data-session=session.code() on:keydown=on_key>{rows}</ol>
        <p class="att-actions">
            <button type="button" class="primary att-save" data-testid="att-save"
                disabled=move || busy.get() || read_only
                on:click=move |_| save_click()>{t(Msg::AttSave)}</button>
            " "
            {move || dirty.get().then(|| view! { <span class="muted" data-testid="att-dirty">{t(Msg::AttUnsaved)}</span> })}
        </p>
        {move || message.get().map(|m| match m {
            Ok(text) => view! { <p class="success" role="status" data-testid="att-saved">{text}</p> }.into_any(),
            Err(text) => view! { <p class="error" role="alert" data-testid="att-error">{text}</p> }.into_any(),
        })}
    }
}

#[component]
fn PeriodEditor(sheet: PeriodSheet) -> impl IntoView {
    let lang = use_lang();
    let subject = RwSignal::new(sheet.subjects.first().map(|s| s.id).unwrap_or(0));
    let period = RwSignal::new(1i64);
    let absences = sheet.absences.clone();
    // student → (absent, excused, reason)
    let marks = RwSignal::new(Vec::<(i64, bool, String)>::new());
    let fill = move |subject_id: i64, p: i64| {
        marks.set(
            absences
                .iter()
                .filter(|a| a.subject_id == subject_id && a.period == p)
                .map(|a| (a.student_id, a.excused, a.reason.clone()))
                .collect(),
        );
    };
    let fill_now = fill.clone();
    Effect::new(move |_| fill_now(subject.get(), period.get()));
    let message = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let (class_id, date) = (sheet.class_id, sheet.date.clone());
    let save = move |_| {
        busy.set(true);
        let absent: Vec<PeriodEntry> = marks
            .get_untracked()
            .into_iter()
            .map(|(student_id, excused, reason)| PeriodEntry {
                student_id,
                excused,
                reason,
            })
            .collect();
        let date = date.clone();
        leptos::task::spawn_local(async move {
            let r = save_period_absences(
                class_id,
                subject.get_untracked(),
                date,
                period.get_untracked(),
                absent,
                None,
            )
            .await;
            busy.set(false);
            message.set(Some(match r {
                Ok(n) => Ok(Msg::AttPeriodSaved.with(lang, &[("count", &n.to_string())])),
                Err(e) => Err(e.message(lang)),
            }));
        });
    };
    view! {
        <section data-testid="att-period">
            <h2>{t(Msg::AttPeriodAbsences)} " · " {sheet.class_name.clone()} " · " {crate::ui::format::iso_to_dmy(&sheet.date)}</h2>
            <div class="att-pickers">
                <label>{t(Msg::AttSubject)} " "
                    <select data-testid="att-subject" on:change=move |ev| subject.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {sheet.subjects.iter().map(|s| view! { <option value=s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>{t(Msg::AttPeriod)} " "
                    <select data-testid="att-period-no" on:change=move |ev| period.set(event_target_value(&ev).parse().unwrap_or(1))>
                        {(1..=10).map(|p| view! { <option value=p.to_string()>{p}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <ul class="att-list">
                {sheet.students.iter().map(|(id, name)| {
                    let id = *id;
                    let absent = move || marks.with(|m| m.iter().any(|x| x.0 == id));
                    let excused = move || marks.with(|m| m.iter().any(|x| x.0 == id && x.1));
                    view! {
                        <li class="att-row" data-testid="att-period-row" data-student=id.to_string()>
                            <span class="att-name">{name.clone()}</span>
                            <label class="att-check"><input type="checkbox" data-testid="att-period-absent"
                                prop:checked=absent
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    marks.update(|m| { m.retain(|x| x.0 != id); if on { m.push((id, false, String::new())); } });
                                } />" " {t(Msg::AttAbsent)}</label>
                            <label class="att-check"><input type="checkbox" data-testid="att-period-excused"
                                prop:checked=excused disabled=move || !absent()
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    marks.update(|m| if let Some(x) = m.iter_mut().find(|x| x.0 == id) { x.1 = on; });
                                } />" " {t(Msg::AttExcusedShort)}</label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p><button type="button" class="primary" data-testid="att-period-save" disabled=move || busy.get() on:click=save>{t(Msg::AttPeriodSave)}</button></p>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status" data-testid="att-saved">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="att-error">{text}</p> }.into_any(),
            })}
        </section>
    }
}
