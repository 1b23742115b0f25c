//! The PL011 driver through its real register window: an `MmioRegion` minted over host memory.

use kernel_core::addr::{PhysAddr, PhysRange, VirtAddr};
use kernel_core::cap::{MintAuthority, MmioRegion};
use kernel_core::driver::{Device, DeviceNode, ProbeContext, ProbeError};
use kernel_core::services::chardev::CharDevice;
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

fn node(clock_frequency: Option<u32>) -> DeviceNode {
    DeviceNode {
        path: "/pl011@9000000".into(),
        compatible: vec!["arm,pl011".into(), "arm,primecell".into()],
        reg: vec![PhysRange::new(0x900_0000, 0x1000)],
        clock_frequency,
        ..DeviceNode::default()
    }
}

fn console(device: Device) -> Arc<dyn CharDevice> {
    match device {
        Device::Console(console) => console,
        _ => panic!("pl011 probed into something other than a console"),
    }
}

#[test]
fn probe_with_a_clock_programs_24mhz_115200() {
    let device = HostDevice::new();
    let uart = console((pl011::DRIVER.probe)(&node(Some(24_000_000)), &Context(&device)).unwrap());
    assert_eq!(device.read(0x24), 13, "IBRD");
    assert_eq!(device.read(0x28), 1, "FBRD");
    assert_eq!(device.read(0x2c), 0x70, "LCR_H: 8N1, FIFOs on");
    assert_eq!(device.read(0x38), 0, "IMSC: all interrupts masked");
    assert_eq!(device.read(0x30), 0x301, "CR: UARTEN | TXE | RXE");
    assert_eq!(uart.name(), "pl011@9000000");
}

#[test]
fn probe_without_a_clock_leaves_the_divisor_alone() {
    let device = HostDevice::new();
    device.write(0x24, 0x1a);
    device.write(0x28, 0x03);
    console((pl011::DRIVER.probe)(&node(None), &Context(&device)).unwrap());
    assert_eq!((device.read(0x24), device.read(0x28)), (0x1a, 0x03));
    assert_eq!(device.read(0x30), 0x301);
}

#[test]
fn bytes_reach_dr_and_rxfe_gates_reads() {
    let device = HostDevice::new();
    let uart = pl011::Pl011::new(device.region(0x900_0000));
    // `new` must not touch the port: the early console shares it with the firmware.
    assert!((0..0x48).step_by(4).all(|offset| device.read(offset) == 0));
    uart.write(b"k");
    assert_eq!(device.read(0x00), u32::from(b'k'));
    uart.write(b"\n");
    assert_eq!(
        device.read(0x00),
        u32::from(b'\n'),
        "the newline follows its carriage return"
    );
    device.write(0x18, 1 << 4);
    assert_eq!(uart.try_read(), None);
    device.write(0x00, u32::from(b'r'));
    device.write(0x18, 0);
    assert_eq!(uart.try_read(), Some(b'r'));
}

#[test]
fn probe_rejects_nodes_without_registers() {
    let device = HostDevice::new();
    let mut bad = node(None);
    bad.reg.clear();
    assert!(matches!(
        (pl011::DRIVER.probe)(&bad, &Context(&device)),
        Err(ProbeError::Invalid(_))
    ));
    bad.reg.push(PhysRange::new(0x900_0000, 0x10));
    assert!(matches!(
        (pl011::DRIVER.probe)(&bad, &Context(&device)),
        Err(ProbeError::Invalid(_))
    ));
}

#[test]
fn driver_claims_pl011_but_not_other_primecells() {
    assert!(pl011::DRIVER.matches(&node(None)));
    let rtc = DeviceNode {
        compatible: vec!["arm,pl031".into(), "arm,primecell".into()],
        ..DeviceNode::default()
    };
    assert!(!pl011::DRIVER.matches(&rtc));
}
