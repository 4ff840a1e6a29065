//! Work spread over the machine's cores with scoped std threads: the loader parses and checks
//! files, and emission prints modules, each independent of the others. Results keep the input
//! order, so output never depends on scheduling.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Most worker threads used (the largest tree has a few hundred files).
pub const MAX_WORKERS: usize = 8;

/// How many workers to run: the available cores, at least one, at most [`MAX_WORKERS`] and at
/// most one per item.
pub fn workers(items: usize) -> usize {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    cores.clamp(1, MAX_WORKERS).min(items.max(1))
}

/// `f` applied to every item, in the items' order. Workers take the next item as they finish
/// one (items differ in size a hundredfold: a queue keeps the cores busy to the end). A worker
/// that panics propagates its panic to the caller, as a sequential loop would.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let n = workers(items.len());
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_every_item() {
        let items: Vec<u64> = (0..1000).collect();
        let out = map(&items, |i| i * i);
        assert_eq!(out, items.iter().map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(map(&[] as &[u8], |b| *b), Vec::<u8>::new());
    }

    #[test]
    #[should_panic(expected = "item 7")]
    fn a_panicking_item_panics_the_caller() {
        let items: Vec<u32> = (0..20).collect();
        map(&items, |i| if *i == 7 { panic!("item 7") } else { *i });
    }
}
