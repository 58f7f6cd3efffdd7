//! The grid's markup: a toolbar for the focused cell, the ARIA grid (one focusable cell at a
//! time, roving tabindex), the summary row and the distribution of averages.
use super::cells::{problem_message, CellState, Field, Status};
use super::dom;
use super::sheet::{loaded, Labels, Pos, Sheet, SheetSpec};
use crate::api::grade_grid::{GradeGrid, GridCell, GridKind};
use crate::domain::grading::sheet_summary::{
    average_summary, column_summary, judgement_summary, AverageSummary, JudgementSummary,
};
use crate::domain::grading::{
    comment_semester_result, semester_average, Average, Computed, Judgement,
};
use crate::i18n::{Lang, Msg};
use crate::ui::format::date_time;
use crate::ui::lang::{t, use_lang};
use leptos::prelude::*;

/// A student's semester result as the grid computes it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum RowResult {
    Average(Computed<Average>),
    Judgement(Computed<Judgement>),
}

/// The class's results as the summary row shows them.
#[derive(Clone, Copy, Debug, PartialEq)]
enum ClassSummary {
    Averages(AverageSummary),
    Judgements(JudgementSummary),
}

fn format_average(a: Average, lang: Lang) -> String {
    if lang == Lang::Vi {
        a.format_vi()
    } else {
        a.format_en()
    }
}

fn judgement_text(j: Judgement) -> &'static str {
    match j {
        Judgement::Pass => "Đ",
        Judgement::Fail => "CĐ",
    }
}

