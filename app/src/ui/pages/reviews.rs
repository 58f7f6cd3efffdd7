//! "Duyệt bảng điểm": the sheets waiting for the caller's step (a group head checks the
//! submitted sheets of their group, the principal approves checked sheets), with links to
//! each grid, where the review panel does the act.
use crate::api::auth::Me;
use crate::api::sheet_review::{
    load_family_visibility, load_self_review_setting, pending_sheet_reviews,
    set_family_visibility_setting, set_self_review_setting, PendingSheet,
};
use crate::domain::publication::FamilyVisibility;
use crate::domain::role::Role;
use crate::error::{state_label, AppError};
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReviewsPage() -> impl IntoView {
    let pending = Resource::new(|| (), |_| pending_sheet_reviews());
    let setting = Resource::new(|| (), |_| load_self_review_setting());
    let visibility = Resource::new(|| (), |_| load_family_visibility());
    view! {
        <Title text=t(Msg::ReviewTitle) />
        <Gate roles=&[Role::GroupHead, Role::Principal] page=move |me: Me| {
            let principal = me.roles.contains(&Role::Principal);
            view! {
                <Layout me><Pending pending />
                    {principal.then(|| view! { <SelfReviewSetting setting /> <FamilyVisibilitySetting visibility /> })}
                </Layout>
            }
        } />
    }
}

/// The principal's school setting: may one check or approve one's own submission.
#[component]
fn SelfReviewSetting(setting: Resource<Result<bool, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let change = move |allow: bool| {
        leptos::task::spawn_local(async move {
            match set_self_review_setting(allow).await {
                Ok(_) => {
                    error.set(None);
                    setting.refetch();
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(allowed) = setting.await else { return ().into_any() };
                view! {
                    <p><label>
                        <input type="checkbox" data-testid="self-review" prop:checked=allowed
                            on:change=move |ev| change(event_target_checked(&ev)) />
                        " " {t(Msg::ReviewSelfReview)}
                    </label></p>
                    {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                }.into_any()
            })}
        </Suspense>
    }
}

/// The principal's school setting: when families see a sheet's scores.
#[component]
fn FamilyVisibilitySetting(
    visibility: Resource<Result<FamilyVisibility, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let error = RwSignal::new(None::<String>);
    let change = move |code: String| {
        let Some(v) = FamilyVisibility::from_code(&code) else {
            return;
        };
        leptos::task::spawn_local(async move {
            match set_family_visibility_setting(v).await {
                Ok(_) => {
                    error.set(None);
                    visibility.refetch();
                }
                Err(e) => error.set(Some(e.message(lang))),
            }
        });
    };
    let label = visibility_label;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(current) = visibility.await else { return ().into_any() };
                view! {
                    <p><label>{t(Msg::VisibilityLabel)} " "
                        <select data-testid="family-visibility"
                            on:change=move |ev| change(event_target_value(&ev))>
                            {FamilyVisibility::ALL.into_iter().map(|v| view! {
                                <option value=v.code() selected=v == current>{t(label(v))}</option>
                            }).collect_view()}
                        </select>
                    </label></p>
                    {move || error.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Pending(pending: Resource<Result<Vec<PendingSheet>, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h1>{t(Msg::ReviewTitle)}</h1>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match pending.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(list) if list.is_empty() => view! {
                        <p class="muted" data-testid="reviews-empty">{t(Msg::ReviewPendingNone)}</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="reviews">
                                <thead><tr>
                                    <th scope="col">{t(Msg::ReviewColClass)}</th>
                                    <th scope="col">{t(Msg::ReviewColSubject)}</th>
                                    <th scope="col">{t(Msg::ReviewColSemester)}</th>
                                    <th scope="col">{t(Msg::ReviewColState)}</th>
                                    <th scope="col">{t(Msg::ReviewColSubmitted)}</th>
                                    <th scope="col" class="num">{t(Msg::ReviewColMissing)}</th>
                                    <th scope="col"></th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|p| view! {
                                        <tr>
                                            <td>{p.class_name.clone()}</td>
                                            <td>{p.subject_name.clone()}</td>
                                            <td>{p.semester_number}</td>
                                            <td>{t(state_label(p.state))}</td>
                                            <td>{p.submitted_by.clone().unwrap_or_default()} " "
                                                {p.submitted_at.map(date_time).unwrap_or_default()}</td>
                                            <td class="num">{p.missing}</td>
                                            <td><a href=format!("/classes/{}/grades/{}/{}", p.class_id, p.subject_id, p.semester_number)>
                                                {t(Msg::ReviewOpen)}</a></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// When a school publishes scores to families, as the setting and the family's page say it.
pub fn visibility_label(v: FamilyVisibility) -> Msg {
    match v {
        FamilyVisibility::OnSave => Msg::VisibilityOnSave,
        FamilyVisibility::AfterCheck => Msg::VisibilityAfterCheck,
        FamilyVisibility::AfterApproval => Msg::VisibilityAfterApproval,
    }
}
