//! Event objects and local sockets: the contracts behind eventfd, timerfd, signalfd, epoll and
//! `AF_UNIX` sockets.
//!
//! Every object is an open file description ([`File`]); its extra operations are reached
//! through [`File::as_timer`], [`File::as_epoll`], [`File::as_signalfd`] and
//! [`File::as_socket`]. Like the rest of the VFS, no operation sleeps: where Linux would block
//! it returns `EAGAIN` and readiness goes through `File::poll` (see [`super::vfs::wait`]).

use super::vfs::{DeviceId, File, Waker};
use crate::Errno;
use alloc::sync::Arc;
use alloc::vec::Vec;

/// `EFD_SEMAPHORE`.
pub const EFD_SEMAPHORE: u32 = 1;
/// `O_NONBLOCK` as the event-object creation flags spell it (`EFD_`/`TFD_`/`SFD_NONBLOCK`).
pub const NONBLOCK: u32 = 0o4000;
/// `O_CLOEXEC` as the creation flags spell it.
pub const CLOEXEC: u32 = 0o2000000;

/// Creates the event objects (`eventfd2`, `timerfd_create`, `signalfd4`, `epoll_create1`).
pub trait EventService: Send + Sync {
    /// `eventfd2(initial, flags)`: flags already checked; `NONBLOCK` sets `O_NONBLOCK`.
    fn eventfd(&self, initial: u64, flags: u32) -> Result<Arc<dyn File>, Errno>;
    /// `timerfd_create(clock, flags)`: `EINVAL` for an unknown clock.
    fn timerfd(&self, clock: i32, flags: u32) -> Result<Arc<dyn File>, Errno>;
    /// `signalfd4(-1, mask, flags)`: a new descriptor reading the caller's signals in `mask`.
    fn signalfd(&self, mask: u64, flags: u32) -> Result<Arc<dyn File>, Errno>;
    /// `epoll_create1(flags)`.
    fn epoll(&self) -> Result<Arc<dyn File>, Errno>;
}

/// A timer's setting, in nanoseconds (`struct itimerspec`): `value_ns` 0 is disarmed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimerSetting {
    /// Period after the first expiry (0: one shot).
    pub interval_ns: u64,
    /// Time to the next expiry (relative), or the absolute time with `TFD_TIMER_ABSTIME`.
    pub value_ns: u64,
}

/// `TFD_TIMER_ABSTIME`.
pub const TFD_TIMER_ABSTIME: u32 = 1;

/// The operations of a timerfd.
pub trait TimerOps: Send + Sync {
    /// `timerfd_settime`: returns the old setting (time left, interval).
    fn set(&self, flags: u32, setting: TimerSetting) -> Result<TimerSetting, Errno>;
    /// `timerfd_gettime`: the time left to the next expiry and the interval.
    fn get(&self) -> TimerSetting;
}

/// One ready entry of `epoll_wait`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpollEvent {
    /// The `EPOLL*` events that are ready.
    pub events: u32,
    /// The caller's data word.
    pub data: u64,
}

/// `EPOLL_CTL_ADD`, `EPOLL_CTL_DEL`, `EPOLL_CTL_MOD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpollCtl {
    /// Watch a new descriptor (`EEXIST` if watched).
    Add,
    /// Stop watching (`ENOENT` if not watched).
    Delete,
    /// Change the events and data (`ENOENT` if not watched).
    Modify,
}

/// The operations of an epoll instance.
pub trait EpollOps: Send + Sync {
    /// `epoll_ctl`: `fd` and `file` name the watched description; `events` holds the
    /// `EPOLL*` bits (`EPOLLET`, `EPOLLONESHOT` included).
    fn control(
        &self,
        op: EpollCtl,
        fd: i32,
        file: &Arc<dyn File>,
        events: u32,
        data: u64,
    ) -> Result<(), Errno>;
    /// Up to `max` ready entries (level- or edge-triggered as registered); registers `waker`
    /// with the instance first so a later change wakes the waiter.
    fn collect(&self, max: usize, waker: Option<&Arc<dyn Waker>>) -> Vec<EpollEvent>;
}

/// The operations of a signalfd.
pub trait SignalFdOps: Send + Sync {
    /// `signalfd4(fd, mask, flags)` on an existing descriptor: replaces the mask.
    fn set_mask(&self, mask: u64);
}

/// A signal taken from a thread's queue, as `struct signalfd_siginfo` reports it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SignalRecord {
    /// `ssi_signo`.
    pub signo: u32,
    /// `ssi_errno`.
    pub errno: i32,
    /// `ssi_code`.
    pub code: i32,
    /// `ssi_pid`.
    pub pid: u32,
    /// `ssi_uid`.
    pub uid: u32,
    /// `ssi_status`.
    pub status: i32,
    /// `ssi_int` / `ssi_ptr` (the queued value).
    pub value: u64,
    /// `ssi_addr`.
    pub addr: u64,
}

