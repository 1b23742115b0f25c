//! `#!` lines parsed as `fs/binfmt_script.c` parses them, and the `argv` rewrite and nesting.

mod common;

use common::Rng;
use kernel_core::Errno;
use loader::{parse_shebang, ArgsError, ExecArgs, ScriptError, Shebang};

fn shebang(head: &[u8]) -> Shebang<'_> {
    parse_shebang(head).expect("valid line").expect("a script")
}

fn pair(head: &[u8]) -> (&[u8], Option<&[u8]>) {
    let line = shebang(head);
    (line.interpreter, line.argument)
}

#[test]
fn interpreter_and_one_argument() {
    assert_eq!(pair(b"#!/bin/sh\necho\n"), (&b"/bin/sh"[..], None));
    assert_eq!(
        pair(b"#! /bin/sh -e \n"),
        (&b"/bin/sh"[..], Some(&b"-e"[..]))
    );
    assert_eq!(
        pair(b"#!\t/bin/sh\t-x\t\n"),
        (&b"/bin/sh"[..], Some(&b"-x"[..]))
    );
    // The argument is not split: env sees one argument "python3 -u -x".
    assert_eq!(
        pair(b"#!/usr/bin/env python3 -u -x\n"),
        (&b"/usr/bin/env"[..], Some(&b"python3 -u -x"[..]))
    );
    // Carriage returns are not blanks: the famous "/bin/sh^M: bad interpreter".
    assert_eq!(pair(b"#!/bin/sh\r\n"), (&b"/bin/sh\r"[..], None));
    assert_eq!(
        pair(b"#!/bin/sh -e\r\n"),
        (&b"/bin/sh"[..], Some(&b"-e\r"[..]))
    );
    // A short file without a newline is NUL-padded, which ends the path.
    assert_eq!(pair(b"#!/bin/sh"), (&b"/bin/sh"[..], None));
    assert_eq!(
        pair(b"#!/bin/sh  arg"),
        (&b"/bin/sh"[..], Some(&b"arg"[..]))
    );
}

#[test]
fn nul_hides_the_newline() {
    assert_eq!(pair(b"#!/bin/sh\0 ignored\nrest"), (&b"/bin/sh"[..], None));
    assert_eq!(
        pair(b"#!/bin/sh a\0b\n"),
        (&b"/bin/sh"[..], Some(&b"a"[..]))
    );
    // A blank then NUL: Linux finds an "argument" at the NUL and passes an empty string.
    assert_eq!(pair(b"#!/bin/sh \0"), (&b"/bin/sh"[..], Some(&b""[..])));
}

#[test]
fn not_a_script() {
    for head in [
        &b""[..],
        b"#",
        b"\x7fELF\x02\x01",
        b" #!/bin/sh\n",
        b"!#/bin/sh\n",
    ] {
        assert_eq!(parse_shebang(head), Ok(None), "{head:?}");
    }
}

#[test]
fn refused_lines_are_enoexec() {
    assert_eq!(parse_shebang(b"#!   \n"), Err(ScriptError::NoInterpreter));
    assert_eq!(parse_shebang(b"#!\n"), Err(ScriptError::NoInterpreter));
    let mut blanks = b"#!".to_vec();
    blanks.resize(256, b' ');
    assert_eq!(parse_shebang(&blanks), Err(ScriptError::OnlyBlanks));
    let mut long = b"#!/".to_vec();
    long.resize(300, b'a');
    assert_eq!(parse_shebang(&long), Err(ScriptError::Truncated));
    assert_eq!(ScriptError::Truncated.errno(), Errno::ENOEXEC);
}

#[test]
fn the_256_byte_window() {
    // The path ends inside the window, the argument runs past it: Linux keeps bytes 10..255.
    let mut head = b"#!/bin/sh ".to_vec();
    head.resize(400, b'a');
    let line = shebang(&head);
    assert_eq!(line.interpreter, b"/bin/sh");
    assert_eq!(line.argument, Some(&head[10..255]));
    // A newline past byte 255 is not seen; the path has a blank inside the window.
    let mut head = b"#!/bin/sh -x".to_vec();
    head.resize(300, b'y');
    head.push(b'\n');
    assert_eq!(shebang(&head).argument, Some(&head[10..255]));
    // A lone "#!" in a short file names the empty path; opening it fails with ENOENT in Linux.
    assert_eq!(pair(b"#!"), (&b""[..], None));
}

fn args(filename: &str, argv: &[&str]) -> ExecArgs {
    let argv = argv.iter().map(|s| s.as_bytes().to_vec()).collect();
    ExecArgs::new(
        filename.as_bytes().to_vec(),
        argv,
        vec![b"E=1".to_vec()],
        8 << 20,
    )
    .expect("fits")
}

