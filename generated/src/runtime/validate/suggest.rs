//! "Did you mean": the known key one or two edits away from an unknown one.

/// Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
/// stopping early once it exceeds `limit`.
pub(crate) fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        let mut row_min = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return None;
        }
    }
    let v = d[a.len() * w + b.len()];
    (v <= limit).then_some(v)
}

/// The closest of `known` within two edits (ignoring case counts as one edit at most), if any.
pub(crate) fn suggest<'k>(unknown: &str, known: impl Iterator<Item = &'k str>) -> Option<&'k str> {
    let mut best: Option<(usize, &str)> = None;
    for k in known {
        let d = if k.eq_ignore_ascii_case(unknown) { Some(1) } else { distance(unknown, k, 2) };
        if let Some(d) = d {
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
        assert_eq!(suggest("Descripion", ["Description", "PayloadType"].into_iter()), Some("Description"));
        assert_eq!(suggest("payloadtype", ["PayloadType"].into_iter()), Some("PayloadType"));
        assert_eq!(suggest("Zebra", ["PayloadType"].into_iter()), None);
    }
}
