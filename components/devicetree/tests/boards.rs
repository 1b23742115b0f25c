//! Facts read with `dtc -I dtb -O dts` from the real DTBs, checked against both entry points.

mod common;

use common::real_dtb;
use devicetree::{device_nodes, find_device_by_path, parse_platform, DtbError, Fdt};
use kernel_core::addr::PhysRange;
use kernel_core::driver::DeviceNode;
use kernel_core::platform::{EnableMethod, PsciConduit};

fn ranges(pairs: &[(u64, u64)]) -> Vec<PhysRange> {
    pairs
        .iter()
        .map(|&(start, size)| PhysRange::new(start, size))
        .collect()
}

fn device<'n>(nodes: &'n [DeviceNode], path: &str) -> &'n DeviceNode {
    nodes
        .iter()
        .find(|n| n.path == path)
        .unwrap_or_else(|| panic!("no device node at {path}"))
}

fn assert_absent(nodes: &[DeviceNode], path: &str) {
    assert!(
        nodes.iter().all(|n| n.path != path),
        "{path} is disabled and must not be listed"
    );
}

fn psci_cpus(count: u64) -> Vec<(u64, EnableMethod)> {
    (0..count).map(|id| (id, EnableMethod::Psci)).collect()
}

fn cpu_list(info: &kernel_core::platform::PlatformInfo) -> Vec<(u64, EnableMethod)> {
    info.cpus
        .iter()
        .map(|c| (c.mpidr, c.enable_method))
        .collect()
}

fn check_qemu_virt(name: &str, gic_compatible: &str, gic_reg: &[(u64, u64)], timer_flags: u32) {
    let dtb = real_dtb(name);
    let info = parse_platform(&dtb).expect("QEMU virt DTB parses");
    assert_eq!(info.model.as_str(), "linux,dummy-virt");
    assert_eq!(
        info.memory.as_slice(),
        ranges(&[(0x4000_0000, 0x2000_0000)])
    );
    assert_eq!(info.memory_bytes(), 512 * 1024 * 1024);
    assert!(info.reserved.is_empty());
    assert_eq!(info.stdout_path.as_str(), "/pl011@9000000");
    assert_eq!(info.bootargs.as_str(), "");
    assert_eq!(info.initrd, None);
    assert_eq!(cpu_list(&info), psci_cpus(4));
    assert_eq!(info.psci, Some(PsciConduit::Hvc));

    let nodes = device_nodes(&dtb).expect("device nodes");
    let uart = device(&nodes, "/pl011@9000000");
    assert_eq!(uart.compatible, ["arm,pl011", "arm,primecell"]);
    assert_eq!(uart.reg, ranges(&[(0x900_0000, 0x1000)]));
    assert_eq!(uart.interrupt_cells, 3);
    assert_eq!(uart.interrupt(0), Some(&[0, 1, 4][..]));
    assert!(std::ptr::eq(
        find_device_by_path(&nodes, &info.stdout_path).expect("console"),
        uart
    ));

    let gic = device(&nodes, "/intc@8000000");
    assert_eq!(gic.compatible, [gic_compatible]);
    assert_eq!(gic.reg, ranges(gic_reg));

    let timer = nodes
        .iter()
        .find(|n| n.is_compatible(&["arm,armv8-timer"]))
        .expect("timer");
    assert_eq!(timer.path, "/timer");
    assert!(timer.reg.is_empty());
    assert_eq!(timer.interrupt_cells, 3);
    let ppis: Vec<&[u32]> = (0..4).map_while(|i| timer.interrupt(i)).collect();
    assert_eq!(
        ppis,
        [
            [1, 13, timer_flags],
            [1, 14, timer_flags],
            [1, 11, timer_flags],
            [1, 10, timer_flags]
        ]
    );

    assert_eq!(
        nodes
            .iter()
            .filter(|n| n.is_compatible(&["virtio,mmio"]))
            .count(),
        32
    );
    let virtio0 = device(&nodes, "/virtio_mmio@a000000");
    assert_eq!(virtio0.reg, ranges(&[(0xa00_0000, 0x200)]));
    assert_eq!(virtio0.interrupt(0), Some(&[0, 0x10, 1][..]));
    let pcie = device(&nodes, "/pcie@10000000");
    assert_eq!(pcie.reg, ranges(&[(0x40_1000_0000, 0x1000_0000)]));
    assert!(
        pcie.interrupts.is_empty(),
        "the host bridge has interrupt-map, no interrupts"
    );
}

