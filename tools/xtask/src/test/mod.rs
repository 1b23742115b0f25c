//! `cargo xtask test`: every tier in order, each case counted, one closing `N passed, M failed`.
//!
//! Tiers: setup; static checks (fmt, clippy host and kernel); host tests (per test); the kernel
//! build; the QEMU boot cases (direct, then through U-Boot); the other boards (built, and
//! booted on their QEMU models); the userspace suite against Linux (difftest); the syscall
//! document check.

mod bad_dtb;
mod boards;
mod boot_log;
mod dts_edit;
mod expect;
#[cfg(test)]
mod fake_kernel;
mod host;
pub(crate) mod initramfs;
mod interactive;
#[cfg(test)]
mod linux_smoke;
mod qemu_cases;
pub(crate) mod serial;
#[cfg(test)]
mod shell_oracle;
pub mod tally;
mod uboot;
mod uboot_expect;
#[cfg(test)]
mod uboot_linux;

use std::process::ExitCode;
use std::time::Instant;

use crate::args::Args;
use crate::error::Result;
use tally::{Failure, Tally};

/// The differential tier: the suite on Lichen's default Image, compared case by case with
/// Linux's golden files; the cases of the pending list are reported but not counted.
fn difftest(image: Option<&std::path::Path>, tally: &mut Tally) {
    let setup = image
        .ok_or_else(|| "the kernel did not build".to_string())
        .and_then(|image| {
            crate::oracle::pending()
                .map(|pending| (image, pending))
                .map_err(|error| error.to_string())
        });
    match setup {
        Ok((image, pending)) => crate::oracle::difftest_tier(
            image,
            &crate::qemu::VirtMachine::default(),
            None,
            &pending,
            tally,
        ),
        Err(reason) => tally.fail(Failure {
            case: "difftest".into(),
            reason,
            details: String::new(),
            log: None,
        }),
    }
}

/// Runs every tier; the last line printed is the tally, the exit code non-zero on any failure.
pub fn run(args: Args) -> Result<ExitCode> {
    args.finish()?;
    let started = Instant::now();
    let mut tally = Tally::default();

    println!("test: setup");
    match crate::setup::run() {
        Ok(()) => tally.pass("setup", ""),
        Err(error) => tally.fail(Failure {
            case: "setup".into(),
            reason: error.to_string(),
            details: String::new(),
            log: None,
        }),
    }
    println!("test: tier 1: static checks");
    host::static_checks(&mut tally);
    println!("test: tier 2: host tests");
    host::unit_tests(&mut tally);
    println!("test: tier 3: kernel build and QEMU boots");
    let image = host::kernel_build(&mut tally, &[]);
    qemu_cases::run_all(image.as_deref(), &mut tally);
    for (feature, cases) in qemu_cases::VARIANTS {
        let image = host::kernel_build(&mut tally, &[feature]);
        qemu_cases::run_variant(image.as_deref(), feature, cases, &mut tally);
    }
    uboot::run_all(image.as_deref(), &mut tally);
    println!("test: tier 3b: the other boards' kernels, booted on their QEMU models");
    boards::run(&mut tally);
    println!("test: tier 4: the userspace suite against Linux's golden output");
    difftest(image.as_deref(), &mut tally);
    crate::syscalls_doc::test_hook(&mut tally);

    tally.print_failures();
    println!(
        "test: finished in {:.0} s; QEMU logs in {}",
        started.elapsed().as_secs_f64(),
        crate::paths::qemu_test_logs().display()
    );
    println!("{}", tally.summary_line());
    Ok(if tally.any_failed() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
