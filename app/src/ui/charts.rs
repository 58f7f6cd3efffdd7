//! Charts drawn as SVG the server renders: each is an image with a title and a description for
//! screen readers, scales with its container (tablets, print), and sits beside a table of the
//! same figures.
use crate::domain::entry_progress::Progress;
use leptos::prelude::*;

/// One bar of a progress chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressBar {
    pub label: String,
    pub progress: Progress,
}

const ROW: f64 = 26.0;
const LABEL_W: f64 = 180.0;
const BAR_W: f64 = 400.0;
const WIDTH: f64 = LABEL_W + BAR_W + 60.0;

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part.min(whole) as f64 / whole as f64) * BAR_W
    }
}

/// Horizontal bars of entered cells against the semester's whole, with a mark where entry
/// should be by the day; bars behind are drawn in the warning colour (and say so in words).
#[component]
pub fn ProgressChart(
    id: &'static str,
    title: String,
    description: String,
    bars: Vec<ProgressBar>,
    behind_word: String,
) -> impl IntoView {
    let height = ROW * bars.len() as f64 + 8.0;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    view! {
        <svg class="chart" data-testid=id viewBox=format!("0 0 {WIDTH} {height}") role="img"
            aria-labelledby=labelled_by preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {bars.into_iter().enumerate().map(|(i, b)| {
                let y = 4.0 + ROW * i as f64;
                let p = b.progress;
                let behind = p.is_behind();
                let text = format!("{}: {}/{} ({} %){}", b.label, p.entered, p.due, p.percent_of_due(),
                    if behind { format!(" · {behind_word}") } else { String::new() });
                view! {
                    <g class:behind=behind data-behind=behind.to_string() data-label=b.label.clone()>
                        <title>{text}</title>
                        <text x=LABEL_W - 6.0 y=y + 16.0 text-anchor="end" class="chart-label">{b.label.clone()}</text>
                        <rect x=LABEL_W y=y + 3.0 width=BAR_W height=ROW - 8.0 class="chart-track" />
                        <rect x=LABEL_W y=y + 3.0 width=share(p.entered, p.total) height=ROW - 8.0 class="chart-bar" />
                        <line x1=LABEL_W + share(p.due, p.total) x2=LABEL_W + share(p.due, p.total)
                            y1=y y2=y + ROW - 2.0 class="chart-due" />
                        <text x=LABEL_W + BAR_W + 6.0 y=y + 16.0 class="chart-value">{format!("{} %", p.percent_of_due())}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}

/// One row of a stacked chart: its label and a count per series.
#[derive(Clone, Debug, PartialEq)]
pub struct StackedRow {
    pub label: String,
    pub counts: Vec<u32>,
}

/// Horizontal bars split by series (e.g. Tốt / Khá / Đạt / Chưa đạt), each bar the whole of
/// its row, so rows of different sizes compare by share; a legend names the series, and each
/// segment's tooltip says its count and share. The figures are in the table beside it.
#[component]
pub fn StackedChart(
    id: String,
    title: String,
    description: String,
    series: Vec<String>,
    rows: Vec<StackedRow>,
) -> impl IntoView {
    let legend_h = 24.0;
    let height = legend_h + ROW * rows.len() as f64 + 8.0;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let legend_w = BAR_W / series.len().max(1) as f64;
    let legend = series
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let x = LABEL_W + legend_w * i as f64;
            view! {
                <rect x=x y=4.0 width=12.0 height=12.0 class=format!("seg seg-{i}") />
                <text x=x + 16.0 y=14.0 class="chart-legend">{name.clone()}</text>
            }
        })
        .collect_view();
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(r, row)| {
            let y = legend_h + 4.0 + ROW * r as f64;
            let total: u32 = row.counts.iter().sum();
            let mut x = LABEL_W;
            let segments = row
                .counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| {
                    let w = f64::from(*n) / f64::from(total.max(1)) * BAR_W;
                    let at = x;
                    x += w;
                    let name = series.get(i).cloned().unwrap_or_default();
                    let share = (f64::from(*n) * 100.0 / f64::from(total.max(1))).round();
                    view! {
                        <rect x=at y=y + 3.0 width=w height=ROW - 8.0 class=format!("seg seg-{i}")>
                            <title>{format!("{}: {name} {n} ({share} %)", row.label)}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <g data-label=row.label.clone() data-total=total>
                    <text x=LABEL_W - 6.0 y=y + 16.0 text-anchor="end" class="chart-label">{row.label.clone()}</text>
                    {segments}
                    <text x=LABEL_W + BAR_W + 6.0 y=y + 16.0 class="chart-value">{total}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" data-testid=id viewBox=format!("0 0 {WIDTH} {height}") role="img"
            aria-labelledby=labelled_by preserveAspectRatio="xMinYMin meet">
            <title id=title_id>{title}</title>
            <desc id=desc_id>{description}</desc>
            {legend}
            {bars}
        </svg>
    }
}