#[test]
fn qemu_virt_gicv2() {
    check_qemu_virt(
        "qemu-virt-gicv2.dtb",
        "arm,cortex-a15-gic",
        &[(0x800_0000, 0x1_0000), (0x801_0000, 0x1_0000)],
        0xf04,
    );
    let nodes = device_nodes(&real_dtb("qemu-virt-gicv2.dtb")).expect("device nodes");
    let v2m = device(&nodes, "/intc@8000000/v2m@8020000");
    assert_eq!(v2m.compatible, ["arm,gic-v2m-frame"]);
    assert_eq!(
        v2m.reg,
        ranges(&[(0x802_0000, 0x1000)]),
        "translated through the GIC's empty ranges"
    );
}

#[test]
fn qemu_virt_gicv3() {
    check_qemu_virt(
        "qemu-virt-gicv3.dtb",
        "arm,gic-v3",
        &[(0x800_0000, 0x1_0000), (0x80a_0000, 0xf6_0000)],
        0x4,
    );
    let nodes = device_nodes(&real_dtb("qemu-virt-gicv3.dtb")).expect("device nodes");
    let its = device(&nodes, "/intc@8000000/its@8080000");
    assert_eq!(its.compatible, ["arm,gic-v3-its"]);
    assert_eq!(its.reg, ranges(&[(0x808_0000, 0x2_0000)]));
}

/// Offset of property `name` of the node at `path` inside `dtb`.
fn property_offset(dtb: &[u8], path: &str, name: &str) -> usize {
    let fdt = Fdt::new(dtb).expect("valid");
    let value = fdt
        .find_node_by_path(path)
        .and_then(|n| n.property(name))
        .expect("property")
        .value();
    value.as_ptr() as usize - dtb.as_ptr() as usize
}

#[test]
fn raspberry_pi_4() {
    let dtb = real_dtb("bcm2711-rpi-4-b.dtb");
    // The file leaves memory for the firmware to fill in: reg = <0x00 0x00 0x00>.
    let fdt = Fdt::new(&dtb).expect("valid");
    let memory = fdt
        .find_node_by_path("/memory@0")
        .and_then(|n| n.property("reg"))
        .expect("memory reg");
    assert_eq!(memory.value(), [0u8; 12]);
    assert_eq!(
        fdt.memory_reservations().collect::<Vec<_>>(),
        ranges(&[(0, 0x1000)])
    );
    assert_eq!(parse_platform(&dtb).unwrap_err(), DtbError::NoMemory);

    // What the firmware does: fill in the size cell; then the rest parses.
    let mut filled = dtb.clone();
    let size_at = property_offset(&dtb, "/memory@0", "reg") + 8;
    filled[size_at..size_at + 4].copy_from_slice(&0x3b40_0000u32.to_be_bytes());
    let info = parse_platform(&filled).expect("Pi 4 with firmware-filled memory");
    assert_eq!(info.model.as_str(), "Raspberry Pi 4 Model B");
    assert_eq!(info.memory.as_slice(), ranges(&[(0, 0x3b40_0000)]));
    // /memreserve/ only: reserved-memory's nvram@0 is disabled and linux,cma has no reg.
    assert_eq!(info.reserved.as_slice(), ranges(&[(0, 0x1000)]));
    assert_eq!(
        info.stdout_path.as_str(),
        "/soc/serial@7e215040",
        "alias serial1, options dropped"
    );
    let spin = |release_addr| EnableMethod::SpinTable { release_addr };
    assert_eq!(
        cpu_list(&info),
        [
            (0, spin(0xd8)),
            (1, spin(0xe0)),
            (2, spin(0xe8)),
            (3, spin(0xf0))
        ]
    );
    assert_eq!(info.psci, None);

    let nodes = device_nodes(&dtb).expect("device nodes work without memory");
    let pl011 = device(&nodes, "/soc/serial@7e201000");
    assert!(pl011.is_compatible(&["arm,pl011"]));
    assert_eq!(
        pl011.reg,
        ranges(&[(0xfe20_1000, 0x200)]),
        "0x7e000000 bus maps to 0xfe000000"
    );
    assert_eq!(pl011.interrupt(0), Some(&[0, 0x79, 4][..]));
    let mini = device(&nodes, "/soc/serial@7e215040");
    assert_eq!(mini.compatible, ["brcm,bcm2835-aux-uart"]);
    assert_eq!(mini.reg, ranges(&[(0xfe21_5040, 0x40)]));
    assert!(std::ptr::eq(
        find_device_by_path(&nodes, &info.stdout_path).expect("console"),
        mini
    ));
    let gic = device(&nodes, "/soc/interrupt-controller@40041000");
    assert_eq!(gic.compatible, ["arm,gic-400"]);
    assert_eq!(
        gic.reg,
        ranges(&[
            (0xff84_1000, 0x1000),
            (0xff84_2000, 0x2000),
            (0xff84_4000, 0x2000),
            (0xff84_6000, 0x2000)
        ])
    );
    let timer = device(&nodes, "/timer");
    assert_eq!(
        timer.interrupts,
        [1, 13, 0xf08, 1, 14, 0xf08, 1, 11, 0xf08, 1, 10, 0xf08]
    );
    assert_absent(&nodes, "/reserved-memory/nvram@0");
}

