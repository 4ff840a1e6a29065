//! Key lists laid out for lookups. A [`KeyNode`] is a few hundred bytes, so scanning a list's
//! nodes for a name touches a cache line or more per key; the walk instead searches an index
//! of each list built on first use: the named keys side by side, each a [`Slot`] of 40 bytes
//! with its name's [`Head`] (a name is told from another by its length and first and last
//! eight bytes, and a longer one by the words between, without a `memcmp` call), its position
//! and its [`Check`] (most values need nothing else), so a lookup and the judgement of most
//! values read one cache line; a hash table of them for lists of more than [`LINEAR`] names,
//! how many are required, the `ANY` key, and links to the indexes
//! of the lists beneath (so the walk looks an index up once per document, not once per
//! dictionary). Indexes live as long as the program (one per key list of the generated
//! tables, which are `'static` too), in a shared map, looked up through a per-thread cache so
//! the walk takes no lock.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, OnceLock};

use super::suggest::{char_mask, suggest};
use crate::availability::{KeyNode, KeyType};

/// A name's length with its first and last eight bytes (overlapping for short names, zero
/// padded below eight): names of up to 16 bytes are equal exactly when their heads are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Head {
    len: usize,
    first: u64,
    last: u64,
}

impl Head {
    #[inline]
    pub(crate) fn of(name: &str) -> Head {
        let b = name.as_bytes();
        let len = b.len();
        // Fixed-size loads (no `memcpy` call), overlapping: for a name shorter than eight
        // bytes, its first and last four (or its first, middle and last byte) hold every byte.
        let word = |at: usize| b.get(at..).and_then(|s| s.first_chunk::<8>()).map_or(0, |w| u64::from_le_bytes(*w));
        let half = |at: usize| b.get(at..).and_then(|s| s.first_chunk::<4>()).map_or(0, |w| u64::from(u32::from_le_bytes(*w)));
        let byte = |at: usize| b.get(at).map_or(0, |&c| u64::from(c));
        if len >= 8 {
            Head { len, first: word(0), last: word(len - 8) }
        } else if len >= 4 {
            Head { len, first: half(0) | half(len - 4) << 32, last: 0 }
        } else {
            Head { len, first: byte(0) | byte(len / 2) << 8 | byte(len.wrapping_sub(1)) << 16, last: 0 }
        }
    }

    /// A hash of the head for [`ListIndex`]'s table.
    #[inline]
    fn hash(self) -> usize {
        let mixed = (self.first ^ self.last.rotate_left(29) ^ self.len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize
    }
}

/// Whether two names of one length over 16 bytes, whose first and last eight bytes are equal,
/// are equal: the bytes between compared eight at a time, the last word overlapping the one
/// before it (the middles of key names are short: a `memcmp` call costs more than the
/// comparison).
#[inline]
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    let word = |s: &[u8], at: usize| s.get(at..).and_then(|s| s.first_chunk::<8>()).map(|w| u64::from_le_bytes(*w));
    let end = a.len().saturating_sub(16);
    let mut at = 8;
    while at < end {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    word(a, end) == word(b, end)
}

/// What the walk needs of one key at a glance: enough to judge most values without reading
/// the [`KeyNode`] (a few hundred bytes, spread over several cache lines).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Check {
    pub(crate) ty: KeyType,
    /// `presence: required` on a named key.
    pub(crate) required: bool,
    /// Nothing to check beyond the type: no `rangelist`, `range`, `format`, `valuetype`,
    /// `repetition`, union tag or keys beneath, and not a `<date>`/`<data>` (JSON carries
    /// those as strings, whose form is checked).
    pub(crate) plain: bool,
}

impl Check {
    fn of(k: &KeyNode) -> Check {
        let plain = k.rangelist.is_empty()
            && k.range.is_none()
            && k.format.is_none()
            && k.valuetype.is_none()
            && k.repetition.is_none()
            && k.union_tag.is_none()
            && k.children().is_empty()
            && !matches!(k.ty, KeyType::Date | KeyType::Data);
        Check { ty: k.ty, required: k.required && !k.any, plain }
    }
}

/// Lists with at most this many named keys are searched name by name; longer ones by hash.
const LINEAR: usize = 8;

/// One named key of a list as a lookup reads it: its name's head, the name, its position in
/// the list and its [`Check`], side by side (40 bytes: a lookup and the judgement of most
/// values touch one cache line or two).
#[derive(Debug, Clone, Copy)]
struct Slot {
    first: u64,
    last: u64,
    name: &'static str,
    position: u32,
    check: Check,
}

