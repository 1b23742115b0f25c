//! `device_nodes` and path lookup rules on synthetic blobs: ranges, interrupt parents, status.

mod common;

use common::DtbBuilder;
use devicetree::{device_nodes, find_device_by_path, Fdt};
use kernel_core::addr::PhysRange;
use kernel_core::driver::DeviceNode;

fn device<'n>(nodes: &'n [DeviceNode], path: &str) -> &'n DeviceNode {
    nodes
        .iter()
        .find(|n| n.path == path)
        .unwrap_or_else(|| panic!("no device node at {path}"))
}

/// Root (2 address, 2 size cells) with an interrupt controller and a nested bus hierarchy.
fn soc_tree() -> Vec<u8> {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[2])
        .prop_u32s("#size-cells", &[2])
        .prop_strs("compatible", &["vendor,board"])
        .prop_u32s("interrupt-parent", &[1]);
    b.begin("intc@8000000")
        .prop_strs("compatible", &["arm,gic-400"])
        .prop_u32s("#interrupt-cells", &[3])
        .prop_u32s("reg", &[0, 0x800_0000, 0, 0x1000])
        .prop_u32s("phandle", &[1])
        .end();
    b.begin("mux")
        .prop_u32s("#interrupt-cells", &[2])
        .prop_u32s("linux,phandle", &[2])
        .prop_strs("compatible", &["v,mux"]);
    b.prop_u32s("interrupt-parent", &[1])
        .prop_u32s("interrupts", &[0, 5, 4])
        .end();
    // soc: 1-cell child bus at 0x7e000000 mapped to 0xfe000000; a second window elsewhere.
    b.begin("soc")
        .prop_strs("compatible", &["simple-bus"])
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1])
        .prop_u32s(
            "ranges",
            &[
                0x7e00_0000,
                0,
                0xfe00_0000,
                0x180_0000,
                0x4000_0000,
                0,
                0xff80_0000,
                0x80_0000,
            ],
        );
    b.begin("serial@7e201000")
        .prop_strs("compatible", &["arm,pl011", "arm,primecell"])
        .prop_u32s("reg", &[0x7e20_1000, 0x200])
        .prop_u32s("interrupts", &[0, 0x79, 4])
        .prop_u32s("clock-frequency", &[48_000_000])
        .prop_u32s("current-speed", &[115_200])
        .end();
    b.begin("uart@7e215040")
        .prop_strs("compatible", &["ns16550a"])
        .prop_u32s("reg", &[0x7e21_5040, 0x40, 0x4000_1000, 0x10, 0x1000, 0x10])
        .prop_u32s("reg-shift", &[2])
        .prop_u32s("reg-io-width", &[4])
        .prop_u32s("interrupt-parent", &[2])
        .prop_u32s("interrupts", &[7, 1])
        .end();
    // A nested bus with identity ranges, then one with an offset window.
    b.begin("bus@7e300000")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1])
        .prop("ranges", &[]);
    b.begin("timer@7e300000")
        .prop_strs("compatible", &["v,timer"])
        .prop_u32s("reg", &[0x7e30_0000, 0x100])
        .end();
    b.begin("sub")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1]);
    b.prop_u32s("ranges", &[0x0, 0x7e40_0000, 0x1000]);
    b.begin("dev@10")
        .prop_strs("compatible", &["v,dev"])
        .prop_u32s("reg", &[0x10, 0x20])
        .end();
    b.end().end();
    // A bus without ranges: its children's reg is not CPU-addressable.
    b.begin("i2c@7e804000")
        .prop_strs("compatible", &["v,i2c"])
        .prop_u32s("reg", &[0x7e80_4000, 0x1000])
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[0]);
    b.begin("eeprom@50")
        .prop_strs("compatible", &["atmel,24c32"])
        .prop_u32s("reg", &[0x50])
        .end();
    b.end();
    // A disabled bus hides its children; a disabled leaf is skipped.
    b.begin("off-bus")
        .prop_str("status", "disabled")
        .prop("ranges", &[])
        .prop_u32s("#address-cells", &[1]);
    b.begin("child@0")
        .prop_strs("compatible", &["v,child"])
        .end();
    b.end();
    b.begin("gpio@7e200000")
        .prop_strs("compatible", &["v,gpio"])
        .prop_str("status", "fail")
        .end();
    b.begin("ok@7e000000")
        .prop_strs("compatible", &["v,ok"])
        .prop_str("status", "ok")
        .end();
    b.end(); // soc
    b.begin("timer")
        .prop_strs("compatible", &["arm,armv8-timer", "arm,armv7-timer"]);
    b.prop_u32s("interrupts", &[1, 13, 0xf08, 1, 14, 0xf08])
        .end();
    b.end();
    b.build()
}