#[test]
fn jetson_nano_tegra210() {
    let dtb = real_dtb("tegra210-p3450-0000.dtb");
    let info = parse_platform(&dtb).expect("Jetson Nano DTB parses");
    assert_eq!(info.model.as_str(), "NVIDIA Jetson Nano Developer Kit");
    assert_eq!(
        info.memory.as_slice(),
        ranges(&[(0x8000_0000, 0x1_0000_0000)])
    );
    assert_eq!(info.stdout_path.as_str(), "/serial@70006000");
    assert_eq!(cpu_list(&info), psci_cpus(4));
    assert_eq!(info.psci, Some(PsciConduit::Smc));

    let nodes = device_nodes(&dtb).expect("device nodes");
    let uart = device(&nodes, "/serial@70006000");
    assert_eq!(
        uart.compatible,
        ["nvidia,tegra210-uart", "nvidia,tegra20-uart"]
    );
    assert_eq!(uart.reg, ranges(&[(0x7000_6000, 0x40)]));
    assert_eq!(uart.reg_shift, Some(2));
    // Its interrupt parent is the legacy controller (root interrupt-parent), 3 cells.
    assert_eq!(uart.interrupt_cells, 3);
    assert_eq!(uart.interrupt(0), Some(&[0, 0x24, 4][..]));
    let gic = device(&nodes, "/interrupt-controller@50041000");
    assert_eq!(gic.compatible, ["arm,gic-400"]);
    assert_eq!(gic.reg.first(), Some(&PhysRange::new(0x5004_1000, 0x1000)));
    assert_eq!(gic.reg.len(), 4);
    // A 35-byte node name, which fdt-rs 0.4.5 cannot read.
    let emc = device(&nodes, "/external-memory-controller@7001b000");
    assert_eq!(emc.compatible, ["nvidia,tegra210-emc"]);
    assert_eq!(emc.reg.len(), 3);
    assert!(nodes
        .iter()
        .any(|n| n.path == "/timer" && n.is_compatible(&["arm,armv8-timer"])));
}

#[test]
fn kria_k26_kv260() {
    let dtb = real_dtb("smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb");
    let info = parse_platform(&dtb).expect("Kria DTB parses");
    assert_eq!(info.model.as_str(), "ZynqMP SMK-K26 Rev1/B/A");
    assert_eq!(
        info.memory.as_slice(),
        ranges(&[(0, 0x8000_0000), (0x8_0000_0000, 0x8000_0000)])
    );
    assert_eq!(info.bootargs.as_str(), "earlycon");
    assert_eq!(info.stdout_path.as_str(), "/axi/serial@ff010000");
    assert_eq!(cpu_list(&info), psci_cpus(4));
    assert_eq!(info.psci, Some(PsciConduit::Smc));

    let nodes = device_nodes(&dtb).expect("device nodes");
    assert_absent(&nodes, "/axi/serial@ff000000");
    let uart1 = device(&nodes, "/axi/serial@ff010000");
    assert_eq!(uart1.compatible, ["xlnx,zynqmp-uart", "cdns,uart-r1p12"]);
    assert_eq!(uart1.reg, ranges(&[(0xff01_0000, 0x1000)]));
    assert_eq!(uart1.interrupt(0), Some(&[0, 0x16, 4][..]));
    assert_eq!(uart1.interrupt_cells, 3);
    let gic = device(&nodes, "/axi/interrupt-controller@f9010000");
    assert_eq!(gic.compatible, ["arm,gic-400"]);
    assert_eq!(
        gic.reg,
        ranges(&[
            (0xf901_0000, 0x1_0000),
            (0xf902_0000, 0x2_0000),
            (0xf904_0000, 0x2_0000),
            (0xf906_0000, 0x2_0000)
        ])
    );
}

