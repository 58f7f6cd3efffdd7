//! The report card as a PDF: A4 pages drawn with krilla, DejaVu Serif embedded (subset to the
//! glyphs used, with their Unicode mapping, so the text can be searched and copied), text
//! measured with rustybuzz to wrap long comments inside their cells. One page per student;
//! a student whose table does not fit goes on to a second page.
use super::{printed, Printed, ReportCard};
use crate::error::AppError;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use std::sync::LazyLock;

static REGULAR: &[u8] = include_bytes!("../../../fonts/DejaVuSerif.ttf");
static BOLD: &[u8] = include_bytes!("../../../fonts/DejaVuSerif-Bold.ttf");

static REGULAR_FACE: LazyLock<Option<rustybuzz::Face<'static>>> =
    LazyLock::new(|| rustybuzz::Face::from_slice(REGULAR, 0));
static BOLD_FACE: LazyLock<Option<rustybuzz::Face<'static>>> =
    LazyLock::new(|| rustybuzz::Face::from_slice(BOLD, 0));

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 40.0;
const BODY: f32 = 10.0;
const SMALL: f32 = 8.0;

struct Fonts {
    regular: Font,
    bold: Font,
}

/// The width of `text` at `size` points.
fn width(text: &str, bold: bool, size: f32) -> f32 {
    let face = if bold { &*BOLD_FACE } else { &*REGULAR_FACE };
    let Some(face) = face.as_ref() else {
        return text.chars().count() as f32 * size * 0.5;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / f32::from(face.units_per_em() as u16)
}

/// `text` broken into lines no wider than `max` (a word longer than a line is cut).
fn wrap(text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, bold, size) <= max || line.is_empty() {
                line = candidate;
            } else {
                lines.push(std::mem::take(&mut line));
                line = word.to_string();
            }
            while width(&line, bold, size) > max && line.chars().count() > 1 {
                let mut cut = line.chars().count() - 1;
                while cut > 1
                    && width(&line.chars().take(cut).collect::<String>(), bold, size) > max
                {
                    cut -= 1;
                }
                let head: String = line.chars().take(cut).collect();
                let tail: String = line.chars().skip(cut).collect();
                lines.push(head);
                line = tail;
            }
        }
        lines.push(line);
    }
    while lines.len() > 1 && lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// One drawing operation, laid out before any page exists.
enum Op {
    Text {
        x: f32,
        y: f32,
        text: String,
        bold: bool,
        size: f32,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
    },
}

/// Lays a card out into pages of operations.
#[derive(Default)]
struct Pen {
    pages: Vec<Vec<Op>>,
}

impl Pen {
    fn page(&mut self) {
        self.pages.push(Vec::new());
    }

