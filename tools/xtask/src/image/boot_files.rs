//! The texts U-Boot reads: `extlinux/extlinux.conf` (distro boot) and `boot.cmd`, the source
//! of `boot.scr`.

use super::boards::BootProfile;

/// The kernel's file name in the boot partition.
pub const KERNEL_FILE: &str = "Image";

/// The initramfs's file name in the boot partition.
pub const INITRD_FILE: &str = "initrd.gz";

/// The distro-boot configuration's path in the boot partition.
pub const EXTLINUX_FILE: &str = "extlinux/extlinux.conf";

/// The compiled boot script's file name in the boot partition.
pub const SCRIPT_FILE: &str = "boot.scr";

/// The `extlinux.conf` of `profile`: one label, booted at once.
pub fn extlinux_conf(profile: &BootProfile) -> String {
    let mut text = format!(
        "# Lichen on {board}: U-Boot distro boot configuration, written by `cargo xtask image`.\n\
         default lichen\n\
         timeout 0\n\
         \n\
         label lichen\n\
         \x20   menu label Lichen {version} ({board})\n\
         \x20   kernel /{KERNEL_FILE}\n\
         \x20   initrd /{INITRD_FILE}\n",
        board = profile.board,
        version = env!("CARGO_PKG_VERSION"),
    );
    if let Some(dtb) = profile.dtb_path() {
        text.push_str(&format!("    fdt /{dtb}\n"));
    }
    text.push_str(&format!("    append {}\n", profile.bootargs()));
    text
}

/// The `boot.cmd` of `profile`: loads the files from the partition distro boot found the
/// script on (`devtype`, `devnum`, `distro_bootpart`) and `booti`s the kernel.
pub fn boot_cmd(profile: &BootProfile) -> String {
    let from = "${devtype} ${devnum}:${distro_bootpart}";
    let mut text = format!(
        "# Lichen on {board}: U-Boot boot script, written by `cargo xtask image` and compiled into\n\
         # boot.scr with `mkimage -A arm64 -O linux -T script -C none -d boot.cmd boot.scr`.\n\
         # Distro boot sets devtype, devnum and distro_bootpart; by hand, set them first\n\
         # (e.g. `setenv devtype mmc; setenv devnum 1; setenv distro_bootpart 1`).\n\
         echo Lichen: loading from {from}\n\
         setenv bootargs \"{bootargs}\"\n\
         fatload {from} ${{kernel_addr_r}} /{KERNEL_FILE}\n\
         fatload {from} ${{ramdisk_addr_r}} /{INITRD_FILE}\n\
         setenv lichen_initrd_size ${{filesize}}\n",
        board = profile.board,
        bootargs = profile.bootargs(),
    );
    let tree = match profile.dtb_path() {
        Some(dtb) => {
            text.push_str(&format!("fatload {from} ${{fdt_addr_r}} /{dtb}\n"));
            "${fdt_addr_r}"
        }
        // The firmware's own tree (QEMU's), which U-Boot also runs on.
        None => "${fdtcontroladdr}",
    };
    text.push_str(&format!(
        "booti ${{kernel_addr_r}} ${{ramdisk_addr_r}}:${{lichen_initrd_size}} {tree}\n"
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extlinux_names_the_files_and_the_command_line() {
        let virt = BootProfile::of("qemu-virt").expect("virt");
        let text = extlinux_conf(&virt);
        for line in [
            "default lichen",
            "label lichen",
            "    kernel /Image",
            "    initrd /initrd.gz",
            "    append console=ttyAMA0 rdinit=/init",
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} in\n{text}");
        }
        assert!(!text.contains("fdt "), "QEMU supplies the tree:\n{text}");
        let jetson = extlinux_conf(&BootProfile::of("jetson-nano").expect("jetson"));
        assert!(jetson
            .lines()
            .any(|l| l == "    fdt /dtbs/tegra210-p3450-0000.dtb"));
    }

    #[test]
    fn the_script_loads_both_files_and_boots_with_the_right_tree() {
        let virt = boot_cmd(&BootProfile::of("qemu-virt").expect("virt"));
        assert!(virt.contains("setenv bootargs \"console=ttyAMA0 rdinit=/init\"\n"));
        assert!(virt
            .contains("fatload ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} /Image\n"));
        assert!(virt.contains(
            "fatload ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} /initrd.gz\n"
        ));
        assert!(virt.ends_with(
            "booti ${kernel_addr_r} ${ramdisk_addr_r}:${lichen_initrd_size} ${fdtcontroladdr}\n"
        ));
        let kria = boot_cmd(&BootProfile::of("kria-kv260").expect("kria"));
        assert!(kria.contains("${fdt_addr_r} /dtbs/smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb\n"));
        assert!(kria.ends_with(":${lichen_initrd_size} ${fdt_addr_r}\n"));
    }
}
