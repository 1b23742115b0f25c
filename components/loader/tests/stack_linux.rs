//! Linux is the oracle for the initial stack: `tests/data/stack-dump.c`, run as `/init` under
//! Debian's Linux 6.1 (`norandmaps`, so no shuffle and the stack top at `1 << 48`), dumps every
//! byte from `sp` to the stack top, re-execs itself with other strings, through a `#!` script
//! and with an empty `argv`. `build_initial_stack` must reproduce each dump byte for byte.
//!
//! `tests/data/linux-6.1-stacks.txt` holds the dumps of one boot (regenerate: run
//! `linux_live_boot_matches` with `LICHEN_WRITE_STACKS=1`); `linux_live_boot_matches` boots the
//! cached kernel again and checks a fresh boot the same way.

mod common;

use common::newc::{self, Record};
use common::{cache_dir, run, TempDir};
use loader::elf;
use loader::stack::{
    build_initial_stack, AuxValues, StackRequest, AT_BASE, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN,
    AT_FLAGS, AT_GID, AT_HWCAP, AT_HWCAP2, AT_MINSIGSTKSZ, AT_PHDR, AT_PHNUM, AT_PLATFORM,
    AT_RANDOM, AT_SECURE, AT_SYSINFO_EHDR, AT_UID,
};
use loader::{parse_shebang, ExecArgs};

const STACK_TOP: u64 = 1 << 48;

/// One dump: the stack bytes from `sp` to the top, decoded.
struct Dump {
    sp: u64,
    bytes: Vec<u8>,
    argv: Vec<Vec<u8>>,
    envp: Vec<Vec<u8>>,
    auxv: Vec<(u64, u64)>,
}

impl Dump {
    fn parse(line: &str) -> Self {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields.len(), 4, "DUMP sp end bytes");
        let sp = u64::from_str_radix(fields[1], 16).expect("sp");
        let end = u64::from_str_radix(fields[2], 16).expect("end");
        assert_eq!(end, STACK_TOP, "norandmaps puts the stack top at 1 << 48");
        let bytes: Vec<u8> = (0..fields[3].len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&fields[3][i..i + 2], 16).expect("hex byte"))
            .collect();
        assert_eq!(bytes.len() as u64, end - sp);
        let mut dump = Self {
            sp,
            bytes,
            argv: Vec::new(),
            envp: Vec::new(),
            auxv: Vec::new(),
        };
        let argc = dump.word(0);
        let mut at = 8;
        for _ in 0..argc {
            let string = dump.string(dump.word(at));
            dump.argv.push(string);
            at += 8;
        }
        assert_eq!(dump.word(at), 0);
        at += 8;
        while dump.word(at) != 0 {
            let string = dump.string(dump.word(at));
            dump.envp.push(string);
            at += 8;
        }
        at += 8;
        loop {
            let pair = (dump.word(at), dump.word(at + 8));
            dump.auxv.push(pair);
            at += 16;
            if pair.0 == 0 {
                break;
            }
        }
        dump
    }

    fn word(&self, offset: usize) -> u64 {
        u64::from_le_bytes(self.bytes[offset..offset + 8].try_into().expect("8 bytes"))
    }

    fn at(&self, address: u64) -> &[u8] {
        &self.bytes[(address - self.sp) as usize..]
    }

    fn string(&self, address: u64) -> Vec<u8> {
        let rest = self.at(address);
        rest[..rest.iter().position(|&b| b == 0).expect("NUL")].to_vec()
    }

    fn aux(&self, key: u64) -> Option<u64> {
        self.auxv.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
}

/// Rebuilds the dump's stack from its strings and auxv values and compares every byte.
fn assert_rebuilt(dump: &Dump) {
    let value = |key| {
        dump.aux(key)
            .unwrap_or_else(|| panic!("auxv key {key} missing"))
    };
    let execfn = dump.string(value(AT_EXECFN));
    let args = ExecArgs::new(execfn, dump.argv.clone(), dump.envp.clone(), 8 << 20)
        .expect("the strings fit");
    let mut random_bytes = [0u8; 16];
    random_bytes.copy_from_slice(&dump.at(value(AT_RANDOM))[..16]);
    assert_eq!(
        dump.string(value(AT_PLATFORM)),
        b"aarch64",
        "arm64 passes AT_PLATFORM"
    );
    let aux = AuxValues {
        vdso_base: dump.aux(AT_SYSINFO_EHDR),
        minsigstksz: value(AT_MINSIGSTKSZ),
        hwcap: value(AT_HWCAP),
        hwcap2: value(AT_HWCAP2),
        phdr: value(AT_PHDR),
        phnum: value(AT_PHNUM),
        interp_base: value(AT_BASE),
        flags: value(AT_FLAGS),
        entry: value(AT_ENTRY),
        uid: value(AT_UID) as u32,
        euid: value(AT_EUID) as u32,
        gid: value(AT_GID) as u32,
        egid: value(AT_EGID) as u32,
        secure: value(AT_SECURE) != 0,
        platform: Some(loader::linux::ELF_PLATFORM),
    };
    let built = build_initial_stack(&StackRequest {
        args: &args,
        aux: &aux,
        stack_top: STACK_TOP,
        random_bytes,
        align_shuffle: 0,
    })
    .expect("built");
    assert_eq!(built.auxv, dump.auxv, "auxv keys, order and values");
    assert_eq!(built.sp, dump.sp, "initial sp");
    assert_eq!(built.bytes.len(), dump.bytes.len());
    if let Some(offset) = (0..built.bytes.len()).find(|&i| built.bytes[i] != dump.bytes[i]) {
        panic!(
            "byte {offset:#x} (address {:#x}) differs: built {:#04x}, Linux {:#04x}",
            dump.sp + offset as u64,
            built.bytes[offset],
            dump.bytes[offset]
        );
    }
}

