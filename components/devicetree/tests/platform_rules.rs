//! `parse_platform` rules on synthetic blobs: chosen, initrd, CPUs, PSCI, capacities, errors.

mod common;

use common::{minimal_machine, DtbBuilder};
use devicetree::{parse_platform, DtbError};
use kernel_core::addr::PhysRange;
use kernel_core::platform::{EnableMethod, PsciConduit, COMMAND_LINE_SIZE};

fn bad_property(node: &str, property: &'static str, problem: &'static str) -> DtbError {
    DtbError::BadProperty {
        node: node.try_into().expect("short name"),
        property,
        problem,
    }
}

#[test]
fn minimal_machine_parses() {
    let info = parse_platform(&minimal_machine(|_| {})).expect("valid");
    assert_eq!(info.model.as_str(), "Synthetic board");
    assert_eq!(
        info.memory.as_slice(),
        [PhysRange::new(0x4000_0000, 0x4000_0000)]
    );
    assert_eq!(info.cpus.len(), 2);
    assert_eq!(info.cpus[1].mpidr, 1);
    assert_eq!(info.psci, Some(PsciConduit::Hvc));
    assert_eq!(info.initrd, None);
    assert!(info.stdout_path.is_empty() && info.bootargs.is_empty() && info.reserved.is_empty());
}

fn with_chosen(props: impl FnOnce(&mut DtbBuilder)) -> Vec<u8> {
    minimal_machine(|b| {
        b.begin("aliases")
            .prop_str("serial0", "/soc/uart@1000")
            .prop_str("weird", "relative")
            .end();
        b.begin("chosen");
        props(b);
        b.end();
    })
}

#[test]
fn bootargs_and_stdout_path() {
    let dtb = with_chosen(|b| {
        b.prop_str("bootargs", "console=ttyAMA0 quiet")
            .prop_str("stdout-path", "serial0:115200n8");
    });
    let info = parse_platform(&dtb).expect("valid");
    assert_eq!(info.bootargs.as_str(), "console=ttyAMA0 quiet");
    assert_eq!(info.stdout_path.as_str(), "/soc/uart@1000");

    let absolute = with_chosen(|b| {
        b.prop_str("stdout-path", "/pl011@9000000:9600");
    });
    assert_eq!(
        parse_platform(&absolute)
            .expect("valid")
            .stdout_path
            .as_str(),
        "/pl011@9000000"
    );

    let alias_and_rest = with_chosen(|b| {
        b.prop_str("stdout-path", "serial0/port@1:115200");
    });
    assert_eq!(
        parse_platform(&alias_and_rest)
            .expect("valid")
            .stdout_path
            .as_str(),
        "/soc/uart@1000/port@1"
    );

    let legacy = with_chosen(|b| {
        b.prop_str("linux,stdout-path", "serial0");
    });
    assert_eq!(
        parse_platform(&legacy).expect("valid").stdout_path.as_str(),
        "/soc/uart@1000"
    );

    for missing in ["serial7:115200", "weird"] {
        let dtb = with_chosen(|b| {
            b.prop_str("stdout-path", missing);
        });
        assert_eq!(
            parse_platform(&dtb).expect("valid").stdout_path.as_str(),
            "",
            "{missing}"
        );
    }
}

#[test]
fn bootargs_limits() {
    let longest = "x".repeat(COMMAND_LINE_SIZE);
    let dtb = with_chosen(|b| {
        b.prop_str("bootargs", &longest);
    });
    assert_eq!(
        parse_platform(&dtb).expect("fits").bootargs.len(),
        COMMAND_LINE_SIZE
    );
    let too_long = "x".repeat(COMMAND_LINE_SIZE + 1);
    let dtb = with_chosen(|b| {
        b.prop_str("bootargs", &too_long);
    });
    let expected = DtbError::TooLong {
        what: "/chosen bootargs",
        limit: COMMAND_LINE_SIZE,
    };
    assert_eq!(parse_platform(&dtb).unwrap_err(), expected);
    let not_text = with_chosen(|b| {
        b.prop("bootargs", b"no terminator");
    });
    let expected = bad_property("chosen", "bootargs", "is not a NUL-terminated text string");
    assert_eq!(parse_platform(&not_text).unwrap_err(), expected);
}