#[test]
fn reg_is_translated_through_every_bus() {
    let nodes = device_nodes(&soc_tree()).expect("valid");
    let pl011 = device(&nodes, "/soc/serial@7e201000");
    assert_eq!(pl011.reg, [PhysRange::new(0xfe20_1000, 0x200)]);
    assert_eq!(pl011.compatible, ["arm,pl011", "arm,primecell"]);
    assert_eq!(
        (pl011.clock_frequency, pl011.current_speed),
        (Some(48_000_000), Some(115_200))
    );
    assert_eq!((pl011.reg_shift, pl011.reg_io_width), (None, None));
    // Second entry through the second window; the third (0x1000) is in no window: left out.
    let uart = device(&nodes, "/soc/uart@7e215040");
    assert_eq!(
        uart.reg,
        [
            PhysRange::new(0xfe21_5040, 0x40),
            PhysRange::new(0xff80_1000, 0x10)
        ]
    );
    assert_eq!((uart.reg_shift, uart.reg_io_width), (Some(2), Some(4)));
    assert_eq!(
        device(&nodes, "/soc/bus@7e300000/timer@7e300000").reg,
        [PhysRange::new(0xfe30_0000, 0x100)]
    );
    assert_eq!(
        device(&nodes, "/soc/bus@7e300000/sub/dev@10").reg,
        [PhysRange::new(0xfe40_0010, 0x20)]
    );
    assert_eq!(
        device(&nodes, "/soc/i2c@7e804000").reg,
        [PhysRange::new(0xfe80_4000, 0x1000)]
    );
    assert!(
        device(&nodes, "/soc/i2c@7e804000/eeprom@50").reg.is_empty(),
        "i2c has no ranges"
    );
    assert_eq!(
        device(&nodes, "/intc@8000000").reg,
        [PhysRange::new(0x800_0000, 0x1000)]
    );
    assert_eq!(device(&nodes, "/").compatible, ["vendor,board"]);
}

#[test]
fn status_hides_nodes_and_their_subtrees() {
    let nodes = device_nodes(&soc_tree()).expect("valid");
    let paths: Vec<&str> = nodes.iter().map(|n| n.path.as_str()).collect();
    assert!(!paths.contains(&"/soc/off-bus/child@0"));
    assert!(!paths.contains(&"/soc/gpio@7e200000"));
    assert!(paths.contains(&"/soc/ok@7e000000"));
    assert!(
        !paths.contains(&"/soc/bus@7e300000"),
        "no compatible, not listed"
    );
    assert_eq!(paths.len(), 12);
}

#[test]
fn interrupt_parents_are_inherited_and_followed() {
    let nodes = device_nodes(&soc_tree()).expect("valid");
    let pl011 = device(&nodes, "/soc/serial@7e201000");
    assert_eq!(
        (pl011.interrupt_cells, pl011.interrupt(0)),
        (3, Some(&[0, 0x79, 4][..]))
    );
    let uart = device(&nodes, "/soc/uart@7e215040");
    assert_eq!(uart.interrupt_cells, 2, "interrupt-parent by linux,phandle");
    assert_eq!(uart.interrupt(0), Some(&[7, 1][..]));
    let timer = device(&nodes, "/timer");
    assert_eq!(timer.interrupt_cells, 3);
    assert_eq!(timer.interrupt(1), Some(&[1, 14, 0xf08][..]));
    assert_eq!(timer.interrupt(2), None);
    assert_eq!(device(&nodes, "/mux").interrupt_cells, 3);
}

