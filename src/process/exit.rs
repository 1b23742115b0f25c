//! How a thread ends: `exit` (this thread), `exit_group` and death by a signal (the whole
//! process); the last thread out releases the process's resources.

use super::lifecycle::pid_of;
use super::{clone, futex, table, threads, Process};
use alloc::sync::Arc;
use kernel_core::services::process::Signal;
use kernel_core::UserAddr;

/// Ends the calling thread of `process`: with `group`, the whole thread group (status, or
/// death by `signal`); else only this thread (`exit`). The process table makes the process a
/// zombie once its last thread is gone and wakes its parent; then its files close. init's end
/// is Linux's panic: `Kernel panic - not syncing: Attempted to kill init! exitcode=0x...`.
pub fn exit(process: &Arc<Process>, status: i32, signal: Option<i32>, group: bool) -> ! {
    clone::give_back_space(process);
    if group || signal.is_some() || threads::tids(process).len() <= 1 {
        // Linux's exit_mm comes before exit_notify: a parent that reaps this process finds
        // the program writable again (`Process::release` lifts it otherwise).
        let write_denial = process.program.lock().write_denial.take();
        drop(write_denial);
    }
    let me = pid_of(process).ok();
    let outcome = table::get().zip(me).and_then(|(table, me)| {
        table
            .with(|t| match (signal.and_then(Signal::new), group) {
                (Some(signal), _) => t.exit_group_by_signal(me, signal, false),
                (None, true) => t.exit_group(me, status),
                (None, false) => t.exit_thread(me, status),
            })
            .ok()
    });
    if let Some(address) = outcome
        .as_ref()
        .map(|o| o.clear_child_tid)
        .filter(|&a| a != 0)
    {
        // CLONE_CHILD_CLEARTID: what pthread_join waits on.
        let address = UserAddr::new(address);
        if process
            .space
            .lock()
            .copy_out(address, &0u32.to_le_bytes())
            .is_ok()
        {
            futex::wake(process, address, 1);
        }
    }
    match outcome.as_ref().map(|o| o.init_died) {
        Some(Some(death)) => {
            // Lichen's own summary line first (the test harness ends a run on it), then
            // Linux's panic, which never returns.
            report_status(death.exit_code);
            crate::panic::panic(format_args!("{death}"))
        }
        Some(None) => {}
        // No process table (a self-test program): report how it ended.
        None => match signal {
            None => log::info!("user program exited with status {}", status & 0xff),
            Some(signal) => log::info!("user program killed by signal {signal}"),
        },
    }
    let tid = threads::current_tid(process);
    threads::detach(process, tid);
    if outcome.as_ref().is_none_or(|o| o.group_dead) {
        process.release();
    }
    crate::task::exit_current()
}

/// Logs how init ended from its wait status: `exited with status N` or `killed by signal N`.
fn report_status(wait_status: i32) {
    match wait_status & 0x7f {
        0 => log::info!(
            "user program exited with status {}",
            (wait_status >> 8) & 0xff
        ),
        signal => log::info!("user program killed by signal {signal}"),
    }
}
