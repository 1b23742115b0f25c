//! `siginfo_t`: the kernel keeps 48 bytes (`struct kernel_siginfo`: signo, errno, code and a
//! 32-byte union at offset 16); user memory gets 128 with the rest zeroed
//! (`include/uapi/asm-generic/siginfo.h`, `copy_siginfo_to_user`).

use kernel_core::Errno;

pub use super::codes::{code, known_layout, layout, Layout};

/// `sizeof(siginfo_t)`.
pub const SIGINFO_SIZE: usize = 128;
/// `sizeof(struct kernel_siginfo)`: what the kernel stores and copies back.
pub const KERNEL_SIGINFO_SIZE: usize = 48;
/// Offset of the union (`_sifields`) in `siginfo_t`.
pub const SIFIELDS_OFFSET: usize = 16;

/// A signal's information, in the kernel's 48-byte form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigInfo {
    signo: i32,
    errno: i32,
    code: i32,
    fields: [u8; 32],
}

impl SigInfo {
    /// Signal `signo` with `si_code` `code` and an all-zero union (`clear_siginfo`).
    pub const fn new(signo: i32, code: i32) -> Self {
        Self {
            signo,
            errno: 0,
            code,
            fields: [0; 32],
        }
    }

    /// `_kill` info: sent by a process (`SI_USER` for `kill`, `SI_TKILL` for `tgkill`).
    pub fn sent_by(signo: i32, code: i32, pid: i32, uid: u32) -> Self {
        let mut info = Self::new(signo, code);
        info.put_i32(0, pid);
        info.put_u32(4, uid);
        info
    }

    /// What the kernel sends on its own behalf (`SEND_SIG_PRIV`): `SI_KERNEL`, pid and uid 0.
    pub fn kernel(signo: i32) -> Self {
        Self::new(signo, code::SI_KERNEL)
    }

    /// `_sigchld` info for SIGCHLD (times in clock ticks).
    pub fn child(code: i32, pid: i32, uid: u32, status: i32, utime: i64, stime: i64) -> Self {
        let mut info = Self::sent_by(17, code, pid, uid);
        info.put_i32(8, status);
        info.fields[16..24].copy_from_slice(&utime.to_le_bytes());
        info.fields[24..32].copy_from_slice(&stime.to_le_bytes());
        info
    }

    /// `_sigfault` info for a fault at `addr`.
    pub fn fault(signo: i32, code: i32, addr: u64) -> Self {
        let mut info = Self::new(signo, code);
        info.fields[0..8].copy_from_slice(&addr.to_le_bytes());
        info
    }

    /// `_rt` info (`sigqueue`, `SI_QUEUE`): pid, uid and the `sigval` value.
    pub fn queued(signo: i32, code: i32, pid: i32, uid: u32, value: u64) -> Self {
        let mut info = Self::sent_by(signo, code, pid, uid);
        info.fields[8..16].copy_from_slice(&value.to_le_bytes());
        info
    }

    /// `si_signo`.
    pub const fn signo(&self) -> i32 {
        self.signo
    }

    /// `si_errno`.
    pub const fn errno(&self) -> i32 {
        self.errno
    }

    /// `si_code`.
    pub const fn code(&self) -> i32 {
        self.code
    }

    /// Replaces `si_signo` (`rt_sigqueueinfo` takes the number from its argument).
    pub fn set_signo(&mut self, signo: i32) {
        self.signo = signo;
    }

    /// `si_pid` (offset 16).
    pub fn pid(&self) -> i32 {
        self.get_i32(0)
    }

    /// `si_uid` (offset 20).
    pub fn uid(&self) -> u32 {
        self.get_i32(4) as u32
    }

    /// `si_status` (offset 24), also `si_int`/`si_fd`.
    pub fn status(&self) -> i32 {
        self.get_i32(8)
    }

    /// `si_value` as a pointer (offset 24).
    pub fn value(&self) -> u64 {
        self.get_u64(8)
    }

    /// `si_addr` (offset 16).
    pub fn addr(&self) -> u64 {
        self.get_u64(0)
    }

    /// Replaces `si_addr`.
    pub fn set_addr(&mut self, addr: u64) {
        self.fields[0..8].copy_from_slice(&addr.to_le_bytes());
    }

    /// Zeroes `si_pid` (a sender the receiver cannot name).
    pub fn clear_pid(&mut self) {
        self.put_i32(0, 0);
    }

    /// Which union member this info uses.
    pub fn layout(&self) -> Layout {
        layout(self.signo, self.code)
    }

    /// The 128 bytes `copy_siginfo_to_user` writes: the 48 kernel bytes, then zeros.
    pub fn to_user_bytes(&self) -> [u8; SIGINFO_SIZE] {
        let mut bytes = [0u8; SIGINFO_SIZE];
        bytes[0..4].copy_from_slice(&self.signo.to_le_bytes());
        bytes[4..8].copy_from_slice(&self.errno.to_le_bytes());
        bytes[8..12].copy_from_slice(&self.code.to_le_bytes());
        bytes[SIFIELDS_OFFSET..KERNEL_SIGINFO_SIZE].copy_from_slice(&self.fields);
        bytes
    }

    /// Reads a user `siginfo_t` for `rt_sigqueueinfo` as `__copy_siginfo_from_user` does:
    /// the first 48 bytes are kept, `si_signo` becomes `signo`, and with a layout the kernel
    /// does not know the other 80 bytes must be zero (`E2BIG`).
    pub fn from_user_bytes(signo: i32, bytes: &[u8; SIGINFO_SIZE]) -> Result<Self, Errno> {
        let word = |at: usize| {
            i32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let mut info = Self::new(signo, word(8));
        info.errno = word(4);
        info.fields
            .copy_from_slice(&bytes[SIFIELDS_OFFSET..KERNEL_SIGINFO_SIZE]);
        if !known_layout(info.signo, info.code)
            && bytes[KERNEL_SIGINFO_SIZE..].iter().any(|b| *b != 0)
        {
            return Err(Errno::E2BIG);
        }
        Ok(info)
    }

    fn put_i32(&mut self, at: usize, value: i32) {
        self.fields[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    fn put_u32(&mut self, at: usize, value: u32) {
        self.fields[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    fn get_i32(&self, at: usize) -> i32 {
        let f = &self.fields;
        i32::from_le_bytes([f[at], f[at + 1], f[at + 2], f[at + 3]])
    }

    fn get_u64(&self, at: usize) -> u64 {
        let mut raw = [0u8; 8];
        raw.copy_from_slice(&self.fields[at..at + 8]);
        u64::from_le_bytes(raw)
    }
}
