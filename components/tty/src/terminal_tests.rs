//! Host tests of the terminal device over a model UART: interrupt-driven input, echo, reads,
//! poll, keyboard signals and the job-control ioctls.

use crate::ldisc::{IoctlContext, SessionMember};
use crate::terminal::{JobSignals, Terminal, TerminalCaps, BOOT_PROCESS_GROUP};
use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;
use kernel_core::services::chardev::CharDevice;
use kernel_core::services::process::Signal;
use kernel_core::services::tty::ioctl;
use kernel_core::services::vfs::{CharDeviceOps, PollEvents};
use kernel_core::Errno;
use spin::Mutex;

#[derive(Default)]
struct ModelUart {
    received: Mutex<VecDeque<u8>>,
    sent: Mutex<Vec<u8>>,
    cleared: Mutex<usize>,
}

impl CharDevice for ModelUart {
    fn name(&self) -> &str {
        "model"
    }
    fn write(&self, _bytes: &[u8]) {
        panic!("the terminal must write raw bytes");
    }
    fn write_raw(&self, bytes: &[u8]) {
        self.sent.lock().extend_from_slice(bytes);
    }
    fn try_read(&self) -> Option<u8> {
        self.received.lock().pop_front()
    }
    fn clear_receive_interrupt(&self) {
        *self.cleared.lock() += 1;
    }
}

#[derive(Default)]
struct Signals(Mutex<Vec<(i32, Signal)>>);

impl JobSignals for Signals {
    fn signal_group(&self, pgid: i32, signal: Signal) {
        self.0.lock().push((pgid, signal));
    }
}

fn terminal() -> (Terminal, Arc<ModelUart>, Arc<Signals>) {
    let uart = Arc::new(ModelUart::default());
    let signals = Arc::new(Signals::default());
    let terminal = Terminal::new(TerminalCaps {
        device: uart.clone(),
        signals: signals.clone(),
    });
    (terminal, uart, signals)
}

fn type_keys(terminal: &Terminal, uart: &ModelUart, keys: &[u8]) {
    uart.received.lock().extend(keys.iter().copied());
    terminal.receive_interrupt();
}

#[test]
fn a_typed_line_is_echoed_and_read_whole() {
    let (terminal, uart, _) = terminal();
    let mut buffer = [0u8; 32];
    assert_eq!(terminal.read(&mut buffer, false), Err(Errno::EAGAIN));
    type_keys(&terminal, &uart, b"echo hi");
    assert_eq!(
        terminal.poll(PollEvents::READABLE, None),
        PollEvents::empty()
    );
    assert_eq!(terminal.read(&mut buffer, true), Err(Errno::EAGAIN));
    type_keys(&terminal, &uart, b"\r");
    assert_eq!(uart.sent.lock().as_slice(), b"echo hi\r\n");
    assert_eq!(*uart.cleared.lock(), 2);
    assert_eq!(
        terminal.poll(PollEvents::READABLE, None),
        PollEvents::READABLE
    );
    assert_eq!(terminal.readable_bytes(), 8);
    assert_eq!(terminal.read(&mut buffer, false), Ok(8));
    assert_eq!(&buffer[..8], b"echo hi\n");
}

#[test]
fn output_newlines_become_crlf_through_opost() {
    let (terminal, uart, _) = terminal();
    assert_eq!(terminal.write(b"a\nb\n", false), Ok(4));
    assert_eq!(uart.sent.lock().as_slice(), b"a\r\nb\r\n");
}

#[test]
fn ctrl_c_goes_to_the_boot_group_without_a_controlling_session() {
    let (terminal, uart, signals) = terminal();
    type_keys(&terminal, &uart, b"sleep 10\x03");
    assert_eq!(
        signals.0.lock().as_slice(),
        [(BOOT_PROCESS_GROUP, Signal::SIGINT)]
    );
    assert_eq!(uart.sent.lock().as_slice(), b"sleep 10^C");
    assert_eq!(terminal.readable_bytes(), 0);
}

