//! Service contracts: the traits components implement and consume.
//!
//! Each is used as `Arc<dyn Trait>` (or `&'static dyn Trait`) inside a component's `Caps` struct.
//! The invariants of each contract are written in `docs/contracts/`.

pub mod block;
pub mod chardev;
pub mod events;
pub mod irq;
pub mod mm;
pub mod pagecache;
pub mod process;
pub mod sched;
pub mod time;
pub mod tty;
pub mod vfs;
