//! The four kinds of DDM declaration — configuration, asset, activation, management — as
//! `DeclarationItemsResponse` lists them and the `declaration/<kind>/<identifier>` endpoint
//! names them. A schema's kind is its folder (`declarative/declarations/configurations/…`).

use std::fmt;

/// What a declaration is, by its schema's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeclarationKind {
    Activation,
    Asset,
    Configuration,
    Management,
}

impl DeclarationKind {
    /// Every kind.
    pub const ALL: [DeclarationKind; 4] = [DeclarationKind::Activation, DeclarationKind::Asset, DeclarationKind::Configuration, DeclarationKind::Management];

    /// The name in `declaration/<kind>/<identifier>` (`activation`, `asset`, `configuration`,
    /// `management`).
    pub const fn name(self) -> &'static str {
        match self {
            DeclarationKind::Activation => "activation",
            DeclarationKind::Asset => "asset",
            DeclarationKind::Configuration => "configuration",
            DeclarationKind::Management => "management",
        }
    }

    /// The kind [`name`](Self::name) names.
    pub fn from_name(name: &str) -> Option<DeclarationKind> {
        DeclarationKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind of the schema at `source` (a path in Apple's tree, as
    /// [`SchemaTable::source`](super::availability::SchemaTable::source) holds it); `None`
    /// outside the four declaration folders.
    pub fn of_source(source: &str) -> Option<DeclarationKind> {
        let folder = source.strip_prefix("declarative/declarations/")?.split_once('/')?.0;
        Some(match folder {
            "activations" => DeclarationKind::Activation,
            "assets" => DeclarationKind::Asset,
            "configurations" => DeclarationKind::Configuration,
            "management" => DeclarationKind::Management,
            _ => return None,
        })
    }
}

impl fmt::Display for DeclarationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
