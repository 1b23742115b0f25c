//! The i.MX8M board against Debian's 8M Plus and 8M Quad EVK DTBs: console, GICv3, timer,
//! memory and CPUs as the kernel would find them, the console probed through its driver.

use board_testkit::Expected;
use kernel_core::driver::DeviceClass::{Console, InterruptController, Timer};
use kernel_core::platform::{EnableMethod::Psci, PsciConduit};

#[test]
fn imx8mp_evk_gives_uart2_gicv3_timer_6gib_and_four_psci_cpus() {
    board_testkit::check(
        board_imx8m::DRIVERS,
        &Expected {
            dtb: "imx8mp-evk.dtb",
            model: "NXP i.MX8MPlus EVK board",
            served: &[
                ("/soc@0/bus@30800000/serial@30890000", "imx-uart", Console),
                (
                    "/soc@0/interrupt-controller@38800000",
                    "gic",
                    InterruptController,
                ),
                ("/timer", "arch-timer", Timer),
            ],
            console: "/soc@0/bus@30800000/serial@30890000",
            console_name: "imx-uart@30890000",
            memory: &[(0x4000_0000, 3 << 30), (0x1_0000_0000, 3 << 30)],
            cpus: &[(0, Psci), (1, Psci), (2, Psci), (3, Psci)],
            psci: Some(PsciConduit::Smc),
        },
    );
}

#[test]
fn imx8mq_evk_gives_uart1_gicv3_timer_3gib_and_four_psci_cpus() {
    board_testkit::check(
        board_imx8m::DRIVERS,
        &Expected {
            dtb: "imx8mq-evk.dtb",
            model: "NXP i.MX8MQ EVK",
            served: &[
                ("/soc@0/bus@30800000/serial@30860000", "imx-uart", Console),
                (
                    "/soc@0/interrupt-controller@38800000",
                    "gic",
                    InterruptController,
                ),
                ("/timer", "arch-timer", Timer),
            ],
            console: "/soc@0/bus@30800000/serial@30860000",
            console_name: "imx-uart@30860000",
            memory: &[(0x4000_0000, 3 << 30)],
            cpus: &[(0, Psci), (1, Psci), (2, Psci), (3, Psci)],
            psci: Some(PsciConduit::Smc),
        },
    );
}

#[test]
fn early_uart_is_the_8m_plus_console() {
    assert_eq!(board_imx8m::EARLY_UART_PHYS, 0x3089_0000);
    assert_eq!(board_imx8m::RAM_BASE, 0x4000_0000);
}
