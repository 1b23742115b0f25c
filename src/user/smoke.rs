//! `lichen.test=user`: a tiny program at EL0 that calls `clock_gettime` through the syscall
//! table, checks the answer and exits with 42; the kernel reports the status.

use super::memory::UserTable;
use kernel_core::arch::aarch64::context::enter_user;
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::arch::aarch64::mmu;
use kernel_core::layout::{phys_to_linear, LINEAR_MAP_BASE};
use kernel_core::paging::{Access, LinearMapTables, MemoryKind, PageTable};
use kernel_core::services::mm::FrameAllocator;
use kernel_core::sync::{IrqSpinLock, Once};
use kernel_core::{PhysAddr, UserAddr, PAGE_SIZE};

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

/// The smoke program's thread.
pub struct UserThread {
    /// Its address space.
    pub table: IrqSpinLock<UserTable>,
}

static THREAD: Once<UserThread> = Once::new();

/// The running user thread, if any.
pub fn current() -> Option<&'static UserThread> {
    THREAD.get()
}

fn page_from(frames: &'static dyn FrameAllocator) -> Option<PhysAddr> {
    let frame = frames.alloc(1).ok()?;
    // SAFETY: a fresh frame of RAM, mapped in the linear map; zeroed before any use.
    unsafe { core::ptr::write_bytes(phys_to_linear(frame.as_u64()) as *mut u8, 0, PAGE_SIZE) };
    Some(frame)
}

/// Builds the program's address space and starts a thread that runs it at EL0.
pub fn run(frames: &'static dyn FrameAllocator) {
    let (Some(code), Some(stack)) = (page_from(frames), page_from(frames)) else {
        return log::error!("selftest user: out of memory");
    };
    let program_start = &raw const user_smoke_start as usize;
    let program_len = &raw const user_smoke_end as usize - program_start;
    // SAFETY: copies the program's bytes from the image into the fresh code frame.
    unsafe {
        core::ptr::copy_nonoverlapping(
            program_start as *const u8,
            phys_to_linear(code.as_u64()) as *mut u8,
            program_len,
        )
    };
    // SAFETY: frames come from the frame allocator and are RAM in the linear map.
    let memory = unsafe { LinearMapTables::new(frames, LINEAR_MAP_BASE) };
    let mapped = PageTable::new(memory).and_then(|mut table| {
        let page = PAGE_SIZE as u64;
        table.map(
            UserAddr::new(CODE_VA),
            code,
            page,
            MemoryKind::Normal,
            Access::USER_READ_EXECUTE,
        )?;
        table.map(
            UserAddr::new(STACK_VA),
            stack,
            page,
            MemoryKind::Normal,
            Access::USER_READ_WRITE,
        )?;
        Ok(table)
    });
    match mapped {
        Ok(table) => {
            THREAD.call_once(|| UserThread {
                table: IrqSpinLock::new(table),
            });
            crate::task::spawn_kernel_thread(enter, 0);
        }
        Err(error) => log::error!("selftest user: cannot map: {error:?}"),
    }
}

/// The thread's body: take the address space, put the first user frame at the top of this
/// thread's kernel stack, and drop to EL0.
fn enter(_: usize) {
    let (Some(program), thread) = (current(), crate::task::current_thread()) else {
        return;
    };
    let Some(top) = thread.kernel_stack_top() else {
        return;
    };
    let root = program.table.lock().root().as_u64();
    let frame_at = (top as usize - core::mem::size_of::<TrapFrame>()) as *mut TrapFrame;
    let frame = TrapFrame {
        x: [0; 31],
        sp_el0: STACK_VA + PAGE_SIZE as u64,
        elr: CODE_VA,
        spsr: 0,
    };
    log::info!("selftest user: entering EL0 at {CODE_VA:#x}");
    let _ = kernel_core::arch::irq_save();
    thread.set_address_space(root);
    // SAFETY: the frame sits at the top of this thread's own kernel stack, below which this
    // function's frame is abandoned; TTBR0 is the program's table; SPSR 0 is EL0t with
    // interrupts unmasked.
    unsafe {
        frame_at.write(frame);
        mmu::set_ttbr0(root);
        enter_user(frame_at)
    }
}

/// Ends the smoke program: reports how it ended and ends its thread.
pub fn finish(status: i32, signal: Option<i32>) -> ! {
    match signal {
        None => log::info!("user program exited with status {}", status & 0xff),
        Some(signal) => log::info!("user program killed by signal {signal}"),
    }
    crate::task::exit_current()
}
