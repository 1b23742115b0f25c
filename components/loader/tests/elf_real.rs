//! Real AArch64 executables: Debian's static BusyBox (facts from `readelf -lh` written here),
//! and C programs built by `aarch64-linux-gnu-gcc` in the test, checked against `readelf`.

mod common;

use std::path::Path;

use common::readelf::{readelf, Readelf, ReadelfLoad};
use common::{busybox, run, TempDir};
use loader::elf::{self, ElfKind, GnuStack, LoadPlan, SegmentFlags};
use loader::linux::{ELF_ET_DYN_BASE, PAGE_SIZE};

fn flags_text(flags: SegmentFlags) -> String {
    let mut text = String::new();
    if flags.contains(SegmentFlags::READ) {
        text.push('R');
    }
    if flags.contains(SegmentFlags::WRITE) {
        text.push('W');
    }
    if flags.contains(SegmentFlags::EXECUTE) {
        text.push('E');
    }
    text
}

/// Checks a plan against `readelf`'s view of the same file.
fn assert_matches_readelf(plan: &LoadPlan<'_>, facts: &Readelf) {
    assert_eq!(plan.kind == ElfKind::SharedObject, facts.dynamic);
    assert_eq!(plan.entry, facts.entry);
    assert_eq!(plan.phnum, facts.phnum);
    let loads: Vec<ReadelfLoad> = plan
        .segments
        .iter()
        .map(|s| ReadelfLoad {
            offset: s.file_offset,
            vaddr: s.vaddr,
            file_size: s.file_size,
            mem_size: s.mem_size,
            flags: flags_text(s.flags),
            align: s.align,
        })
        .collect();
    assert_eq!(loads, facts.loads);
    assert_eq!(
        plan.interpreter
            .map(|p| String::from_utf8_lossy(p).into_owned()),
        facts.interpreter
    );
    let expected_stack = match facts.stack_flags.as_deref() {
        None => GnuStack::Absent,
        Some(flags) if flags.contains('E') => GnuStack::Executable,
        Some(_) => GnuStack::NotExecutable,
    };
    assert_eq!(plan.stack, expected_stack);
    if let Some(phdr) = facts.phdr {
        assert_eq!(plan.pt_phdr_vaddr, Some(phdr));
        assert_eq!(plan.phdr_vaddr, Some(phdr), "AT_PHDR agrees with PT_PHDR");
    }
}

#[test]
fn busybox_matches_readelf_facts() {
    let file = busybox();
    let plan = elf::parse(&file).expect("Debian's busybox loads");
    // Facts from `aarch64-linux-gnu-readelf -lh busybox` (busybox-static 1:1.35.0-4+deb12u1+b1).
    assert_eq!(plan.kind, ElfKind::Executable);
    assert_eq!(plan.entry, 0x400580);
    assert_eq!(plan.phnum, 6);
    assert_eq!(plan.phoff, 64);
    assert_eq!(plan.interpreter, None);
    assert_eq!(plan.stack, GnuStack::NotExecutable);
    assert!(!plan.stack.stack_is_executable());
    assert_eq!(plan.segments.len(), 2);
    let text = &plan.segments[0];
    assert_eq!(
        (
            text.file_offset,
            text.vaddr,
            text.file_size,
            text.mem_size,
            text.align
        ),
        (0, 0x400000, 0x1b20ca, 0x1b20ca, 0x10000)
    );
    assert_eq!(text.flags, SegmentFlags::READ | SegmentFlags::EXECUTE);
    let data = &plan.segments[1];
    assert_eq!(
        (
            data.file_offset,
            data.vaddr,
            data.file_size,
            data.mem_size,
            data.align
        ),
        (0x1b9850, 0x5c9850, 0x8cc8, 0xfdb8, 0x10000)
    );
    assert_eq!(data.flags, SegmentFlags::READ | SegmentFlags::WRITE);
    // No PT_PHDR: AT_PHDR comes from the first PT_LOAD, which maps file offset 64.
    assert_eq!(plan.pt_phdr_vaddr, None);
    assert_eq!(plan.phdr_vaddr, Some(0x400040));
    assert_eq!(plan.default_bias(), Some(0));

    let placed = plan.place(0).expect("ET_EXEC at bias 0");
    assert_eq!(placed.entry, 0x400580);
    assert_eq!(placed.phdr, 0x400040);
    assert_eq!((placed.phent, placed.phnum), (56, 6));
    assert_eq!((placed.start_code, placed.end_code), (0x400000, 0x5b20ca));
    assert_eq!((placed.start_data, placed.end_data), (0x5c9850, 0x5d2518));
    assert_eq!(placed.brk_start, 0x5da000, "page after 0x5c9850 + 0xfdb8");
    assert!(plan.place(0x10000).is_err(), "ET_EXEC cannot move");

    // The mapping recipe Linux's elf_map uses.
    // From the page holding 0x1b9850, page_align(0x8cc8 + 0x850) = 0xa000 bytes.
    assert_eq!(data.file_window(), (0x1b9000, 0xa000));
    assert_eq!(data.map_start(0), 0x5c9000);
    assert_eq!(data.zero_range(0), (0x5d2518, 0x5da000));
    assert_eq!(
        text.zero_range(0),
        (0x5b20ca, 0x5b20ca),
        "no bss, tail left alone"
    );
    assert_eq!(data.file_bytes(&file).len(), 0x8cc8);
    assert_eq!(&text.file_bytes(&file)[..4], b"\x7fELF");

    assert_matches_readelf(
        &plan,
        &readelf(&common::cache_dir().join("busybox/busybox")),
    );
}

const PROGRAM: &str = r#"
#include <stdio.h>
int counter = 3;
static char buffer[100000];
int main(int argc, char **argv) {
    buffer[argc] = 1;
    printf("%s %d %d\n", argv[0], counter, buffer[1]);
    return 0;
}
"#;

