//! One student's record history (`/students/:id/history`): every recorded change about the
//! student, newest first, for the board and the class's homeroom teacher; a subject teacher
//! sees only their subjects' entries; families never.
use crate::api::audit_history::{load_student_history, AuditLine, StudentHistory};
use crate::api::auth::Me;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use crate::ui::pages::audit_log::AuditTable;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StudentHistoryPage() -> impl IntoView {
    let params = use_params_map();
    let history = Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok())),
        |id| async move {
            match id {
                Some(id) => load_student_history(id, None).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t(Msg::AuditStudentHistory) />
        <Gate page=move |me: Me| view! { <Layout me><History history /></Layout> } />
    }
}

#[component]
fn History(history: Resource<Result<StudentHistory, AppError>>) -> impl IntoView {
    let lang = use_lang();
    let more = RwSignal::new(Vec::<AuditLine>::new());
    let next = RwSignal::new(None::<i64>);
    let student = RwSignal::new(0i64);
    let load_more = Action::new(move |before: &i64| {
        let before = *before;
        let id = student.get_untracked();
        async move { load_student_history(id, Some(before)).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(h)) = load_more.value().get() {
            more.update(|m| m.extend(h.page.lines));
            next.set(h.page.next);
        }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match history.await {
                    Err(e) => view! {
                        <h1>{t(Msg::AuditStudentHistory)}</h1>
                        <p class="error" role="alert">{e.message(lang)}</p>
                    }.into_any(),
                    Ok(h) => {
                        student.set(h.student_id);
                        next.set(h.page.next);
                        let title = Msg::AuditStudentHistoryTitle
                            .with(lang, &[("name", &h.full_name), ("code", &h.code)]);
                        let empty = h.page.lines.is_empty();
                        view! {
                            <h1>{title}</h1>
                            {(!h.complete).then(|| view! { <p class="muted">{t(Msg::AuditStudentHistoryPartial)}</p> })}
                            {empty.then(|| view! { <p class="muted">{t(Msg::AuditNone)}</p> })}
                            <AuditTable lines=h.page.lines test_id="student-history" />
                        }.into_any()
                    }
                }
            })}
        </Transition>
        {move || (!more.with(Vec::is_empty)).then(|| view! { <AuditTable lines=more.get() test_id="student-history-more" /> })}
        {move || next.get().map(|before| view! {
            <p><button type="button" class="secondary" on:click=move |_| { load_more.dispatch(before); }
                disabled=move || load_more.pending().get()>{t(Msg::AuditMore)}</button></p>
        })}
    }
}
