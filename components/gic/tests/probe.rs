//! The GIC probes through real `MmioRegion`s minted over host memory.

use gic::cpu_interface::CpuInterfaceRegs;
use kernel_core::addr::{PhysAddr, PhysRange, VirtAddr};
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::driver::{Device, DeviceNode, ProbeContext, ProbeError};
use kernel_core::services::irq::{InterruptController, IrqNumber, Trigger};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Zeroed host memory standing in for a device at `phys`; leaked, so it outlives every region.
struct HostDevice {
    phys: u64,
    words: *mut u64,
    len: usize,
}

impl HostDevice {
    fn new(phys: u64, len: usize) -> Self {
        let words = Box::leak(vec![0u64; len / 8].into_boxed_slice()).as_mut_ptr();
        Self { phys, words, len }
    }

    fn region(&self) -> MmioRegion {
        // SAFETY: a test stands in for the board; the buffer is leaked (lives for the rest of
        // the process), 8-byte aligned, `len` bytes long, and only accessed volatilely.
        unsafe {
            let authority = MintAuthority::assume();
            MmioRegion::new(
                &authority,
                VirtAddr(self.words as u64),
                PhysAddr(self.phys),
                self.len,
            )
        }
    }

    fn read32(&self, offset: usize) -> u32 {
        assert!(offset.is_multiple_of(4) && offset + 4 <= self.len);
        // SAFETY: aligned and in bounds (checked above) of the leaked buffer.
        unsafe { (self.words as *const u32).add(offset / 4).read_volatile() }
    }

    fn write32(&self, offset: usize, value: u32) {
        assert!(offset.is_multiple_of(4) && offset + 4 <= self.len);
        // SAFETY: aligned and in bounds (checked above) of the leaked buffer.
        unsafe {
            (self.words as *mut u32)
                .add(offset / 4)
                .write_volatile(value)
        }
    }

    fn read64(&self, offset: usize) -> u64 {
        assert!(offset.is_multiple_of(8) && offset + 8 <= self.len);
        // SAFETY: aligned and in bounds (checked above) of the leaked buffer.
        unsafe { self.words.add(offset / 8).read_volatile() }
    }

    fn write64(&self, offset: usize, value: u64) {
        assert!(offset.is_multiple_of(8) && offset + 8 <= self.len);
        // SAFETY: aligned and in bounds (checked above) of the leaked buffer.
        unsafe { self.words.add(offset / 8).write_volatile(value) }
    }
}

struct Context {
    devices: Vec<HostDevice>,
    mpidrs: Vec<u64>,
}

impl ProbeContext for Context {
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError> {
        let device = self
            .devices
            .iter()
            .find(|d| d.phys == range.start.as_u64() && d.len as u64 == range.size);
        device
            .map(HostDevice::region)
            .ok_or(ProbeError::Resource("no such device"))
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        None
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &self.mpidrs
    }
}

fn node(compatible: &str, reg: &[(u64, u64)]) -> DeviceNode {
    DeviceNode {
        path: "/intc@8000000".into(),
        compatible: vec![compatible.into()],
        reg: reg
            .iter()
            .map(|&(start, size)| PhysRange::new(start, size))
            .collect(),
        interrupt_cells: 3,
        ..DeviceNode::default()
    }
}

fn controller(device: Device) -> Arc<dyn InterruptController> {
    match device {
        Device::InterruptController(gic) => gic,
        _ => panic!("the GIC probed into something else"),
    }
}

#[test]
fn gicv2_probe_initialises_the_distributor() {
    let dist = HostDevice::new(0x0800_0000, 0x1000);
    dist.write32(0x004, 8); // ITLinesNumber 8: 288 lines, as QEMU virt.
    let ctx = Context {
        devices: vec![dist, HostDevice::new(0x0801_0000, 0x2000)],
        mpidrs: vec![0],
    };
    let node = node(
        "arm,cortex-a15-gic",
        &[(0x0800_0000, 0x1000), (0x0801_0000, 0x2000)],
    );
    assert!(gic::DRIVER.matches(&node));
    let gic = controller((gic::DRIVER.probe)(&node, &ctx).unwrap());
    let dist = &ctx.devices[0];
    assert_eq!(gic.name(), "GICv2");
    assert_eq!(dist.read32(0x000), 1, "distributor enabled");
    assert_eq!(
        dist.read32(0x41c + 0x100),
        0xa0a0_a0a0,
        "last SPI priority word"
    );
    assert_eq!(
        dist.read32(0x800 + 284),
        0x0101_0101,
        "last SPIs target CPU interface 0"
    );
    assert_eq!(
        gic.translate(&[0, 1, 4]),
        Some((IrqNumber(33), Trigger::Level))
    );
    gic.init_cpu(0);
    assert_eq!(ctx.devices[1].read32(0x04), 0xf0, "GICC_PMR");
    assert_eq!(ctx.devices[1].read32(0x00), 1, "GICC_CTLR");
}

