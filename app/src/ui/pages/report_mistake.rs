//! "Report a mistake" on a child's results page: choose a subject's scores (of a semester) or a
//! personal detail, write what is wrong, send; the reports sent and their answers are listed
//! below. A subject card's "Báo sai" fills in the subject and moves to the form.
use crate::api::child_results::ChildSubject;
use crate::api::mistake_reports::{child_reports, report_mistake, MistakeReport};
use crate::domain::mistake_report::{PersonalField, ReportAbout, ReportStatus, MESSAGE_MAX_CHARS};
use crate::i18n::{Lang, Msg};
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

/// What the form is about, as its `<select>` holds it: `s:<subject id>` or `p:<field code>`.
pub fn about_value(about: ReportAbout) -> String {
    match about {
        ReportAbout::Score { subject_id, .. } => format!("s:{subject_id}"),
        ReportAbout::Personal { field } => format!("p:{}", field.code()),
    }
}

fn parse_about(value: &str, semester: i64) -> Option<ReportAbout> {
    if let Some(id) = value.strip_prefix("s:") {
        return id.parse().ok().map(|subject_id| ReportAbout::Score {
            subject_id,
            semester,
        });
    }
    value
        .strip_prefix("p:")
        .and_then(PersonalField::from_code)
        .map(|field| ReportAbout::Personal { field })
}

pub fn field_label(f: PersonalField) -> Msg {
    match f {
        PersonalField::FullName => Msg::RepFieldFullName,
        PersonalField::DateOfBirth => Msg::RepFieldDateOfBirth,
        PersonalField::Gender => Msg::RepFieldGender,
        PersonalField::Ethnicity => Msg::RepFieldEthnicity,
        PersonalField::PlaceOfBirth => Msg::RepFieldPlaceOfBirth,
        PersonalField::Address => Msg::RepFieldAddress,
        PersonalField::Guardian => Msg::RepFieldGuardian,
        PersonalField::Other => Msg::RepFieldOther,
    }
}

pub fn status_label(s: ReportStatus) -> Msg {
    match s {
        ReportStatus::Open => Msg::RepStatusOpen,
        ReportStatus::Corrected => Msg::RepStatusCorrected,
        ReportStatus::Unchanged => Msg::RepStatusUnchanged,
    }
}

/// What a report is about, in words.
pub fn about_text(r: &MistakeReport, lang: Lang) -> String {
    match r.about {
        ReportAbout::Score { semester, .. } => Msg::RepScoresOf.with(
            lang,
            &[
                ("subject", r.subject_name.as_deref().unwrap_or("")),
                ("semester", &semester.to_string()),
            ],
        ),
        ReportAbout::Personal { field } => field_label(field).raw(lang).to_string(),
    }
}

/// The reports sent about a child, and a counter that reloads them. Created with the page (not
/// inside its suspended parts), so the server's answer hydrates in the same order.
#[derive(Clone, Copy)]
pub struct SentList {
    pub list: Resource<Result<Vec<MistakeReport>, crate::error::AppError>>,
    pub sent: RwSignal<usize>,
}

impl SentList {
    pub fn new(code: Memo<String>) -> SentList {
        let sent = RwSignal::new(0usize);
        let list = Resource::new(
            move || (code.get(), sent.get()),
            |(code, _)| async move {
                if code.is_empty() {
                    Ok(Vec::new())
                } else {
                    child_reports(code).await
                }
            },
        );
        SentList { list, sent }
    }
}

