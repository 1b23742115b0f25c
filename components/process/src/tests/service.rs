//! The locked component: wakeups reach the waker after the call, the service answers.

use super::{fork, pid, RAM_PAGES};
use crate::service::{Processes, ProcessesCaps};
use alloc::sync::Arc;
use kernel_core::services::process::{
    ProcessRunState, ProcessService, Signal, ThreadWaker, Wakeup,
};
use std::sync::Mutex;

#[derive(Default)]
struct Recorder {
    seen: Mutex<Vec<Wakeup>>,
}

impl ThreadWaker for Recorder {
    fn wake(&self, wakeup: Wakeup) {
        self.seen.lock().unwrap().push(wakeup);
    }
}

#[test]
fn wakeups_are_delivered_and_queries_answer() {
    let recorder = Arc::new(Recorder::default());
    let processes = Processes::new(
        ProcessesCaps {
            waker: recorder.clone(),
        },
        RAM_PAGES,
    );
    processes.with(|t| t.spawn_init(RAM_PAGES)).unwrap();
    let child = processes.with(|t| fork(t, pid(1)));
    processes.with(|t| t.setsid(child)).unwrap();
    assert_eq!(processes.session_of(child), Some(child.as_raw()));
    assert_eq!(processes.process_group_of(child), Some(child.as_raw()));
    assert_eq!(
        processes.session_of_process_group(child.as_raw()),
        Some(child.as_raw())
    );
    assert_eq!(processes.session_of_process_group(0), Some(0));
    assert!(processes.is_orphaned_process_group(child.as_raw()));
    assert_eq!(processes.umask(child), Some(0o022));
    assert_eq!(processes.process_ids(), vec![pid(1), child]);
    assert_eq!(processes.thread_ids(child), vec![child]);
    let identity = processes.file_identity(child).unwrap();
    assert_eq!((identity.fsuid, identity.fsgid), (0, 0));
    let info = processes.process_info(child).unwrap();
    assert_eq!(
        (info.parent, info.pgid, info.state),
        (Some(pid(1)), child.as_raw(), ProcessRunState::Alive)
    );
    assert_eq!(
        processes.signal_process_group(child.as_raw(), Signal::SIGTERM),
        Ok(())
    );
    assert!(recorder.seen.lock().unwrap().contains(&Wakeup::Signal {
        tid: child,
        fatal: true
    }));
    assert!(!processes.ignores_or_blocks(child, Signal::SIGTTOU));
    assert_eq!(
        processes.signal_process(pid(77), Signal::SIGINT),
        Err(kernel_core::Errno::ESRCH)
    );
}
