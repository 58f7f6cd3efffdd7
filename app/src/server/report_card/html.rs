//! The report card as a print-ready page: the same content as the PDF, A4, one student per
//! printed page, readable on screen too, with no script. Every value is escaped.
use super::{printed, ReportCard};

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'DejaVu Serif','Times New Roman',serif;margin:0;\
background:#eee;color:#000}.sheet{background:#fff;max-width:190mm;margin:1rem auto;padding:12mm;\
box-sizing:border-box}.head{display:flex;justify-content:space-between;gap:1rem;\
text-align:center;font-weight:bold;font-size:10pt}.head .motto{text-decoration:underline}\
h1{font-size:13pt;text-align:center;margin:1.2rem 0 0.2rem}.sub{text-align:center;margin:0 0 1rem}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:0.15rem 0.5rem;margin:0 0 0.8rem}\
dd{margin:0;font-weight:bold}table{width:100%;border-collapse:collapse;font-size:10pt}\
th,td{border:1px solid #000;padding:3px;vertical-align:top;overflow-wrap:anywhere}\
.signs{display:grid;grid-template-columns:repeat(3,1fr);text-align:center;margin-top:1rem;\
font-size:10pt}.date{text-align:right;margin-top:1rem}.foot{font-size:8pt;border-top:1px solid #000;\
margin-top:3rem;padding-top:0.3rem}.bar{max-width:190mm;margin:1rem auto;display:flex;gap:1rem}\
@media print{body{background:#fff}.bar{display:none}.sheet{margin:0;max-width:none;padding:0;\
page-break-after:always;break-after:page}}@page{size:A4;margin:12mm}";

/// The whole page: a bar with the PDF link (hidden when printing), then one sheet per card.
pub fn render(cards: &[ReportCard], pdf_href: &str) -> String {
    let mut out = String::from("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    let title = cards
        .first()
        .map(|c| format!("Phiếu báo kết quả – {}", c.results.full_name))
        .unwrap_or_else(|| "Phiếu báo kết quả".into());
    out.push_str(&format!(
        "<title>{}</title><style>{STYLE}</style></head><body>",
        esc(&title)
    ));
    out.push_str(&format!(
        "<nav class=\"bar\"><a href=\"{}\" data-testid=\"report-pdf\">Tải PDF</a>\
         <span>Dùng lệnh In của trình duyệt (Ctrl+P) để in.</span></nav>",
        esc(pdf_href)
    ));
    for card in cards {
        let p = printed(card);
        out.push_str(&format!(
            "<article class=\"sheet\" data-testid=\"report-card\" data-code=\"{}\">",
            esc(&card.results.code)
        ));
        out.push_str(&format!(
            "<div class=\"head\"><div>{}</div><div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>\
             <span class=\"motto\">Độc lập – Tự do – Hạnh phúc</span></div></div>",
            esc(&p.school)
        ));
        out.push_str(&format!(
            "<h1>{}</h1><p class=\"sub\">{}</p><dl>",
            esc(&p.title),
            esc(&p.subtitle)
        ));
        for (label, value) in &p.student {
            out.push_str(&format!("<dt>{}:</dt><dd>{}</dd>", esc(label), esc(value)));
        }
        out.push_str("</dl><table><thead><tr>");
        for c in &p.columns {
            out.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &p.rows {
            out.push_str("<tr>");
            for c in row {
                out.push_str(&format!("<td>{}</td>", esc(c)));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table><dl style=\"margin-top:0.8rem\">");
        for (label, value) in &p.results {
            out.push_str(&format!("<dt>{}:</dt><dd>{}</dd>", esc(label), esc(value)));
        }
        if !p.conduct_comment.is_empty() {
            out.push_str(&format!(
                "<dt>Nhận xét của giáo viên chủ nhiệm:</dt><dd>{}</dd>",
                esc(&p.conduct_comment)
            ));
        }
        out.push_str(&format!(
            "</dl><p class=\"date\">{}</p><div class=\"signs\"><div><b>CHA MẸ HỌC SINH</b><br>\
             <small>(Ký, ghi rõ họ tên)</small></div><div><b>GIÁO VIÊN CHỦ NHIỆM</b><br>\
             <small>(Ký, ghi rõ họ tên)</small></div><div><b>HIỆU TRƯỞNG</b><br>\
             <small>(Ký, ghi rõ họ tên)</small></div></div><p class=\"foot\" \
             data-testid=\"report-footer\">{}</p></article>",
            esc(&p.place_date),
            esc(&p.footer)
        ));
    }
    out.push_str("</body></html>");
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }
}
