//! Entering EL0 for the first time: a new thread of a process starts from a trap frame.

use crate::process::Process;
use alloc::boxed::Box;
use alloc::sync::Arc;
use kernel_core::arch::aarch64::context::enter_user;
use kernel_core::arch::aarch64::exception::TrapFrame;

struct UserStart {
    process: Arc<Process>,
    frame: TrapFrame,
    tls: u64,
    tid: u32,
}

/// Starts a thread of `process` at `entry` with user stack `sp`, other registers zero.
pub fn start_user_thread(process: Arc<Process>, entry: u64, sp: u64) {
    let frame = TrapFrame {
        x: [0; 31],
        sp_el0: sp,
        elr: entry,
        spsr: 0,
    };
    let tid = process.pid;
    start_user_thread_as(process, frame, 0, tid);
}

/// Starts thread `tid` of `process` that enters EL0 with `frame`'s registers and thread
/// pointer `tls` (a forked child or a new thread: its parent's frame with x0 = 0).
pub fn start_user_thread_as(process: Arc<Process>, frame: TrapFrame, tls: u64, tid: u32) {
    let start = Box::into_raw(Box::new(UserStart {
        process,
        frame,
        tls,
        tid,
    })) as usize;
    crate::task::spawn_kernel_thread(enter, start);
}

fn enter(start: usize) {
    // SAFETY: `start` is the Box leaked by `start_user_thread_as` for this thread alone.
    let start = unsafe { Box::from_raw(start as *mut UserStart) };
    let thread = crate::task::current_thread();
    let Some(top) = thread.kernel_stack_top() else {
        return;
    };
    let root = start.process.space.lock().root().as_u64();
    let frame_at = (top as usize - core::mem::size_of::<TrapFrame>()) as *mut TrapFrame;
    let mut frame = copy_frame(&start.frame);
    // EL0t; interrupts unmasked at EL0 whatever the parent's SPSR flags held.
    frame.spsr &= !0x3cf;
    let _ = kernel_core::arch::irq_save();
    start.process.set_task(start.tid, thread.id);
    thread.process.call_once(|| start.process.clone());
    thread.set_address_space(root);
    thread.set_tls(start.tls);
    thread.restore_tls();
    drop(start);
    // SAFETY: the frame sits at the top of this thread's own kernel stack (reserved for it);
    // TTBR0 is the process's table; SPSR selects EL0t with interrupts unmasked.
    unsafe {
        frame_at.write(frame);
        crate::memory::tlb::load_user_root(root);
        enter_user(frame_at)
    }
}

/// A copy of `frame` (`TrapFrame` is not `Clone`).
pub fn copy_frame(frame: &TrapFrame) -> TrapFrame {
    TrapFrame {
        x: frame.x,
        sp_el0: frame.sp_el0,
        elr: frame.elr,
        spsr: frame.spsr,
    }
}
