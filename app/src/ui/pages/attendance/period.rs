//! A subject teacher's absences in one of their periods, saved through the device's outbox.
use super::outbox::{self, Place};
use crate::api::attendance::{PeriodEntry, PeriodSheet};
use crate::i18n::Msg;
use crate::offline::attendance::{day_of, period_shown};
use crate::offline::queue::{Edit, EditState, Marks, Settled, Target};
use crate::offline::sync::{self, Event};
use crate::ui::format::{date_time, iso_to_dmy};
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

#[component]
pub(super) fn PeriodEditor(sheet: PeriodSheet) -> impl IntoView {
    let lang = use_lang();
    let subject = RwSignal::new(sheet.subjects.first().map(|s| s.id).unwrap_or(0));
    let period = RwSignal::new(1i64);
    let absences = sheet.absences.clone();
    let (class_id, day) = (sheet.class_id, day_of(&sheet.date));
    // student → (excused, reason)
    let marks = RwSignal::new(Vec::<(i64, bool, String)>::new());
    // The latest save of each period from this device, newer than the sheet as loaded.
    let latest = RwSignal::new(Vec::<Edit>::new());
    let target_of = move |subject_id: i64, period: i64| {
        day.map(|day| Target::Period {
            subject_id,
            day,
            period,
        })
    };
    let fill = move |subject_id: i64, p: i64| {
        let target = target_of(subject_id, p);
        let kept = latest.with_untracked(|l| {
            l.iter()
                .rev()
                .find(|e| Some(e.target) == target)
                .and_then(|e| match &e.marks {
                    Some(Marks::Period(absent)) => Some(absent.clone()),
                    _ => None,
                })
        });
        marks.try_set(match kept {
            Some(absent) => absent
                .into_iter()
                .map(|a| (a.student_id, a.excused, a.reason))
                .collect(),
            None => absences
                .iter()
                .filter(|a| a.subject_id == subject_id && a.period == p)
                .map(|a| (a.student_id, a.excused, a.reason.clone()))
                .collect(),
        });
    };
    let fill_now = fill.clone();
    Effect::new(move |_| fill_now(subject.get(), period.get()));
    let message = RwSignal::new(None::<Result<String, String>>);
    let names = StoredValue::new(sheet.students.clone());
    let subjects = StoredValue::new(sheet.subjects.clone());
    let date = sheet.date.clone();
    let sheet_label = Msg::AttSheetLabel.with(lang, &[("class", &sheet.class_name)]);
    let place = move |subject_id: i64, period: i64| {
        let subject = subjects.with_value(|s| {
            s.iter()
                .find(|s| s.id == subject_id)
                .map(|s| s.name.clone())
                .unwrap_or_default()
        });
        Place {
            label: Msg::AttPeriodLabel.with(
                lang,
                &[
                    ("period", &period.to_string()),
                    ("subject", &subject),
                    ("date", &iso_to_dmy(&date)),
                ],
            ),
            sheet_label: sheet_label.clone(),
            path: format!("/classes/{class_id}/attendance/period?date={date}"),
        }
    };
    let kept_message = move |e: &Edit| {
        Ok(Msg::AttKeptOnDevice.with(lang, &[("when", &date_time(e.created_at / 1000))]))
    };
    let save = move |_| {
        let (subject_id, p) = (subject.get_untracked(), period.get_untracked());
        let Some(target) = target_of(subject_id, p) else {
            return;
        };
        let absent: Vec<PeriodEntry> = marks
            .get_untracked()
            .into_iter()
            .map(|(student_id, excused, reason)| PeriodEntry {
                student_id,
                excused,
                reason,
            })
            .collect();
        let shown = names.with_value(|names| {
            period_shown(
                absent.iter().map(|a| {
                    let name = names
                        .iter()
                        .find(|(id, _)| *id == a.student_id)
                        .map_or("", |(_, n)| n.as_str());
                    (name, a.excused, a.reason.as_str())
                }),
                lang,
            )
        });
        let edit = outbox::edit(
            class_id,
            target,
            shown,
            0,
            Marks::Period(absent),
            place(subject_id, p),
        );
        latest.update(|l| {
            l.retain(|e| e.target != target);
            l.push(edit.clone());
        });
        message.set(Some(if outbox::online() {
            Ok(Msg::AttSending.raw(lang).into())
        } else {
            kept_message(&edit)
        }));
        sync::submit(vec![edit]);
    };
    let is_mine =
        move |e: &Edit| matches!(e.target, Target::Period { day: d, .. } if Some(d) == day);
    outbox::follow(class_id, move |event| {
        if !is_mine(outbox::edit_of(event)) {
            return;
        }
        message.set(Some(match event {
            Event::Sending(_) => Ok(Msg::AttSending.raw(lang).into()),
            Event::Waiting(e) => kept_message(e),
            // Periods carry no version: the number is how many students changed.
            Event::Settled(_, Settled::Saved { version, .. }) => {
                Ok(Msg::AttPeriodSaved.with(lang, &[("count", &version.to_string())]))
            }
            Event::Settled(_, Settled::Conflict(_)) => return,
            Event::Settled(_, Settled::Refused(reason)) => {
                Err(Msg::AttRefused.with(lang, &[("reason", reason)]))
            }
        }));
    });
    outbox::kept(class_id, move |edits| {
        let mine: Vec<Edit> = edits.into_iter().filter(|e| is_mine(e)).collect();
        let Some(last) = mine.last() else { return };
        message.try_set(Some(match &last.state {
            EditState::Refused(reason) => Err(Msg::AttRefused.with(lang, &[("reason", reason)])),
            _ => kept_message(last),
        }));
        latest.try_set(mine);
        if let (Some(s), Some(p)) = (subject.try_get_untracked(), period.try_get_untracked()) {
            fill(s, p);
        }
    });
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
            <p><button type="button" class="primary" data-testid="att-period-save" on:click=save>{t(Msg::AttPeriodSave)}</button></p>
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status" data-testid="att-saved">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="att-error">{text}</p> }.into_any(),
            })}
        </section>
    }
}