#[test]
fn initrd_cells_of_either_width() {
    let narrow = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x4800_0000])
            .prop_u32s("linux,initrd-end", &[0x4810_0000]);
    });
    assert_eq!(
        parse_platform(&narrow).expect("valid").initrd,
        Some(PhysRange::new(0x4800_0000, 0x10_0000))
    );
    let wide = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x8, 0x0])
            .prop_u32s("linux,initrd-end", &[0x8, 0x2000]);
    });
    assert_eq!(
        parse_platform(&wide).expect("valid").initrd,
        Some(PhysRange::new(0x8_0000_0000, 0x2000))
    );
    let mixed = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x4800_0000])
            .prop_u32s("linux,initrd-end", &[0, 0x4800_1000]);
    });
    assert_eq!(
        parse_platform(&mixed).expect("valid").initrd,
        Some(PhysRange::new(0x4800_0000, 0x1000))
    );
    let empty = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x100])
            .prop_u32s("linux,initrd-end", &[0x100]);
    });
    assert_eq!(parse_platform(&empty).expect("valid").initrd, None);
    let only_start = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x100]);
    });
    assert_eq!(parse_platform(&only_start).expect("valid").initrd, None);

    let backwards = with_chosen(|b| {
        b.prop_u32s("linux,initrd-start", &[0x2000])
            .prop_u32s("linux,initrd-end", &[0x1000]);
    });
    let expected = bad_property("chosen", "linux,initrd-end", "is below linux,initrd-start");
    assert_eq!(parse_platform(&backwards).unwrap_err(), expected);
    let three_bytes = with_chosen(|b| {
        b.prop("linux,initrd-start", &[1, 2, 3])
            .prop_u32s("linux,initrd-end", &[0x1000]);
    });
    let expected = bad_property("chosen", "linux,initrd-start", "must be 4 or 8 bytes long");
    assert_eq!(parse_platform(&three_bytes).unwrap_err(), expected);
}

/// A machine whose /cpus holds the given nodes (built by `cpus`).
fn with_cpus(address_cells: u32, cpus: impl FnOnce(&mut DtbBuilder)) -> Vec<u8> {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1]);
    b.begin("memory")
        .prop_str("device_type", "memory")
        .prop_u32s("reg", &[0, 0x1000_0000])
        .end();
    b.begin("cpus")
        .prop_u32s("#address-cells", &[address_cells])
        .prop_u32s("#size-cells", &[0]);
    cpus(&mut b);
    b.end().end();
    b.build()
}

#[test]
fn cpu_enable_methods_and_wide_mpidr() {
    let dtb = with_cpus(2, |b| {
        let cpu = |b: &mut DtbBuilder, name: &str, reg: &[u32]| {
            b.begin(name)
                .prop_str("device_type", "cpu")
                .prop_u32s("reg", reg);
        };
        cpu(b, "cpu@0", &[0, 0]);
        b.prop_str("enable-method", "spin-table")
            .prop_u32s("cpu-release-addr", &[0xd8])
            .end();
        cpu(b, "cpu@100", &[0x1, 0x100]);
        b.prop_str("enable-method", "spin-table")
            .prop_u32s("cpu-release-addr", &[0x1, 0xe0])
            .end();
        cpu(b, "cpu@200", &[0, 0x200]);
        b.prop_str("enable-method", "spin-table").end(); // no release address: stays off
        cpu(b, "cpu@300", &[0, 0x300]);
        b.end(); // no enable-method at all
        cpu(b, "cpu@400", &[0, 0x400]);
        b.prop_str("enable-method", "psci")
            .prop_str("status", "disabled")
            .end();
        b.begin("cpu-map").begin("cluster0").end().end(); // not a CPU
    });
    let info = parse_platform(&dtb).expect("valid");
    let cpus: Vec<_> = info
        .cpus
        .iter()
        .map(|c| (c.mpidr, c.enable_method))
        .collect();
    assert_eq!(
        cpus,
        [
            (0, EnableMethod::SpinTable { release_addr: 0xd8 }),
            (
                0x1_0000_0100,
                EnableMethod::SpinTable {
                    release_addr: 0x1_0000_00e0
                }
            ),
            (0x200, EnableMethod::None),
            (0x300, EnableMethod::None),
        ]
    );
    assert_eq!(
        info.memory.as_slice(),
        [PhysRange::new(0, 0x1000_0000)],
        "root cells 1 and 1"
    );
    assert_eq!(info.psci, None);
}

