//! Which scheduler task runs which user thread: tids (the process table's) to task ids and
//! back, so that wakeups reach the right thread and a syscall knows its caller's tid.

use super::Process;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use kernel_core::services::sched::TaskId;
use kernel_core::sync::IrqSpinLock;

/// Both directions of the map, under one lock.
struct Registry {
    task_of: BTreeMap<u32, TaskId>,
    tid_of: BTreeMap<u64, u32>,
}

static REGISTRY: IrqSpinLock<Registry> = IrqSpinLock::new(Registry {
    task_of: BTreeMap::new(),
    tid_of: BTreeMap::new(),
});

/// Records that `task` runs thread `tid` of `process`.
pub(super) fn attach(process: &Process, tid: u32, task: TaskId) {
    let mut registry = REGISTRY.lock();
    registry.task_of.insert(tid, task);
    registry.tid_of.insert(task.0, tid);
    drop(registry);
    let mut tids = process.tids.lock();
    if !tids.contains(&tid) {
        tids.push(tid);
    }
}

/// Forgets thread `tid` of `process` (it exits).
pub(super) fn detach(process: &Process, tid: u32) {
    let mut registry = REGISTRY.lock();
    if let Some(task) = registry.task_of.remove(&tid) {
        registry.tid_of.remove(&task.0);
    }
    drop(registry);
    process.tids.lock().retain(|&t| t != tid);
}

/// The scheduler task of thread `tid`.
pub fn task_of(tid: u32) -> Option<TaskId> {
    REGISTRY.lock().task_of.get(&tid).copied()
}

/// The tid of the calling thread when it belongs to `process`, else `process`'s pid.
pub fn current_tid(process: &Process) -> u32 {
    let task = crate::task::current_thread().id;
    let tid = REGISTRY.lock().tid_of.get(&task.0).copied();
    match tid {
        Some(tid) if process.tids.lock().contains(&tid) => tid,
        _ => process.pid,
    }
}

/// The live threads of `process`.
pub fn tids(process: &Process) -> Vec<u32> {
    process.tids.lock().clone()
}
