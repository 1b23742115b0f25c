//! The QEMU boot cases: each a machine, a way to boot, and what the serial log must show.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::bad_dtb::{self, Breakage};
use super::boot_log::Banner;
use super::expect::{Expectation, GoodBoot};
use super::interactive::{self, Step, PROMPT};
use super::serial;
use super::tally::{Failure, Tally};
use crate::error::Result;
use crate::paths;
use crate::process;
use crate::qemu::{self, VirtMachine};
use crate::size;
use crate::tempdir::TempDir;

/// How long one case may take: QEMU's TCG with 4 vCPUs on 2 host cores is slow.
pub const CASE_TIMEOUT: Duration = Duration::from_secs(60);

/// Lines of a failing case's log quoted in the summary.
const LOG_TAIL_LINES: usize = 12;

/// How a case boots the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Boot {
    /// `-kernel Image -append "console=ttyAMA0 <append>"`.
    Kernel {
        /// Words after the console on the command line.
        append: &'static str,
    },
    /// As `Kernel`, plus `-dtb` with a broken copy of QEMU's own tree.
    KernelWithDtb(Breakage),
    /// The boot stub and loader devices, the broken tree placed in RAM.
    Stub(Breakage),
    /// As `Kernel`, plus `-initrd` with Debian's static BusyBox at `/bin/busybox` (and `init`
    /// as `/init` when given).
    KernelWithBusyBox {
        /// Words after the console on the command line.
        append: &'static str,
        /// The contents of `/init`, if any.
        init: Option<&'static str>,
    },
    /// As `Kernel`, plus `-initrd` with `cargo xtask run`'s interactive BusyBox initramfs; the
    /// steps are typed on and read from the console.
    Shell(&'static [Step]),
}

/// Typing a command line at the shell prompt: the output comes back, then the prompt.
pub(super) const SHELL_ECHO: &[Step] = &[
    Step::Expect(PROMPT),
    Step::Type("echo hello; uname -s\r"),
    Step::Expect("\nhello\r\nLinux\r\n/ # "),
];

/// ^C interrupts a foreground `sleep 10` (status 130) and the prompt comes back.
pub(super) const SHELL_CTRL_C: &[Step] = &[
    Step::Expect(PROMPT),
    Step::Type("echo start; sleep 10\r"),
    Step::Expect("\nstart\r\n"),
    Step::Pause(Duration::from_secs(1)),
    Step::Type("\x03"),
    Step::Expect("^C"),
    Step::Expect(PROMPT),
    Step::Type("echo status $?\r"),
    Step::Expect("\nstatus 130\r\n/ # "),
];

/// One QEMU test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Name, also the log's file name.
    pub name: &'static str,
    /// The machine.
    pub machine: VirtMachine,
    /// How the kernel is booted.
    pub boot: Boot,
    /// What the log must show.
    pub expectation: Expectation,
}

/// A `virt` machine.
fn virt(gic_version: u8, cpu_count: u32, memory: &str, el2: bool) -> VirtMachine {
    VirtMachine {
        gic_version,
        cpu_count,
        memory: memory.into(),
        el2,
    }
}

/// A case expecting the full boot report of `machine`.
fn good_boot(name: &'static str, machine: VirtMachine) -> Case {
    let expected = GoodBoot {
        banner: Banner {
            version: env!("CARGO_PKG_VERSION").into(),
            board: "qemu-virt".into(),
            entry_el: if machine.el2 { 2 } else { 1 },
        },
        model: "linux,dummy-virt".into(),
        command_line: qemu::kernel_command_line(""),
        memory_mib: size::parse_mib(&machine.memory).unwrap_or(0),
        gic_version: machine.gic_version,
        cpu_count: machine.cpu_count,
    };
    Case {
        name,
        machine,
        boot: Boot::Kernel { append: "" },
        expectation: Expectation::GoodBoot(expected),
    }
}

