//! The one place that turns Apple's names into Rust names.
//!
//! Rules (also in docs/architecture.md, "Naming"):
//! - Types and variants: a name that already reads as a Rust type name (`ScheduleOSUpdate`,
//!   `InstallASAP`) is kept as written; anything else is split into words on non-alphanumerics
//!   and case changes, each word capitalised, and Apple's acronyms restored from a table
//!   (`wifi` → `WiFi`, `url` → `URL`, `ios` → `IOS`).
//! - Fields and modules: snake_case of the same words (`ProductVersion` → `product_version`,
//!   `AirPort.menu` → `air_port_menu`, `Disk Sleep Timer` → `disk_sleep_timer`), with the
//!   mixed-case words Apple writes read as one word each (`QoSMarkingPolicy` →
//!   `qos_marking_policy`, `EnableIPv6` → `enable_ipv6`, `AppIDs` → `app_ids`,
//!   `iCloudStorage` → `icloud_storage`).
//! - Rust keywords become raw identifiers (`r#type`), except those that cannot be raw
//!   (`self`, `super`, `crate`, `Self`), which take a `_` suffix; a leading digit gets a prefix
//!   (`_` for fields, `V` for types and variants); an empty name becomes `empty`/`Empty`.
//! - Collisions inside one scope are resolved by the caller with [`Scope`]: first come keeps
//!   the name, later ones get `2`, `3` … (fields: `_2`).
//!
//! The wire name always travels beside the Rust name; serialization uses the wire name only.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words Apple writes in a fixed case, as they should appear inside an UpperCamel name.
const ACRONYMS: &[(&str, &str)] = &[
    ("Url", "URL"),
    ("Urls", "URLs"),
    ("Uuid", "UUID"),
    ("Udid", "UDID"),
    ("Mdm", "MDM"),
    ("Dep", "DEP"),
    ("Ddm", "DDM"),
    ("Vpn", "VPN"),
    ("Dns", "DNS"),
    ("Sso", "SSO"),
    ("Esso", "ESSO"),
    ("Mcx", "MCX"),
    ("Ldap", "LDAP"),
    ("Scep", "SCEP"),
    ("Acme", "ACME"),
    ("Wifi", "WiFi"),
    ("Ios", "IOS"),
    ("Macos", "MacOS"),
    ("Tvos", "TvOS"),
    ("Icloud", "ICloud"),
    ("Airplay", "AirPlay"),
    ("Airprint", "AirPrint"),
    ("Os", "OS"),
    ("Id", "ID"),
    ("Ids", "IDs"),
    ("Http", "HTTP"),
    ("Https", "HTTPS"),
    ("Xml", "XML"),
    ("Json", "JSON"),
    ("Esim", "ESim"),
    ("Lom", "LOM"),
    ("Vpp", "VPP"),
];

/// Words Apple writes in mixed case that a snake_case splitter would tear apart
/// (`QoSMarkingPolicy` → `qo_s_…`, `EnableIPv6` → `enable_i_pv6`): each is read as one word
/// (`qos_marking_policy`, `enable_ipv6`) where it starts a word of the wire name. Longest first
/// where one is the start of another.
const MIXED_CASE_WORDS: &[(&str, &str)] = &[
    ("Wi-Fi", "Wifi"),
    ("WiFi", "Wifi"),
    ("QoS", "Qos"),
    ("IPv4", "Ipv4"),
    ("IPv6", "Ipv6"),
    ("IKEv2", "Ikev2"),
    ("PPPoE", "Pppoe"),
    ("OAuth", "Oauth"),
    ("XAuth", "Xauth"),
    ("XProtect", "Xprotect"),
    ("iPadOS", "Ipados"),
    ("iPad", "Ipad"),
    ("iPhone", "Iphone"),
    ("iCloud", "Icloud"),
    ("iTunes", "Itunes"),
    ("ITunes", "Itunes"),
    ("iChat", "Ichat"),
    ("iMessage", "Imessage"),
    ("iBeacon", "Ibeacon"),
    ("iOS", "Ios"),
    ("macOS", "Macos"),
    ("tvOS", "Tvos"),
    ("watchOS", "Watchos"),
    ("visionOS", "Visionos"),
    ("eSIM", "Esim"),
    ("AirDrop", "Airdrop"),
    ("AirPlay", "Airplay"),
    ("AirPrint", "Airprint"),
    ("FaceTime", "Facetime"),
    ("UUIDs", "Uuids"),
    ("UDIDs", "Udids"),
    ("URLs", "Urls"),
    ("IDs", "Ids"),
    ("TVs", "Tvs"),
    ("OIs", "Ois"),
    ("dNS", "Dns"),
];

