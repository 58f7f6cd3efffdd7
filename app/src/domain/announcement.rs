//! Class announcements (issue 8): a title on one line and a plain-text body, both required,
//! within limits. The caller removes markup first.
use serde::{Deserialize, Serialize};

pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 4000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AnnouncementProblem {
    #[error("the title is empty")]
    NoTitle,
    #[error("the text is empty")]
    NoBody,
    #[error("the title is longer than {max} characters")]
    TitleTooLong { max: usize },
    #[error("the text is longer than {max} characters")]
    BodyTooLong { max: usize },
}

/// The title on one line (spaces collapsed) and the body trimmed, or why not.
pub fn check(title: &str, body: &str) -> Result<(String, String), AnnouncementProblem> {
    let title: String = title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if title.is_empty() {
        return Err(AnnouncementProblem::NoTitle);
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(AnnouncementProblem::TitleTooLong {
            max: TITLE_MAX_CHARS,
        });
    }
    let body: String = body
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect();
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(AnnouncementProblem::NoBody);
    }
    if body.chars().count() > BODY_MAX_CHARS {
        return Err(AnnouncementProblem::BodyTooLong {
            max: BODY_MAX_CHARS,
        });
    }
    Ok((title, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn titles_and_bodies() {
        assert_eq!(
            check(
                "  Họp phụ huynh\n cuối kì ",
                " Thứ Bảy, 7 giờ.\r\nPhòng 6A1 \n"
            ),
            Ok((
                "Họp phụ huynh cuối kì".into(),
                "Thứ Bảy, 7 giờ.\nPhòng 6A1".into()
            ))
        );
        assert_eq!(check(" ", "x"), Err(AnnouncementProblem::NoTitle));
        assert_eq!(check("x", "\n \n"), Err(AnnouncementProblem::NoBody));
        assert_eq!(
            check(&"a".repeat(TITLE_MAX_CHARS + 1), "x"),
            Err(AnnouncementProblem::TitleTooLong {
                max: TITLE_MAX_CHARS
            })
        );
        assert_eq!(
            check("x", &"ư".repeat(BODY_MAX_CHARS + 1)),
            Err(AnnouncementProblem::BodyTooLong {
                max: BODY_MAX_CHARS
            })
        );
    }

    proptest! {
        #[test]
        fn a_checked_announcement_is_stable(title in "\\PC{0,30}", body in "\\PC{0,60}") {
            if let Ok((t, b)) = check(&title, &body) {
                prop_assert_eq!(check(&t, &b), Ok((t.clone(), b.clone())));
                prop_assert!(!t.contains('\n'));
            }
        }
    }
}
