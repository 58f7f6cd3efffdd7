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
