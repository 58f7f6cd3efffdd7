//! Announcements on a class's page: the list for the class's staff, and a form for the homeroom
//! teacher and the board to post one to the class's families.
use crate::api::announcements::{class_announcements, post_announcement, ClassAnnouncement};
use crate::domain::announcement::{BODY_MAX_CHARS, TITLE_MAX_CHARS};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub type AnnouncementList = Resource<Result<Vec<ClassAnnouncement>, AppError>>;

/// The class's announcements, reloaded after a post. Created with the page.
pub fn resource(posted: RwSignal<usize>) -> AnnouncementList {
    let params = use_params_map();
    Resource::new(
        move || {
            (
                params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
                posted.get(),
            )
        },
        |(id, _)| async move {
            match id {
                Some(id) => class_announcements(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

#[component]
pub fn ClassAnnouncements(
    list: AnnouncementList,
    posted: RwSignal<usize>,
    may_post: bool,
) -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()))
        else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        outcome.set(None);
        leptos::task::spawn_local(async move {
            let r = post_announcement(id, title.get_untracked(), body.get_untracked()).await;
            busy.set(false);
            match r {
                Ok(_) => {
                    title.set(String::new());
                    body.set(String::new());
                    outcome.set(Some(Ok(Msg::AnnPosted.raw(lang).to_string())));
                    posted.update(|n| *n += 1);
                }
                Err(e) => outcome.set(Some(Err(e.message(lang)))),
            }
        });
    };
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <crate::ui::pages::child_results::Announcements list /> }.into_any(),
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
        {may_post.then(|| view! {
            <details class="panel" data-testid="announce">
                <summary>{t(Msg::AnnNew)}</summary>
                <form on:submit=submit class="report-mistake">
                    <label>{t(Msg::AnnFieldTitle)}
                        <input type="text" data-testid="announce-title" required maxlength=TITLE_MAX_CHARS.to_string()
                            prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    </label>
                    <label>{t(Msg::AnnFieldBody)}
                        <textarea data-testid="announce-body" rows="4" required maxlength=BODY_MAX_CHARS.to_string()
                            prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="submit" class="primary" data-testid="announce-post" disabled=move || busy.get()>{t(Msg::AnnPost)}</button>
                </form>
                {move || outcome.get().map(|m| match m {
                    Ok(text) => view! { <p class="success" role="status" data-testid="announce-done">{text}</p> }.into_any(),
                    Err(text) => view! { <p class="error" role="alert" data-testid="announce-error">{text}</p> }.into_any(),
                })}
            </details>
        })}
    }
}
