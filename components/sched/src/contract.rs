//! [`Scheduler`] for [`QueueScheduler`]: each call is one critical section.

use crate::core::QueueScheduler;
use crate::queues::RunQueues;
use crate::task::{Intent, Place, TaskEntry};
use crate::wait::TaskWaitQueue;
use alloc::sync::Arc;
use kernel_core::services::sched::{CpuMask, SchedError, Scheduler, TaskId, TaskState, WaitQueue};

impl<Q: RunQueues + 'static> Scheduler for QueueScheduler<Q> {
    fn cpu_count(&self) -> usize {
        self.cpu_count
    }

    fn register(&self, task: TaskId, affinity: CpuMask) -> Result<(), SchedError> {
        let affinity = self.usable(affinity)?;
        let mut inner = self.lock();
        if inner.tasks.contains_key(&task) {
            return Err(SchedError::AlreadyRegistered(task));
        }
        inner.tasks.insert(task, TaskEntry::new(affinity));
        let total = inner.tasks.len();
        inner.queues.reserve(total);
        Ok(())
    }

    fn unregister(&self, task: TaskId) -> Result<(), SchedError> {
        let mut inner = self.lock();
        let entry = inner.live(task)?;
        match entry.place {
            Place::Off => {
                inner.tasks.remove(&task);
            }
            Place::Queued(queue_cpu) => {
                inner.queues.remove(task, queue_cpu);
                inner.tasks.remove(&task);
            }
            Place::OnCpu { cpu, .. } => {
                entry.exiting = true;
                entry.place = Place::OnCpu {
                    cpu,
                    runnable: false,
                };
                self.ticks.request(cpu);
            }
            Place::Leaving { cpu, .. } => {
                entry.exiting = true;
                entry.place = Place::Leaving {
                    cpu,
                    requeue: false,
                };
            }
        }
        self.publish(&inner);
        Ok(())
    }

    fn enqueue(&self, task: TaskId, cpu_hint: usize) -> Result<Option<usize>, SchedError> {
        let mut inner = self.lock();
        let placed = inner.make_runnable(task, cpu_hint)?;
        self.publish(&inner);
        Ok(placed)
    }

    fn dequeue(&self, task: TaskId) -> Result<(), SchedError> {
        let mut inner = self.lock();
        let entry = inner.live(task)?;
        entry.intent = Intent::Idle;
        match entry.place {
            Place::Queued(queue_cpu) => {
                entry.place = Place::Off;
                inner.queues.remove(task, queue_cpu);
            }
            Place::OnCpu { cpu, .. } => {
                entry.place = Place::OnCpu {
                    cpu,
                    runnable: false,
                };
                self.ticks.request(cpu);
            }
            Place::Leaving { cpu, .. } => {
                entry.place = Place::Leaving {
                    cpu,
                    requeue: false,
                };
            }
            Place::Off => {}
        }
        self.publish(&inner);
        Ok(())
    }

    fn prepare_block(&self, task: TaskId) -> Result<(), SchedError> {
        let mut inner = self.lock();
        let entry = inner.live(task)?;
        if entry.intent == Intent::Idle {
            entry.intent = Intent::Armed;
        }
        Ok(())
    }

    fn block(&self, task: TaskId) -> Result<bool, SchedError> {
        let mut inner = self.lock();
        let entry = inner.live(task)?;
        let Place::OnCpu {
            cpu,
            runnable: true,
        } = entry.place
        else {
            return Err(SchedError::NotRunning(task));
        };
        let sleeps = entry.intent == Intent::Armed;
        entry.intent = Intent::Idle;
        if sleeps {
            entry.place = Place::OnCpu {
                cpu,
                runnable: false,
            };
        }
        Ok(sleeps)
    }

    fn wake(&self, task: TaskId) -> Result<Option<usize>, SchedError> {
        let mut inner = self.lock();
        let entry = match inner.live(task) {
            Err(SchedError::Exiting(_)) => return Ok(None),
            other => other?,
        };
        if entry.state() != TaskState::Blocked {
            if entry.intent == Intent::Armed {
                entry.intent = Intent::Woken;
            }
            return Ok(None);
        }
        let hint = entry.last_cpu;
        let placed = inner.make_runnable(task, hint)?;
        self.publish(&inner);
        Ok(placed)
    }

    fn pick_next(&self, cpu: usize) -> Option<TaskId> {
        if cpu >= self.cpu_count {
            return None;
        }
        let mut inner = self.lock();
        inner.finish_leaving(cpu);
        let next = inner.pick(cpu);
        self.ticks.restart(cpu);
        self.publish(&inner);
        next
    }

    fn finish_switch(&self, cpu: usize) -> Option<usize> {
        let mut inner = self.lock();
        let placed = inner.finish_leaving(cpu);
        self.publish(&inner);
        placed
    }

    fn tick(&self, cpu: usize) -> bool {
        self.ticks.tick(cpu, self.timeslice_ticks)
    }

    fn current(&self, cpu: usize) -> Option<TaskId> {
        self.lock().cpus.get(cpu).and_then(|slot| slot.current)
    }

    fn state(&self, task: TaskId) -> Option<TaskState> {
        self.lock().tasks.get(&task).map(TaskEntry::state)
    }

    fn set_affinity(&self, task: TaskId, affinity: CpuMask) -> Result<(), SchedError> {
        let affinity = self.usable(affinity)?;
        let mut inner = self.lock();
        let entry = inner.live(task)?;
        entry.affinity = affinity;
        match entry.place {
            Place::Queued(queue_cpu) => {
                inner.queues.remove(task, queue_cpu);
                inner.queue(task, queue_cpu);
            }
            Place::OnCpu { cpu, .. } if !affinity.contains(cpu) => self.ticks.request(cpu),
            _ => {}
        }
        self.publish(&inner);
        Ok(())
    }

    fn affinity(&self, task: TaskId) -> Option<CpuMask> {
        self.lock().tasks.get(&task).map(|entry| entry.affinity)
    }

    fn new_wait_queue(&self) -> Arc<dyn WaitQueue> {
        match self.me.upgrade() {
            Some(me) => Arc::new(TaskWaitQueue::new(me)),
            None => Arc::new(TaskWaitQueue::detached()),
        }
    }
}