impl Slot {
    /// Whether `name`, whose head is `head`, is this key's name.
    #[inline]
    fn matches(&self, head: Head, name: &str) -> bool {
        self.name.len() == head.len
            && self.first == head.first
            && self.last == head.last
            && (head.len <= 16 || same_middle(self.name.as_bytes(), name.as_bytes()))
    }
}

/// What the walk needs of one key list.
pub(crate) struct ListIndex {
    /// The list itself.
    keys: &'static [KeyNode],
    /// Per key of the list: its [`Check`] …
    checks: Box<[Check]>,
    /// … and the index of the list beneath it, built on first use (a recursive list's index
    /// is the ancestor's, found in the shared map, so building stops).
    children: Box<[OnceLock<&'static ListIndex>]>,
    /// The named (not `ANY`) keys, in list order …
    slots: Box<[Slot]>,
    /// … and their [`char_mask`]s (for suggestions).
    masks: Box<[u64]>,
    /// For a long list (more than [`LINEAR`] named keys): a hash table of the named keys
    /// (slot: 1 + the key's number among them, 0 when empty), twice as large as needed.
    table: Box<[u16]>,
    /// How many named keys are required.
    pub(crate) required: usize,
    /// The position of the `ANY` key (the first, if a list had several).
    pub(crate) any: Option<usize>,
}

impl ListIndex {
    fn new(keys: &'static [KeyNode]) -> Self {
        let named: Vec<(usize, &'static KeyNode)> = keys.iter().enumerate().filter(|(_, k)| !k.any).collect();
        let slots: Box<[Slot]> = named
            .iter()
            .map(|(i, k)| {
                let head = Head::of(k.name);
                Slot { first: head.first, last: head.last, name: k.name, position: u32::try_from(*i).unwrap_or(u32::MAX), check: Check::of(k) }
            })
            .collect();
        let mut table = vec![0u16; if named.len() > LINEAR && named.len() < usize::from(u16::MAX) { (2 * named.len()).next_power_of_two() } else { 0 }];
        if !table.is_empty() {
            let mask = table.len() - 1;
            for (i, (_, k)) in named.iter().enumerate() {
                let mut slot = Head::of(k.name).hash() & mask;
                while table[slot] != 0 {
                    slot = (slot + 1) & mask;
                }
                table[slot] = u16::try_from(i + 1).unwrap_or(0);
            }
        }
        ListIndex {
            table: table.into_boxed_slice(),
            keys,
            checks: keys.iter().map(Check::of).collect(),
            children: keys.iter().map(|_| OnceLock::new()).collect(),
            slots,
            masks: named.iter().map(|(_, k)| char_mask(k.name)).collect(),
            required: named.iter().filter(|(_, k)| k.required).count(),
            any: keys.iter().position(|k| k.any),
        }
    }

    /// The list.
    pub(crate) fn keys(&self) -> &'static [KeyNode] {
        self.keys
    }

    /// The key at a position of the list.
    #[inline]
    pub(crate) fn node(&self, position: usize) -> &'static KeyNode {
        &self.keys[position]
    }

    /// The [`Check`] of the key at a position.
    #[inline]
    pub(crate) fn check(&self, position: usize) -> Check {
        self.checks[position]
    }

    /// The required named keys, with their positions.
    pub(crate) fn required_keys(&self) -> impl Iterator<Item = (usize, &'static KeyNode)> + '_ {
        self.slots.iter().filter(|s| s.check.required).map(|s| (s.position as usize, &self.keys[s.position as usize]))
    }

    /// The `ANY` key's position and [`Check`], if the list has one.
    #[inline]
    pub(crate) fn any_key(&self) -> Option<(usize, Check)> {
        self.any.map(|p| (p, self.checks[p]))
    }

    /// The index of the list beneath the key at a position.
    #[inline]
    pub(crate) fn child(&self, position: usize) -> &'static ListIndex {
        self.children[position].get_or_init(|| index(self.keys[position].children()))
    }

    /// The position of the named key called `name`, searched from `cursor` (just after the
    /// last key found) round to it, so a dictionary whose keys come in schema order costs one
    /// comparison per key. The names of one list are unique (no tree Apple has published
    /// repeats one), so the key found is the one a search from the start finds.
    #[inline]
    pub(crate) fn find(&self, name: &str, cursor: &mut usize) -> Option<usize> {
        self.find_head(Head::of(name), name, cursor).map(|(position, _)| position)
    }

