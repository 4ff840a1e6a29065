//! The validator's key index (`runtime/src/validate/index.rs`) on every key list of the
//! generated registry: both searches (name by name, and by hash for long lists) find every
//! named key from every cursor and no other name.

use std::collections::HashSet;

use apple_device_management::runtime::availability::KeyNode;
use apple_device_management::runtime::validate::index_self_check;

/// Every key list of every schema (recursive links followed once).
fn all_lists() -> Vec<&'static [KeyNode]> {
    let mut seen = HashSet::new();
    let mut stack: Vec<&'static [KeyNode]> = apple_device_management::schemas().flat_map(|s| [Some(s.schema.keys), s.schema.response_keys]).flatten().collect();
    let mut out = Vec::new();
    while let Some(list) = stack.pop() {
        if seen.insert((list.as_ptr() as usize, list.len())) {
            out.push(list);
            stack.extend(list.iter().map(KeyNode::children).filter(|c| !c.is_empty()));
        }
    }
    out
}

#[test]
fn every_named_key_is_found_from_every_cursor() {
    let lists = all_lists();
    assert!(lists.len() > 900, "{} lists", lists.len());
    let mut hashed = 0;
    for keys in lists {
        match index_self_check(keys) {
            Ok(h) => hashed += usize::from(h),
            Err(e) => panic!("{e}"),
        }
    }
    assert!(hashed > 50, "only {hashed} lists are long enough to hash");
}
