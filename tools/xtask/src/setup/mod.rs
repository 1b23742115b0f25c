//! `cargo xtask setup`: installs whatever the build and the tests need, idempotently.
//!
//! Steps: Rust target and components; Debian packages; QEMU >= 9.2 (from backports if the
//! release's own is older); test inputs in the cache (Debian's arm64 kernel, its DTBs and
//! busybox, and QEMU's own DTBs). Each step does nothing when its result is already present.

mod dtbs;
mod files;
mod inputs;
mod packages;
mod qemu;
mod retry;
mod rust;
mod sources;
mod version;

use std::process::{Command, Stdio};

use crate::error::Result;
use crate::paths::Cache;
use crate::process;

/// The state of one setup run: what was installed, whether the package lists are fresh.
#[derive(Debug, Default)]
pub struct Setup {
    /// `apt-get update` ran since the sources or architectures last changed.
    apt_lists_fresh: bool,
    /// At least one thing was installed or fetched.
    installed_something: bool,
}

impl Setup {
    /// Says what is being installed: one line per thing.
    pub fn announce(&mut self, what: &str) {
        self.installed_something = true;
        println!("setup: installing {what} ...");
    }

    /// Runs `apt-get update` unless it already ran since the last change of sources.
    pub fn apt_update_once(&mut self) -> Result<()> {
        if !self.apt_lists_fresh {
            println!("setup: updating the package lists (apt-get update) ...");
            let mut command = apt_get();
            command.arg("update");
            process::run_quietly(&mut command)?;
            self.apt_lists_fresh = true;
        }
        Ok(())
    }

    /// Records that APT sources or architectures changed: the next update must run.
    pub fn sources_changed(&mut self) {
        self.apt_lists_fresh = false;
    }

    /// `apt-get install -y [-t release] packages...`, after updating the lists once.
    pub fn apt_install(&mut self, packages: &[&str], release: Option<&str>) -> Result<()> {
        self.apt_update_once()?;
        let mut command = apt_get();
        command.args(["install", "-y"]);
        if let Some(release) = release {
            command.args(["-t", release]);
        }
        command.args(packages);
        process::run_quietly(&mut command)
    }
}

/// `apt-get` as root, never prompting (CI has no stdin); `env` carries the setting through sudo.
fn apt_get() -> Command {
    let mut command = process::privileged("env");
    command.args(["DEBIAN_FRONTEND=noninteractive", "apt-get"]);
    command.stdin(Stdio::null());
    command
}

/// Runs every setup step; prints one line per installation, or one line saying all is present.
pub fn run() -> Result<()> {
    let mut setup = Setup::default();
    rust::ensure(&mut setup)?;
    packages::ensure(&mut setup)?;
    qemu::ensure(&mut setup)?;
    inputs::ensure(&mut setup, &Cache::from_env())?;
    if !setup.installed_something {
        println!("setup: all tools and test inputs present");
    }
    Ok(())
}