/// Builds `PROGRAM` with the given gcc flags, failing clearly if the cross compiler is missing.
fn compile(dir: &TempDir, name: &str, flags: &[&str]) -> std::path::PathBuf {
    let source = dir.path().join("program.c");
    std::fs::write(&source, PROGRAM).expect("write the C source");
    let mut args = flags.to_vec();
    args.extend(["-O1", "-o", name, "program.c"]);
    run("aarch64-linux-gnu-gcc", &args, dir.path());
    dir.path().join(name)
}

#[test]
fn gcc_static_executable() {
    let dir = TempDir::new("static");
    let path = compile(&dir, "static", &["-static"]);
    let file = std::fs::read(&path).expect("read the binary");
    let plan = elf::parse(&file).expect("a static executable loads");
    assert_matches_readelf(&plan, &readelf(&path));
    assert_eq!(plan.kind, ElfKind::Executable);
    let placed = plan.place(0).expect("bias 0");
    assert_eq!(placed.entry, plan.entry);
    let bss = plan
        .segments
        .iter()
        .find(|s| s.mem_size > s.file_size)
        .expect("a bss");
    assert!(
        bss.mem_size - bss.file_size >= 100_000,
        "the 100 kB buffer is bss"
    );
}

#[test]
fn gcc_static_pie_is_placed_by_the_caller() {
    let dir = TempDir::new("static-pie");
    let path = compile(&dir, "static-pie", &["-static-pie"]);
    let file = std::fs::read(&path).expect("read the binary");
    let plan = elf::parse(&file).expect("a static PIE loads");
    assert_matches_readelf(&plan, &readelf(&path));
    assert_eq!(plan.kind, ElfKind::SharedObject);
    assert_eq!(plan.interpreter, None);
    assert_eq!(
        plan.default_bias(),
        None,
        "Linux puts a static PIE in the mmap area"
    );
    assert_eq!(plan.max_align(), 0x10000);
    let (low, size) = plan.span();
    assert_eq!(low, 0);
    let last = plan.segments.last().expect("segments");
    assert_eq!(size, last.vaddr + last.mem_size);

    let base = 0xffff_8000_0000;
    let bias = plan.bias_for_address(base).expect("aligned placement");
    assert_eq!(bias, base);
    assert!(
        plan.bias_for_address(base + PAGE_SIZE).is_err(),
        "64 KiB alignment"
    );
    let placed = plan.place(bias).expect("placed");
    assert_eq!(placed.entry, base + plan.entry);
    assert_eq!(placed.phdr, base + 64);
    assert_eq!(
        placed.brk_start, 0xaaaa_aaaa_b000,
        "brk moved to ELF_ET_DYN_BASE"
    );
    assert!(
        plan.place((1 << 48) - PAGE_SIZE).is_err(),
        "segments past TASK_SIZE"
    );
}

#[test]
fn gcc_dynamic_pie_names_its_interpreter() {
    let dir = TempDir::new("pie");
    let path = compile(&dir, "pie", &["-pie", "-fPIE"]);
    let file = std::fs::read(&path).expect("read the binary");
    let plan = elf::parse(&file).expect("a PIE loads");
    assert_matches_readelf(&plan, &readelf(&path));
    assert_eq!(plan.interpreter, Some(&b"/lib/ld-linux-aarch64.so.1"[..]));
    // Linux without randomisation: ELF_ET_DYN_BASE aligned down to 64 KiB, minus vaddr 0.
    assert_eq!(ELF_ET_DYN_BASE, 0xaaaa_aaaa_aaaa);
    assert_eq!(plan.default_bias(), Some(0xaaaa_aaaa_0000));
    let placed = plan.place(0xaaaa_aaaa_0000).expect("placed");
    assert_eq!(placed.phdr, 0xaaaa_aaaa_0040);
    let last = plan.segments.last().expect("segments");
    let end = 0xaaaa_aaaa_0000 + last.vaddr + last.mem_size;
    assert_eq!(placed.brk_start, (end + PAGE_SIZE - 1) & !(PAGE_SIZE - 1));
}

#[test]
fn gcc_dynamic_no_pie_and_its_interpreter() {
    let dir = TempDir::new("no-pie");
    let path = compile(&dir, "no-pie", &["-no-pie"]);
    let file = std::fs::read(&path).expect("read the binary");
    let plan = elf::parse(&file).expect("a dynamic executable loads");
    assert_matches_readelf(&plan, &readelf(&path));
    assert_eq!(plan.default_bias(), Some(0));

    // The interpreter it names, from the cross toolchain's sysroot.
    let ld = Path::new("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1");
    let interp = std::fs::read(ld).unwrap_or_else(|error| {
        panic!(
            "cannot read {} ({error}): install libc6-arm64-cross",
            ld.display()
        )
    });
    let interp_plan = elf::parse(&interp).expect("ld.so loads");
    assert_matches_readelf(&interp_plan, &readelf(ld));
    assert_eq!(interp_plan.kind, ElfKind::SharedObject);
    assert_eq!(interp_plan.interpreter, None);
    assert_eq!(
        interp_plan.default_bias(),
        None,
        "placed by mmap like a static PIE"
    );
}

#[test]
fn gcc_execstack_marks_the_stack_executable() {
    let dir = TempDir::new("execstack");
    let path = compile(&dir, "execstack", &["-static", "-z", "execstack"]);
    let file = std::fs::read(&path).expect("read the binary");
    let plan = elf::parse(&file).expect("loads");
    assert_matches_readelf(&plan, &readelf(&path));
    assert_eq!(plan.stack, GnuStack::Executable);
    assert!(plan.stack.stack_is_executable());
}
