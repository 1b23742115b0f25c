//! Lichen's vDSO: the clock calls user programs make without entering the kernel.
//!
//! Compiled by `build.rs` on its own (not part of the kernel crate) into a position-independent
//! object and linked by `rust-lld` into `linux-vdso.so.1`, which the kernel maps into every
//! process after the data page it describes ([`VdsoData`], shared layout with
//! `src/vdso/data.rs`). glibc finds the functions through `AT_SYSINFO_EHDR` by their Linux names
//! and version (`LINUX_2.6.39`). Anything the data page cannot answer goes to the real system
//! call, so the results are always the kernel's.
//!
//! The code must not call into `core` out of line: nothing relocates the vDSO, and `build.rs`
//! refuses an object with undefined symbols or dynamic relocations.

#![no_std]
#![allow(clippy::missing_safety_doc)]

use core::arch::asm;

/// The data page, one page below the vDSO's first byte: written by the kernel, read here.
/// Must match `src/vdso/data.rs` field for field.
#[repr(C)]
pub struct VdsoData {
    /// Layout version; the functions fall back to system calls when it is not [`VERSION`].
    version: u64,
    /// `CNTVCT_EL0` at the kernel's zero of `CLOCK_MONOTONIC`.
    start_counter: u64,
    /// Whole nanoseconds per counter tick (`ClockScale::whole` in kernel-core).
    scale_whole: u64,
    /// The fraction of a nanosecond per tick, in units of 2^-64 (`ClockScale::frac`).
    scale_frac: u64,
    /// Nanoseconds from the Unix epoch to the zero of `CLOCK_MONOTONIC` (`CLOCK_REALTIME` is
    /// `CLOCK_MONOTONIC` plus this).
    realtime_offset_ns: u64,
}

/// The layout version this code understands.
const VERSION: u64 = 2;

const CLOCK_REALTIME: i32 = 0;
const CLOCK_MONOTONIC: i32 = 1;
const CLOCK_MONOTONIC_RAW: i32 = 4;
const CLOCK_REALTIME_COARSE: i32 = 5;
const CLOCK_MONOTONIC_COARSE: i32 = 6;
const CLOCK_BOOTTIME: i32 = 7;

const NR_GETTIMEOFDAY: u64 = 169;
const NR_CLOCK_GETTIME: u64 = 113;
const NR_CLOCK_GETRES: u64 = 114;
const NR_RT_SIGRETURN: u64 = 139;

const NANOS_PER_SEC: u64 = 1_000_000_000;

/// `struct timespec`.
#[repr(C)]
pub struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

/// `struct timeval`.
#[repr(C)]
pub struct Timeval {
    tv_sec: i64,
    tv_usec: i64,
}

/// The data page's address, found PC-relatively (the linker script places `_vdso_data` one
/// page before the image; a GOT entry would need a relocation nobody applies).
#[inline(always)]
fn data() -> &'static VdsoData {
    let address: usize;
    // SAFETY: computes an address only; `_vdso_data` is a hidden symbol of the linker script.
    unsafe {
        asm!(
            "adrp {0}, _vdso_data",
            "add {0}, {0}, :lo12:_vdso_data",
            out(reg) address,
            options(pure, nomem, nostack),
        );
    }
    // SAFETY: the kernel maps the data page, readable, right below the vDSO in every process
    // it maps the vDSO into.
    unsafe { &*(address as *const VdsoData) }
}

/// The virtual counter, read after an instruction barrier so that it is not taken early.
#[inline(always)]
fn counter() -> u64 {
    let value: u64;
    // SAFETY: the kernel sets CNTKCTL_EL1.EL0VCTEN, so EL0 may read CNTVCT_EL0.
    unsafe { asm!("isb", "mrs {0}, cntvct_el0", out(reg) value, options(nomem, nostack)) };
    value
}

