//! Broken device trees for the kernel's validation, made from QEMU's own, and the boot stub
//! that hands one to the kernel where QEMU's `-dtb` would refuse or repair it.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::dts_edit;
use crate::error::{Error, Result};
use crate::process;
use crate::qemu::VirtMachine;

/// Where the stub is loaded. RAM starts at 0x4000_0000, but without `-kernel` QEMU puts its
/// own device tree there (a 1 MiB ROM region, for firmware), so the stub goes right after it.
pub const STUB_ADDRESS: u64 = 0x4010_0000;
/// Where the kernel `Image` is loaded: 2 MiB into RAM, as the Linux boot protocol wants.
pub const IMAGE_ADDRESS: u64 = 0x4020_0000;
/// Where the device tree is loaded: 128 MiB into RAM, clear of the kernel.
pub const DTB_ADDRESS: u64 = 0x4800_0000;

/// The ways a device tree is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakage {
    /// No PL011 node, no `/chosen/stdout-path`, no alias to the UART.
    NoUart,
    /// No memory node.
    NoMemory,
    /// The first byte of the magic changed.
    BadMagic,
    /// Cut to 60% of its length, `totalsize` left as it was.
    Truncated,
}

impl Breakage {
    /// Short name, used for files.
    pub fn name(self) -> &'static str {
        match self {
            Breakage::NoUart => "no-uart",
            Breakage::NoMemory => "no-memory",
            Breakage::BadMagic => "bad-magic",
            Breakage::Truncated => "truncated",
        }
    }

    /// Whether QEMU's `-dtb` can carry this tree (it refuses bad headers and adds memory).
    pub fn loads_with_dtb_option(self) -> bool {
        self == Breakage::NoUart
    }
}

/// Writes `machine`'s device tree, broken as `breakage` says, into `directory`.
///
/// QEMU's dump is padded to 1 MiB (`totalsize` included), so it is first recompiled by dtc into
/// a compact tree; otherwise a cut at 60% would only remove padding.
pub fn make(machine: &VirtMachine, breakage: Breakage, directory: &Path) -> Result<PathBuf> {
    let dump = directory.join(format!("{}-dump.dtb", breakage.name()));
    machine.dump_dtb(&dump)?;
    let original = directory.join(format!("{}-original.dtb", breakage.name()));
    recompile_edited(&dump, &original, |source| Ok(source.to_string()))?;
    let broken = directory.join(format!("{}.dtb", breakage.name()));
    match breakage {
        Breakage::NoUart => recompile_edited(&original, &broken, dts_edit::remove_uart)?,
        Breakage::NoMemory => recompile_edited(&original, &broken, dts_edit::remove_memory)?,
        Breakage::BadMagic | Breakage::Truncated => {
            let bytes = std::fs::read(&original)
                .map_err(|source| Error::io(format!("reading {}", original.display()), source))?;
            let edited = edit_bytes(breakage, bytes)?;
            std::fs::write(&broken, edited)
                .map_err(|source| Error::io(format!("writing {}", broken.display()), source))?;
        }
    }
    Ok(broken)
}

/// The byte-level breakages: the magic's first byte inverted, or the blob cut to 60%.
fn edit_bytes(breakage: Breakage, mut bytes: Vec<u8>) -> Result<Vec<u8>> {
    if bytes.len() < 40 || bytes[..4] != [0xd0, 0x0d, 0xfe, 0xed] {
        return Err(Error::Check(
            "QEMU's dumped device tree has no FDT header".into(),
        ));
    }
    match breakage {
        Breakage::BadMagic => bytes[0] = !bytes[0],
        Breakage::Truncated => bytes.truncate(bytes.len() * 60 / 100),
        Breakage::NoUart | Breakage::NoMemory => {}
    }
    Ok(bytes)
}

/// Decompiles `original` with dtc, applies `edit` to the source, compiles it to `broken`.
fn recompile_edited(
    original: &Path,
    broken: &Path,
    edit: fn(&str) -> Result<String>,
) -> Result<()> {
    let source = process::stdout_of(
        Command::new("dtc")
            .args(["-q", "-I", "dtb", "-O", "dts"])
            .arg(original),
    )?;
    let edited_source = broken.with_extension("dts");
    std::fs::write(&edited_source, edit(&source)?)
        .map_err(|error| Error::io(format!("writing {}", edited_source.display()), error))?;
    process::stdout_of(
        Command::new("dtc")
            .args(["-q", "-I", "dts", "-O", "dtb", "-o"])
            .arg(broken)
            .arg(&edited_source),
    )?;
    Ok(())
}

