//! Test support shared by every board crate's manifest tests (a dev-dependency, host only):
//! the cached real DTBs, which driver serves which node, and a probe of the console through
//! the real driver over host memory.

use kernel_core::addr::{PhysAddr, PhysRange, VirtAddr};
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::driver::{
    probe_all, Device, DeviceClass, DeviceNode, Driver, ProbeContext, ProbeError,
};
use kernel_core::platform::{EnableMethod, PsciConduit};
use kernel_core::services::irq::InterruptController;
use std::path::PathBuf;
use std::sync::Arc;

/// The DTB `name` from `$LICHEN_DTB_DIR` or `<cache>/dtbs/` (what `cargo xtask setup` fills).
pub fn dtb(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("LICHEN_DTB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let cache = std::env::var_os("LICHEN_CACHE")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").expect("HOME is set"))
                        .join(".cache/lichen")
                });
            cache.join("dtbs")
        });
    let path = dir.join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run `cargo xtask setup` first", path.display()))
}

/// (node path, driver name, class) for every node one of `drivers` serves; at most one each.
pub fn served(
    nodes: &[DeviceNode],
    drivers: &[&'static Driver],
) -> Vec<(String, &'static str, DeviceClass)> {
    nodes
        .iter()
        .filter_map(|node| {
            let matching: Vec<_> = drivers.iter().filter(|d| d.matches(node)).collect();
            assert!(
                matching.len() <= 1,
                "{} matched by several drivers",
                node.path
            );
            matching
                .first()
                .map(|d| (node.path.clone(), d.name, d.class))
        })
        .collect()
}

/// A "device" in leaked host memory: the register window a probe maps.
struct HostMemory;

impl ProbeContext for HostMemory {
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError> {
        let len = usize::try_from(range.size).map_err(|_| ProbeError::Invalid("size"))?;
        let words = Box::leak(vec![0u64; len.div_ceil(8)].into_boxed_slice());
        // SAFETY: a test stands in for the board: the buffer is leaked (lives for the rest of
        // the process), 8-byte aligned, at least `len` bytes, and only reached through the
        // region's volatile accessors.
        Ok(unsafe {
            MmioRegion::new(
                &MintAuthority::assume(),
                VirtAddr(words.as_mut_ptr() as u64),
                PhysAddr(range.start.as_u64()),
                len,
            )
        })
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        None
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &[0]
    }
}

/// Runs the kernel's probe loop over `nodes` for the node at `path` only (as the kernel
/// probes only its console UART) and returns the console device's name.
pub fn probe_console(nodes: &[DeviceNode], drivers: &[&'static Driver], path: &str) -> String {
    let mut names = Vec::new();
    probe_all(
        nodes,
        drivers,
        &HostMemory,
        |node| node.path == path,
        |node, driver, outcome| match outcome {
            Ok(Device::Console(console)) => names.push(console.name().to_string()),
            Ok(_) => panic!(
                "{}: {} produced a non-console device",
                node.path, driver.name
            ),
            Err(error) => panic!("{}: {} failed: {error}", node.path, driver.name),
        },
    );
    assert_eq!(names.len(), 1, "exactly one console probed at {path}");
    names.remove(0)
}

/// What a board's DTB must give the kernel.
pub struct Expected {
    /// The DTB in the cache.
    pub dtb: &'static str,
    /// The root `model`.
    pub model: &'static str,
    /// Every node the board's drivers serve: (path, driver, class).
    pub served: &'static [(&'static str, &'static str, DeviceClass)],
    /// `/chosen/stdout-path`, resolved.
    pub console: &'static str,
    /// The console device's name once probed.
    pub console_name: &'static str,
    /// RAM: (start, bytes).
    pub memory: &'static [(u64, u64)],
    /// CPUs in DTB order: (MPIDR, enable method).
    pub cpus: &'static [(u64, EnableMethod)],
    /// The PSCI conduit.
    pub psci: Option<PsciConduit>,
}

/// Checks every fact of `expected` against the cached DTB, probing the console through its
/// driver.
pub fn check(drivers: &[&'static Driver], expected: &Expected) {
    check_blob(&dtb(expected.dtb), drivers, expected);
}

/// [`check`] on a DTB as the firmware passes it (e.g. with `/memory` filled in).
pub fn check_blob(blob: &[u8], drivers: &[&'static Driver], expected: &Expected) {
    let nodes = devicetree::device_nodes(blob).expect("the DTB parses");
    let mut served = served(&nodes, drivers);
    served.sort_by(|a, b| a.0.cmp(&b.0));
    let mut wanted: Vec<_> = expected
        .served
        .iter()
        .map(|&(path, driver, class)| (path.to_string(), driver, class))
        .collect();
    wanted.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(served, wanted, "{}: nodes served", expected.dtb);
    let platform = devicetree::parse_platform(blob).expect("platform");
    assert_eq!(platform.model.as_str(), expected.model);
    assert_eq!(platform.stdout_path.as_str(), expected.console);
    assert_eq!(
        probe_console(&nodes, drivers, expected.console),
        expected.console_name
    );
    let memory: Vec<_> = platform
        .memory
        .iter()
        .map(|r| (r.start.as_u64(), r.size))
        .collect();
    assert_eq!(memory, expected.memory, "{}: memory", expected.dtb);
    let cpus: Vec<_> = platform
        .cpus
        .iter()
        .map(|c| (c.mpidr, c.enable_method))
        .collect();
    assert_eq!(cpus, expected.cpus, "{}: CPUs", expected.dtb);
    assert_eq!(platform.psci, expected.psci, "{}: PSCI", expected.dtb);
}
