//! The device trees tests read: real boards' (from Debian's kernel package) and QEMU's own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::files::{partial_path, rename};
use crate::error::{Error, Result};
use crate::qemu::VirtMachine;

/// A board device tree the cache keeps: its cache name, then the package file names that may
/// provide it, best first (kernels name the Kria KV260 tree differently across versions).
pub struct BoardDtb {
    /// File name in `<cache>/dtbs/`.
    pub cache_name: &'static str,
    /// Acceptable file names in the kernel package, best first.
    pub package_names: &'static [&'static str],
}

/// The real-board device trees of the common brief.
pub const BOARD_DTBS: [BoardDtb; 5] = [
    BoardDtb {
        cache_name: "bcm2711-rpi-4-b.dtb",
        package_names: &["bcm2711-rpi-4-b.dtb"],
    },
    BoardDtb {
        cache_name: "tegra210-p3450-0000.dtb",
        package_names: &["tegra210-p3450-0000.dtb"],
    },
    BoardDtb {
        cache_name: "imx8mq-evk.dtb",
        package_names: &["imx8mq-evk.dtb"],
    },
    BoardDtb {
        cache_name: "imx8mp-evk.dtb",
        package_names: &["imx8mp-evk.dtb"],
    },
    BoardDtb {
        cache_name: "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
        package_names: &[
            "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
            "zynqmp-smk-k26-revA-sck-kv-g-revB.dtb",
            "smk-k26-revA-sck-kv-g-revB.dtb",
            "sm-k26-revA-sck-kv-g-revB.dtb",
            "zynqmp-smk-k26-revA.dtb",
            "zynqmp-sm-k26-revA.dtb",
        ],
    },
];

/// QEMU's own device trees: cache name and GIC version, dumped with `-smp 4 -m 512M`.
pub const QEMU_DTBS: [(&str, u8); 2] = [("qemu-virt-gicv2.dtb", 2), ("qemu-virt-gicv3.dtb", 3)];

/// Every `*.dtb` under `root`, by file name (the first found wins on duplicates).
pub fn index_dtbs(root: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut found = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let listing = std::fs::read_dir(&directory)
            .map_err(|source| Error::io(format!("listing {}", directory.display()), source))?;
        for entry in listing {
            let path = entry
                .map_err(|source| Error::io(format!("listing {}", directory.display()), source))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if let Some(name) = path.file_name().and_then(|name| name.to_str()) {
                if name.ends_with(".dtb") {
                    found.entry(name.to_string()).or_insert(path);
                }
            }
        }
    }
    Ok(found)
}

/// The best available file for `wanted` among `available` names.
pub fn choose<'a>(wanted: &BoardDtb, available: &'a BTreeMap<String, PathBuf>) -> Option<&'a Path> {
    wanted
        .package_names
        .iter()
        .find_map(|name| available.get(*name))
        .map(PathBuf::as_path)
}

/// Dumps QEMU's own device tree for `gic_version` to `path` (4 CPUs, 512 MiB), through a
/// `.partial` file so an interrupted dump never counts as present.
pub fn dump_qemu_dtb(gic_version: u8, path: &Path) -> Result<()> {
    let machine = VirtMachine {
        gic_version,
        ..VirtMachine::default()
    };
    let partial = partial_path(path);
    machine.dump_dtb(&partial)?;
    rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn available(names: &[&str]) -> BTreeMap<String, PathBuf> {
        names
            .iter()
            .map(|name| (name.to_string(), PathBuf::from("/pkg/xilinx").join(name)))
            .collect()
    }

    #[test]
    fn exact_names_win_over_fallbacks() {
        let kria = &BOARD_DTBS[4];
        let both = available(&[
            "zynqmp-smk-k26-revA.dtb",
            "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
        ]);
        assert_eq!(
            choose(kria, &both),
            Some(Path::new(
                "/pkg/xilinx/smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb"
            ))
        );
        let older = available(&["zynqmp-smk-k26-revA.dtb"]);
        assert_eq!(
            choose(kria, &older),
            Some(Path::new("/pkg/xilinx/zynqmp-smk-k26-revA.dtb"))
        );
        assert_eq!(choose(kria, &available(&["imx8mq-evk.dtb"])), None);
    }

    #[test]
    fn index_finds_dtbs_in_vendor_folders() {
        let root = crate::tempdir::TempDir::new("dtb-index").expect("temp dir");
        let vendor = root
            .path()
            .join("usr/lib/linux-image-6.1.0-1-arm64/broadcom");
        std::fs::create_dir_all(&vendor).expect("mkdir");
        std::fs::write(vendor.join("bcm2711-rpi-4-b.dtb"), b"\xd0\x0d\xfe\xed").expect("write");
        std::fs::write(vendor.join("README"), b"not a dtb").expect("write");
        let index = index_dtbs(root.path()).expect("index");
        assert_eq!(index.len(), 1);
        assert_eq!(
            index.get("bcm2711-rpi-4-b.dtb"),
            Some(&vendor.join("bcm2711-rpi-4-b.dtb"))
        );
    }
}
