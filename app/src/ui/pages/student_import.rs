//! The admin's student import (`/admin/students/import`): choose an `.xlsx` or `.csv`, see the
//! file checked row by row against the school, then import it, or only its valid rows after
//! confirming. A progress bar follows reading the file, then the server's work.
use crate::api::auth::Me;
use crate::api::student_import::{ImportPreview, ImportStudents, PreviewStudentImport, RowOutcome};
use crate::domain::role::Role;
use crate::i18n::{Lang, Msg};
use crate::ui::auth_gate::Gate;
use crate::ui::lang::{t, use_lang};
use crate::ui::layout::Layout;
use leptos::prelude::*;
use leptos_meta::Title;

/// Rows listed in the row-by-row table (all problems are always listed).
const ROWS_SHOWN: usize = 300;

#[component]
pub fn StudentImportPage() -> impl IntoView {
    view! {
        <Title text=t(Msg::ImpTitle) />
        <Gate roles=&[Role::Admin] page=move |me: Me| view! { <Layout me=me.clone()><Import /></Layout> } />
    }
}

/// The chosen file, read in the browser.
#[derive(Clone, Debug, PartialEq)]
struct Upload {
    name: String,
    base64: String,
}

#[component]
fn Import() -> impl IntoView {
    let lang = use_lang();
    let upload = RwSignal::new(None::<Upload>);
    // Bytes read so far and the file's size, while the browser reads it.
    let reading = RwSignal::new(None::<(f64, f64)>);
    let local_error = RwSignal::new(None::<String>);
    let preview = ServerAction::<PreviewStudentImport>::new();
    let import = ServerAction::<ImportStudents>::new();

    let on_change = move |ev: leptos::ev::Event| {
        local_error.set(None);
        upload.set(None);
        import.clear();
        preview.clear();
        choose_file(ev, lang, reading, local_error, move |u: Upload| {
            preview.dispatch(PreviewStudentImport {
                file_name: u.name.clone(),
                content_base64: u.base64.clone(),
            });
            upload.set(Some(u));
        });
    };
    let run = move |confirm: bool| {
        if let Some(u) = upload.get_untracked() {
            import.dispatch(ImportStudents {
                file_name: u.name,
                content_base64: u.base64,
                confirm_valid_rows: confirm,
            });
        }
    };
    let busy = move || preview.pending().get() || import.pending().get();
    let imported = move || matches!(import.value().get(), Some(Ok(_)));

    view! {
        <h1>{t(Msg::ImpTitle)}</h1>
        <section class="panel wide">
            <p>{t(Msg::ImpIntro)}</p>
            <p><a class="button secondary" rel="external" download href="/admin/students/template.xlsx">
                {t(Msg::ImpDownloadTemplate)}
            </a></p>
            <label for="import-file">{t(Msg::ImpChooseFile)}</label>
            <input id="import-file" data-testid="import-file" type="file"
                accept=".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv"
                disabled=busy on:change=on_change />
            <div role="status" aria-live="polite" data-testid="import-progress">
                {move || {
                    if let Some((loaded, total)) = reading.get() {
                        view! {
                            <p>{t(Msg::ImpReading)}</p>
                            <progress max=total value=loaded></progress>
                        }.into_any()
                    } else if preview.pending().get() {
                        view! { <p>{t(Msg::ImpChecking)}</p><progress></progress> }.into_any()
                    } else if import.pending().get() {
                        view! { <p>{t(Msg::ImpImporting)}</p><progress></progress> }.into_any()
                    } else {
                        ().into_any()
                    }
                }}
            </div>
            {move || local_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </section>
        {move || preview.value().get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert" data-testid="import-error">{e.message(lang)}</p> }.into_any(),
            Ok(p) => view! { <Report preview=p busy imported on_run=run import /> }.into_any(),
        })}
    }
}

/// Reads the chosen file in the browser (with progress), refusing one over the size limit
/// before uploading it; `done` gets the file as base64.
#[cfg(feature = "hydrate")]
fn choose_file(
    ev: leptos::ev::Event,
    lang: Lang,
    reading: RwSignal<Option<(f64, f64)>>,
    error: RwSignal<Option<String>>,
    done: impl Fn(Upload) + 'static,
) {
    use crate::domain::student_import::{FileProblem, MAX_FILE_BYTES};
    use crate::error::AppError;
    use wasm_bindgen::{closure::Closure, JsCast};
    let input: web_sys::HtmlInputElement = event_target(&ev);
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    if file.size() > MAX_FILE_BYTES as f64 {
        error.set(Some(
            FileProblem::TooLarge {
                max_bytes: MAX_FILE_BYTES as u64,
            }
            .message(lang),
        ));
        return;
    }
    let Ok(reader) = web_sys::FileReader::new() else {
        return;
    };
    reading.set(Some((0.0, file.size())));
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() {
                reading.set(Some((e.loaded(), e.total())));
            }
        });
    reader.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let name = file.name();
    let result_of = reader.clone();
    let on_load = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        reading.set(None);
        let data = result_of.result().ok().and_then(|v| v.as_string());
        match data.as_deref().and_then(|d| d.split_once(',')) {
            Some((_, base64)) => done(Upload {
                name: name.clone(),
                base64: base64.to_string(),
            }),
            None => error.set(Some(
                AppError::ImportFile(FileProblem::Corrupt).message(lang),
            )),
        }
    });
    reader.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    if reader.read_as_data_url(&file).is_err() {
        reading.set(None);
        error.set(Some(
            AppError::ImportFile(FileProblem::Corrupt).message(lang),
        ));
    }
}

