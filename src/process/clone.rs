//! `clone` in its three shapes: a new process with a copy of the caller's memory (fork), a
//! `vfork` child running in the parent's memory while the parent waits, and a new thread of
//! the caller's process (`CLONE_THREAD`, pthreads).

use super::lifecycle::pid_of;
use super::{table, FsView, Process};
use crate::task::Thread;
use alloc::boxed::Box;
use alloc::sync::Arc;
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::services::mm::{SpaceLimits, UserSpace};
use kernel_core::{Errno, UserAddr};
use process::table::{CloneFlags, CloneOutcome, CloneRequest};

/// `clone`'s arguments beyond the flags.
pub struct CloneArgs {
    /// `clone` flags with the exit signal in the low byte.
    pub flags: u64,
    /// The child's stack pointer (0: the caller's).
    pub stack: u64,
    /// `CLONE_PARENT_SETTID`'s address.
    pub parent_tid: UserAddr,
    /// `CLONE_SETTLS`'s thread pointer.
    pub tls: u64,
    /// `CLONE_CHILD_SETTID`/`CLONE_CHILD_CLEARTID`'s address.
    pub child_tid: UserAddr,
}

/// `clone` from `parent`'s calling thread, trapped with `frame`: returns the new tid.
pub fn clone(parent: &Arc<Process>, frame: &TrapFrame, args: &CloneArgs) -> Result<u32, Errno> {
    let table = table::get().ok_or(Errno::ENOSYS)?;
    let flags = CloneFlags::from_bits_truncate(args.flags & !0xff);
    let request = CloneRequest {
        flags,
        exit_signal: (args.flags & 0xff) as i32,
        child_clear_tid: if flags.contains(CloneFlags::CHILD_CLEARTID) {
            args.child_tid.as_u64()
        } else {
            0
        },
    };
    let vfork = flags.contains(CloneFlags::VM | CloneFlags::VFORK);
    if flags.contains(CloneFlags::VM) && !vfork && !flags.contains(CloneFlags::THREAD) {
        // Two processes sharing one address space: not supported yet.
        return Err(Errno::EINVAL);
    }
    let me = pid_of(parent)?;
    let (child, outcome) = if flags.contains(CloneFlags::THREAD) {
        let outcome = table.with(|t| t.clone(me, &request))?;
        (parent.clone(), outcome)
    } else {
        let space = match vfork {
            true => empty_space()?,
            false => parent.space.lock().fork()?,
        };
        let outcome = table.with(|t| t.clone(me, &request))?;
        let pid = outcome.tgid.as_raw() as u32;
        let child = Process::new(pid, space, parent.fs.as_ref().map(FsView::fork));
        child.files.lock().clone_from(&parent.files.lock());
        *child.program.lock() = parent.program.lock().clone();
        if vfork {
            lend_space(parent, &child);
        }
        (child, outcome)
    };
    let tid = outcome.tid.as_raw() as u32;
    write_tids(parent, &child, &outcome, args, flags);
    let mut child_frame = crate::user::copy_frame(frame);
    child_frame.x[0] = 0;
    if args.stack != 0 {
        child_frame.sp_el0 = args.stack;
    }
    let tls = if flags.contains(CloneFlags::SETTLS) {
        args.tls
    } else {
        Thread::current_tls()
    };
    crate::user::start_user_thread_as(child, child_frame, tls, tid);
    if vfork {
        // The parent stays out of its (lent) memory until the child execs or exits.
        crate::task::sleep_until(|| (!table.with(|t| t.vfork_pending(outcome.tid))).then_some(()));
    }
    Ok(tid)
}

/// `CLONE_PARENT_SETTID` (in the parent's memory) and `CLONE_CHILD_SETTID` (the child's).
fn write_tids(
    parent: &Process,
    child: &Process,
    outcome: &CloneOutcome,
    args: &CloneArgs,
    flags: CloneFlags,
) {
    let tid = outcome.tid.as_raw().to_le_bytes();
    if flags.contains(CloneFlags::PARENT_SETTID) {
        let _ = parent.space.lock().copy_out(args.parent_tid, &tid);
    }
    if flags.contains(CloneFlags::CHILD_SETTID) && args.child_tid.as_u64() != 0 {
        let _ = child.space.lock().copy_out(args.child_tid, &tid);
    }
}

/// An address space with nothing mapped: what a `vfork` parent holds while its own is lent.
fn empty_space() -> Result<Box<dyn UserSpace>, Errno> {
    let spaces = crate::memory::user::spaces().ok_or(Errno::ENOMEM)?;
    let limits = SpaceLimits {
        stack_limit_bytes: super::STACK_LIMIT,
        map_low_allowed: false,
    };
    Ok(Box::new(spaces.create_space(limits)?))
}

/// Moves `parent`'s address space into its `vfork` child (which holds an empty one).
fn lend_space(parent: &Arc<Process>, child: &Process) {
    let mut parent_space = parent.space.lock();
    let mut child_space = child.space.lock();
    core::mem::swap(&mut *parent_space, &mut *child_space);
    *child.vfork_lender.lock() = Some(parent.clone());
}

/// Installs `new` as `child`'s address space (its exec'd program); a `vfork` child's borrowed
/// space goes back to its parent first. Returns what to drop (outside the locks).
pub fn install_space(child: &Process, new: Box<dyn UserSpace>) -> Box<dyn UserSpace> {
    let mut old = core::mem::replace(&mut *child.space.lock(), new);
    if let Some(parent) = child.vfork_lender.lock().take() {
        // `old` is the parent's own: swap it for the placeholder the parent held.
        core::mem::swap(&mut *parent.space.lock(), &mut old);
    }
    old
}

/// At a `vfork` child's exit: the parent gets its address space back (the child keeps the
/// placeholder until it goes).
pub fn give_back_space(child: &Process) {
    let Some(parent) = child.vfork_lender.lock().take() else {
        return;
    };
    // The same lock order as `lend_space`: parent, then child.
    let mut parent_space = parent.space.lock();
    let mut child_space = child.space.lock();
    core::mem::swap(&mut *parent_space, &mut *child_space);
}
