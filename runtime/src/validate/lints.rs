//! Checks on a whole profile beyond what one schema says, each its own [`Rule`]:
//! a nested `PayloadIdentifier` not under the profile's ([`Rule::IdentifierPrefix`]), an
//! identifier that is not reverse-DNS ([`Rule::ReverseDns`]), a placeholder `PayloadUUID`
//! ([`Rule::PlaceholderUuid`]) or one that is not a UUID ([`Rule::UuidFormat`]), a payload
//! Apple allows once per profile given twice ([`Rule::SingleInstance`]), and a `PayloadScope`
//! the payload cannot be installed in on macOS ([`Rule::PayloadScope`]).

use std::collections::BTreeMap;

use super::report::{join, Finding, Rule};
use crate::availability::{DeviceContext, Platform};
use crate::{Category, Registry};

fn finding(rule: Rule, path: String, actual: Option<String>, message: String) -> Finding {
    let finding = Finding::new(rule.default_severity(), rule, path, message);
    match actual {
        Some(a) => finding.with_actual(a),
        None => finding,
    }
}

fn string_key<'a>(dict: &'a plist::Dictionary, key: &str) -> Option<&'a str> {
    dict.get(key).and_then(plist::Value::as_string)
}

/// Reverse-DNS: two or more dot-separated labels of letters, digits, `-` and `_`.
pub(crate) fn is_reverse_dns(id: &str) -> bool {
    let labels: Vec<&str> = id.split('.').collect();
    labels.len() >= 2 && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

/// The 8-4-4-4-12 hexadecimal form.
pub(crate) fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5 && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A UUID nobody generated: one digit repeated (all zeros, all `F`), or the counting examples
/// of documentation and templates.
pub(crate) fn is_placeholder_uuid(text: &str) -> bool {
    let digits: Vec<char> = text.chars().filter(|c| *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if digits.is_empty() {
        return false;
    }
    let one_digit = digits.iter().all(|c| *c == digits[0]);
    let upper = text.to_ascii_uppercase();
    one_digit
        || upper == "12345678-1234-1234-1234-123456789012"
        || upper == "12345678-1234-5678-1234-567812345678"
        || upper == "12345678-90AB-CDEF-1234-567890ABCDEF"
        || upper == "01234567-89AB-CDEF-0123-456789ABCDEF"
}

/// The identifier and UUID lints of one payload (or of the profile itself, `prefix` empty and
/// `profile_id` `None`).
pub(crate) fn identity(dict: &plist::Dictionary, prefix: &str, profile_id: Option<&str>, out: &mut Vec<Finding>) {
    if let Some(id) = string_key(dict, "PayloadIdentifier") {
        let path = join(prefix, "PayloadIdentifier");
        if !is_reverse_dns(id) {
            out.push(finding(
                Rule::ReverseDns,
                path.clone(),
                Some(id.to_string()),
                format!("PayloadIdentifier `{id}` is not reverse-DNS (such as `com.example.wifi`)"),
            ));
        }
        if let Some(parent) = profile_id.filter(|p| !id.starts_with(&format!("{p}.")) && id != *p) {
            out.push(finding(
                Rule::IdentifierPrefix,
                path,
                Some(id.to_string()),
                format!("PayloadIdentifier `{id}` does not start with the profile's `{parent}.`"),
            ));
        }
    }
    if let Some(uuid) = string_key(dict, "PayloadUUID") {
        let path = join(prefix, "PayloadUUID");
        if !is_uuid(uuid) {
            out.push(finding(Rule::UuidFormat, path, Some(uuid.to_string()), format!("PayloadUUID `{uuid}` is not a UUID (8-4-4-4-12 hexadecimal digits)")));
        } else if is_placeholder_uuid(uuid) {
            out.push(finding(
                Rule::PlaceholderUuid,
                path,
                Some(uuid.to_string()),
                format!("PayloadUUID `{uuid}` is a placeholder: generate one (`uuidgen`), or profiles that reuse it replace each other"),
            ));
        }
    }
}

/// Whether Apple allows the payload type once per profile (`multiple: false`): on the
/// context's platform when one is given, else on every platform whose entry says.
fn single_instance(reg: &Registry, payload_type: &str, ctx: Option<&DeviceContext>) -> bool {
    let Some(table) = reg.find_schema(Category::Profiles, payload_type) else { return false };
    match ctx {
        Some(ctx) => table.support(ctx.platform).is_some_and(|s| s.multiple == Some(false)),
        None => {
            let stated: Vec<bool> = Platform::ALL.iter().filter_map(|p| table.support(*p).filter(|s| s.is_supported()).and_then(|s| s.multiple)).collect();
            !stated.is_empty() && stated.iter().all(|m| !m)
        }
    }
}

/// The lints across the payloads of one profile: each type given more often than Apple
/// allows, and each payload's scope against `PayloadScope`.
pub(crate) fn across_payloads(reg: &Registry, profile: &plist::Dictionary, payloads: &[plist::Value], ctx: Option<&DeviceContext>, out: &mut Vec<Finding>) {
    let mut first_of: BTreeMap<&str, usize> = BTreeMap::new();
    let scope = string_key(profile, "PayloadScope");
    for (i, item) in payloads.iter().enumerate() {
        let Some(pt) = item.as_dictionary().and_then(|d| string_key(d, "PayloadType")) else { continue };
        let path = format!("PayloadContent[{i}].PayloadType");
        match first_of.get(pt) {
            Some(first) if single_instance(reg, pt, ctx) => out.push(finding(
                Rule::SingleInstance,
                path.clone(),
                Some(pt.to_string()),
                format!("`{pt}` is allowed once per profile; it is also at PayloadContent[{first}]"),
            )),
            Some(_) => {}
            None => {
                first_of.insert(pt, i);
            }
        }
        let Some(scope) = scope else { continue };
        let Some(mac) = reg.find_schema(Category::Profiles, pt).and_then(|t| t.support(Platform::MacOS)) else { continue };
        let refused = match scope {
            "User" => mac.userchannel == Some(false),
            "System" => mac.devicechannel == Some(false),
            _ => false,
        };
        if refused {
            let other = if scope == "User" { "System" } else { "User" };
            out.push(finding(
                Rule::PayloadScope,
                path,
                Some(pt.to_string()),
                format!("`{pt}` cannot be installed in the {scope} scope on macOS (the profile's PayloadScope); it installs in the {other} scope only"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_dns_needs_two_labels_of_plain_characters() {
        assert!(is_reverse_dns("com.example.wifi"));
        assert!(is_reverse_dns("MacBook.6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10"));
        assert!(!is_reverse_dns("wifi"));
        assert!(!is_reverse_dns("com.example..wifi"));
        assert!(!is_reverse_dns("com.example.my wifi"));
        assert!(!is_reverse_dns(""));
    }

    #[test]
    fn uuids_and_placeholders() {
        assert!(is_uuid("6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10"));
        assert!(is_uuid("6d3f2b8e-0c44-4f57-9a51-2c7a1e0b9d10"));
        assert!(!is_uuid("6D3F2B8E0C444F579A512C7A1E0B9D10"));
        assert!(!is_uuid("6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D1G"));
        assert!(is_placeholder_uuid("00000000-0000-0000-0000-000000000000"));
        assert!(is_placeholder_uuid("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assert!(is_placeholder_uuid("12345678-1234-1234-1234-123456789012"));
        assert!(!is_placeholder_uuid("6D3F2B8E-0C44-4F57-9A51-2C7A1E0B9D10"));
    }
}