/// The form and the list. `chosen` is shared with the subject cards' "Báo sai" buttons.
#[component]
pub fn ReportMistake(
    code: String,
    subjects: Vec<ChildSubject>,
    chosen: RwSignal<String>,
    semester: RwSignal<i64>,
    reports: SentList,
) -> impl IntoView {
    let lang = use_lang();
    let sent = reports.sent;
    let reports = reports.list;
    let message = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(about) = parse_about(&chosen.get_untracked(), semester.get_untracked()) else {
            return;
        };
        busy.set(true);
        outcome.set(None);
        let code = code.clone();
        leptos::task::spawn_local(async move {
            let r = report_mistake(code, about, message.get_untracked()).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    outcome.set(Some(Ok(Msg::RepSent.raw(lang).to_string())));
                    message.set(String::new());
                    sent.update(|n| *n += 1);
                }
                Err(e) => outcome.set(Some(Err(e.message(lang)))),
            }
        });
    };
    let is_score = move || chosen.with(|c| c.starts_with("s:"));
    view! {
        <section class="panel report-mistake" id="report-mistake" data-testid="report-mistake"
            aria-labelledby="report-mistake-h">
            <h2 id="report-mistake-h">{t(Msg::RepTitle)}</h2>
            <p class="muted">{t(Msg::RepHelp)}</p>
            <form on:submit=submit data-testid="report-form">
                <label>{t(Msg::RepAbout)}
                    <select data-testid="report-about" prop:value=move || chosen.get()
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        <optgroup label=t(Msg::ResultsSubject)>
                            {subjects.iter().map(|s| {
                                let value = format!("s:{}", s.id);
                                view! { <option value=value.clone() selected=move || chosen.get() == value>{s.name.clone()}</option> }
                            }).collect_view()}
                        </optgroup>
                        <optgroup label=t(Msg::RepFieldOther)>
                            {PersonalField::ALL.into_iter().map(|f| {
                                let value = format!("p:{}", f.code());
                                view! { <option value=value.clone() selected=move || chosen.get() == value>{t(field_label(f))}</option> }
                            }).collect_view()}
                        </optgroup>
                    </select>
                </label>
                <Show when=is_score>
                    <label>{t(Msg::RepSemester)}
                        <select data-testid="report-semester" prop:value=move || semester.get().to_string()
                            on:change=move |ev| semester.set(event_target_value(&ev).parse().unwrap_or(1))>
                            <option value="1">{t(Msg::ResultsSemester1)}</option>
                            <option value="2">{t(Msg::ResultsSemester2)}</option>
                        </select>
                    </label>
                </Show>
                <label>{t(Msg::RepMessage)}
                    <textarea id="report-message" data-testid="report-message" rows="4" required
                        maxlength=MESSAGE_MAX_CHARS.to_string()
                        prop:value=move || message.get()
                        on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                </label>
                <button type="submit" class="primary" data-testid="report-send"
                    disabled=move || busy.get()>{t(Msg::RepSend)}</button>
            </form>
            {move || outcome.get().map(|m| match m {
                Ok(text) => view! { <p class="success" role="status" data-testid="report-sent">{text}</p> }.into_any(),
                Err(text) => view! { <p class="error" role="alert" data-testid="report-error">{text}</p> }.into_any(),
            })}
            <h3>{t(Msg::RepList)}</h3>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match reports.await {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t(Msg::RepNone)}</p> }.into_any(),
                        Ok(list) => view! { <SentReports list /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SentReports(list: Vec<MistakeReport>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="plain" data-testid="report-list">
            {list.into_iter().map(|r| {
                let status = format!("{:?}", r.status).to_lowercase();
                view! {
                    <li data-testid="report-item" data-status=status.clone()>
                        <strong>{about_text(&r, lang)}</strong> " · " <small>{date_time(r.created_at)}</small>
                        " " <span class=format!("badge status-{status}") data-testid="report-status">{status_label(r.status).raw(lang)}</span>
                        <p class="report-message">{r.message.clone()}</p>
                        {(!r.answer.is_empty()).then(|| view! {
                            <p class="report-answer" data-testid="report-answer">
                                <strong>{Msg::RepAnswerBy.with(lang, &[("who", r.answered_by.as_deref().unwrap_or(""))])} ": "</strong>
                                {r.answer.clone()}
                            </p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
