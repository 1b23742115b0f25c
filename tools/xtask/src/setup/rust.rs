//! Setup step 1: the Rust target and components the kernel build and the checks need.

use std::process::Command;

use super::Setup;
use crate::build::KERNEL_TARGET;
use crate::error::Result;
use crate::process;

/// Components `cargo xtask test` uses.
const COMPONENTS: [&str; 2] = ["rustfmt", "clippy"];

/// Adds the kernel target and the components when `rustup` does not list them as installed.
pub fn ensure(setup: &mut Setup) -> Result<()> {
    let targets =
        process::stdout_of(Command::new("rustup").args(["target", "list", "--installed"]))?;
    if !lists_target(&targets, KERNEL_TARGET) {
        setup.announce(&format!("Rust target {KERNEL_TARGET}"));
        process::run_quietly(Command::new("rustup").args(["target", "add", KERNEL_TARGET]))?;
    }
    let components =
        process::stdout_of(Command::new("rustup").args(["component", "list", "--installed"]))?;
    let rustc_info = process::stdout_of(Command::new("rustc").arg("-vV"))?;
    let host = host_triple(&rustc_info).unwrap_or("x86_64-unknown-linux-gnu");
    for component in COMPONENTS {
        if !lists_component(&components, component, host) {
            setup.announce(&format!("Rust component {component}"));
            process::run_quietly(Command::new("rustup").args(["component", "add", component]))?;
        }
    }
    Ok(())
}

/// Whether `rustup target list --installed` output names `target`.
fn lists_target(installed: &str, target: &str) -> bool {
    installed.lines().any(|line| line.trim() == target)
}

/// Whether `rustup component list --installed` output names `component` for `host` (listed as
/// `clippy-x86_64-unknown-linux-gnu`; a bare name is accepted too).
fn lists_component(installed: &str, component: &str, host: &str) -> bool {
    let with_host = format!("{component}-{host}");
    installed
        .lines()
        .map(str::trim)
        .any(|line| line == component || line == with_host)
}

/// The host triple from `rustc -vV` output (`host: x86_64-unknown-linux-gnu`).
fn host_triple(rustc_info: &str) -> Option<&str> {
    rustc_info
        .lines()
        .find_map(|line| line.strip_prefix("host:"))
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    const INSTALLED: &str = "cargo-x86_64-unknown-linux-gnu\nclippy-x86_64-unknown-linux-gnu\n\
        llvm-tools-x86_64-unknown-linux-gnu\nrust-std-aarch64-unknown-none-softfloat\n\
        rustc-x86_64-unknown-linux-gnu\n";

    #[test]
    fn components_are_matched_by_name_not_by_prefix() {
        let host = "x86_64-unknown-linux-gnu";
        assert!(lists_component(INSTALLED, "clippy", host));
        assert!(!lists_component(INSTALLED, "rustfmt", host));
        // `rust-std-...` must not count as a component called `rust`.
        assert!(!lists_component(INSTALLED, "rust", host));
        assert!(!lists_component(
            INSTALLED,
            "clippy",
            "aarch64-unknown-linux-gnu"
        ));
        assert!(lists_component("rustfmt\n", "rustfmt", host));
    }

    #[test]
    fn host_triple_is_read_from_rustc() {
        let info = "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n";
        assert_eq!(host_triple(info), Some("x86_64-unknown-linux-gnu"));
    }

    #[test]
    fn targets_are_matched_exactly() {
        let installed = "aarch64-unknown-none-softfloat\nx86_64-unknown-linux-gnu\n";
        assert!(lists_target(installed, KERNEL_TARGET));
        assert!(!lists_target("aarch64-unknown-none\n", KERNEL_TARGET));
    }
}
