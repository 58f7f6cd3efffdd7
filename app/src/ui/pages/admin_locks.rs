//! `/admin/locks` (Hạn nhập & khoá sổ): the principal and the admin set entry deadlines per
//! semester for the school or a grade, lock a semester or the year for the school, a grade or
//! a class with a reason, and unlock with a reason. The list keeps every lock and its unlock.
use crate::api::auth::Me;
use crate::api::locks::{
    load_locks, ClearEntryDeadline, LockEntry, LocksPage, SetEntryDeadline, UnlockEntry,
};
use crate::error::{lock_scope_text, period_text, AppError};
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::{date_time, iso_to_dmy};
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone, Copy)]
struct Actions {
    set: ServerAction<SetEntryDeadline>,
    clear: ServerAction<ClearEntryDeadline>,
    lock: ServerAction<LockEntry>,
    unlock: ServerAction<UnlockEntry>,
}

#[component]
pub fn AdminLocksPage() -> impl IntoView {
    let actions = Actions {
        set: ServerAction::new(),
        clear: ServerAction::new(),
        lock: ServerAction::new(),
        unlock: ServerAction::new(),
    };
    let page = Resource::new(
        move || {
            (
                actions.set.version().get(),
                actions.clear.version().get(),
                actions.lock.version().get(),
                actions.unlock.version().get(),
            )
        },
        |_| load_locks(),
    );
    view! {
        <Title text=t(Msg::NavLocks) />
        <Gate page=move |me: Me| view! { <Layout me><Locks actions page /></Layout> } />
    }
}

/// The latest outcome of any of the page's acts.
fn outcome(actions: Actions) -> impl Fn() -> Option<AnyView> {
    let lang = use_lang();
    move || {
        let results = [
            actions.set.value().get().map(|r| r.map(|_| ())),
            actions.clear.value().get(),
            actions.lock.value().get().map(|r| r.map(|_| ())),
            actions.unlock.value().get(),
        ];
        let pending = actions.set.pending().get()
            || actions.clear.pending().get()
            || actions.lock.pending().get()
            || actions.unlock.pending().get();
        if pending {
            return None;
        }
        results.into_iter().flatten().find_map(|r| r.err()).map(|e: AppError| {
            view! { <p class="error" role="alert" data-testid="locks-error">{e.message(lang)}</p> }
                .into_any()
        })
    }
}

