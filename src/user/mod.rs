//! Running code at EL0: the user trap handler and how a process ends.

pub mod smoke;
mod traps;

pub use traps::install;

use crate::process::Process;
use alloc::sync::Arc;

/// Ends `process` (its only thread is the caller): reports the status as a parent's `wait`
/// would see it and ends the thread. Processes without parents report on the console.
pub fn exit_process(process: &Arc<Process>, status: i32, signal: Option<i32>) -> ! {
    match signal {
        None => log::info!("user program exited with status {}", status & 0xff),
        Some(signal) => log::info!("user program killed by signal {signal}"),
    }
    process.files.lock().clear();
    crate::task::exit_current()
}
