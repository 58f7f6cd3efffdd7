//! On the class page, for those who may see the class's results: the review state of each
//! subject per semester, and the year-end sign-off (status, hash, intact or the differences
//! since signing, the signed JSON to download, and the principal's sign button with the list
//! of sheets not yet approved to confirm).
use crate::api::sheet_review::{load_class_review_states, ClassReviewStates};
use crate::api::signoff::{load_signoff, sign_class_year, SignoffStatus};
use crate::error::{state_label, AppError};
use crate::i18n::Msg;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

fn class_id() -> Memo<Option<i64>> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())))
}

/// Each subject's review state (create in the page component).
pub fn states_resource() -> Resource<Result<ClassReviewStates, AppError>> {
    let id = class_id();
    Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_class_review_states(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// The sign-off status (create in the page component).
pub fn signoff_resource() -> Resource<Result<SignoffStatus, AppError>> {
    let id = class_id();
    Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_signoff(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub fn ReviewStates(states: Resource<Result<ClassReviewStates, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(s) = states.await else { return ().into_any() };
                if s.subjects.is_empty() {
                    return ().into_any();
                }
                let class_id = s.class_id;
                view! {
                    <section aria-labelledby="review-states">
                        <h2 id="review-states">{t(Msg::ReviewClassStates)}</h2>
                        <div class="table-wrap">
                            <table class="table" data-testid="review-states">
                                <thead><tr>
                                    <th scope="col">{t(Msg::ReviewColSubject)}</th>
                                    <th scope="col">{t(Msg::ResultsSemester1)}</th>
                                    <th scope="col">{t(Msg::ResultsSemester2)}</th>
                                </tr></thead>
                                <tbody>
                                    {s.subjects.into_iter().map(|sub| view! {
                                        <tr>
                                            <td>{sub.subject_name.clone()}</td>
                                            {sub.semesters.iter().zip(sub.last_steps.iter()).enumerate().map(|(i, (state, step))| view! {
                                                <td data-state=state.code()>
                                                    <a href=format!("/classes/{class_id}/grades/{}/{}", sub.subject_id, i + 1)>
                                                        {t(state_label(*state))}
                                                    </a>
                                                    {step.clone().map(|s| view! {
                                                        <br /><small data-testid="review-last-step">{format!("{} · {}", s.by, crate::ui::format::date_time(s.at))}</small>
                                                    })}
                                                </td>
                                            }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn SignoffPanel(signoff: Resource<Result<SignoffStatus, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let confirm = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let sign = move |class_id: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = sign_class_year(class_id, confirm.get_untracked()).await;
            busy.set(false);
            match answer {
                Ok(_) => {
                    message.set(None);
                    signoff.refetch();
                }
                Err(e) => message.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(s) = signoff.await else { return ().into_any() };
                let class_id = s.class_id;
                let status = match &s.signed {
                    None => view! { <p class="muted" data-testid="signoff-status">{t(Msg::SignoffNone)}</p> }.into_any(),
                    Some(r) => {
                        let who = Msg::SignoffSigned.with(lang, &[("who", &r.signed_by), ("when", &date_time(r.signed_at))]);
                        let verdict = if r.intact && r.hash_ok {
                            view! { <p class="success" data-testid="signoff-intact">{t(Msg::SignoffIntact)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="error" data-testid="signoff-changed">{t(Msg::SignoffChanged)}</p>
                                <div class="table-wrap">
                                    <table class="table" data-testid="signoff-differences">
                                        <thead><tr>
                                            <th scope="col">{t(Msg::SignoffColStudent)}</th>
                                            <th scope="col">{t(Msg::SignoffColSubject)}</th>
                                            <th scope="col">{t(Msg::SignoffColField)}</th>
                                            <th scope="col">{t(Msg::SignoffColSigned)}</th>
                                            <th scope="col">{t(Msg::SignoffColNow)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {r.differences.iter().map(|d| view! {
                                                <tr>
                                                    <td><code>{d.student.clone()}</code></td>
                                                    <td>{d.subject.clone()}</td>
                                                    <td>{d.field.clone()}</td>
                                                    <td>{d.signed.clone().unwrap_or_else(|| "—".into())}</td>
                                                    <td>{d.now.clone().unwrap_or_else(|| "—".into())}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                            }.into_any()
                        };
                        view! {
                            <p data-testid="signoff-status">{who}</p>
                            <p>{t(Msg::SignoffHash)} " " <code class="token" data-testid="signoff-hash">{r.sha256.clone()}</code></p>
                            {verdict}
                            <p><a class="button" rel="external" download href=format!("/classes/{class_id}/signoff.json")>
                                {t(Msg::SignoffDownload)}</a></p>
                        }.into_any()
                    }
                };
                let unapproved = s.unapproved.clone();
                let needs_confirm = !unapproved.is_empty();
                let signing = s.can_sign.then(|| view! {
                    <div class="signoff-sign">
                        {needs_confirm.then(|| view! {
                            <p class="notice">{t(Msg::SignoffUnapproved)}</p>
                            <ul data-testid="signoff-unapproved">
                                {unapproved.iter().map(|u| view! { <li>{u.clone()}</li> }).collect_view()}
                            </ul>
                            <label><input type="checkbox" data-testid="signoff-confirm"
                                prop:checked=move || confirm.get()
                                on:change=move |ev| confirm.set(event_target_checked(&ev)) />
                                " " {t(Msg::SignoffConfirm)}</label>
                        })}
                        <p><button type="button" data-testid="signoff-sign"
                            disabled=move || busy.get() || (needs_confirm && !confirm.get())
                            on:click=move |_| sign(class_id)>{t(Msg::SignoffSign)}</button></p>
                    </div>
                });
                view! {
                    <section aria-labelledby="signoff" data-testid="signoff">
                        <h2 id="signoff">{t(Msg::SignoffTitle)}</h2>
                        {status}
                        {signing}
                        {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
