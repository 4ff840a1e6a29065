//! One view over the two document models the validator reads: `plist::Value` (XML and binary
//! plists) and `serde_json::Value` (DDM). The walker is generic over it, so JSON is validated as
//! JSON (with its `null`s and number kinds), not through a lossy conversion.

/// The kind of a value, in the schema's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Real,
    Boolean,
    Date,
    Data,
    Array,
    Dictionary,
    Null,
    Other,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::String => "<string>",
            Kind::Integer => "<integer>",
            Kind::Real => "<real>",
            Kind::Boolean => "<boolean>",
            Kind::Date => "<date>",
            Kind::Data => "<data>",
            Kind::Array => "<array>",
            Kind::Dictionary => "<dictionary>",
            Kind::Null => "null",
            Kind::Other => "another value",
        }
    }
}

/// A document value the validator can walk.
pub(crate) trait DocValue: Sized {
    /// JSON: dates and data travel as strings.
    const JSON: bool;
    fn kind(&self) -> Kind;
    fn as_str(&self) -> Option<&str>;
    fn as_i64(&self) -> Option<i64>;
    fn as_f64(&self) -> Option<f64>;
    fn as_bool(&self) -> Option<bool>;
    fn get(&self, key: &str) -> Option<&Self>;
    fn items(&self) -> &[Self];
    /// The entries of a dictionary, in document order (none for another value).
    fn entries(&self) -> impl Iterator<Item = (&str, &Self)>;
    /// Short text of a scalar for messages.
    fn show(&self) -> String;
}

impl DocValue for plist::Value {
    const JSON: bool = false;
    fn kind(&self) -> Kind {
        match self {
            plist::Value::String(_) => Kind::String,
            plist::Value::Integer(_) => Kind::Integer,
            plist::Value::Real(_) => Kind::Real,
            plist::Value::Boolean(_) => Kind::Boolean,
            plist::Value::Date(_) => Kind::Date,
            plist::Value::Data(_) => Kind::Data,
            plist::Value::Array(_) => Kind::Array,
            plist::Value::Dictionary(_) => Kind::Dictionary,
            _ => Kind::Other,
        }
    }
    fn as_str(&self) -> Option<&str> {
        self.as_string()
    }
    fn as_i64(&self) -> Option<i64> {
        self.as_signed_integer()
    }
    fn as_f64(&self) -> Option<f64> {
        match self {
            plist::Value::Real(r) => Some(*r),
            plist::Value::Integer(i) => i.as_signed().map(|v| v as f64).or_else(|| i.as_unsigned().map(|v| v as f64)),
            _ => None,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        self.as_boolean()
    }
    fn get(&self, key: &str) -> Option<&Self> {
        self.as_dictionary().and_then(|d| d.get(key))
    }
    fn items(&self) -> &[Self] {
        self.as_array().map(Vec::as_slice).unwrap_or(&[])
    }
    fn entries(&self) -> impl Iterator<Item = (&str, &Self)> {
        // One iterator of the map's own (an empty map's for another value), not a flattened
        // option of one, which the walk paid for at every entry.
        static EMPTY: std::sync::LazyLock<plist::Dictionary> = std::sync::LazyLock::new(plist::Dictionary::new);
        self.as_dictionary().unwrap_or_else(|| &EMPTY).iter().map(|(k, v)| (k.as_str(), v))
    }
    fn show(&self) -> String {
        match self {
            plist::Value::String(s) => format!("\"{s}\""),
            plist::Value::Integer(i) => i.to_string(),
            plist::Value::Real(r) => r.to_string(),
            plist::Value::Boolean(b) => b.to_string(),
            plist::Value::Date(d) => d.to_xml_format(),
            other => DocValue::kind(other).name().to_string(),
        }
    }
}

impl DocValue for serde_json::Value {
    const JSON: bool = true;
    fn kind(&self) -> Kind {
        match self {
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Kind::Integer,
            serde_json::Value::Number(_) => Kind::Real,
            serde_json::Value::Bool(_) => Kind::Boolean,
            serde_json::Value::Array(_) => Kind::Array,
            serde_json::Value::Object(_) => Kind::Dictionary,
            serde_json::Value::Null => Kind::Null,
        }
    }
    fn as_str(&self) -> Option<&str> {
        self.as_str()
    }
    fn as_i64(&self) -> Option<i64> {
        match self {
            // JSON Schema counts 3.0 as an integer; so does this validator.
            serde_json::Value::Number(n) => n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64)),
            _ => None,
        }
    }
    fn as_f64(&self) -> Option<f64> {
        self.as_f64()
    }
    fn as_bool(&self) -> Option<bool> {
        self.as_bool()
    }
    fn get(&self, key: &str) -> Option<&Self> {
        self.as_object().and_then(|o| o.get(key))
    }
    fn items(&self) -> &[Self] {
        self.as_array().map(Vec::as_slice).unwrap_or(&[])
    }
    fn entries(&self) -> impl Iterator<Item = (&str, &Self)> {
        static EMPTY: std::sync::LazyLock<serde_json::Map<String, serde_json::Value>> = std::sync::LazyLock::new(serde_json::Map::new);
        self.as_object().unwrap_or_else(|| &EMPTY).iter().map(|(k, v)| (k.as_str(), v))
    }
    fn show(&self) -> String {
        match self {
            serde_json::Value::Array(_) | serde_json::Value::Object(_) => DocValue::kind(self).name().to_string(),
            other => other.to_string(),
        }
    }
}
