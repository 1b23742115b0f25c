//! `aarch64-linux-gnu-readelf -lhW` output, read into facts to compare plans with.
#![allow(dead_code)]

use std::path::Path;

use super::run;

/// A `PT_LOAD` line of `readelf -lW`.
#[derive(Debug, PartialEq, Eq)]
pub struct ReadelfLoad {
    pub offset: u64,
    pub vaddr: u64,
    pub file_size: u64,
    pub mem_size: u64,
    pub flags: String,
    pub align: u64,
}

/// What `readelf -lhW` says about a file.
#[derive(Debug)]
pub struct Readelf {
    pub dynamic: bool,
    pub entry: u64,
    pub phnum: u16,
    pub loads: Vec<ReadelfLoad>,
    pub interpreter: Option<String>,
    pub stack_flags: Option<String>,
    pub phdr: Option<u64>,
}

/// A `0x`-prefixed hex field.
pub fn hex(text: &str) -> u64 {
    u64::from_str_radix(text.trim_start_matches("0x"), 16).expect("readelf hex field")
}

/// Runs `readelf -lhW` on `path` and reads its facts.
pub fn readelf(path: &Path) -> Readelf {
    let text = run(
        "aarch64-linux-gnu-readelf",
        &["-lhW", path.to_str().expect("utf-8 path")],
        Path::new("/"),
    );
    let text = String::from_utf8(text).expect("readelf output is text");
    let mut facts = Readelf {
        dynamic: false,
        entry: 0,
        phnum: 0,
        loads: Vec::new(),
        interpreter: None,
        stack_flags: None,
        phdr: None,
    };
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.trim_start().starts_with("Type:") {
            facts.dynamic = line.contains("DYN");
        } else if line.trim_start().starts_with("Entry point address:") {
            facts.entry = hex(words[3]);
        } else if line.trim_start().starts_with("Number of program headers:") {
            facts.phnum = words[4].parse().expect("phnum");
        } else if line.contains("[Requesting program interpreter:") {
            let path = line.split(": ").nth(1).expect("interpreter");
            facts.interpreter = Some(path.trim_end_matches(']').to_string());
        } else if words.first() == Some(&"LOAD") {
            let flags_end = words.len() - 1;
            facts.loads.push(ReadelfLoad {
                offset: hex(words[1]),
                vaddr: hex(words[2]),
                file_size: hex(words[4]),
                mem_size: hex(words[5]),
                flags: words[6..flags_end].concat(),
                align: hex(words[flags_end]),
            });
        } else if words.first() == Some(&"GNU_STACK") {
            facts.stack_flags = Some(words[6..words.len() - 1].concat());
        } else if words.first() == Some(&"PHDR") {
            facts.phdr = Some(hex(words[2]));
        }
    }
    facts
}