#[component]
pub fn Grid(g: GradeGrid) -> impl IntoView {
    let lang = use_lang();
    let columns: Vec<(GridKind, i64)> = (1..=g.regular_count as i64)
        .map(|s| (GridKind::Regular, s))
        .chain([(GridKind::Midterm, 1), (GridKind::Final, 1)])
        .collect();
    let headers: Vec<String> = columns
        .iter()
        .map(|(kind, slot)| match kind {
            GridKind::Regular => format!("{}{}", t(Msg::GridRegularShort), slot),
            GridKind::Midterm => t(Msg::GridMidterm).to_string(),
            GridKind::Final => t(Msg::GridFinal).to_string(),
        })
        .chain([t(Msg::GridComment).to_string()])
        .collect();
    let cells: Vec<Vec<CellState>> = g
        .rows
        .iter()
        .map(|row| {
            let mut cells: Vec<CellState> = columns
                .iter()
                .map(|&(kind, slot)| {
                    let empty = GridCell {
                        text: String::new(),
                        mark: None,
                        reason: None,
                        version: 0,
                        updated_by: None,
                        updated_at: None,
                    };
                    let stored = match kind {
                        GridKind::Regular => row.regular.get((slot - 1) as usize),
                        GridKind::Midterm => Some(&row.midterm),
                        GridKind::Final => Some(&row.final_),
                    };
                    loaded(
                        row.student_id,
                        Field::Score { kind, slot },
                        stored.unwrap_or(&empty),
                        lang,
                    )
                })
                .collect();
            cells.push(CellState::new(
                row.student_id,
                Field::Comment,
                super::cells::Content {
                    text: row.comment.clone(),
                    zero_reason: None,
                },
                row.comment_version,
            ));
            cells
        })
        .collect();
    // The cells an approved correction opens, as grid positions.
    let position = |c: &crate::api::corrections::CellRef| {
        let r = g
            .rows
            .iter()
            .position(|row| row.student_id == c.student_id)?;
        let k = columns.iter().position(|col| *col == (c.kind, c.slot))?;
        Some((r, k))
    };
    let open: Vec<Pos> = g.open_cells.iter().filter_map(position).collect();
    let sheet = Sheet::new(SheetSpec {
        cells,
        score_cols: columns.len(),
        comment_subject: g.comment,
        can_edit: g.can_edit,
        open,
        lang,
        class_id: g.class_id,
        subject_id: g.subject_id,
        semester_id: g.semester_id,
        labels: Labels {
            students: g.rows.iter().map(|r| r.full_name.clone()).collect(),
            columns: headers.clone(),
            sheet: format!(
                "{} · {} · {} {}",
                g.class_name,
                g.subject_name,
                t(Msg::ResultsSemester),
                g.semester_number
            ),
            path: format!(
                "/classes/{}/grades/{}/{}",
                g.class_id, g.subject_id, g.semester_number
            ),
        },
    });
    super::offline::follow(sheet, &g);
    dom::warn_before_leaving(move || sheet.unsettled());
    // Leaving by a link inside the app: send what is waiting now rather than dropping it.
    on_cleanup(move || sheet.flush());

    let regular_count = g.regular_count;
    let comment_subject = g.comment;
    let row_results: Vec<Memo<RowResult>> = (0..sheet.rows)
        .map(|r| {
            let row = sheet.row(r);
            Memo::new(move |_| {
                let scores = &row[..row.len() - 1];
                if comment_subject {
                    let regular: Vec<_> = scores[..regular_count]
                        .iter()
                        .map(CellState::judgement)
                        .collect();
                    RowResult::Judgement(comment_semester_result(
                        &regular,
                        scores[regular_count].judgement(),
                        scores[regular_count + 1].judgement(),
                        regular_count,
                    ))
                } else {
                    let cell = |c: &CellState| c.score_cell(false);
                    let regular: Vec<_> = scores[..regular_count].iter().map(cell).collect();
                    RowResult::Average(semester_average(
                        &regular,
                        cell(&scores[regular_count]),
                        cell(&scores[regular_count + 1]),
                        regular_count,
                    ))
                }
            })
        })
        .collect();
    let results = StoredValue::new(row_results.clone());
    let title = format!(
        "{} · {} · {} {}",
        g.class_name,
        g.subject_name,
        t(Msg::ResultsSemester),
        g.semester_number
    );
    let ncols = headers.len();
    let is_active = Selector::new(move || sheet.active.get());
    let rows_view = g
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let result = row_results[r];
            let name = row.full_name.clone();
            let is_active = is_active.clone();
            let cells_view = sheet
                .row(r)
                .into_iter()
                .enumerate()
                .map(|(k, c)| {
                    let label = format!("{}, {}", name, headers[k]);
                    let is_active = is_active.clone();
                    view! { <GridCellView sheet c pos=(r, k) label is_active /> }
                })
                .collect_view();
            let (average_cells, comment_cell) = {
                let mut v = cells_view;
                let comment = v.pop();
                (v, comment)
            };
            view! {
                <tr data-code=row.code.clone() aria-rowindex=r + 2>
                    <td class="num">{row.number}</td>
                    <td><code>{row.code.clone()}</code></td>
                    <th scope="row" class="sticky-name">{row.full_name.clone()}</th>
                    {average_cells}
                    <td class="num average" data-testid="average">{move || match result.get() {
                        RowResult::Average(Computed::Value(a)) => format_average(a, lang),
                        RowResult::Judgement(Computed::Value(j)) => judgement_text(j).to_string(),
                        _ => String::new(),
                    }}</td>
                    {comment_cell}
                </tr>
            }
        })
        .collect_view();
    let summary_cells = (0..sheet.score_cols)
        .map(|k| {
            let column = sheet.column(k);
            let summary = Memo::new(move |_| {
                let cells: Vec<_> = column.iter().map(|c| c.score_cell(comment_subject)).collect();
                column_summary(&cells)
            });
            view! {
                <td class="num">
                    <span class="entered">{move || summary.get().entered}</span>
                    {(!comment_subject).then(|| view! {
                        <span class="mean">{move || summary.get().mean.map(|m| format_average(m, lang)).unwrap_or_default()}</span>
                    })}
                </td>
            }
        })
        .collect_view();
    let comments_written = {
        let column = sheet.column(sheet.score_cols);
        Memo::new(move |_| {
            column
                .iter()
                .filter(|c| !c.text.with(|t| t.trim().is_empty()))
                .count()
        })
    };
    // The class's results, summed once per change for the summary row and the spread alike.
    let class_summary = Memo::new(move |_| {
        let rs: Vec<RowResult> = results.with_value(|rs| rs.iter().map(|m| m.get()).collect());
        if comment_subject {
            let judgements: Vec<_> = rs
                .iter()
                .filter_map(|r| match r {
                    RowResult::Judgement(j) => Some(*j),
                    RowResult::Average(_) => None,
                })
                .collect();
            ClassSummary::Judgements(judgement_summary(&judgements))
        } else {
            let averages: Vec<_> = rs
                .iter()
                .filter_map(|r| match r {
                    RowResult::Average(a) => Some(*a),
                    RowResult::Judgement(_) => None,
                })
                .collect();
            ClassSummary::Averages(average_summary(&averages))
        }
    });
    let average_cell = move || match class_summary.get() {
        ClassSummary::Judgements(s) => format!("Đ {} · CĐ {}", s.pass, s.fail),
        ClassSummary::Averages(s) => s.mean.map(|m| format_average(m, lang)).unwrap_or_default(),
    };
    let distribution = move || match class_summary.get() {
        ClassSummary::Judgements(s) => Msg::GridJudgementDistribution.with(
            lang,
            &[
                ("pass", &s.pass.to_string()),
                ("fail", &s.fail.to_string()),
                ("incomplete", &s.incomplete.to_string()),
            ],
        ),
        ClassSummary::Averages(s) => Msg::GridDistribution.with(
            lang,
            &[
                ("from8", &s.from_8.to_string()),
                ("from65", &s.from_6_5.to_string()),
                ("from5", &s.from_5.to_string()),
                ("below5", &s.below_5.to_string()),
                ("incomplete", &s.incomplete.to_string()),
            ],
        ),
    };
    let nrows = sheet.rows;
    let history = super::history::HistoryState::new();
    let history_spec = super::history::HistorySpec {
        class_id: g.class_id,
        subject_id: g.subject_id,
        semester: g.semester_number,
        regular_count: g.regular_count,
        score_cols: sheet.score_cols,
        students: g.rows.iter().map(|r| r.student_id).collect(),
        names: g.rows.iter().map(|r| r.full_name.clone()).collect(),
        headers: headers.clone(),
    };
    let offline_copy = g
        .offline_copy_at
        .map(|at| Msg::OfflineCopyNotice.with(lang, &[("when", &date_time(at))]));
    view! {
        <h1>{title}</h1>
        {offline_copy.map(|text| view! { <p class="notice" role="status" data-testid="offline-copy">{text}</p> })}
        {g.closure.as_ref().map(|c| view! {
            <p class="notice notice-closed" role="status" data-testid="entry-closed">
                {crate::error::closure_message(c, lang)}
            </p>
        })}
        {(!g.can_edit).then(|| view! { <p class="notice" data-testid="read-only">{t(Msg::GridReadOnly)}</p> })}
        {g.open_until.filter(|_| !g.open_cells.is_empty()).map(|until| view! {
            <p class="notice" role="status" data-testid="correction-open">
                {Msg::CorrOpenUntil.with(lang, &[
                    ("count", &g.open_cells.len().to_string()),
                    ("until", &crate::ui::format::date_time(until)),
                ])}
            </p>
        })}
        {g.may_request.then(|| {
            let students: Vec<i64> = g.rows.iter().map(|r| r.student_id).collect();
            let names: Vec<String> = g.rows.iter().map(|r| r.full_name.clone()).collect();
            view! {
                <super::correction::RequestForm sheet columns=columns.clone() headers=headers.clone()
                    students names class_id=g.class_id subject_id=g.subject_id semester_id=g.semester_id />
            }
        })}
        <Toolbar sheet headers=headers.clone() names=g.rows.iter().map(|r| r.full_name.clone()).collect() />
        <super::history::CellHistory sheet spec=history_spec state=history />
        <p class="sr-only" aria-live="polite" data-testid="announcement">{move || sheet.announcement.get()}</p>
        <div class="table-wrap grid-wrap" on:keydown=move |ev| history.key(sheet, &ev)>
        <table class="table grade-grid" role="grid" aria-label=t(Msg::GridTitle) data-testid="grade-grid"
            aria-rowcount=nrows + 2 aria-colcount=ncols + 4 aria-readonly=(!g.can_edit).to_string()>
            <thead><tr aria-rowindex=1>
                <th scope="col" class="num">{t(Msg::ColNumber)}</th>
                <th scope="col">{t(Msg::StudentCode)}</th>
                <th scope="col" class="sticky-name">{t(Msg::FullName)}</th>
                {headers[..ncols - 1].iter().map(|h| view! { <th scope="col" class="num">{h.clone()}</th> }).collect_view()}
                <th scope="col" class="num">{if comment_subject { t(Msg::GridResult) } else { t(Msg::GridAverage) }}</th>
                <th scope="col" class="comment-col">{headers[ncols - 1].clone()}</th>
            </tr></thead>
            <tbody>{rows_view}</tbody>
            <tfoot>
                <tr class="summary" data-testid="summary" aria-rowindex=nrows + 2>
                    <th scope="row" colspan="3" class="sticky-name">{Msg::GridSummaryLabel.with(lang, &[("count", &nrows.to_string())])}</th>
                    {summary_cells}
                    <td class="num average" data-testid="class-average">{average_cell}</td>
                    <td class="muted">{move || Msg::GridCommentsWritten.with(lang, &[("count", &comments_written.get().to_string())])}</td>
                </tr>
            </tfoot>
        </table>
        </div>
        <p class="grid-distribution" data-testid="distribution">{distribution}</p>
        <p class="muted grid-help">{t(Msg::GridHelp)}</p>
    }
}