/// The five execs `stack-dump.c` performs, as `ExecArgs` sees them before any `#!` rewrite:
/// (filename, argv, envp, the file is the `#!` script).
fn expected_execs() -> Vec<(&'static str, Vec<&'static str>, Vec<&'static str>, bool)> {
    vec![
        ("/init", vec!["/init"], vec!["HOME=/", "TERM=linux"], false),
        (
            "/init",
            vec!["/init", "stage2"],
            vec!["HOME=/", "TERM=linux"],
            false,
        ),
        (
            "/init",
            vec!["x", "stage3", "", "a b c", "0123456789abcdef"],
            vec!["A=1"],
            false,
        ),
        (
            "/script.sh",
            vec!["script-argv0", "one", "two"],
            vec![],
            true,
        ),
        ("/init", vec![], vec!["ONLY=env", "SECOND=1234567"], false),
    ]
}

const SCRIPT: &[u8] = b"#!/init  -x y  \nexit\n";

/// Checks a boot's dumps: byte-exact rebuild, and the strings `ExecArgs` produces from the
/// original `execve` arguments (the `#!` rewrite and the empty-argv rule) equal Linux's.
fn check_boot(text: &str) -> usize {
    let dumps: Vec<Dump> = text
        .lines()
        .filter(|line| line.starts_with("DUMP "))
        .map(Dump::parse)
        .collect();
    let execs = expected_execs();
    assert_eq!(dumps.len(), execs.len(), "one dump per exec");
    for (dump, (filename, argv, envp, script)) in dumps.iter().zip(execs) {
        assert_rebuilt(dump);
        let owned = |list: Vec<&str>| list.into_iter().map(|s| s.as_bytes().to_vec()).collect();
        let mut args = ExecArgs::new(
            filename.as_bytes().to_vec(),
            owned(argv),
            owned(envp),
            8 << 20,
        )
        .expect("fits");
        if script {
            let shebang = parse_shebang(SCRIPT).expect("valid").expect("a script");
            args.apply_script(&shebang, false).expect("rewritten");
            assert_eq!(args.next_path(), b"/init");
        }
        assert_eq!(args.argv(), dump.argv.as_slice());
        assert_eq!(args.envp(), dump.envp.as_slice());
        assert_eq!(
            args.filename(),
            dump.string(dump.aux(AT_EXECFN).expect("execfn"))
        );
    }
    dumps.len()
}

#[test]
fn linux_golden_stacks_are_rebuilt_byte_for_byte() {
    let text = include_str!("data/linux-6.1-stacks.txt");
    assert_eq!(check_boot(text), 5);
}

#[test]
fn linux_live_boot_matches() {
    let kernel = cache_dir().join("linux/Image.gz");
    assert!(
        kernel.exists(),
        "{} is missing: run `cargo xtask setup` to fetch Debian's arm64 kernel",
        kernel.display()
    );
    let dir = TempDir::new("oracle");
    std::fs::write(dir.path().join("dump.c"), include_str!("data/stack-dump.c")).expect("write");
    run(
        "aarch64-linux-gnu-gcc",
        &["-static", "-O1", "-o", "init", "dump.c"],
        dir.path(),
    );
    let init = std::fs::read(dir.path().join("init")).expect("read init");
    let mut console = Record::new("dev/console", 0o020600, b"");
    console.rdev = (5, 1);
    let archive = newc::archive(&[
        Record::new("dev", 0o040755, b""),
        console,
        Record::new("init", 0o100755, &init),
        Record::new("script.sh", 0o100755, SCRIPT),
    ]);
    std::fs::write(dir.path().join("initramfs.cpio"), &archive).expect("write initramfs");
    let output = run(
        "timeout",
        &[
            "120",
            "qemu-system-aarch64",
            "-M",
            "virt",
            "-cpu",
            "cortex-a72",
            "-m",
            "512M",
            "-nographic",
            "-no-reboot",
            "-kernel",
            kernel.to_str().expect("utf-8 path"),
            "-initrd",
            "initramfs.cpio",
            "-append",
            "console=ttyAMA0 norandmaps panic=-1 quiet rdinit=/init",
        ],
        dir.path(),
    );
    let text = String::from_utf8_lossy(&output).replace('\r', "");
    assert_eq!(check_boot(&text), 5, "Linux output:\n{text}");

    // AT_PHDR, AT_PHNUM and AT_ENTRY from the ELF plan of the same binary agree with Linux.
    let dump = Dump::parse(
        text.lines()
            .find(|l| l.starts_with("DUMP "))
            .expect("a dump"),
    );
    let placed = elf::parse(&init)
        .expect("init loads")
        .place(0)
        .expect("bias 0");
    assert_eq!(dump.aux(AT_PHDR), Some(placed.phdr));
    assert_eq!(dump.aux(AT_PHNUM), Some(placed.phnum));
    assert_eq!(dump.aux(AT_ENTRY), Some(placed.entry));

    if std::env::var_os("LICHEN_WRITE_STACKS").is_some() {
        let lines: String = text
            .lines()
            .filter(|l| l.starts_with("DUMP "))
            .map(|l| format!("{l}\n"))
            .collect();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/linux-6.1-stacks.txt"
        );
        std::fs::write(path, lines).expect("write the golden dumps");
    }
}
