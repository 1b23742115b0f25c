//! The operations behind each file system call, one family per file.

mod attributes;
mod exec;
mod mounts;
mod names;
mod open;
mod rename;
mod tmpfile;
