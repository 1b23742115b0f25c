//! The VMAs of one address space, by start address: lookup, cutting, merging, placement.

use super::vma::Vma;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// Non-overlapping VMAs keyed by start address.
#[derive(Clone, Default)]
pub(crate) struct VmaTree {
    map: BTreeMap<u64, Vma>,
}

impl VmaTree {
    /// How many VMAs there are.
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    /// All VMAs in address order.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &Vma> {
        self.map.values()
    }

    /// The VMA containing `addr`.
    pub(crate) fn find(&self, addr: u64) -> Option<&Vma> {
        self.find_next(addr).filter(|vma| vma.start <= addr)
    }

    /// The first VMA ending above `addr` (Linux `find_vma`): the one containing it, or else
    /// the next one up.
    pub(crate) fn find_next(&self, addr: u64) -> Option<&Vma> {
        if let Some((_, vma)) = self.map.range(..=addr).next_back() {
            if vma.end > addr {
                return Some(vma);
            }
        }
        self.map
            .range((
                core::ops::Bound::Excluded(addr),
                core::ops::Bound::Unbounded,
            ))
            .next()
            .map(|(_, vma)| vma)
    }

    /// The last VMA starting below `addr`.
    pub(crate) fn prev(&self, addr: u64) -> Option<&Vma> {
        self.map.range(..addr).next_back().map(|(_, vma)| vma)
    }

    /// The VMA starting exactly at `start`, for changes that keep its start.
    pub(crate) fn get_mut(&mut self, start: u64) -> Option<&mut Vma> {
        self.map.get_mut(&start)
    }

    /// Whether any VMA overlaps `[start, end)`.
    pub(crate) fn intersects(&self, start: u64, end: u64) -> bool {
        self.find_next(start).is_some_and(|vma| vma.start < end)
    }

    /// Adds a VMA; the caller has made its range free.
    pub(crate) fn insert(&mut self, vma: Vma) {
        debug_assert!(!self.intersects(vma.start, vma.end), "overlapping VMA");
        self.map.insert(vma.start, vma);
    }

    /// Removes the VMA starting at `start`.
    pub(crate) fn remove(&mut self, start: u64) -> Option<Vma> {
        self.map.remove(&start)
    }

    /// Splits the VMA containing `at` so that a VMA boundary falls there.
    pub(crate) fn split_at(&mut self, at: u64) {
        let Some(start) = self.find(at).map(|vma| vma.start) else {
            return;
        };
        if start == at {
            return;
        }
        if let Some(vma) = self.map.get_mut(&start) {
            let high = vma.split_off(at);
            self.map.insert(at, high);
        }
    }

    /// How many more VMAs cutting `[start, end)` out would leave: 1 when the range lies
    /// strictly inside one VMA, else 0.
    pub(crate) fn growth_from_hole(&self, start: u64, end: u64) -> usize {
        self.find(start)
            .is_some_and(|vma| vma.start < start && end < vma.end)
            .into()
    }

    /// Takes every VMA inside `[start, end)` out of the tree, cutting those that straddle
    /// its ends; returns them in address order.
    pub(crate) fn take_range(&mut self, start: u64, end: u64) -> Vec<Vma> {
        self.split_at(start);
        self.split_at(end);
        let starts: Vec<u64> = self.map.range(start..end).map(|(&key, _)| key).collect();
        starts
            .into_iter()
            .filter_map(|key| self.map.remove(&key))
            .collect()
    }

    /// Merges the VMA ending at `addr` with the one starting there, when they are alike.
    pub(crate) fn merge_at(&mut self, addr: u64) {
        let Some(low_start) = self
            .prev(addr)
            .filter(|vma| vma.end == addr)
            .map(|v| v.start)
        else {
            return;
        };
        let mergeable = match (self.map.get(&low_start), self.map.get(&addr)) {
            (Some(low), Some(high)) => low.can_merge(high),
            _ => false,
        };
        if !mergeable {
            return;
        }
        if let Some(high) = self.map.remove(&addr) {
            if let Some(low) = self.map.get_mut(&low_start) {
                low.end = high.end;
            }
        }
    }

    /// Whether `[start, start + len)` is free and clear of guard gaps.
    pub(crate) fn is_free(&self, start: u64, len: u64) -> bool {
        let Some(end) = start.checked_add(len) else {
            return false;
        };
        match self.find_next(start) {
            None => true,
            Some(vma) => vma.start_gap() >= end && vma.start >= end,
        }
    }

    /// The highest `len`-byte range inside `[low, high)` that is free and clear of the guard
    /// gaps below grows-down VMAs (Linux `unmapped_area_topdown`).
    pub(crate) fn find_gap_top_down(&self, len: u64, low: u64, high: u64) -> Option<u64> {
        let mut gap_end = u64::MAX;
        for vma in self.map.values().rev() {
            if let Some(addr) = fit_top(vma.end, gap_end, len, low, high) {
                return Some(addr);
            }
            gap_end = vma.start_gap();
            if gap_end < low {
                return None;
            }
        }
        fit_top(0, gap_end, len, low, high)
    }

    /// The lowest such range (Linux `unmapped_area`, the bottom-up search).
    pub(crate) fn find_gap_bottom_up(&self, len: u64, low: u64, high: u64) -> Option<u64> {
        let mut gap_start = 0;
        for vma in self.map.values() {
            if let Some(addr) = fit_bottom(gap_start, vma.start_gap(), len, low, high) {
                return Some(addr);
            }
            gap_start = vma.end;
            if gap_start >= high {
                return None;
            }
        }
        fit_bottom(gap_start, u64::MAX, len, low, high)
    }
}

/// The top-most `len` bytes of gap `[gap_start, gap_end)` clipped to `[low, high)`.
fn fit_top(gap_start: u64, gap_end: u64, len: u64, low: u64, high: u64) -> Option<u64> {
    let start = gap_start.max(low);
    let end = gap_end.min(high);
    let addr = end.checked_sub(len)?;
    (addr >= start).then_some(addr)
}

/// The bottom-most `len` bytes of gap `[gap_start, gap_end)` clipped to `[low, high)`.
fn fit_bottom(gap_start: u64, gap_end: u64, len: u64, low: u64, high: u64) -> Option<u64> {
    let start = gap_start.max(low);
    let end = gap_end.min(high);
    (end.checked_sub(start)? >= len).then_some(start)
}
