//! E-mail notifications (issue 8): what an address must look like, how long to wait before
//! trying a message again, and the digest of newly published scores, one mail for many scores.
//! Pure rules; the outbox and the SMTP client are on the server.
use serde::{Deserialize, Serialize};

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum EmailProblem {
    #[error("not an e-mail address")]
    Malformed,
    #[error("e-mail needs an address")]
    ConsentWithoutAddress,
}

/// The address trimmed and checked: one `@`, a local part, a domain with a dot, no spaces or
/// markup, at most 254 characters (RFC 5321). The mail server has the last word (bounces).
pub fn check_address(text: &str) -> Result<String, EmailProblem> {
    let a = text.trim();
    let Some((local, domain)) = a.split_once('@') else {
        return Err(EmailProblem::Malformed);
    };
    let bad = |c: char| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"@".contains(c);
    let ok = !local.is_empty()
        && local.len() <= 64
        && a.len() <= 254
        && !local.chars().any(bad)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    if ok {
        Ok(a.to_string())
    } else {
        Err(EmailProblem::Malformed)
    }
}

/// Seconds to wait after failed attempt number `attempts` (1-based), or None: give up.
pub fn retry_delay(attempts: i64) -> Option<i64> {
    match attempts {
        ..=0 => Some(0),
        1 => Some(60),
        2 => Some(5 * 60),
        3 => Some(30 * 60),
        4 => Some(2 * 3600),
        5 => Some(6 * 3600),
        _ => None,
    }
}

/// One sheet newly published for a child: what the digest says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestLine {
    pub subject: String,
    /// 1 or 2.
    pub semester: i64,
    /// "TX 8 · 7,5; GK 7; CK 8,5".
    pub scores: String,
    /// "7,8", "Đ"; empty while incomplete.
    pub result: String,
}

/// The subject and body of one digest for a child, in Vietnamese.
pub fn digest(
    child: &str,
    class: &str,
    school: &str,
    lines: &[DigestLine],
    link: &str,
) -> (String, String) {
    let subject = format!("[{school}] Điểm mới của {child} ({class})");
    let mut body = format!(
        "Kính gửi phụ huynh,\n\nNhà trường vừa công bố điểm mới của {child}, lớp {class}:\n\n"
    );
    for l in lines {
        body.push_str(&format!(
            "- {} (học kì {}): {}",
            l.subject, l.semester, l.scores
        ));
        if !l.result.is_empty() {
            body.push_str(&format!(" — trung bình/kết quả: {}", l.result));
        }
        body.push('\n');
    }
    body.push_str(&format!(
        "\nXem chi tiết: {link}\n\nThư gửi tự động từ Hocba. Muốn ngừng nhận, hãy vào «Thông báo» \
         trong tài khoản và rút lại đồng ý nhận e-mail.\n"
    ));
    (subject, body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn addresses() {
        assert_eq!(
            check_address("  me.parent@example.vn "),
            Ok("me.parent@example.vn".into())
        );
        for bad in [
            "", "a", "a@b", "@b.vn", "a b@c.vn", "a@b..vn", "<a@b.vn>", "a@.vn", "a@b.vn.",
            "x@y@z.vn",
        ] {
            assert_eq!(check_address(bad), Err(EmailProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn retries_wait_longer_then_stop() {
        let delays: Vec<Option<i64>> = (1..=MAX_ATTEMPTS).map(retry_delay).collect();
        assert!(delays[..5].windows(2).all(|w| w[0] < w[1]));
        assert_eq!(retry_delay(MAX_ATTEMPTS), None);
    }

    #[test]
    fn a_digest_lists_every_sheet_in_one_mail() {
        let lines = vec![
            DigestLine {
                subject: "Toán".into(),
                semester: 1,
                scores: "TX 8 · 7,5; GK 7".into(),
                result: String::new(),
            },
            DigestLine {
                subject: "Ngữ văn".into(),
                semester: 1,
                scores: "TX 9".into(),
                result: "8,0".into(),
            },
        ];
        let (subject, body) = digest(
            "Lê Gia Dũng",
            "6A1",
            "THCS Nguyễn Du",
            &lines,
            "http://x/children/1",
        );
        assert!(subject.contains("Lê Gia Dũng"));
        assert!(body.contains("Toán (học kì 1): TX 8 · 7,5; GK 7"));
        assert!(body.contains("Ngữ văn (học kì 1): TX 9 — trung bình/kết quả: 8,0"));
        assert!(body.contains("http://x/children/1"));
    }

    proptest! {
        #[test]
        fn a_checked_address_is_stable(text in "[a-z0-9.@ -]{0,30}") {
            if let Ok(a) = check_address(&text) {
                prop_assert_eq!(check_address(&a), Ok(a.clone()));
                prop_assert_eq!(a.matches('@').count(), 1);
            }
        }
    }
}
