//! xtask: Lichen's single host entry point for humans and CI (`cargo xtask <command>`).

mod args;
mod build;
mod error;
mod image;
mod oracle;
mod paths;
mod process;
mod qemu;
mod setup;
mod shell;
mod size;
mod syscalls_doc;
mod tempdir;
pub(crate) mod test;

use std::process::ExitCode;

use args::Args;
use error::{Error, Result};

/// The help text.
const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                      install what is missing: Rust target and components, Debian
                             packages, QEMU >= 9.2, test inputs in the cache
  build [--board B] [--debug]
                             build the kernel and print the path of its raw Image
  run [--board B] [--smp N] [--gic 2|3] [--mem SIZE] [--el2] [--debug] [--append \"...\"]
      [--no-initramfs] [-- qemu args...]
                             build, then boot in QEMU into BusyBox's shell on this terminal
                             (defaults: qemu-virt, 4 CPUs, GICv3, 512M; Ctrl-A X quits);
                             rpi4, kria-kv260 and imx8m boot on QEMU's raspi4b, xlnx-zcu102
                             and imx8mp-evk models with their real device trees
  image [--board B] [--debug] [--out DIR]
                             build, then write the U-Boot boot set: Image, initrd.gz,
                             extlinux/extlinux.conf, boot.scr and disk.img (MBR + FAT)
                             (default DIR: target/image/<board>)
  test                       every test tier; ends with \"N passed, M failed\"
  syscalls-doc [--check]     write (or check) docs/syscalls.md from abi-linux's table
  golden [--twice]           boot Debian's Linux with the userspace suite, write tests/golden/
  difftest [--kernel PATH]   boot a kernel (default: Lichen) with the suite, compare with Linux
  bench [--kernel PATH] [--runs N]
                             benchmark Linux and a kernel (default: Lichen); medians, ratios
  help                       this text
";

/// Dispatches the subcommand.
fn dispatch(mut arguments: std::env::Args) -> Result<ExitCode> {
    let _program = arguments.next();
    let command = arguments.next().unwrap_or_else(|| "help".into());
    let args = Args::new(arguments);
    match command.as_str() {
        "setup" => {
            args.finish()?;
            setup::run()?;
        }
        "build" => build::run(args)?,
        "run" => qemu::run(args)?,
        "image" => image::run(args)?,
        "test" => return test::run(args),
        "syscalls-doc" => return syscalls_doc::run(args),
        "golden" => return oracle::golden(args),
        "difftest" => return oracle::difftest(args),
        "bench" => return oracle::bench(args),
        "help" | "--help" | "-h" => print!("{USAGE}"),
        other => return Err(Error::Usage(format!("unknown command `{other}`"))),
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    match dispatch(std::env::args()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}
