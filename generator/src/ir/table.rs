//! Key tables: for each module, the payload and response keys as a tree that keeps every
//! constraint the schema states (type, presence, allowed values, bounds, format, value type,
//! repetition, union tag) and the resolved `supportedOS` of each key. The generated crate
//! writes them as text (read on first use by the runtime) for availability checks and validation.
//!
//! The tree mirrors the model: shared anchors are one subtree per occurrence, and a recursive
//! alias stays a [`KeyChildren::Recursive`] reference to the ancestor list it repeats, never
//! expanded. That ancestor's table is marked [`KeyTable::recursion_target`] so emission can
//! name it.

use std::collections::BTreeSet;

use crate::load::NodeId;
use crate::model::{Key, KeyList, KeyType, Range, Repetition, Subkeys, SupportedOs, Value};

/// A list of keys: `payloadkeys`, `responsekeys`, or a key's `subkeys`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTable {
    /// The YAML list this came from; what [`KeyChildren::Recursive`] refers to.
    pub list: NodeId,
    /// Some key beneath refers back to this list.
    pub recursion_target: bool,
    pub keys: Vec<KeyNode>,
}

/// One key with every constraint the schema states.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyNode {
    /// The wire name (an array item's placeholder name, `ANY …` for free-form keys).
    pub name: String,
    pub ty: KeyType,
    pub required: bool,
    /// Required, but not everywhere its dictionary exists (see `SupportedOs::narrows`): the
    /// validator judges its absence in context, and its field is an `Option`.
    pub narrowed: bool,
    /// `ANY` / `ANY <what>`: free-form keys of a dictionary.
    pub any: bool,
    pub default: Option<Value>,
    pub rangelist: Vec<Value>,
    pub range: Option<Range>,
    pub format: Option<String>,
    pub valuetype: Option<String>,
    pub repetition: Option<Repetition>,
    pub combinetype: Option<String>,
    /// For an array of alternative dictionaries, the key that tells them apart.
    pub union_tag: Option<String>,
    /// `supportedOS` with inheritance from the payload and enclosing keys applied.
    pub support: SupportedOs,
    pub children: KeyChildren,
}

/// What is beneath a key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyChildren {
    None,
    List(KeyTable),
    /// The nearest ancestor list with this id (a recursive schema).
    Recursive(NodeId),
}

/// Builds the table of a key list.
/// Builds the table of a key list.
pub fn key_table(list: &KeyList) -> KeyTable {
    let mut pending = BTreeSet::new();
    table(list, &mut pending)
}

/// `pending`: recursive references found beneath and not yet matched with their ancestor.
fn table(list: &KeyList, pending: &mut BTreeSet<NodeId>) -> KeyTable {
    let mut below = BTreeSet::new();
    let keys = list.keys.iter().map(|k| node(k, &mut below)).collect();
    let recursion_target = below.remove(&list.id);
    pending.extend(below);
    KeyTable { list: list.id, recursion_target, keys }
}

fn node(key: &Key, pending: &mut BTreeSet<NodeId>) -> KeyNode {
    let children = match &key.subkeys {
        Subkeys::None => KeyChildren::None,
        Subkeys::List(list) => KeyChildren::List(table(list, pending)),
        Subkeys::Recursive(id) => {
            pending.insert(*id);
            KeyChildren::Recursive(*id)
        }
    };
    KeyNode {
        name: key.name.clone(),
        ty: key.ty,
        required: key.is_required(),
        narrowed: key.is_required() && key.narrowed,
        any: key.is_any(),
        default: key.default.clone(),
        rangelist: key.rangelist.clone(),
        range: key.range.clone(),
        format: key.format.clone(),
        valuetype: key.valuetype.clone(),
        repetition: key.repetition,
        combinetype: key.combinetype.clone(),
        union_tag: key.union_tag().map(str::to_string),
        support: key.resolved_os.clone(),
        children,
    }
}

impl KeyTable {
    /// Number of keys in the tree (recursive references count once).
    pub fn len(&self) -> usize {
        self.keys.iter().map(|k| 1 + if let KeyChildren::List(t) = &k.children { t.len() } else { 0 }).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Os, OsSupport, VersionSpec};

    fn key(name: &str, ty: KeyType, subkeys: Subkeys) -> Key {
        Key {
            name: name.into(),
            line: 0,
            ty,
            presence: None,
            title: None,
            content: None,
            default: None,
            rangelist: Vec::new(),
            range: None,
            format: None,
            valuetype: None,
            repetition: None,
            combinetype: None,
            assettypes: Vec::new(),
            asset_content_types: Vec::new(),
            subkeytype: None,
            supported_os: SupportedOs::default(),
            resolved_os: SupportedOs::default(),
            narrowed: false,
            subkeys,
            extra: Default::default(),
        }
    }

    #[test]
    fn recursion_marks_the_nearest_ancestor_and_is_not_expanded() {
        // Folder { Pages: [ [ Folder… ] ] } with the inner list referring back to list 1.
        let inner = key("Folder", KeyType::Dictionary, Subkeys::Recursive(1));
        let pages = key("Pages", KeyType::Array, Subkeys::List(KeyList { id: 2, keys: vec![inner] }));
        let mut folder = key("Folder", KeyType::Dictionary, Subkeys::List(KeyList { id: 1, keys: vec![pages] }));
        folder.resolved_os = SupportedOs([(Os::IOS, OsSupport { introduced: VersionSpec::parse("9.3"), ..Default::default() })].into_iter().collect());
        let t = key_table(&KeyList { id: 0, keys: vec![folder] });
        assert!(!t.recursion_target);
        let KeyChildren::List(folder_list) = &t.keys[0].children else { panic!("folder has a list") };
        assert!(folder_list.recursion_target);
        let KeyChildren::List(pages_list) = &folder_list.keys[0].children else { panic!("pages has a list") };
        assert!(!pages_list.recursion_target);
        assert_eq!(pages_list.keys[0].children, KeyChildren::Recursive(1));
        assert_eq!(t.len(), 3);
        assert!(t.keys[0].support.get(Os::IOS).is_some());
    }
}
