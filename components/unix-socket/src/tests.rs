//! Host tests of `AF_UNIX` sockets against the behaviour Linux shows.

use crate::UnixSockets;
use alloc::vec;
use kernel_core::services::events::{
    MessageFlags, SocketKey, SocketService, SOCK_DGRAM, SOCK_STREAM,
};
use kernel_core::services::vfs::DeviceId;
use kernel_core::Errno;

#[test]
fn a_stream_pair_carries_bytes_and_ends() {
    let sockets = UnixSockets::new();
    let (a, b) = sockets.pair(SOCK_STREAM, false).unwrap();
    assert_eq!(a.write(b"hello"), Ok(5));
    let mut buffer = [0u8; 16];
    assert_eq!(b.read(&mut buffer), Ok(5));
    assert_eq!(a.read(&mut buffer), Err(Errno::EAGAIN));
    b.as_socket().unwrap().shutdown(1).unwrap();
    assert_eq!(a.read(&mut buffer), Ok(0));
    drop(a);
    assert_eq!(b.write(b"x"), Err(Errno::EPIPE));
}

#[test]
fn datagrams_keep_their_boundaries() {
    let sockets = UnixSockets::new();
    let (a, b) = sockets.pair(SOCK_DGRAM, false).unwrap();
    a.write(b"one").unwrap();
    a.write(b"second").unwrap();
    let mut buffer = [0u8; 16];
    assert_eq!(b.read(&mut buffer), Ok(3));
    assert_eq!(b.read(&mut buffer[..2]), Ok(2));
    assert_eq!(b.read(&mut buffer), Err(Errno::EAGAIN));
    a.write(b"peek").unwrap();
    let peek = MessageFlags {
        peek: true,
        nonblocking: false,
    };
    let ops = b.as_socket().unwrap();
    assert_eq!(ops.receive(&mut buffer, peek).unwrap().len, 4);
    assert_eq!(b.read(&mut buffer), Ok(4));
}

#[test]
fn a_bound_listener_accepts_a_connection() {
    let sockets = UnixSockets::new();
    let key = SocketKey::Node(DeviceId::new(0, 3), 9);
    let server = sockets.socket(SOCK_STREAM, false).unwrap();
    let ops = server.as_socket().unwrap();
    ops.bind(key.clone(), b"server.sock".to_vec()).unwrap();
    let other = sockets.socket(SOCK_STREAM, false).unwrap();
    assert_eq!(
        other.as_socket().unwrap().bind(key.clone(), vec![]),
        Err(Errno::EADDRINUSE)
    );
    assert_eq!(
        other.as_socket().unwrap().accept().err(),
        Some(Errno::EINVAL)
    );
    ops.listen(4).unwrap();
    let client = sockets.socket(SOCK_STREAM, false).unwrap();
    client.as_socket().unwrap().connect(&key).unwrap();
    let connection = ops.accept().unwrap();
    client.write(b"from client").unwrap();
    let mut buffer = [0u8; 16];
    assert_eq!(connection.read(&mut buffer), Ok(11));
    assert_eq!(
        client.as_socket().unwrap().peer_name().unwrap(),
        b"server.sock".to_vec()
    );
}

#[test]
fn descriptions_travel_with_the_bytes() {
    let sockets = UnixSockets::new();
    let (a, b) = sockets.pair(SOCK_STREAM, false).unwrap();
    let (passed, _) = sockets.pair(SOCK_DGRAM, false).unwrap();
    a.as_socket()
        .unwrap()
        .send(b"F", vec![passed], None, MessageFlags::default())
        .unwrap();
    let mut buffer = [0u8; 4];
    let received = b
        .as_socket()
        .unwrap()
        .receive(&mut buffer, MessageFlags::default())
        .unwrap();
    assert_eq!(received.len, 1);
    assert_eq!(received.rights.len(), 1);
}
