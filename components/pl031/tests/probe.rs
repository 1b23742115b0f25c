//! The PL031 driver through its real register window: an `MmioRegion` minted over host memory.

use kernel_core::addr::{PhysAddr, PhysRange, VirtAddr};
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::driver::{Device, DeviceNode, ProbeContext, ProbeError};
use kernel_core::services::irq::InterruptController;
use std::sync::Arc;

const WORDS: usize = 0x1000 / 4;

/// A 4 KiB "device" in host memory that outlives every region minted over it.
struct HostDevice {
    words: *mut u32,
}

impl HostDevice {
    fn new() -> Self {
        let words = Box::leak(vec![0u32; WORDS].into_boxed_slice()).as_mut_ptr();
        Self { words }
    }

    fn region(&self, phys: u64) -> MmioRegion {
        // SAFETY: a test stands in for the board; the buffer is leaked, so it lives for the rest
        // of the process, is 4-byte aligned and 0x1000 bytes long, and is only ever accessed
        // through volatile reads and writes.
        unsafe {
            let authority = MintAuthority::assume();
            MmioRegion::new(
                &authority,
                VirtAddr(self.words as u64),
                PhysAddr(phys),
                WORDS * 4,
            )
        }
    }

    fn read(&self, offset: usize) -> u32 {
        assert!(offset.is_multiple_of(4) && offset / 4 < WORDS);
        // SAFETY: in bounds (checked above) of the leaked, aligned buffer.
        unsafe { self.words.add(offset / 4).read_volatile() }
    }

    fn write(&self, offset: usize, value: u32) {
        assert!(offset.is_multiple_of(4) && offset / 4 < WORDS);
        // SAFETY: in bounds (checked above) of the leaked, aligned buffer.
        unsafe { self.words.add(offset / 4).write_volatile(value) }
    }
}

struct Context<'a>(&'a HostDevice);

impl ProbeContext for Context<'_> {
    fn map_mmio(&self, range: PhysRange) -> Result<MmioRegion, ProbeError> {
        Ok(self.0.region(range.start.as_u64()))
    }
    fn interrupt_controller(&self) -> Option<Arc<dyn InterruptController>> {
        None
    }
    fn cpu_mpidrs(&self) -> &[u64] {
        &[0]
    }
}

fn node(size: u64) -> DeviceNode {
    DeviceNode {
        path: "/pl031@9010000".into(),
        compatible: vec!["arm,pl031".into(), "arm,primecell".into()],
        reg: vec![PhysRange::new(0x901_0000, size)],
        ..DeviceNode::default()
    }
}

#[test]
fn reads_seconds_and_starts_a_stopped_counter() {
    let device = HostDevice::new();
    device.write(0x00, 1_700_000_000);
    let Ok(Device::Rtc(rtc)) = (pl031::DRIVER.probe)(&node(0x1000), &Context(&device)) else {
        panic!("pl031 probed into something other than an RTC");
    };
    assert_eq!(device.read(0x0c), 1, "RTCCR: started");
    assert_eq!(rtc.unix_seconds(), 1_700_000_000);
}

#[test]
fn matches_only_pl031_and_refuses_a_small_window() {
    assert!(pl031::DRIVER.matches(&node(0x1000)));
    let uart = DeviceNode {
        compatible: vec!["arm,pl011".into(), "arm,primecell".into()],
        ..node(0x1000)
    };
    assert!(!pl031::DRIVER.matches(&uart));
    let device = HostDevice::new();
    assert!(matches!(
        (pl031::DRIVER.probe)(&node(8), &Context(&device)),
        Err(ProbeError::Invalid(_))
    ));
}
