//! One's active sessions, with signing out a device or everywhere.
use crate::api::auth::Me;
use crate::api::sessions::{my_sessions, EndSession, SessionInfo, SignOutEverywhere};
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::{go_to, Gate};
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SessionsPage() -> impl IntoView {
    let end = ServerAction::<EndSession>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let sessions = Resource::new(move || end.version().get(), |_| my_sessions());
    view! {
        <Title text=t(Msg::NavSessions) />
        <Gate page=move |me: Me| view! { <Layout me><SessionList end everywhere sessions /></Layout> } />
    }
}

#[component]
fn SessionList(
    end: ServerAction<EndSession>,
    everywhere: ServerAction<SignOutEverywhere>,
    sessions: Resource<Result<Vec<SessionInfo>, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    Effect::new(move |_| {
        if let Some(Ok(_)) = everywhere.value().get() {
            go_to("/login");
        }
    });
    view! {
        <h1>{t(Msg::NavSessions)}</h1>
        <p class="muted">{t(Msg::SessionsIntro)}</p>
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match sessions.await {
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-wrap">
                        <table class="table" data-testid="sessions">
                            <thead><tr>
                                <th scope="col">{t(Msg::SessionDevice)}</th>
                                <th scope="col">{t(Msg::SessionAddress)}</th>
                                <th scope="col">{t(Msg::SessionStarted)}</th>
                                <th scope="col">{t(Msg::SessionLastSeen)}</th>
                                <th scope="col"><span class="sr-only">{t(Msg::Actions)}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| view! {
                                    <tr>
                                        <td class="ua">{s.user_agent}</td>
                                        <td>{s.ip}</td>
                                        <td>{date_time(s.created_at)}</td>
                                        <td>{date_time(s.last_seen_at)}</td>
                                        <td>{if s.is_current {
                                            view! { <span class="chip">{t(Msg::ThisDevice)}</span> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=end>
                                                    <input type="hidden" name="id" value=s.id.to_string() />
                                                    <button type="submit" class="secondary">{t(Msg::Logout)}</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        </div>
                    }.into_any(),
                }
            })}
        </Transition>
        <ActionForm action=everywhere>
            <button type="submit" class="danger">{t(Msg::SignOutEverywhere)}</button>
        </ActionForm>
    }
}
