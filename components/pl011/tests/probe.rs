//! The PL011 driver through its real register window: an `MmioRegion` minted over host memory.

use kernel_core::addr::PhysRange;
use kernel_core::driver::{Device, DeviceNode, ProbeError};
use kernel_core::services::chardev::CharDevice;
use kernel_core::testing::{HostDevice, HostProbe};
use std::sync::Arc;

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
    let device = HostDevice::new(0x1000);
    let uart =
        console((pl011::DRIVER.probe)(&node(Some(24_000_000)), &HostProbe(&device)).unwrap());
    assert_eq!(device.read(0x24), 13, "IBRD");
    assert_eq!(device.read(0x28), 1, "FBRD");
    assert_eq!(device.read(0x2c), 0x70, "LCR_H: 8N1, FIFOs on");
    assert_eq!(device.read(0x38), 0, "IMSC: all interrupts masked");
    assert_eq!(device.read(0x30), 0x301, "CR: UARTEN | TXE | RXE");
    assert_eq!(uart.name(), "pl011@9000000");
}

#[test]
fn probe_without_a_clock_leaves_the_divisor_alone() {
    let device = HostDevice::new(0x1000);
    device.write(0x24, 0x1a);
    device.write(0x28, 0x03);
    console((pl011::DRIVER.probe)(&node(None), &HostProbe(&device)).unwrap());
    assert_eq!((device.read(0x24), device.read(0x28)), (0x1a, 0x03));
    assert_eq!(device.read(0x30), 0x301);
}

#[test]
fn bytes_reach_dr_and_rxfe_gates_reads() {
    let device = HostDevice::new(0x1000);
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
    let device = HostDevice::new(0x1000);
    let mut bad = node(None);
    bad.reg.clear();
    assert!(matches!(
        (pl011::DRIVER.probe)(&bad, &HostProbe(&device)),
        Err(ProbeError::Invalid(_))
    ));
    bad.reg.push(PhysRange::new(0x900_0000, 0x10));
    assert!(matches!(
        (pl011::DRIVER.probe)(&bad, &HostProbe(&device)),
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
