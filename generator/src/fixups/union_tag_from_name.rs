//! `union-tag-from-key-name`: an alternative of a tagged array that Apple left without its tag.
//!
//! `mdm/commands/settings.yaml`'s `Settings` is an array of dictionaries told apart by their
//! `Item` value (`Wallpaper`, `Bluetooth` …; see [`Key::union_tag`]). From the 27.0 line on, its
//! `DefaultApplications` alternative has no `Item` key, so no key tells the alternatives apart
//! and the array would be ambiguous. A device tells a setting by its `Item`, which for every
//! other alternative is the alternative's own key name: at the [`SITES`] listed here, an
//! alternative without the tag gets it, required, with its key name as the one allowed value.
//!
//! The repair is made only at the listed sites (elsewhere an array without a tag stays a load
//! error), each repair is a warning of kind [`NAME`], and a listed site whose alternative has
//! its own tag again is a load error ([`LoadErrorKind::FixupObsolete`]): Apple fixed the file,
//! so the site is to be removed from the list.

use crate::error::{LoadError, LoadErrorKind, Warning};
use crate::model::{Key, KeyType, Presence, SchemaFile, Subkeys, Value};

use super::documented_key;

/// The fixup's name, the kind of its warnings.
pub const NAME: &str = "union-tag-from-key-name";

/// One alternative Apple published without its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    /// The schema file, relative to the tree.
    pub file: &'static str,
    /// The array's key path as the model builder names it (`payloadkeys.Settings`).
    pub array: &'static str,
    /// The alternative's key name.
    pub alternative: &'static str,
}

/// Every alternative repaired, with the release line it was found in.
pub const SITES: &[Site] = &[
    // 27.0 (commit 97a11a8): `DefaultApplications` (iOS 18.2+) lists `WebBrowser`, `Calling` …
    Site { file: "mdm/commands/settings.yaml", array: "payloadkeys.Settings", alternative: "DefaultApplications" },
];

/// The tag the other alternatives share: a required `<string>` key with one allowed value,
/// found in every alternative that is not one of `missing`.
fn shared_tag(alternatives: &[Key], missing: &[&str]) -> Option<String> {
    let with: Vec<&Key> = alternatives.iter().filter(|a| !missing.contains(&a.name.as_str())).collect();
    let first = with.first()?.children().iter().find(|k| k.is_required() && k.rangelist.len() == 1 && k.ty == KeyType::String)?;
    with.iter().all(|a| a.children().iter().any(|k| k.name == first.name && k.is_required() && k.rangelist.len() == 1)).then(|| first.name.clone())
}

/// Called by the model builder for an array of several alternatives with no tag to tell them
/// apart (`key` at `path` of `file`): at a listed site, gives each listed alternative that has
/// no tag key one named after it. True when the array is a tagged union afterwards.
pub(crate) fn repair(file: &str, path: &str, key: &mut Key) -> bool {
    let listed: Vec<&str> = SITES.iter().filter(|s| s.file == file && s.array == path).map(|s| s.alternative).collect();
    if listed.is_empty() || key.ty != KeyType::Array {
        return false;
    }
    let Subkeys::List(list) = &mut key.subkeys else { return false };
    let Some(tag) = shared_tag(&list.keys, &listed) else { return false };
    for alt in list.keys.iter_mut().filter(|a| listed.contains(&a.name.as_str()) && a.ty == KeyType::Dictionary) {
        if alt.children().iter().any(|k| k.name == tag) {
            continue;
        }
        let Subkeys::List(fields) = &mut alt.subkeys else { continue };
        let mut added = documented_key(
            &tag,
            KeyType::String,
            Presence::Required,
            &format!("Which setting this is (fixup `{NAME}`: Apple's file gives this alternative no `{tag}`; its value is the alternative's key name)."),
            &alt.resolved_os,
        );
        added.rangelist = vec![Value::String(alt.name.clone())];
        fields.keys.insert(0, added);
    }
    key.union_tag().is_some()
}

/// The array at a builder path (`payloadkeys.Settings`) among a file's keys.
fn array_at<'f>(file: &'f SchemaFile, path: &str) -> Option<&'f Key> {
    let (part, rest) = path.split_once('.')?;
    let list = match part {
        "payloadkeys" => file.payload_keys.as_ref()?,
        "responsekeys" => file.response_keys.as_ref()?,
        _ => return None,
    };
    let mut keys = list.keys.as_slice();
    let mut found = None;
    for name in rest.split('.') {
        let key = keys.iter().find(|k| k.name == name)?;
        keys = key.children();
        found = Some(key);
    }
    found
}

/// After a file is built: a warning for each repaired alternative (its tag has no line in the
/// YAML), and an error for each listed alternative whose tag is Apple's own again.
pub fn review(file: &SchemaFile) -> (Vec<Warning>, Vec<LoadError>) {
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    for site in SITES.iter().filter(|s| s.file == file.path) {
        let Some(array) = array_at(file, site.array) else { continue };
        let Some(tag) = array.union_tag() else { continue };
        let Some(alt) = array.children().iter().find(|a| a.name == site.alternative) else { continue };
        let Some(tag_key) = alt.children().iter().find(|k| k.name == tag) else { continue };
        let path = format!("{}.{}", site.array, site.alternative);
        if tag_key.line == 0 {
            warnings.push(Warning {
                file: file.path.clone(),
                path: path.clone(),
                message: format!("no `{tag}` key: its tag is taken from its key name (`{tag}: {}`)", site.alternative),
                kind: NAME.to_string(),
            });
        } else {
            errors.push(LoadError {
                file: file.path.clone(),
                path,
                line: tag_key.line,
                kind: LoadErrorKind::FixupObsolete { fixup: NAME, tag: tag.to_string() },
            });
        }
    }
    (warnings, errors)
}
