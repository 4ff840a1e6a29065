//! Combined DDM configurations: the effective value of configurations of one type that apply
//! together on a device, key by key, by each key's `combinetype`.
//!
//! A configuration schema says how a device applies several configurations of its type
//! (`payload.apply`): `single` (one of them), `multiple` (each on its own) or `combined` ("all
//! configurations are combined into a single effective configuration"); each key of a combined
//! type says how its values combine (`combinetype`). Both are described in Apple's root schema,
//! `docs/schema.yaml` of the `device-management` tree (release-18.1); the key tables carry
//! `combinetype` but not `apply`, so a type counts as combined when some key of its schema has
//! a `combinetype`: in release-18.1 exactly the six `apply: combined` types have one
//! (`passcode.settings`, `softwareupdate.settings`, `math.settings`,
//! `diskmanagement.settings`, `safari.extensions.settings`, `management.status-subscriptions`;
//! a workspace test holds the two to each other).
//!
//! # The rules
//!
//! Quoted: `docs/schema.yaml`'s description of each combine type. Every rule combines the
//! values of the configurations that give the key, in the order given.
//!
//! | `combinetype` | Apple's description | here | used in release-18.1 by |
//! | --- | --- | --- | --- |
//! | `boolean-or` | "combined using a logical OR operation" | OR of the booleans | `passcode.settings` `RequirePasscode` …, `math.settings` `AddSquareRoot` |
//! | `boolean-and` | "combined using a logical AND operation" | AND of the booleans | `softwareupdate.settings` `Notifications`, `math.settings` `…Mode.Enabled` |
//! | `number-min` | "combined by using the smallest value" | the smallest number | `passcode.settings` `MaximumFailedAttempts`, `MaximumInactivityInMinutes` … |
//! | `number-max` | "combined by using the largest value" | the largest number | `passcode.settings` `MinimumLength`, `softwareupdate.settings` `Deferrals.*PeriodInDays` |
//! | `enum-first` | "the value whose position is first in the range list" | the value given whose position in the key's `rangelist` is first | none (later releases: `safari.settings`) |
//! | `enum-last` | "the value whose position is last in the range list" | the value given whose position in the key's `rangelist` is last | `softwareupdate.settings` `AutomaticActions.*`, `diskmanagement.settings` `Restrictions.*`, `safari.extensions.settings` `State` |
//! | `first` | "combined by using the first value that is processed" | the first configuration's value, in the order given | `softwareupdate.settings` `Beta.RequireProgram` |
//! | `array-append` | "concatenating the values in each array into a new array" | the arrays' items, one array after another | none |
//! | `set-union` | "the unique union of all values in each array" | each distinct item once, in the order it first appears | `management.status-subscriptions` `StatusItems`, `softwareupdate.settings` `Beta.OfferPrograms`, `safari.extensions.settings` `AllowedDomains` |
//! | `set-intersection` | "the unique intersection of all values in each array" | each distinct item of the first array that every other array given has, in the first array's order | none (later releases: `app.settings`) |
//!
//! What Apple does not say, decided here:
//!
//! - **Order.** Apple does not document the order in which a device processes configurations:
//!   the order given is the order processed (`first` takes the first configuration given; a tie
//!   of `number-*` or `enum-*` values names the first configuration given as the source).
//! - **Absent keys** take no part: a configuration that leaves a key out neither adds its
//!   default nor restricts `set-intersection`. In release-18.1 every default of a combined key
//!   is neutral for its rule (`boolean-or` false, `boolean-and` true, `number-max` the range's
//!   minimum, `number-min` its maximum, `enum-last` the `rangelist`'s first value), so adding
//!   defaults would change nothing; a workspace test holds every schema to it.
//! - **Nested dictionaries.** A dictionary with no `combinetype` whose keys (or those of
//!   dictionaries beneath it) have one is combined key by key (`softwareupdate.settings`'
//!   `Deferrals`, `math.settings`' `Calculator.BasicMode`); a free-form (`ANY`) key by each name
//!   the configurations give (`safari.extensions.settings`' `ManagedExtensions`, one entry per
//!   extension).
//! - **Keys without a `combinetype`** (`passcode.settings`' `CustomRegex`), and keys the schema
//!   does not describe: the schemas say nothing on how they combine. The first configuration's
//!   value is taken whole, as `first` would ([`HowCombined::NoCombineType`],
//!   [`HowCombined::NotInSchema`]), and every configuration whose value differs is reported
//!   ([`ConflictKind::Differs`]): two regular expressions are not merged, and which one a
//!   device keeps is for the administrator to settle.
//! - **Values of another type** than the rule combines (a string for a `number-max` key, a
//!   dictionary for a `set-union` key), array items of another type than the item key, and
//!   `enum-*` values the `rangelist` does not list (they have no position) are left out and
//!   reported ([`ConflictKind::WrongType`], [`ConflictKind::NotInRangelist`]). A key all of
//!   whose values are left out is not in the effective payload. Types are judged as the
//!   validator judges DDM's JSON (`3.0` is an integer); nothing else is checked (a number out
//!   of `range` combines like any): validate the configurations for that.
//!
//! # Errors
//!
//! [`CombineError`]: a `Type` the schemas do not know, one that is not a configuration or not
//! combined, a payload that is not a JSON object (or is a whole declaration), and a
//! `combinetype` this crate does not know (a newer schema's) on a key a configuration gives.
//! Nothing panics on input.
//!
//! ```
//! use apple_device_management::runtime::combine::{CombineRule, HowCombined};
//! use serde_json::json;
//!
//! let a = json!({"MinimumLength": 6, "MaximumFailedAttempts": 10, "RequireAlphanumericPasscode": false});
//! let b = json!({"MinimumLength": 8, "MaximumFailedAttempts": 5});
//! let combined = apple_device_management::runtime::combine("com.apple.configuration.passcode.settings", &[&a, &b])?;
//! assert_eq!(combined.payload, json!({"MinimumLength": 8, "MaximumFailedAttempts": 5, "RequireAlphanumericPasscode": false}));
//! let min_length = combined.key("MinimumLength").expect("combined");
//! assert_eq!((min_length.how, min_length.source), (HowCombined::Rule(CombineRule::NumberMax), Some(1)));
//! # Ok::<(), apple_device_management::runtime::combine::CombineError>(())
//! ```