/// Without the browser there is no file to read (the page needs JavaScript to upload).
#[cfg(not(feature = "hydrate"))]
fn choose_file(
    _ev: leptos::ev::Event,
    _lang: Lang,
    _reading: RwSignal<Option<(f64, f64)>>,
    _error: RwSignal<Option<String>>,
    _done: impl Fn(Upload) + 'static,
) {
}

#[component]
fn Report(
    preview: ImportPreview,
    busy: impl Fn() -> bool + Send + Sync + Copy + 'static,
    imported: impl Fn() -> bool + Send + Sync + Copy + 'static,
    on_run: impl Fn(bool) + Send + Sync + Copy + 'static,
    import: ServerAction<ImportStudents>,
) -> impl IntoView {
    let lang = use_lang();
    let valid = preview.valid_rows();
    let clean = preview.problem_rows == 0;
    let count = |n: usize, label: Msg, class: &'static str| {
        view! {
            <div class=format!("stat {class}")><span class="value">{n}</span><span class="label">{t(label)}</span></div>
        }
    };
    let more = preview.rows.len().saturating_sub(ROWS_SHOWN);
    view! {
        <section class="panel wide" data-testid="import-summary">
            <p>{Msg::ImpSummary.with(lang, &[
                ("sheet", &preview.sheet),
                ("row", &preview.header_row.to_string()),
                ("total", &preview.rows_read.to_string()),
            ])}</p>
            <div class="stats">
                {count(preview.new, Msg::ImpCountNew, "new")}
                {count(preview.updated, Msg::ImpCountUpdated, "updated")}
                {count(preview.unchanged, Msg::ImpCountUnchanged, "unchanged")}
                {count(preview.problem_rows, Msg::ImpCountProblem, "problem")}
            </div>
            {(!preview.ignored_columns.is_empty()).then(|| view! {
                <p class="muted">{Msg::ImpIgnoredColumns.with(lang, &[("columns", &preview.ignored_columns.join(", "))])}</p>
            })}
            {clean.then(|| view! { <p data-testid="import-clean">{t(Msg::ImpClean)}</p> })}
            <Show when=move || !imported()>
                <p class="actions">
                    {if clean {
                        (valid > 0).then(|| view! {
                            <button type="button" data-testid="import-run" disabled=busy
                                on:click=move |_| on_run(false)>
                                {Msg::ImpImportAll.with(lang, &[("count", &valid.to_string())])}
                            </button>
                        }).into_any()
                    } else {
                        (valid > 0).then(|| view! {
                            <button type="button" data-testid="import-confirm" disabled=busy
                                on:click=move |_| on_run(true)>
                                {Msg::ImpConfirmValid.with(lang, &[("count", &valid.to_string())])}
                            </button>
                        }).into_any()
                    }}
                </p>
            </Show>
            <div data-testid="import-outcome" aria-live="polite">
                {move || import.value().get().map(|r| match r {
                    Ok(done) => view! {
                        <p class="notice" data-testid="import-done">{Msg::ImpDone.with(lang, &[
                            ("created", &done.created.to_string()),
                            ("updated", &done.updated.to_string()),
                            ("unchanged", &done.unchanged.to_string()),
                        ])}</p>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{e.message(lang)}</p> }.into_any(),
                })}
            </div>
        </section>
        {(!clean).then(|| view! {
            <section class="panel wide">
                <h2>{t(Msg::ImpProblemsHeading)}</h2>
                <div class="table-wrap">
                    <table class="table" data-testid="import-problems">
                        <thead><tr>
                            <th scope="col" class="num">{t(Msg::ImpColRow)}</th>
                            <th scope="col">{t(Msg::ImpColColumn)}</th>
                            <th scope="col">{t(Msg::ImpColProblem)}</th>
                        </tr></thead>
                        <tbody>
                            {preview.problems.iter().map(|p| view! {
                                <tr>
                                    <td class="num">{p.row}</td>
                                    <td>{match (&p.column, &p.header) {
                                        (Some(c), Some(h)) => format!("{c} ({h})"),
                                        (Some(c), None) => c.clone(),
                                        _ => String::new(),
                                    }}</td>
                                    <td>{p.kind.message(lang)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
        <section class="panel wide">
            <h2>{t(Msg::ImpRowsHeading)}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="import-rows">
                    <thead><tr>
                        <th scope="col" class="num">{t(Msg::ImpColRow)}</th>
                        <th scope="col">{t(Msg::StudentCode)}</th>
                        <th scope="col">{t(Msg::FullName)}</th>
                        <th scope="col">{t(Msg::ColClass)}</th>
                        <th scope="col">{t(Msg::Status)}</th>
                    </tr></thead>
                    <tbody>
                        {preview.rows.iter().take(ROWS_SHOWN).map(|r| view! {
                            <tr class=outcome_class(r.outcome)>
                                <td class="num">{r.row}</td>
                                <td><code>{r.code.clone()}</code></td>
                                <td>{r.full_name.clone()}</td>
                                <td>{r.class.clone().unwrap_or_default()}</td>
                                <td>{t(outcome_label(r.outcome))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(more > 0).then(|| view! { <p class="muted">{Msg::ImpMoreRows.with(lang, &[("count", &more.to_string())])}</p> })}
        </section>
    }
}

fn outcome_label(o: RowOutcome) -> Msg {
    match o {
        RowOutcome::New => Msg::ImpOutcomeNew,
        RowOutcome::Updated => Msg::ImpOutcomeUpdated,
        RowOutcome::Unchanged => Msg::ImpOutcomeUnchanged,
        RowOutcome::Problem => Msg::ImpOutcomeProblem,
    }
}

fn outcome_class(o: RowOutcome) -> &'static str {
    match o {
        RowOutcome::New => "row-new",
        RowOutcome::Updated => "row-updated",
        RowOutcome::Unchanged => "row-unchanged",
        RowOutcome::Problem => "row-problem",
    }
}
