//! The warnings of a tree as a maintainer reads them after `cargo xtask regenerate`: one line
//! per kind with the number of files and findings (`asset-content-types: 7 files, 8 findings`),
//! and on request every finding.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Warning;

/// One kind of warning in a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindCount {
    pub kind: String,
    /// Distinct files with at least one warning of this kind.
    pub files: usize,
    /// Warnings of this kind.
    pub findings: usize,
}

/// Warnings counted per kind, sorted by kind.
pub fn by_kind(warnings: &[Warning]) -> Vec<KindCount> {
    let mut kinds: BTreeMap<&str, (BTreeSet<&str>, usize)> = BTreeMap::new();
    for w in warnings {
        let entry = kinds.entry(w.kind.as_str()).or_default();
        entry.0.insert(w.file.as_str());
        entry.1 += 1;
    }
    kinds.into_iter().map(|(kind, (files, findings))| KindCount { kind: kind.to_string(), files: files.len(), findings }).collect()
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// The report printed by `regenerate`: a heading, then per kind
/// `  asset-content-types: 7 files, 8 findings`; with `verbose`, each warning beneath its kind.
/// Empty when there are no warnings.
pub fn render(warnings: &[Warning], verbose: bool) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let mut out = format!("{} in the schema tree (generation goes on):\n", plural(warnings.len(), "warning"));
    for k in by_kind(warnings) {
        let findings = if k.findings == k.files { String::new() } else { format!(", {}", plural(k.findings, "finding")) };
        out.push_str(&format!("  {}: {}{findings}\n", k.kind, plural(k.files, "file")));
        if verbose {
            for w in warnings.iter().filter(|w| w.kind == k.kind) {
                out.push_str(&format!("    {w}\n"));
            }
        }
    }
    if !verbose {
        out.push_str("  (--verbose lists each file and key path)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(file: &str, path: &str, kind: &str) -> Warning {
        Warning { file: file.into(), path: path.into(), message: format!("about {kind}"), kind: kind.into() }
    }

    #[test]
    fn counts_files_and_findings_per_kind() {
        let ws = [w("a.yaml", "x", "b-kind"), w("a.yaml", "y", "b-kind"), w("c.yaml", "x", "b-kind"), w("c.yaml", "", "a-kind")];
        assert_eq!(by_kind(&ws), [KindCount { kind: "a-kind".into(), files: 1, findings: 1 }, KindCount { kind: "b-kind".into(), files: 2, findings: 3 }]);
        assert_eq!(
            render(&ws, false),
            "4 warnings in the schema tree (generation goes on):\n  a-kind: 1 file\n  b-kind: 2 files, 3 findings\n  (--verbose lists each file and key path)\n"
        );
        assert_eq!(render(&ws[3..], true), "1 warning in the schema tree (generation goes on):\n  a-kind: 1 file\n    c.yaml: warning: about a-kind\n");
        assert_eq!(render(&[], true), "");
    }
}
