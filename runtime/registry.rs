//! The record type of the schema registry (`apple_device_management::schemas()`).

use std::fmt;

/// The eight schema categories, one per Cargo feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Commands,
    Checkin,
    Errors,
    Profiles,
    Declarations,
    Status,
    Protocol,
    Other,
}

impl Category {
    /// Lower-case name, as used by the Cargo feature.
    pub fn name(self) -> &'static str {
        match self {
            Category::Commands => "commands",
            Category::Checkin => "checkin",
            Category::Errors => "errors",
            Category::Profiles => "profiles",
            Category::Declarations => "declarations",
            Category::Status => "status",
            Category::Protocol => "protocol",
            Category::Other => "other",
        }
    }

    /// Whether documents of this category travel as JSON (DDM) rather than plist.
    pub fn is_json(self) -> bool {
        matches!(self, Category::Declarations | Category::Status | Category::Protocol)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One schema file and the Rust type generated from it.
#[derive(Clone, Copy)]
pub struct SchemaInfo {
    pub category: Category,
    /// Path of the YAML file within Apple's schema tree.
    pub source: &'static str,
    /// `RequestType`, `PayloadType`, declaration `Type` or status item name, if any.
    pub wire_id: Option<&'static str>,
    pub title: &'static str,
    /// Full path of the main Rust type.
    pub rust_type: &'static str,
    /// Full path of the response type (commands, some check-in messages).
    pub response_type: Option<&'static str>,
    /// Every key of the schema with its constraints and resolved availability.
    pub schema: &'static super::availability::LazyTable,
}

impl fmt::Debug for SchemaInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemaInfo")
            .field("category", &self.category)
            .field("source", &self.source)
            .field("wire_id", &self.wire_id)
            .field("rust_type", &self.rust_type)
            .finish_non_exhaustive()
    }
}
