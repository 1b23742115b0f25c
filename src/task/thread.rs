//! A thread: saved kernel registers, user FP/SIMD state, a kernel stack, an address space.

use alloc::boxed::Box;
use alloc::sync::Arc;
use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicU64, Ordering};
use kernel_core::arch::aarch64::context::{CpuContext, FpState};
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::layout::KERNEL_STACK_SIZE;
use kernel_core::services::sched::TaskId;

/// One thread of execution.
pub struct Thread {
    /// The scheduler's name for it.
    pub id: TaskId,
    context: UnsafeCell<CpuContext>,
    fp: UnsafeCell<FpState>,
    /// The user thread pointer (`TPIDR_EL0`) while switched out.
    tls: UnsafeCell<u64>,
    /// Owned kernel stack; `None` for a CPU's idle thread, which runs on the CPU's boot stack.
    _kernel_stack: Option<Box<[u8]>>,
    /// Physical root of the user address space; 0 for kernel threads.
    ttbr0: AtomicU64,
    /// The process a user thread belongs to (set once, when it first enters EL0).
    pub process: kernel_core::sync::Once<Arc<crate::process::Process>>,
    /// The CPU time it used.
    pub cpu: super::cputime::CpuClock,
}

// SAFETY: `context` and `fp` are only touched by the CPU that switches the thread in or out,
// with interrupts masked, and the scheduler guarantees one CPU at a time per thread.
unsafe impl Sync for Thread {}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Thread {
    /// The idle thread of a CPU: its context is filled the first time the CPU switches away.
    pub fn idle() -> Self {
        Self {
            id: TaskId(0),
            context: UnsafeCell::new(CpuContext::default()),
            fp: UnsafeCell::new(FpState::default()),
            tls: UnsafeCell::new(0),
            _kernel_stack: None,
            ttbr0: AtomicU64::new(0),
            process: kernel_core::sync::Once::new(),
            cpu: super::cputime::CpuClock::default(),
        }
    }

    /// A new thread that will run `entry(argument)` on a fresh kernel stack.
    pub fn new(entry: extern "C" fn(usize) -> !, argument: usize) -> Self {
        let stack = alloc::vec![0u8; KERNEL_STACK_SIZE].into_boxed_slice();
        // The top TrapFrame's worth is reserved for the thread's user registers (exceptions
        // from EL0 save them there), so kernel frames start below it.
        let top = (stack.as_ptr() as u64 + KERNEL_STACK_SIZE as u64) & !15;
        let first_sp = top - core::mem::size_of::<TrapFrame>() as u64;
        Self {
            id: TaskId(NEXT_ID.fetch_add(1, Ordering::Relaxed)),
            context: UnsafeCell::new(CpuContext::new_thread(entry, argument, first_sp)),
            fp: UnsafeCell::new(FpState::default()),
            tls: UnsafeCell::new(0),
            _kernel_stack: Some(stack),
            ttbr0: AtomicU64::new(0),
            process: kernel_core::sync::Once::new(),
            cpu: super::cputime::CpuClock::default(),
        }
    }

    /// The top of the thread's kernel stack (where its user trap frame lives), if it owns one.
    pub fn kernel_stack_top(&self) -> Option<u64> {
        self._kernel_stack
            .as_ref()
            .map(|stack| (stack.as_ptr() as u64 + stack.len() as u64) & !15)
    }

    /// The saved registers (for `switch_context`).
    pub(super) fn context(&self) -> *mut CpuContext {
        self.context.get()
    }

    /// The saved FP/SIMD registers.
    pub(super) fn fp(&self) -> *mut FpState {
        self.fp.get()
    }

    /// Saves the user thread pointer (switching away, interrupts masked).
    pub fn save_tls(&self) {
        let value: u64;
        // SAFETY: reading TPIDR_EL0 has no side effects.
        unsafe { core::arch::asm!("mrs {}, tpidr_el0", out(reg) value) };
        // SAFETY: only the CPU switching this thread out touches `tls` (see `Sync` above).
        unsafe { *self.tls.get() = value };
    }

    /// The current user thread pointer (of the thread running on this CPU).
    pub fn current_tls() -> u64 {
        let value: u64;
        // SAFETY: reading TPIDR_EL0 has no side effects.
        unsafe { core::arch::asm!("mrs {}, tpidr_el0", out(reg) value) };
        value
    }

    /// Restores the user thread pointer (switching in, interrupts masked).
    pub fn restore_tls(&self) {
        // SAFETY: as `save_tls`; TPIDR_EL0 is only read by EL0 code of this thread.
        unsafe { core::arch::asm!("msr tpidr_el0, {}", in(reg) *self.tls.get()) };
    }

    /// Sets the saved user thread pointer (for the current thread, or one not yet running;
    /// `restore_tls` then loads it).
    pub fn set_tls(&self, value: u64) {
        // SAFETY: only the thread itself (or its creator before it runs) touches `tls`.
        unsafe { *self.tls.get() = value };
    }

    /// What TTBR0 holds while this thread runs: its address space, or the empty table.
    pub fn ttbr0(&self) -> u64 {
        match self.ttbr0.load(Ordering::Acquire) {
            0 => crate::memory::empty_table_phys(),
            root => root,
        }
    }

    /// Gives the thread a user address space (physical root of its TTBR0 table).
    pub fn set_address_space(&self, root: u64) {
        self.ttbr0.store(root, Ordering::Release);
    }

    /// Whether the thread has user state (FP/SIMD registers to keep).
    pub fn has_user_state(&self) -> bool {
        self.ttbr0.load(Ordering::Acquire) != 0
    }
}

struct KernelThreadStart {
    entry: fn(usize),
    argument: usize,
}

extern "C" fn kernel_thread_main(start: usize) -> ! {
    super::after_switch();
    kernel_core::arch::irq_enable();
    // SAFETY: `start` is the Box leaked by `spawn_kernel_thread` for this thread alone.
    let start = unsafe { Box::from_raw(start as *mut KernelThreadStart) };
    (start.entry)(start.argument);
    super::cpu::exit_current()
}

/// Starts a kernel thread running `entry(argument)`; returns its id.
pub fn spawn_kernel_thread(entry: fn(usize), argument: usize) -> TaskId {
    let start = Box::into_raw(Box::new(KernelThreadStart { entry, argument })) as usize;
    let thread = Arc::new(Thread::new(kernel_thread_main, start));
    let id = thread.id;
    super::start(thread);
    id
}
