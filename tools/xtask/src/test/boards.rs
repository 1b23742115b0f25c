//! The board tier: every board's own `Image` built, and each board with a QEMU model booted on
//! it with the BusyBox initramfs, the board's real (Debian) device tree given with `-dtb`.
//!
//! Jetson Nano has no QEMU model: it is built here and probed on the host only (the
//! `board-jetson-nano` manifest tests feed its DTB through the driver list).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::expect::Expectation;
use super::serial;
use super::tally::{Failure, Tally};
use crate::build::{BuildOptions, BOARDS};
use crate::error::Result;
use crate::paths::{self, Cache};
use crate::process;
use crate::qemu::board::ConsoleMode;
pub use crate::qemu::board::{machines, BoardMachine};
use crate::tempdir::TempDir;

/// What the init program prints in every board case (the busybox-echo case of `virt`).
const GREETING: &str = "Hello from BusyBox";

/// What BusyBox runs as init in a board case, and the lines it must print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    /// The case name's last part.
    pub suffix: &'static str,
    /// The words after `rdinit=/bin/busybox --`.
    pub arguments: &'static str,
    /// Whole lines it prints, in order.
    pub output: &'static [&'static str],
}

/// The programs every board runs: the `busybox-echo` case of `virt`, then a shell pipeline
/// (fork, pipe, execve, wait across the board's CPUs).
pub const PROGRAMS: [Program; 2] = [
    Program {
        suffix: "busybox-echo",
        arguments: "echo Hello from BusyBox",
        output: &[GREETING],
    },
    Program {
        suffix: "busybox-sh-pipe",
        arguments: "sh -c \"/bin/busybox echo piped | /bin/busybox tr a-z A-Z\"",
        output: &["PIPED"],
    },
];

/// One board case: a machine and a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardCase {
    /// `<board>-<machine>-<program suffix>`, also the log's file name.
    pub name: String,
    /// The machine.
    pub machine: BoardMachine,
    /// What init runs.
    pub program: Program,
}

/// Every board case: each machine with each program.
pub fn cases() -> Vec<BoardCase> {
    machines()
        .into_iter()
        .flat_map(|machine| {
            PROGRAMS.iter().map(move |program| BoardCase {
                name: format!("{}-{}-{}", machine.board, machine.machine, program.suffix),
                machine: machine.clone(),
                program: program.clone(),
            })
        })
        .collect()
}

impl BoardCase {
    /// The kernel command line: the console, then BusyBox running the program as init.
    pub fn command_line(&self) -> String {
        self.machine.command_line(&format!(
            "rdinit=/bin/busybox -- {}",
            self.program.arguments
        ))
    }

    /// The QEMU command booting `image` with `dtb` and `initramfs`; serial 0 is discarded
    /// and serial 1, the board's console, is QEMU's stdout.
    pub fn command(&self, image: &Path, dtb: &Path, initramfs: &Path) -> Command {
        self.machine.command(
            image,
            dtb,
            Some(initramfs),
            &self.command_line(),
            ConsoleMode::Piped,
        )
    }

    /// The whole lines the log must show, in order, before the init program's exit line.
    pub fn expectation(&self) -> Expectation {
        let cpus: &'static str = match self.machine.cpu_count {
            1 => "lichen: cpus: 1 of 1 online",
            4 => "lichen: cpus: 4 of 4 online",
            _ => "lichen: cpus: (unexpected CPU count)",
        };
        let mut lines = vec![self.machine.console_line, cpus];
        lines.extend_from_slice(self.program.output);
        let before: &'static [&'static str] = Box::leak(lines.into_boxed_slice());
        Expectation::FinalLine {
            prefix: "lichen: user program ",
            expected: "lichen: user program exited with status 0",
            before,
        }
    }
}

/// Builds `board`'s `Image` (one case); returns it when it built.
fn build(board: &str, tally: &mut Tally) -> Option<PathBuf> {
    let options = BuildOptions {
        board: board.into(),
        release: true,
        features: Vec::new(),
    };
    let case = format!("kernel build [board {board}]");
    let command = options.cargo_command();
    println!("test: {case}: {}", process::display(&command));
    let mut objcopy = Command::new("aarch64-linux-gnu-objcopy");
    objcopy
        .args(["-O", "binary"])
        .arg(options.elf_path())
        .arg(options.image_path());
    let outcome = [command, objcopy].into_iter().try_for_each(|command| {
        let shown = process::display(&command);
        match process::merged_output_of(command) {
            Ok((status, _)) if status.success() => Ok(()),
            Ok((status, output)) => Err((
                format!("`{shown}` failed ({status})"),
                process::tail_lines(&output, 25),
            )),
            Err(error) => Err((error.to_string(), String::new())),
        }
    });
    match outcome {
        Ok(()) => {
            tally.pass(&case, &options.image_path().display().to_string());
            Some(options.image_path())
        }
        Err((reason, details)) => {
            tally.fail(Failure {
                case,
                reason,
                details,
                log: None,
            });
            None
        }
    }
}

