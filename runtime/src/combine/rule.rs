//! The combine types Apple's root schema (`docs/schema.yaml`, `payloadkeys[].combinetype`)
//! lists, one [`CombineRule`] each, read from the `combinetype` string a key table carries.

use std::fmt;

/// How the values of one key from several configurations become one (`combinetype`). What each
/// means, and where that comes from, is in the [module docs](super).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CombineRule {
    /// `boolean-or`: the logical OR of the booleans.
    BooleanOr,
    /// `boolean-and`: the logical AND of the booleans.
    BooleanAnd,
    /// `number-min`: the smallest number.
    NumberMin,
    /// `number-max`: the largest number.
    NumberMax,
    /// `enum-first`: the value whose position in the key's `rangelist` is first.
    EnumFirst,
    /// `enum-last`: the value whose position in the key's `rangelist` is last.
    EnumLast,
    /// `first`: the first value processed (the first configuration's, in the order given).
    First,
    /// `array-append`: the arrays concatenated.
    ArrayAppend,
    /// `set-union`: the unique union of the arrays' items.
    SetUnion,
    /// `set-intersection`: the unique intersection of the arrays' items.
    SetIntersection,
}

impl CombineRule {
    /// Every rule, in the order `docs/schema.yaml` lists them.
    pub const ALL: [CombineRule; 10] = [
        CombineRule::BooleanOr,
        CombineRule::BooleanAnd,
        CombineRule::NumberMin,
        CombineRule::NumberMax,
        CombineRule::EnumFirst,
        CombineRule::EnumLast,
        CombineRule::First,
        CombineRule::ArrayAppend,
        CombineRule::SetUnion,
        CombineRule::SetIntersection,
    ];

    /// The schema's spelling (`boolean-or`).
    pub const fn name(self) -> &'static str {
        match self {
            CombineRule::BooleanOr => "boolean-or",
            CombineRule::BooleanAnd => "boolean-and",
            CombineRule::NumberMin => "number-min",
            CombineRule::NumberMax => "number-max",
            CombineRule::EnumFirst => "enum-first",
            CombineRule::EnumLast => "enum-last",
            CombineRule::First => "first",
            CombineRule::ArrayAppend => "array-append",
            CombineRule::SetUnion => "set-union",
            CombineRule::SetIntersection => "set-intersection",
        }
    }

    /// The rule a `combinetype` string names; `None` for one this crate does not know (a newer
    /// schema's).
    pub fn from_name(name: &str) -> Option<CombineRule> {
        CombineRule::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for CombineRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_reads_back_and_others_are_unknown() {
        for rule in CombineRule::ALL {
            assert_eq!(CombineRule::from_name(rule.name()), Some(rule));
            assert_eq!(rule.to_string(), rule.name());
        }
        let names: std::collections::HashSet<_> = CombineRule::ALL.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), CombineRule::ALL.len(), "names are distinct");
        for other in ["", "Boolean-Or", "boolean_or", "number-median", "enum-last "] {
            assert_eq!(CombineRule::from_name(other), None, "{other:?}");
        }
    }
}
