//! Why configurations could not be combined at all ([`CombineError`]). A value that cannot
//! take part is not an error but a [`Conflict`](super::Conflict).

use crate::DeclarationKind;

/// Why [`combine`](super::combine) gave no result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CombineError {
    /// The schemas describe no declaration of this `Type`.
    #[error("`{declaration_type}` is not a declaration type the schemas describe")]
    UnknownType { declaration_type: String },
    /// Only configurations combine; this is an activation, asset or management declaration.
    #[error("`{declaration_type}` is {kind} declaration type: only configurations combine", kind = article(*.kind))]
    NotAConfiguration { declaration_type: String, kind: Option<DeclarationKind> },
    /// The schema gives no key a `combinetype`: Apple applies configurations of this type one
    /// by one (`apply: single` or `multiple`), never combined.
    #[error("`{declaration_type}` configurations are not combined: its schema gives no key a combine type")]
    NotCombined { declaration_type: String },
    /// A payload is not a JSON object.
    #[error("configuration {index} is {actual}, not a payload dictionary")]
    NotAnObject { index: usize, actual: &'static str },
    /// A payload is a whole declaration (`Type`, `Identifier`, `Payload`): give its `Payload`.
    #[error("configuration {index} is a whole declaration: give its `Payload`")]
    WholeDeclaration { index: usize },
    /// A key's `combinetype` is one this crate does not know (a newer schema's), and a
    /// configuration gives the key.
    #[error("`{path}` has the combine type `{combinetype}`, which this crate does not know")]
    UnknownCombineType { path: String, combinetype: String },
    /// An `enum-first` / `enum-last` key has no `rangelist` to rank its values by.
    #[error("`{path}` combines by `rangelist` position but has no `rangelist`")]
    NoRangelist { path: String },
    /// A typed payload could not be written as JSON.
    #[error("a payload could not be written as JSON: {0}")]
    Encode(String),
    /// The effective payload does not decode as the type asked for.
    #[error("the effective payload does not decode: {0}")]
    Decode(String),
}

fn article(kind: Option<DeclarationKind>) -> &'static str {
    match kind {
        Some(DeclarationKind::Activation) => "an activation",
        Some(DeclarationKind::Asset) => "an asset",
        Some(DeclarationKind::Management) => "a management",
        Some(DeclarationKind::Configuration) => "a configuration",
        None => "not a configuration",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_type() {
        let e = CombineError::NotAConfiguration { declaration_type: "com.apple.asset.data".into(), kind: Some(DeclarationKind::Asset) };
        assert_eq!(e.to_string(), "`com.apple.asset.data` is an asset declaration type: only configurations combine");
        let e = CombineError::UnknownCombineType { path: "A.B".into(), combinetype: "number-median".into() };
        assert_eq!(e.to_string(), "`A.B` has the combine type `number-median`, which this crate does not know");
        let e = CombineError::NotAnObject { index: 2, actual: "<array>" };
        assert_eq!(e.to_string(), "configuration 2 is <array>, not a payload dictionary");
    }
}
