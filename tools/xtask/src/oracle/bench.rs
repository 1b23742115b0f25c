//! `cargo xtask bench`: the benchmark program on Linux and on another kernel (Lichen by
//! default), same QEMU machine, `--runs` boots each; prints medians and ratios.
//!
//! Each boot runs `/init-bench`, which runs the benchmark program once; the host measures the
//! boot time from QEMU's start to `/init`'s first line. When the other kernel does not reach
//! `/init`, its column is reported unavailable with the reason, and Linux's numbers still print.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::bench_table::{self, Samples, BOOT_KEY};
use super::console::{self, Ending, Limits};
use super::{initramfs, machine_from_args};
use crate::args::Args;
use crate::build::{self, BuildOptions};
use crate::error::{Error, Result};
use crate::paths::Cache;
use crate::qemu::VirtMachine;

/// The other column's label when it is Lichen's own build.
const LICHEN: &str = "Lichen";

/// Limits of one benchmark boot.
fn bench_limits() -> Limits {
    Limits {
        to_init: Duration::from_secs(60),
        idle: Duration::from_secs(300),
        total: Duration::from_secs(900),
        per_case: Default::default(),
    }
}

/// One boot of `kernel` running the benchmark: its samples are added to `samples`;
/// `Err(why)` when the boot did not reach `/init` or the benchmark did not finish.
fn measure_once(
    machine: &VirtMachine,
    kernel: &Path,
    archive: &Path,
    log_name: &str,
    samples: &mut Samples,
) -> Result<std::result::Result<(), String>> {
    let command = console::command(machine, kernel, archive, initramfs::BENCH_INIT);
    let log = initramfs::oracle_dir().join(format!("{log_name}.log"));
    let run = console::run(command, &bench_limits(), &log)?;
    let Some(init_after) = run.init_after else {
        let last = run.lines.last().cloned().unwrap_or_default();
        return Ok(Err(format!(
            "it did not reach /init ({:?}; last console line: `{last}`; log {})",
            run.ending,
            log.display()
        )));
    };
    if run.ending != Ending::Done {
        return Ok(Err(format!(
            "the benchmark did not finish ({:?}; log {})",
            run.ending,
            log.display()
        )));
    }
    bench_table::add_samples(&run.lines, samples);
    samples
        .entry(BOOT_KEY.to_string())
        .or_default()
        .push(init_after.as_nanos() as f64);
    Ok(Ok(()))
}

/// `cargo xtask bench [--kernel PATH] [--runs N] [--board B] [--debug] [--gic 2|3]`.
pub fn run(mut args: Args) -> Result<ExitCode> {
    let kernel = args.value("--kernel")?.map(PathBuf::from);
    let runs: u32 = args.parsed("--runs", 3)?;
    let options = BuildOptions::from_args(&mut args)?;
    let machine = machine_from_args(&mut args)?;
    args.finish()?;
    if runs == 0 {
        return Err(Error::Usage("--runs must be at least 1".into()));
    }
    crate::setup::run()?;
    let cache = Cache::from_env();
    let built = initramfs::build(&cache, None)?;
    let (label, other_path) = match kernel {
        Some(path) if path.is_file() => {
            let name = path
                .file_name()
                .map_or("kernel".into(), |name| name.to_string_lossy().into_owned());
            (name, Ok(path))
        }
        Some(path) => {
            return Err(Error::Usage(format!(
                "--kernel {}: no such file",
                path.display()
            )))
        }
        None => (
            LICHEN.to_string(),
            build::build(&options).map_err(|error| format!("it did not build: {error}")),
        ),
    };
    // Boots alternate (Linux, other, Linux, other...) so that a change in the host's load
    // weighs on both columns alike.
    let mut linux = Samples::new();
    let mut other_samples = Samples::new();
    let mut other = other_path.as_ref().map(|_| ()).map_err(Clone::clone);
    for run_index in 1..=runs {
        println!("bench: boot {run_index}/{runs} of Linux");
        measure_once(
            &machine,
            &cache.linux_image(),
            &built.path,
            &format!("bench-linux-{run_index}"),
            &mut linux,
        )?
        .map_err(|why| Error::Check(format!("bench: Linux failed: {why}")))?;
        if let (Ok(()), Ok(path)) = (&other, &other_path) {
            println!("bench: boot {run_index}/{runs} of {label}");
            other = measure_once(
                &machine,
                path,
                &built.path,
                &format!("bench-other-{run_index}"),
                &mut other_samples,
            )?;
        }
    }
    let other = other.map(|()| other_samples);
    println!(
        "\nbench: medians of {runs} boot(s) per kernel, QEMU {} -cpu cortex-a72 -smp {} -m {}; \
         times per operation",
        machine.machine_option(),
        machine.cpu_count,
        machine.memory
    );
    print!(
        "{}",
        bench_table::table(&linux, other.as_ref().ok(), &label)
    );
    if let Err(why) = &other {
        println!("\nbench: the {label} column is unavailable: {why}.");
        if label == LICHEN {
            println!(
                "bench: Lichen cannot run user programs yet (issue 3: initramfs, ELF loader, \
                 processes); Linux's numbers above stand alone until it can."
            );
        }
    }
    if runs < 3 {
        println!("bench: note: fewer than 3 runs; medians are not robust");
    }
    Ok(ExitCode::SUCCESS)
}
