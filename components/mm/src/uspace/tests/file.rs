//! File mappings: contents, end of file, ELF-style zero tails, read errors.

use super::*;

fn map_file(
    space: &mut AddressSpace,
    file: &Arc<FakeFile>,
    len: u64,
    offset: u64,
    file_bytes: Option<u64>,
) -> u64 {
    space
        .mmap(
            ua(0),
            len,
            RW,
            MapFlags::PRIVATE,
            offset,
            Some(file.backing(file_bytes)),
        )
        .expect("file mapping")
        .as_u64()
}

#[test]
fn pages_show_the_file_from_the_offset() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(3 * PAGE as usize);
    let at = map_file(&mut space, &file, 2 * PAGE, PAGE, None);
    for offset in [0, 1, 4095, 4096, 8191] {
        let expected = pattern((PAGE + offset) as usize);
        assert_eq!(load(&machine, &mut space, at + offset), Ok(expected));
    }
    assert_eq!(space.vmas()[0].offset, PAGE);
}

#[test]
fn the_last_page_is_zero_past_eof_and_pages_beyond_are_sigbus() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(PAGE as usize + 100);
    let at = map_file(&mut space, &file, 3 * PAGE, 0, None);
    assert_eq!(
        load(&machine, &mut space, at + PAGE + 99),
        Ok(pattern(PAGE as usize + 99))
    );
    assert_eq!(load(&machine, &mut space, at + PAGE + 100), Ok(0));
    assert_eq!(load(&machine, &mut space, at + 2 * PAGE), Err(Fault::Bus));
    assert_eq!(
        space.resident_pages(),
        1,
        "no page is left behind by the SIGBUS"
    );
}

#[test]
fn file_bytes_end_the_file_part_like_an_elf_segment() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(4 * PAGE as usize);
    // p_offset 0x1000, p_filesz 0x1010, p_memsz 3 pages: the rest is bss.
    let at = map_file(&mut space, &file, 3 * PAGE, PAGE, Some(PAGE + 0x10));
    assert_eq!(
        load(&machine, &mut space, at + 5),
        Ok(pattern(PAGE as usize + 5))
    );
    assert_eq!(
        load(&machine, &mut space, at + PAGE + 0xf),
        Ok(pattern(2 * PAGE as usize + 0xf))
    );
    assert_eq!(load(&machine, &mut space, at + PAGE + 0x10), Ok(0));
    let reads = file.reads.load(Ordering::Relaxed);
    assert_eq!(load(&machine, &mut space, at + 2 * PAGE), Ok(0), "bss page");
    assert_eq!(
        file.reads.load(Ordering::Relaxed),
        reads,
        "without reading the file"
    );
}

#[test]
fn stores_stay_private() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(PAGE as usize);
    let at = map_file(&mut space, &file, PAGE, 0, None);
    store(&machine, &mut space, at, 0).expect("store");
    assert_eq!(load(&machine, &mut space, at), Ok(0));
    assert_eq!(file.data[0], pattern(0), "the file is untouched");
}

#[test]
fn a_read_error_is_sigbus() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(PAGE as usize);
    let at = map_file(&mut space, &file, PAGE, 0, None);
    file.failing.store(true, Ordering::Relaxed);
    let allocated = machine.allocated();
    assert_eq!(load(&machine, &mut space, at), Err(Fault::Bus));
    assert_eq!(machine.allocated(), allocated, "the frame went back");
}

#[test]
fn adjacent_mappings_of_consecutive_file_pages_merge() {
    let (_, _, mut space) = new_space();
    let file = FakeFile::new(4 * PAGE as usize);
    let flags = MapFlags::PRIVATE | MapFlags::FIXED;
    space
        .mmap(ua(AREA), PAGE, R, flags, 0, Some(file.backing(None)))
        .expect("first");
    space
        .mmap(
            ua(AREA + PAGE),
            PAGE,
            R,
            flags,
            PAGE,
            Some(file.backing(None)),
        )
        .expect("next");
    assert_eq!(vma_list(&space), [(AREA, AREA + 2 * PAGE, R)]);
    space
        .mmap(
            ua(AREA + 2 * PAGE),
            PAGE,
            R,
            flags,
            0,
            Some(file.backing(None)),
        )
        .expect("gap");
    assert_eq!(
        space.vmas().len(),
        2,
        "offset 0 does not continue offset 0x1000"
    );
}

#[test]
fn a_grows_down_file_mapping_extends_its_offset_downwards() {
    let (machine, _, mut space) = new_space();
    let file = FakeFile::new(4 * PAGE as usize);
    let flags = MapFlags::PRIVATE | MapFlags::FIXED | MapFlags::GROWSDOWN;
    let backing = Some(file.backing(None));
    space
        .mmap(ua(AREA + 2 * PAGE), PAGE, R, flags, 2 * PAGE, backing)
        .expect("mapping");
    space.set_stack_limit(2 * PAGE);
    assert_eq!(
        load(&machine, &mut space, AREA + PAGE + 3),
        Ok(pattern(PAGE as usize + 3))
    );
    assert_eq!(space.vmas()[0].offset, PAGE);
    // Beyond the limit nothing changes, the offset included.
    assert_eq!(load(&machine, &mut space, AREA), Err(MAP_ERR));
    assert_eq!(space.vmas()[0].offset, PAGE);
    space.set_stack_limit(8 * PAGE);
    assert_eq!(load(&machine, &mut space, AREA + 5), Ok(pattern(5)));
}
