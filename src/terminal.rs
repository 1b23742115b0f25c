//! The console terminal: the tty component's N_TTY terminal over the console UART, fed by the
//! UART's receive interrupt, serving `/dev/console`, `/dev/tty` and `/dev/ttyAMA0`, and the
//! TTY ioctls of the syscall layer.

use alloc::sync::Arc;
use kernel_core::dispatch::RegisterError;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::irq::{IrqHandler, IrqNumber, Trigger};
use kernel_core::services::process::{Pid, ProcessService, Signal};
use kernel_core::services::vfs::DeviceId;
use kernel_core::sync::Once;
use kernel_core::Errno;
use tty::ldisc::IoctlContext;
use tty::node::{Callers, NodeKind, TerminalNode};
use tty::terminal::{JobSignals, Terminal, TerminalCaps};

static TERMINAL: Once<Arc<Terminal>> = Once::new();

/// `/dev/ttyAMA0`: the first PL011 port, as Linux numbers it.
const TTY_AMA0: DeviceId = DeviceId::new(204, 64);

/// `CAP_SYS_ADMIN`, which lets `TIOCSCTTY` steal a terminal.
const CAP_SYS_ADMIN: u32 = 21;

/// Keyboard signals through the process table (an `IrqSpinLock`, so safe from the handler).
struct ProcessSignals;

impl JobSignals for ProcessSignals {
    fn signal_group(&self, pgid: i32, signal: Signal) {
        if let Some(table) = crate::process::table::get() {
            // An empty group (ESRCH) is not the typist's problem.
            let _ = table.signal_process_group(pgid, signal);
        }
    }
}

/// The process of the thread making the current system call, through the process table.
struct CurrentProcess;

impl Callers for CurrentProcess {
    fn caller(&self) -> Option<(i32, i32, i32)> {
        let process = crate::task::current_thread().process.get()?;
        let pid = i32::try_from(process.pid).ok()?;
        identity(pid)
    }
}

/// `(pid, pgid, sid)` of process `pid` (group and session 0 when the table does not know).
fn identity(pid: i32) -> Option<(i32, i32, i32)> {
    let table = crate::process::table::get()?;
    let me = Pid::new(pid)?;
    let pgid = table.process_group_of(me).unwrap_or(0);
    let sid = table.session_of(me).unwrap_or(0);
    Some((pid, pgid, sid))
}

/// The UART's receive interrupt.
struct ReceiveInterrupt(Arc<Terminal>);

impl IrqHandler for ReceiveInterrupt {
    fn handle(&self, _irq: IrqNumber, _cpu: usize) {
        self.0.receive_interrupt();
    }
}

/// Builds the terminal over the console UART and routes its receive interrupt (`irq`, from
/// the device tree). Without an interrupt the terminal still writes, but input is not seen.
pub fn init(device: Arc<dyn CharDevice>, irq: Option<(IrqNumber, Trigger)>) {
    let terminal = TERMINAL.call_once(|| {
        Arc::new(Terminal::new(TerminalCaps {
            device,
            signals: Arc::new(ProcessSignals),
        }))
    });
    let Some((irq, trigger)) = irq else {
        return log::warn!("console: no receive interrupt; terminal input is off");
    };
    let handler = Arc::new(ReceiveInterrupt(terminal.clone()));
    match crate::kernel::route_device_irq(irq, trigger, handler) {
        Ok(()) if terminal.enable_receive_interrupt() => {
            log::info!("console: receive interrupt {}", irq.0);
        }
        Ok(()) => log::warn!("console: the UART has no receive interrupt"),
        Err(RegisterError::Taken(_) | RegisterError::OutOfRange(_)) => {
            log::warn!("console: cannot route interrupt {}", irq.0);
        }
    }
}

/// Makes the terminal the driver of `/dev/console`, `/dev/tty` and `/dev/ttyAMA0` (replacing
/// the VFS's raw console). Call before init opens its console.
pub fn install_devices(vfs: &vfs::Vfs) {
    let Some(terminal) = TERMINAL.get() else {
        return;
    };
    let nodes: [(&[u8], DeviceId, u32, NodeKind); 3] = [
        (b"console", vfs::CONSOLE, 0o600, NodeKind::Console),
        (b"tty", vfs::TTY, 0o666, NodeKind::CurrentTty),
        (b"ttyAMA0", TTY_AMA0, 0o600, NodeKind::Port),
    ];
    for (name, device, permissions, kind) in nodes {
        let node = Arc::new(TerminalNode::new(
            terminal.clone(),
            kind,
            Arc::new(CurrentProcess),
        ));
        if let Err(error) = vfs.register_char_device(name, device, permissions, node) {
            log::warn!("devtmpfs: cannot add the terminal as {device:?}: {error:?}");
        }
    }
}

/// A TTY ioctl from process `pid` on terminal `device`; `None` if there is no terminal.
pub fn ioctl(
    pid: u32,
    device: DeviceId,
    request: u32,
    value: usize,
    data: &mut [u8],
) -> Option<Result<(), Errno>> {
    let terminal = TERMINAL.get()?;
    let _ = device; // Every terminal node is the console.
    let table = crate::process::table::get()?;
    let (pid, pgid, sid) = identity(i32::try_from(pid).ok()?)?;
    let me = Pid::new(pid)?;
    let privileged = table
        .file_identity(me)
        .is_some_and(|identity| identity.capabilities & (1 << CAP_SYS_ADMIN) != 0);
    let group_session = |pgrp: i32| table.session_of_process_group(pgrp);
    let context = IoctlContext {
        caller: terminal.member(pid, pgid, sid),
        privileged,
        group_session: &group_session,
    };
    Some(terminal.ioctl(request, value, data, &context).map(|_| ()))
}