fn argv_text(args: &ExecArgs) -> Vec<String> {
    args.argv()
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

#[test]
fn argv_is_rewritten_as_load_script_does() {
    let mut exec = args("./s.sh", &["s", "a", "b"]);
    let (before, limit) = exec.usage();
    exec.apply_script(&shebang(b"#!/bin/sh -e\n"), false)
        .expect("rewritten");
    assert_eq!(argv_text(&exec), ["/bin/sh", "-e", "./s.sh", "a", "b"]);
    assert_eq!(exec.next_path(), b"/bin/sh");
    assert_eq!(
        exec.filename(),
        b"./s.sh",
        "AT_EXECFN stays the original filename"
    );
    // argv[0] "s" (2 bytes) given back; "./s.sh", "-e", "/bin/sh" charged.
    assert_eq!(exec.usage(), (before - 2 + 7 + 3 + 8, limit));

    // /bin/sh is itself a script: the path handed on is the previous interpreter.
    exec.apply_script(&shebang(b"#!/bin/busybox sh\n"), false)
        .expect("rewritten");
    assert_eq!(
        argv_text(&exec),
        ["/bin/busybox", "sh", "/bin/sh", "-e", "./s.sh", "a", "b"]
    );
    assert_eq!(exec.next_path(), b"/bin/busybox");
    assert_eq!(exec.rewrites(), 2);
}

#[test]
fn empty_argv_script() {
    let mut exec = args("/s", &[]);
    exec.apply_script(&shebang(b"#!/i\n"), false)
        .expect("rewritten");
    assert_eq!(
        argv_text(&exec),
        ["/i", "/s"],
        "the added empty argv[0] is dropped"
    );
}

#[test]
fn inaccessible_script_is_enoent() {
    let mut exec = args("/dev/fd/3", &["x"]);
    let error = exec
        .apply_script(&shebang(b"#!/bin/sh\n"), true)
        .expect_err("close-on-exec fd path");
    assert_eq!(error, ArgsError::ScriptInaccessible);
    assert_eq!(error.errno(), Errno::ENOENT);
}

#[test]
fn five_levels_work_and_the_sixth_is_eloop() {
    let mut exec = args("/s0", &["s0"]);
    for level in 1..=5 {
        exec.check_depth().expect("examine the next file");
        let line = format!("#!/s{level}\n");
        exec.apply_script(&shebang(line.as_bytes()), false)
            .expect("rewritten");
    }
    exec.check_depth()
        .expect("the file after five rewrites is examined");
    exec.apply_script(&shebang(b"#!/s6\n"), false)
        .expect("rewritten");
    let error = exec.check_depth().expect_err("a sixth rewrite is too deep");
    assert_eq!(error, ArgsError::TooManyRewrites);
    assert_eq!(error.errno(), Errno::ELOOP);
}

#[test]
fn rewrite_respects_e2big() {
    // With a 128 KiB argument space nearly full, the interpreter strings do not fit.
    let big = vec![b'a'; 131_000];
    let mut exec = ExecArgs::new(b"/s".to_vec(), vec![b"s".to_vec(), big], vec![], 0)
        .expect("fits the minimum");
    let long_interp = format!("#!/{}\n", "i".repeat(200));
    let error = exec
        .apply_script(&shebang(long_interp.as_bytes()), false)
        .expect_err("over the limit");
    assert_eq!(error.errno(), Errno::E2BIG);
}

#[test]
fn fuzz_never_panics_and_keeps_its_promises() {
    let seeds: [&[u8]; 4] = [
        b"#!/bin/sh -e\n",
        b"#! /usr/bin/env  python3 -u \t\nbody",
        b"#!/bin/sh\0x\n",
        b"#!\t\t/x",
    ];
    let mut rng = Rng::new(0x005c_4197);
    for round in 0..20_000 {
        let mut head = seeds[round % seeds.len()].to_vec();
        if rng.below(8) == 0 {
            head.resize(200 + rng.below(120), b'a' + rng.below(3) as u8);
        }
        for _ in 0..1 + rng.below(4) {
            rng.mutate(&mut head, 40);
        }
        if let Ok(Some(line)) = parse_shebang(&head) {
            let blank = |b: &u8| *b == b' ' || *b == b'\t' || *b == 0;
            assert!(!line.interpreter.iter().any(blank), "{head:?}");
            if let Some(argument) = line.argument {
                assert!(!argument.contains(&0));
                assert!(!matches!(argument.first(), Some(b' ' | b'\t')));
                // Trailing blanks go when the line ends at a newline; without one Linux trims
                // only before byte 255 and then reads a C string, so "a \t" + NUL padding
                // gives "a \t".
                let window = &head[..head.len().min(256)];
                let line_end = window.iter().position(|&b| b == 0 || b == b'\n');
                if line_end.is_some_and(|at| window[at] == b'\n') {
                    assert!(!matches!(argument.last(), Some(b' ' | b'\t')), "{head:?}");
                }
            }
            let mut exec = args("/s", &["s", "1"]);
            let _ = exec.apply_script(&line, false);
        }
    }
}