#[test]
fn cpu_errors() {
    let no_cpu_children = with_cpus(1, |_| {});
    assert_eq!(
        parse_platform(&no_cpu_children).unwrap_err(),
        DtbError::NoCpus
    );
    let three_cells = with_cpus(3, |b| {
        b.begin("cpu@0")
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[0, 0, 0])
            .end();
    });
    assert_eq!(
        parse_platform(&three_cells).unwrap_err(),
        bad_property("cpus", "#address-cells", "must be 1 or 2")
    );
    let short_reg = with_cpus(2, |b| {
        b.begin("cpu@0")
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[0])
            .end();
    });
    let expected = bad_property(
        "cpu@0",
        "reg",
        "is missing or shorter than #address-cells of /cpus",
    );
    assert_eq!(parse_platform(&short_reg).unwrap_err(), expected);
    let seventeen = with_cpus(1, |b| {
        for id in 0..17 {
            b.begin(&format!("cpu@{id}"))
                .prop_str("device_type", "cpu")
                .prop_u32s("reg", &[id])
                .end();
        }
    });
    let expected = DtbError::TooMany {
        what: "CPUs",
        limit: kernel_core::MAX_CPUS,
    };
    assert_eq!(parse_platform(&seventeen).unwrap_err(), expected);

    let mut b = DtbBuilder::new();
    b.begin("")
        .begin("memory")
        .prop_str("device_type", "memory")
        .prop_u32s("reg", &[0, 0, 0x1000])
        .end()
        .end();
    assert_eq!(
        parse_platform(&b.build()).unwrap_err(),
        DtbError::NoCpus,
        "no /cpus node at all"
    );
}

#[test]
fn psci_conduits() {
    let psci = |method: Option<&str>| {
        let mut b = DtbBuilder::new();
        b.begin("")
            .prop_u32s("#address-cells", &[1])
            .prop_u32s("#size-cells", &[1]);
        b.begin("memory@0")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[0, 0x1000])
            .end();
        b.begin("cpus").prop_u32s("#address-cells", &[1]);
        b.begin("cpu@0")
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[0])
            .end()
            .end();
        b.begin("firmware-psci")
            .prop_strs("compatible", &["arm,psci-0.2", "arm,psci"]);
        if let Some(method) = method {
            b.prop_str("method", method);
        }
        b.end().end();
        parse_platform(&b.build())
    };
    assert_eq!(
        psci(Some("smc")).expect("valid").psci,
        Some(PsciConduit::Smc)
    );
    assert_eq!(
        psci(Some("hvc")).expect("valid").psci,
        Some(PsciConduit::Hvc)
    );
    let expected = bad_property("firmware-psci", "method", "must be \"hvc\" or \"smc\"");
    assert_eq!(psci(Some("svc")).unwrap_err(), expected);
    assert_eq!(psci(None).unwrap_err(), expected);
}

