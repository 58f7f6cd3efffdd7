//! The printed report cards as downloads: a family's own child (`/children/{code}/report.pdf`,
//! `.html` to print from the browser) and a whole class for its homeroom teacher and the board
//! (`/classes/{id}/report-cards.pdf`, `.html`), each for `?period=1|2|year`. A class batch is
//! an export of records and is audited.
use crate::downloads::{ascii, audit_export, caller, lang_of, refuse};
use app::error::AppError;
use app::server::report_card::{self, ReportCard};
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use http::{header, HeaderMap};
use std::collections::HashMap;

fn period(query: &HashMap<String, String>) -> String {
    query.get("period").cloned().unwrap_or_default()
}

fn pdf(file_name: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

fn file_stem(cards: &[ReportCard], period: &str) -> String {
    let who = match cards {
        [one] => format!("{}-{}", one.results.code, ascii(&one.results.full_name)),
        _ => cards
            .first()
            .and_then(|c| c.results.class_name.as_deref())
            .map(ascii)
            .unwrap_or_default(),
    };
    format!("phieu-bao-{who}-{}", ascii(period))
}

async fn child_cards(
    state: &AppState,
    headers: &HeaderMap,
    code: &str,
    query: &HashMap<String, String>,
) -> Result<Vec<ReportCard>, AppError> {
    let caller = caller(state, headers).await?;
    Ok(vec![
        report_card::for_child(&state.db, &caller, code, &period(query)).await?,
    ])
}

async fn class_cards(
    state: &AppState,
    headers: &HeaderMap,
    class_id: i64,
    query: &HashMap<String, String>,
    format: &str,
) -> Result<Vec<ReportCard>, AppError> {
    let caller = caller(state, headers).await?;
    let p = period(query);
    let cards = report_card::for_class(&state.db, &caller, class_id, &p).await?;
    audit_export(
        state,
        &caller,
        headers,
        "report_cards",
        class_id.to_string(),
        format!("{} report cards ({format}), period {p}", cards.len()),
        Some(class_id),
    )
    .await?;
    Ok(cards)
}

fn as_pdf(cards: Result<Vec<ReportCard>, AppError>, headers: &HeaderMap) -> Response {
    let lang = lang_of(headers);
    match cards.and_then(|c| report_card::pdf::render(&c).map(|bytes| (c, bytes))) {
        Ok((cards, bytes)) => {
            let p = cards.first().map(|c| c.period.clone()).unwrap_or_default();
            pdf(&format!("{}.pdf", file_stem(&cards, &p)), bytes)
        }
        Err(e) => {
            tracing::info!(error = %e, "report card PDF refused");
            refuse(&e, lang)
        }
    }
}

fn as_html(
    cards: Result<Vec<ReportCard>, AppError>,
    headers: &HeaderMap,
    pdf_href: &str,
) -> Response {
    match cards {
        Ok(cards) => Html(report_card::html::render(&cards, pdf_href)).into_response(),
        Err(e) => {
            tracing::info!(error = %e, "report card page refused");
            refuse(&e, lang_of(headers))
        }
    }
}

fn href(path: &str, query: &HashMap<String, String>) -> String {
    let p: String = period(query)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{path}?period={p}")
}

/// `GET /children/{code}/report.pdf?period=`
pub async fn child_pdf(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    as_pdf(child_cards(&state, &headers, &code, &query).await, &headers)
}

/// `GET /children/{code}/report.html?period=`
pub async fn child_html(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let pdf_href = href(&format!("/children/{}/report.pdf", ascii(&code)), &query);
    as_html(
        child_cards(&state, &headers, &code, &query).await,
        &headers,
        &pdf_href,
    )
}

/// `GET /classes/{id}/report-cards.pdf?period=`
pub async fn class_pdf(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    as_pdf(
        class_cards(&state, &headers, class_id, &query, "pdf").await,
        &headers,
    )
}

/// `GET /classes/{id}/report-cards.html?period=`
pub async fn class_html(
    State(state): State<AppState>,
    Path(class_id): Path<i64>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let pdf_href = href(&format!("/classes/{class_id}/report-cards.pdf"), &query);
    as_html(
        class_cards(&state, &headers, class_id, &query, "html").await,
        &headers,
        &pdf_href,
    )
}
