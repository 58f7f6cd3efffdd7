//! A result that may not be computable yet. TT22 treats a missing assessment as "not yet"
//! (make-ups, late entry), so a result over missing inputs is shown as incomplete, never
//! computed as if the missing inputs were 0.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Computed<T> {
    Value(T),
    /// Chưa đủ điểm: how many inputs are still missing.
    Incomplete {
        missing: usize,
    },
}

impl<T> Computed<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Computed::Value(value) => Some(value),
            Computed::Incomplete { .. } => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Computed<U> {
        match self {
            Computed::Value(value) => Computed::Value(f(value)),
            Computed::Incomplete { missing } => Computed::Incomplete { missing },
        }
    }

    pub fn is_complete(&self) -> bool {
        matches!(self, Computed::Value(_))
    }
}

impl<T> From<Option<T>> for Computed<T> {
    /// One missing input.
    fn from(value: Option<T>) -> Computed<T> {
        value.map_or(Computed::Incomplete { missing: 1 }, Computed::Value)
    }
}

/// Collects per-subject results, adding up what is missing across all of them.
pub fn all<T>(items: impl IntoIterator<Item = Computed<T>>) -> Computed<Vec<T>> {
    let mut values = Vec::new();
    let mut missing = 0;
    for item in items {
        match item {
            Computed::Value(value) => values.push(value),
            Computed::Incomplete { missing: m } => missing += m,
        }
    }
    if missing == 0 {
        Computed::Value(values)
    } else {
        Computed::Incomplete { missing }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_values_present_gives_the_values_in_order() {
        let items = [Computed::Value(1), Computed::Value(2)];
        assert_eq!(all(items), Computed::Value(vec![1, 2]));
    }

    #[test]
    fn missing_inputs_add_up_across_items() {
        let items = [
            Computed::Value(1),
            Computed::Incomplete { missing: 2 },
            Computed::Incomplete { missing: 1 },
        ];
        assert_eq!(all(items), Computed::Incomplete { missing: 3 });
    }

    #[test]
    fn an_absent_option_is_one_missing_input() {
        assert_eq!(
            Computed::<u8>::from(None),
            Computed::Incomplete { missing: 1 }
        );
        assert_eq!(Computed::from(Some(4)).map(|v| v * 2), Computed::Value(8));
    }
}