#[test]
fn gicv2_probe_needs_both_windows() {
    let ctx = Context {
        devices: vec![HostDevice::new(0x0800_0000, 0x1000)],
        mpidrs: vec![0],
    };
    let node = node("arm,gic-400", &[(0x0800_0000, 0x1000)]);
    assert!(matches!(
        (gic::DRIVER.probe)(&node, &ctx),
        Err(ProbeError::Invalid(_))
    ));
}

/// A CPU interface that only knows its MPIDR and remembers the last SGI1R write.
struct FixedCpu {
    mpidr: u64,
    last_sgi1r: AtomicU64,
}

impl CpuInterfaceRegs for FixedCpu {
    fn current_mpidr(&self) -> u64 {
        self.mpidr
    }
    fn read_sre(&self) -> u64 {
        1
    }
    fn write_sre(&self, _value: u64) {}
    fn write_pmr(&self, _priority: u8) {}
    fn write_bpr1(&self, _value: u64) {}
    fn read_ctlr(&self) -> u64 {
        0
    }
    fn write_ctlr(&self, _value: u64) {}
    fn write_igrpen1(&self, _enabled: bool) {}
    fn read_iar1(&self) -> u32 {
        1023
    }
    fn write_eoir1(&self, _intid: u32) {}
    fn write_sgi1r(&self, value: u64) {
        self.last_sgi1r.store(value, Ordering::Relaxed);
    }
}

#[test]
fn gicv3_probe_walks_redistributors_and_routes_spis() {
    let dist = HostDevice::new(0x0800_0000, 0x1_0000);
    dist.write32(0x004, 8);
    let redists = HostDevice::new(0x080a_0000, 0x4_0000);
    for (frame, typer) in [(0, 0u64), (0x2_0000, (1 << 32) | (1 << 4))] {
        redists.write32(frame + 0xffe8, 0x3b);
        redists.write64(frame + 0x8, typer);
    }
    let ctx = Context {
        devices: vec![dist, redists],
        mpidrs: vec![0x8000_0000, 0x8000_0001],
    };
    let node = node(
        "arm,gic-v3",
        &[(0x0800_0000, 0x1_0000), (0x080a_0000, 0x4_0000)],
    );
    let cpu = FixedCpu {
        mpidr: 0x8000_0001,
        last_sgi1r: AtomicU64::new(0),
    };
    let gic = controller(gic::probe_v3(&node, &ctx, cpu).unwrap());
    let dist = &ctx.devices[0];
    assert_eq!(
        dist.read32(0x000),
        0x13,
        "ARE_NS | EnableGrp1A | EnableGrp1"
    );
    assert_eq!(
        dist.read64(0x6000 + 32 * 8),
        1,
        "SPI 32 routed to the probing CPU (Aff0 1)"
    );
    assert_eq!(dist.read64(0x6000 + 287 * 8), 1);
    gic.init_cpu(1);
    assert_eq!(
        ctx.devices[1].read32(0x3_0100),
        0xffff,
        "CPU 1's SGIs enabled in frame pair 1"
    );
    assert_eq!(
        ctx.devices[1].read32(0x1_0100),
        0,
        "CPU 0's frame untouched"
    );
}

#[test]
#[cfg(not(target_arch = "aarch64"))]
fn gicv3_through_the_driver_table_needs_aarch64() {
    let ctx = Context {
        devices: vec![],
        mpidrs: vec![0],
    };
    let node = node(
        "arm,gic-v3",
        &[(0x0800_0000, 0x1_0000), (0x080a_0000, 0x4_0000)],
    );
    assert!(gic::DRIVER.matches(&node));
    let result = (gic::DRIVER.probe)(&node, &ctx);
    assert!(matches!(result, Err(ProbeError::Resource(_))));
}
