//! `parse_platform`: memory, reservations, CPUs and PSCI from the DTB, before the heap exists.

use crate::cells::{read_number, reg_entries};
use crate::chosen::read_chosen;
use crate::error::DtbError;
use crate::fdt::Fdt;
use crate::node::Node;
use kernel_core::addr::PhysRange;
use kernel_core::platform::{CpuInfo, EnableMethod, PlatformInfo, PsciConduit};

/// Reads what the kernel needs before the heap exists. Allocates nothing.
///
/// Capacity: more memory regions, reserved regions or CPUs than [`PlatformInfo`] holds is an
/// error ([`DtbError::TooMany`]), never a silent truncation; so are `bootargs` and a
/// `stdout-path` longer than their buffers ([`DtbError::TooLong`]). Only `model`, which is
/// informational, is cut to fit.
pub fn parse_platform(dtb: &[u8]) -> Result<PlatformInfo, DtbError> {
    platform_info(&Fdt::new(dtb)?)
}

/// [`parse_platform`] on an already validated blob.
pub fn platform_info(fdt: &Fdt<'_>) -> Result<PlatformInfo, DtbError> {
    let mut info = PlatformInfo::default();
    let root = fdt.root();
    if let Some(model) = root.str_property("model") {
        push_truncated(&mut info.model, model);
    }
    read_memory(root, &mut info)?;
    read_reservations(fdt, &mut info)?;
    read_chosen(fdt, &mut info)?;
    read_cpus(root, &mut info)?;
    info.psci = read_psci(root)?;
    Ok(info)
}

/// Copies as much of `text` as fits, cutting at a character boundary.
fn push_truncated<const N: usize>(out: &mut heapless::String<N>, text: &str) {
    for ch in text.chars() {
        if out.push(ch).is_err() {
            break;
        }
    }
}

/// Appends `[start, start + size)` unless `size` is 0.
fn push_range<const N: usize>(
    list: &mut heapless::Vec<PhysRange, N>,
    (start, size): (u64, u64),
    what: &'static str,
    node: &Node<'_>,
) -> Result<(), DtbError> {
    if size == 0 {
        return Ok(());
    }
    if start.checked_add(size).is_none() {
        return Err(DtbError::bad_property(
            node.name(),
            "reg",
            "a region runs past the end of the 64-bit address space",
        ));
    }
    list.push(PhysRange::new(start, size))
        .map_err(|_| DtbError::TooMany { what, limit: N })
}

/// Every `reg` entry of `node`, read with the given cell widths, into `list`.
fn push_reg<const N: usize>(
    list: &mut heapless::Vec<PhysRange, N>,
    node: &Node<'_>,
    (address_cells, size_cells): (u32, u32),
    what: &'static str,
) -> Result<(), DtbError> {
    let Some(reg) = node.property("reg") else {
        return Ok(());
    };
    let entries = reg_entries(reg.value(), address_cells, size_cells)
        .map_err(|p| DtbError::bad_property(node.name(), "reg", p.describe()))?;
    for entry in entries {
        push_range(list, entry, what, node)?;
    }
    Ok(())
}

/// Top-level nodes with `device_type = "memory"` (as Linux's early scan); zero sizes skipped.
fn read_memory(root: Node<'_>, info: &mut PlatformInfo) -> Result<(), DtbError> {
    let cells = root.child_cells();
    for node in root.children() {
        if node.str_property("device_type") == Some("memory") && node.is_available() {
            push_reg(&mut info.memory, &node, cells, "memory regions")?;
        }
    }
    if info.memory.is_empty() {
        return Err(DtbError::NoMemory);
    }
    Ok(())
}

/// `/memreserve/` entries, then available `/reserved-memory` children that have `reg`.
fn read_reservations(fdt: &Fdt<'_>, info: &mut PlatformInfo) -> Result<(), DtbError> {
    const WHAT: &str = "reserved memory regions";
    let root = fdt.root();
    for range in fdt.memory_reservations() {
        push_range(
            &mut info.reserved,
            (range.start.as_u64(), range.size),
            WHAT,
            &root,
        )?;
    }
    let Some(parent) = root.child("reserved-memory") else {
        return Ok(());
    };
    let (root_address, root_size) = root.child_cells();
    let read = |name, default| {
        parent
            .property(name)
            .and_then(|p| p.as_u32())
            .unwrap_or(default)
    };
    let cells = (
        read("#address-cells", root_address),
        read("#size-cells", root_size),
    );
    for child in parent.children().filter(Node::is_available) {
        push_reg(&mut info.reserved, &child, cells, WHAT)?;
    }
    Ok(())
}

/// `/cpus/*` with `device_type = "cpu"`: MPIDR from `reg`, and the enable method.
fn read_cpus(root: Node<'_>, info: &mut PlatformInfo) -> Result<(), DtbError> {
    let cpus = root.child("cpus").ok_or(DtbError::NoCpus)?;
    let (address_cells, _) = cpus.child_cells();
    if !(1..=2).contains(&address_cells) {
        return Err(DtbError::bad_property(
            cpus.name(),
            "#address-cells",
            "must be 1 or 2",
        ));
    }
    for cpu in cpus.children() {
        if cpu.str_property("device_type") != Some("cpu") || !cpu.is_available() {
            continue;
        }
        let mpidr = cpu
            .property("reg")
            .and_then(|reg| read_number(reg.value(), 0, address_cells))
            .ok_or_else(|| {
                DtbError::bad_property(
                    cpu.name(),
                    "reg",
                    "is missing or shorter than #address-cells of /cpus",
                )
            })?;
        let enable_method = enable_method(&cpu);
        let entry = CpuInfo {
            mpidr,
            enable_method,
        };
        info.cpus.push(entry).map_err(|_| DtbError::TooMany {
            what: "CPUs",
            limit: kernel_core::MAX_CPUS,
        })?;
    }
    if info.cpus.is_empty() {
        return Err(DtbError::NoCpus);
    }
    Ok(())
}

/// The CPU's `enable-method`; a spin table without a readable release address leaves the CPU
/// off (as Linux does) rather than failing the boot.
fn enable_method(cpu: &Node<'_>) -> EnableMethod {
    match cpu.str_property("enable-method") {
        Some("psci") => EnableMethod::Psci,
        Some("spin-table") => match cpu
            .property("cpu-release-addr")
            .and_then(|p| p.as_u32_or_u64())
        {
            Some(release_addr) => EnableMethod::SpinTable { release_addr },
            None => {
                log::warn!(
                    "{}: spin-table without a valid cpu-release-addr; CPU stays off",
                    cpu.name()
                );
                EnableMethod::None
            }
        },
        _ => EnableMethod::None,
    }
}

/// The first available top-level node compatible with `arm,psci*`, and its conduit.
fn read_psci(root: Node<'_>) -> Result<Option<PsciConduit>, DtbError> {
    let is_psci = |node: &Node<'_>| {
        node.property("compatible")
            .is_some_and(|p| p.strings().any(|c| c.starts_with("arm,psci")))
    };
    let Some(node) = root.children().find(|n| is_psci(n) && n.is_available()) else {
        return Ok(None);
    };
    match node.str_property("method") {
        Some("hvc") => Ok(Some(PsciConduit::Hvc)),
        Some("smc") => Ok(Some(PsciConduit::Smc)),
        _ => Err(DtbError::bad_property(
            node.name(),
            "method",
            "must be \"hvc\" or \"smc\"",
        )),
    }
}
