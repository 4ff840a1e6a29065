//! Names close to a word someone typed (`unknwn-key` → `unknown-key`), for usage errors.

/// Edit distance between two words (insertions, deletions, substitutions; case-insensitive).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Up to `limit` of `names` close to `word`: a few edits away, or holding it (or held by it),
/// closest first.
pub fn closest<'a>(word: &str, names: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<&'a str> {
    let lower = word.to_lowercase();
    let mut scored: Vec<(usize, &str)> = names
        .into_iter()
        .filter_map(|name| {
            let d = distance(word, name);
            let n = name.to_lowercase();
            let related = !lower.is_empty() && (n.contains(&lower) || lower.contains(&n));
            (d <= 2.max(word.chars().count() / 3) || related).then_some((d, name))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, name)| name).collect()
}
