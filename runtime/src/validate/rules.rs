//! The rules of a key list's scalar keys compiled to be judged in the walk's loop over a
//! dictionary's entries: a key whose only rule beyond its type is a `rangelist` of integers or
//! of strings, or a `range`, gets a [`Simple`] rule, so most of its values are found valid
//! without the call chain that judges a value from its [`KeyNode`] (a few hundred bytes over
//! several cache lines).
//!
//! A simple rule only ever confirms that a value is valid: a value it does not confirm (of
//! another kind, not in the list, out of the range, or a spelling only the full judgement
//! accepts, such as `3.0` for the integer `3`) is judged as before, so the findings are the
//! same, made by the same code.

use super::doc::{DocValue, Kind};
use super::index::Head;
use crate::availability::{KeyNode, KeyType, Scalar};

/// A scalar key's rule, in the form the walk's loop judges.
#[derive(Debug)]
pub(crate) enum Simple {
    /// Not simple: the value is judged from its key's node.
    None,
    /// A `rangelist` of integers from 0 to 63 (an `<integer>` or `<real>` key), a bit each …
    Small(u64),
    /// … or of other integers.
    Ints(Box<[i64]>),
    /// A `rangelist` of strings (a `<string>` key), each with its name-style [`Head`].
    Strs(Box<[(Head, &'static str)]>),
    /// A `range` without a `rangelist` (an `<integer>` or `<real>` key): the bounds, both
    /// inclusive.
    Range(Option<f64>, Option<f64>),
}

impl Simple {
    /// The simple rule of a key: none unless its only rule beyond its type is one `rangelist`
    /// of integers or of strings, or one `range`.
    pub(crate) fn of(k: &KeyNode) -> Simple {
        let nothing_else = k.format.is_none()
            && k.valuetype.is_none()
            && k.repetition.is_none()
            && k.union_tag.is_none()
            && k.children().is_empty()
            && !k.any
            && matches!(k.ty, KeyType::String | KeyType::Integer | KeyType::Real);
        if !nothing_else {
            return Simple::None;
        }
        let numeric = matches!(k.ty, KeyType::Integer | KeyType::Real);
        match (k.rangelist, k.range) {
            ([], Some(range)) if numeric => Simple::Range(range.min, range.max),
            ([], _) | (_, Some(_)) => Simple::None,
            (list, None) if numeric => {
                let ints: Option<Box<[i64]>> = list.iter().map(|s| if let Scalar::Int(i) = s { Some(*i) } else { None }).collect();
                match ints {
                    Some(ints) if ints.iter().all(|i| (0..64).contains(i)) => Simple::Small(ints.iter().fold(0, |m, i| m | 1 << i)),
                    Some(ints) => Simple::Ints(ints),
                    None => Simple::None,
                }
            }
            (list, None) if k.ty == KeyType::String => {
                let strs: Option<Box<[(Head, &'static str)]>> =
                    list.iter().map(|s| if let Scalar::Str(t) = s { Some((Head::of(t), *t)) } else { None }).collect();
                strs.map_or(Simple::None, Simple::Strs)
            }
            _ => Simple::None,
        }
    }

    /// Whether the rule has a form the walk's loop judges.
    pub(crate) fn is_some(&self) -> bool {
        !matches!(self, Simple::None)
    }

    /// Whether a value of `kind`, of its key's type by its kind alone, is valid by this rule
    /// for certain (false: judge it in full). The string list's search is out of line: the
    /// registers it needs made every call save and restore six.
    #[inline]
    pub(crate) fn confirms<V: DocValue>(&self, v: &V, kind: Kind) -> bool {
        match self {
            Simple::None => false,
            Simple::Small(bits) => kind == Kind::Integer && v.as_i64().is_some_and(|i| (0..64).contains(&i) && bits >> i & 1 == 1),
            Simple::Ints(list) => kind == Kind::Integer && v.as_i64().is_some_and(|i| list.contains(&i)),
            Simple::Strs(list) => kind == Kind::String && v.as_str().is_some_and(|s| one_of(list, s)),
            Simple::Range(min, max) => {
                matches!(kind, Kind::Integer | Kind::Real) && v.as_f64().is_some_and(|x| !min.is_some_and(|m| x < m) && !max.is_some_and(|m| x > m))
            }
        }
    }
}

/// Whether `s` is one of a string `rangelist` (with the strings' [`Head`]s).
#[inline(never)]
fn one_of(list: &[(Head, &'static str)], s: &str) -> bool {
    let head = Head::of(s);
    list.iter().any(|(h, t)| *h == head && (s.len() <= 16 || *t == s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::Range;

    static INTS: [Scalar; 3] = [Scalar::Int(0), Scalar::Int(2), Scalar::Int(-7)];
    static STRS: [Scalar; 3] = [Scalar::Str("Never"), Scalar::Str("Always"), Scalar::Str("OnlyWhenTheDeviceIsSupervised")];
    static MIXED: [Scalar; 2] = [Scalar::Str("a"), Scalar::Int(1)];

    #[test]
    fn only_lists_and_ranges_alone_are_simple() {
        let ints = KeyNode { ty: KeyType::Integer, rangelist: &INTS, ..KeyNode::EMPTY };
        assert!(matches!(Simple::of(&ints), Simple::Ints(_)));
        assert!(matches!(Simple::of(&KeyNode { ty: KeyType::String, rangelist: &STRS, ..KeyNode::EMPTY }), Simple::Strs(_)));
        let range = Some(Range { min: Some(1.0), max: None });
        assert!(matches!(Simple::of(&KeyNode { ty: KeyType::Real, range, ..KeyNode::EMPTY }), Simple::Range(Some(_), None)));
        // A list with a range, a format, mixed items, or strings on a number key: judged in full.
        assert!(!Simple::of(&KeyNode { range, ..ints }).is_some());
        assert!(!Simple::of(&KeyNode { format: Some("^a$"), ..ints }).is_some());
        assert!(!Simple::of(&KeyNode { ty: KeyType::String, rangelist: &MIXED, ..KeyNode::EMPTY }).is_some());
        assert!(!Simple::of(&KeyNode { ty: KeyType::Integer, rangelist: &STRS, ..KeyNode::EMPTY }).is_some());
        assert!(!Simple::of(&KeyNode { ty: KeyType::Date, range, ..KeyNode::EMPTY }).is_some());
        assert!(!Simple::of(&KeyNode { ty: KeyType::String, ..KeyNode::EMPTY }).is_some());
    }

    #[test]
    fn a_rule_confirms_only_values_it_holds() {
        let ints = Simple::of(&KeyNode { ty: KeyType::Integer, rangelist: &INTS, ..KeyNode::EMPTY });
        let strs = Simple::of(&KeyNode { ty: KeyType::String, rangelist: &STRS, ..KeyNode::EMPTY });
        let range = Simple::of(&KeyNode { ty: KeyType::Real, range: Some(Range { min: Some(1.0), max: Some(180.0) }), ..KeyNode::EMPTY });
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).expect("JSON");
        let confirms = |rule: &Simple, text: &str| {
            let v = json(text);
            rule.confirms(&v, DocValue::kind(&v))
        };
        for (rule, yes, no) in [
            (&ints, &["0", "2", "-7"][..], &["1", "2.0", "\"2\"", "true"][..]),
            (&strs, &["\"Never\"", "\"OnlyWhenTheDeviceIsSupervised\""], &["\"never\"", "\"OnlyWhenTheDeviceIsSupervisee\"", "\"\"", "3"]),
            (&range, &["1", "180", "1.5"], &["0", "180.5", "\"5\""]),
        ] {
            for text in yes {
                assert!(confirms(rule, text), "{text}");
            }
            for text in no {
                assert!(!confirms(rule, text), "{text}");
            }
        }
        let plist = plist::Value::Integer(2.into());
        assert!(ints.confirms(&plist, DocValue::kind(&plist)));
        static SMALL: [Scalar; 3] = [Scalar::Int(0), Scalar::Int(5), Scalar::Int(63)];
        let small = Simple::of(&KeyNode { ty: KeyType::Integer, rangelist: &SMALL, ..KeyNode::EMPTY });
        assert!(matches!(small, Simple::Small(_)));
        for (text, valid) in [("0", true), ("5", true), ("63", true), ("1", false), ("64", false), ("-1", false), ("69", false), ("5.0", false)] {
            assert_eq!(confirms(&small, text), valid, "{text}");
        }
    }
}
