//! copy_in, copy_out and read_cstr: faults become EFAULT, never a kernel fault.

use super::*;
use crate::uspace::layout::TASK_SIZE;

#[test]
fn a_round_trip_across_a_page_boundary() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    let bytes: Vec<u8> = (0..100).collect();
    space
        .copy_out(ua(AREA + PAGE - 50), &bytes)
        .expect("copy_out");
    let mut back = [0u8; 100];
    space
        .copy_in(ua(AREA + PAGE - 50), &mut back)
        .expect("copy_in");
    assert_eq!(&back[..], &bytes[..]);
    assert_eq!(space.resident_pages(), 2);
}

#[test]
fn bad_addresses_are_efault() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, PAGE, R);
    map_fixed(&mut space, AREA + PAGE, PAGE, NONE);
    let mut buffer = [0u8; 8];
    assert_eq!(
        space.copy_out(ua(AREA), &[1]),
        Err(Errno::EFAULT),
        "read-only"
    );
    assert_eq!(
        space.copy_in(ua(AREA + PAGE), &mut buffer),
        Err(Errno::EFAULT),
        "PROT_NONE"
    );
    assert_eq!(
        space.copy_in(ua(AREA + 2 * PAGE), &mut buffer),
        Err(Errno::EFAULT),
        "unmapped"
    );
    assert_eq!(
        space.copy_in(ua(TASK_SIZE - 4), &mut buffer),
        Err(Errno::EFAULT),
        "past the end"
    );
    assert_eq!(
        space.copy_in(ua(0xffff_0000_0000_0000), &mut buffer),
        Err(Errno::EFAULT)
    );
    assert_eq!(
        space.copy_in(ua(u64::MAX - 2), &mut buffer),
        Err(Errno::EFAULT),
        "wraps"
    );
    assert_eq!(space.copy_in(ua(AREA), &mut buffer), Ok(()));
    assert_eq!(
        space.copy_in(ua(AREA + PAGE - 4), &mut buffer),
        Err(Errno::EFAULT),
        "straddles"
    );
}

#[test]
fn copy_out_breaks_copy_on_write() {
    let (machine, _, mut parent) = new_space();
    map_fixed(&mut parent, AREA, PAGE, RW);
    parent.copy_out(ua(AREA), b"parent").expect("copy_out");
    let mut child = parent.fork().expect("fork");
    child.copy_out(ua(AREA), b"child!").expect("copy_out");
    let mut seen = [0u8; 6];
    parent.copy_in(ua(AREA), &mut seen).expect("copy_in");
    assert_eq!(&seen, b"parent");
    assert_eq!(load(&machine, &mut child, AREA), Ok(b'c'));
}

#[test]
fn copy_out_grows_the_stack() {
    let (_, _, mut space) = new_space();
    let flags = PRIVATE_ANON | MapFlags::FIXED | MapFlags::GROWSDOWN;
    space
        .mmap(ua(AREA), PAGE, RW, flags, 0, None)
        .expect("stack");
    space
        .copy_out(ua(AREA - 16), &[7; 32])
        .expect("copy_out below the stack");
    assert_eq!(vma_list(&space), [(AREA - PAGE, AREA + PAGE, RW)]);
}

#[test]
fn strings() {
    let (_, _, mut space) = new_space();
    map_fixed(&mut space, AREA, 2 * PAGE, RW);
    space
        .copy_out(ua(AREA + PAGE - 3), b"/bin/sh\0")
        .expect("copy_out");
    assert_eq!(
        space.read_cstr(ua(AREA + PAGE - 3), 64),
        Ok(b"/bin/sh".to_vec())
    );
    assert_eq!(
        space.read_cstr(ua(AREA + PAGE - 3), 8),
        Ok(b"/bin/sh".to_vec()),
        "NUL is byte 8"
    );
    assert_eq!(
        space.read_cstr(ua(AREA + PAGE - 3), 7),
        Err(Errno::ENAMETOOLONG)
    );
    assert_eq!(space.read_cstr(ua(AREA), 0), Err(Errno::ENAMETOOLONG));
    // A string running into an unmapped page.
    space
        .copy_out(ua(AREA + 2 * PAGE - 2), b"ab")
        .expect("copy_out");
    assert_eq!(
        space.read_cstr(ua(AREA + 2 * PAGE - 2), 64),
        Err(Errno::EFAULT)
    );
    assert_eq!(space.read_cstr(ua(TASK_SIZE), 64), Err(Errno::EFAULT));
}
