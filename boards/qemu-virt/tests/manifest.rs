//! The board's driver list against QEMU's own device trees (`-machine dumpdtb`, GICv2 and
//! GICv3): exactly one driver serves each device the kernel needs, with the right class.

use board_qemu_virt::DRIVERS;
use kernel_core::driver::{DeviceClass, DeviceNode};

/// (node path, class) for every node a virt driver serves (at most one driver each).
fn classes_served(nodes: &[DeviceNode]) -> Vec<(String, DeviceClass)> {
    board_testkit::served(nodes, DRIVERS)
        .into_iter()
        .map(|(path, _, class)| (path, class))
        .collect()
}

fn check(name: &str, gic_path: &str) {
    let blob = board_testkit::dtb(name);
    let nodes = devicetree::device_nodes(&blob).expect("QEMU's DTB parses");
    let served = classes_served(&nodes);
    assert!(
        served.contains(&("/pl011@9000000".into(), DeviceClass::Console)),
        "{served:?}"
    );
    assert!(
        served.contains(&(gic_path.into(), DeviceClass::InterruptController)),
        "{served:?}"
    );
    assert!(
        served.contains(&("/timer".into(), DeviceClass::Timer)),
        "{served:?}"
    );
    assert!(
        served.contains(&("/pl031@9010000".into(), DeviceClass::Rtc)),
        "{served:?}"
    );
    assert_eq!(
        served.len(),
        4,
        "nothing else on virt is claimed (e.g. PL061): {served:?}"
    );
    let platform = devicetree::parse_platform(&blob).expect("platform");
    assert_eq!(platform.stdout_path.as_str(), "/pl011@9000000");
    let uart = nodes
        .iter()
        .find(|n| n.path == "/pl011@9000000")
        .expect("uart node");
    assert_eq!(
        uart.reg[0].start.as_u64(),
        board_qemu_virt::EARLY_UART_PHYS,
        "early UART is the DTB's"
    );
}

#[test]
fn drivers_cover_qemu_virt_gicv2() {
    check("qemu-virt-gicv2.dtb", "/intc@8000000");
}

#[test]
fn drivers_cover_qemu_virt_gicv3() {
    check("qemu-virt-gicv3.dtb", "/intc@8000000");
}