/// A case booting a tree broken by `breakage`, expecting the reason to name a keyword.
fn bad_tree(name: &'static str, breakage: Breakage, keywords: &'static [&'static str]) -> Case {
    let boot = if breakage.loads_with_dtb_option() {
        Boot::KernelWithDtb(breakage)
    } else {
        Boot::Stub(breakage)
    };
    Case {
        name,
        machine: virt(3, 1, "512M", false),
        boot,
        expectation: Expectation::BadDeviceTree(keywords),
    }
}

/// Every QEMU case, in the order they run.
pub fn all() -> Vec<Case> {
    vec![
        good_boot("virt-gicv2-smp1", virt(2, 1, "512M", false)),
        good_boot("virt-gicv2-smp4", virt(2, 4, "512M", false)),
        good_boot("virt-gicv3-smp1", virt(3, 1, "1G", false)),
        good_boot("virt-gicv3-smp4", virt(3, 4, "512M", false)),
        good_boot("virt-el2-gicv3-smp4", virt(3, 4, "512M", true)),
        Case {
            name: "exception-report",
            machine: virt(3, 4, "512M", false),
            boot: Boot::Kernel {
                append: "lichen.test=fault",
            },
            expectation: Expectation::ExceptionReport,
        },
        Case {
            name: "user-smoke",
            machine: virt(3, 2, "512M", false),
            boot: Boot::Kernel {
                append: "lichen.test=user",
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 42",
                before: &[],
            },
        },
        Case {
            name: "busybox-echo",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- echo Hello from BusyBox",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["Hello from BusyBox"],
            },
        },
        Case {
            name: "busybox-uname",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- uname -s -m",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["Linux aarch64"],
            },
        },
        Case {
            name: "busybox-sh-fork",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox true; echo rc=$?\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["rc=0"],
            },
        },
        Case {
            name: "busybox-sh-exec",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox echo via exec\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["via exec"],
            },
        },
        Case {
            name: "busybox-sh-cwd",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"cd /bin/../bin; /bin/busybox pwd; /bin/busybox id -u\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["/bin", "0"],
            },
        },
        Case {
            name: "busybox-sh-kill",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox sh -c 'kill -9 $$'; echo rc=$?; /bin/busybox sh -c 'kill $$'; echo rc=$?\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["rc=137", "rc=143"],
            },
        },
        Case {
            name: "busybox-sh-redirect",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"echo hi-from-file > /root/f; /bin/busybox cat /root/f\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["hi-from-file"],
            },
        },
        Case {
            name: "busybox-sh-pipe",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox echo piped | /bin/busybox tr a-z A-Z\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["PIPED"],
            },
        },
        Case {
            name: "busybox-init-script",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "",
                init: Some(
                    "#!/bin/busybox sh\n\
                     /bin/busybox mkdir /root/d\n\
                     echo one > /root/d/a\n\
                     echo two >> /root/d/a\n\
                     /bin/busybox ls /root/d\n\
                     echo lines=$(/bin/busybox cat /root/d/a | /bin/busybox wc -l)\n\
                     /bin/busybox rm /root/d/a\n\
                     /bin/busybox rmdir /root/d\n\
                     test -e /root/d || echo init-script-done\n",
                ),
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["lines=2", "init-script-done"],
            },
        },
        Case {
            name: "busybox-sh-trap",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"trap 'echo caught' USR1; kill -USR1 $$; echo after\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["caught", "after"],
            },
        },
        // Handlers in a forked subshell (trampoline kept by fork) and after execve (mapped
        // again); the parent, whose wait4 the group signal interrupts, survives through its
        // own handler (its `parent` line may come at any point, so it is not checked).
        Case {
            name: "busybox-sh-trap-fork-exec",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"trap 'echo parent' USR2; (trap 'echo sub' USR2; kill -USR2 0; echo subdone); /bin/busybox sh -c 'trap true USR1; kill -USR1 $$; echo exec-ok'; echo after\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["sub", "subdone", "exec-ok", "after"],
            },
        },
        Case {
            name: "busybox-sh-mount",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox mount -t devtmpfs devtmpfs /dev && /bin/busybox ls /dev; /bin/busybox mkdir /tmp; /bin/busybox mount -t tmpfs tmpfs /tmp && echo x > /tmp/y && /bin/busybox cat /tmp/y; echo hi > /dev/null; echo null=$?; /bin/busybox umount /tmp; echo umount=$?\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["console  full     null     random   tty      ttyAMA0  urandom  zero", "x", "null=0", "umount=0"],
            },
        },
        Case {
            name: "busybox-sleep-timeout",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"/bin/busybox sleep 1; echo slept; /bin/busybox timeout 5 /bin/busybox echo inside; echo rc=$?; /bin/busybox timeout 1 /bin/busybox sleep 3; echo timedout=$?\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["slept", "inside", "rc=0", "timedout=143"],
            },
        },
        Case {
            name: "busybox-poweroff",
            machine: virt(3, 4, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"echo bye; /bin/busybox poweroff -f; echo still here\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: reboot: ",
                expected: "lichen: reboot: Power down",
                before: &["bye"],
            },
        },
        Case {
            name: "shebang-init",
            machine: virt(3, 2, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "-- first",
                init: Some("#!/bin/busybox echo\n"),
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &["/init first"],
            },
        },
        Case {
            name: "threads-smp4",
            machine: virt(3, 4, "512M", false),
            boot: Boot::Kernel {
                append: "lichen.test=threads",
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: selftest threads: ",
                expected: "lichen: selftest threads: 8 of 8 finished, 400 of 400 steps",
                before: &["lichen: boot complete"],
            },
        },
        bad_tree("bad-dtb-no-uart", Breakage::NoUart, &["uart"]),
        bad_tree("bad-dtb-no-memory", Breakage::NoMemory, &["memory"]),
        bad_tree("bad-dtb-bad-magic", Breakage::BadMagic, &["magic"]),
        bad_tree(
            "bad-dtb-truncated",
            Breakage::Truncated,
            &["truncat", "malformed", "corrupt"],
        ),
        Case {
            name: "shell-echo-smp4",
            machine: virt(3, 4, "512M", false),
            boot: Boot::Shell(SHELL_ECHO),
            expectation: Expectation::Conversation,
        },
        Case {
            name: "shell-ctrl-c-smp4",
            machine: virt(3, 4, "512M", false),
            boot: Boot::Shell(SHELL_CTRL_C),
            expectation: Expectation::Conversation,
        },
        Case {
            name: "busybox-procfs-tools",
            machine: virt(3, 4, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "",
                init: Some(
                    "#!/bin/busybox sh\n\
                     /bin/busybox mkdir /proc\n\
                     /bin/busybox mount -t devtmpfs devtmpfs /dev\n\
                     /bin/busybox mount -t proc proc /proc && echo mounted\n\
                     /bin/busybox ps > /dev/null; echo ps=$?\n\
                     /bin/busybox top -n1 -b > /dev/null; echo top=$?\n\
                     /bin/busybox free > /dev/null; echo free=$?\n\
                     /bin/busybox uptime > /dev/null; echo uptime=$?\n\
                     /bin/busybox mount | /bin/busybox grep '^proc'\n\
                     echo 0 > /proc/sys/kernel/printk; echo printk=$?\n\
                     echo cpus=$(/bin/busybox grep -c ^processor /proc/cpuinfo)\n",
                ),
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: user program ",
                expected: "lichen: user program exited with status 0",
                before: &[
                    "mounted",
                    "ps=0",
                    "top=0",
                    "free=0",
                    "uptime=0",
                    "proc on /proc type proc (rw,relatime)",
                    "printk=0",
                    "cpus=4",
                ],
            },
        },
        Case {
            name: "string-routines",
            machine: virt(3, 1, "512M", false),
            boot: Boot::Kernel {
                append: "lichen.test=string",
            },
            expectation: Expectation::FinalLine {
                prefix: "lichen: selftest string: ",
                expected: "lichen: selftest string: 167200 of 167200 checks passed",
                before: &["lichen: boot complete"],
            },
        },
        // init's end is Linux's panic, with the wait status (exit(1): 0x100); the other CPUs stop.
        Case {
            name: "init-exit-panic-smp4",
            machine: virt(3, 4, "512M", false),
            boot: Boot::KernelWithBusyBox {
                append: "rdinit=/bin/busybox -- sh -c \"echo goodbye; exit 1\"",
                init: None,
            },
            expectation: Expectation::FinalLine {
                prefix: "Kernel panic - not syncing:",
                expected: "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000100",
                before: &["goodbye", "lichen: user program exited with status 1"],
            },
        },
    ]
}

