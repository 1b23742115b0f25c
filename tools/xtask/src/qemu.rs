//! The QEMU `virt` machine: its command line, `cargo xtask run`, and device-tree dumps; the
//! other boards' models are in [`board`].

pub mod board;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::{build, process, setup, size};

/// The QEMU binary for AArch64 guests.
pub const QEMU: &str = "qemu-system-aarch64";

/// The CPU model every run uses.
const CPU_MODEL: &str = "cortex-a72";

/// The kernel command line's fixed part: the console is the virt board's PL011.
pub const CONSOLE: &str = "console=ttyAMA0";

/// One configuration of QEMU's `virt` machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtMachine {
    /// GIC architecture version: 2 or 3.
    pub gic_version: u8,
    /// Number of CPUs (`-smp`).
    pub cpu_count: u32,
    /// Memory size as given to `-m` (`512M`, `1G`).
    pub memory: String,
    /// Whether EL2 is implemented (`virtualization=on`): the kernel is entered at EL2.
    pub el2: bool,
}

impl Default for VirtMachine {
    fn default() -> Self {
        VirtMachine {
            gic_version: 3,
            cpu_count: 4,
            memory: "512M".into(),
            el2: false,
        }
    }
}

impl VirtMachine {
    /// Checks the values QEMU would otherwise reject with a less direct message.
    pub fn validate(&self) -> Result<()> {
        if !matches!(self.gic_version, 2 | 3) {
            return Err(Error::Usage(format!(
                "--gic must be 2 or 3, not {}",
                self.gic_version
            )));
        }
        let cpu_limit = if self.gic_version == 2 { 8 } else { 512 };
        if self.cpu_count == 0 || self.cpu_count > cpu_limit {
            return Err(Error::Usage(format!(
                "--smp must be 1..={cpu_limit} with GICv{}",
                self.gic_version
            )));
        }
        if size::parse_mib(&self.memory).is_none() {
            return Err(Error::Usage(format!(
                "--mem `{}` is not a size like 512M or 1G",
                self.memory
            )));
        }
        Ok(())
    }

    /// The `-M` value: `virt,gic-version=G[,virtualization=on]`.
    pub fn machine_option(&self) -> String {
        let mut option = format!("virt,gic-version={}", self.gic_version);
        if self.el2 {
            option.push_str(",virtualization=on");
        }
        option
    }

    /// `-M ... -cpu cortex-a72 -smp N -m M`: the machine without any boot image.
    pub fn machine_args(&self) -> Vec<String> {
        vec![
            "-M".into(),
            self.machine_option(),
            "-cpu".into(),
            CPU_MODEL.into(),
            "-smp".into(),
            self.cpu_count.to_string(),
            "-m".into(),
            self.memory.clone(),
        ]
    }

    /// The full command booting `kernel` with `append` on the kernel command line, console on
    /// stdio (`-nographic`), then `extra` QEMU arguments.
    pub fn boot_command(&self, kernel: &Path, append: &str, extra: &[String]) -> Command {
        let mut command = Command::new(QEMU);
        command
            .args(self.machine_args())
            .arg("-nographic")
            .arg("-kernel")
            .arg(kernel)
            .arg("-append")
            .arg(append)
            .args(extra);
        command
    }

    /// Writes QEMU's own device tree for this machine to `path` (`dumpdtb`).
    pub fn dump_dtb(&self, path: &Path) -> Result<()> {
        let mut args = self.machine_args();
        args[1] = format!("{},dumpdtb={}", self.machine_option(), path.display());
        let mut command = Command::new(QEMU);
        command.args(args).args(["-display", "none"]);
        process::stdout_of(&mut command)?;
        if path.is_file() {
            Ok(())
        } else {
            Err(Error::Check(format!(
                "`{}` wrote no {}",
                process::display(&command),
                path.display()
            )))
        }
    }
}

/// The kernel command line for `append`: the console first, then the user's words.
pub fn kernel_command_line(append: &str) -> String {
    let append = append.trim();
    if append.is_empty() {
        CONSOLE.to_string()
    } else {
        format!("{CONSOLE} {append}")
    }
}

