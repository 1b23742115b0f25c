//! `device_nodes`: every enabled node with `compatible`, its `reg` in CPU physical addresses.

use crate::cells::{range_entries, reg_entries, CellsProblem};
use crate::error::DtbError;
use crate::fdt::{node_phandle, Fdt};
use crate::node::Node;
use crate::MAX_DEPTH;
use alloc::string::String;
use alloc::vec::Vec;
use kernel_core::addr::PhysRange;
use kernel_core::driver::DeviceNode;

/// The longest node path `device_nodes` builds, in bytes (real trees stay under 100).
pub const MAX_PATH_LEN: usize = 512;

/// The most `interrupt-parent` / parent hops followed to find an interrupt controller.
const MAX_INTERRUPT_HOPS: usize = 2 * MAX_DEPTH;

/// Lists the devices to probe, in blob order.
///
/// A node is listed when it has `compatible` and it and all its ancestors have `status` absent,
/// `"okay"` or `"ok"` (children of a disabled bus are not reachable). `reg` entries are
/// translated through every ancestor's `ranges` (empty `ranges` = identity); an entry that some
/// ancestor cannot translate (no `ranges`, no window covering it, more than 2 address cells as
/// on PCI) is left out, as is a `reg` whose length does not fit the parent's cells (logged).
/// `interrupt_cells` is the `#interrupt-cells` of the interrupt parent found as Linux does
/// (`interrupt-parent`, else the parent node, until a node with `#interrupt-cells`); 0 if none.
/// `interrupts-extended` and `interrupt-map` are not interpreted.
pub fn device_nodes(dtb: &[u8]) -> Result<Vec<DeviceNode>, DtbError> {
    devices(&Fdt::new(dtb)?)
}

/// [`device_nodes`] on an already validated blob.
pub fn devices(fdt: &Fdt<'_>) -> Result<Vec<DeviceNode>, DtbError> {
    let tree = Tree::build(fdt)?;
    let mut out = Vec::new();
    for (index, record) in tree.records.iter().enumerate() {
        let Some(node) = tree.node(index) else {
            continue;
        };
        if record.available && node.property("compatible").is_some() {
            let device = tree.device(index, &node)?;
            out.try_reserve(1).map_err(|_| DtbError::OutOfMemory)?;
            out.push(device);
        }
    }
    Ok(out)
}

/// The node in `nodes` at `path` (`:options` ignored; a component without `@` also matches a
/// name with a unit address). Use it with [`kernel_core::platform::PlatformInfo::stdout_path`].
pub fn find_device_by_path<'n>(nodes: &'n [DeviceNode], path: &str) -> Option<&'n DeviceNode> {
    let path = path.split(':').next().unwrap_or(path);
    nodes
        .iter()
        .find(|n| n.path == path)
        .or_else(|| nodes.iter().find(|n| path_matches(&n.path, path)))
}

/// Component-wise path comparison with the libfdt unit-address rule.
fn path_matches(full: &str, query: &str) -> bool {
    let mut full = full.split('/').filter(|c| !c.is_empty());
    let mut query = query.split('/').filter(|c| !c.is_empty());
    loop {
        match (full.next(), query.next()) {
            (None, None) => return true,
            (Some(f), Some(q))
                if f == q || (!q.contains('@') && f.split('@').next() == Some(q)) => {}
            _ => return false,
        }
    }
}

/// One node of the index: where it is and who its parent is.
struct Record {
    offset: usize,
    parent: Option<usize>,
    /// The node and all its ancestors are enabled.
    available: bool,
}

/// The whole tree indexed once: parents by index, phandles sorted for lookup.
struct Tree<'a> {
    fdt: Fdt<'a>,
    records: Vec<Record>,
    phandles: Vec<(u32, usize)>,
}

fn try_push<T>(list: &mut Vec<T>, item: T) -> Result<(), DtbError> {
    list.try_reserve(1).map_err(|_| DtbError::OutOfMemory)?;
    list.push(item);
    Ok(())
}

impl<'a> Tree<'a> {
    fn build(fdt: &Fdt<'a>) -> Result<Self, DtbError> {
        let mut records: Vec<Record> = Vec::new();
        let mut phandles = Vec::new();
        let mut ancestors: Vec<usize> = Vec::new();
        for (depth, node) in fdt.nodes() {
            ancestors.truncate(depth);
            let parent = ancestors.last().copied();
            let parent_available = parent
                .and_then(|p| records.get(p))
                .is_none_or(|p| p.available);
            let index = records.len();
            let available = parent_available && node.is_available();
            try_push(
                &mut records,
                Record {
                    offset: node.offset(),
                    parent,
                    available,
                },
            )?;
            try_push(&mut ancestors, index)?;
            if let Some(phandle) = node_phandle(&node) {
                try_push(&mut phandles, (phandle, index))?;
            }
        }
        // Stable sort: with duplicate phandles the first node in blob order wins.
        phandles.sort_by_key(|&(phandle, _)| phandle);
        Ok(Self {
            fdt: *fdt,
            records,
            phandles,
        })
    }

