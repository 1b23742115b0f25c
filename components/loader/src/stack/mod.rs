//! The initial user stack of a new program, byte for byte as Linux 6.1 builds it on arm64.
//!
//! From the top (`stack_top`, the end of the stack mapping) down:
//!
//! ```text
//! stack_top - 8 .. stack_top   8 zero bytes (bprm->p starts at vm_end - sizeof(void *))
//!                               filename + NUL                 <- AT_EXECFN
//!                               envp[0] + NUL .. envp[n-1] + NUL (ascending)
//! arg_start                     argv[0] + NUL .. argv[argc-1] + NUL
//!                               0..4095 bytes of arch_align_stack shuffle, then down to 16
//!                               "aarch64" + NUL                <- AT_PLATFORM
//!                               16 random bytes                <- AT_RANDOM
//!                               0..15 bytes of padding (zero)
//!                               auxv pairs, AT_NULL last
//!                               NULL, envp pointers
//!                               NULL, argv pointers
//! sp (16-byte aligned)          argc
//! ```

mod auxv;

use alloc::vec;
use alloc::vec::Vec;

use kernel_core::Errno;

pub use auxv::*;

use crate::args::ExecArgs;
use crate::linux::PAGE_SIZE;

/// Why a stack cannot be built (caller errors, not user input).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StackError {
    /// `stack_top` is not page-aligned.
    #[error("stack: top {top:#x} is not page-aligned")]
    MisalignedTop {
        /// The address given.
        top: u64,
    },
    /// `align_shuffle` is not below the page size.
    #[error("stack: shuffle {shuffle} is not below the page size")]
    BadShuffle {
        /// The value given.
        shuffle: u64,
    },
    /// The stack would reach below address 0.
    #[error("stack: {size} bytes do not fit below {top:#x}")]
    DoesNotFit {
        /// The top given.
        top: u64,
        /// Bytes needed.
        size: u64,
    },
}

impl StackError {
    /// The errno: `EFAULT`, as Linux's `create_elf_tables` gives when the stack cannot be
    /// written.
    pub fn errno(&self) -> Errno {
        Errno::EFAULT
    }
}

/// What the kernel supplies besides the strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackRequest<'a> {
    /// The strings.
    pub args: &'a ExecArgs,
    /// Auxv values.
    pub aux: &'a AuxValues,
    /// End of the stack mapping (page-aligned): Linux's `STACK_TOP` less its randomisation.
    pub stack_top: u64,
    /// The 16 bytes for `AT_RANDOM` (from the kernel's random source).
    pub random_bytes: [u8; 16],
    /// `arch_align_stack`'s random shift, in `0..4096`: Linux subtracts
    /// `prandom_u32_max(PAGE_SIZE)` below the strings unless randomisation is off
    /// (`ADDR_NO_RANDOMIZE` or `randomize_va_space = 0`); pass 0 then.
    pub align_shuffle: u64,
}

/// The built stack: the bytes to copy and the addresses the process keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialStack {
    /// The initial stack pointer (16-byte aligned): where `argc` is.
    pub sp: u64,
    /// Contents of `[sp, stack_top)`.
    pub bytes: Vec<u8>,
    /// Address of `argv[0]`'s string (`mm->arg_start`).
    pub arg_start: u64,
    /// End of the argument strings (`mm->arg_end`).
    pub arg_end: u64,
    /// Start of the environment strings (`mm->env_start`).
    pub env_start: u64,
    /// End of the environment strings (`mm->env_end`).
    pub env_end: u64,
    /// Address of the filename string (`AT_EXECFN`).
    pub execfn: u64,
    /// Address of the 16 random bytes (`AT_RANDOM`).
    pub random: u64,
    /// Address of the platform string (`AT_PLATFORM`), if any.
    pub platform: Option<u64>,
    /// The auxv as written, `AT_NULL` last (`mm->saved_auxv`, for `/proc/<pid>/auxv`).
    pub auxv: Vec<(u64, u64)>,
}

