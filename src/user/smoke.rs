//! `lichen.test=user`: a tiny program at EL0 that calls `clock_gettime` through the syscall
//! table, checks the answer and exits with 42; the kernel reports the status.

use crate::process::Process;
use alloc::boxed::Box;
use kernel_core::services::mm::{MapFlags, Prot, SpaceLimits};
use kernel_core::{UserAddr, PAGE_SIZE};

core::arch::global_asm!(
    ".section .rodata.user_smoke, \"a\"",
    ".balign 4",
    ".global user_smoke_start",
    "user_smoke_start:",
    "    sub  sp, sp, #16",
    "    mov  x0, #1", // CLOCK_MONOTONIC
    "    mov  x1, sp",
    "    mov  x8, #113", // clock_gettime
    "    svc  #0",
    "    cbnz x0, 1f",
    "    ldr  x2, [sp, #8]", // tv_nsec must be below one second
    "    movz x3, #0xca00",
    "    movk x3, #0x3b9a, lsl #16",
    "    cmp  x2, x3",
    "    b.hs 1f",
    "    mov  x0, #42",
    "    b    2f",
    "1:  mov  x0, #1",
    "2:  mov  x8, #94", // exit_group
    "    svc  #0",
    "    brk  #0",
    ".global user_smoke_end",
    "user_smoke_end:",
    ".text",
);

unsafe extern "C" {
    static user_smoke_start: u8;
    static user_smoke_end: u8;
}

const CODE_VA: u64 = 0x40_0000;
const STACK_VA: u64 = 0x7fff_0000;

/// Builds the program's address space and starts a thread that runs it at EL0.
pub fn run() {
    let program_start = &raw const user_smoke_start as usize;
    let program_len = &raw const user_smoke_end as usize - program_start;
    // SAFETY: the program's bytes, placed in the image's read-only data by the assembler above.
    let program = unsafe { core::slice::from_raw_parts(program_start as *const u8, program_len) };
    let Some(spaces) = crate::memory::user::spaces() else {
        return log::error!("selftest user: no address spaces");
    };
    let built = spaces
        .create_space(SpaceLimits::default())
        .and_then(|mut space| {
            let page = PAGE_SIZE as u64;
            let private = MapFlags::PRIVATE | MapFlags::ANONYMOUS | MapFlags::FIXED;
            space.mmap(
                UserAddr::new(CODE_VA),
                page,
                Prot::READ | Prot::WRITE,
                private,
                0,
                None,
            )?;
            space.copy_out(UserAddr::new(CODE_VA), program)?;
            space.mprotect(UserAddr::new(CODE_VA), page, Prot::READ | Prot::EXEC)?;
            space.mmap(
                UserAddr::new(STACK_VA),
                page,
                Prot::READ | Prot::WRITE,
                private,
                0,
                None,
            )?;
            Ok(space)
        });
    match built {
        Ok(space) => {
            let process = Process::new(1, Box::new(space), None);
            log::info!("selftest user: entering EL0 at {CODE_VA:#x}");
            crate::user::start_user_thread(process, CODE_VA, STACK_VA + PAGE_SIZE as u64);
        }
        Err(error) => log::error!("selftest user: cannot build the address space: {error}"),
    }
}
