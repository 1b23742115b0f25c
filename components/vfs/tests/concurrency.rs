//! Several threads at once: appends stay whole, pipes keep every byte in order, directory
//! changes from many threads neither deadlock nor lose entries.

mod common;

use common::*;
use kernel_core::services::vfs::{OpenFlags, VfsService, PIPE_BUF};
use kernel_core::Errno;

#[test]
fn appends_from_many_descriptions_stay_whole() {
    let world = World::new();
    let p = world.root();
    p.create("/log", b"").unwrap();
    std::thread::scope(|scope| {
        for thread in 0..4u8 {
            let p = world.root();
            scope.spawn(move || {
                let file = p.open("/log", WRONLY | OpenFlags::O_APPEND).unwrap();
                let record = [b'a' + thread; 10];
                for _ in 0..500 {
                    assert_eq!(file.write(&record).unwrap(), 10);
                }
            });
        }
    });
    let data = p.read_all("/log").unwrap();
    assert_eq!(data.len(), 4 * 500 * 10);
    for record in data.chunks(10) {
        assert!(
            record.iter().all(|byte| *byte == record[0]),
            "no write was split"
        );
    }
    for thread in 0..4u8 {
        let count = data
            .chunks(10)
            .filter(|record| record[0] == b'a' + thread)
            .count();
        assert_eq!(count, 500);
    }
}

#[test]
fn a_pipe_between_threads_keeps_order() {
    let world = World::new();
    let (reader, writer) = world
        .vfs
        .pipe(
            &kernel_core::services::vfs::Credentials::root(),
            OpenFlags::empty(),
        )
        .unwrap();
    let total = 1 << 20;
    let received = std::thread::scope(|scope| {
        scope.spawn(move || {
            let data: Vec<u8> = (0..total).map(|index| (index % 251) as u8).collect();
            let mut sent = 0;
            while sent < total {
                let end = (sent + PIPE_BUF).min(total);
                match writer.write(&data[sent..end]) {
                    Ok(count) => sent += count,
                    Err(Errno::EAGAIN) => std::thread::yield_now(),
                    Err(error) => panic!("write failed: {error:?}"),
                }
            }
        });
        let reader_thread = scope.spawn(move || {
            let mut received = Vec::new();
            let mut buffer = [0u8; 3000];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) => return received,
                    Ok(count) => received.extend_from_slice(&buffer[..count]),
                    Err(Errno::EAGAIN) => std::thread::yield_now(),
                    Err(error) => panic!("read failed: {error:?}"),
                }
            }
        });
        reader_thread.join().unwrap()
    });
    assert_eq!(received.len(), total, "end of file once the writer is gone");
    assert!(received
        .iter()
        .enumerate()
        .all(|(index, byte)| *byte == (index % 251) as u8));
}

#[test]
fn directory_changes_from_many_threads() {
    let world = World::new();
    let p = world.root();
    p.mkdir("/a").unwrap();
    p.mkdir("/b").unwrap();
    p.mkdir("/x").unwrap();
    std::thread::scope(|scope| {
        for thread in 0..4 {
            let p = world.root();
            scope.spawn(move || {
                for index in 0..100 {
                    let name = format!("/a/t{thread}-{index}");
                    p.create(&name, b"x").unwrap();
                    let moved = format!("/b/t{thread}-{index}");
                    p.rename(&name, &moved).unwrap();
                    if index % 2 == 0 {
                        p.unlink(&moved).unwrap();
                    }
                    p.list("/b").unwrap();
                }
            });
        }
        let p = world.root();
        scope.spawn(move || {
            for _ in 0..200 {
                p.rename("/x", "/b/y").unwrap();
                p.rename("/b/y", "/x").unwrap();
            }
        });
    });
    assert_eq!(p.list("/b").unwrap().len(), 2 + 4 * 50);
    assert_eq!(p.list("/a").unwrap().len(), 2);
    assert_eq!(p.stat("/").unwrap().nlink, 5);
    assert_eq!(p.stat("/b").unwrap().nlink, 2, "/b/y went back to /x");
}