/// The stub's source: the Linux arm64 boot protocol's register state, then a jump to the kernel.
fn stub_source() -> String {
    format!(
        "\t.text\n\t.global _start\n_start:\n\
         \tldr x0, ={DTB_ADDRESS:#x}\n\
         \tmov x1, xzr\n\tmov x2, xzr\n\tmov x3, xzr\n\
         \tldr x4, ={IMAGE_ADDRESS:#x}\n\
         \tbr x4\n\t.ltorg\n"
    )
}

/// Assembles the boot stub into `directory/stub.bin`.
pub fn assemble_stub(directory: &Path) -> Result<PathBuf> {
    let source = directory.join("stub.S");
    let object = directory.join("stub.o");
    let binary = directory.join("stub.bin");
    std::fs::write(&source, stub_source())
        .map_err(|error| Error::io(format!("writing {}", source.display()), error))?;
    process::stdout_of(
        Command::new("aarch64-linux-gnu-as")
            .arg("-o")
            .arg(&object)
            .arg(&source),
    )?;
    process::stdout_of(
        Command::new("aarch64-linux-gnu-objcopy")
            .args(["-O", "binary"])
            .arg(&object)
            .arg(&binary),
    )?;
    Ok(binary)
}

/// QEMU booting `image` through the stub with `dtb` in RAM: no `-kernel`, three loaders
/// (CPU 0 starts at the stub; `force-raw` keeps QEMU from interpreting any file's format).
pub fn stub_boot_command(machine: &VirtMachine, stub: &Path, image: &Path, dtb: &Path) -> Command {
    let mut command = Command::new(crate::qemu::QEMU);
    command.args(machine.machine_args()).arg("-nographic");
    let loaders = [
        (stub, STUB_ADDRESS, ",cpu-num=0"),
        (image, IMAGE_ADDRESS, ""),
        (dtb, DTB_ADDRESS, ""),
    ];
    for (file, address, extra) in loaders {
        command.arg("-device").arg(format!(
            "loader,file={},addr={address:#x}{extra},force-raw=on",
            file.display()
        ));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(length: usize) -> Vec<u8> {
        let mut bytes = vec![0u8; length];
        bytes[..4].copy_from_slice(&[0xd0, 0x0d, 0xfe, 0xed]);
        bytes
    }

    #[test]
    fn byte_breakages() {
        let magic = edit_bytes(Breakage::BadMagic, header(100)).expect("edit");
        assert_eq!(magic.len(), 100);
        assert_ne!(magic[0], 0xd0);
        assert_eq!(&magic[1..4], &[0x0d, 0xfe, 0xed]);
        let cut = edit_bytes(Breakage::Truncated, header(1000)).expect("edit");
        assert_eq!(cut.len(), 600);
        assert!(edit_bytes(Breakage::BadMagic, vec![0u8; 100]).is_err());
    }

    #[test]
    fn stub_loads_registers_then_branches() {
        let source = stub_source();
        assert!(source.contains("ldr x0, =0x48000000"));
        assert!(source.contains("ldr x4, =0x40200000"));
        assert!(source.find("mov x3, xzr") < source.find("br x4"));
    }

    #[test]
    fn stub_command_starts_cpu0_at_the_stub() {
        let machine = VirtMachine {
            cpu_count: 1,
            ..VirtMachine::default()
        };
        let command = stub_boot_command(
            &machine,
            Path::new("/t/stub.bin"),
            Path::new("/k/Image"),
            Path::new("/t/bad.dtb"),
        );
        assert_eq!(
            process::display(&command),
            "qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 -smp 1 -m 512M -nographic \
             -device loader,file=/t/stub.bin,addr=0x40100000,cpu-num=0,force-raw=on \
             -device loader,file=/k/Image,addr=0x40200000,force-raw=on \
             -device loader,file=/t/bad.dtb,addr=0x48000000,force-raw=on"
        );
    }
}
