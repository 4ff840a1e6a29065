//! One profile payload, judged against every schema that describes its `PayloadType`.
//!
//! Apple splits some payload types over several files that share the `PayloadType`
//! (`com.apple.MCX` over `com.apple.MCX(TimeServer)`, `com.apple.MCX(EnergySaver)` …): a key
//! is known when any of them describes it, and each key is judged by the schema that describes
//! it. A schema of the split is consulted for its required keys only when the payload uses it
//! (holds a key of its own, not one of the keys every payload has). A payload whose type no
//! schema describes is still judged on the keys every payload has (`CommonPayloadKeys.yaml`).

use std::collections::BTreeSet;

use super::document::one;
use super::report::{join, Finding, Report, Rule, Severity};
use super::suggest::{char_mask, suggest};
use crate::availability::{DeviceContext, Part, SchemaTable};
use crate::{Category, Registry};

/// The schema of the keys every payload has.
const COMMON: &str = "CommonPayloadKeys";

fn top_level_names(table: &SchemaTable) -> impl Iterator<Item = &'static str> {
    table.keys.iter().filter(|k| !k.any).map(|k| k.name)
}

/// Judges `item` (a payload at `prefix`) into `report`; availability too, given a context.
pub(crate) fn judge(reg: &Registry, item: &plist::Value, prefix: &str, ctx: Option<&DeviceContext>, report: &mut Report) {
    let payload_type = item.as_dictionary().and_then(|d| d.get("PayloadType")).and_then(plist::Value::as_string);
    let tables: Vec<&'static SchemaTable> = match payload_type {
        Some(pt) => reg.find_all(Category::Profiles, pt).iter().map(|s| s.schema.table()).collect(),
        None => Vec::new(),
    };
    match tables.as_slice() {
        [] => unknown_type(reg, item, prefix, payload_type, ctx, report),
        [table] => one(table, Part::Payload, item, prefix, &[], ctx, true, report),
        split => split_type(reg, split, item, prefix, ctx, report),
    }
}

/// A payload whose type no schema describes: the keys every payload has are judged (the
/// others are not reported as unknown), and one warning says the rest was not validated.
fn unknown_type(reg: &Registry, item: &plist::Value, prefix: &str, payload_type: Option<&str>, ctx: Option<&DeviceContext>, report: &mut Report) {
    let present: Vec<&str> = item.as_dictionary().map(|d| d.keys().map(String::as_str).collect()).unwrap_or_default();
    if let Some(common) = reg.find_schema(Category::Profiles, COMMON) {
        // No availability: the common keys' own support says nothing of an unknown type.
        one(common, Part::Payload, item, prefix, &present, ctx, false, report);
    }
    if let Some(pt) = payload_type {
        let message = format!("no schema for PayloadType `{pt}`; only the keys every payload has were validated");
        report.findings.push(Finding::new(Severity::Warning, Rule::UnknownSchema, join(prefix, "PayloadType"), message).with_actual(pt.to_string()));
    }
}

/// A payload type split over several schemas (see the module).
fn split_type(reg: &Registry, tables: &[&'static SchemaTable], item: &plist::Value, prefix: &str, ctx: Option<&DeviceContext>, report: &mut Report) {
    let Some(dict) = item.as_dictionary() else {
        one(tables[0], Part::Payload, item, prefix, &[], ctx, true, report);
        return;
    };
    let common: BTreeSet<&str> = reg.find_schema(Category::Profiles, COMMON).map(|t| top_level_names(t).collect()).unwrap_or_default();
    let used = |t: &&'static SchemaTable| top_level_names(t).any(|k| !common.contains(k) && dict.contains_key(k));
    let mut in_use: Vec<&'static SchemaTable> = tables.iter().copied().filter(used).collect();
    if in_use.is_empty() {
        in_use.push(tables[0]);
    }
    let present: Vec<&str> = dict.keys().map(String::as_str).collect();
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (i, table) in in_use.iter().enumerate() {
        let mut one_report = Report::default();
        if i == 0 {
            // The first schema in use reports the keys no schema of the type describes.
            let others: Vec<&str> = tables.iter().filter(|t| !std::ptr::eq(**t, *table)).flat_map(|t| top_level_names(t)).collect();
            one(table, Part::Payload, item, prefix, &others, ctx, true, &mut one_report);
        } else {
            one(table, Part::Payload, item, prefix, &present, ctx, true, &mut one_report);
        }
        for mut f in one_report.findings {
            if i == 0 && f.rule == Rule::UnknownKey && f.suggestion().is_none() {
                // A close key of any schema of the type, not only of the one that reported.
                if let Some(key) = f.actual().filter(|k| f.path() == join(prefix, k)).map(str::to_string) {
                    let known = tables.iter().flat_map(|t| top_level_names(t)).map(|k| (k, char_mask(k)));
                    f = f.with_suggestion(suggest(&key, known).map(str::to_string));
                }
            }
            // The keys every payload has are judged by each schema alike: reported once.
            if seen.insert((f.path().to_string(), f.rule.name(), f.message().into_owned())) {
                report.findings.push(f);
            }
        }
    }
}
