//! The year-end review page (`/classes/:id/year-end`, "Xét lên lớp"): each student's proposal
//! with its reasons, filters, confirm-all, the per-row override with a reason, and the summer
//! re-assessment and conduct entry; the status of each row.
use super::class_summary::{level_label, result_text};
use crate::api::auth::Me;
use crate::api::year_end::{
    confirm_year_end, confirm_year_end_all, load_year_end, outcome_label, record_reassessment,
    record_summer_conduct, title_label, YearEndRow, YearEndSheet,
};
use crate::domain::grading::year_end::NotPromotedReason;
use crate::domain::grading::{Level, Title};
use crate::domain::year_end_review::{
    level_code, title_code, ConductTerm, Outcome, Review, Status,
};
use crate::error::AppError;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title as PageTitle;
use leptos_router::hooks::use_params_map;

#[component]
pub fn YearEndPage() -> impl IntoView {
    let params = use_params_map();
    let sheet = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| async move {
            match id {
                Some(id) => load_year_end(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=t(Msg::YeTitle) />
        <Gate page=move |me: Me| view! { <Layout me><Sheet sheet /></Layout> } />
    }
}

fn subject_names(sheet: &YearEndSheet, ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|id| sheet.subjects.iter().find(|s| s.id == *id))
        .map(|s| s.name.clone())
        .collect::<Vec<_>>()
        .join(", ")
}

fn reason_label(r: NotPromotedReason) -> Msg {
    match r {
        NotPromotedReason::TooManyAbsences => Msg::YeReasonAbsences,
        NotPromotedReason::ConductFailed => Msg::YeReasonConduct,
        NotPromotedReason::LearningFailed => Msg::YeReasonLearning,
    }
}

fn outcome_text(sheet: &YearEndSheet, o: &Outcome<i64>, lang: Lang) -> String {
    let name = outcome_label(o.kind()).raw(lang);
    match o {
        Outcome::Reassessment { subjects } => format!("{name}: {}", subject_names(sheet, subjects)),
        Outcome::NotPromoted { reasons } => {
            let why: Vec<&str> = reasons.iter().map(|r| reason_label(*r).raw(lang)).collect();
            format!("{name} ({})", why.join("; "))
        }
        _ => name.to_string(),
    }
}

fn proposal_text(sheet: &YearEndSheet, r: &Review<i64>, lang: Lang) -> String {
    let mut text = outcome_text(sheet, &r.outcome, lang);
    if let Some(after) = &r.after_summer {
        text = format!(
            "{text} → {}: {}",
            Msg::YeAfterSummer.raw(lang),
            outcome_text(sheet, &after.outcome, lang)
        );
    }
    text
}

#[component]
fn Sheet(sheet: Resource<Result<YearEndSheet, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let attention_only = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let open = RwSignal::new(None::<i64>);
    let done = move |answer: Result<String, AppError>| match answer {
        Ok(text) => {
            message.set(Some((true, text)));
            sheet.refetch();
        }
        Err(e) => message.set(Some((false, e.message(lang)))),
    };
    let confirm_all = move |class_id: i64| {
        leptos::task::spawn_local(async move {
            let answer = confirm_year_end_all(class_id).await.map(|r| {
                Msg::YeConfirmedAll.with(
                    lang,
                    &[
                        ("n", &r.confirmed.to_string()),
                        ("skipped", &r.skipped.to_string()),
                    ],
                )
            });
            done(answer);
        });
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                let s = match sheet.await {
                    Ok(s) => s,
                    Err(e) => return view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                };
                let class_id = s.class_id;
                let attention = s.rows.iter().filter(|r| r.needs_attention).count();
                let shared = StoredValue::new(s.clone());
                view! {
                    <h1>{Msg::YeHeading.with(lang, &[("class", &s.class_name), ("year", &s.school_year)])}</h1>
                    <p>
                        <a href=format!("/classes/{class_id}/summary?period=year")>{t(Msg::SumTitle)}</a>
                        " · "
                        <a href=format!("/classes/{class_id}")>{t(Msg::ClassList)}</a>
                    </p>
                    <p class="muted">{t(Msg::YeHelp)}</p>
                    <div class="inline-form">
                        <label>
                            <input type="radio" name="ye-filter" data-testid="ye-filter-all"
                                prop:checked=move || !attention_only.get()
                                on:change=move |_| attention_only.set(false) />
                            " " {t(Msg::YeFilterAll)} {format!(" ({})", s.rows.len())}
                        </label>
                        " "
                        <label>
                            <input type="radio" name="ye-filter" data-testid="ye-filter-attention"
                                prop:checked=move || attention_only.get()
                                on:change=move |_| attention_only.set(true) />
                            " " {t(Msg::YeFilterAttention)} {format!(" ({attention})")}
                        </label>
                        " "
                        {s.may_act.then(|| view! {
                            <button type="button" data-testid="ye-confirm-all"
                                on:click=move |_| confirm_all(class_id)>{t(Msg::YeConfirmAll)}</button>
                        })}
                    </div>
                    {move || message.get().map(|(ok, m)| view! {
                        <p class=if ok { "success" } else { "error" } role="alert" data-testid="ye-message">{m}</p>
                    })}
                    <div class="table-wrap">
                        <table class="table grade-grid" data-testid="year-end">
                            <thead><tr>
                                <th scope="col">{t(Msg::ColNumber)}</th>
                                <th scope="col" class="sticky-name">{t(Msg::FullName)}</th>
                                <th scope="col">{t(Msg::ResultsColLearning)}</th>
                                <th scope="col">{t(Msg::SumColConduct)}</th>
                                <th scope="col">{t(Msg::YeColAbsent)}</th>
                                <th scope="col">{t(Msg::SumColProposal)}</th>
                                <th scope="col">{t(Msg::SumColTitle)}</th>
                                <th scope="col">{t(Msg::YeColStatus)}</th>
                                <th scope="col"></th>
                            </tr></thead>
                            <tbody>
                                {s.rows.iter().cloned().map(|row| {
                                    let needs = row.needs_attention;
                                    let student_id = row.student_id;
                                    view! {
                                        <tr data-student=student_id data-testid="ye-row"
                                            style:display=move || if attention_only.get() && !needs { "none" } else { "" }>
                                            {row_cells(&shared.get_value(), &row, lang)}
                                            <td>{s.may_act.then(|| view! {
                                                <button type="button" data-testid="ye-open"
                                                    on:click=move |_| open.update(|o| *o = if *o == Some(student_id) { None } else { Some(student_id) })>
                                                    {t(Msg::YeOpen)}</button>
                                            })}</td>
                                        </tr>
                                        {move || (open.get() == Some(student_id)).then(|| view! {
                                            <tr data-testid="ye-dialog"><td colspan="9">
                                                <RowDialog sheet=shared row=row.clone() done />
                                            </td></tr>
                                        })}
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

fn row_cells(s: &YearEndSheet, row: &YearEndRow, lang: Lang) -> impl IntoView {
    let (learning, conduct, proposal, title) = match &row.status {
        Status::Ready(r) => {
            let mut learning = level_label(r.learning.level).raw(lang).to_string();
            if let Some(subject) = r.learning.adjusted_because_of {
                learning = format!(
                    "{learning} ({})",
                    Msg::ResultsAdjusted.with(
                        lang,
                        &[
                            ("from", level_label(r.learning.before_adjustment).raw(lang)),
                            ("subject", &subject_names(s, &[subject])),
                        ],
                    )
                );
            }
            (
                learning,
                level_label(r.conduct).raw(lang).to_string(),
                proposal_text(s, r, lang),
                r.current_title()
                    .map(|t| title_label(t).raw(lang))
                    .unwrap_or(""),
            )
        }
        Status::Incomplete { subjects, conduct } => {
            let mut missing = Vec::new();
            if !subjects.is_empty() {
                missing.push(subject_names(s, subjects));
            }
            for term in conduct {
                missing.push(
                    match term {
                        ConductTerm::First => Msg::YeMissingConduct1,
                        ConductTerm::Second => Msg::YeMissingConduct2,
                    }
                    .raw(lang)
                    .to_string(),
                );
            }
            (
                "…".to_string(),
                "…".to_string(),
                Msg::YeIncomplete.with(lang, &[("missing", &missing.join(", "))]),
                "",
            )
        }
    };
    let status = match &row.decision {
        None => {
            view! { <span class="muted" data-testid="ye-status">{t(Msg::YeNotConfirmed)}</span> }
                .into_any()
        }
        Some(d) => {
            let what = match d.title {
                Some(t) => format!(
                    "{}, {}",
                    outcome_label(d.outcome).raw(lang),
                    title_label(t).raw(lang)
                ),
                None => outcome_label(d.outcome).raw(lang).to_string(),
            };
            view! {
                <span data-testid="ye-status">{Msg::YeConfirmedBy.with(lang, &[("what", &what), ("who", &d.confirmed_by), ("when", &date_time(d.confirmed_at))])}</span>
                {(!d.override_reason.is_empty()).then(|| view! { <br /><small data-testid="ye-override">{Msg::YeOverrideReason.with(lang, &[("reason", &d.override_reason)])}</small> })}
                {d.changed.then(|| view! { <br /><strong class="error" data-testid="ye-changed">{t(Msg::YeChanged)}</strong> })}
            }.into_any()
        }
    };
    view! {
        <td>{row.number}</td>
        <th scope="row" class="sticky-name">{row.full_name.clone()}</th>
        <td>{learning}</td>
        <td>{conduct}</td>
        <td>{format!("{} + {}", row.excused, row.unexcused)}</td>
        <td data-testid="ye-proposal">{proposal}</td>
        <td data-testid="ye-title">{title}</td>
        <td>{status}</td>
    }
}

/// Confirming one student (with an override of the title and its reason), and the summer
/// results the proposal asks for.
#[component]
fn RowDialog(
    sheet: StoredValue<YearEndSheet>,
    row: YearEndRow,
    done: impl Fn(Result<String, AppError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let Status::Ready(review) = row.status.clone() else {
        return view! { <p class="muted">{t(Msg::YeErrIncomplete)}</p> }.into_any();
    };
    let class_id = sheet.with_value(|s| s.class_id);
    let student_id = row.student_id;
    let outcome = review.current_outcome().kind();
    let proposed_title = review.current_title();
    let title = RwSignal::new(proposed_title.map(title_code).unwrap_or("").to_string());
    let reason = RwSignal::new(String::new());
    let version = row.decision.as_ref().map(|d| d.version).unwrap_or(0);
    let confirm = move |_| {
        let (t, r) = (title.get_untracked(), reason.get_untracked());
        leptos::task::spawn_local(async move {
            let answer =
                confirm_year_end(class_id, student_id, outcome.code().into(), t, r, version)
                    .await
                    .map(|_| Msg::YeConfirmedOne.raw(lang).to_string());
            done(answer);
        });
    };
    let title_choices: Vec<(String, Msg)> =
        [Some(Title::Outstanding), Some(Title::Excellent), None]
            .into_iter()
            .map(|t| {
                (
                    t.map(title_code).unwrap_or("").to_string(),
                    t.map(title_label).unwrap_or(Msg::YeNoTitle),
                )
            })
            .collect();
    let reassess = match &review.outcome {
        Outcome::Reassessment { subjects } => subjects
            .iter()
            .map(|subject| {
                let subject = *subject;
                let (name, comment) = sheet.with_value(|s| {
                    s.subjects
                        .iter()
                        .find(|x| x.id == subject)
                        .map(|x| (x.name.clone(), x.comment))
                        .unwrap_or_default()
                });
                let stored = row.reassessed.iter().find(|r| r.subject_id == subject).cloned();
                let value = RwSignal::new(stored.as_ref().map(|r| result_text(Some(r.result), lang)).unwrap_or_default());
                let version = stored.map(|r| r.version).unwrap_or(0);
                let save = move |_| {
                    let v = value.get_untracked();
                    leptos::task::spawn_local(async move {
                        let answer = record_reassessment(class_id, student_id, subject, v, version)
                            .await
                            .map(|_| Msg::YeSaved.raw(lang).to_string());
                        done(answer);
                    });
                };
                view! {
                    <p class="inline-form" data-testid="ye-reassess">
                        <label>{Msg::YeReassessIn.with(lang, &[("subject", &name)])} " "
                            <input type="text" size="5" inputmode=if comment { "text" } else { "decimal" }
                                placeholder=if comment { "Đ / CĐ" } else { "0–10" }
                                prop:value=move || value.get()
                                on:input=move |ev| value.set(event_target_value(&ev)) />
                        </label>
                        " " <button type="button" on:click=save>{t(Msg::YeSave)}</button>
                    </p>
                }
            })
            .collect_view()
            .into_any(),
        Outcome::ConductTraining => {
            let level = RwSignal::new(row.conduct_summer.map(level_code).unwrap_or("pass").to_string());
            let version = row.conduct_summer_version;
            let save = move |_| {
                let l = level.get_untracked();
                leptos::task::spawn_local(async move {
                    let answer = record_summer_conduct(class_id, student_id, l, version)
                        .await
                        .map(|_| Msg::YeSaved.raw(lang).to_string());
                    done(answer);
                });
            };
            view! {
                <p class="inline-form" data-testid="ye-summer-conduct">
                    <label>{t(Msg::YeSummerConduct)} " "
                        <select on:change=move |ev| level.set(event_target_value(&ev)) prop:value=move || level.get()>
                            {Level::ALL.into_iter().rev().map(|l| {
                                let selected = level_code(l) == level.get_untracked();
                                view! { <option value=level_code(l) selected=selected>{level_label(l).raw(lang)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    " " <button type="button" on:click=save>{t(Msg::YeSave)}</button>
                </p>
            }
            .into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <div class="ye-dialog">
            <p>{Msg::YeConfirmFor.with(lang, &[("name", &row.full_name), ("outcome", outcome_label(outcome).raw(lang))])}</p>
            {reassess}
            <p class="inline-form">
                <label>{t(Msg::SumColTitle)} " "
                    <select data-testid="ye-title-choice" on:change=move |ev| title.set(event_target_value(&ev)) prop:value=move || title.get()>
                        {title_choices.into_iter().map(|(code, label)| {
                            let selected = code == title.get_untracked();
                            view! { <option value=code selected=selected>{label.raw(lang)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                " "
                <label>{t(Msg::YeReason)} " "
                    <input type="text" data-testid="ye-reason" size="30"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                " " <button type="button" data-testid="ye-confirm" on:click=confirm>{t(Msg::YeConfirm)}</button>
            </p>
        </div>
    }
    .into_any()
}
