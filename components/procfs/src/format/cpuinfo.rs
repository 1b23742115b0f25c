//! `/proc/cpuinfo` as arm64 prints it (`arch/arm64/kernel/cpuinfo.c` `c_show`).

use super::text::{out, Text};
use super::KERNEL_HZ;
use crate::source::{CpuStats, SystemStats};
use alloc::vec::Vec;

/// `hwcap_str` for `AT_HWCAP` bits 0..=31 (`KERNEL_HWCAP_*` = bit number).
pub const HWCAP_NAMES: [&str; 32] = [
    "fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics", "fphp",
    "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4",
    "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb",
    "paca", "pacg",
];

/// `hwcap_str` for `AT_HWCAP2` bits 0..=33 (`KERNEL_HWCAP_*` = 64 + bit number), Linux 6.1.
pub const HWCAP2_NAMES: [&str; 34] = [
    "dcpodp",
    "sve2",
    "sveaes",
    "svepmull",
    "svebitperm",
    "svesha3",
    "svesm4",
    "flagm2",
    "frint",
    "svei8mm",
    "svef32mm",
    "svef64mm",
    "svebf16",
    "i8mm",
    "bf16",
    "dgh",
    "rng",
    "bti",
    "mte",
    "ecv",
    "afp",
    "rpres",
    "mte3",
    "sme",
    "smei16i64",
    "smef64f64",
    "smei8i32",
    "smef16f32",
    "smeb16f32",
    "smef32f32",
    "smefa64",
    "wfxt",
    "ebf16",
    "sveebf16",
];

/// One block per online CPU:
/// `processor\t: %d`, `BogoMIPS\t: %lu.%02lu` (from `loops_per_jiffy`, which arm64 sets to
/// the timer frequency / `HZ`, rounded), `Features\t:` with ` name` per hwcap, `CPU
/// implementer\t: 0x%02x`, `CPU architecture: 8`, `CPU variant\t: 0x%x`, `CPU part\t: 0x%03x`,
/// `CPU revision\t: %d`, and a blank line.
pub fn cpuinfo(system: &SystemStats, cpus: &[CpuStats]) -> Vec<u8> {
    let mut text = Text::default();
    let loops_per_jiffy = (system.timer_frequency_hz + KERNEL_HZ / 2) / KERNEL_HZ;
    for cpu in cpus {
        let midr = cpu.midr;
        out!(text, "processor\t: {}\n", cpu.id);
        out!(
            text,
            "BogoMIPS\t: {}.{:02}\n",
            loops_per_jiffy / (500_000 / KERNEL_HZ),
            loops_per_jiffy / (5_000 / KERNEL_HZ) % 100
        );
        text.bytes(b"Features\t:");
        for (bit, name) in HWCAP_NAMES.iter().enumerate() {
            if system.hwcap & (1 << bit) != 0 {
                out!(text, " {name}");
            }
        }
        for (bit, name) in HWCAP2_NAMES.iter().enumerate() {
            if system.hwcap2 & (1 << bit) != 0 {
                out!(text, " {name}");
            }
        }
        text.bytes(b"\n");
        out!(text, "CPU implementer\t: 0x{:02x}\n", midr >> 24);
        text.bytes(b"CPU architecture: 8\n");
        out!(text, "CPU variant\t: 0x{:x}\n", (midr >> 20) & 0xf);
        out!(text, "CPU part\t: 0x{:03x}\n", (midr >> 4) & 0xfff);
        out!(text, "CPU revision\t: {}\n\n", midr & 0xf);
    }
    text.0
}