/// Lays out the initial stack for `request`.
pub fn build_initial_stack(request: &StackRequest<'_>) -> Result<InitialStack, StackError> {
    let top = request.stack_top;
    if !top.is_multiple_of(PAGE_SIZE) {
        return Err(StackError::MisalignedTop { top });
    }
    if request.align_shuffle >= PAGE_SIZE {
        return Err(StackError::BadShuffle {
            shuffle: request.align_shuffle,
        });
    }
    let args = request.args;
    let string_bytes: u64 = [args.filename()]
        .into_iter()
        .chain(args.envp().iter().map(Vec::as_slice))
        .chain(args.argv().iter().map(Vec::as_slice))
        .map(|s| s.len() as u64 + 1)
        .sum();
    let argc = args.argv().len() as u64;
    let envc = args.envp().len() as u64;
    let platform_len = request.aux.platform.map_or(0, |p| p.len() as u64 + 1);
    // An upper bound of everything below the strings: shuffle, alignment, platform, random,
    // auxv (at most 22 pairs), pointers, argc, rounding.
    let worst = 8
        + string_bytes
        + PAGE_SIZE
        + 16
        + platform_len
        + 16
        + 22 * 16
        + (argc + envc + 3) * 8
        + 16;
    if top < worst {
        return Err(StackError::DoesNotFit { top, size: worst });
    }

    // The strings, from the top down, as copy_string_kernel / copy_strings place them.
    let execfn = top - 8 - (args.filename().len() as u64 + 1);
    let env_bytes: u64 = args.envp().iter().map(|s| s.len() as u64 + 1).sum();
    let arg_bytes: u64 = args.argv().iter().map(|s| s.len() as u64 + 1).sum();
    let env_start = execfn - env_bytes;
    let arg_start = env_start - arg_bytes;

    // create_elf_tables.
    let mut p = (arg_start - request.align_shuffle) & !0xf;
    let platform = request.aux.platform.map(|string| {
        p -= string.len() as u64 + 1;
        p
    });
    p -= 16;
    let random = p;
    let auxv = request.aux.pairs(random, execfn, platform);
    let auxv_words = auxv.len() as u64 * 2;
    let items = (argc + 1) + (envc + 1) + 1;
    let sp = (p - auxv_words * 8 - items * 8) & !0xf;

    let mut stack = StackImage {
        base: sp,
        bytes: vec![0; (top - sp) as usize],
    };
    stack.put(execfn, args.filename());
    let mut at = env_start;
    let mut env_pointers = Vec::with_capacity(args.envp().len());
    for string in args.envp() {
        env_pointers.push(at);
        stack.put(at, string);
        at += string.len() as u64 + 1;
    }
    at = arg_start;
    let mut arg_pointers = Vec::with_capacity(args.argv().len());
    for string in args.argv() {
        arg_pointers.push(at);
        stack.put(at, string);
        at += string.len() as u64 + 1;
    }
    if let (Some(address), Some(string)) = (platform, request.aux.platform) {
        stack.put(address, string);
    }
    stack.put(random, &request.random_bytes);

    let mut word = sp;
    let mut push = |stack: &mut StackImage, value: u64| {
        stack.put(word, &value.to_le_bytes());
        word += 8;
    };
    push(&mut stack, argc);
    for pointer in arg_pointers.iter().copied().chain([0]) {
        push(&mut stack, pointer);
    }
    for pointer in env_pointers.iter().copied().chain([0]) {
        push(&mut stack, pointer);
    }
    for &(key, value) in &auxv {
        push(&mut stack, key);
        push(&mut stack, value);
    }

    Ok(InitialStack {
        sp,
        bytes: stack.bytes,
        arg_start,
        arg_end: env_start,
        env_start,
        env_end: execfn,
        execfn,
        random,
        platform,
        auxv,
    })
}

/// The stack bytes being filled, addressed by user address.
struct StackImage {
    base: u64,
    bytes: Vec<u8>,
}

impl StackImage {
    /// Writes `data` at user address `address` (every caller stays inside `[base, top)`).
    fn put(&mut self, address: u64, data: &[u8]) {
        let start = (address - self.base) as usize;
        if let Some(slot) = self.bytes.get_mut(start..start + data.len()) {
            slot.copy_from_slice(data);
        }
    }
}