#[component]
fn Locks(actions: Actions, page: Resource<Result<LocksPage, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(Msg::NavLocks)}</h1>
        <p class="muted">{t(Msg::LocksIntro)}</p>
        {outcome(actions)}
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(p) => view! {
                        <p>{t(Msg::LocksYear)} ": " <strong>{p.year_name.clone()}</strong></p>
                        <Deadlines actions p=p.clone() />
                        <LockList actions p />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

fn grade_label(grade: Option<i64>) -> String {
    match grade {
        Some(g) => Msg::LocksGrade.with(use_lang(), &[("grade", &g.to_string())]),
        None => t(Msg::LocksWholeSchool).to_string(),
    }
}

#[component]
fn Deadlines(actions: Actions, p: LocksPage) -> impl IntoView {
    let lang = use_lang();
    let semester = RwSignal::new(p.semesters.first().map(|s| s.id).unwrap_or(0).to_string());
    let grade = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        actions.set.dispatch(SetEntryDeadline {
            semester_id: semester.get_untracked().parse().unwrap_or(0),
            grade: grade.get_untracked().parse().ok(),
            date: date.get_untracked(),
        });
    };
    let rows = p.deadlines.clone();
    view! {
        <section class="panel" aria-labelledby="deadlines-h" data-testid="deadlines">
            <h2 id="deadlines-h">{t(Msg::LocksDeadlines)}</h2>
            <form class="stack" on:submit=submit aria-label=t(Msg::LocksSetDeadline)>
                <label>{t(Msg::LocksSemester)}
                    <select name="semester_id" prop:value=semester on:change=move |ev| semester.set(event_target_value(&ev))>
                        {p.semesters.iter().map(|s| view! {
                            <option value=s.id.to_string()>{period_text(Some(s.number), lang)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t(Msg::LocksAppliesTo)}
                    <select name="grade" prop:value=grade on:change=move |ev| grade.set(event_target_value(&ev))>
                        <option value="">{t(Msg::LocksWholeSchool)}</option>
                        {p.grades.iter().map(|g| view! {
                            <option value=g.to_string()>{grade_label(Some(*g))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t(Msg::LocksDate)}
                    <input type="date" name="date" required prop:value=date
                        on:input=move |ev| date.set(event_target_value(&ev)) />
                </label>
                <button type="submit">{t(Msg::LocksSetDeadline)}</button>
            </form>
            {if rows.is_empty() {
                view! { <p class="muted">{t(Msg::LocksNoDeadlines)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table" data-testid="deadline-list">
                        <thead><tr>
                            <th scope="col">{t(Msg::LocksSemester)}</th>
                            <th scope="col">{t(Msg::LocksAppliesTo)}</th>
                            <th scope="col">{t(Msg::LocksDate)}</th>
                            <th scope="col">{t(Msg::LocksSetBy)}</th>
                            <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|d| {
                                let (semester_id, g) = (d.semester_id, d.grade);
                                view! {
                                    <tr>
                                        <td>{period_text(Some(d.semester_number), lang)}</td>
                                        <td>{grade_label(d.grade)}</td>
                                        <td>{iso_to_dmy(&d.date)}</td>
                                        <td>{d.set_by.unwrap_or_default()} " · " {date_time(d.set_at)}</td>
                                        <td><button type="button" class="secondary" on:click=move |_| {
                                            actions.clear.dispatch(ClearEntryDeadline { semester_id, grade: g });
                                        }>{t(Msg::LocksClearDeadline)}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

/// The lock form's target: "school", "grade:9" or "class:12".
fn parse_target(value: &str) -> (String, Option<i64>, Option<i64>) {
    match value.split_once(':') {
        Some(("grade", g)) => ("grade".into(), g.parse().ok(), None),
        Some(("class", c)) => ("class".into(), None, c.parse().ok()),
        _ => ("school".into(), None, None),
    }
}

#[component]
fn LockList(actions: Actions, p: LocksPage) -> impl IntoView {
    let lang = use_lang();
    let period = RwSignal::new(p.semesters.first().map(|s| s.id).unwrap_or(0).to_string());
    let target = RwSignal::new("school".to_string());
    let reason = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (scope, grade, class_id) = parse_target(&target.get_untracked());
        actions.lock.dispatch(LockEntry {
            semester_id: period.get_untracked().parse().ok(),
            scope,
            grade,
            class_id,
            reason: reason.get_untracked(),
        });
    };
    let locks = p.locks.clone();
    view! {
        <section class="panel" aria-labelledby="locks-h" data-testid="locks">
            <h2 id="locks-h">{t(Msg::LocksLocks)}</h2>
            <form class="stack" on:submit=submit aria-label=t(Msg::LocksLock)>
                <label>{t(Msg::LocksPeriod)}
                    <select name="period" prop:value=period on:change=move |ev| period.set(event_target_value(&ev))>
                        {p.semesters.iter().map(|s| view! {
                            <option value=s.id.to_string()>{period_text(Some(s.number), lang)}</option>
                        }).collect_view()}
                        <option value="year">{period_text(None, lang)}</option>
                    </select>
                </label>
                <label>{t(Msg::LocksAppliesTo)}
                    <select name="target" prop:value=target on:change=move |ev| target.set(event_target_value(&ev))>
                        <option value="school">{t(Msg::LocksWholeSchool)}</option>
                        {p.grades.iter().map(|g| view! {
                            <option value=format!("grade:{g}")>{grade_label(Some(*g))}</option>
                        }).collect_view()}
                        {p.classes.iter().map(|c| view! {
                            <option value=format!("class:{}", c.id)>
                                {Msg::LocksClass.with(lang, &[("class", &c.name)])}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t(Msg::LocksReason)}
                    <textarea name="reason" required maxlength="500" prop:value=reason
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit">{t(Msg::LocksLock)}</button>
            </form>
            {if locks.is_empty() {
                view! { <p class="muted">{t(Msg::LocksNoLocks)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table class="table" data-testid="lock-list">
                        <thead><tr>
                            <th scope="col">{t(Msg::LocksPeriod)}</th>
                            <th scope="col">{t(Msg::LocksAppliesTo)}</th>
                            <th scope="col">{t(Msg::LocksReason)}</th>
                            <th scope="col">{t(Msg::LocksLockedBy)}</th>
                            <th scope="col">{t(Msg::LocksStatus)}</th>
                        </tr></thead>
                        <tbody>
                            {locks.into_iter().map(|l| view! { <LockRow actions l /> }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn LockRow(actions: Actions, l: crate::api::locks::LockInfo) -> impl IntoView {
    let lang = use_lang();
    let unlock_reason = RwSignal::new(String::new());
    let lock_id = l.id;
    let scope = lock_scope_text(&l.scope, lang);
    let status = match (l.unlocked_at, l.unlocked_by.clone(), l.unlock_reason.clone()) {
        (Some(at), who, why) => view! {
            <span data-testid="lock-unlocked">{Msg::LocksUnlocked.with(lang, &[
                ("who", &who.unwrap_or_default()),
                ("when", &date_time(at)),
                ("reason", &why.unwrap_or_default()),
            ])}</span>
        }.into_any(),
        (None, _, _) => view! {
            <form class="inline" aria-label=t(Msg::LocksUnlock) on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                actions.unlock.dispatch(UnlockEntry { lock_id, reason: unlock_reason.get_untracked() });
            }>
                <strong data-testid="lock-active">{t(Msg::LocksActive)}</strong> " "
                <label>{t(Msg::LocksUnlockReason)}
                    <input type="text" name="unlock_reason" required maxlength="500" prop:value=unlock_reason
                        on:input=move |ev| unlock_reason.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="secondary">{t(Msg::LocksUnlock)}</button>
            </form>
        }.into_any(),
    };
    view! {
        <tr data-testid="lock-row">
            <td>{period_text(l.semester_number, lang)}</td>
            <td>{scope}</td>
            <td>{l.reason}</td>
            <td>{l.locked_by} " · " {date_time(l.locked_at)}</td>
            <td>{status}</td>
        </tr>
    }
}
