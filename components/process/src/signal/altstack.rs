//! The alternate signal stack (`sigaltstack`, `kernel/signal.c`, `include/linux/sched/signal.h`).

use kernel_core::Errno;

/// The thread is running on the alternate stack.
pub const SS_ONSTACK: i32 = 1;
/// The alternate stack is disabled.
pub const SS_DISABLE: i32 = 2;
/// Disarm the stack while a handler runs on it.
pub const SS_AUTODISARM: u32 = 1 << 31;
/// Flags kept apart from the mode (`SS_FLAG_BITS`).
pub const SS_FLAG_BITS: u32 = SS_AUTODISARM;
/// The smallest alternate stack arm64 accepts (`MINSIGSTKSZ`, `arch/arm64/include/uapi/asm/signal.h`).
pub const MINSIGSTKSZ: u64 = 5120;
/// The suggested alternate stack size (`SIGSTKSZ`).
pub const SIGSTKSZ: u64 = 16384;
/// `sizeof(stack_t)`.
pub const STACK_T_SIZE: usize = 24;

/// `stack_t` as user memory holds it: `ss_sp` at 0, `ss_flags` (int) at 8, `ss_size` at 16.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StackT {
    /// Base of the stack.
    pub ss_sp: u64,
    /// `SS_*` flags.
    pub ss_flags: i32,
    /// Size in bytes.
    pub ss_size: u64,
}

impl StackT {
    /// The 24 user bytes (the padding after `ss_flags` is zero).
    pub fn to_bytes(&self) -> [u8; STACK_T_SIZE] {
        let mut bytes = [0u8; STACK_T_SIZE];
        bytes[0..8].copy_from_slice(&self.ss_sp.to_le_bytes());
        bytes[8..12].copy_from_slice(&self.ss_flags.to_le_bytes());
        bytes[16..24].copy_from_slice(&self.ss_size.to_le_bytes());
        bytes
    }

    /// Decodes 24 user bytes.
    pub fn from_bytes(bytes: &[u8; STACK_T_SIZE]) -> Self {
        let mut sp = [0u8; 8];
        let mut size = [0u8; 8];
        sp.copy_from_slice(&bytes[0..8]);
        size.copy_from_slice(&bytes[16..24]);
        StackT {
            ss_sp: u64::from_le_bytes(sp),
            ss_flags: i32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]),
            ss_size: u64::from_le_bytes(size),
        }
    }
}

/// A thread's alternate stack (`sas_ss_sp`, `sas_ss_size`, `sas_ss_flags`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AltStack {
    /// Base address.
    pub sp: u64,
    /// Size; 0 means none.
    pub size: u64,
    /// The flags as last set (`SS_DISABLE`, `SS_ONSTACK`, `SS_AUTODISARM`).
    pub flags: u32,
}

impl AltStack {
    /// `on_sig_stack(sp)`: never true with `SS_AUTODISARM`; the stack grows down, so the top
    /// address counts and the base does not.
    pub fn on_stack(&self, sp: u64) -> bool {
        if self.flags & SS_AUTODISARM != 0 {
            return false;
        }
        sp > self.sp && sp.wrapping_sub(self.sp) <= self.size
    }

    /// `sas_ss_flags(sp)`: `SS_DISABLE` without a stack, else `SS_ONSTACK` or 0.
    pub fn mode_at(&self, sp: u64) -> i32 {
        if self.size == 0 {
            SS_DISABLE
        } else if self.on_stack(sp) {
            SS_ONSTACK
        } else {
            0
        }
    }

    /// What `sigaltstack` reports as the old stack at stack pointer `sp`.
    pub fn query(&self, sp: u64) -> StackT {
        StackT {
            ss_sp: self.sp,
            ss_flags: self.mode_at(sp) | (self.flags & SS_FLAG_BITS) as i32,
            ss_size: self.size,
        }
    }

    /// What `__save_altstack` writes into `uc_stack`: the raw settings.
    pub fn saved(&self) -> StackT {
        StackT {
            ss_sp: self.sp,
            ss_flags: self.flags as i32,
            ss_size: self.size,
        }
    }

    /// `sigaltstack(new, old)` at user stack pointer `sp` (`do_sigaltstack` with
    /// `MINSIGSTKSZ`): returns the old settings. `EPERM` while running on the stack, `EINVAL`
    /// for a bad mode, `ENOMEM` when smaller than `MINSIGSTKSZ`.
    pub fn sigaltstack(&mut self, new: Option<StackT>, sp: u64) -> Result<StackT, Errno> {
        let old = self.query(sp);
        if let Some(new) = new {
            self.set(new, sp)?;
        }
        Ok(old)
    }

    /// Applies new settings (the `ss` half of `do_sigaltstack`).
    pub fn set(&mut self, new: StackT, sp: u64) -> Result<(), Errno> {
        if self.on_stack(sp) {
            return Err(Errno::EPERM);
        }
        let flags = new.ss_flags as u32;
        let mode = (flags & !SS_FLAG_BITS) as i32;
        if mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0 {
            return Err(Errno::EINVAL);
        }
        if self.sp == new.ss_sp && self.size == new.ss_size && self.flags == flags {
            return Ok(());
        }
        let (base, size) = if mode == SS_DISABLE {
            (0, 0)
        } else if new.ss_size < MINSIGSTKSZ {
            return Err(Errno::ENOMEM);
        } else {
            (new.ss_sp, new.ss_size)
        };
        *self = AltStack {
            sp: base,
            size,
            flags,
        };
        Ok(())
    }

    /// `restore_altstack` in `rt_sigreturn`: applies `uc_stack`, ignoring every error.
    pub fn restore(&mut self, saved: StackT, sp: u64) {
        let _ = self.set(saved, sp);
    }

    /// `sas_ss_reset`: what `SS_AUTODISARM` does on delivery.
    pub fn reset(&mut self) {
        *self = AltStack {
            sp: 0,
            size: 0,
            flags: SS_DISABLE as u32,
        };
    }

    /// At exec the base and size are cleared; the flags stay (`begin_new_exec`).
    pub fn clear_for_exec(&mut self) {
        self.sp = 0;
        self.size = 0;
    }

    /// `sigsp`: where a handler's frame goes: the top of the alternate stack for an
    /// `SA_ONSTACK` handler when the thread is not on it already, else `sp`.
    pub fn frame_top(&self, sp: u64, on_stack_handler: bool) -> u64 {
        if on_stack_handler && self.mode_at(sp) == 0 {
            self.sp.wrapping_add(self.size)
        } else {
            sp
        }
    }
}
