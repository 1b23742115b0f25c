//! `/proc/meminfo` (`fs/proc/meminfo.c`, `mm/hugetlb.c`'s `hugetlb_report_meminfo`).

use super::text::{out, Text};
use crate::source::MemoryInfo;
use alloc::vec::Vec;

/// `show_val_kb`: the label (padded by Linux to 16 columns), the value right-aligned in 8
/// (`seq_put_decimal_ull_width(m, s, num, 8)`), then `" kB\n"`.
fn line(text: &mut Text, label: &str, kb: u64) {
    out!(text, "{label:<16}{kb:>8} kB\n");
}

/// The text of `/proc/meminfo` for a Debian arm64 6.1 configuration (`CONFIG_ZSWAP`,
/// `CONFIG_MEMORY_FAILURE`, `CONFIG_TRANSPARENT_HUGEPAGE`, `CONFIG_CMA`, `CONFIG_HUGETLB_PAGE`
/// on; no highmem, no shadow call stack). Counters Lichen does not have read 0.
pub fn meminfo(info: &MemoryInfo) -> Vec<u8> {
    let mut text = Text::default();
    let t = &mut text;
    line(t, "MemTotal:", info.total_kb);
    line(t, "MemFree:", info.free_kb);
    line(t, "MemAvailable:", info.available_kb);
    line(t, "Buffers:", info.buffers_kb);
    line(t, "Cached:", info.cached_kb);
    line(t, "SwapCached:", info.swap_cached_kb);
    line(t, "Active:", info.active_anon_kb + info.active_file_kb);
    line(
        t,
        "Inactive:",
        info.inactive_anon_kb + info.inactive_file_kb,
    );
    line(t, "Active(anon):", info.active_anon_kb);
    line(t, "Inactive(anon):", info.inactive_anon_kb);
    line(t, "Active(file):", info.active_file_kb);
    line(t, "Inactive(file):", info.inactive_file_kb);
    line(t, "Unevictable:", info.unevictable_kb);
    line(t, "Mlocked:", info.mlocked_kb);
    line(t, "SwapTotal:", info.swap_total_kb);
    line(t, "SwapFree:", info.swap_free_kb);
    line(t, "Zswap:", 0);
    line(t, "Zswapped:", 0);
    line(t, "Dirty:", info.dirty_kb);
    line(t, "Writeback:", info.writeback_kb);
    line(t, "AnonPages:", info.anon_pages_kb);
    line(t, "Mapped:", info.mapped_kb);
    line(t, "Shmem:", info.shmem_kb);
    line(t, "KReclaimable:", info.slab_reclaimable_kb);
    line(
        t,
        "Slab:",
        info.slab_reclaimable_kb + info.slab_unreclaimable_kb,
    );
    line(t, "SReclaimable:", info.slab_reclaimable_kb);
    line(t, "SUnreclaim:", info.slab_unreclaimable_kb);
    line(t, "KernelStack:", info.kernel_stack_kb);
    line(t, "PageTables:", info.page_tables_kb);
    line(t, "SecPageTables:", 0);
    line(t, "NFS_Unstable:", 0);
    line(t, "Bounce:", 0);
    line(t, "WritebackTmp:", 0);
    line(t, "CommitLimit:", info.commit_limit_kb);
    line(t, "Committed_AS:", info.committed_kb);
    line(t, "VmallocTotal:", info.vmalloc_total_kb);
    line(t, "VmallocUsed:", info.vmalloc_used_kb);
    line(t, "VmallocChunk:", 0);
    line(t, "Percpu:", info.percpu_kb);
    // "HardwareCorrupted: %5lu kB\n"
    out!(t, "HardwareCorrupted: {:>5} kB\n", 0);
    line(t, "AnonHugePages:", 0);
    line(t, "ShmemHugePages:", 0);
    line(t, "ShmemPmdMapped:", 0);
    line(t, "FileHugePages:", 0);
    line(t, "FilePmdMapped:", 0);
    line(t, "CmaTotal:", info.cma_total_kb);
    line(t, "CmaFree:", info.cma_free_kb);
    // hugetlb_report_meminfo: "HugePages_Total:   %5lu\n" ... "Hugepagesize:   %8lu kB\n".
    for label in ["HugePages_Total:", "HugePages_Free:", "HugePages_Rsvd:"] {
        out!(t, "{label:<19}{:>5}\n", 0);
    }
    out!(t, "{:<19}{:>5}\n", "HugePages_Surp:", 0);
    line(t, "Hugepagesize:", info.huge_page_size_kb);
    line(t, "Hugetlb:", 0);
    text.0
}