    /// [`ListIndex::find`] of a name whose head is known, with the key's [`Check`].
    #[inline]
    pub(crate) fn find_head(&self, head: Head, name: &str, cursor: &mut usize) -> Option<(usize, Check)> {
        // The common case: the key the last one was followed by in the list.
        if let Some(slot) = self.slots.get(*cursor) {
            if slot.matches(head, name) {
                *cursor += 1;
                return Some((slot.position as usize, slot.check));
            }
        }
        self.search(head, name, cursor)
    }

    /// [`ListIndex::find`] past the cursor.
    #[inline(never)]
    fn search(&self, head: Head, name: &str, cursor: &mut usize) -> Option<(usize, Check)> {
        let is = |i: usize| self.slots[i].matches(head, name);
        let hit = if self.table.is_empty() {
            let start = (*cursor).min(self.slots.len());
            (start..self.slots.len()).find(|&i| is(i)).or_else(|| (0..start).find(|&i| is(i)))
        } else {
            // Open addressing, linear probing; an empty slot ends the search (a miss, such as
            // an unknown key, costs a probe or two, not a pass over every name).
            let mask = self.table.len() - 1;
            let mut slot = head.hash() & mask;
            loop {
                match self.table[slot] {
                    0 => break None,
                    n if is(usize::from(n) - 1) => break Some(usize::from(n) - 1),
                    _ => slot = (slot + 1) & mask,
                }
            }
        };
        hit.map(|i| {
            *cursor = i + 1;
            (self.slots[i].position as usize, self.slots[i].check)
        })
    }

    /// The named key closest to an unknown name (see [`suggest`]).
    pub(crate) fn suggest(&self, name: &str) -> Option<&'static str> {
        suggest(name, self.slots.iter().map(|s| s.name).zip(self.masks.iter().copied()))
    }
}

/// Hashes a list's address and length (already well spread; one multiply mixes them).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(29) ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type Map = HashMap<(usize, usize), &'static ListIndex, BuildHasherDefault<AddressHasher>>;

fn shared() -> &'static Mutex<Map> {
    static SHARED: OnceLock<Mutex<Map>> = OnceLock::new();
    SHARED.get_or_init(Default::default)
}

thread_local! {
    static LOCAL: RefCell<Map> = RefCell::new(Map::default());
}

/// The index of a key list.
pub(crate) fn index(keys: &'static [KeyNode]) -> &'static ListIndex {
    static EMPTY: OnceLock<ListIndex> = OnceLock::new();
    if keys.is_empty() {
        return EMPTY.get_or_init(|| ListIndex::new(&[]));
    }
    let id = (keys.as_ptr() as usize, keys.len());
    if let Some(found) = LOCAL.with(|m| m.borrow().get(&id).copied()) {
        return found;
    }
    let found = {
        let mut map = shared().lock().unwrap_or_else(|e| e.into_inner());
        *map.entry(id).or_insert_with(|| Box::leak(Box::new(ListIndex::new(keys))))
    };
    LOCAL.with(|m| m.borrow_mut().insert(id, found));
    found
}

/// Both searches of the index of one key list (name by name, and by hash for a long list)
/// find every named key from every cursor, at its position, move the cursor past it, and find
/// no other name: `Ok(whether the list is hashed)`, else the first miss. For the integration
/// tests, which run it on every key list of the generated registry.
#[doc(hidden)]
pub fn self_check(keys: &'static [KeyNode]) -> Result<bool, String> {
    let index = ListIndex::new(keys);
    let named: Vec<usize> = (0..keys.len()).filter(|&p| !keys[p].any).collect();
    for (n, &position) in named.iter().enumerate() {
        let name = keys[position].name;
        for start in [0, n, n + 1, named.len()] {
            let mut cursor = start;
            let found = index.find(name, &mut cursor);
            if found != Some(position) || cursor != n + 1 {
                return Err(format!("`{name}` from cursor {start}: found {found:?} (cursor {cursor}), expected {position} (cursor {})", n + 1));
            }
        }
        for other in [format!("{name}x"), format!("x{}", name.get(1..).unwrap_or(""))] {
            if !keys.iter().any(|k| !k.any && k.name == other) {
                if let Some(p) = index.find(&other, &mut 0) {
                    return Err(format!("`{other}` is not a key, found at {p}"));
                }
            }
        }
    }
    Ok(!index.table.is_empty())
}
