//! Running code at EL0: the user trap handler, starting threads, and how a process ends.

pub mod smoke;
mod start;
mod traps;

pub use start::{copy_frame, start_user_frame, start_user_thread};
pub use traps::install;

use crate::process::Process;
use alloc::sync::Arc;
use kernel_core::services::process::{Pid, Signal};

/// Ends `process` (its only thread is the caller): the process table makes it a zombie and
/// wakes its parent; its files close and the thread ends. init's end is reported on the
/// console as Linux's panic would be.
pub fn exit_process(process: &Arc<Process>, status: i32, signal: Option<i32>) -> ! {
    let outcome = crate::process::table::get().and_then(|table| {
        let pid = Pid::new(process.pid as i32)?;
        table
            .with(|t| match signal.and_then(Signal::new) {
                Some(signal) => t.exit_group_by_signal(pid, signal, false),
                None => t.exit_group(pid, status),
            })
            .ok()
    });
    let reports = outcome.as_ref().is_none_or(|o| o.init_died.is_some());
    if reports {
        match signal {
            None => log::info!("user program exited with status {}", status & 0xff),
            Some(signal) => log::info!("user program killed by signal {signal}"),
        }
    }
    process.release();
    crate::task::exit_current()
}