#[test]
fn imx8mq_evk() {
    let dtb = real_dtb("imx8mq-evk.dtb");
    let info = parse_platform(&dtb).expect("i.MX8MQ DTB parses");
    assert_eq!(info.model.as_str(), "NXP i.MX8MQ EVK");
    assert_eq!(
        info.memory.as_slice(),
        ranges(&[(0x4000_0000, 0xc000_0000)])
    );
    assert_eq!(
        info.stdout_path.as_str(),
        "/soc@0/bus@30800000/serial@30860000"
    );
    assert_eq!(cpu_list(&info), psci_cpus(4));
    assert_eq!(info.psci, Some(PsciConduit::Smc));

    let nodes = device_nodes(&dtb).expect("device nodes");
    let uart = device(&nodes, "/soc@0/bus@30800000/serial@30860000");
    assert_eq!(uart.compatible, ["fsl,imx8mq-uart", "fsl,imx6q-uart"]);
    assert_eq!(uart.reg, ranges(&[(0x3086_0000, 0x1_0000)]));
    assert_eq!(uart.interrupt(0), Some(&[0, 0x1a, 4][..]));
    assert_absent(&nodes, "/soc@0/bus@30800000/serial@30890000");
    let gic = device(&nodes, "/soc@0/interrupt-controller@38800000");
    assert_eq!(gic.compatible, ["arm,gic-v3"]);
    assert_eq!(
        gic.reg.get(..2),
        Some(&ranges(&[(0x3880_0000, 0x1_0000), (0x3888_0000, 0xc_0000)])[..])
    );
    let timer = device(&nodes, "/timer");
    assert_eq!(timer.interrupts, [1, 13, 8, 1, 14, 8, 1, 11, 8, 1, 10, 8]);
}

#[test]
fn imx8mp_evk() {
    let dtb = real_dtb("imx8mp-evk.dtb");
    let info = parse_platform(&dtb).expect("i.MX8MP DTB parses");
    assert_eq!(info.model.as_str(), "NXP i.MX8MPlus EVK board");
    assert_eq!(
        info.memory.as_slice(),
        ranges(&[(0x4000_0000, 0xc000_0000), (0x1_0000_0000, 0xc000_0000)])
    );
    assert_eq!(
        info.reserved.as_slice(),
        ranges(&[(0x9240_0000, 0x200_0000)]),
        "/reserved-memory/dsp"
    );
    assert_eq!(
        info.stdout_path.as_str(),
        "/soc@0/bus@30800000/serial@30890000"
    );
    assert_eq!(cpu_list(&info), psci_cpus(4));
    assert_eq!(info.psci, Some(PsciConduit::Smc));

    let nodes = device_nodes(&dtb).expect("device nodes");
    assert_absent(&nodes, "/soc@0/bus@30800000/serial@30860000");
    let uart = device(&nodes, "/soc@0/bus@30800000/serial@30890000");
    assert_eq!(uart.compatible, ["fsl,imx8mp-uart", "fsl,imx6q-uart"]);
    assert_eq!(uart.reg, ranges(&[(0x3089_0000, 0x1_0000)]));
    let gic = device(&nodes, "/soc@0/interrupt-controller@38800000");
    assert_eq!(
        gic.reg,
        ranges(&[(0x3880_0000, 0x1_0000), (0x3888_0000, 0xc_0000)])
    );
    let timer = device(&nodes, "/timer");
    assert_eq!(timer.clock_frequency, Some(8_000_000));
}

/// Node counts: all nodes, and nodes with `compatible` whose own and ancestors' status is
/// okay. Counted by an independent Python walk of the same files.
const NODE_COUNTS: [(&str, usize, usize); 7] = [
    ("qemu-virt-gicv2.dtb", 63, 51),
    ("qemu-virt-gicv3.dtb", 63, 51),
    ("bcm2711-rpi-4-b.dtb", 254, 66),
    ("tegra210-p3450-0000.dtb", 559, 96),
    ("imx8mq-evk.dtb", 227, 91),
    ("imx8mp-evk.dtb", 196, 79),
    ("smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb", 167, 53),
];

#[test]
fn every_real_dtb_is_walked_to_the_end() {
    for (name, all, listed) in NODE_COUNTS {
        let dtb = real_dtb(name);
        let fdt = Fdt::new(&dtb).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(fdt.nodes().count(), all, "{name}: nodes");
        assert_eq!(
            device_nodes(&dtb).expect("device nodes").len(),
            listed,
            "{name}: listed devices"
        );
    }
}

#[test]
fn every_real_dtb_lists_a_timer_and_a_gic() {
    for name in common::REAL_DTBS {
        let nodes = device_nodes(&real_dtb(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            nodes
                .iter()
                .any(|n| n.is_compatible(&["arm,armv8-timer", "arm,armv7-timer"])),
            "{name}"
        );
        let gics = ["arm,gic-400", "arm,gic-v3", "arm,cortex-a15-gic"];
        assert!(
            nodes
                .iter()
                .any(|n| n.is_compatible(&gics) && !n.reg.is_empty()),
            "{name}"
        );
    }
}
