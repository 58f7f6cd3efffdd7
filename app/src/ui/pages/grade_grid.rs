//! The teacher's grade grid, first step: one row per student in class order, a cell per
//! assessment, the semester average recomputed in the browser as scores are typed, and each
//! change saved by itself (batched within half a second) with the version the teacher saw. A
//! refused cell says why; a cell someone else changed meanwhile shows their value.
use crate::api::auth::Me;
use crate::api::grade_grid::{
    load_grade_grid, save_grade_cells, CellEdit, CellOutcome, EntrySource, GradeGrid, GridKind,
};
use crate::domain::grading::{semester_average, Cell, Computed, Score};
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
                    load_grade_grid(class, subject, semester).await
                }
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Title text=t(Msg::GridTitle) />
        <Gate page=move |me: Me| view! { <Layout me><GridLoader grid /></Layout> } />
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
                    Ok(g) => view! { <Grid g /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Where a cell stands with the server.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Clean,
    Saving,
    Saved,
    Invalid(String),
    Conflict(String),
    Failed,
}

#[derive(Clone, Copy)]
struct CellState {
    student_id: i64,
    kind: GridKind,
    slot: i64,
    text: RwSignal<String>,
    version: RwSignal<i64>,
    status: RwSignal<Status>,
}

fn problem_message(code: &str) -> Msg {
    match code {
        "out_of_range" => Msg::GridOutOfRange,
        "too_many_decimals" => Msg::GridTooManyDecimals,
        "not_a_number" => Msg::GridNotANumber,
        "not_a_judgement" => Msg::GridNotAJudgement,
        "not_in_class" => Msg::GridNotInClass,
        _ => Msg::GridRefused,
    }
}

