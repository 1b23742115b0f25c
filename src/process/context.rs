//! The syscall context of a thread: its process's services, as abi-linux sees them.

use super::Process;
use abi_linux::args::{Fd, UserPtr};
use abi_linux::context::{
    FileTable, FsContext, OwnedPathContext, ProcessContext, SyscallContext, AT_FDCWD,
};
use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::cell::Cell;
use kernel_core::arch::aarch64::exception::TrapFrame;
use kernel_core::services::events::{EventService, SocketService};
use kernel_core::services::mm::UserSpace;
use kernel_core::services::time::TimeService;
use kernel_core::services::vfs::{Credentials, File, OpenFlags, PollEvents, VfsService, Waker};
use kernel_core::sync::IrqSpinLock;
use kernel_core::{Errno, UserAddr};
use process::signal::frame::UserRegs;

/// RLIMIT_STACK's default soft limit (8 MiB), as Linux gives init.
pub const STACK_LIMIT: u64 = 8 << 20;

/// A running thread's view of the kernel.
pub struct ThreadContext<'a> {
    /// Its process.
    pub process: &'a Arc<Process>,
    /// The user registers of the syscall being served.
    pub frame: &'a TrapFrame,
    /// Set by a successful `execve`: restart the thread at `(entry, sp)`, registers zeroed.
    pub restart: Cell<Option<(u64, u64)>>,
    /// Set by a successful `rt_sigreturn`: resume with these registers, x0 included.
    pub resume: Cell<Option<UserRegs>>,
}

impl<'a> ThreadContext<'a> {
    /// The context of a syscall trapped with `frame`.
    pub fn new(process: &'a Arc<Process>, frame: &'a TrapFrame) -> Self {
        Self {
            process,
            frame,
            restart: Cell::new(None),
            resume: Cell::new(None),
        }
    }
}

impl FsContext for ThreadContext<'_> {
    fn vfs(&self) -> &dyn VfsService {
        crate::rootfs::vfs()
    }

    fn path_context(&self, dirfd: i32) -> Result<OwnedPathContext, Errno> {
        let view = self.process.fs.as_ref().ok_or(Errno::ENOENT)?;
        let base = match dirfd {
            AT_FDCWD => view.cwd.lock().clone(),
            fd => FileTable::get(self, Fd(u32::try_from(fd).map_err(|_| Errno::EBADF)?))?,
        };
        let (credentials, umask) = self.file_identity();
        Ok(OwnedPathContext {
            credentials,
            umask,
            root: view.root.clone(),
            base,
        })
    }
}

impl ThreadContext<'_> {
    /// The file-system identity (fsuid, fsgid, groups) and umask of the process, from the
    /// process table (root and 022 without one).
    fn file_identity(&self) -> (Credentials, u32) {
        let (Some(table), Ok(pid)) = (super::table::get(), super::lifecycle::pid_of(self.process))
        else {
            return (Credentials::root(), 0o022);
        };
        table
            .with(|t| {
                let c = t.credentials(pid)?;
                let credentials = Credentials {
                    uid: c.fsuid,
                    gid: c.fsgid,
                    groups: c.groups().to_vec(),
                };
                Ok::<_, Errno>((credentials, t.current_umask(pid)?))
            })
            .unwrap_or((Credentials::root(), 0o022))
    }
}

impl ProcessContext for ThreadContext<'_> {
    fn tid(&self) -> u32 {
        super::threads::current_tid(self.process)
    }
    fn pid(&self) -> u32 {
        self.process.pid
    }
    fn ppid(&self) -> u32 {
        let Some(pid) = kernel_core::services::process::Pid::new(self.process.pid as i32) else {
            return 0;
        };
        super::table::get()
            .and_then(|table| table.with(|t| t.getppid(pid)).ok())
            .map_or(0, |ppid| ppid as u32)
    }
    fn set_clear_child_tid(&self, address: UserPtr<u32>) {
        if let (Some(table), Ok(me)) = (super::table::get(), super::lifecycle::pid_of(self.process))
        {
            let _ = table.with(|t| t.set_tid_address(me, address.as_u64()));
        }
    }
    fn set_robust_list(&self, _head: UserAddr, _len: usize) {}
    fn rlimit(&self, resource: u32) -> Result<(u64, u64), Errno> {
        // Linux's init_task values (include/asm-generic/resource.h).
        match resource {
            3 => Ok((STACK_LIMIT, u64::MAX)), // RLIMIT_STACK
            7 => Ok((1024, 4096)),            // RLIMIT_NOFILE
            0..=15 => Ok((u64::MAX, u64::MAX)),
            _ => Err(Errno::EINVAL),
        }
    }
}

