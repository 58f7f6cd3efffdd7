use super::*;
use crate::api::attendance::{PeriodEntry, RollEntry};
use crate::domain::attendance::Session;
use proptest::prelude::*;
use std::collections::HashMap;

const SHEET: SheetKey = SheetKey {
    class_id: 1,
    subject_id: 2,
    semester_id: 3,
};

fn score(student_id: i64, slot: i64) -> Target {
    Target::Score {
        student_id,
        kind: GridKind::Regular,
        slot,
    }
}

fn edit(n: u64, target: Target, text: &str, expected_version: i64) -> Edit {
    Edit::example(n, SHEET, target, text, expected_version)
}

fn theirs(text: &str, version: i64) -> Theirs {
    Theirs {
        shown: Shown {
            text: text.into(),
            zero_reason: None,
        },
        version,
        by: Some("Cô Lan".into()),
        at: Some(1),
    }
}

#[test]
fn a_cell_typed_twice_before_sending_sends_only_the_last_value() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 0));
    let changes = q.add(edit(2, score(1, 1), "8", 0));
    assert_eq!(q.edits().len(), 1);
    assert_eq!(q.edits()[0].id, "e1");
    assert_eq!(q.edits()[0].value, "8");
    assert!(matches!(&changes[..], [Change::Put(e)] if e.value == "8"));
}

#[test]
fn an_edit_once_sent_keeps_its_id_and_the_next_one_waits_behind_it() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 3));
    let first = q.next_batch(7).expect("a batch");
    q.add(edit(2, score(1, 1), "8", 3));
    assert_eq!(q.edits().len(), 2, "the sent edit is not rewritten");
    assert!(q.next_batch(7).is_none(), "the cell's next edit waits");
    let (changes, settled) = q.settle(&first, vec![Answer::Saved { version: 4 }]);
    assert!(changes.contains(&Change::Delete("e1".into())));
    assert!(matches!(&settled[0].1, Settled::Saved { version: 4, .. }));
    let second = q.next_batch(7).expect("now the second");
    assert_eq!(second.edits[0].id, "e2");
    assert_eq!(second.edits[0].expected_version, 4, "builds on the first");
}

#[test]
fn a_lost_answer_resends_the_same_ids() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 0));
    q.add(edit(2, score(2, 1), "6", 0));
    let b = q.next_batch(7).expect("a batch");
    q.unanswered(&b);
    assert!(q.edits().iter().all(|e| e.attempts == 1));
    // Typing again into a cell already sent must not change what that id means.
    q.add(edit(3, score(1, 1), "9", 0));
    let again = q.next_batch(7).expect("resent");
    let ids: Vec<_> = again.edits.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2"]);
    assert_eq!(again.edits[0].value, "7");
}

#[test]
fn a_batch_holds_one_sheet_and_kind_and_a_comment_goes_alone() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 0));
    q.add(edit(2, Target::Comment { student_id: 1 }, "Chăm", 0));
    q.add(edit(3, score(2, 1), "8", 0));
    let mut other = edit(4, score(3, 1), "5", 0);
    other.sheet.subject_id = 9;
    q.add(other);
    let mut pasted = edit(5, score(4, 1), "5", 0);
    pasted.source = EntrySource::Paste;
    q.add(pasted);
    let mut stranger = edit(6, score(5, 1), "5", 0);
    stranger.user_id = 8;
    q.add(stranger);
    let b = q.next_batch(7).expect("scores");
    assert!(!b.alone);
    let ids: Vec<_> = b.edits.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e3"]);
    let c = q.next_batch(7).expect("the comment");
    assert!(c.alone);
    assert_eq!(c.edits.len(), 1);
    assert_eq!(q.next_batch(7).expect("other sheet").edits[0].id, "e4");
    assert_eq!(q.next_batch(7).expect("pasted").edits[0].id, "e5");
    assert!(q.next_batch(7).is_none(), "another user's edit is not sent");
    assert_eq!(q.counts(7).sending, 5);
}

#[test]
fn a_conflict_is_kept_with_their_value_until_the_teacher_chooses() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 2));
    let b = q.next_batch(7).expect("batch");
    let (_, settled) = q.settle(&b, vec![Answer::Conflict(theirs("9", 3))]);
    assert_eq!(settled[0].1, Settled::Conflict(theirs("9", 3)));
    assert_eq!(q.counts(7).conflicts, 1);
    assert!(q.next_batch(7).is_none(), "not sent blindly");
    // Keep mine: a new edit over their version replaces the conflict.
    q.add(edit(2, score(1, 1), "7", 3));
    assert_eq!(
        q.counts(7),
        Counts {
            waiting: 1,
            ..Counts::default()
        }
    );
    assert_eq!(
        q.next_batch(7).expect("resend").edits[0].expected_version,
        3
    );
}