    fn push(&mut self, op: Op) {
        if self.pages.is_empty() {
            self.page();
        }
        if let Some(p) = self.pages.last_mut() {
            p.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, text: &str, bold: bool, size: f32) {
        self.push(Op::Text {
            x,
            y,
            text: text.to_string(),
            bold,
            size,
        });
    }

    fn centred(&mut self, cx: f32, y: f32, text: &str, bold: bool, size: f32) {
        let w = width(text, bold, size);
        self.text(cx - w / 2.0, y, text, bold, size);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        self.push(Op::Line {
            from: (x1, y1),
            to: (x2, y2),
        });
    }
}

fn draw(surface: &mut Surface<'_>, fonts: &Fonts, ops: &[Op]) {
    for op in ops {
        match op {
            Op::Text {
                x,
                y,
                text,
                bold,
                size,
            } => {
                let font = if *bold {
                    fonts.bold.clone()
                } else {
                    fonts.regular.clone()
                };
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    font,
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
            Op::Line { from, to } => {
                let mut pb = PathBuilder::new();
                pb.move_to(from.0, from.1);
                pb.line_to(to.0, to.1);
                if let Some(path) = pb.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(Stroke {
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
        }
    }
}

/// The pages of every card, one file.
pub fn render(cards: &[ReportCard]) -> Result<Vec<u8>, AppError> {
    let fonts = Fonts {
        regular: Font::new(REGULAR.into(), 0).ok_or(AppError::Internal)?,
        bold: Font::new(BOLD.into(), 0).ok_or(AppError::Internal)?,
    };
    let mut document = Document::new();
    let title = match cards {
        [one] => format!(
            "Phiếu báo kết quả học tập – {} – {}",
            one.results.full_name,
            one.results.class_name.clone().unwrap_or_default()
        ),
        _ => format!(
            "Phiếu báo kết quả học tập – lớp {}",
            cards
                .first()
                .and_then(|c| c.results.class_name.clone())
                .unwrap_or_default()
        ),
    };
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("vi".into())
            .creator("Hocba".into()),
    );
    for card in cards {
        for ops in lay_out(&printed(card)).pages {
            let mut page = document
                .start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H).ok_or(AppError::Internal)?);
            let mut surface = page.surface();
            draw(&mut surface, &fonts, &ops);
            surface.finish();
            page.finish();
        }
    }
    document.finish().map_err(|e| {
        tracing::error!(error = ?e, "PDF not written");
        AppError::Internal
    })
}

fn lay_out(p: &Printed) -> Pen {
    let mut pen = Pen::default();
    pen.page();
    let content_w = PAGE_W - 2.0 * MARGIN;
    // The official heading: the school on the left, the national motto on the right.
    let left_c = MARGIN + content_w * 0.25;
    let right_c = MARGIN + content_w * 0.72;
    let mut y = MARGIN + 12.0;
    for (i, line) in wrap(&p.school, true, BODY, content_w * 0.45)
        .iter()
        .enumerate()
    {
        pen.centred(left_c, y + i as f32 * 12.0, line, true, BODY);
    }
    pen.centred(right_c, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, BODY);
    pen.centred(right_c, y + 13.0, "Độc lập – Tự do – Hạnh phúc", true, BODY);
    let motto_w = width("Độc lập – Tự do – Hạnh phúc", true, BODY);
    pen.line(
        right_c - motto_w / 2.0,
        y + 16.0,
        right_c + motto_w / 2.0,
        y + 16.0,
    );
    y += 48.0;
    pen.centred(PAGE_W / 2.0, y, &p.title, true, 13.0);
    y += 16.0;
    pen.centred(PAGE_W / 2.0, y, &p.subtitle, false, 11.0);
    y += 24.0;
    for (label, value) in &p.student {
        let head = format!("{label}: ");
        pen.text(MARGIN, y, &head, false, BODY);
        pen.text(MARGIN + width(&head, false, BODY), y, value, true, BODY);
        y += 14.0;
    }
    y += 6.0;

    // The table: a header row, then one row per subject; cells wrap.
    let total: f32 = p.widths.iter().sum();
    let cols: Vec<f32> = p.widths.iter().map(|w| w / total * content_w).collect();
    let pad = 3.0;
    let line_h = BODY + 2.5;
    let row_lines = |cells: &[String], bold: bool, size: f32| -> Vec<Vec<String>> {
        cells
            .iter()
            .zip(&cols)
            .map(|(c, w)| wrap(c, bold, size, w - 2.0 * pad))
            .collect()
    };
    let draw_row = |pen: &mut Pen, y: &mut f32, cells: &[String], bold: bool| {
        let lines = row_lines(cells, bold, BODY);
        let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * line_h + 2.0 * pad;
        pen.line(MARGIN, *y, MARGIN + content_w, *y);
        let mut x = MARGIN;
        for (cell, w) in lines.iter().zip(&cols) {
            pen.line(x, *y, x, *y + h);
            for (i, l) in cell.iter().enumerate() {
                pen.text(
                    x + pad,
                    *y + pad + BODY + i as f32 * line_h - 1.5,
                    l,
                    bold,
                    BODY,
                );
            }
            x += w;
        }
        pen.line(x, *y, x, *y + h);
        *y += h;
        pen.line(MARGIN, *y, MARGIN + content_w, *y);
    };
    draw_row(&mut pen, &mut y, &p.columns, true);
    for row in &p.rows {
        let needed = row_lines(row, false, BODY)
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(1) as f32
            * line_h
            + 2.0 * pad;
        if y + needed > PAGE_H - MARGIN - 150.0 {
            pen.page();
            y = MARGIN + 10.0;
            draw_row(&mut pen, &mut y, &p.columns, true);
        }
        draw_row(&mut pen, &mut y, row, false);
    }
    y += 18.0;
    for (label, value) in &p.results {
        let head = format!("{label}: ");
        pen.text(MARGIN, y, &head, false, BODY);
        pen.text(MARGIN + width(&head, false, BODY), y, value, true, BODY);
        y += 14.0;
    }
    if !p.conduct_comment.is_empty() {
        let head = "Nhận xét của giáo viên chủ nhiệm: ";
        pen.text(MARGIN, y, head, false, BODY);
        y += 13.0;
        for l in wrap(&p.conduct_comment, false, BODY, content_w) {
            pen.text(MARGIN + 10.0, y, &l, false, BODY);
            y += 13.0;
        }
    }
    // Signatures.
    y += 16.0;
    let third = content_w / 3.0;
    pen.centred(MARGIN + third * 2.5, y, &p.place_date, false, BODY);
    y += 14.0;
    for (i, who) in ["CHA MẸ HỌC SINH", "GIÁO VIÊN CHỦ NHIỆM", "HIỆU TRƯỞNG"]
        .iter()
        .enumerate()
    {
        pen.centred(MARGIN + third * (i as f32 + 0.5), y, who, true, BODY);
        pen.centred(
            MARGIN + third * (i as f32 + 0.5),
            y + 12.0,
            "(Ký, ghi rõ họ tên)",
            false,
            SMALL,
        );
    }
    // When and from what it was printed.
    let mut fy = PAGE_H - MARGIN - 10.0;
    let lines = wrap(&p.footer, false, SMALL, content_w);
    fy -= (lines.len().saturating_sub(1)) as f32 * 10.0;
    pen.line(MARGIN, fy - 10.0, MARGIN + content_w, fy - 10.0);
    for l in &lines {
        pen.text(MARGIN, fy, l, false, SMALL);
        fy += 10.0;
    }
    pen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_within_the_width_and_keeps_every_word() {
        let text = "Em chăm chỉ, tiến bộ rõ trong học kì; cần rèn thêm kĩ năng trình bày bài toán hình học";
        let lines = wrap(text, false, BODY, 120.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(width(l, false, BODY) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn vietnamese_letters_have_widths_from_the_font() {
        assert!(width("Đường", true, BODY) > width("Đường", false, BODY) * 0.9);
        assert!(width("ữ", false, BODY) > 0.0);
    }
}
