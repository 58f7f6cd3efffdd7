//! The year-end sign-off's record: a canonical JSON text of a class's results (object keys
//! sorted, no insignificant whitespace, every number written as a string of exact tenths by
//! the caller), so the same results always give the same bytes and the same hash; and the
//! comparison of a signed record with the current one, value by value.
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The canonical text of `value`: keys in byte order, no spaces, strings escaped as JSON does.
/// Independent of how the map was built (serde_json's own key order depends on its features).
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let sorted: BTreeMap<&String, &Value> = map.iter().collect();
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A signed value that is different now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// The student's code (and name).
    pub student: String,
    /// The subject's code; empty for the student's own results (learning result).
    pub subject: String,
    /// Where in the subject: `s1.midterm`, `s2.regular.3`, `year`, `learning`…
    pub field: String,
    pub signed: Option<String>,
    pub now: Option<String>,
}

/// The values of a record keyed by (student, subject, field). The record is
/// `{"students": [{"code", "name", "subjects": {CODE: {...}}, ...}]}`; every other field of a
/// student is keyed with an empty subject.
fn values(record: &Value) -> BTreeMap<(String, String, String), Option<String>> {
    let mut out = BTreeMap::new();
    let students = record
        .get("students")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for s in students {
        let code = s
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let Some(fields) = s.as_object() else {
            continue;
        };
        for (key, v) in fields {
            if key == "subjects" {
                for (subject, sv) in v.as_object().into_iter().flatten() {
                    flatten(sv, String::new(), &mut |field, value| {
                        out.insert((code.clone(), subject.clone(), field), value);
                    });
                }
            } else if key != "code" {
                flatten(v, key.clone(), &mut |field, value| {
                    out.insert((code.clone(), String::new(), field), value);
                });
            }
        }
    }
    out
}

fn flatten(v: &Value, path: String, emit: &mut dyn FnMut(String, Option<String>)) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(v, join(k), emit);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, join(&(i + 1).to_string()), emit);
            }
        }
        Value::Null => emit(path, None),
        Value::String(s) => emit(path, Some(s.clone())),
        other => emit(path, Some(other.to_string())),
    }
}

/// Every value that differs between the signed record and the current one (a student or
/// subject added or removed shows as values going from or to nothing).
pub fn differences(signed: &Value, now: &Value) -> Vec<Difference> {
    let a = values(signed);
    let b = values(now);
    let mut keys: Vec<&(String, String, String)> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let before = a.get(k).cloned().flatten();
            let after = b.get(k).cloned().flatten();
            (before != after).then(|| Difference {
                student: k.0.clone(),
                subject: k.1.clone(),
                field: k.2.clone(),
                signed: before,
                now: after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_sorted_and_no_whitespace_is_written() {
        let v = json!({"b": {"z": "1", "a": [null, "8.5"]}, "a": "Nguyễn \"An\""});
        assert_eq!(
            canonical(&v),
            r#"{"a":"Nguyễn \"An\"","b":{"a":[null,"8.5"],"z":"1"}}"#
        );
    }

    #[test]
    fn the_same_data_built_in_another_order_gives_the_same_bytes() {
        let mut one = serde_json::Map::new();
        one.insert("year".into(), json!("7.9"));
        one.insert("s1".into(), json!({"midterm": "7", "final": "8"}));
        let mut two = serde_json::Map::new();
        two.insert("s1".into(), json!({"final": "8", "midterm": "7"}));
        two.insert("year".into(), json!("7.9"));
        assert_eq!(
            canonical(&Value::Object(one)),
            canonical(&Value::Object(two))
        );
    }

    fn record(midterm: &str, learning: Option<&str>) -> Value {
        json!({"class": "6A1", "students": [
            {"code": "79001", "name": "An", "learning": learning,
             "subjects": {"TOAN": {"s1": {"midterm": midterm, "regular": ["8", null]}}}}
        ]})
    }

    #[test]
    fn identical_records_have_no_differences() {
        assert!(differences(&record("7", Some("good")), &record("7", Some("good"))).is_empty());
    }

    #[test]
    fn a_changed_score_is_reported_with_both_values() {
        let d = differences(&record("7", Some("good")), &record("9", None));
        assert_eq!(
            d,
            vec![
                Difference {
                    student: "79001".into(),
                    subject: String::new(),
                    field: "learning".into(),
                    signed: Some("good".into()),
                    now: None,
                },
                Difference {
                    student: "79001".into(),
                    subject: "TOAN".into(),
                    field: "s1.midterm".into(),
                    signed: Some("7".into()),
                    now: Some("9".into()),
                },
            ]
        );
    }

    #[test]
    fn a_student_added_after_signing_shows() {
        let mut now = record("7", None);
        if let Some(list) = now["students"].as_array_mut() {
            list.push(json!({"code": "79002", "name": "Bình", "subjects": {}}));
        }
        let d = differences(&record("7", None), &now);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].student, "79002");
        assert_eq!(d[0].now.as_deref(), Some("Bình"));
    }
}
