//! The board's driver list against QEMU's own device trees (`-machine dumpdtb`, GICv2 and
//! GICv3): exactly one driver serves each device the kernel needs, with the right class.

use board_qemu_virt::DRIVERS;
use kernel_core::driver::{DeviceClass, DeviceNode};
use std::path::PathBuf;

fn dtb(name: &str) -> Vec<u8> {
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

fn classes_served(nodes: &[DeviceNode]) -> Vec<(String, DeviceClass)> {
    nodes
        .iter()
        .filter_map(|node| {
            let matching: Vec<_> = DRIVERS.iter().filter(|d| d.matches(node)).collect();
            assert!(
                matching.len() <= 1,
                "{} matched by several drivers",
                node.path
            );
            matching.first().map(|d| (node.path.clone(), d.class))
        })
        .collect()
}

fn check(name: &str, gic_path: &str) {
    let blob = dtb(name);
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