#[test]
fn taking_their_value_forgets_the_conflict() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 2));
    let b = q.next_batch(7).expect("batch");
    q.settle(&b, vec![Answer::Conflict(theirs("9", 3))]);
    let changes = q.resolve(7, SHEET, score(1, 1));
    assert_eq!(changes, vec![Change::Delete("e1".into())]);
    assert!(q.edits().is_empty());
}

#[test]
fn the_same_value_on_both_sides_is_no_conflict() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "9", 2));
    let b = q.next_batch(7).expect("batch");
    let (_, settled) = q.settle(&b, vec![Answer::Conflict(theirs("9", 3))]);
    assert!(matches!(settled[0].1, Settled::Saved { version: 3, .. }));
    assert!(q.edits().is_empty());
}

#[test]
fn a_conflict_on_an_edit_typed_over_since_lands_on_the_latest_value() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 2));
    let b = q.next_batch(7).expect("batch");
    q.add(edit(2, score(1, 1), "8", 2));
    let (_, settled) = q.settle(&b, vec![Answer::Conflict(theirs("9", 3))]);
    assert_eq!(q.edits().len(), 1);
    assert_eq!(q.edits()[0].id, "e2");
    assert_eq!(settled[0].0.value, "8");
    assert!(matches!(q.edits()[0].state, EditState::Conflict(_)));
}

#[test]
fn a_refusal_is_kept_with_its_reason_until_dismissed() {
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 0));
    let b = q.next_batch(7).expect("batch");
    q.settle(&b, vec![Answer::Refused("Đã khoá".into())]);
    assert_eq!(q.counts(7).refused, 1);
    assert!(q.next_batch(7).is_none());
    assert!(q.dismiss("nope").is_empty());
    assert_eq!(q.dismiss("e1"), vec![Change::Delete("e1".into())]);
    assert_eq!(q.counts(7), Counts::default());
}

#[test]
fn restore_orders_by_entry() {
    let q = Queue::restore(vec![
        edit(3, score(1, 1), "1", 0),
        edit(1, score(2, 1), "2", 0),
    ]);
    let seqs: Vec<_> = q.edits().iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [1, 3]);
}

/// A server that keeps versions and the ids it applied, as `applied_edits` does.
#[derive(Default)]
struct Server {
    cells: HashMap<Target, (String, i64)>,
    applied: HashMap<String, i64>,
    writes: usize,
}

impl Server {
    fn answer(&mut self, e: &Edit) -> Answer {
        if let Some(v) = self.applied.get(&e.id) {
            return Answer::Saved { version: *v };
        }
        let (value, version) = self.cells.get(&e.target).cloned().unwrap_or_default();
        if version != e.expected_version {
            return Answer::Conflict(theirs(&value, version));
        }
        self.writes += 1;
        self.cells.insert(e.target, (e.value.clone(), version + 1));
        self.applied.insert(e.id.clone(), version + 1);
        Answer::Saved {
            version: version + 1,
        }
    }
}

#[derive(Clone, Debug)]
enum Step {
    Type { cell: i64, value: u8 },
    Send { lose_answer: bool, reach: bool },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..4i64, 0..10u8).prop_map(|(cell, value)| Step::Type { cell, value }),
        (any::<bool>(), any::<bool>())
            .prop_map(|(lose_answer, reach)| Step::Send { lose_answer, reach }),
    ]
}

proptest! {
    /// However the connection drops (requests that never arrive, answers lost after the server
    /// applied them), once it holds the server ends with each cell's last typed value, no edit
    /// is applied twice, and nothing conflicts with the teacher's own edits.
    #[test]
    fn every_last_value_arrives_exactly_once(steps in prop::collection::vec(step(), 1..60)) {
        let mut q = Queue::default();
        let mut server = Server::default();
        let mut typed: HashMap<Target, String> = HashMap::new();
        // The version the grid believes each cell has (its copy), as the sheet keeps it.
        let mut seen: HashMap<Target, i64> = HashMap::new();
        let mut n = 0u64;
        let settle = |q: &mut Queue, b: &Batch, answers: Vec<Answer>, seen: &mut HashMap<Target, i64>| {
            let (_, settled) = q.settle(b, answers);
            for (e, s) in settled {
                if let Settled::Saved { version, .. } = s {
                    seen.insert(e.target, version);
                }
                prop_assert!(!matches!(s, Settled::Conflict(_)), "conflict with oneself");
            }
            Ok(())
        };
        for s in steps {
            match s {
                Step::Type { cell, value } => {
                    n += 1;
                    let target = score(cell, 1);
                    let v = seen.get(&target).copied().unwrap_or(0);
                    q.add(edit(n, target, &value.to_string(), v));
                    typed.insert(target, value.to_string());
                }
                Step::Send { lose_answer, reach } => {
                    let Some(b) = q.next_batch(7) else { continue };
                    if !reach {
                        q.unanswered(&b);
                        continue;
                    }
                    let answers: Vec<Answer> = b.edits.iter().map(|e| server.answer(e)).collect();
                    if lose_answer {
                        q.unanswered(&b);
                    } else {
                        settle(&mut q, &b, answers, &mut seen)?;
                    }
                }
            }
        }
        // The connection comes back for good.
        while let Some(b) = q.next_batch(7) {
            let answers: Vec<Answer> = b.edits.iter().map(|e| server.answer(e)).collect();
            settle(&mut q, &b, answers, &mut seen)?;
        }
        prop_assert!(q.edits().is_empty());
        for (target, value) in &typed {
            prop_assert_eq!(&server.cells.get(target).map(|c| c.0.clone()), &Some(value.clone()));
        }
        prop_assert_eq!(server.writes, server.applied.len());
    }
}

