//! Per-CPU scheduling state: the running thread, the idle thread, the reschedule flag, and the
//! thread that exited on this CPU (freed once the CPU has left its stack).

use super::{schedule, Thread, THREADS};
use crate::kernel;
use alloc::sync::Arc;
use core::sync::atomic::{AtomicBool, AtomicPtr, Ordering};
use kernel_core::percpu::PerCpu;
use kernel_core::services::irq::{IrqHandler, IrqNumber};
use kernel_core::sync::{IrqSpinLock, Once};

/// The software-generated interrupt that asks a CPU to reschedule.
pub const RESCHED_SGI: u8 = 1;

struct Slot {
    current: AtomicPtr<Thread>,
    idle: Thread,
    resched: AtomicBool,
    exited: IrqSpinLock<Option<Arc<Thread>>>,
}

static SLOTS: Once<PerCpu<Slot>> = Once::new();

fn slots() -> &'static PerCpu<Slot> {
    SLOTS.call_once(|| {
        PerCpu::new(|_| Slot {
            current: AtomicPtr::new(core::ptr::null_mut()),
            idle: Thread::idle(),
            resched: AtomicBool::new(false),
            exited: IrqSpinLock::new(None),
        })
    })
}

fn slot(cpu: usize) -> &'static Slot {
    slots().get(cpu).expect("CPU index below MAX_CPUS")
}

/// Makes the calling CPU's boot context its idle thread.
pub fn init_cpu(cpu: usize) {
    let slot = slot(cpu);
    slot.current.store(
        &slot.idle as *const Thread as *mut Thread,
        Ordering::Release,
    );
}

pub(super) fn current(cpu: usize) -> *const Thread {
    slot(cpu).current.load(Ordering::Acquire)
}

/// The thread running on the calling CPU (its idle thread when nothing else runs).
pub fn current_thread() -> &'static Thread {
    let cpu = kernel_core::arch::cpu_index();
    // SAFETY: the current thread stays alive while it runs: it is the CPU's idle thread or held
    // in THREADS (or in the exit slot) until another thread has taken over this CPU.
    unsafe { &*current(cpu) }
}

pub(super) fn set_current(cpu: usize, thread: *const Thread) {
    slot(cpu)
        .current
        .store(thread as *mut Thread, Ordering::Release);
}

pub(super) fn idle(cpu: usize) -> *const Thread {
    &slot(cpu).idle
}

pub(super) fn clear_resched(cpu: usize) {
    slot(cpu).resched.store(false, Ordering::Relaxed);
}

/// Marks `cpu` as due for a reschedule at its next return to user mode or idle pass.
pub fn request_resched(cpu: usize) {
    slot(cpu).resched.store(true, Ordering::Relaxed);
}

/// Whether the calling CPU should reschedule.
pub fn need_resched() -> bool {
    slot(kernel_core::arch::cpu_index())
        .resched
        .load(Ordering::Relaxed)
}

/// Asks `cpu` to reschedule: at once if it is the caller, else through an SGI.
pub(super) fn kick(cpu: usize) {
    request_resched(cpu);
    if cpu != kernel_core::arch::cpu_index() {
        if let Some(kernel) = kernel::get() {
            kernel.controller.send_sgi(cpu, RESCHED_SGI);
        }
    }
}

/// The SGI handler: the CPU's next scheduling point picks again.
pub struct ReschedHandler;

impl IrqHandler for ReschedHandler {
    fn handle(&self, _irq: IrqNumber, cpu: usize) {
        request_resched(cpu);
    }
}

/// Ends the calling thread: it leaves the scheduler and THREADS, and its memory is released by
/// the next thread this CPU runs.
pub fn exit_current() -> ! {
    let cpu = kernel_core::arch::cpu_index();
    let _ = kernel_core::arch::irq_save();
    if let (Some(kernel), Some(id)) = (
        kernel::get(),
        kernel::get().and_then(|k| k.sched.current(cpu)),
    ) {
        let _ = kernel.sched.dequeue(id);
        let _ = kernel.sched.unregister(id);
        let thread = THREADS.lock().remove(&id);
        *slot(cpu).exited.lock() = thread;
    }
    schedule();
    unreachable!("an exited thread was scheduled again")
}

/// Frees the thread that exited on this CPU, now that we run on another stack.
pub(super) fn reap(cpu: usize) {
    let exited = slot(cpu).exited.lock().take();
    drop(exited);
}

/// The idle thread's loop: run whatever is runnable, else wait for an interrupt.
pub fn idle_loop() -> ! {
    loop {
        schedule();
        kernel_core::arch::wait_for_interrupt();
    }
}
