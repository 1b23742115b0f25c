//! The Raspberry Pi 4 board against Debian's `bcm2711-rpi-4-b.dtb`: the console, GIC, timer,
//! memory and CPU set the kernel would find, and the console probed through its driver.

use board_testkit::Expected;

use board_rpi4::{DRIVERS, EARLY_UART_PHYS};
use kernel_core::driver::DeviceClass::{Console, InterruptController, Timer};
use kernel_core::platform::EnableMethod;

const DTB: &str = "bcm2711-rpi-4-b.dtb";

const fn spin(release_addr: u64) -> EnableMethod {
    EnableMethod::SpinTable { release_addr }
}

/// The four Cortex-A72 cores, parked by the firmware on their release words.
const CPUS: &[(u64, EnableMethod)] = &[
    (0, spin(0xd8)),
    (1, spin(0xe0)),
    (2, spin(0xe8)),
    (3, spin(0xf0)),
];

#[test]
fn firmware_dtb_gives_mini_uart_console_gic400_timer_and_four_spin_table_cpus() {
    board_testkit::check_blob(
        &as_firmware_passes_it(),
        DRIVERS,
        &Expected {
            dtb: DTB,
            model: "Raspberry Pi 4 Model B",
            served: &[
                ("/soc/serial@7e201000", "pl011", Console),
                ("/soc/serial@7e215040", "bcm2835-aux-uart", Console),
                (
                    "/soc/interrupt-controller@40041000",
                    "gic",
                    InterruptController,
                ),
                ("/timer", "arch-timer", Timer),
            ],
            console: "/soc/serial@7e215040",
            console_name: "bcm2835-aux-uart@fe215040",
            memory: &[(0, 0x3c00_0000)],
            cpus: CPUS,
            psci: None,
        },
    );
}

/// The packaged DTB with `/memory@0`'s size filled in as the firmware does (QEMU's `raspi4b`
/// writes 0x3c00_0000, the RAM below the peripherals).
fn as_firmware_passes_it() -> Vec<u8> {
    let mut blob = board_testkit::dtb(DTB);
    let be32 = |b: &[u8], at: usize| u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let structs = be32(&blob, 8) as usize;
    let strings = be32(&blob, 12) as usize;
    let token = b"\0\0\0\x01memory@0\0";
    let node = blob[structs..strings]
        .windows(token.len())
        .position(|w| w == token)
        .expect("the memory node")
        + structs
        + 4;
    // Properties follow the 4-byte-padded name: FDT_PROP, length, name offset, value.
    let mut at = (node + b"memory@0\0".len()).div_ceil(4) * 4;
    while be32(&blob, at) == 3 {
        let len = be32(&blob, at + 4) as usize;
        let name_at = strings + be32(&blob, at + 8) as usize;
        if blob[name_at..].starts_with(b"reg\0") {
            assert_eq!(len, 12, "reg = <addr-hi addr-lo size>");
            blob[at + 12 + 8..at + 12 + 12].copy_from_slice(&0x3c00_0000u32.to_be_bytes());
            return blob;
        }
        at += 12 + len.div_ceil(4) * 4;
    }
    panic!("no reg in /memory@0");
}

#[test]
fn the_packaged_dtb_has_no_memory_until_the_firmware_fills_it() {
    let blob = board_testkit::dtb(DTB);
    assert!(matches!(
        devicetree::parse_platform(&blob),
        Err(devicetree::DtbError::NoMemory)
    ));
    let platform = devicetree::parse_platform(&as_firmware_passes_it()).expect("platform");
    assert_eq!(platform.memory_bytes(), 0x3c00_0000);
    assert_eq!(platform.memory[0].start.as_u64(), board_rpi4::RAM_BASE);
}

#[test]
fn early_uart_is_the_dtb_console_translated_to_the_cpu_address() {
    let nodes = devicetree::device_nodes(&board_testkit::dtb(DTB)).expect("nodes");
    let uart = nodes
        .iter()
        .find(|n| n.path == "/soc/serial@7e215040")
        .expect("mini-UART");
    assert_eq!(
        uart.reg[0].start.as_u64(),
        EARLY_UART_PHYS,
        "0x7e215040 on the VPU bus"
    );
    assert!(uart.reg[0].size as usize >= board_rpi4::EARLY_UART_SIZE);
}
