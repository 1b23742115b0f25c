//! The initial stack, every byte placed by hand from Linux's rules, and the `E2BIG` limits.

use kernel_core::Errno;
use loader::stack::{
    build_initial_stack, AuxValues, StackError, StackRequest, AT_BASE, AT_CLKTCK, AT_EGID,
    AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_HWCAP2, AT_IGNORE, AT_NULL,
    AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PLATFORM, AT_RANDOM, AT_SECURE, AT_UID,
};
use loader::{arg_space, ArgsError, ExecArgs};

const TOP: u64 = 0x7fff_0000_0000;

fn strings(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|s| s.as_bytes().to_vec()).collect()
}

fn aux() -> AuxValues {
    AuxValues {
        vdso_base: None,
        minsigstksz: 0,
        hwcap: 0x8ff,
        hwcap2: 0x2,
        phdr: 0x40_0040,
        phnum: 6,
        interp_base: 0,
        flags: 0,
        entry: 0x40_0580,
        uid: 1000,
        euid: 1001,
        gid: 100,
        egid: 101,
        secure: true,
        platform: Some(b"aarch64"),
    }
}

#[test]
fn every_byte_of_a_hand_computed_stack() {
    let args = ExecArgs::new(
        b"/bin/sh".to_vec(),
        strings(&["sh", "-c", "echo hi"]),
        strings(&["A=1", "PATH=/bin"]),
        8 << 20,
    )
    .expect("fits");
    let aux = aux();
    let random_bytes: [u8; 16] = core::array::from_fn(|i| 0xa0 + i as u8);
    let stack = build_initial_stack(&StackRequest {
        args: &args,
        aux: &aux,
        stack_top: TOP,
        random_bytes,
        align_shuffle: 0x123,
    })
    .expect("built");

    // Strings from the top: 8 zero bytes, "/bin/sh\0" (8), the environment (4 + 10) and the
    // arguments (3 + 3 + 8), each block in ascending order.
    assert_eq!(stack.execfn, TOP - 16);
    assert_eq!((stack.env_start, stack.env_end), (TOP - 30, TOP - 16));
    assert_eq!((stack.arg_start, stack.arg_end), (TOP - 44, TOP - 30));
    // (TOP - 44 - 0x123) & !15 = TOP - 0x150; "aarch64\0" below it; 16 random bytes below.
    assert_eq!(stack.platform, Some(TOP - 0x158));
    assert_eq!(stack.random, TOP - 0x168);
    // 20 auxv pairs (AT_IGNORE for the zero AT_MINSIGSTKSZ, no vDSO) = 0x140 bytes, 8 words
    // of argc/argv/envp = 0x40: (TOP - 0x168 - 0x180) & !15 = TOP - 0x2f0.
    assert_eq!(stack.sp, TOP - 0x2f0);
    assert_eq!(stack.sp % 16, 0);

    let mut expected = vec![0u8; 0x2f0];
    let mut put = |address: u64, data: &[u8]| {
        let at = (address - (TOP - 0x2f0)) as usize;
        expected[at..at + data.len()].copy_from_slice(data);
    };
    put(TOP - 16, b"/bin/sh\0");
    put(TOP - 30, b"A=1\0PATH=/bin\0");
    put(TOP - 44, b"sh\0-c\0echo hi\0");
    put(TOP - 0x158, b"aarch64\0");
    put(TOP - 0x168, &random_bytes);
    let words: Vec<u64> = vec![
        3,
        TOP - 44,
        TOP - 41,
        TOP - 38,
        0,
        TOP - 30,
        TOP - 26,
        0,
        AT_IGNORE,
        0,
        AT_HWCAP,
        0x8ff,
        AT_PAGESZ,
        4096,
        AT_CLKTCK,
        100,
        AT_PHDR,
        0x40_0040,
        AT_PHENT,
        56,
        AT_PHNUM,
        6,
        AT_BASE,
        0,
        AT_FLAGS,
        0,
        AT_ENTRY,
        0x40_0580,
        AT_UID,
        1000,
        AT_EUID,
        1001,
        AT_GID,
        100,
        AT_EGID,
        101,
        AT_SECURE,
        1,
        AT_RANDOM,
        TOP - 0x168,
        AT_HWCAP2,
        2,
        AT_EXECFN,
        TOP - 16,
        AT_PLATFORM,
        TOP - 0x158,
        AT_NULL,
        0,
    ];
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    put(TOP - 0x2f0, &bytes);
    // Between the auxv's end (TOP - 0x170) and the random bytes: 8 zero bytes of rounding.
    assert_eq!(TOP - 0x2f0 + bytes.len() as u64, TOP - 0x170);
    assert_eq!(stack.bytes, expected);
    assert_eq!(stack.auxv.len(), 20);
    assert_eq!(stack.auxv.last(), Some(&(AT_NULL, 0)));
}

#[test]
fn vdso_and_minsigstksz_come_first() {
    let args = ExecArgs::new(b"/a".to_vec(), strings(&["a"]), vec![], 8 << 20).expect("fits");
    let mut values = aux();
    values.vdso_base = Some(0xffff_f7ff_f000);
    values.minsigstksz = 4720;
    values.platform = None;
    let stack = build_initial_stack(&StackRequest {
        args: &args,
        aux: &values,
        stack_top: TOP,
        random_bytes: [0; 16],
        align_shuffle: 0,
    })
    .expect("built");
    let keys: Vec<u64> = stack.auxv.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        keys,
        [33, 51, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 25, 26, 31, 0]
    );
    assert_eq!(stack.platform, None);
    // Without a platform string the random bytes sit right under the aligned strings.
    assert_eq!(stack.random, ((TOP - 8 - 3 - 2) & !15) - 16);
}