    fn node(&self, index: usize) -> Option<Node<'a>> {
        self.fdt.node_at(self.records.get(index)?.offset)
    }

    fn parent(&self, index: usize) -> Option<usize> {
        self.records.get(index)?.parent
    }

    fn by_phandle(&self, phandle: u32) -> Option<usize> {
        let first = self.phandles.partition_point(|&(p, _)| p < phandle);
        self.phandles
            .get(first)
            .filter(|&&(p, _)| p == phandle)
            .map(|&(_, index)| index)
    }

    fn device(&self, index: usize, node: &Node<'a>) -> Result<DeviceNode, DtbError> {
        let compatible = node
            .property("compatible")
            .map(|p| p.strings())
            .into_iter()
            .flatten();
        let mut device = DeviceNode {
            path: self.path(index)?,
            ..DeviceNode::default()
        };
        for name in compatible {
            try_push(&mut device.compatible, try_string(name)?)?;
        }
        device.reg = self.reg(index, node)?;
        if let Some(interrupts) = node.property("interrupts") {
            device
                .interrupts
                .try_reserve(interrupts.value().len() / 4)
                .map_err(|_| DtbError::OutOfMemory)?;
            device.interrupts.extend(interrupts.cells());
            device.interrupt_cells = self
                .interrupt_parent(index)
                .and_then(|c| self.node(c))
                .and_then(|c| c.property("#interrupt-cells"))
                .and_then(|p| p.as_u32())
                .unwrap_or(0);
        }
        let number = |name| {
            node.property(name)
                .and_then(|p| p.as_u32_or_u64())
                .and_then(|v| u32::try_from(v).ok())
        };
        device.clock_frequency = number("clock-frequency");
        device.current_speed = number("current-speed");
        device.reg_shift = number("reg-shift");
        device.reg_io_width = number("reg-io-width");
        Ok(device)
    }

    /// `/a/b/c`, built from the parent chain; `/` for the root.
    fn path(&self, index: usize) -> Result<String, DtbError> {
        let mut chain: Vec<Node<'a>> = Vec::new();
        let mut current = Some(index);
        while let Some(i) = current {
            if self.parent(i).is_some() {
                if let Some(node) = self.node(i) {
                    try_push(&mut chain, node)?;
                }
            }
            current = self.parent(i);
        }
        let length: usize = chain
            .iter()
            .map(|n| n.name().len() + 1)
            .sum::<usize>()
            .max(1);
        if length > MAX_PATH_LEN {
            return Err(DtbError::TooLong {
                what: "node path",
                limit: MAX_PATH_LEN,
            });
        }
        let mut path = String::new();
        path.try_reserve_exact(length)
            .map_err(|_| DtbError::OutOfMemory)?;
        for node in chain.iter().rev() {
            path.push('/');
            path.push_str(node.name());
        }
        if path.is_empty() {
            path.push('/');
        }
        Ok(path)
    }

    fn reg(&self, index: usize, node: &Node<'a>) -> Result<Vec<PhysRange>, DtbError> {
        let mut out = Vec::new();
        let (Some(reg), Some(parent)) = (node.property("reg"), self.parent(index)) else {
            return Ok(out);
        };
        let Some((address_cells, size_cells)) = self.node(parent).map(|p| p.child_cells()) else {
            return Ok(out);
        };
        match reg_entries(reg.value(), address_cells, size_cells) {
            Ok(entries) => {
                for (address, size) in entries {
                    if let Some(cpu_address) = self.translate(parent, address) {
                        try_push(&mut out, PhysRange::new(cpu_address, size))?;
                    }
                }
            }
            Err(CellsProblem::PartialEntry) => {
                log::warn!(
                    "{}: reg does not fit #address-cells/#size-cells; ignored",
                    node.name()
                );
            }
            Err(CellsProblem::UnsupportedWidth) => {}
        }
        Ok(out)
    }

    /// Maps `address`, as seen on the bus below node `bus`, to a CPU physical address.
    fn translate(&self, mut bus: usize, mut address: u64) -> Option<u64> {
        for _ in 0..=MAX_DEPTH {
            let Some(grandparent) = self.parent(bus) else {
                return Some(address); // `bus` is the root: CPU physical addresses.
            };
            let bus_node = self.node(bus)?;
            let ranges = bus_node.property("ranges")?;
            if !ranges.value().is_empty() {
                let (child_cells, size_cells) = bus_node.child_cells();
                let (parent_cells, _) = self.node(grandparent)?.child_cells();
                address = range_entries(ranges.value(), child_cells, parent_cells, size_cells)
                    .ok()?
                    .find_map(|range| range.translate(address))?;
            }
            bus = grandparent;
        }
        None
    }

    /// The interrupt controller of node `index`, following Linux's `of_irq_find_parent`.
    fn interrupt_parent(&self, index: usize) -> Option<usize> {
        let mut current = index;
        for _ in 0..MAX_INTERRUPT_HOPS {
            let node = self.node(current)?;
            let next = match node.property("interrupt-parent").and_then(|p| p.as_u32()) {
                Some(phandle) => self.by_phandle(phandle)?,
                None => self.parent(current)?,
            };
            if self.node(next)?.property("#interrupt-cells").is_some() {
                return Some(next);
            }
            current = next;
        }
        None
    }
}

fn try_string(text: &str) -> Result<String, DtbError> {
    let mut out = String::new();
    out.try_reserve_exact(text.len())
        .map_err(|_| DtbError::OutOfMemory)?;
    out.push_str(text);
    Ok(out)
}