/// `cargo xtask run [--board B] [--smp N] [--gic G] [--mem M] [--el2] [--debug]
/// [--append "..."] [--no-initramfs] [-- qemu args]`: builds the board's kernel and the
/// interactive BusyBox initramfs ([`crate::shell`]), then becomes QEMU with the console on this
/// terminal: `virt` for `qemu-virt`, else the board's QEMU model ([`board::machines`]) with its
/// real device tree (the machine options are then fixed by the model). An `-initrd` among the
/// QEMU arguments replaces the BusyBox one.
pub fn run(mut args: Args) -> Result<()> {
    let options = build::BuildOptions::from_args(&mut args)?;
    let gic_version = args.value("--gic")?;
    let cpu_count = args.value("--smp")?;
    let memory = args.value("--mem")?;
    let el2 = args.flag("--el2");
    let append = args.value("--append")?.unwrap_or_default();
    let no_initramfs = args.flag("--no-initramfs");
    let mut extra = args.finish()?;
    let target = if options.board == build::BOARDS[0] {
        let defaults = VirtMachine::default();
        let machine = VirtMachine {
            gic_version: parse_option("--gic", gic_version, defaults.gic_version)?,
            cpu_count: parse_option("--smp", cpu_count, defaults.cpu_count)?,
            memory: memory.unwrap_or(defaults.memory),
            el2,
        };
        machine.validate()?;
        RunTarget::Virt(machine)
    } else {
        let machine = board::machine_for(&options.board)?;
        let fixed = [
            ("--gic", gic_version.is_some()),
            ("--smp", cpu_count.is_some()),
            ("--mem", memory.is_some()),
            ("--el2", el2),
        ];
        if let Some((name, _)) = fixed.iter().find(|(_, given)| *given) {
            return Err(Error::Usage(format!(
                "{name} applies to qemu-virt only; QEMU's {} model of {} is fixed",
                machine.machine, machine.board
            )));
        }
        RunTarget::Board(machine)
    };
    setup::run()?;
    let image = build::build(&options)?;
    let initramfs = if no_initramfs || extra.iter().any(|argument| argument == "-initrd") {
        None
    } else {
        Some(crate::shell::build(&crate::paths::Cache::from_env())?)
    };
    let mut command = match &target {
        RunTarget::Virt(machine) => {
            if let Some(initramfs) = &initramfs {
                extra.extend(["-initrd".to_string(), initramfs.display().to_string()]);
            }
            machine.boot_command(&image, &kernel_command_line(&append), &extra)
        }
        RunTarget::Board(machine) => {
            let dtb = crate::paths::Cache::from_env().dtb(machine.dtb);
            let mut command = machine.command(
                &image,
                &dtb,
                initramfs.as_deref(),
                &machine.command_line(&append),
                board::ConsoleMode::Terminal,
            );
            command.args(&extra);
            command
        }
    };
    command
        .stdin(Stdio::inherit())
        .stdout(Stdio::inherit())
        .stderr(Stdio::inherit());
    println!("run: {}", process::display(&command));
    let error = command.exec();
    Err(Error::io(format!("cannot start {QEMU}"), error))
}

/// The machine `cargo xtask run` boots.
enum RunTarget {
    /// QEMU's `virt`, configured by the options.
    Virt(VirtMachine),
    /// A board's QEMU model.
    Board(board::BoardMachine),
}

/// `text` of option `name` parsed, or `default` when the option was not given.
fn parse_option<T: std::str::FromStr>(name: &str, text: Option<String>, default: T) -> Result<T> {
    match text {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| Error::Usage(format!("{name}: cannot understand `{text}`"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_option_carries_gic_and_el2() {
        let mut machine = VirtMachine::default();
        assert_eq!(machine.machine_option(), "virt,gic-version=3");
        machine.gic_version = 2;
        machine.el2 = true;
        assert_eq!(
            machine.machine_option(),
            "virt,gic-version=2,virtualization=on"
        );
    }

    #[test]
    fn boot_command_matches_the_documented_line() {
        let machine = VirtMachine {
            gic_version: 3,
            cpu_count: 4,
            memory: "1G".into(),
            el2: false,
        };
        let command = machine.boot_command(
            Path::new("/k/Image"),
            &kernel_command_line("lichen.test=fault"),
            &["-s".to_string()],
        );
        assert_eq!(
            process::display(&command),
            "qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -smp 4 -m 1G \
             -nographic -kernel /k/Image -append 'console=ttyAMA0 lichen.test=fault' -s"
        );
    }

    #[test]
    fn validation_rejects_impossible_machines() {
        let good = VirtMachine::default();
        assert!(good.validate().is_ok());
        let gic4 = VirtMachine {
            gic_version: 4,
            ..good.clone()
        };
        assert!(gic4.validate().is_err());
        let too_many_for_gicv2 = VirtMachine {
            gic_version: 2,
            cpu_count: 9,
            ..good.clone()
        };
        assert!(too_many_for_gicv2.validate().is_err());
        let no_cpu = VirtMachine {
            cpu_count: 0,
            ..good.clone()
        };
        assert!(no_cpu.validate().is_err());
        let bad_memory = VirtMachine {
            memory: "lots".into(),
            ..good
        };
        assert!(bad_memory.validate().is_err());
    }

    #[test]
    fn command_line_always_starts_with_the_console() {
        assert_eq!(kernel_command_line(""), "console=ttyAMA0");
        assert_eq!(kernel_command_line(" quiet "), "console=ttyAMA0 quiet");
    }
}
