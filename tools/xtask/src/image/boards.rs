//! What each board's boot files say: the kernel command line's console and the device tree.

use crate::error::{Error, Result};

/// How one board is booted through U-Boot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BootProfile {
    /// The board's name, as `cargo xtask build --board` takes it.
    pub board: &'static str,
    /// The `console=` word of the command line (Linux's device name and speed; Lichen takes its
    /// console from `/chosen/stdout-path` and keeps the word for the user's information).
    pub console: &'static str,
    /// The device tree copied to `dtbs/` in the boot partition and handed to the kernel, from
    /// the cache's `dtbs/` (Debian's kernel package); `None` where the firmware supplies the
    /// tree (QEMU's `virt`).
    pub dtb: Option<&'static str>,
}

/// Every board with a boot profile.
pub const PROFILES: [BootProfile; 5] = [
    BootProfile {
        board: "qemu-virt",
        console: "console=ttyAMA0",
        dtb: None,
    },
    BootProfile {
        board: "rpi4",
        console: "console=ttyS1,115200",
        dtb: Some("bcm2711-rpi-4-b.dtb"),
    },
    BootProfile {
        board: "kria-kv260",
        console: "console=ttyPS1,115200",
        dtb: Some("smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb"),
    },
    BootProfile {
        board: "imx8m",
        console: "console=ttymxc1,115200",
        dtb: Some("imx8mp-evk.dtb"),
    },
    BootProfile {
        board: "jetson-nano",
        console: "console=ttyS0,115200n8",
        dtb: Some("tegra210-p3450-0000.dtb"),
    },
];

/// The program the initramfs starts (`rdinit=`).
pub const INIT: &str = "/init";

impl BootProfile {
    /// The profile of `board`.
    pub fn of(board: &str) -> Result<BootProfile> {
        PROFILES
            .iter()
            .find(|profile| profile.board == board)
            .copied()
            .ok_or_else(|| Error::Usage(format!("no U-Boot boot profile for board `{board}`")))
    }

    /// The kernel command line the boot files pass (`bootargs`).
    pub fn bootargs(&self) -> String {
        format!("{} rdinit={INIT}", self.console)
    }

    /// The device tree's path in the boot partition, when the image carries one.
    pub fn dtb_path(&self) -> Option<String> {
        self.dtb.map(|name| format!("dtbs/{name}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_is_found_by_name_and_has_a_console() {
        for profile in PROFILES {
            assert_eq!(BootProfile::of(profile.board).expect("profile"), profile);
            assert!(profile.bootargs().starts_with("console=tty"));
            assert!(profile.bootargs().ends_with(" rdinit=/init"));
        }
        assert!(matches!(BootProfile::of("pdp11"), Err(Error::Usage(_))));
    }

    #[test]
    fn qemu_virt_uses_the_firmware_tree_and_the_pl011() {
        let virt = BootProfile::of("qemu-virt").expect("virt");
        assert_eq!(virt.bootargs(), "console=ttyAMA0 rdinit=/init");
        assert_eq!(virt.dtb_path(), None);
        let jetson = BootProfile::of("jetson-nano").expect("jetson");
        assert_eq!(
            jetson.dtb_path().as_deref(),
            Some("dtbs/tegra210-p3450-0000.dtb")
        );
    }
}