/// Nanoseconds of `CLOCK_MONOTONIC`: the same arithmetic as the kernel's `uptime_ns`
/// (`ClockScale::ns`), a multiply and no division (a 64x64 multiply-high, no runtime helper).
#[inline(always)]
fn monotonic_ns(data: &VdsoData) -> u64 {
    let elapsed = counter().saturating_sub(data.start_counter);
    let fraction = ((elapsed as u128 * data.scale_frac as u128) >> 64) as u64;
    elapsed
        .wrapping_mul(data.scale_whole)
        .wrapping_add(fraction)
}

/// A raw two-argument system call.
#[inline(always)]
unsafe fn syscall2(number: u64, a: usize, b: usize) -> i64 {
    let result: i64;
    // SAFETY: the caller passes the arguments the system call expects; `svc` clobbers nothing
    // but x0.
    unsafe {
        asm!("svc #0", in("x8") number, inlateout("x0") a as i64 => result, in("x1") b,
             options(nostack));
    }
    result
}

/// Nanoseconds of `clock`, or `None` when only the kernel can answer.
#[inline(always)]
fn clock_ns(clock: i32) -> Option<u64> {
    let data = data();
    if data.version != VERSION {
        return None;
    }
    match clock {
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_MONOTONIC_COARSE | CLOCK_BOOTTIME => {
            Some(monotonic_ns(data))
        }
        CLOCK_REALTIME | CLOCK_REALTIME_COARSE => {
            Some(monotonic_ns(data).wrapping_add(data.realtime_offset_ns))
        }
        _ => None,
    }
}

/// `clock_gettime(2)`.
#[no_mangle]
pub unsafe extern "C" fn __kernel_clock_gettime(clock: i32, ts: *mut Timespec) -> i32 {
    match clock_ns(clock) {
        Some(nanos) => {
            // SAFETY: as the system call, the caller hands a writable timespec; a bad pointer
            // faults in the caller's context just as a glibc write would.
            unsafe {
                (*ts).tv_sec = (nanos / NANOS_PER_SEC) as i64;
                (*ts).tv_nsec = (nanos % NANOS_PER_SEC) as i64;
            }
            0
        }
        // SAFETY: the system call checks its arguments itself.
        None => unsafe { syscall2(NR_CLOCK_GETTIME, clock as usize, ts as usize) as i32 },
    }
}

/// `gettimeofday(2)`: the time zone, when asked for, comes from the kernel.
#[no_mangle]
pub unsafe extern "C" fn __kernel_gettimeofday(tv: *mut Timeval, tz: *mut u8) -> i32 {
    match clock_ns(CLOCK_REALTIME) {
        Some(nanos) if tz.is_null() => {
            if !tv.is_null() {
                // SAFETY: as in `__kernel_clock_gettime`.
                unsafe {
                    (*tv).tv_sec = (nanos / NANOS_PER_SEC) as i64;
                    (*tv).tv_usec = ((nanos % NANOS_PER_SEC) / 1000) as i64;
                }
            }
            0
        }
        // SAFETY: the system call checks its arguments itself.
        _ => unsafe { syscall2(NR_GETTIMEOFDAY, tv as usize, tz as usize) as i32 },
    }
}

/// `clock_getres(2)`: always the kernel's answer (rarely called, and it knows the resolution).
#[no_mangle]
pub unsafe extern "C" fn __kernel_clock_getres(clock: i32, res: *mut Timespec) -> i32 {
    // SAFETY: the system call checks its arguments itself.
    unsafe { syscall2(NR_CLOCK_GETRES, clock as usize, res as usize) as i32 }
}

// `__kernel_rt_sigreturn`: where a handler returns when glibc set no SA_RESTORER (the kernel
// still uses its own trampoline page today; the symbol is here for unwinders and libcs that
// look for it, as on Linux).
core::arch::global_asm!(
    ".globl __kernel_rt_sigreturn",
    ".type __kernel_rt_sigreturn, %function",
    "__kernel_rt_sigreturn:",
    "mov x8, #{nr}",
    "svc #0",
    ".size __kernel_rt_sigreturn, . - __kernel_rt_sigreturn",
    nr = const NR_RT_SIGRETURN,
);

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
