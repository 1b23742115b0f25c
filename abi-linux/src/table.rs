//! The table: one row per AArch64 syscall number (`include/uapi/asm-generic/unistd.h`).
//! Numbers without a row return `-ENOSYS`. `docs/syscalls.md` is generated from it
//! (`cargo xtask syscalls-doc`).

use crate::{process, sched, time};

crate::syscall_table! {
    sched_yield = 124 => sched::sched_yield();
    clock_gettime = 113 => time::clock_gettime(clock, tp);
    exit_group = 94 => process::exit_group(status);
}
