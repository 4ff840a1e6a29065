//! Where a document stops decoding: a serde value that reads any document through a
//! format's public `from_…` function and records the key path it is at, so that when the
//! format fails, the path of the failure is known (`QueryResponses.Items[2].Name`).
//!
//! Tracking is done on the visitor side, with plist's and serde_json's stable entry points:
//! a path tracker that wraps the deserializer (serde_path_to_error) needs plist's `Deserializer`,
//! which plist only exposes behind a feature that may break with any minor release, and a
//! published crate must not hold its users to one plist minor version.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

thread_local! {
    /// The steps from the document to the value being read. A step is popped only when its
    /// value was read; on a failure the path to it stays for [`failing_path`] to take.
    static PATH: RefCell<Vec<Step>> = const { RefCell::new(Vec::new()) };
    /// Where the first null was read (JSON only: a plist has none). Null is no plist value, so
    /// a typed decode fails there while the text reads to its end.
    static FIRST_NULL: RefCell<Option<Vec<Step>>> = const { RefCell::new(None) };
}

fn note_null() {
    PATH.with(|p| {
        FIRST_NULL.with(|n| {
            let mut n = n.borrow_mut();
            if n.is_none() {
                *n = Some(p.borrow().clone());
            }
        })
    });
}

fn push(step: Step) {
    PATH.with(|p| p.borrow_mut().push(step));
}

fn pop() {
    PATH.with(|p| {
        p.borrow_mut().pop();
    });
}

/// Any value, read for its shape only; reading it records where it is (see the module).
pub(crate) struct Tracked;

impl<'de> Deserialize<'de> for Tracked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TrackedVisitor)
    }
}

/// A dictionary key as text, whatever scalar the format gives it as.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a dictionary key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<KeyText, E> {
                Ok(KeyText(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

struct TrackedVisitor;

impl<'de> Visitor<'de> for TrackedVisitor {
    type Value = Tracked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Tracked, E> {
        Ok(Tracked)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tracked, E> {
        note_null();
        Ok(Tracked)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tracked, E> {
        note_null();
        Ok(Tracked)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tracked, D::Error> {
        Tracked::deserialize(deserializer)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Tracked, D::Error> {
        Tracked::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tracked, A::Error> {
        let mut index = 0;
        loop {
            push(Step::Index(index));
            if seq.next_element::<Tracked>()?.is_none() {
                // The end of the array is not an element: its failure is the array's.
                pop();
                return Ok(Tracked);
            }
            pop();
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tracked, A::Error> {
        while let Some(KeyText(key)) = map.next_key()? {
            push(Step::Key(key));
            map.next_value::<Tracked>()?;
            pop();
        }
        Ok(Tracked)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Tracked, A::Error> {
        let (KeyText(variant), content) = data.variant()?;
        push(Step::Key(variant));
        content.newtype_variant::<Tracked>()?;
        pop();
        Ok(Tracked)
    }
}

/// Where a tracked read stopped.
#[derive(Debug)]
pub(crate) enum Failure<E> {
    /// The text itself fails at this key path, with the format's error.
    Text(String, E),
    /// The text reads to its end and holds a null at this key path (JSON), which no typed
    /// value takes.
    Null(String),
    /// The text reads to its end without a null.
    None,
}

/// Reads a document with `read` (a format's `from_…` function given the tracker's type) and
/// says where it failed, as this crate writes paths (`Items[2].Name`, empty for the document
/// itself).
pub(crate) fn failing_path<E>(read: impl FnOnce() -> Result<Tracked, E>) -> Failure<E> {
    PATH.with(|p| p.borrow_mut().clear());
    FIRST_NULL.with(|n| n.borrow_mut().take());
    let result = read();
    let steps = PATH.with(|p| std::mem::take(&mut *p.borrow_mut()));
    let null = FIRST_NULL.with(|n| n.borrow_mut().take());
    match (result, null) {
        (Err(e), _) => Failure::Text(path_text(&steps), e),
        (Ok(_), Some(at)) => Failure::Null(path_text(&at)),
        (Ok(_), None) => Failure::None,
    }
}

fn path_text(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path<E>(failure: Failure<E>) -> Option<String> {
        match failure {
            Failure::Text(p, _) => Some(p),
            Failure::Null(p) => Some(format!("null at {p}")),
            Failure::None => None,
        }
    }

    fn json_path(text: &str) -> Option<String> {
        path(failing_path(|| serde_json::from_str::<Tracked>(text)))
    }

    fn xml_path(text: &str) -> Option<String> {
        path(failing_path(|| plist::from_reader_xml::<_, Tracked>(text.as_bytes())))
    }

    #[test]
    fn a_json_failure_is_found_at_its_key_path() {
        assert_eq!(json_path(r#"{"a": {"b": [1, 2, {"c": tru}]}}"#).as_deref(), Some("a.b[2].c"));
        assert_eq!(json_path(r#"{"a": 1,"#).as_deref(), Some(""));
        assert_eq!(json_path(r#"[1, [2, x]]"#).as_deref(), Some("[1][1]"));
        assert_eq!(json_path(r#"{"a": [1, 2], "b": {"c": 1}}"#), None);
    }

    #[test]
    fn a_plist_failure_is_found_at_its_key_path() {
        let bad = r#"<plist version="1.0"><dict><key>Items</key><array><dict><key>N</key><integer>1</integer></dict>
            <dict><key>Name</key><integer>x1</integer></dict></array></dict></plist>"#;
        assert_eq!(xml_path(bad).as_deref(), Some("Items[1].Name"));
        let good = r#"<plist version="1.0"><dict><key>D</key><date>2024-01-01T00:00:00Z</date><key>B</key><data>AAE=</data></dict></plist>"#;
        assert_eq!(xml_path(good), None);
    }

    #[test]
    fn a_second_read_starts_from_an_empty_path() {
        assert!(json_path(r#"{"a": {"b": x}}"#).is_some());
        assert_eq!(json_path(r#"{"c": x}"#).as_deref(), Some("c"));
        assert!(json_path(r#"{"a": null}"#).is_some());
        assert_eq!(json_path(r#"{"b": [1, null, null]}"#).as_deref(), Some("null at b[1]"));
    }

    #[test]
    fn a_syntax_failure_wins_over_an_earlier_null() {
        assert_eq!(json_path(r#"{"a": null, "b": {"c": x}}"#).as_deref(), Some("b.c"));
        assert_eq!(json_path(r#"{"a": {"b": null}}"#).as_deref(), Some("null at a.b"));
    }
}