#[test]
fn keyboard_signals_follow_the_foreground_group_set_by_tiocspgrp() {
    let (terminal, uart, signals) = terminal();
    let leader = terminal.member(7, 7, 7);
    let lookup = |pgrp: i32| (pgrp == 9 || pgrp == 7).then_some(7);
    let context = IoctlContext {
        caller: leader,
        privileged: true,
        group_session: &lookup,
    };
    assert!(terminal
        .ioctl(ioctl::TIOCSCTTY, 0, &mut [], &context)
        .is_ok());
    assert_eq!(terminal.session(), Some(7));
    let member = SessionMember {
        has_controlling_terminal: true,
        ..leader
    };
    let context = IoctlContext {
        caller: member,
        ..context
    };
    let mut pgrp = 9i32.to_le_bytes();
    assert!(terminal
        .ioctl(ioctl::TIOCSPGRP, 0, &mut pgrp, &context)
        .is_ok());
    type_keys(&terminal, &uart, b"\x1c\x1a");
    assert_eq!(
        signals.0.lock().as_slice(),
        [(9, Signal::SIGQUIT), (9, Signal::SIGTSTP)]
    );
    let mut out = [0u8; 4];
    assert!(terminal
        .ioctl(ioctl::TIOCGPGRP, 0, &mut out, &context)
        .is_ok());
    assert_eq!(i32::from_le_bytes(out), 9);
}

#[test]
fn fionread_counts_only_complete_lines() {
    let (terminal, uart, _) = terminal();
    let lookup = |_: i32| None;
    let context = IoctlContext {
        caller: terminal.member(1, 0, 0),
        privileged: false,
        group_session: &lookup,
    };
    type_keys(&terminal, &uart, b"ab\ncd");
    let mut out = [0u8; 4];
    assert!(terminal
        .ioctl(ioctl::FIONREAD, 0, &mut out, &context)
        .is_ok());
    assert_eq!(i32::from_le_bytes(out), 3);
}

mod nodes {
    use super::*;
    use crate::node::{Callers, NodeKind, TerminalNode};
    use kernel_core::services::vfs::OpenFlags;

    struct Caller(Mutex<Option<(i32, i32, i32)>>);

    impl Callers for Caller {
        fn caller(&self) -> Option<(i32, i32, i32)> {
            *self.0.lock()
        }
    }

    fn nodes() -> (Arc<Terminal>, Arc<Caller>, [TerminalNode; 3]) {
        let (terminal, _, _) = terminal();
        let terminal = Arc::new(terminal);
        let caller = Arc::new(Caller(Mutex::new(Some((1, 0, 0)))));
        let node = |kind| TerminalNode::new(terminal.clone(), kind, caller.clone());
        let nodes = [
            node(NodeKind::CurrentTty),
            node(NodeKind::Console),
            node(NodeKind::Port),
        ];
        (terminal, caller, nodes)
    }

    #[test]
    fn dev_tty_needs_a_controlling_terminal() {
        let (_, _, [tty, console, _]) = nodes();
        assert_eq!(tty.open(OpenFlags::O_RDWR), Err(Errno::ENXIO));
        assert_eq!(console.open(OpenFlags::O_RDWR), Ok(()));
    }

    #[test]
    fn a_session_leader_opening_the_port_acquires_it_but_not_through_the_console() {
        let (terminal, caller, [tty, console, port]) = nodes();
        *caller.0.lock() = Some((5, 5, 5));
        assert_eq!(console.open(OpenFlags::O_RDWR), Ok(()));
        assert_eq!(terminal.session(), None);
        assert_eq!(port.open(OpenFlags::O_RDWR | OpenFlags::O_NOCTTY), Ok(()));
        assert_eq!(terminal.session(), None);
        assert_eq!(port.open(OpenFlags::O_RDWR), Ok(()));
        assert_eq!(terminal.session(), Some(5));
        assert_eq!(tty.open(OpenFlags::O_RDWR), Ok(()));
        *caller.0.lock() = Some((6, 6, 6));
        assert_eq!(port.open(OpenFlags::O_RDWR), Ok(()));
        assert_eq!(
            terminal.session(),
            Some(5),
            "a terminal in use is not taken"
        );
    }

    #[test]
    fn kernel_opens_always_succeed() {
        let (_, caller, [tty, _, _]) = nodes();
        *caller.0.lock() = None;
        assert_eq!(tty.open(OpenFlags::O_RDWR), Ok(()));
    }
}
