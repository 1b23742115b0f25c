//! Thread contexts: the callee-saved registers a switch preserves, the user FP/SIMD state, and
//! the jump to EL0.

use super::exception::TrapFrame;

/// What `switch_context` saves: x19..x30 and sp (layout shared with switch.S).
#[repr(C)]
#[derive(Debug, Default, Clone)]
pub struct CpuContext {
    /// x19..x28.
    pub callee_saved: [u64; 10],
    /// x29, the frame pointer.
    pub frame_pointer: u64,
    /// x30: where the thread resumes.
    pub link: u64,
    /// The kernel stack pointer.
    pub stack_pointer: u64,
    reserved: u64,
}

const _: () = assert!(core::mem::size_of::<CpuContext>() == 112);

/// A user thread's FP/SIMD registers (layout shared with switch.S).
#[repr(C, align(16))]
#[derive(Clone, Default)]
pub struct FpState {
    /// q0..q31.
    pub vregs: [u128; 32],
    /// FPSR.
    pub fpsr: u64,
    /// FPCR.
    pub fpcr: u64,
}

const _: () = assert!(core::mem::size_of::<FpState>() == 528);

unsafe extern "C" {
    fn lichen_switch_context(save: *mut CpuContext, resume: *const CpuContext);
    fn lichen_thread_start();
    fn lichen_enter_user(frame: *const TrapFrame) -> !;
    fn lichen_fp_save(state: *mut FpState);
    fn lichen_fp_restore(state: *const FpState);
}

impl CpuContext {
    /// A context that starts `entry(argument)` on the stack ending at `stack_top` (16-aligned).
    pub fn new_thread(entry: extern "C" fn(usize) -> !, argument: usize, stack_top: u64) -> Self {
        let mut context = Self::default();
        context.callee_saved[0] = entry as usize as u64;
        context.callee_saved[1] = argument as u64;
        context.link = lichen_thread_start as *const () as u64;
        context.stack_pointer = stack_top & !15;
        context
    }
}

/// Saves the running thread into `save` and resumes `resume`.
///
/// # Safety
/// Both must be valid for the duration; `resume` must hold a context saved by this function or
/// built by [`CpuContext::new_thread`] whose stack is still alive; interrupts must be masked.
pub unsafe fn switch_context(save: *mut CpuContext, resume: *const CpuContext) {
    // SAFETY: the caller upholds the contract above; switch.S saves and restores exactly the
    // registers the AAPCS64 says a call preserves.
    unsafe { lichen_switch_context(save, resume) }
}

/// Saves the FP/SIMD registers.
pub fn fp_save(state: &mut FpState) {
    // SAFETY: writes exactly 528 bytes into `state`.
    unsafe { lichen_fp_save(state) }
}

/// Loads the FP/SIMD registers.
pub fn fp_restore(state: &FpState) {
    // SAFETY: reads exactly 528 bytes from `state`; the kernel itself never uses FP registers.
    unsafe { lichen_fp_restore(state) }
}

/// Drops to EL0 with the registers in `frame`, which must sit at the top of the current
/// thread's kernel stack (exceptions from EL0 will save the next frame at the same place).
///
/// # Safety
/// `frame` must describe a user context (SPSR EL0t) whose address space is installed in TTBR0,
/// and the memory above it must be this thread's kernel stack.
pub unsafe fn enter_user(frame: *const TrapFrame) -> ! {
    // SAFETY: as documented; vectors.S's exception_return restores the frame and erets.
    unsafe { lichen_enter_user(frame) }
}