fn roll_edit(n: u64, day: i32, absent: &[i64], expected_version: i64) -> Edit {
    let mut e = edit(
        n,
        Target::Roll {
            day,
            session: Session::Morning,
        },
        "",
        expected_version,
    );
    e.sheet = SheetKey::attendance(1);
    e.marks = Some(Marks::Roll(
        absent
            .iter()
            .map(|&student_id| RollEntry {
                student_id,
                status: "excused".into(),
                reason: String::new(),
            })
            .collect(),
    ));
    e
}

#[test]
fn attendance_is_a_sheet_of_its_own_and_a_roll_goes_alone() {
    assert_ne!(SheetKey::attendance(SHEET.class_id), SHEET);
    let mut q = Queue::default();
    q.add(edit(1, score(1, 1), "7", 0));
    q.add(roll_edit(2, 20261118, &[1], 0));
    q.add(roll_edit(3, 20261119, &[2], 0));
    let mut period = roll_edit(4, 20261118, &[], 0);
    period.target = Target::Period {
        subject_id: 2,
        day: 20261118,
        period: 3,
    };
    period.marks = Some(Marks::Period(vec![PeriodEntry {
        student_id: 3,
        excused: false,
        reason: String::new(),
    }]));
    q.add(period);
    let order: Vec<(bool, Vec<String>)> = std::iter::from_fn(|| q.next_batch(7))
        .map(|b| (b.alone, b.edits.into_iter().map(|e| e.id).collect()))
        .collect();
    assert_eq!(
        order,
        [
            (false, vec!["e1".to_string()]),
            (true, vec!["e2".to_string()]),
            (true, vec!["e3".to_string()]),
            (true, vec!["e4".to_string()]),
        ]
    );
}

#[test]
fn a_roll_saved_twice_offline_sends_the_last_marks_once() {
    let mut q = Queue::default();
    q.add(roll_edit(1, 20261118, &[1], 5));
    q.add(roll_edit(2, 20261118, &[1, 2], 5));
    assert_eq!(q.edits().len(), 1);
    let b = q.next_batch(7).expect("the roll");
    assert_eq!(b.edits[0].id, "e1");
    assert_eq!(
        b.edits[0].marks,
        roll_edit(0, 20261118, &[1, 2], 5).marks,
        "the later marks"
    );
    assert_eq!(b.edits[0].expected_version, 5);
}

#[test]
fn a_roll_saved_while_the_last_is_on_its_way_builds_on_it() {
    let mut q = Queue::default();
    q.add(roll_edit(1, 20261118, &[1], 0));
    let first = q.next_batch(7).expect("first");
    q.add(roll_edit(2, 20261118, &[2], 0));
    assert!(q.next_batch(7).is_none(), "waits for the first");
    q.settle(&first, vec![Answer::Saved { version: 1 }]);
    let second = q.next_batch(7).expect("second");
    assert_eq!(second.edits[0].expected_version, 1);
}

#[test]
fn an_edit_kept_before_attendance_existed_still_reads() {
    let e = edit(1, score(1, 1), "7", 0);
    let mut json: serde_json::Value = serde_json::to_value(&e).expect("json");
    json.as_object_mut().expect("object").remove("marks");
    let back: Edit = serde_json::from_value(json).expect("reads without marks");
    assert_eq!(back, e);
    let roll = roll_edit(2, 20261118, &[1], 3);
    let text = serde_json::to_string(&roll).expect("json");
    assert_eq!(serde_json::from_str::<Edit>(&text).expect("back"), roll);
}
