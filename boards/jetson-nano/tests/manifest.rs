//! The Jetson Nano board against Debian's `tegra210-p3450-0000.dtb` (no QEMU model exists, so
//! this is its probe-only test): console, GIC, timer, memory and CPUs as the kernel would find
//! them, the console probed through the NS16550 driver.

use board_testkit::Expected;
use kernel_core::driver::DeviceClass::{Console, InterruptController, Timer};
use kernel_core::platform::{EnableMethod::Psci, PsciConduit};

#[test]
fn p3450_dtb_gives_uart_a_gic400_timer_4gib_and_four_psci_cpus() {
    board_testkit::check(
        board_jetson_nano::DRIVERS,
        &Expected {
            dtb: "tegra210-p3450-0000.dtb",
            model: "NVIDIA Jetson Nano Developer Kit",
            served: &[
                ("/serial@70006000", "ns16550", Console),
                ("/interrupt-controller@50041000", "gic", InterruptController),
                ("/timer", "arch-timer", Timer),
            ],
            console: "/serial@70006000",
            console_name: "ns16550@70006000",
            memory: &[(0x8000_0000, 4 << 30)],
            cpus: &[(0, Psci), (1, Psci), (2, Psci), (3, Psci)],
            psci: Some(PsciConduit::Smc),
        },
    );
}

#[test]
fn early_uart_matches_the_dtb_node_layout() {
    let blob = board_testkit::dtb("tegra210-p3450-0000.dtb");
    let nodes = devicetree::device_nodes(&blob).expect("nodes");
    let uart = nodes
        .iter()
        .find(|n| n.path == "/serial@70006000")
        .expect("UART-A");
    assert_eq!(
        uart.reg[0].start.as_u64(),
        board_jetson_nano::EARLY_UART_PHYS
    );
    assert_eq!(
        ns16550::Layout::from_node(uart.reg_shift, uart.reg_io_width),
        Some(board_jetson_nano::EARLY_UART_LAYOUT)
    );
    assert!(uart.reg[0].size as usize >= board_jetson_nano::EARLY_UART_LAYOUT.span());
}