/// The calling thread's signal queue, as signalfd sees it (handed in by the kernel).
pub trait SignalSource: Send + Sync {
    /// Takes the lowest pending signal in `mask` of the calling thread (then its process).
    fn take(&self, mask: u64) -> Option<SignalRecord>;
    /// Whether a signal in `mask` is pending for the calling thread; registers `waker` to be
    /// woken when one arrives, where the kernel can.
    fn pending(&self, mask: u64, waker: Option<&Arc<dyn Waker>>) -> bool;
}

/// Where a local socket is bound: a socket inode of the VFS, or an abstract name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SocketKey {
    /// The socket inode at a path (its device and inode number).
    Node(DeviceId, u64),
    /// An abstract-namespace name (the bytes after the leading NUL).
    Abstract(Vec<u8>),
}

/// `SOCK_STREAM`.
pub const SOCK_STREAM: i32 = 1;
/// `SOCK_DGRAM`.
pub const SOCK_DGRAM: i32 = 2;
/// `SOCK_SEQPACKET`.
pub const SOCK_SEQPACKET: i32 = 5;
/// `AF_UNIX`.
pub const AF_UNIX: i32 = 1;

/// What `recvmsg` got.
#[derive(Default)]
pub struct Received {
    /// Bytes copied into the buffer.
    pub len: usize,
    /// The message's full length (a datagram longer than the buffer was truncated).
    pub full_len: usize,
    /// Descriptions passed with `SCM_RIGHTS`.
    pub rights: Vec<Arc<dyn File>>,
    /// The sender's bound name (`sun_path` bytes), for a datagram from a bound socket.
    pub from: Option<Vec<u8>>,
}

/// Flags of a send or receive (`MSG_*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageFlags {
    /// `MSG_PEEK`: leave the data queued.
    pub peek: bool,
    /// `MSG_DONTWAIT` or `O_NONBLOCK`: do not block (the caller handles it; kept for
    /// completeness).
    pub nonblocking: bool,
}

/// The operations of an `AF_UNIX` socket. None sleeps: `EAGAIN` where Linux would.
pub trait SocketOps: Send + Sync {
    /// `SOCK_STREAM`, `SOCK_DGRAM` or `SOCK_SEQPACKET`.
    fn socket_type(&self) -> i32;
    /// `bind` to `key`, reported by `getsockname` as `name` (the `sun_path` bytes).
    fn bind(&self, key: SocketKey, name: Vec<u8>) -> Result<(), Errno>;
    /// `listen(backlog)`.
    fn listen(&self, backlog: i32) -> Result<(), Errno>;
    /// `accept`: a connection waiting, or `EAGAIN`.
    fn accept(&self) -> Result<Arc<dyn File>, Errno>;
    /// `connect` to the socket bound at `key`.
    fn connect(&self, key: &SocketKey) -> Result<(), Errno>;
    /// `sendmsg`: to the peer, or to `to` for a datagram; returns the bytes sent.
    fn send(
        &self,
        data: &[u8],
        rights: Vec<Arc<dyn File>>,
        to: Option<&SocketKey>,
        flags: MessageFlags,
    ) -> Result<usize, Errno>;
    /// `recvmsg` into `buffer`.
    fn receive(&self, buffer: &mut [u8], flags: MessageFlags) -> Result<Received, Errno>;
    /// `shutdown(how)`: 0 reading, 1 writing, 2 both.
    fn shutdown(&self, how: i32) -> Result<(), Errno>;
    /// The bound name (empty when unbound).
    fn local_name(&self) -> Vec<u8>;
    /// The peer's bound name; `ENOTCONN` when not connected.
    fn peer_name(&self) -> Result<Vec<u8>, Errno>;
    /// `SO_ERROR`-style pending error and `SO_ACCEPTCONN`: whether listening.
    fn listening(&self) -> bool;
}

/// Two connected sockets (`socketpair`).
pub type SocketPair = (Arc<dyn File>, Arc<dyn File>);

/// Creates local sockets (`socket`, `socketpair` for `AF_UNIX`).
pub trait SocketService: Send + Sync {
    /// `socket(AF_UNIX, kind, 0)`; `nonblocking` from `SOCK_NONBLOCK`.
    fn socket(&self, kind: i32, nonblocking: bool) -> Result<Arc<dyn File>, Errno>;
    /// `socketpair(AF_UNIX, kind, 0)`: two connected sockets.
    fn pair(&self, kind: i32, nonblocking: bool) -> Result<SocketPair, Errno>;
}