/// Rewrites the mixed-case words of [`MIXED_CASE_WORDS`] where they start a word (at the
/// start, after a separator, a digit or a lower-case letter).
fn join_mixed_case_words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    let mut prev: Option<char> = None;
    'outer: while let Some(c) = rest.chars().next() {
        let at_word_start = prev.is_none_or(|p| !p.is_ascii_alphanumeric() || p.is_ascii_lowercase() || p.is_ascii_digit());
        if at_word_start {
            for (from, to) in MIXED_CASE_WORDS {
                if let Some(after) = rest.strip_prefix(from) {
                    out.push_str(to);
                    prev = from.chars().last();
                    rest = after;
                    continue 'outer;
                }
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Names of the runtime's types a user imports beside generated modules
/// (`runtime::{Data, Dictionary}`, `validate::{Finding, Rule, Report}` …). No generated type takes
/// one: a main type gets its category's word (`Data` → `DataAsset`, `Dictionary` →
/// `DictionaryPayload`), a nested type its parent's name (`…Dictionary` → `SoftwareupdateFailureReasonDictionary`).
pub const RUNTIME_TYPE_NAMES: &[&str] = &["AnyValue", "Data", "Date", "Dictionary", "Finding", "Report", "Rule", "Severity", "UnknownKeys"];

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become",
    "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

fn is_type_like(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Replaces every non-alphanumeric character with a space so heck splits on it.
fn words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn restore_acronyms(camel: &str) -> String {
    // Split the UpperCamel string into words at uppercase letters, map each word.
    let mut out = String::with_capacity(camel.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            match ACRONYMS.iter().find(|(w, _)| *w == word.as_str()) {
                Some((_, a)) => out.push_str(a),
                None => out.push_str(word),
            }
            word.clear();
        }
    };
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            flush(&mut word, &mut out);
        }
        word.push(c);
    }
    flush(&mut word, &mut out);
    out
}

/// An UpperCamel type or variant name for a wire name.
pub fn type_name(wire: &str) -> String {
    let name = if is_type_like(wire) { wire.to_string() } else { restore_acronyms(&words(wire).to_upper_camel_case()) };
    if name.is_empty() {
        return "Empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("V{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// A snake_case field or module name for a wire name, without keyword escaping.
pub fn snake_name(wire: &str) -> String {
    let name = words(&join_mixed_case_words(wire)).to_snake_case();
    if name.is_empty() {
        return "empty".to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    name
}

/// The identifier text to emit for a snake_case name: `r#type` for keywords, `self_` for the
/// keywords that cannot be raw.
pub fn escape_keyword(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Turns an identifier text (possibly `r#type`) into a `syn::Ident`.
pub fn ident(text: &str) -> proc_macro2::Ident {
    match text.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(text, proc_macro2::Span::call_site()),
    }
}

/// Names already taken in one scope (a module's types, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Reserves a name so that nothing else takes it.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_string());
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    /// Takes `preferred`, or the first of `preferred2`, `preferred3` … that is free.
    pub fn take(&mut self, preferred: &str, separator: &str) -> String {
        if self.used.insert(preferred.to_string()) {
            return preferred.to_string();
        }
        (2..).map(|n| format!("{preferred}{separator}{n}")).find(|c| self.used.insert(c.clone())).unwrap_or_default()
    }

    /// A field name for a wire key, collision-free within this scope, keyword-escaped.
    pub fn field(&mut self, wire: &str) -> String {
        let base = snake_name(wire);
        escape_keyword(&self.take(&base, "_"))
    }

    /// A type or variant name for a wire name, collision-free within this scope.
    pub fn type_name(&mut self, wire: &str) -> String {
        self.take(&type_name(wire), "")
    }
}
