//! Threads and switching: the mechanism under the scheduler component's policy.
//!
//! The scheduler (`services::sched`) decides which task each CPU runs; this module keeps the
//! threads' saved registers and stacks and performs the switch. Protocol per switch, with
//! interrupts masked: `pick_next` → switch the user state (TTBR0, FP/SIMD) → `switch_context` →
//! (now in the resumed thread) `finish_switch`.

mod cpu;
pub mod cputime;
mod thread;
mod timeout;

pub use cpu::{
    current_thread, exit_current, idle_loop, init_cpu, need_resched, request_resched,
    ReschedHandler, RESCHED_SGI,
};
pub use thread::{spawn_kernel_thread, Thread};
pub use timeout::{real_timer, set_real_timer, sleep_until_deadline, wake_due};

use crate::kernel;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use kernel_core::arch::aarch64::context::{fp_restore, fp_save, switch_context};
use kernel_core::services::sched::TaskId;
use kernel_core::services::time::TimeService;
use kernel_core::sync::IrqSpinLock;

/// Every live thread, by id.
static THREADS: IrqSpinLock<BTreeMap<TaskId, Arc<Thread>>> = IrqSpinLock::new(BTreeMap::new());

fn lookup(id: TaskId) -> Option<Arc<Thread>> {
    THREADS.lock().get(&id).cloned()
}

/// Gives the CPU to whatever the scheduler picks (possibly the caller again).
pub fn schedule() {
    let Some(kernel) = kernel::get() else { return };
    let saved = kernel_core::arch::irq_save();
    let cpu = kernel_core::arch::cpu_index();
    cpu::clear_resched(cpu);
    let picked = kernel.sched.pick_next(cpu).and_then(lookup);
    let previous = cpu::current(cpu);
    let next_ptr = picked.as_ref().map_or(cpu::idle(cpu), Arc::as_ptr);
    // THREADS keeps the picked thread alive; holding an extra count across the switch would
    // pin it for as long as this thread is switched out.
    drop(picked);
    if core::ptr::eq(previous, next_ptr) {
        kernel_core::arch::irq_restore(saved);
        return;
    }
    // SAFETY: both threads stay alive across the switch: `previous` is this CPU's idle thread,
    // held in THREADS, or (exiting) held in this CPU's exit slot until the next thread reaps it
    // after the switch; `next` is the idle thread or held in THREADS, and only the thread
    // itself removes itself from there. Interrupts are masked on this CPU throughout.
    unsafe {
        let previous = &*previous;
        let next = &*next_ptr;
        let now = kernel.timers.uptime_ns();
        previous.cpu.stop(now);
        next.cpu.start(now);
        if previous.has_user_state() {
            fp_save(&mut *previous.fp());
            previous.save_tls();
        }
        crate::memory::tlb::load_user_root(next.ttbr0());
        if next.has_user_state() {
            fp_restore(&*next.fp());
            next.restore_tls();
        }
        cpu::set_current(cpu, next_ptr);
        switch_context(previous.context(), next.context());
    }
    after_switch();
    kernel_core::arch::irq_restore(saved);
}

/// Makes `task` runnable if it sleeps (a no-op for a running one, whose next `block` then
/// returns at once).
pub fn wake(task: TaskId) {
    if let Some(Ok(Some(cpu))) = kernel::get().map(|k| k.sched.wake(task)) {
        cpu::kick(cpu);
    }
}

/// Sleeps until `ready` returns `Some` (checked after arming the wakeup, so a wake between
/// the check and the sleep is not lost). The condition's owner calls [`wake`].
pub fn sleep_until<R>(mut ready: impl FnMut() -> Option<R>) -> R {
    let me = current_thread().id;
    loop {
        let sched = kernel::get().map(|k| &k.sched);
        if let Some(sched) = sched {
            let _ = sched.prepare_block(me);
        }
        // Leaving the intent armed when the condition holds is allowed: a later `block`
        // then returns `false` spuriously, and every caller loops.
        if let Some(result) = ready() {
            return result;
        }
        if let Some(Ok(true)) = sched.map(|s| s.block(me)) {
            schedule();
        }
    }
}

/// What every thread does right after it is switched in (also the first thing a new one does).
fn after_switch() {
    if let Some(kernel) = kernel::get() {
        let cpu = kernel_core::arch::cpu_index();
        cpu::reap(cpu);
        if let Some(target) = kernel.sched.finish_switch(cpu) {
            cpu::kick(target);
        }
    }
}

/// Registers a new thread with the scheduler and makes it runnable.
fn start(thread: Arc<Thread>) {
    let Some(kernel) = kernel::get() else { return };
    let id = thread.id;
    THREADS.lock().insert(id, thread);
    let cpu = kernel_core::arch::cpu_index();
    if let Err(error) = kernel
        .sched
        .register(
            id,
            kernel_core::services::sched::CpuMask::from_bits(u64::MAX),
        )
        .and_then(|()| {
            kernel.sched.enqueue(id, cpu).map(|target| {
                if let Some(target) = target {
                    cpu::kick(target);
                }
            })
        })
    {
        log::error!("thread {}: cannot start: {error:?}", id.0);
        THREADS.lock().remove(&id);
    }
}