#[test]
fn memory_rules() {
    let machine = |memory: &dyn Fn(&mut DtbBuilder)| {
        let mut b = DtbBuilder::new();
        b.begin("")
            .prop_u32s("#address-cells", &[2])
            .prop_u32s("#size-cells", &[2]);
        memory(&mut b);
        b.begin("cpus").prop_u32s("#address-cells", &[1]);
        b.begin("cpu@0")
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[0])
            .end()
            .end()
            .end();
        parse_platform(&b.build())
    };
    let two_nodes = machine(&|b| {
        b.begin("memory@0")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[0, 0, 0, 0])
            .end();
        b.begin("memory@80000000")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[0, 0x8000_0000, 0, 0x1000, 0x8, 0, 0x1, 0])
            .end();
        b.begin("memory@90000000")
            .prop_str("device_type", "memory")
            .prop_str("status", "disabled");
        b.prop_u32s("reg", &[0, 0x9000_0000, 0, 0x1000]).end();
        b.begin("sram@a0000000")
            .prop_u32s("reg", &[0, 0xa000_0000, 0, 0x1000])
            .end();
    });
    let info = two_nodes.expect("valid");
    assert_eq!(
        info.memory.as_slice(),
        [
            PhysRange::new(0x8000_0000, 0x1000),
            PhysRange::new(0x8_0000_0000, 0x1_0000_0000)
        ]
    );

    assert_eq!(machine(&|_| {}).unwrap_err(), DtbError::NoMemory);
    let partial = machine(&|b| {
        b.begin("memory")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[0, 0, 1])
            .end();
    });
    let expected = bad_property(
        "memory",
        "reg",
        "its length is not a whole number of (address, size) entries",
    );
    assert_eq!(partial.unwrap_err(), expected);
    let wraps = machine(&|b| {
        b.begin("memory")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[u32::MAX, u32::MAX, 0, 2])
            .end();
    });
    let expected = bad_property(
        "memory",
        "reg",
        "a region runs past the end of the 64-bit address space",
    );
    assert_eq!(wraps.unwrap_err(), expected);
    let seventeen = machine(&|b| {
        let cells: Vec<u32> = (0..17u32)
            .flat_map(|i| [0, i * 0x100_0000, 0, 0x1000])
            .collect();
        b.begin("memory")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &cells)
            .end();
    });
    assert_eq!(
        seventeen.unwrap_err(),
        DtbError::TooMany {
            what: "memory regions",
            limit: 16
        }
    );
}

#[test]
fn reservations_from_both_sources() {
    let reserved = |count: u64| {
        let mut b = DtbBuilder::new();
        b.reserve(0x1000, 0x2000).reserve(0x9_0000_0000, 0x10);
        b.begin("")
            .prop_u32s("#address-cells", &[2])
            .prop_u32s("#size-cells", &[1]);
        b.begin("memory")
            .prop_str("device_type", "memory")
            .prop_u32s("reg", &[0, 0, 0x1000_0000])
            .end();
        b.begin("cpus").prop_u32s("#address-cells", &[1]);
        b.begin("cpu@0")
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[0])
            .end()
            .end();
        b.begin("reserved-memory")
            .prop_u32s("#address-cells", &[1])
            .prop_u32s("#size-cells", &[1])
            .prop("ranges", &[]);
        b.begin("fw@8000000")
            .prop_u32s("reg", &[0x800_0000, 0x10_0000])
            .prop("no-map", &[])
            .end();
        b.begin("off@9000000")
            .prop_u32s("reg", &[0x900_0000, 0x1000])
            .prop_str("status", "disabled")
            .end();
        b.begin("pool").prop_u32s("size", &[0x400_0000]).end();
        for i in 0..count {
            b.begin(&format!("extra@{i:x}"))
                .prop_u32s("reg", &[0x1000_0000 + i as u32 * 0x1000, 0x1000])
                .end();
        }
        b.end().end();
        parse_platform(&b.build())
    };
    let info = reserved(0).expect("valid");
    assert_eq!(
        info.reserved.as_slice(),
        [
            PhysRange::new(0x1000, 0x2000),
            PhysRange::new(0x9_0000_0000, 0x10),
            PhysRange::new(0x800_0000, 0x10_0000)
        ]
    );
    assert_eq!(reserved(61).expect("exactly 64").reserved.len(), 64);
    assert_eq!(
        reserved(62).unwrap_err(),
        DtbError::TooMany {
            what: "reserved memory regions",
            limit: 64
        }
    );
}
