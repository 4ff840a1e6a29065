//! Key lists laid out for lookups. A [`KeyNode`] is a few hundred bytes, so scanning a list's
//! nodes for a name touches a cache line or more per key; the walk instead searches an index
//! of each list built on first use: the named keys side by side, each a [`Slot`] of 48 bytes
//! with its name's [`Head`] (a name is told from another by its length and first and last
//! eight bytes, and a longer one by the words between, without a `memcmp` call), its position
//! and its [`Check`] (most values need nothing else), so a lookup and the judgement of most
//! values read one cache line; a hash table of them for lists of more than [`LINEAR`] names,
//! how many are required, the `ANY` key, and links to the indexes
//! of the lists beneath (so the walk looks an index up once per document, not once per
//! dictionary). Indexes live as long as the program (one per key list of the generated
//! tables, which are `'static` too), in a shared map, looked up through a per-thread cache so
//! the walk takes no lock (and, for the lists met last, by address alone). Suggestions for
//! unknown keys are remembered per thread too.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, OnceLock};

use super::doc::{DocValue, Kind};
use super::rules::Simple;
use super::suggest::{char_mask, closeness, suggest};
use crate::availability::{KeyNode, KeyType, Scalar};

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

    /// Two bits of a 64-bit word chosen by the head's hash, for [`ListIndex`]'s filter.
    #[inline]
    fn bits(self) -> u64 {
        let h = self.hash();
        1 << (h & 63) | 1 << (h >> 6 & 63)
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
    /// A dictionary with keys beneath and no other rule: a value of its type is walked
    /// against the keys without reading the [`KeyNode`] …
    pub(crate) dictionary: bool,
    /// … an array with an item key, no union tag, no `repetition` and no other rule: its
    /// items likewise.
    pub(crate) list: bool,
    /// A scalar key with a [`Simple`] rule (its list's `rules` hold it).
    pub(crate) simple: bool,
    /// The kinds of value the type takes in any document (a bit per [`Kind`]); JSON's other
    /// spellings (a whole number written `3.0`, a date as a string) are judged apart.
    kinds: u16,
}

impl Check {
    fn of(k: &KeyNode) -> Check {
        // No rule on the value itself (those `Walker::judge` checks beyond its type).
        let bare = k.rangelist.is_empty() && k.range.is_none() && k.format.is_none() && k.valuetype.is_none() && k.ty != KeyType::Date;
        let plain = bare && k.repetition.is_none() && k.union_tag.is_none() && k.children().is_empty() && k.ty != KeyType::Data;
        let dictionary = bare && k.ty == KeyType::Dictionary && !k.children().is_empty();
        let item_repetition = k.children().first().is_some_and(|item| item.repetition.is_some());
        let list = bare && k.ty == KeyType::Array && !k.children().is_empty() && k.repetition.is_none() && !item_repetition && k.union_tag.is_none();
        let kinds = match k.ty {
            KeyType::Any => u16::MAX,
            KeyType::String => Check::bit(Kind::String),
            KeyType::Integer => Check::bit(Kind::Integer),
            KeyType::Real => Check::bit(Kind::Real) | Check::bit(Kind::Integer),
            KeyType::Boolean => Check::bit(Kind::Boolean),
            KeyType::Date => Check::bit(Kind::Date),
            KeyType::Data => Check::bit(Kind::Data),
            KeyType::Array => Check::bit(Kind::Array),
            KeyType::Dictionary => Check::bit(Kind::Dictionary),
        };
        Check { ty: k.ty, required: k.required && !k.any, plain, dictionary, list, simple: Simple::of(k).is_some(), kinds }
    }

    fn bit(kind: Kind) -> u16 {
        1 << kind as u16
    }

    /// Whether a value of this kind is of the key's type in every document.
    #[inline]
    pub(crate) fn takes(self, kind: Kind) -> bool {
        self.kinds & Check::bit(kind) != 0
    }
}

/// Lists with at most this many named keys are searched name by name; longer ones by hash.
const LINEAR: usize = 8;

/// One named key of a list as a lookup reads it: its name's head, the name, its position in
/// the list and its [`Check`], side by side (48 bytes: a lookup and the judgement of most
/// values touch one cache line or two).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    first: u64,
    last: u64,
    name: &'static str,
    position: u32,
    check: Check,
    /// The kinds of value judged by their type alone ([`Check::takes`] of a plain key; none
    /// for another): the walk's fast path.
    plain_kinds: u16,
    /// No `"`, `\` or control character in the name: JSON text spells it byte for byte.
    literal: bool,
}

