//! The review panel above the grid: the sheet's state (draft, submitted, checked, approved),
//! the history of steps (who, when, comment), the buttons for the acts the caller may do, a
//! comment box (required to return), and the list of empty assessments with a "continue
//! anyway" button when an act finds some. After an act the grid reloads, read-only or editable.
use crate::api::grade_grid::GradeGrid;
use crate::api::sheet_review::{act_on_sheet, load_sheet_review, SheetReview};
use crate::domain::review::{Column, MissingCell, ReviewAct};
use crate::error::{review_closure_message, state_label, AppError};
use crate::i18n::{Lang, Msg};
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The sheet's review, keyed by the page's parameters (create it in the page component).
pub fn review_resource() -> Resource<Result<SheetReview, AppError>> {
    let params = use_params_map();
    Resource::new(
        move || {
            params.with(|p| {
                let n = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
                (n("id"), n("subject"), n("semester"))
            })
        },
        |key| async move {
            match key {
                (Some(class), Some(subject), Some(semester)) => {
                    load_sheet_review(class, subject, semester).await
                }
                _ => Err(AppError::NotFound),
            }
        },
    )
}

fn act_label(act: ReviewAct) -> Msg {
    match act {
        ReviewAct::Submit => Msg::ReviewActSubmit,
        ReviewAct::Check => Msg::ReviewActCheck,
        ReviewAct::Approve => Msg::ReviewActApprove,
        ReviewAct::Return => Msg::ReviewActReturn,
    }
}

fn step_label(act: ReviewAct) -> Msg {
    match act {
        ReviewAct::Submit => Msg::ReviewStepSubmit,
        ReviewAct::Check => Msg::ReviewStepCheck,
        ReviewAct::Approve => Msg::ReviewStepApprove,
        ReviewAct::Return => Msg::ReviewStepReturn,
    }
}

/// "TX2", "GK", "CK" as the grid's headers name them.
pub fn column_label(column: Column, lang: Lang) -> String {
    match column {
        Column::Regular(slot) => format!("{}{slot}", Msg::GridRegularShort.raw(lang)),
        Column::Midterm => Msg::GridMidterm.raw(lang).to_string(),
        Column::Final => Msg::GridFinal.raw(lang).to_string(),
    }
}

#[component]
pub fn ReviewPanel(
    review: Resource<Result<SheetReview, AppError>>,
    grid: Resource<Result<GradeGrid, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let comment = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<(), String>>);
    let missing = RwSignal::new(None::<(ReviewAct, Vec<MissingCell>)>);
    let busy = RwSignal::new(false);
    let run = move |r: SheetReview, act: ReviewAct, confirm: bool| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = act_on_sheet(
                r.class_id,
                r.subject_id,
                r.semester_id,
                act,
                r.version,
                comment.get_untracked(),
                confirm,
            )
            .await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    missing.set(None);
                    comment.set(String::new());
                    message.set(Some(Ok(())));
                    review.refetch();
                    grid.refetch();
                }
                Err(AppError::ReviewMissing { cells }) => {
                    message.set(Some(Err(AppError::ReviewMissing {
                        cells: cells.clone(),
                    }
                    .message(lang))));
                    missing.set(Some((act, cells)));
                }
                Err(e) => {
                    missing.set(None);
                    message.set(Some(Err(e.message(lang))));
                }
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(r) = review.await else { return ().into_any() };
                let state = t(state_label(r.state));
                let closure = r.closure.as_ref().map(|c| review_closure_message(c, lang));
                let history = if r.steps.is_empty() {
                    view! { <p class="muted">{t(Msg::ReviewNoHistory)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="review-history" data-testid="review-history">
                            {r.steps.iter().map(|s| {
                                let confirmed = (s.missing_confirmed > 0).then(|| {
                                    Msg::ReviewMissingConfirmed.with(lang, &[("count", &s.missing_confirmed.to_string())])
                                });
                                view! {
                                    <li>
                                        {date_time(s.at)} " · " {s.actor.clone()} " " {t(step_label(s.act))}
                                        {(!s.comment.is_empty()).then(|| view! { ": " <q>{s.comment.clone()}</q> })}
                                        {confirmed.map(|c| view! { " (" {c} ")" })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                };
                let may_return = r.acts.contains(&ReviewAct::Return);
                let buttons = r.acts.iter().map(|&act| {
                    let r = r.clone();
                    view! {
                        <button type="button" data-act=act.code() disabled=move || busy.get()
                            on:click=move |_| run(r.clone(), act, false)>
                            {t(act_label(act))}
                        </button>
                        " "
                    }
                }).collect_view();
                let has_acts = !r.acts.is_empty();
                let r_confirm = r.clone();
                view! {
                    <section class="review-panel" aria-labelledby="review-panel" data-testid="review-panel">
                        <h2 id="review-panel">{t(Msg::ReviewPanel)}</h2>
                        <p>{t(Msg::ReviewStateLabel)} " "
                            <strong data-testid="review-state" data-state=r.state.code()>{state}</strong>
                        </p>
                        {closure.map(|c| view! { <p class="notice" data-testid="review-closure">{c}</p> })}
                        <h3>{t(Msg::ReviewHistory)}</h3>
                        {history}
                        {may_return.then(|| view! {
                            <label class="review-comment">{t(Msg::ReviewComment)}
                                <textarea rows="2" maxlength="1000" prop:value=move || comment.get()
                                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                            </label>
                        })}
                        {has_acts.then(|| view! { <p class="review-acts">{buttons}</p> })}
                        {move || message.get().map(|m| match m {
                            Ok(()) => view! { <p class="success" role="status">{t(Msg::ReviewDone)}</p> }.into_any(),
                            Err(text) => view! { <p class="error" role="alert">{text}</p> }.into_any(),
                        })}
                        {move || missing.get().map(|(act, cells)| {
                            let r = r_confirm.clone();
                            view! {
                                <div class="review-missing" data-testid="review-missing">
                                    <p>{t(Msg::ReviewMissingHeading)}</p>
                                    <ul>
                                        {cells.into_iter().map(|c| view! {
                                            <li>{c.student_name} " (" <code>{c.student_code}</code> "): " {column_label(c.column, lang)}</li>
                                        }).collect_view()}
                                    </ul>
                                    <button type="button" data-testid="review-confirm" disabled=move || busy.get()
                                        on:click=move |_| run(r.clone(), act, true)>
                                        {t(Msg::ReviewConfirmAnyway)} ": " {t(act_label(act))}
                                    </button>
                                </div>
                            }
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
