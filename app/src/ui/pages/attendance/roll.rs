//! The roll of one session: keyboard and buttons, saved through the device's outbox, so a roll
//! taken without a connection is kept and sent later; a roll saved meanwhile elsewhere is shown
//! beside the teacher's, who chooses.
use super::outbox::{self, Place};
use super::{focus, mark_label, standing_badge};
use crate::api::attendance::{Roll, RollEntry, RollStudent};
use crate::domain::attendance::{Mark, Session};
use crate::i18n::Msg;
use crate::offline::attendance::{day_of, mark_letter, roll_shown};
use crate::offline::queue::{Edit, EditState, Marks, Settled, SheetKey, Target, Theirs};
use crate::offline::sync::{self, Event};
use crate::ui::format::{date_time, iso_to_dmy};
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
struct Line {
    mark: Mark,
    reason: String,
}

#[component]
pub(super) fn RollEditor(
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
    let read_only = roll.closed.is_some();
    let n = students.len();
    let ids = StoredValue::new(students.iter().map(|s| s.id).collect::<Vec<i64>>());
    let names = StoredValue::new(
        students
            .iter()
            .map(|s| s.full_name.clone())
            .collect::<Vec<String>>(),
    );
    let (class_id, date, session) = (roll.class_id, roll.date.clone(), roll.session);
    // What a save builds on: the roll as loaded, then each save as the server confirms it.
    let known_version = StoredValue::new(roll.version);
    let target = day_of(&date).map(|day| Target::Roll { day, session });
    let conflict = RwSignal::new(None::<(Edit, Theirs)>);
    let place = StoredValue::new(Place {
        label: Msg::AttRollLabel.with(
            lang,
            &[
                ("date", &iso_to_dmy(&date)),
                ("session", t(session_label(session))),
            ],
        ),
        sheet_label: Msg::AttSheetLabel.with(lang, &[("class", &roll.class_name)]),
        path: format!(
            "/classes/{class_id}/attendance?date={date}&session={}",
            session.code()
        ),
    });
    let entries = move || -> Vec<RollEntry> {
        lines.with_untracked(|l| {
            ids.with_value(|ids| {
                l.iter()
                    .zip(ids)
                    .map(|(l, id)| RollEntry {
                        student_id: *id,
                        status: l.mark.code().into(),
                        reason: l.reason.clone(),
                    })
                    .collect()
            })
        })
    };
    let shown_now = move || {
        lines.with_untracked(|l| {
            names.with_value(|names| {
                roll_shown(
                    names
                        .iter()
                        .zip(l)
                        .map(|(n, l)| (n.as_str(), l.mark, l.reason.as_str())),
                    lang,
                )
            })
        })
    };
    let apply = move |marks: &[RollEntry]| {
        let ids = ids.get_value();
        lines.try_update(|l| {
            for (line, id) in l.iter_mut().zip(&ids) {
                if let Some(m) = marks.iter().find(|m| m.student_id == *id) {
                    line.mark = Mark::from_code(&m.status).unwrap_or(Mark::Present);
                    line.reason = m.reason.clone();
                }
            }
        });
    };
    let kept_message = move |e: &Edit| {
        Ok(Msg::AttKeptOnDevice.with(lang, &[("when", &date_time(e.created_at / 1000))]))
    };
    let submit = move |marks: Vec<RollEntry>, shown| {
        let Some(target) = target else { return };
        let edit = outbox::edit(
            class_id,
            target,
            shown,
            known_version.get_value(),
            Marks::Roll(marks),
            place.get_value(),
        );
        message.set(Some(if outbox::online() {
            Ok(Msg::AttSending.raw(lang).into())
        } else {
            kept_message(&edit)
        }));
        sync::submit(vec![edit]);
    };
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
    let save = move || {
        if read_only {
            return;
        }
        conflict.set(None);
        dirty.set(false);
        submit(entries(), shown_now());
    };

    outbox::follow(class_id, move |event| {
        if Some(outbox::edit_of(event).target) != target {
            return;
        }
        match event {
            Event::Sending(_) => message.set(Some(Ok(Msg::AttSending.raw(lang).into()))),
            Event::Waiting(e) => message.set(Some(kept_message(e))),
            Event::Settled(_, Settled::Saved { version, .. }) => {
                known_version.set_value(*version);
                let when = date_time(sync::now_ms() / 1000);
                message.set(Some(Ok(Msg::AttSaved.with(lang, &[("when", &when)]))));
                if !dirty.get_untracked() {
                    reload.update(|v| *v += 1);
                }
            }
            Event::Settled(e, Settled::Conflict(theirs)) => {
                message.set(None);
                if dirty.get_untracked() {
                    conflict.set(Some((e.clone(), theirs.clone())));
                } else {
                    // Drawn anew with their roll; the conflict comes back from the outbox.
                    reload.update(|v| *v += 1);
                }
            }
            Event::Settled(_, Settled::Refused(reason)) => {
                message.set(Some(Err(Msg::AttRefused.with(lang, &[("reason", reason)]))))
            }
        }
    });
    outbox::kept(class_id, move |edits| {
        let Some(e) = edits.into_iter().rev().find(|e| Some(e.target) == target) else {
            return;
        };
        match &e.state {
            EditState::Waiting => {
                if let Some(Marks::Roll(marks)) = &e.marks {
                    apply(marks);
                }
                message.try_set(Some(kept_message(&e)));
            }
            EditState::Conflict(theirs) => {
                let theirs = theirs.clone();
                conflict.try_set(Some((e, theirs)));
            }
            EditState::Refused(reason) => {
                message.try_set(Some(Err(Msg::AttRefused.with(lang, &[("reason", reason)]))));
            }
        }
    });
    let theirs_now = roll_shown(
        students
            .iter()
            .map(|s| (s.full_name.as_str(), s.mark, s.reason.as_str())),
        lang,
    )
    .text;
    let conflict_view = move || {
        conflict.get().map(|(mine, theirs)| {
            let who = theirs.by.clone().unwrap_or_default();
            let when = theirs.at.map(date_time).unwrap_or_default();
            let keep_mine = {
                let mine = mine.clone();
                move |_| {
                    if let Some(Marks::Roll(marks)) = &mine.marks {
                        apply(marks);
                        known_version.set_value(known_version.get_value().max(theirs.version));
                        conflict.set(None);
                        dirty.set(false);
                        submit(marks.clone(), mine.shown.clone());
                    }
                }
            };
            let take_theirs = move |_| {
                if let Some(target) = target {
                    sync::resolve(SheetKey::attendance(class_id), target);
                }
                conflict.set(None);
                dirty.set(false);
                message.set(None);
                reload.update(|v| *v += 1);
            };
            view! {
                <div class="notice att-conflict" role="alert" data-testid="att-conflict">
                    <p>{Msg::AttConflict.with(lang, &[("who", &who), ("when", &when)])}</p>
                    <p data-testid="att-conflict-mine">{Msg::AttConflictMine.with(lang, &[("marks", &mine.shown.text)])}</p>
                    <p data-testid="att-conflict-theirs">{Msg::AttConflictTheirs.with(lang, &[("marks", &theirs_now)])}</p>
                    <p>
                        <button type="button" class="primary" data-testid="att-keep-mine" on:click=keep_mine>{t(Msg::AttKeepMine)}</button>
                        " "
                        <button type="button" class="secondary" data-testid="att-take-theirs" on:click=take_theirs>{t(Msg::AttTakeTheirs)}</button>
                    </p>
                </div>
            }
        })
    };
    let save_key = save;
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
                        {mark_letter(m)}
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
    let save_click = save;
    view! {
        {closed}
        {late}
        {state}
        {conflict_view}
        <p class="muted">{t(Msg::AttKeysHelp)}</p>
        <ol class="att-list" data-testid="att-list" data-date=roll_date data-session=session.code() on:keydown=on_key>{rows}</ol>
        <p class="att-actions">
            <button type="button" class="primary att-save" data-testid="att-save"
                disabled=read_only
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

fn session_label(s: Session) -> Msg {
    match s {
        Session::Morning => Msg::AttMorning,
        Session::Afternoon => Msg::AttAfternoon,
    }
}