mod error;
mod report;
mod rule;
mod values;
mod walk;

pub use error::CombineError;
pub use report::{Combined, Conflict, ConflictKind, HowCombined, KeyCombination};
pub use rule::CombineRule;

use serde_json::Value;

use crate::{Category, DeclarationKind, DeclarationPayload, Registry};

/// Combines `payloads` (the `Payload` of each configuration of `declaration_type`, in the order
/// the device processes them) into the effective payload, by each key's `combinetype` (see the
/// [module docs](self)).
pub fn combine(registry: &Registry, declaration_type: &str, payloads: &[&Value]) -> Result<Combined, CombineError> {
    let info =
        registry.find(Category::Declarations, declaration_type).ok_or_else(|| CombineError::UnknownType { declaration_type: declaration_type.to_string() })?;
    let kind = DeclarationKind::of_source(info.source);
    if kind != Some(DeclarationKind::Configuration) {
        return Err(CombineError::NotAConfiguration { declaration_type: declaration_type.to_string(), kind });
    }
    let keys = info.schema.table().keys;
    if !walk::any_combinetype(keys) {
        return Err(CombineError::NotCombined { declaration_type: declaration_type.to_string() });
    }
    let mut objects = Vec::with_capacity(payloads.len());
    for (index, payload) in payloads.iter().enumerate() {
        let object = payload.as_object().ok_or(CombineError::NotAnObject { index, actual: report::json_kind(payload) })?;
        let described = |name: &str| keys.iter().any(|k| k.name == name);
        let envelope = object.get("Type").is_some_and(Value::is_string) && object.get("Payload").is_some_and(Value::is_object);
        if envelope && !described("Type") && !described("Payload") {
            return Err(CombineError::WholeDeclaration { index });
        }
        objects.push((index, object));
    }
    let mut combined = Combined { payload: Value::Null, keys: Vec::new(), conflicts: Vec::new() };
    combined.payload = Value::Object(walk::object(keys, &objects, "", &mut combined)?);
    Ok(combined)
}

/// [`combine`] for typed payloads (generated declaration types): the effective payload as the
/// same type, and how it was combined.
pub fn combine_payloads<P: DeclarationPayload>(registry: &Registry, payloads: &[&P]) -> Result<(P, Combined), CombineError> {
    let values = payloads.iter().map(|p| serde_json::to_value(p).map_err(|e| CombineError::Encode(e.to_string()))).collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&Value> = values.iter().collect();
    let combined = combine(registry, P::DECLARATION_TYPE, &refs)?;
    Ok((combined.decode()?, combined))
}

#[cfg(test)]
mod tests;