#[test]
fn every_shuffle_keeps_sp_aligned_and_strings_in_place() {
    let args = ExecArgs::new(
        b"/x".to_vec(),
        strings(&["x", "yy"]),
        strings(&["Z=1"]),
        8 << 20,
    )
    .expect("fits");
    let values = aux();
    for shuffle in (0..4096).step_by(7) {
        let stack = build_initial_stack(&StackRequest {
            args: &args,
            aux: &values,
            stack_top: TOP,
            random_bytes: [7; 16],
            align_shuffle: shuffle,
        })
        .expect("built");
        assert_eq!(stack.sp % 16, 0);
        assert_eq!(stack.arg_start, TOP - 8 - 3 - 4 - 5);
        assert!(stack.platform.expect("platform") + 8 <= stack.arg_start - shuffle);
        assert_eq!(stack.bytes.len() as u64, TOP - stack.sp);
    }
}

#[test]
fn caller_errors() {
    let args = ExecArgs::new(b"/x".to_vec(), strings(&["x"]), vec![], 8 << 20).expect("fits");
    let values = aux();
    let request = |stack_top, align_shuffle| StackRequest {
        args: &args,
        aux: &values,
        stack_top,
        random_bytes: [0; 16],
        align_shuffle,
    };
    assert_eq!(
        build_initial_stack(&request(TOP + 8, 0)),
        Err(StackError::MisalignedTop { top: TOP + 8 })
    );
    assert_eq!(
        build_initial_stack(&request(TOP, 4096)),
        Err(StackError::BadShuffle { shuffle: 4096 })
    );
    let low = build_initial_stack(&request(4096, 0)).expect_err("no room under one page");
    assert!(matches!(low, StackError::DoesNotFit { .. }));
    assert_eq!(low.errno(), Errno::EFAULT);
}

#[test]
fn argument_space_follows_bprm_stack_limits() {
    assert_eq!(
        arg_space(8 << 20),
        2 << 20,
        "a quarter of the default 8 MiB"
    );
    assert_eq!(arg_space(u64::MAX), 6 << 20, "at most 3/4 of _STK_LIM");
    assert_eq!(arg_space(0), 128 << 10, "at least ARG_MAX");
    assert_eq!(arg_space(100 << 10), 128 << 10);
}

#[test]
fn e2big_at_the_exact_byte() {
    // 21 arguments: pointers take 168 bytes of the 2 MiB; "/x\0" takes 3; twenty strings of
    // 100000 bytes (+ NUL) take 2000020; the last may take 96961 with its NUL.
    let limit = (2u64 << 20) - 21 * 8;
    assert_eq!(limit - 3 - 20 * 100_001, 96_961);
    let mut argv: Vec<Vec<u8>> = (0..20).map(|_| vec![b'a'; 100_000]).collect();
    argv.push(vec![b'b'; 96_960]);
    let args = ExecArgs::new(b"/x".to_vec(), argv.clone(), vec![], 8 << 20).expect("exact fit");
    assert_eq!(args.usage(), (limit, limit));
    argv[20].push(b'c');
    let error = ExecArgs::new(b"/x".to_vec(), argv, vec![], 8 << 20).expect_err("one byte over");
    assert_eq!(
        error,
        ArgsError::TooBig {
            needed: limit + 1,
            limit
        }
    );
    assert_eq!(error.errno(), Errno::E2BIG);
}

#[test]
fn single_string_and_pointer_limits() {
    let ok = ExecArgs::new(b"/x".to_vec(), vec![vec![b'a'; 131_071]], vec![], 8 << 20);
    assert!(ok.is_ok(), "131071 bytes + NUL = MAX_ARG_STRLEN");
    let error = ExecArgs::new(b"/x".to_vec(), vec![], vec![vec![b'a'; 131_072]], 8 << 20)
        .expect_err("over MAX_ARG_STRLEN");
    assert_eq!(error, ArgsError::StringTooLong { size: 131_073 });
    assert_eq!(error.errno(), Errno::E2BIG);

    // 16384 pointers fill the whole 128 KiB minimum: nothing is left for strings.
    let error = ExecArgs::new(b"/x".to_vec(), vec![Vec::new(); 16_384], vec![], 0)
        .expect_err("pointers exceed");
    assert_eq!(
        error,
        ArgsError::TooBig {
            needed: 131_072,
            limit: 131_072
        }
    );

    let error =
        ExecArgs::new(b"/x".to_vec(), strings(&["a\0b"]), vec![], 8 << 20).expect_err("NUL inside");
    assert_eq!(error.errno(), Errno::EINVAL);
}

#[test]
fn empty_argv_gets_an_empty_argv0() {
    let args = ExecArgs::new(b"/x".to_vec(), vec![], strings(&["E=1"]), 8 << 20).expect("fits");
    assert_eq!(args.argv(), &[Vec::<u8>::new()]);
    // "/x\0" + "E=1\0" + "\0"
    assert_eq!(args.usage().0, 3 + 4 + 1);
}
