//! The PL031 driver through its real register window: an `MmioRegion` minted over host memory.

use kernel_core::addr::PhysRange;
use kernel_core::driver::{Device, DeviceNode, ProbeError};
use kernel_core::testing::{HostDevice, HostProbe};

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
    let device = HostDevice::new(0x1000);
    device.write(0x00, 1_700_000_000);
    let Ok(Device::Rtc(rtc)) = (pl031::DRIVER.probe)(&node(0x1000), &HostProbe(&device)) else {
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
    let device = HostDevice::new(0x1000);
    assert!(matches!(
        (pl031::DRIVER.probe)(&node(8), &HostProbe(&device)),
        Err(ProbeError::Invalid(_))
    ));
}