/// One cell: an input (its text selected while navigating), the save state, and a note saying
/// why a value was refused or what someone else wrote meanwhile.
#[component]
fn GridCellView(
    sheet: Sheet,
    c: CellState,
    pos: Pos,
    label: String,
    is_active: Selector<Pos>,
) -> impl IntoView {
    let lang = use_lang();
    let note_id = format!("note-{}-{}", pos.0, pos.1);
    let is_comment = c.is_comment();
    let status_attr = move || match c.status.get() {
        Status::Clean => "clean",
        Status::Pending => "pending",
        Status::Saving => "saving",
        Status::Saved => "saved",
        Status::Invalid(_) => "invalid",
        Status::Conflict(_) => "conflict",
        Status::Failed(_) => "failed",
    };
    let note = move || match c.status.get() {
        Status::Invalid(code) => Some(t(problem_message(&code)).to_string().into_any()),
        Status::Failed(None) => Some(t(Msg::GridSaveFailed).to_string().into_any()),
        Status::Failed(Some(message)) => Some(message.into_any()),
        Status::Conflict(_) => Some(view! { <ConflictChoice sheet pos /> }.into_any()),
        _ => None,
    };
    let title = move || {
        c.zero_reason
            .get()
            .map(|reason| Msg::GridZeroTitle.with(lang, &[("reason", &reason)]))
    };
    let inputmode = if is_comment || sheet.comment_subject {
        "text"
    } else {
        "decimal"
    };
    view! {
        <td role="gridcell" class=if is_comment { "cell comment-cell" } else { "cell" } data-status=status_attr
            class:zero-decided=move || c.zero_reason.with(Option::is_some)
            aria-colindex=if is_comment { pos.1 + 5 } else { pos.1 + 4 }>
            <input id=dom::cell_id(pos) class=if is_comment { "comment" } else { "score" }
                inputmode=inputmode autocomplete="off" spellcheck="false"
                maxlength=is_comment.then_some("1000")
                tabindex=move || if is_active.selected(&pos) { "0" } else { "-1" }
                aria-label=label
                aria-describedby=note_id.clone()
                aria-invalid=move || matches!(c.status.get(), Status::Invalid(_)).to_string()
                readonly=!sheet.editable(pos)
                data-open=(!sheet.can_edit && sheet.editable(pos)).then_some("true")
                title=title
                prop:value=move || c.text.get()
                on:input=move |ev| {
                    c.text.set(event_target_value(&ev));
                    sheet.typed(pos);
                }
                on:focus=move |ev| {
                    sheet.active.set(pos);
                    if !sheet.editing.get_untracked() && !is_comment {
                        dom::select_target(&ev);
                    }
                }
                on:blur=move |_| sheet.left(pos)
                on:keydown=move |ev| sheet.key(pos, &ev)
                on:paste=move |ev| {
                    let text = dom::pasted_text(&ev);
                    if sheet.paste(pos, &text) {
                        ev.prevent_default();
                    }
                }
                on:mousedown=move |ev| {
                    // A click selects the cell like a spreadsheet; a second click edits.
                    if sheet.active.get_untracked() != pos && !is_comment {
                        ev.prevent_default();
                        sheet.move_to(pos, false);
                    }
                }
                on:dblclick=move |_| if sheet.editable(pos) { sheet.move_to(pos, true) } />
            <span class="cell-note" id=note_id>{note}</span>
        </td>
    }
}

