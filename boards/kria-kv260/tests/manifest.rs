//! The Kria KV260 board against Debian's K26 SOM + KV260 carrier DTB: console, GIC, timer,
//! memory and CPUs as the kernel would find them, the console probed through its driver.

use board_testkit::Expected;
use kernel_core::driver::DeviceClass::{Console, InterruptController, Timer};
use kernel_core::platform::{EnableMethod::Psci, PsciConduit};

#[test]
fn kv260_dtb_gives_cadence_console_gic400_timer_4gib_and_four_psci_cpus() {
    board_testkit::check(
        board_kria_kv260::DRIVERS,
        &Expected {
            dtb: "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
            model: "ZynqMP SMK-K26 Rev1/B/A",
            served: &[
                ("/axi/serial@ff010000", "cadence-uart", Console),
                (
                    "/axi/interrupt-controller@f9010000",
                    "gic",
                    InterruptController,
                ),
                ("/timer", "arch-timer", Timer),
            ],
            console: "/axi/serial@ff010000",
            console_name: "cadence-uart@ff010000",
            memory: &[(0, 2 << 30), (0x8_0000_0000, 2 << 30)],
            cpus: &[(0, Psci), (1, Psci), (2, Psci), (3, Psci)],
            psci: Some(PsciConduit::Smc),
        },
    );
}

#[test]
fn early_uart_is_the_dtb_console() {
    assert_eq!(board_kria_kv260::EARLY_UART_PHYS, 0xff01_0000);
    assert_eq!(board_kria_kv260::RAM_BASE, 0);
}
