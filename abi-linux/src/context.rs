//! What a syscall handler may use: the calling thread's view of the kernel, as capabilities.

use crate::args::{Fd, UserPtr};
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::events::{EventService, SocketService};
use kernel_core::services::mm::{FaultAccess, UserSpace};
use kernel_core::services::pagecache::PagePiece;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{Credentials, File, PathContext, PollEvents, VfsService, Waker};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};

/// Checked access to the calling process's memory: a bad pointer is `EFAULT`, never a fault
/// in the kernel.
pub trait UserMemory {
    /// Copies `bytes` to user address `to`.
    fn copy_out(&self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno>;
    /// Fills `buffer` from user address `from`.
    fn copy_in(&self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno>;
    /// How many of the `len` bytes at `at` a copy could move before faulting (`write`: into
    /// user memory). By default all of them.
    fn accessible(&self, at: UserAddr, len: usize, write: bool) -> usize {
        let _ = (at, write);
        len
    }
    /// Copies a page-cache piece (`None`: zeros) to user address `to`, up to the first byte
    /// that cannot be written; returns the bytes written.
    fn copy_out_piece(&self, to: UserAddr, piece: PagePiece) -> usize;
}

/// The caller's address space is its user memory: copies fault pages in and turn a bad address
/// into `EFAULT` (see `UserSpace::copy_in`/`copy_out`).
impl UserMemory for IrqSpinLock<Box<dyn UserSpace>> {
    fn copy_out(&self, to: UserAddr, bytes: &[u8]) -> Result<(), Errno> {
        self.lock().copy_out(to, bytes)
    }
    fn copy_in(&self, from: UserAddr, buffer: &mut [u8]) -> Result<(), Errno> {
        self.lock().copy_in(from, buffer)
    }
    fn accessible(&self, at: UserAddr, len: usize, write: bool) -> usize {
        let access = if write {
            FaultAccess::Write
        } else {
            FaultAccess::Read
        };
        self.lock().accessible_prefix(at, len, access)
    }
    fn copy_out_piece(&self, to: UserAddr, piece: PagePiece) -> usize {
        self.lock()
            .copy_out_frame(to, piece.frame, piece.offset, piece.len)
    }
}

/// A value with a fixed Linux layout that can be copied to user memory.
pub trait UserBytes {
    /// Calls `write` with the value's bytes in Linux's (little-endian AArch64) layout.
    fn with_bytes<R>(&self, write: impl FnOnce(&[u8]) -> R) -> R;
}

/// The process's open files: descriptors with their close-on-exec flag, allocated lowest
/// free first below the caller's `RLIMIT_NOFILE` (`EMFILE` at the limit).
pub trait FileTable {
    /// The open file description behind `fd`; `EBADF` when there is none.
    fn get(&self, fd: Fd) -> Result<Arc<dyn File>, Errno>;
    /// Installs `file` at the lowest free descriptor; `EMFILE` at the limit.
    fn install(&self, file: Arc<dyn File>, close_on_exec: bool) -> Result<u32, Errno> {
        let _ = (file, close_on_exec);
        Err(Errno::EMFILE)
    }
    /// Closes `fd`; `EBADF` if it is not open.
    fn close(&self, fd: Fd) -> Result<(), Errno> {
        let _ = fd;
        Err(Errno::EBADF)
    }
    /// `dup(fd)`: the copy has close-on-exec clear.
    fn dup(&self, fd: Fd) -> Result<u32, Errno> {
        let _ = fd;
        Err(Errno::EBADF)
    }
    /// `dup3(oldfd, newfd, flags)` (`flags`: 0 or `O_CLOEXEC`); closes what `newfd` held.
    fn dup3(&self, oldfd: Fd, newfd: Fd, flags: u32) -> Result<u32, Errno> {
        let _ = (oldfd, newfd, flags);
        Err(Errno::EBADF)
    }
    /// The descriptor-level `fcntl` commands (`F_DUPFD`, `F_DUPFD_CLOEXEC`, `F_GETFD`,
    /// `F_SETFD`); `None` for the others (the open file's).
    fn fcntl(&self, fd: Fd, cmd: i32, arg: u64) -> Option<Result<u64, Errno>> {
        let _ = (fd, cmd, arg);
        None
    }
}

/// What path lookups start from: the caller's identity, root, and base directory.
pub struct OwnedPathContext {
    /// Who asks.
    pub credentials: Credentials,
    /// File-creation mask.
    pub umask: u32,
    /// The caller's root directory.
    pub root: Arc<dyn File>,
    /// The working directory or the `dirfd` of an `*at` call.
    pub base: Arc<dyn File>,
}

impl OwnedPathContext {
    /// The borrowed form the VFS takes.
    pub fn borrow(&self) -> PathContext<'_> {
        PathContext {
            credentials: &self.credentials,
            umask: self.umask,
            root: &self.root,
            base: &self.base,
        }
    }
}

/// The `dirfd` argument of `*at` calls.
pub const AT_FDCWD: i32 = -100;

/// File-system services of the caller.
pub trait FsContext {
    /// The VFS.
    fn vfs(&self) -> &dyn VfsService;
    /// The lookup context for `dirfd` (`AT_FDCWD`: the working directory).
    fn path_context(&self, dirfd: i32) -> Result<OwnedPathContext, Errno>;
}

/// The calling thread and its process.
pub trait ProcessContext {
    /// Thread id.
    fn tid(&self) -> u32;
    /// Process (thread group) id.
    fn pid(&self) -> u32;
    /// Parent's process id.
    fn ppid(&self) -> u32;
    /// Remembers `set_tid_address`'s pointer (cleared and futex-woken at thread exit).
    fn set_clear_child_tid(&self, address: UserPtr<u32>);
    /// Remembers `set_robust_list`'s head.
    fn set_robust_list(&self, head: UserAddr, len: usize);
    /// `(soft, hard)` of resource `resource`, `EINVAL` for unknown ones.
    fn rlimit(&self, resource: u32) -> Result<(u64, u64), Errno>;
}

/// The services a syscall handler receives.
pub trait SyscallContext {
    /// The caller's memory (by default, its address space).
    fn user(&self) -> &dyn UserMemory {
        self.space()
    }
    /// The caller's address space (for the mmap family).
    fn space(&self) -> &IrqSpinLock<Box<dyn UserSpace>>;
    /// The caller's open files.
    fn files(&self) -> &dyn FileTable;
    /// The caller's file-system view.
    fn fs(&self) -> &dyn FsContext;
    /// The caller's thread and process.
    fn process(&self) -> &dyn ProcessContext;
    /// Kernel time.
    fn time(&self) -> &dyn TimeService;
    /// Fills `buffer` from the kernel's random generator.
    fn random(&self, buffer: &mut [u8]);
    /// Gives the CPU to another runnable thread, if any.
    fn yield_now(&self);
    /// Sleeps until `deadline_ns` of uptime; `EINTR` when a signal arrives first.
    fn sleep_until_ns(&self, deadline_ns: u64) -> Result<(), Errno> {
        let _ = deadline_ns;
        Err(Errno::ENOSYS)
    }
    /// Ends every thread of the calling process with `status` (the low 8 bits reach the parent).
    fn exit_group(&self, status: i32) -> !;
    /// `clone` with fork semantics: a new process with a copy of the caller's memory, files
    /// and fs view, returning to user mode with x0 = 0; returns the child's pid.
    /// `stack`: the child's stack pointer (0: the caller's). `child_tid`: where
    /// `CLONE_CHILD_SETTID` stores the child's tid (0: nowhere).
    fn fork(&self, flags: u64, stack: u64, child_tid: UserAddr) -> Result<u32, Errno> {
        let _ = (flags, stack, child_tid);
        Err(Errno::ENOSYS)
    }
    /// `wait4` without the user-memory parts: `Ok(None)` when `WNOHANG` found nothing,
    /// else the reaped child and its Linux wait status; blocks otherwise.
    fn wait4(&self, pid: i32, options: i32) -> Result<Option<(u32, i32)>, Errno> {
        let _ = (pid, options);
        Err(Errno::ENOSYS)
    }
    /// Replaces the caller's program; on success the syscall's return restarts the thread at
    /// the new program's entry (the value returned to the caller is ignored).
    fn execve(&self, path: &[u8], argv: Vec<Vec<u8>>, envp: Vec<Vec<u8>>) -> Result<(), Errno> {
        let _ = (path, argv, envp);
        Err(Errno::ENOSYS)
    }
    /// `rt_sigreturn`: restores the registers, FP/SIMD state and mask saved in the signal
    /// frame at the caller's stack pointer; on success the syscall's return resumes the
    /// interrupted code with every register as saved (the value returned is ignored). A bad
    /// frame queues SIGSEGV, as Linux does.
    fn rt_sigreturn(&self) -> Result<(), Errno> {
        Err(Errno::ENOSYS)
    }
    /// Halts, powers off or restarts the machine (the caller is root); returns only when the
    /// kernel cannot.
    fn reboot(&self, action: crate::misc::RebootAction) -> Result<(), Errno> {
        let _ = action;
        Err(Errno::ENOSYS)
    }
    /// The caller's real and effective ids: `[uid, euid, gid, egid]`.
    fn ids(&self) -> Result<[u32; 4], Errno> {
        Err(Errno::ENOSYS)
    }
    /// `setgid(id)` when `group`, else `setuid(id)`, with Linux's permission rules.
    fn set_id(&self, group: bool, id: u32) -> Result<(), Errno> {
        let _ = (group, id);
        Err(Errno::ENOSYS)
    }
    /// The working directory's absolute path.
    fn cwd_path(&self) -> Result<Vec<u8>, Errno> {
        Err(Errno::ENOSYS)
    }
    /// `rt_sigaction` on Linux's `struct sigaction` bytes: returns the old action.
    fn sigaction(&self, sig: i32, act: Option<[u8; 32]>) -> Result<[u8; 32], Errno> {
        let _ = (sig, act);
        Err(Errno::ENOSYS)
    }
    /// `rt_sigprocmask`: returns the old blocked mask.
    fn sigprocmask(&self, how: i32, set: Option<u64>) -> Result<u64, Errno> {
        let _ = (how, set);
        Err(Errno::ENOSYS)
    }
    /// `kill(pid, sig)` from the caller.
    fn kill(&self, pid: i32, sig: i32) -> Result<(), Errno> {
        let _ = (pid, sig);
        Err(Errno::ENOSYS)
    }
    /// Sleeps until `file` reports one of `interest` (or hang-up/error) through its poll and
    /// waker registration; `EINTR` when a signal arrives first. The default never sleeps:
    /// `EAGAIN`.
    fn wait_ready(&self, file: &Arc<dyn File>, interest: PollEvents) -> Result<(), Errno> {
        let _ = (file, interest);
        Err(Errno::EAGAIN)
    }
    /// TTY ioctl `request` on the terminal with device number `device` (`value` is the raw
    /// third argument; `data` holds the argument bytes as
    /// `kernel_core::services::tty::ioctl_argument` says, copied in before and out after).
    /// `None` when the kernel has no terminal layer: the stateless answers of `fs::ioctl` apply.
    fn terminal_ioctl(
        &self,
        device: kernel_core::services::vfs::DeviceId,
        request: u32,
        value: usize,
        data: &mut [u8],
    ) -> Option<Result<(), Errno>> {
        let _ = (device, request, value, data);
        None
    }
    /// The signal calls beyond the basic ones (`tgkill`, `rt_sigsuspend`, `sigaltstack`...).
    fn signals(&self) -> &dyn crate::process::SignalOps {
        &crate::process::NoSignalOps
    }
    /// The caller's CPU-time accounting and interval timers.
    fn timers(&self) -> &dyn crate::time::TimerOps {
        &crate::time::NoTimerOps
    }
    /// The event-object factory (eventfd, timerfd, signalfd, epoll); `None`: `ENOSYS`.
    fn events(&self) -> Option<&dyn EventService> {
        None
    }
    /// The `AF_UNIX` socket factory; `None`: `EAFNOSUPPORT`.
    fn sockets(&self) -> Option<&dyn SocketService> {
        None
    }
    /// The single blocking primitive of poll, select, epoll and the event objects: sleeps
    /// until `ready(waker, &mut wake_by_ns)` returns `true` (it registers `waker` with what it
    /// looks at and may lower `wake_by_ns`, a time to look again), until `deadline_ns` of
    /// uptime (`Ok(false)`), or until a signal is pending (`EINTR`). `ready` is asked once
    /// before any sleep, so a zero timeout polls.
    fn wait_any(
        &self,
        deadline_ns: Option<u64>,
        ready: &mut dyn FnMut(&Arc<dyn Waker>, &mut u64) -> bool,
    ) -> Result<bool, Errno> {
        let _ = (deadline_ns, ready);
        Err(Errno::ENOSYS)
    }
    /// `ppoll`/`pselect6`'s sigmask: installs `mask` until [`Self::end_temporary_mask`].
    fn set_temporary_mask(&self, mask: u64) -> Result<(), Errno> {
        let _ = mask;
        Err(Errno::ENOSYS)
    }
    /// Ends a temporary mask: restored now unless `interrupted` (then after the handler's
    /// frame has saved it, as Linux's `restore_saved_sigmask_unless`).
    fn end_temporary_mask(&self, interrupted: bool) {
        let _ = interrupted;
    }
    /// Sends SIGPIPE to the calling thread (a write on a broken pipe or socket).
    fn raise_sigpipe(&self) {}
    /// Makes the directory at `path` the working directory.
    fn chdir(&self, path: &[u8]) -> Result<(), Errno> {
        let _ = path;
        Err(Errno::ENOSYS)
    }
    /// Process management (groups, sessions, `waitid`, credentials, limits, `prctl`,
    /// scheduling facts); `None` where there is no process table.
    fn process_calls(&self) -> Option<&dyn crate::process::ProcessCalls> {
        None
    }
    /// Makes `directory` (a description the VFS checked: a searchable directory) the working
    /// directory (`fchdir`).
    fn set_cwd(&self, directory: Arc<dyn File>) -> Result<(), Errno> {
        let _ = directory;
        Err(Errno::ENOSYS)
    }
    /// `umask(mask)`: sets the file-creation mask to `mask & 0777`, returns the old one.
    fn umask(&self, mask: u32) -> Result<u32, Errno> {
        let _ = mask;
        Err(Errno::ENOSYS)
    }
}

/// Copies a value to user memory.
pub fn write_user<T: UserBytes>(
    ctx: &dyn SyscallContext,
    to: UserPtr<T>,
    value: &T,
) -> Result<(), Errno> {
    value.with_bytes(|bytes| ctx.user().copy_out(to.addr, bytes))
}

/// The lookup context of `path` relative to `dirfd`: an absolute path ignores `dirfd`, as
/// Linux does.
pub fn path_lookup(
    ctx: &dyn SyscallContext,
    dirfd: i32,
    path: &[u8],
) -> Result<OwnedPathContext, Errno> {
    let dirfd = if path.first() == Some(&b'/') {
        AT_FDCWD
    } else {
        dirfd
    };
    ctx.fs().path_context(dirfd)
}

/// Reads a NUL-terminated path (at most `PATH_MAX` bytes) from user memory.
pub fn read_path(ctx: &dyn SyscallContext, at: UserPtr<u8>) -> Result<alloc::vec::Vec<u8>, Errno> {
    ctx.space().lock().read_cstr(at.addr, 4096)
}
