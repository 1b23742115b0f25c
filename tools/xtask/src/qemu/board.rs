//! QEMU's models of the real boards: which machine stands for which board, and the command
//! that boots a board's kernel on it (shared by `cargo xtask run --board` and the board tier
//! of `cargo xtask test`).

use std::path::Path;
use std::process::Command;

use super::QEMU;
use crate::error::{Error, Result};

/// One board's QEMU model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardMachine {
    /// The board (a `board-<name>` feature).
    pub board: &'static str,
    /// QEMU's machine (`-M`).
    pub machine: &'static str,
    /// CPUs (`-smp`), all expected online.
    pub cpu_count: u32,
    /// Memory (`-m`).
    pub memory: &'static str,
    /// The device tree in the cache's `dtbs/` given with `-dtb`.
    pub dtb: &'static str,
    /// Linux's name of the console port, for `console=`.
    pub console: &'static str,
    /// The kernel's report of the console it probed, a whole line.
    pub console_line: &'static str,
}

/// Where the board's console (QEMU's second serial port) goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsoleMode {
    /// QEMU's stdio, for a harness reading a pipe (`-serial stdio`).
    Piped,
    /// This terminal, multiplexed with QEMU's monitor (`-serial mon:stdio`): ^C goes to the
    /// guest, Ctrl-A X quits, as `-nographic` on `virt`.
    Terminal,
}

/// The boards with a QEMU model. The console is the second serial port on all three.
pub fn machines() -> Vec<BoardMachine> {
    vec![
        BoardMachine {
            board: "rpi4",
            machine: "raspi4b",
            cpu_count: 4,
            memory: "2G",
            dtb: "bcm2711-rpi-4-b.dtb",
            console: "ttyS1",
            console_line: "lichen: console: bcm2835-aux-uart@fe215040 (/soc/serial@7e215040)",
        },
        BoardMachine {
            board: "kria-kv260",
            machine: "xlnx-zcu102",
            cpu_count: 4,
            // QEMU rewrites the DTB's /memory as one range of -m bytes at 0; beyond 2 GiB that
            // covers the device space (the model's RAM above 2 GiB is at 0x8_0000_0000).
            memory: "2G",
            dtb: "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
            console: "ttyPS1",
            console_line: "lichen: console: cadence-uart@ff010000 (/axi/serial@ff010000)",
        },
        BoardMachine {
            board: "imx8m",
            machine: "imx8mp-evk",
            cpu_count: 4,
            memory: "2G",
            dtb: "imx8mp-evk.dtb",
            console: "ttymxc1",
            console_line:
                "lichen: console: imx-uart@30890000 (/soc@0/bus@30800000/serial@30890000)",
        },
    ]
}

/// The QEMU model of `board`, or a usage error naming the boards that have one.
pub fn machine_for(board: &str) -> Result<BoardMachine> {
    machines()
        .into_iter()
        .find(|machine| machine.board == board)
        .ok_or_else(|| {
            let modelled: Vec<&str> = machines().iter().map(|machine| machine.board).collect();
            Error::Usage(format!(
                "board `{board}` has no QEMU model to run on (boards with one: qemu-virt, {}); \
                 `cargo xtask build --board {board}` or `cargo xtask image --board {board}` \
                 make its kernel for the real board",
                modelled.join(", ")
            ))
        })
}

impl BoardMachine {
    /// The kernel command line: the board's console, then `append`.
    pub fn command_line(&self, append: &str) -> String {
        let append = append.trim();
        if append.is_empty() {
            format!("console={}", self.console)
        } else {
            format!("console={} {append}", self.console)
        }
    }

    /// The QEMU command booting `image` with `dtb`, `initramfs` (if any) and `command_line`:
    /// no display, monitor or audio; serial 0 discarded and serial 1, the board's console, on
    /// QEMU's stdio as `console` says.
    pub fn command(
        &self,
        image: &Path,
        dtb: &Path,
        initramfs: Option<&Path>,
        command_line: &str,
        console: ConsoleMode,
    ) -> Command {
        let serial = match console {
            ConsoleMode::Piped => "stdio",
            ConsoleMode::Terminal => "mon:stdio",
        };
        let mut command = Command::new(QEMU);
        command
            .args(["-M", self.machine, "-smp"])
            .arg(self.cpu_count.to_string())
            .args(["-m", self.memory])
            .args(["-display", "none", "-monitor", "none", "-audio", "none"])
            .args(["-serial", "null", "-serial", serial])
            .arg("-kernel")
            .arg(image)
            .arg("-dtb")
            .arg(dtb);
        if let Some(initramfs) = initramfs {
            command.arg("-initrd").arg(initramfs);
        }
        command.arg("-append").arg(command_line);
        command
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process;

    #[test]
    fn zcu102_runs_with_two_gib_and_the_console_on_the_second_serial() {
        let machine = machine_for("kria-kv260").expect("modelled");
        let command = machine.command(
            Path::new("/k/Image-kria-kv260"),
            Path::new("/c/k26.dtb"),
            Some(Path::new("/s/shell.cpio.gz")),
            &machine.command_line(" quiet "),
            ConsoleMode::Terminal,
        );
        assert_eq!(
            process::display(&command),
            "qemu-system-aarch64 -M xlnx-zcu102 -smp 4 -m 2G -display none -monitor none \
             -audio none -serial null -serial mon:stdio -kernel /k/Image-kria-kv260 \
             -dtb /c/k26.dtb -initrd /s/shell.cpio.gz -append 'console=ttyPS1 quiet'"
        );
    }

    #[test]
    fn no_initramfs_leaves_out_initrd() {
        let machine = machine_for("imx8m").expect("modelled");
        let command = machine.command(
            Path::new("/k/I"),
            Path::new("/c/d.dtb"),
            None,
            &machine.command_line(""),
            ConsoleMode::Piped,
        );
        let shown = process::display(&command);
        assert!(shown.contains("-M imx8mp-evk"), "{shown}");
        assert!(!shown.contains("-initrd"), "{shown}");
        assert!(shown.ends_with("-append console=ttymxc1"), "{shown}");
    }

    #[test]
    fn jetson_nano_has_no_model_and_says_so() {
        let error = machine_for("jetson-nano")
            .expect_err("no QEMU model")
            .to_string();
        assert!(error.contains("jetson-nano"), "{error}");
        assert!(error.contains("no QEMU model"), "{error}");
        assert!(machine_for("rpi4").is_ok());
    }
}