#[component]
fn Grid(g: GradeGrid) -> impl IntoView {
    let lang = use_lang();
    let columns: Vec<(GridKind, i64)> = (1..=g.regular_count as i64)
        .map(|s| (GridKind::Regular, s))
        .chain([(GridKind::Midterm, 1), (GridKind::Final, 1)])
        .collect();
    let ncols = columns.len();
    // One state per cell, rows in class order.
    let cells: Vec<Vec<CellState>> = g
        .rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|(kind, slot)| {
                    let stored = match kind {
                        GridKind::Regular => r.regular.get((*slot - 1) as usize),
                        GridKind::Midterm => Some(&r.midterm),
                        GridKind::Final => Some(&r.final_),
                    };
                    CellState {
                        student_id: r.student_id,
                        kind: *kind,
                        slot: *slot,
                        // Vietnamese writes 8,5; both forms are accepted when typed.
                        text: RwSignal::new(
                            stored
                                .map(|c| {
                                    if lang == crate::i18n::Lang::Vi {
                                        c.text.replace('.', ",")
                                    } else {
                                        c.text.clone()
                                    }
                                })
                                .unwrap_or_default(),
                        ),
                        version: RwSignal::new(stored.map(|c| c.version).unwrap_or(0)),
                        status: RwSignal::new(Status::Clean),
                    }
                })
                .collect()
        })
        .collect();
    let cells = StoredValue::new(cells);
    let pending = RwSignal::new(Vec::<(usize, usize)>::new());
    let (class_id, subject_id, semester_id) = (g.class_id, g.subject_id, g.semester_id);
    let regular_count = g.regular_count;
    let comment = g.comment;
    let can_edit = g.can_edit;

    // Sends what is waiting, in one batch; answers come back in the same order.
    let flush = move || {
        let batch = pending.get_untracked();
        if batch.is_empty() {
            return;
        }
        pending.set(Vec::new());
        let states: Vec<CellState> =
            cells.with_value(|c| batch.iter().map(|(r, k)| c[*r][*k]).collect());
        let edits: Vec<CellEdit> = states
            .iter()
            .map(|s| {
                s.status.set(Status::Saving);
                CellEdit {
                    student_id: s.student_id,
                    kind: s.kind,
                    slot: s.slot,
                    value: s.text.get_untracked(),
                    expected_version: s.version.get_untracked(),
                    mark: None,
                    reason: None,
                }
            })
            .collect();
        leptos::task::spawn_local(async move {
            match save_grade_cells(
                class_id,
                subject_id,
                semester_id,
                EntrySource::Typing,
                edits,
            )
            .await
            {
                Ok(outcomes) => {
                    for (s, o) in states.iter().zip(outcomes) {
                        match o {
                            CellOutcome::Saved { version } => {
                                s.version.set(version);
                                s.status.set(Status::Saved);
                            }
                            CellOutcome::Invalid { problem } => {
                                s.status.set(Status::Invalid(problem))
                            }
                            CellOutcome::Conflict { current } => {
                                s.version.set(current.version);
                                s.status.set(Status::Conflict(current.text));
                            }
                        }
                    }
                }
                Err(_) => {
                    for s in &states {
                        s.status.set(Status::Failed);
                    }
                }
            }
        });
    };
    let commit = move |r: usize, k: usize| {
        pending.update(|p| {
            if !p.contains(&(r, k)) {
                p.push((r, k));
            }
        });
        set_timeout(flush, std::time::Duration::from_millis(400));
    };

    let header = columns
        .iter()
        .map(|(kind, slot)| match kind {
            GridKind::Regular => format!("{}{}", t(Msg::GridRegularShort), slot),
            GridKind::Midterm => t(Msg::GridMidterm).to_string(),
            GridKind::Final => t(Msg::GridFinal).to_string(),
        })
        .collect::<Vec<_>>();
    view! {
        <h1>{format!("{} · {} · {} {}", g.class_name, g.subject_name, t(Msg::ResultsSemester), g.semester_number)}</h1>
        {(!can_edit).then(|| view! { <p class="notice" data-testid="read-only">{t(Msg::GridReadOnly)}</p> })}
        <div class="table-wrap grid-wrap">
        <table class="table grade-grid" role="grid" aria-label=t(Msg::GridTitle) data-testid="grade-grid">
            <thead><tr>
                <th scope="col" class="num">{t(Msg::ColNumber)}</th>
                <th scope="col">{t(Msg::StudentCode)}</th>
                <th scope="col" class="sticky-name">{t(Msg::FullName)}</th>
                {header.into_iter().map(|h| view! { <th scope="col" class="num">{h}</th> }).collect_view()}
                <th scope="col" class="num">{t(Msg::GridAverage)}</th>
            </tr></thead>
            <tbody>
                {g.rows.iter().enumerate().map(|(r, row)| {
                    let row_cells: Vec<CellState> = cells.with_value(|c| c[r].clone());
                    let average = {
                        let row_cells = row_cells.clone();
                        let server = row.result.clone();
                        move || {
                            if comment {
                                return server.clone().unwrap_or_default();
                            }
                            let parsed = |s: &CellState| -> Cell {
                                Score::parse(&s.text.get()).map(Cell::Scored).unwrap_or(Cell::Empty)
                            };
                            let regular: Vec<Cell> = row_cells[..regular_count].iter().map(parsed).collect();
                            match semester_average(&regular, parsed(&row_cells[regular_count]), parsed(&row_cells[regular_count + 1]), regular_count) {
                                Computed::Value(a) => if lang == crate::i18n::Lang::Vi { a.format_vi() } else { a.format_en() },
                                _ => String::new(),
                            }
                        }
                    };
                    view! {
                        <tr data-code=row.code.clone()>
                            <td class="num">{row.number}</td>
                            <td><code>{row.code.clone()}</code></td>
                            <th scope="row" class="sticky-name">{row.full_name.clone()}</th>
                            {row_cells.into_iter().enumerate().map(|(k, s)| {
                                let id = format!("cell-{r}-{k}");
                                let status_text = move || match s.status.get() {
                                    Status::Invalid(code) => t(problem_message(&code)).to_string(),
                                    Status::Conflict(theirs) => Msg::GridConflict.with(lang, &[("value", &theirs)]),
                                    Status::Failed => t(Msg::GridSaveFailed).to_string(),
                                    _ => String::new(),
                                };
                                let status_attr = move || match s.status.get() {
                                    Status::Clean => "clean",
                                    Status::Saving => "saving",
                                    Status::Saved => "saved",
                                    Status::Invalid(_) => "invalid",
                                    Status::Conflict(_) => "conflict",
                                    Status::Failed => "failed",
                                };
                                view! {
                                    <td role="gridcell" class="cell" data-status=status_attr>
                                        <input id=id.clone() class="score" inputmode="decimal" autocomplete="off"
                                            aria-label=format!("{} {}", row.full_name, k + 1)
                                            readonly=!can_edit
                                            aria-invalid=move || matches!(s.status.get(), Status::Invalid(_)).to_string()
                                            prop:value=move || s.text.get()
                                            on:input=move |ev| s.text.set(event_target_value(&ev))
                                            on:change=move |_| if can_edit { commit(r, k) }
                                            on:keydown=move |ev| move_focus(&ev, r, k, ncols) />
                                        <span class="cell-note" role="status">{status_text}</span>
                                    </td>
                                }
                            }).collect_view()}
                            <td class="num average" data-testid="average">{average}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// Arrows, Enter and Shift+Enter move between cells the way a spreadsheet does.
fn move_focus(ev: &leptos::ev::KeyboardEvent, r: usize, k: usize, ncols: usize) {
    let target = match ev.key().as_str() {
        "ArrowDown" | "Enter" if !ev.shift_key() => Some((r + 1, k)),
        "ArrowUp" => r.checked_sub(1).map(|r| (r, k)),
        "Enter" => r.checked_sub(1).map(|r| (r, k)),
        "ArrowRight" if k + 1 < ncols => Some((r, k + 1)),
        "ArrowLeft" => k.checked_sub(1).map(|k| (r, k)),
        _ => None,
    };
    let Some((r, k)) = target else { return };
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let found = document()
            .get_element_by_id(&format!("cell-{r}-{k}"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = found {
            ev.prevent_default();
            // Leaving the cell commits it (its change event fires on blur).
            let _ = input.focus();
            input.select();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (r, k);
}