impl Slot {
    /// Whether `name` is this key's name: its length first (most names that differ, differ
    /// in length), then its head and middle.
    #[inline(always)]
    fn is(&self, name: &str) -> bool {
        name.len() == self.name.len() && self.matches(Head::of(name), name)
    }

    /// Whether a value of `kind` is valid by the key's type alone (a plain key's type).
    #[inline(always)]
    pub(crate) fn plain_takes(&self, kind: Kind) -> bool {
        self.plain_kinds & Check::bit(kind) != 0
    }

    /// The key's position in its list.
    #[inline(always)]
    pub(crate) fn position(&self) -> usize {
        self.position as usize
    }

    /// The key's [`Check`].
    #[inline(always)]
    pub(crate) fn check(&self) -> Check {
        self.check
    }

    /// Whether `name`, whose head is `head`, is this key's name.
    #[inline]
    fn matches(&self, head: Head, name: &str) -> bool {
        self.name.len() == head.len
            && self.first == head.first
            && self.last == head.last
            && (head.len <= 16 || same_middle(self.name.as_bytes(), name.as_bytes()))
    }
}

/// A named key as a suggestion first judges it: what [`closeness`] needs to be near (its
/// characters within four of the unknown name's, or the same but for case at the same length).
#[derive(Debug, Clone, Copy)]
struct Near {
    len: usize,
    number: u32,
    /// [`char_mask`] of the name …
    mask: u64,
    /// … and of its lower case.
    folded: u64,
}

impl Near {
    fn of(name: &str, number: usize) -> Near {
        let folded = name.bytes().fold(0, |m, c| m | 1 << (c.to_ascii_lowercase() & 63));
        Near { len: name.len(), number: u32::try_from(number).unwrap_or(u32::MAX), mask: char_mask(name), folded }
    }

    /// Whether [`closeness`] can find the two names near: names the same but for case have
    /// one length and the same lower-case characters; names within two edits differ in at
    /// most four characters.
    #[inline]
    fn may_be_near(&self, unknown: &Near) -> bool {
        (self.mask ^ unknown.mask).count_ones() <= 4 || (self.len == unknown.len && self.folded == unknown.folded)
    }
}