/// The QEMU command of `case`, making its broken tree and stub in `scratch` as needed.
fn command_for(case: &Case, image: &Path, scratch: &Path) -> Result<Command> {
    match &case.boot {
        Boot::Kernel { append } => {
            Ok(case
                .machine
                .boot_command(image, &qemu::kernel_command_line(append), &[]))
        }
        Boot::KernelWithDtb(breakage) => {
            let dtb = bad_dtb::make(&case.machine, *breakage, scratch)?;
            let extra = ["-dtb".to_string(), dtb.display().to_string()];
            Ok(case
                .machine
                .boot_command(image, &qemu::kernel_command_line(""), &extra))
        }
        Boot::KernelWithBusyBox { append, init } => {
            let initramfs = super::initramfs::busybox(scratch, *init)?;
            let extra = ["-initrd".to_string(), initramfs.display().to_string()];
            Ok(case
                .machine
                .boot_command(image, &qemu::kernel_command_line(append), &extra))
        }
        Boot::Shell(_) => {
            let initramfs = crate::shell::build(&paths::Cache::from_env())?;
            let extra = ["-initrd".to_string(), initramfs.display().to_string()];
            Ok(case
                .machine
                .boot_command(image, &qemu::kernel_command_line(""), &extra))
        }
        Boot::Stub(breakage) => {
            let dtb = bad_dtb::make(&case.machine, *breakage, scratch)?;
            let stub = bad_dtb::assemble_stub(scratch)?;
            Ok(bad_dtb::stub_boot_command(
                &case.machine,
                &stub,
                image,
                &dtb,
            ))
        }
    }
}

