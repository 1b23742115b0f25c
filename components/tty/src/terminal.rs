//! A terminal device: the N_TTY line discipline over a UART, served to the VFS as the
//! character device behind `/dev/console` and `/dev/tty`.
//!
//! The UART's receive interrupt calls [`Terminal::receive_interrupt`], which drains the
//! receive FIFO into the discipline (echo goes straight back out), wakes sleeping readers and
//! sends ^C/^\/^Z to the foreground process group through the [`JobSignals`] capability.
//! Readers never sleep here: an empty queue is `EAGAIN` and the syscall layer parks on the
//! readers' wait list (see `kernel_core::services::vfs::wait`). The discipline sits behind an
//! [`IrqSpinLock`] because the interrupt handler shares it.

use crate::ldisc::{
    ByteSink, IoctlContext, IoctlEffect, LineDiscipline, ReadProgress, ReadStatus, SessionMember,
    WriteStatus,
};
use alloc::sync::Arc;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::process::Signal;
use kernel_core::services::vfs::{CharDeviceOps, PollEvents, WaitList, Waker};
use kernel_core::sync::IrqSpinLock;
use kernel_core::Errno;

/// Bytes written to the UART per lock hold, so that a long write does not keep interrupts
/// masked for long.
const WRITE_CHUNK: usize = 256;

/// Bytes taken from the receive FIFO per pass of the interrupt handler.
const RECEIVE_CHUNK: usize = 64;

/// The process group Linux starts init in: keyboard signals go there while no session has
/// made this terminal its controlling terminal (before `setsid` exists, or with
/// `rdinit=/bin/sh`), so that ^C still reaches the shell's children.
pub const BOOT_PROCESS_GROUP: i32 = 0;

/// What the terminal may ask of the process layer (handed in by the kernel).
pub trait JobSignals: Send + Sync {
    /// Sends `signal` from the kernel to every process of group `pgid`; an empty group is
    /// ignored. Called from the receive interrupt: must not sleep.
    fn signal_group(&self, pgid: i32, signal: Signal);
}

/// What a terminal is built from.
pub struct TerminalCaps {
    /// The UART: raw writes for echo and output, polled reads for the receive FIFO.
    pub device: Arc<dyn CharDevice>,
    /// Keyboard and resize signals.
    pub signals: Arc<dyn JobSignals>,
}

/// One terminal (the console).
pub struct Terminal {
    device: Arc<dyn CharDevice>,
    signals: Arc<dyn JobSignals>,
    ldisc: IrqSpinLock<LineDiscipline>,
    readers: WaitList,
    writers: WaitList,
}

/// Echo and output go to the UART untranslated: the discipline did `OPOST` already.
struct RawSink<'a>(&'a dyn CharDevice);

impl ByteSink for RawSink<'_> {
    fn put_bytes(&mut self, bytes: &[u8]) {
        self.0.write_raw(bytes);
    }
}

impl Terminal {
    /// A terminal with Linux's default termios over `caps.device`.
    pub fn new(caps: TerminalCaps) -> Self {
        Self {
            device: caps.device,
            signals: caps.signals,
            ldisc: IrqSpinLock::new(LineDiscipline::new()),
            readers: WaitList::new(),
            writers: WaitList::new(),
        }
    }

    /// Unmasks the device's receive interrupt; `false` if it has none.
    pub fn enable_receive_interrupt(&self) -> bool {
        self.device.enable_receive_interrupt()
    }

    /// The receive interrupt: drains the FIFO into the discipline, then clears the interrupt.
    pub fn receive_interrupt(&self) {
        self.poll_input();
        self.device.clear_receive_interrupt();
    }

    /// Takes every byte the device holds (also usable without an interrupt).
    pub fn poll_input(&self) {
        let mut chunk = [0u8; RECEIVE_CHUNK];
        loop {
            let mut count = 0;
            while count < chunk.len() {
                match self.device.try_read() {
                    Some(byte) => {
                        chunk[count] = byte;
                        count += 1;
                    }
                    None => break,
                }
            }
            if count == 0 {
                return;
            }
            self.receive(&chunk[..count]);
        }
    }

    /// Feeds received bytes to the discipline; wakes readers and writers, sends signals.
    pub fn receive(&self, bytes: &[u8]) {
        let (report, target) = {
            let mut ldisc = self.ldisc.lock();
            let report = ldisc.receive(bytes, &mut RawSink(self.device.as_ref()));
            (report, self.signal_target(&ldisc))
        };
        if report.readable {
            self.readers.wake_all();
        }
        if report.output_restarted {
            self.writers.wake_all();
        }
        if let Some(pgid) = target {
            for signal in report.signals() {
                self.signals.signal_group(pgid, signal);
            }
        }
    }

