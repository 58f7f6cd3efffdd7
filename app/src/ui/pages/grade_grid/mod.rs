//! The teacher's grade grid: one row per student in class order, a cell per assessment and a
//! comment per student, the averages and the class's summary row recomputed in the browser as
//! keys are pressed, and every change saved by itself in batches with the version the teacher
//! saw. Keyboard first (`keys`), spreadsheet paste (`paste`), undo across saves (`sheet`).
pub(crate) mod cells;
mod correction;
pub(crate) mod dom;
mod history;
pub(crate) mod keys;
mod offline;
pub(crate) mod paste;
pub mod review_panel;
mod sheet;
mod view;

use crate::api::auth::Me;
use crate::api::grade_grid::GradeGrid;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn GradeGridPage() -> impl IntoView {
    let params = use_params_map();
    let grid = Resource::new(
        move || {
            params.with(|p| {
                let n = |k: &str| p.get(k).and_then(|v| v.parse::<i64>().ok());
                (n("id"), n("subject"), n("semester"))
            })
        },
        |key| async move {
            match key {
                (Some(class), Some(subject), Some(semester)) => {
                    crate::offline::sync::load_grid(class, subject, semester).await
                }
                _ => Err(AppError::NotFound),
            }
        },
    );
    let review = review_panel::review_resource();
    view! {
        <Title text=t(Msg::GridTitle) />
        <Gate page=move |me: Me| view! { <Layout me><review_panel::ReviewPanel review grid /><GridLoader grid /></Layout> } />
    }
}

#[component]
fn GridLoader(grid: Resource<Result<GradeGrid, AppError>>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"…"</p> }>
            {move || Suspend::new(async move {
                match grid.await {
                    Err(e) => view! { <h1>{t(Msg::GridTitle)}</h1><p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                    Ok(g) => view! { <view::Grid g /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