/// The result of one case that ran.
pub(super) struct Outcome {
    /// Every way the log fell short; empty when the case passed.
    pub(super) problems: Vec<String>,
    /// The last lines of the serial log.
    tail: String,
    /// How long QEMU ran.
    elapsed: Duration,
}

/// Component variants (a feature of the `lichen` package) and the cases each must pass too:
/// both sides of every swappable component stay tested.
pub const VARIANTS: &[(&str, &[&str])] = &[("sched-fifo", &["user-smoke", "threads-smp4"])];

/// Runs every case against `image` (or fails them all when the kernel did not build).
pub fn run_all(image: Option<&Path>, tally: &mut Tally) {
    run_cases(image, all(), "", tally);
}

/// Runs the named cases against a variant's `image`, named `<case> [<feature>]`.
pub fn run_variant(image: Option<&Path>, feature: &str, names: &[&str], tally: &mut Tally) {
    let cases = all()
        .into_iter()
        .filter(|case| names.contains(&case.name))
        .collect();
    run_cases(image, cases, &format!(" [{feature}]"), tally);
}

fn run_cases(image: Option<&Path>, cases: Vec<Case>, suffix: &str, tally: &mut Tally) {
    for case in cases {
        let name = format!("{}{suffix}", case.name);
        let log = paths::qemu_test_logs().join(format!("{name}.log"));
        let Some(image) = image else {
            tally.fail(Failure {
                case: name.clone(),
                reason: "not run: the kernel did not build".into(),
                details: String::new(),
                log: None,
            });
            continue;
        };
        match run_case(&case, image, &log) {
            Ok(outcome) if outcome.problems.is_empty() => {
                tally.pass(&name, &format!("{:.1} s", outcome.elapsed.as_secs_f64()));
            }
            Ok(outcome) => tally.fail(Failure {
                case: name.clone(),
                reason: outcome.problems.join("; "),
                details: outcome.tail,
                log: Some(log),
            }),
            Err(error) => tally.fail(Failure {
                case: name.clone(),
                reason: format!("could not run: {error}"),
                details: String::new(),
                log: log.is_file().then_some(log),
            }),
        }
    }
}