impl SyscallContext for ThreadContext<'_> {
    fn space(&self) -> &IrqSpinLock<Box<dyn UserSpace>> {
        &self.process.space
    }
    fn files(&self) -> &dyn FileTable {
        self
    }
    fn fs(&self) -> &dyn FsContext {
        self
    }
    fn process(&self) -> &dyn ProcessContext {
        self
    }
    fn time(&self) -> &dyn TimeService {
        crate::kernel::time()
    }
    fn random(&self, buffer: &mut [u8]) {
        crate::rootfs::random(buffer);
    }
    fn sleep_until_ns(&self, deadline_ns: u64) -> Result<(), Errno> {
        let process = self.process;
        match crate::task::sleep_until_deadline(deadline_ns, || super::signals::pending(process)) {
            true => Ok(()),
            false => Err(Errno::EINTR),
        }
    }
    fn yield_now(&self) {
        crate::task::schedule();
    }
    fn exit_group(&self, status: i32) -> ! {
        crate::user::exit_process(self.process, status, None)
    }
    fn fork(&self, flags: u64, stack: u64, child_tid: UserAddr) -> Result<u32, Errno> {
        let args = super::clone::CloneArgs {
            flags,
            stack,
            parent_tid: UserAddr::new(0),
            tls: 0,
            child_tid,
        };
        super::clone::clone(self.process, self.frame, &args)
    }
    fn wait4(&self, pid: i32, options: i32) -> Result<Option<(u32, i32)>, Errno> {
        super::lifecycle::wait4(self.process, pid, options)
    }
    fn execve(&self, path: &[u8], argv: Vec<Vec<u8>>, envp: Vec<Vec<u8>>) -> Result<(), Errno> {
        let start = super::lifecycle::execve(self.process, self, path, argv, envp)?;
        self.restart.set(Some(start));
        Ok(())
    }
    fn reboot(&self, action: abi_linux::misc::RebootAction) -> Result<(), Errno> {
        crate::power::reboot(action)
    }
    fn ids(&self) -> Result<[u32; 4], Errno> {
        let table = super::table::get().ok_or(Errno::ENOSYS)?;
        let pid = super::lifecycle::pid_of(self.process)?;
        table.with(|t| t.credentials(pid).map(|c| [c.uid, c.euid, c.gid, c.egid]))
    }
    fn set_id(&self, group: bool, id: u32) -> Result<(), Errno> {
        let table = super::table::get().ok_or(Errno::ENOSYS)?;
        let pid = super::lifecycle::pid_of(self.process)?;
        table.with(|t| {
            t.change_credentials(pid, |c| if group { c.setgid(id) } else { c.setuid(id) })
        })
    }
    fn sigaction(&self, sig: i32, act: Option<[u8; 32]>) -> Result<[u8; 32], Errno> {
        super::signals::sigaction(self.process, sig, act)
    }
    fn rt_sigreturn(&self) -> Result<(), Errno> {
        let regs = super::signals::sigreturn(self.process, self.frame)?;
        self.resume.set(Some(regs));
        Ok(())
    }
    fn sigprocmask(&self, how: i32, set: Option<u64>) -> Result<u64, Errno> {
        super::signals::sigprocmask(self.process, how, set)
    }
    fn kill(&self, pid: i32, sig: i32) -> Result<(), Errno> {
        super::signals::kill(self.process, pid, sig)
    }
    fn process_calls(&self) -> Option<&dyn abi_linux::process::ProcessCalls> {
        Some(self)
    }
    fn cwd_path(&self) -> Result<Vec<u8>, Errno> {
        // Where the working directory is now (ENOENT once removed), as the VFS sees it.
        let ctx = self.path_context(AT_FDCWD)?;
        self.vfs().path_of(&ctx.borrow(), &ctx.base)
    }
    fn set_cwd(&self, directory: Arc<dyn File>) -> Result<(), Errno> {
        let view = self.process.fs.as_ref().ok_or(Errno::ENOENT)?;
        let ctx = self.path_context(AT_FDCWD)?;
        let path = self.vfs().path_of(&ctx.borrow(), &directory)?;
        *view.cwd.lock() = directory;
        *view.cwd_path.lock() = path;
        Ok(())
    }
    fn umask(&self, mask: u32) -> Result<u32, Errno> {
        let table = super::table::get().ok_or(Errno::ENOSYS)?;
        let pid = super::lifecycle::pid_of(self.process)?;
        table.with(|t| t.umask(pid, mask))
    }
    fn terminal_ioctl(
        &self,
        device: kernel_core::services::vfs::DeviceId,
        request: u32,
        value: usize,
        data: &mut [u8],
    ) -> Option<Result<(), Errno>> {
        crate::terminal::ioctl(self.pid(), device, request, value, data)
    }
    fn wait_ready(&self, file: &Arc<dyn File>, interest: PollEvents) -> Result<(), Errno> {
        match file.wake_deadline_ns() {
            Some(_) => crate::events::wait_ready(self.process, file, interest),
            None => super::files::wait_ready(self.process, file, interest),
        }
    }
    fn chdir(&self, path: &[u8]) -> Result<(), Errno> {
        let view = self.process.fs.as_ref().ok_or(Errno::ENOENT)?;
        let ctx = self.path_context(AT_FDCWD)?;
        let directory = self.vfs().open(
            &ctx.borrow(),
            path,
            OpenFlags::O_DIRECTORY | OpenFlags::O_PATH,
            0,
        )?;
        let mut cwd_path = view.cwd_path.lock();
        let joined = abi_linux::process::join_cwd(&cwd_path, path);
        *view.cwd.lock() = directory;
        *cwd_path = joined;
        Ok(())
    }
    fn wait_any(
        &self,
        deadline_ns: Option<u64>,
        ready: &mut dyn FnMut(&Arc<dyn Waker>, &mut u64) -> bool,
    ) -> Result<bool, Errno> {
        crate::events::wait_any(self.process, deadline_ns, ready)
    }
    fn set_temporary_mask(&self, mask: u64) -> Result<(), Errno> {
        crate::events::set_temporary_mask(self.process, mask)
    }
    fn end_temporary_mask(&self, interrupted: bool) {
        crate::events::end_temporary_mask(self.process, interrupted)
    }
    fn raise_sigpipe(&self) {
        crate::events::raise_sigpipe(self.process)
    }
    fn events(&self) -> Option<&dyn EventService> {
        crate::events::event_service()
    }
    fn sockets(&self) -> Option<&dyn SocketService> {
        crate::events::socket_service()
    }
    fn signals(&self) -> &dyn abi_linux::process::SignalOps {
        self
    }
    fn timers(&self) -> &dyn abi_linux::time::TimerOps {
        self
    }
}
