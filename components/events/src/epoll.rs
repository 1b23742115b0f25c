//! epoll: an interest list of descriptions, reported level- or edge-triggered
//! (`fs/eventpoll.c`). Each item registers its own waker with the watched file; a wake marks
//! the item (the edge) and wakes the instance's waiters.

use crate::anon::{anon_file_common, AnonInode, StatusFlags};
use alloc::collections::BTreeMap;
use alloc::sync::{Arc, Weak};
use alloc::vec::Vec;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel_core::services::events::{EpollCtl, EpollEvent, EpollOps};
use kernel_core::services::vfs::{File, PollEvents, WaitList, Waker};
use kernel_core::sync::SpinLock;
use kernel_core::Errno;

/// `EPOLLET`.
pub const EPOLLET: u32 = 1 << 31;
/// `EPOLLONESHOT`.
pub const EPOLLONESHOT: u32 = 1 << 30;
/// `EPOLLERR | EPOLLHUP`: always reported.
const ALWAYS: u32 = 0x008 | 0x010;

/// What an item's waker reaches: the instance's waiters.
struct Shared {
    waiters: WaitList,
}

/// Registered with a watched file: marks the item and wakes the instance's waiters.
struct ItemWaker {
    triggered: AtomicBool,
    shared: Weak<Shared>,
}

impl Waker for ItemWaker {
    fn wake(&self) {
        self.triggered.store(true, Ordering::SeqCst);
        if let Some(shared) = self.shared.upgrade() {
            shared.waiters.wake_all();
        }
    }
}

struct Item {
    file: Weak<dyn File>,
    events: u32,
    data: u64,
    disabled: bool,
    waker: Arc<ItemWaker>,
}

/// One watched item as `collect` sees it: key, file, events, waker.
type Watched = ((i32, usize), Arc<dyn File>, u32, Arc<ItemWaker>);

/// An epoll instance.
pub struct Epoll {
    /// Items by (descriptor, description address), in the order they were added.
    items: SpinLock<BTreeMap<(i32, usize), Item>>,
    shared: Arc<Shared>,
    flags: StatusFlags,
    inode: Arc<AnonInode>,
}

/// The identity of a description (its address).
fn address_of(file: &Arc<dyn File>) -> usize {
    Arc::as_ptr(file) as *const () as usize
}

impl Epoll {
    /// An empty instance.
    pub fn new(inode: Arc<AnonInode>) -> Self {
        Self {
            items: SpinLock::new(BTreeMap::new()),
            shared: Arc::new(Shared {
                waiters: WaitList::new(),
            }),
            flags: StatusFlags::new(false),
            inode,
        }
    }

    /// The watched files still open, with their keys (the lock is not held while polling).
    fn snapshot(&self) -> Vec<Watched> {
        let mut items = self.items.lock();
        items.retain(|_, item| item.file.strong_count() > 0);
        items
            .iter()
            .filter(|(_, item)| !item.disabled)
            .filter_map(|(key, item)| {
                Some((*key, item.file.upgrade()?, item.events, item.waker.clone()))
            })
            .collect()
    }
}

impl EpollOps for Epoll {
    fn control(
        &self,
        op: EpollCtl,
        fd: i32,
        file: &Arc<dyn File>,
        events: u32,
        data: u64,
    ) -> Result<(), Errno> {
        let key = (fd, address_of(file));
        {
            let mut items = self.items.lock();
            match op {
                EpollCtl::Add => {
                    if items.contains_key(&key) {
                        return Err(Errno::EEXIST);
                    }
                    let waker = Arc::new(ItemWaker {
                        triggered: AtomicBool::new(true),
                        shared: Arc::downgrade(&self.shared),
                    });
                    items.insert(
                        key,
                        Item {
                            file: Arc::downgrade(file),
                            events,
                            data,
                            disabled: false,
                            waker,
                        },
                    );
                }
                EpollCtl::Modify => {
                    let item = items.get_mut(&key).ok_or(Errno::ENOENT)?;
                    item.events = events;
                    item.data = data;
                    item.disabled = false;
                    item.waker.triggered.store(true, Ordering::SeqCst);
                }
                EpollCtl::Delete => {
                    items.remove(&key).ok_or(Errno::ENOENT)?;
                }
            }
        }
        self.shared.waiters.wake_all();
        Ok(())
    }

    fn collect(&self, max: usize, waker: Option<&Arc<dyn Waker>>) -> Vec<EpollEvent> {
        if let Some(waker) = waker {
            self.shared.waiters.register(waker);
        }
        let mut ready = Vec::new();
        for (key, file, events, item_waker) in self.snapshot() {
            if ready.len() >= max {
                break;
            }
            let interest = events | ALWAYS;
            let as_waker: Arc<dyn Waker> = item_waker.clone();
            let now = file.poll(
                PollEvents::from_bits_truncate(interest as u16),
                Some(&as_waker),
            );
            let got = u32::from(now.bits()) & interest;
            if got == 0 {
                continue;
            }
            if events & EPOLLET != 0 && !item_waker.triggered.swap(false, Ordering::SeqCst) {
                continue;
            }
            let mut items = self.items.lock();
            let Some(item) = items.get_mut(&key) else {
                continue;
            };
            if events & EPOLLONESHOT != 0 {
                item.disabled = true;
            }
            ready.push(EpollEvent {
                events: got,
                data: item.data,
            });
        }
        ready
    }
}

impl File for Epoll {
    fn read(&self, _buffer: &mut [u8]) -> Result<usize, Errno> {
        Err(Errno::EINVAL)
    }

    fn write(&self, _buffer: &[u8]) -> Result<usize, Errno> {
        Err(Errno::EINVAL)
    }

    /// Readable when an item is ready (nested epoll, poll on an epoll descriptor).
    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.shared.waiters.register(waker);
        }
        let any = self.snapshot().into_iter().any(|(_, file, events, _)| {
            let interest = PollEvents::from_bits_truncate((events | ALWAYS) as u16);
            !file.poll(interest, None).is_empty()
        });
        if any {
            PollEvents::READABLE & interest
        } else {
            PollEvents::empty()
        }
    }

    /// The earliest time a watched file asks to be looked at again (a timerfd's expiry).
    fn wake_deadline_ns(&self) -> Option<u64> {
        self.snapshot()
            .into_iter()
            .filter_map(|(_, file, _, _)| file.wake_deadline_ns())
            .min()
    }

    fn as_epoll(&self) -> Option<&dyn EpollOps> {
        Some(self)
    }

    anon_file_common!();
}
