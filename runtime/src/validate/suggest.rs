//! "Did you mean": the known key one or two edits away from an unknown one.

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
/// stopping early once it exceeds `limit`. ASCII names (all of Apple's) are compared as bytes,
/// on the stack.
pub(crate) fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        osa(a.as_bytes(), b.as_bytes(), limit)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa(&a, &b, limit)
    }
}

fn osa<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    // Three rows of the matrix (i - 2, i - 1, i), on the stack for names up to 63 long.
    let w = b.len() + 1;
    let mut stack = [0usize; 3 * 64];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if 3 * w <= stack.len() {
        &mut stack[..3 * w]
    } else {
        heap.resize(3 * w, 0);
        &mut heap
    };
    let (mut before, mut prev, mut cur) = (0, w, 2 * w);
    for (j, cell) in rows[prev..prev + w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[cur] = i;
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev + j] + 1).min(rows[cur + j - 1] + 1).min(rows[prev + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[before + j - 2] + 1);
            }
            rows[cur + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    let v = rows[prev + b.len()];
    (v <= limit).then_some(v)
}

/// The characters of a name as a set of 64 (folded modulo 64). One edit adds at most one
/// character and removes at most one, so it changes at most two bits: names whose sets differ
/// in more than four bits are more than two edits apart, and need no distance computed.
pub(crate) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |m, c| m | 1 << (u32::from(c) & 63))
}

/// How far `known` (whose [`char_mask`] is `known_mask`) is from `unknown` (whose mask is
/// `mask`), if within two edits: ignoring case counts as one edit at most.
#[inline]
pub(crate) fn closeness(unknown: &str, mask: u64, known: &str, known_mask: u64) -> Option<usize> {
    if known.eq_ignore_ascii_case(unknown) {
        Some(1)
    } else if (mask ^ known_mask).count_ones() > 4 {
        None
    } else {
        distance(unknown, known, 2)
    }
}

/// The closest of `known` (names with their [`char_mask`]) within two edits (ignoring case
/// counts as one edit at most), if any; the first of the closest.
pub(crate) fn suggest<'k>(unknown: &str, known: impl Iterator<Item = (&'k str, u64)>) -> Option<&'k str> {
    let mask = char_mask(unknown);
    let mut best: Option<(usize, &str)> = None;
    for (k, k_mask) in known {
        if let Some(d) = closeness(unknown, mask, k, k_mask) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, k));
            }
        }
    }
    best.map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("Descripion", "Description", 2), Some(1));
        assert_eq!(distance("PayloadTpye", "PayloadType", 2), Some(1), "transposition");
        assert_eq!(distance("abc", "xyz", 2), None);
        assert_eq!(distance("", "ab", 2), Some(2));
        assert_eq!(distance("Caf\u{e9}s", "Cafes", 2), Some(1), "non-ASCII names compare by character");
        let long = "A".repeat(100);
        assert_eq!(distance(&long, &format!("{long}B"), 2), Some(1), "names longer than the stack rows");
        let known = |names: &'static [&'static str]| names.iter().map(|k| (*k, char_mask(k)));
        assert_eq!(suggest("Descripion", known(&["Description", "PayloadType"])), Some("Description"));
        assert_eq!(suggest("payloadtype", known(&["PayloadType"])), Some("PayloadType"));
        assert_eq!(suggest("PayloadTpye", known(&["PayloadType"])), Some("PayloadType"));
        assert_eq!(suggest("Zebra", known(&["PayloadType"])), None);
    }
}
