//! Key lists laid out for lookups. A [`KeyNode`] is a few hundred bytes, so scanning a list's
//! nodes for a name touches a cache line or more per key; the walk instead searches an index
//! of each list built on first use: the named keys' [`Head`]s side by side (a name is told
//! from another by its length and first and last eight bytes, without a `memcmp` call), a
//! hash table of them for lists of more than [`LINEAR`] names, how many are required, the
//! `ANY` key, a [`Check`] per key (most values need nothing else), and links to the indexes
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
struct Head {
    len: usize,
    first: u64,
    last: u64,
}

impl Head {
    fn of(name: &str) -> Head {
        let b = name.as_bytes();
        let len = b.len();
        // Fixed-size loads (no `memcpy` call); a short name byte by byte, little-endian.
        let word = |s: &[u8]| s.first_chunk::<8>().map_or_else(|| s.iter().rev().fold(0, |w, &c| w << 8 | u64::from(c)), |w| u64::from_le_bytes(*w));
        if len >= 8 {
            Head { len, first: word(b), last: word(&b[len - 8..]) }
        } else {
            Head { len, first: word(b), last: 0 }
        }
    }

    /// A hash of the head for [`ListIndex`]'s table.
    #[inline]
    fn hash(self) -> usize {
        let mixed = (self.first ^ self.last.rotate_left(29) ^ self.len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize
    }

    /// Whether `name`, whose head is `head`, is `candidate` (whose head is `self`).
    #[inline]
    fn matches(self, head: Head, candidate: &str, name: &str) -> bool {
        self == head && (head.len <= 16 || same_middle(&candidate.as_bytes()[8..head.len - 8], &name.as_bytes()[8..head.len - 8]))
    }
}

/// Whether two byte strings of one length are equal, eight bytes at a time (the middles of key
/// names are short: a `memcmp` call costs more than the comparison).
#[inline]
fn same_middle(a: &[u8], b: &[u8]) -> bool {
    let (mut a8, mut b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let words_equal = a8.by_ref().zip(b8.by_ref()).all(|(x, y)| x.first_chunk::<8>() == y.first_chunk::<8>());
    words_equal && a8.remainder() == b8.remainder()
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

/// What the walk needs of one key list.
pub(crate) struct ListIndex {
    /// The list itself.
    keys: &'static [KeyNode],
    /// Per key of the list: its [`Check`] …
    checks: Box<[Check]>,
    /// … and the index of the list beneath it, built on first use (a recursive list's index
    /// is the ancestor's, found in the shared map, so building stops).
    children: Box<[OnceLock<&'static ListIndex>]>,
    /// The named (not `ANY`) keys' heads, in list order …
    heads: Box<[Head]>,
    /// … names …
    names: Box<[&'static str]>,
    /// … [`char_mask`]s (for suggestions) …
    masks: Box<[u64]>,
    /// … and positions in the list.
    positions: Box<[u32]>,
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
        let heads: Box<[Head]> = named.iter().map(|(_, k)| Head::of(k.name)).collect();
        let mut table = vec![0u16; if named.len() > LINEAR && named.len() < usize::from(u16::MAX) { (2 * named.len()).next_power_of_two() } else { 0 }];
        if !table.is_empty() {
            let mask = table.len() - 1;
            for (i, head) in heads.iter().enumerate() {
                let mut slot = head.hash() & mask;
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
            heads,
            names: named.iter().map(|(_, k)| k.name).collect(),
            masks: named.iter().map(|(_, k)| char_mask(k.name)).collect(),
            positions: named.iter().map(|(i, _)| u32::try_from(*i).unwrap_or(u32::MAX)).collect(),
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
        let head = Head::of(name);
        // The common case: the key the last one was followed by in the list.
        if let (Some(h), Some(n)) = (self.heads.get(*cursor), self.names.get(*cursor)) {
            if h.matches(head, n, name) {
                let position = self.positions[*cursor] as usize;
                *cursor += 1;
                return Some(position);
            }
        }
        self.search(head, name, cursor)
    }

    /// [`ListIndex::find`] past the cursor.
    #[inline(never)]
    fn search(&self, head: Head, name: &str, cursor: &mut usize) -> Option<usize> {
        let is = |i: usize| self.heads[i].matches(head, self.names[i], name);
        let hit = if self.table.is_empty() {
            let start = (*cursor).min(self.heads.len());
            (start..self.heads.len()).find(|&i| is(i)).or_else(|| (0..start).find(|&i| is(i)))
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
            self.positions[i] as usize
        })
    }

    /// The named key closest to an unknown name (see [`suggest`]).
    pub(crate) fn suggest(&self, name: &str) -> Option<&'static str> {
        suggest(name, self.names.iter().copied().zip(self.masks.iter().copied()))
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