    /// Where keyboard signals go: the foreground group of the controlling session; the boot
    /// group while no session controls the terminal; nowhere when a session has no foreground.
    fn signal_target(&self, ldisc: &LineDiscipline) -> Option<i32> {
        match ldisc.job_control.session() {
            Some(_) => ldisc.job_control.foreground(),
            None => Some(BOOT_PROCESS_GROUP),
        }
    }

    /// Makes this the controlling terminal of `member`'s session (opening the port as a
    /// session leader without one); the caller checked that it may.
    pub fn attach(&self, member: SessionMember) {
        let _ = self.ldisc.lock().job_control.attach(member, false);
    }

    /// The session this terminal controls, if any.
    pub fn session(&self) -> Option<i32> {
        self.ldisc.lock().job_control.session()
    }

    /// Bytes a read could return now (`FIONREAD`).
    pub fn readable_bytes(&self) -> usize {
        self.ldisc.lock().readable_bytes()
    }

    /// A TTY ioctl (see [`LineDiscipline::ioctl`]); carries out the signal and wake-up effects
    /// and returns the effect for the kernel's own bookkeeping.
    pub fn ioctl(
        &self,
        request: u32,
        value: usize,
        data: &mut [u8],
        context: &IoctlContext<'_>,
    ) -> Result<IoctlEffect, Errno> {
        let effect = {
            let mut ldisc = self.ldisc.lock();
            ldisc.ioctl(
                request,
                value,
                data,
                context,
                &mut RawSink(self.device.as_ref()),
            )?
        };
        match effect {
            IoctlEffect::SignalGroup { pgrp, signal } => self.signals.signal_group(pgrp, signal),
            IoctlEffect::OutputRestarted => self.writers.wake_all(),
            IoctlEffect::Detached {
                hangup_group: Some(pgrp),
            } => {
                self.signals.signal_group(pgrp, Signal::SIGHUP);
                self.signals.signal_group(pgrp, Signal::SIGCONT);
            }
            _ => {}
        }
        // TCSETS* and TCFLSH may have made input readable or discarded it: readers re-check.
        self.readers.wake_all();
        Ok(effect)
    }

    /// The session the caller would present: a helper for kernels that only know IDs.
    pub fn member(&self, pid: i32, pgid: i32, sid: i32) -> SessionMember {
        SessionMember {
            pgid,
            sid,
            is_session_leader: pid == sid,
            has_controlling_terminal: self.session() == Some(sid),
        }
    }
}

impl CharDeviceOps for Terminal {
    /// One line in canonical mode; in raw mode what is queued (at least one byte). `VMIN`
    /// above 1 and `VTIME` are approximated: a read returns what it has once it has anything.
    fn read(&self, buffer: &mut [u8], nonblocking: bool) -> Result<usize, Errno> {
        if buffer.is_empty() {
            return Ok(0);
        }
        let mut progress = ReadProgress::new(nonblocking);
        let status = self.ldisc.lock().read(buffer, &mut progress, 0);
        match status {
            ReadStatus::Done(count) => Ok(count),
            ReadStatus::Wait { .. } if progress.copied() > 0 => Ok(progress.copied()),
            ReadStatus::Wait { .. } | ReadStatus::WouldBlock => Err(Errno::EAGAIN),
        }
    }

    /// Output through `OPOST` processing, in chunks; `EAGAIN` while output is stopped.
    fn write(&self, buffer: &[u8], _nonblocking: bool) -> Result<usize, Errno> {
        let mut written = 0;
        for chunk in buffer.chunks(WRITE_CHUNK) {
            let status = self
                .ldisc
                .lock()
                .write(chunk, &mut RawSink(self.device.as_ref()));
            match status {
                WriteStatus::Written(count) => written += count,
                WriteStatus::Stopped if written > 0 => return Ok(written),
                WriteStatus::Stopped => return Err(Errno::EAGAIN),
            }
        }
        Ok(written)
    }

    fn poll(&self, interest: PollEvents, waker: Option<&Arc<dyn Waker>>) -> PollEvents {
        if let Some(waker) = waker {
            self.readers.register(waker);
            self.writers.register(waker);
        }
        let ldisc = self.ldisc.lock();
        let mut events = PollEvents::empty();
        if ldisc.readable_bytes() > 0 {
            events |= PollEvents::READABLE;
        }
        if !ldisc.output_stopped() {
            events |= PollEvents::WRITABLE;
        }
        events & interest
    }
}
