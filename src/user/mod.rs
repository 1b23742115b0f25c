//! Running code at EL0: the user trap handler, starting threads, and how a process ends.

pub mod smoke;
mod start;
mod traps;

pub use start::{copy_frame, start_user_thread, start_user_thread_as};
pub use traps::install;

use crate::process::Process;
use alloc::sync::Arc;

/// Ends `process` with `status` (or death by `signal`): the calling thread's exit takes the
/// whole thread group with it (see `process::lifecycle::exit`).
pub fn exit_process(process: &Arc<Process>, status: i32, signal: Option<i32>) -> ! {
    crate::process::exit(process, status, signal, true)
}