/// Runs one case, its scratch files in a temporary directory, its log in `log`.
pub(super) fn run_case(case: &Case, image: &Path, log: &Path) -> Result<Outcome> {
    let scratch = TempDir::new(case.name)?;
    let command = command_for(case, image, scratch.path())?;
    if let Boot::Shell(steps) = &case.boot {
        let transcript = interactive::converse(command, steps, CASE_TIMEOUT, log)?;
        let text = String::from_utf8_lossy(&transcript.output).into_owned();
        return Ok(Outcome {
            problems: transcript.failure.into_iter().collect(),
            tail: process::tail_lines(&text, LOG_TAIL_LINES),
            elapsed: transcript.elapsed,
        });
    }
    let run = serial::run_until(
        command,
        |line| case.expectation.is_terminal(line),
        CASE_TIMEOUT,
        log,
    )?;
    Ok(Outcome {
        problems: case.expectation.check(&run.lines, &run.ending),
        tail: process::tail_lines(&run.lines.join("\n"), LOG_TAIL_LINES),
        elapsed: run.elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_cases_exist() {
        let names: Vec<&str> = all().iter().map(|case| case.name).collect();
        for (_, cases) in VARIANTS {
            for case in *cases {
                assert!(names.contains(case), "variant case {case} is not a case");
            }
        }
    }

    #[test]
    fn case_names_are_unique_and_cover_the_plan() {
        let cases = all();
        let mut names: Vec<&str> = cases.iter().map(|case| case.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), cases.len());
        assert_eq!(cases.len(), 32);
    }

    #[test]
    fn good_boots_expect_what_their_machine_provides() {
        for case in all() {
            if let Expectation::GoodBoot(expected) = &case.expectation {
                assert_eq!(expected.cpu_count, case.machine.cpu_count, "{}", case.name);
                assert_eq!(
                    expected.gic_version, case.machine.gic_version,
                    "{}",
                    case.name
                );
                assert_eq!(
                    expected.banner.entry_el == 2,
                    case.machine.el2,
                    "{}",
                    case.name
                );
                assert_eq!(
                    Some(expected.memory_mib),
                    size::parse_mib(&case.machine.memory),
                    "{}",
                    case.name
                );
                assert!(case.machine.validate().is_ok());
            }
        }
        let one_gib = all()
            .into_iter()
            .filter(|case| matches!(&case.expectation, Expectation::GoodBoot(e) if e.memory_mib == 1024))
            .count();
        assert_eq!(one_gib, 1, "exactly one case boots with -m 1G");
    }

    #[test]
    fn only_the_uart_breakage_goes_through_dash_dtb() {
        for case in all() {
            match case.boot {
                Boot::KernelWithDtb(breakage) => assert_eq!(breakage, Breakage::NoUart),
                Boot::Stub(breakage) => assert_ne!(breakage, Breakage::NoUart),
                Boot::Kernel { .. } | Boot::KernelWithBusyBox { .. } | Boot::Shell(_) => {}
            }
        }
    }
}