/// Boots one case; the problems found (empty when it passed) and the log's tail.
fn boot(case: &BoardCase, image: &Path, log: &Path) -> Result<(Vec<String>, String, f64)> {
    let scratch = TempDir::new(&case.name)?;
    let initramfs = super::initramfs::busybox(scratch.path(), None)?;
    let dtb = Cache::from_env().dtb(case.machine.dtb);
    let expectation = case.expectation();
    let run = serial::run_until(
        case.command(image, &dtb, &initramfs),
        |line| expectation.is_terminal(line),
        super::qemu_cases::CASE_TIMEOUT,
        log,
    )?;
    Ok((
        expectation.check(&run.lines, &run.ending),
        process::tail_lines(&run.lines.join("\n"), 12),
        run.elapsed.as_secs_f64(),
    ))
}

/// Builds every board other than `virt` and boots those with a QEMU model.
pub fn run(tally: &mut Tally) {
    for board in BOARDS.iter().skip(1) {
        let image = build(board, tally);
        for case in cases()
            .into_iter()
            .filter(|case| case.machine.board == *board)
        {
            let log = paths::qemu_test_logs().join(format!("{}.log", case.name));
            let Some(image) = image.as_deref() else {
                tally.fail(Failure {
                    case: case.name.clone(),
                    reason: "not run: the board's kernel did not build".into(),
                    details: String::new(),
                    log: None,
                });
                continue;
            };
            match boot(&case, image, &log) {
                Ok((problems, _, elapsed)) if problems.is_empty() => {
                    tally.pass(&case.name, &format!("{elapsed:.1} s"))
                }
                Ok((problems, tail, _)) => tally.fail(Failure {
                    case: case.name.clone(),
                    reason: problems.join("; "),
                    details: tail,
                    log: Some(log),
                }),
                Err(error) => tally.fail(Failure {
                    case: case.name.clone(),
                    reason: format!("could not run: {error}"),
                    details: String::new(),
                    log: log.is_file().then_some(log),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_board_but_virt_and_jetson_has_a_qemu_case() {
        let boards: Vec<&str> = machines().iter().map(|machine| machine.board).collect();
        assert_eq!(boards, ["rpi4", "kria-kv260", "imx8m"]);
        for machine in machines() {
            assert!(BOARDS.contains(&machine.board), "{}", machine.board);
        }
        let names: Vec<String> = cases().into_iter().map(|case| case.name).collect();
        assert_eq!(names.len(), 6);
        assert!(names.contains(&"rpi4-raspi4b-busybox-echo".to_string()));
        assert!(names.contains(&"imx8m-imx8mp-evk-busybox-sh-pipe".to_string()));
        assert!(
            BOARDS.contains(&"jetson-nano"),
            "built, probed on the host only"
        );
    }

    #[test]
    fn raspi4b_command_uses_the_second_serial_and_the_real_dtb() {
        let case = &cases()[0];
        let command = case.command(
            Path::new("/k/Image-rpi4"),
            Path::new("/c/bcm2711-rpi-4-b.dtb"),
            Path::new("/s/busybox.cpio.gz"),
        );
        assert_eq!(
            process::display(&command),
            "qemu-system-aarch64 -M raspi4b -smp 4 -m 2G -display none -monitor none \
             -audio none -serial null -serial stdio -kernel /k/Image-rpi4 \
             -dtb /c/bcm2711-rpi-4-b.dtb -initrd /s/busybox.cpio.gz \
             -append 'console=ttyS1 rdinit=/bin/busybox -- echo Hello from BusyBox'"
        );
    }

    #[test]
    fn expectation_needs_console_all_cpus_and_the_greeting() {
        let case = cases()
            .into_iter()
            .find(|case| case.name == "imx8m-imx8mp-evk-busybox-echo")
            .expect("case");
        let expectation = case.expectation();
        let good: Vec<String> = [
            "Lichen 0.1.0 on imx8m (entered at EL2)",
            case.machine.console_line,
            "lichen: cpus: 4 of 4 online",
            "Hello from BusyBox",
            "lichen: user program exited with status 0",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ending = super::super::expect::Ending::Terminal;
        assert!(expectation.check(&good, &ending).is_empty());
        let mut one_cpu = good.clone();
        one_cpu[2] = "lichen: cpus: 1 of 4 online".into();
        assert!(!expectation.check(&one_cpu, &ending).is_empty());
    }
}