#[test]
fn interrupt_parent_cycles_and_dangling_phandles_end() {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1]);
    b.begin("a")
        .prop_u32s("phandle", &[10])
        .prop_u32s("interrupt-parent", &[11])
        .end();
    b.begin("b")
        .prop_u32s("phandle", &[11])
        .prop_u32s("interrupt-parent", &[10])
        .end();
    b.begin("loop-dev")
        .prop_strs("compatible", &["v,x"])
        .prop_u32s("interrupt-parent", &[10]);
    b.prop_u32s("interrupts", &[5]).end();
    b.begin("dangling-dev")
        .prop_strs("compatible", &["v,y"])
        .prop_u32s("interrupt-parent", &[99]);
    b.prop_u32s("interrupts", &[6]).end();
    b.begin("orphan-dev")
        .prop_strs("compatible", &["v,z"])
        .prop_u32s("interrupts", &[7])
        .end();
    b.end();
    let nodes = device_nodes(&b.build()).expect("valid");
    for (path, cell) in [("/loop-dev", 5), ("/dangling-dev", 6), ("/orphan-dev", 7)] {
        let node = device(&nodes, path);
        assert_eq!(
            (node.interrupt_cells, node.interrupts.as_slice()),
            (0, &[cell][..]),
            "{path}"
        );
    }
}

#[test]
fn path_lookup_rules() {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1]);
    b.begin("aliases")
        .prop_str("serial0", "/soc/serial@1000")
        .end();
    b.begin("soc").prop("ranges", &[]);
    b.begin("serial@1000")
        .prop_strs("compatible", &["a"])
        .prop_u32s("reg", &[0x1000, 0x100])
        .end();
    b.begin("serial").prop_strs("compatible", &["b"]).end();
    b.end().end();
    let dtb = b.build();
    let fdt = Fdt::new(&dtb).expect("valid");
    let name = |path: &str| fdt.find_node_by_path(path).map(|n| n.name());
    assert_eq!(name("/soc/serial@1000"), Some("serial@1000"));
    assert_eq!(
        name("/soc/serial"),
        Some("serial"),
        "an exact name wins over a unit-address match"
    );
    assert_eq!(name("serial0:115200n8"), Some("serial@1000"));
    assert_eq!(name("/"), Some(""));
    assert_eq!(name("/soc/serial@2000"), None);
    assert_eq!(name("serial9"), None);
    let nodes = device_nodes(&dtb).expect("valid");
    assert_eq!(
        find_device_by_path(&nodes, "/soc/serial@1000:9600").map(|n| n.compatible[0].as_str()),
        Some("a")
    );
    assert_eq!(
        find_device_by_path(&nodes, "/soc/serial").map(|n| n.compatible[0].as_str()),
        Some("b")
    );
    assert_eq!(
        find_device_by_path(&nodes, "/soc").map(|n| n.path.as_str()),
        None
    );
}

#[test]
fn unit_address_less_lookup_and_phandles() {
    let mut b = DtbBuilder::new();
    b.begin("")
        .begin("soc@0")
        .prop_u32s("phandle", &[7])
        .begin("uart@9000")
        .end()
        .end()
        .end();
    let dtb = b.build();
    let fdt = Fdt::new(&dtb).expect("valid");
    assert_eq!(
        fdt.find_node_by_path("/soc/uart").map(|n| n.name()),
        Some("uart@9000")
    );
    assert_eq!(fdt.find_node_by_phandle(7).map(|n| n.name()), Some("soc@0"));
    assert!(fdt.find_node_by_phandle(8).is_none());
    let names: Vec<(usize, &str)> = fdt.nodes().map(|(depth, n)| (depth, n.name())).collect();
    assert_eq!(names, [(0, ""), (1, "soc@0"), (2, "uart@9000")]);
}

#[test]
fn partial_reg_is_ignored_not_fatal() {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1]);
    b.begin("bad@0")
        .prop_strs("compatible", &["v,bad"])
        .prop_u32s("reg", &[0x1000])
        .end();
    b.begin("wide")
        .prop_u32s("#address-cells", &[3])
        .prop("ranges", &[]);
    b.begin("pci@0")
        .prop_strs("compatible", &["v,pci"])
        .prop_u32s("reg", &[0, 0, 0, 0x10])
        .end();
    b.end().end();
    let nodes = device_nodes(&b.build()).expect("valid");
    assert!(device(&nodes, "/bad@0").reg.is_empty());
    assert!(
        device(&nodes, "/wide/pci@0").reg.is_empty(),
        "3-cell addresses are not translated"
    );
}