/// Per alternative of a tagged array, the tag value that selects it and its position.
type Alternatives = Box<[(&'static str, usize)]>;

/// What the walk needs of one key list.
pub(crate) struct ListIndex {
    /// The list itself.
    keys: &'static [KeyNode],
    /// Per key of the list: its [`Check`] …
    checks: Box<[Check]>,
    /// … its [`Simple`] rule …
    rules: Box<[Simple]>,
    /// … and the index of the list beneath it, built on first use (a recursive list's index
    /// is the ancestor's, found in the shared map, so building stops).
    children: Box<[OnceLock<&'static ListIndex>]>,
    /// The named (not `ANY`) keys, in list order …
    slots: Box<[Slot]>,
    /// … their [`char_mask`]s (for suggestions) …
    masks: Box<[u64]>,
    /// … and, when every name is ASCII, what a suggestion is first judged by, by length (a
    /// suggestion is at most two edits away, so its length is within two of the unknown
    /// name's).
    by_length: Option<Box<[Near]>>,
    /// For a long list (more than [`LINEAR`] named keys): a hash table of the named keys
    /// (slot: 1 + the key's number among them, 0 when empty), twice as large as needed.
    table: Box<[u16]>,
    /// Two bits per named key from its head's hash ([`Head::bits`]): a name whose bits are not
    /// all set is no key of the list, found without a search (an unknown key, met in most
    /// dictionaries of a populated document, costs a test).
    bloom: u64,
    /// How many named keys are required.
    pub(crate) required: usize,
    /// The position of the `ANY` key (the first, if a list had several).
    pub(crate) any: Option<usize>,
    /// For the alternatives of a tagged array: the tag's name and, per alternative in list
    /// order, the tag value that selects it with its position (built on first use).
    alternatives: OnceLock<(&'static str, Alternatives)>,
}

impl ListIndex {
    fn new(keys: &'static [KeyNode]) -> Self {
        let named: Vec<(usize, &'static KeyNode)> = keys.iter().enumerate().filter(|(_, k)| !k.any).collect();
        let slots: Box<[Slot]> = named
            .iter()
            .map(|(i, k)| {
                let head = Head::of(k.name);
                let check = Check::of(k);
                let plain_kinds = if check.plain { check.kinds } else { 0 };
                let literal = !k.name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
                Slot { first: head.first, last: head.last, name: k.name, position: u32::try_from(*i).unwrap_or(u32::MAX), check, plain_kinds, literal }
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
            bloom: named.iter().fold(0, |bloom, (_, k)| bloom | Head::of(k.name).bits()),
            table: table.into_boxed_slice(),
            keys,
            checks: keys.iter().map(Check::of).collect(),
            rules: keys.iter().map(Simple::of).collect(),
            children: keys.iter().map(|_| OnceLock::new()).collect(),
            slots,
            masks: named.iter().map(|(_, k)| char_mask(k.name)).collect(),
            by_length: named.iter().all(|(_, k)| k.name.is_ascii()).then(|| {
                let mut by_length: Vec<Near> = named.iter().enumerate().map(|(i, (_, k))| Near::of(k.name, i)).collect();
                by_length.sort_unstable_by_key(|n| (n.len, n.number));
                by_length.into_boxed_slice()
            }),
            required: named.iter().filter(|(_, k)| k.required).count(),
            any: keys.iter().position(|k| k.any),
            alternatives: OnceLock::new(),
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

    /// Whether a value of `kind` of the key at `position` (whose [`Check`] is `check`) is
    /// valid by the key's [`Simple`] rule for certain; false when it must be judged in full.
    #[inline(always)]
    pub(crate) fn confirmed<V: DocValue>(&self, position: usize, check: Check, v: &V, kind: Kind) -> bool {
        check.simple && check.takes(kind) && self.rules.get(position).is_some_and(|rule| rule.confirms(v, kind))
    }

    /// For the alternatives of `node`, a tagged array whose tag is `tag` (this list is its
    /// children): the position of the alternative `tag_value` selects, as
    /// [`KeyNode::alternative`] finds it, without reading every alternative's keys.
    pub(crate) fn alternative(&self, node: &'static KeyNode, tag: &'static str, tag_value: &str) -> Option<usize> {
        let (known, values) = self.alternatives.get_or_init(|| {
            let values = self
                .keys
                .iter()
                .enumerate()
                .flat_map(|(position, alt)| {
                    alt.children().iter().filter(|k| k.name == tag).filter_map(move |k| match k.rangelist.first() {
                        Some(Scalar::Str(v)) => Some((*v, position)),
                        _ => None,
                    })
                })
                .collect();
            (tag, values)
        });
        if *known != tag || !std::ptr::eq(node.children(), self.keys) {
            // Another tag over the same list (no schema has one): asked of the node.
            let alt = node.alternative(tag_value)?;
            return self.keys.iter().position(|k| std::ptr::eq(k, alt));
        }
        values.iter().find(|(v, _)| *v == tag_value).map(|&(_, position)| position)
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

    /// The walk's fast path: the key at the cursor when `name` is its name (keys mostly come
    /// in schema order), the cursor moved past it; else `None` (the cursor stays, and
    /// [`ListIndex::search_from`] looks further). The name's length is compared before its
    /// head is read, and nothing is stored for a second look.
    #[inline(always)]
    pub(crate) fn next_is(&self, cursor: &mut usize, name: &str) -> Option<&Slot> {
        let slot = self.slots.get(*cursor)?;
        if slot.is(name) {
            *cursor += 1;
            return Some(slot);
        }
        None
    }

    /// [`ListIndex::find`] of a name that is not the key at the cursor ([`ListIndex::next_is`]
    /// said no), with the key's [`Check`].
    #[inline]
    pub(crate) fn search_from(&self, name: &str, cursor: &mut usize) -> Option<(usize, Check)> {
        let head = Head::of(name);
        let bits = head.bits();
        if self.bloom & bits != bits {
            return None;
        }
        self.search(head, name, cursor)
    }

    /// The name of the key at the cursor, when JSON text spells it byte for byte (the key a
    /// reader of JSON text expects next).
    #[inline]
    pub(crate) fn expected(&self, cursor: usize) -> Option<&'static str> {
        self.slots.get(cursor).filter(|s| s.literal).map(|s| s.name)
    }

    /// Whether `name` is the name of the key at the cursor ([`ListIndex::expected`]).
    #[inline]
    pub(crate) fn is_at(&self, cursor: usize, name: &str) -> bool {
        self.slots.get(cursor).is_some_and(|s| s.matches(Head::of(name), name))
    }

    /// The key at the cursor, the cursor moved past it: what [`ListIndex::find_head`] finds of
    /// its name.
    #[inline]
    pub(crate) fn take(&self, cursor: &mut usize) -> Option<(usize, Check)> {
        let slot = self.slots.get(*cursor)?;
        *cursor += 1;
        Some((slot.position as usize, slot.check))
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

    /// The named key closest to an unknown name (see [`suggest`]), remembered per thread for
    /// the last names asked of each list (see [`Suggested`]): one unknown key is usually met
    /// again and again (`PayloadEnabled` in payload after payload).
    pub(crate) fn suggest(&'static self, name: &str) -> Option<&'static str> {
        let list = self as *const ListIndex as usize;
        let head = Head::of(name);
        let slot = (head.hash() ^ (list >> 4).wrapping_mul(0x9E37_79B9)) % SUGGESTED;
        SUGGESTIONS.with(|cache| {
            let mut cache = cache.borrow_mut();
            if let Some(hit) = cache.get(slot).and_then(|s| s.as_ref()).filter(|s| s.list == list && *s.name == *name) {
                return hit.suggestion;
            }
            let suggestion = self.suggest_uncached(name);
            if let Some(s) = cache.get_mut(slot) {
                *s = Some(Suggested { list, name: name.into(), suggestion });
            }
            suggestion
        })
    }

    /// [`ListIndex::suggest`] worked out: for an ASCII name, only the names whose lengths are
    /// within two of its length are looked at, and only those whose characters are nearly the
    /// same (or the same but for case) are compared.
    fn suggest_uncached(&self, name: &str) -> Option<&'static str> {
        let Some(by_length) = self.by_length.as_deref().filter(|_| name.is_ascii()) else {
            return suggest(name, self.slots.iter().map(|s| s.name).zip(self.masks.iter().copied()));
        };
        let unknown = Near::of(name, 0);
        let from = by_length.partition_point(|n| n.len + 2 < unknown.len);
        let to = by_length.partition_point(|n| n.len <= unknown.len + 2);
        // The closest, the first in the list of those (as `suggest` picks).
        let best = by_length.get(from..to).unwrap_or(&[]).iter().filter(|n| n.may_be_near(&unknown)).filter_map(|n| {
            let slot = self.slots.get(n.number as usize)?;
            closeness(name, unknown.mask, slot.name, n.mask).map(|d| (d, n.number))
        });
        best.min().map(|(_, i)| self.slots[i as usize].name)
    }
}

/// How many suggestions a thread remembers (a slot per list and name hash: a name met again
/// after another took its slot is worked out again).
const SUGGESTED: usize = 256;

/// A suggestion remembered: the list's address, the unknown name and the suggestion.
struct Suggested {
    list: usize,
    name: Box<str>,
    suggestion: Option<&'static str>,
}

thread_local! {
    static SUGGESTIONS: RefCell<Vec<Option<Suggested>>> = RefCell::new((0..SUGGESTED).map(|_| None).collect());
}

/// Hashes a list's address and length (already well spread; one multiply mixes them).
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

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

/// How many lists a thread finds by their address alone, before its map (a slot per address
/// hash: a document's root list, a tagged array's alternatives).
const RECENT: usize = 64;

type Recent = Cell<(usize, usize, Option<&'static ListIndex>)>;

thread_local! {
    static LOCAL: RefCell<Map> = RefCell::new(Map::default());
    static RECENTLY: [Recent; RECENT] = const { [const { Cell::new((0, 0, None)) }; RECENT] };
}

/// The index of a key list.
pub(crate) fn index(keys: &'static [KeyNode]) -> &'static ListIndex {
    static EMPTY: OnceLock<ListIndex> = OnceLock::new();
    if keys.is_empty() {
        return EMPTY.get_or_init(|| ListIndex::new(&[]));
    }
    let id = (keys.as_ptr() as usize, keys.len());
    let slot = (id.0 >> 3 ^ id.0 >> 11) % RECENT;
    if let Some(found) = RECENTLY.with(|r| r.get(slot).map(Cell::get)).and_then(|(at, len, found)| found.filter(|_| (at, len) == id)) {
        return found;
    }
    let found = match LOCAL.with(|m| m.borrow().get(&id).copied()) {
        Some(found) => found,
        None => {
            let found = {
                let mut map = shared().lock().unwrap_or_else(|e| e.into_inner());
                *map.entry(id).or_insert_with(|| Box::leak(Box::new(ListIndex::new(keys))))
            };
            LOCAL.with(|m| m.borrow_mut().insert(id, found));
            found
        }
    };
    RECENTLY.with(|r| r.get(slot).map(|c| c.set((id.0, id.1, Some(found)))));
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

#[cfg(test)]
mod tests {
    use super::*;

    const fn key(name: &'static str) -> KeyNode {
        KeyNode { name, ..KeyNode::EMPTY }
    }

    static KEYS: [KeyNode; 12] = [
        key("PayloadType"),
        key("PayloadUUID"),
        key("PayloadVersion"),
        key("PayloadIdentifier"),
        key("Descriptions"),
        key("Description"),
        key("AllowX"),
        key("allowx"),
        key("A"),
        key("AB"),
        key("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        key("ABCDEFGHIJKLMNOPQRSTUVWXZY"),
    ];

    #[test]
    fn suggestions_by_length_are_those_of_a_scan_of_every_name() {
        let index = ListIndex::new(&KEYS);
        assert!(index.by_length.is_some());
        let every = || KEYS.iter().map(|k| (k.name, char_mask(k.name)));
        let unknowns = [
            "PayloadTpye",
            "payloadtype",
            "Descripion",
            "Descriptionss",
            "ALLOWX",
            "AllowY",
            "B",
            "",
            "ABC",
            "Zebra",
            "ABCDEFGHIJKLMNOPQRSTUVWXY",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZZ",
            "Caf\u{e9}",
            "PayloadVersio",
        ];
        for unknown in unknowns {
            assert_eq!(index.suggest_uncached(unknown), suggest(unknown, every()), "{unknown}");
        }
        // Ties go to the first of the list, as a scan finds them.
        assert_eq!(index.suggest_uncached("allowX"), Some("AllowX"));
        assert_eq!(index.suggest_uncached("Descriptionz"), Some("Descriptions"), "the longer name comes first in the list");
        assert_eq!(index.suggest_uncached("ABCDEFGHIJKLMNOPQRSTUVWXYY"), Some("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    }

    #[test]
    fn remembered_suggestions_are_those_worked_out() {
        static OTHER: [KeyNode; 2] = [key("PayloadTypes"), key("Zebra")];
        let (keys, other) = (index(&KEYS), index(&OTHER));
        // Twice each, the second from the cache; the same names asked of another list get
        // that list's answers.
        for _ in 0..2 {
            for unknown in ["PayloadTpye", "Descripion", "Zebra", "Zebras", "allowX", "", "Caf\u{e9}"] {
                assert_eq!(keys.suggest(unknown), keys.suggest_uncached(unknown), "{unknown}");
                assert_eq!(other.suggest(unknown), other.suggest_uncached(unknown), "{unknown}");
            }
        }
        assert_eq!(other.suggest("PayloadTpye"), Some("PayloadTypes"));
        assert_eq!(keys.suggest("PayloadTpye"), Some("PayloadType"));
    }

    #[test]
    fn a_slot_is_the_size_its_documentation_says() {
        assert_eq!(std::mem::size_of::<Slot>(), 48);
    }

    #[test]
    fn names_are_told_apart_by_their_heads_and_middles() {
        let index = ListIndex::new(&KEYS);
        for (position, k) in KEYS.iter().enumerate() {
            assert_eq!(index.find(k.name, &mut 0), Some(position), "{}", k.name);
        }
        for other in ["ABCDEFGHIJKLMNOPQRSTUVWXYY", "ABCDEFGHIJKLMNOPQRSTUVWXZZ", "ABCDEFGHIJKLMNOPRQSTUVWXYZ", "a", "Ab", "AllowZ", "PayloadTypf"] {
            assert_eq!(index.find(other, &mut 0), None, "{other}");
        }
    }
}