/// Both values of a conflict and the choice between them.
#[component]
fn ConflictChoice(sheet: Sheet, pos: Pos) -> impl IntoView {
    let lang = use_lang();
    let Some(c) = sheet.cell(pos) else {
        return ().into_any();
    };
    let Status::Conflict(theirs) = c.status.get_untracked() else {
        return ().into_any();
    };
    let mine = c.committed.get_value().text;
    let theirs_text = theirs.content.text.clone();
    let who = theirs.by.clone().unwrap_or_default();
    let when = theirs.at.map(date_time).unwrap_or_default();
    view! {
        <span class="conflict" data-testid="conflict">
            {Msg::GridConflictDetail.with(lang, &[("who", &who), ("when", &when), ("value", &theirs_text)])}
            <button type="button" class="button small" data-testid="keep-mine"
                on:click=move |_| sheet.keep_mine(pos)>
                {Msg::GridKeepMine.with(lang, &[("value", &mine)])}
            </button>
            <button type="button" class="button small secondary" data-testid="take-theirs"
                on:click=move |_| sheet.take_theirs(pos)>
                {Msg::GridTakeTheirs.with(lang, &[("value", &theirs_text)])}
            </button>
        </span>
    }
    .into_any()
}

/// The focused cell: where it is, who changed it last, its marks and undo / redo, and how the
/// saving goes.
#[component]
fn Toolbar(sheet: Sheet, headers: Vec<String>, names: Vec<String>) -> impl IntoView {
    let lang = use_lang();
    let zero_form = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let headers = StoredValue::new(headers);
    let names = StoredValue::new(names);
    let where_ = move || {
        let (r, k) = sheet.active.get();
        let name = names.with_value(|n| n.get(r).cloned().unwrap_or_default());
        let col = headers.with_value(|h| h.get(k).cloned().unwrap_or_default());
        format!("{name} · {col}")
    };
    let changed = move || {
        let c = sheet.cell(sheet.active.get())?;
        let (by, at) = c.changed.get();
        by.map(|by| {
            let when = at.map(date_time).unwrap_or_default();
            Msg::GridLastChange.with(lang, &[("who", &by), ("when", &when)])
        })
    };
    let on_score = move || sheet.active.get().1 < sheet.score_cols;
    let saving = Memo::new(move |_| {
        let mut counts = [0usize; 4]; // waiting, failed, invalid, conflict
        for c in sheet.all() {
            match c.status.get() {
                Status::Pending | Status::Saving => counts[0] += 1,
                Status::Failed(_) => counts[1] += 1,
                Status::Invalid(_) => counts[2] += 1,
                Status::Conflict(_) => counts[3] += 1,
                Status::Clean | Status::Saved => {}
            }
        }
        counts
    });
    let save_state = move || {
        let [waiting, failed, invalid, conflict] = saving.get();
        let n = |x: usize| x.to_string();
        let mut parts = Vec::new();
        if waiting > 0 {
            parts.push(Msg::GridStateSaving.with(lang, &[("count", &n(waiting))]));
        }
        if failed > 0 {
            parts.push(Msg::GridStateFailed.with(lang, &[("count", &n(failed))]));
        }
        if invalid > 0 {
            parts.push(Msg::GridStateInvalid.with(lang, &[("count", &n(invalid))]));
        }
        if conflict > 0 {
            parts.push(Msg::GridStateConflict.with(lang, &[("count", &n(conflict))]));
        }
        if parts.is_empty() {
            t(Msg::GridStateAllSaved).to_string()
        } else {
            parts.join(" · ")
        }
    };
    let back_to_cell = move || {
        let pos = sheet.active.get_untracked();
        sheet.move_to(pos, false);
    };
    let active_conflict = move || {
        let pos = sheet.active.get();
        let c = sheet.cell(pos)?;
        matches!(c.status.get(), Status::Conflict(_))
            .then(|| view! { <ConflictChoice sheet pos /> })
    };
    view! {
        <div class="grid-toolbar" role="toolbar" aria-label=t(Msg::GridToolbar)>
            <span class="grid-where" data-testid="active-cell">{where_}</span>
            <span class="muted grid-changed">{changed}</span>
            {sheet.can_edit.then(|| view! {
                <span class="grid-actions">
                    <button type="button" class="button small secondary" data-testid="mark-absent"
                        disabled=move || !on_score()
                        on:click=move |_| { sheet.mark_absent(sheet.active.get_untracked()); back_to_cell(); }>
                        {t(Msg::GridMarkAbsent)}
                    </button>
                    {(!sheet.comment_subject).then(|| view! {
                        <button type="button" class="button small secondary" data-testid="mark-zero"
                            disabled=move || !on_score()
                            on:click=move |_| zero_form.set(true)>
                            {t(Msg::GridMarkZero)}
                        </button>
                    })}
                    <button type="button" class="button small secondary" data-testid="undo"
                        disabled=move || sheet.history.get().0 == 0
                        on:click=move |_| sheet.undo()>{t(Msg::GridUndo)}</button>
                    <button type="button" class="button small secondary" data-testid="redo"
                        disabled=move || sheet.history.get().1 == 0
                        on:click=move |_| sheet.redo()>{t(Msg::GridRedo)}</button>
                </span>
            })}
            <span class="grid-save-state" role="status" data-testid="save-state">{save_state}</span>
        </div>
        {active_conflict}
        <Show when=move || zero_form.get()>
            <form class="grid-zero" data-testid="zero-form" on:submit=move |ev| {
                ev.prevent_default();
                let why = reason.get_untracked().trim().to_string();
                if why.is_empty() {
                    return;
                }
                sheet.zero_by_decision(sheet.active.get_untracked(), why);
                zero_form.set(false);
                reason.set(String::new());
                back_to_cell();
            }>
                <label>{t(Msg::GridZeroReason)}" "
                    <input type="text" required maxlength="500" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="button small">{t(Msg::GridZeroConfirm)}</button>
                <button type="button" class="button small secondary" on:click=move |_| { zero_form.set(false); back_to_cell(); }>{t(Msg::GridCancel)}</button>
            </form>
        </Show>
        {move || sheet.paste_report.get().map(|r| view! { <p class="notice" role="status" data-testid="paste-report">{r}</p> })}
    }
}
