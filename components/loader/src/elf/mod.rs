//! ELF64 AArch64 executables: checks and the load plan (segments, entry, interpreter, auxv facts).
//!
//! The kernel reads the start of the file, calls [`parse_prefix`] (reading more when it answers
//! [`ElfError::PrefixTooShort`]; [`parse`] is the same for a whole file in memory), picks a load bias
//! ([`LoadPlan::default_bias`] or its own mmap placement + [`LoadPlan::bias_for_address`]),
//! calls [`LoadPlan::place`], then maps each [`LoadSegment`]: copy
//! [`LoadSegment::file_window`] to [`LoadSegment::map_start`] and zero
//! [`LoadSegment::zero_range`]. A `PT_INTERP` program repeats this for the interpreter, placed
//! where the caller's mmap puts it, and enters at the interpreter's entry with `AT_BASE` set to
//! its bias.

mod error;
mod parse;
mod place;
mod plan;

pub use error::ElfError;
pub use parse::{parse, parse_prefix, ELF64_HEADER_SIZE, EM_AARCH64};
pub use place::PlacedImage;
pub use plan::{page_align, page_start, ElfKind, GnuStack, LoadPlan, LoadSegment, SegmentFlags};
