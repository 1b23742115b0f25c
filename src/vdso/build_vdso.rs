//! Builds the vDSO (`src/vdso/user/`) for `build.rs`: the toolchain's own `rustc` compiles it
//! to a position-independent object and its `rust-lld` links it into `linux-vdso.so.1`, so no
//! cross toolchain is needed. The result is refused when it would need run-time relocation.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

/// The user-side sources, relative to the package root.
const SOURCES: [&str; 3] = [
    "src/vdso/user/vdso.rs",
    "src/vdso/user/vdso.lds",
    "src/vdso/user/vdso.ver",
];

/// Builds `<out>/vdso.so` and returns its path.
pub fn build(out: &Path) -> PathBuf {
    for source in SOURCES {
        println!("cargo:rerun-if-changed={source}");
    }
    let object = out.join("vdso.o");
    let library = out.join("vdso.so");
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    run(Command::new(&rustc)
        .args([
            "--edition=2021",
            "--crate-type=lib",
            "--crate-name=lichen_vdso",
            "--emit=obj",
            "--target=aarch64-unknown-none-softfloat",
            "-Copt-level=2",
            "-Cpanic=abort",
            "-Crelocation-model=pic",
            "-Cdebuginfo=0",
            "-Coverflow-checks=off",
            "-o",
        ])
        .arg(&object)
        .arg(SOURCES[0]));
    run(Command::new(rust_lld(&rustc))
        .args([
            "-flavor",
            "gnu",
            "-shared",
            "-Bsymbolic",
            "--no-undefined",
            "--strip-all",
            "--hash-style=both",
            "--build-id=none",
            "-soname=linux-vdso.so.1",
            "-zmax-page-size=4096",
            "-znoexecstack",
            "-T",
            SOURCES[1],
            "--version-script",
            SOURCES[2],
            "-o",
        ])
        .arg(&library)
        .arg(&object));
    let bytes = fs::read(&library).expect("read the linked vDSO");
    assert!(
        !contains(&bytes, b".rela.dyn") && !contains(&bytes, b".got"),
        "the vDSO needs dynamic relocations or a GOT; nothing would apply them"
    );
    library
}

/// `rust-lld` of the toolchain that runs this build.
fn rust_lld(rustc: &str) -> PathBuf {
    let output = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .expect("run rustc --print sysroot");
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let host = env::var("HOST").expect("cargo sets HOST");
    PathBuf::from(sysroot).join(format!("lib/rustlib/{host}/bin/rust-lld"))
}

/// Runs a build step, failing the build with its output when it fails.
fn run(command: &mut Command) {
    let output = command
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}
