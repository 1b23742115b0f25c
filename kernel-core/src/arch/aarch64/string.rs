//! The kernel's `memcpy`, `memmove` and `memset` (string.S): 64 bytes a loop instead of the
//! compiler's generic 8, overriding its weak definitions at link time.

core::arch::global_asm!(include_str!("string.S"));
