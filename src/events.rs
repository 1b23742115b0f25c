//! The kernel side of poll, select, epoll and the event objects: the one blocking primitive
//! (sleep on wait lists with an optional deadline, ended by a signal), the temporary signal
//! masks of `ppoll`/`pselect6`, SIGPIPE, and the signal source signalfd reads.

use crate::process::Process;
use alloc::sync::Arc;
use core::cell::{Cell, RefCell};
use kernel_core::services::events::{EventService, SignalRecord, SignalSource, SocketService};
use kernel_core::services::process::{Pid, Signal};
use kernel_core::services::sched::TaskId;
use kernel_core::services::vfs::{File, PollEvents, Waker};
use kernel_core::Errno;
use process::SigSet;

/// Wakes one sleeping thread through the scheduler.
struct TaskWaker(TaskId);

impl Waker for TaskWaker {
    fn wake(&self) {
        crate::task::wake(self.0);
    }
}

/// The calling thread's id (signal masks and SIGPIPE are per thread).
fn pid_of(process: &Process) -> Result<Pid, Errno> {
    Pid::new(crate::process::threads::current_tid(process) as i32).ok_or(Errno::ESRCH)
}

/// Sleeps until `ready` holds, `deadline_ns` passes (`Ok(false)`) or a signal is pending
/// (`EINTR`); see `SyscallContext::wait_any`.
pub fn wait_any(
    process: &Process,
    deadline_ns: Option<u64>,
    ready: &mut dyn FnMut(&Arc<dyn Waker>, &mut u64) -> bool,
) -> Result<bool, Errno> {
    let waker: Arc<dyn Waker> = Arc::new(TaskWaker(crate::task::current_thread().id));
    let deadline = deadline_ns.unwrap_or(u64::MAX);
    let ready = RefCell::new(ready);
    let outcome: Cell<Option<Result<bool, Errno>>> = Cell::new(None);
    let wake_by = Cell::new(u64::MAX);
    let check = || {
        let mut look_again = u64::MAX;
        if (ready.borrow_mut())(&waker, &mut look_again) {
            outcome.set(Some(Ok(true)));
            return true;
        }
        wake_by.set(look_again);
        false
    };
    if check() {
        return Ok(true);
    }
    loop {
        let now = kernel_core::services::time::TimeService::uptime_ns(crate::kernel::time());
        if now >= deadline {
            return Ok(false);
        }
        if crate::process::signals::pending(process) {
            return Err(Errno::EINTR);
        }
        // Sleep to the deadline or to the time an object asked to be looked at again.
        let until = deadline.min(wake_by.get());
        crate::task::sleep_until_deadline(until, || {
            check() || crate::process::signals::pending(process)
        });
        if let Some(result) = outcome.take() {
            return result;
        }
        if check() {
            return Ok(true);
        }
    }
}

/// Sleeps until `file` reports `interest`, hang-up or error (a blocking read or write);
/// `ERESTARTSYS` on a pending signal, so that the call restarts after a `SA_RESTART` handler
/// and fails with `EINTR` after any other.
pub fn wait_ready(
    process: &Process,
    file: &Arc<dyn File>,
    interest: PollEvents,
) -> Result<(), Errno> {
    let wanted = interest | PollEvents::POLLHUP | PollEvents::POLLERR;
    wait_any(process, None, &mut |waker, wake_by| {
        if let Some(at) = file.wake_deadline_ns() {
            *wake_by = (*wake_by).min(at);
        }
        file.poll(interest, Some(waker)).intersects(wanted)
    })
    .map(|_| ())
    .map_err(|error| match error {
        Errno::EINTR => Errno::ERESTARTSYS,
        other => other,
    })
}

/// `set_user_sigmask`: installs `mask` until [`end_temporary_mask`].
pub fn set_temporary_mask(process: &Process, mask: u64) -> Result<(), Errno> {
    let table = crate::process::table::get().ok_or(Errno::ENOSYS)?;
    let me = pid_of(process)?;
    table.with(|t| t.set_temporary_mask(me, SigSet::from_bits(mask)))
}

/// `restore_saved_sigmask_unless(interrupted)`.
pub fn end_temporary_mask(process: &Process, interrupted: bool) {
    if let (Some(table), Ok(me)) = (crate::process::table::get(), pid_of(process)) {
        let _ = table.with(|t| t.end_temporary_mask(me, interrupted));
    }
}

/// SIGPIPE to the calling thread.
pub fn raise_sigpipe(process: &Process) {
    if let (Some(table), Ok(me)) = (crate::process::table::get(), pid_of(process)) {
        let _ = table.with(|t| t.send_signal_to_self(me, Signal::SIGPIPE));
    }
}

/// The calling thread's signals, as signalfd reads them.
pub struct CurrentSignals;

impl CurrentSignals {
    fn current() -> Option<(Pid, &'static process::Processes)> {
        let thread = crate::task::current_thread();
        let process = thread.process.get()?;
        Some((pid_of(process).ok()?, crate::process::table::get()?))
    }
}

impl SignalSource for CurrentSignals {
    fn take(&self, mask: u64) -> Option<SignalRecord> {
        let (me, table) = Self::current()?;
        let info = table
            .with(|t| t.sigtimedwait_take(me, SigSet::from_bits(mask)))
            .ok()??;
        Some(SignalRecord {
            signo: info.signo() as u32,
            errno: 0,
            code: info.code(),
            pid: info.pid() as u32,
            uid: info.uid(),
            status: info.status(),
            value: info.value(),
            addr: info.addr(),
        })
    }

    fn pending(&self, mask: u64, _waker: Option<&Arc<dyn Waker>>) -> bool {
        let Some((me, table)) = Self::current() else {
            return false;
        };
        table
            .with(|t| t.sigpending(me))
            .is_ok_and(|set| !set.intersection(SigSet::from_bits(mask)).is_empty())
    }
}

/// The event-object factory, built on first use with the kernel's time and signals.
pub fn event_service() -> Option<&'static dyn EventService> {
    static EVENTS: kernel_core::sync::Once<events::Events> = kernel_core::sync::Once::new();
    crate::kernel::get()?;
    Some(EVENTS.call_once(|| {
        events::Events::new(events::EventsCaps {
            time: crate::kernel::time_arc(),
            signals: Arc::new(CurrentSignals),
        })
    }))
}

/// The `AF_UNIX` socket factory.
pub fn socket_service() -> Option<&'static dyn SocketService> {
    static SOCKETS: kernel_core::sync::Once<unix_socket::UnixSockets> =
        kernel_core::sync::Once::new();
    Some(SOCKETS.call_once(unix_socket::UnixSockets::new))
}
