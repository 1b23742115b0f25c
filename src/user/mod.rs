//! Running code at EL0: the user trap handler, user memory access, and the syscall context.
//!
//! Today one user thread at a time (the `lichen.test=user` smoke program); processes, the
//! scheduler and the VFS plug in here in the userspace issue.

mod memory;
pub mod smoke;
mod traps;

pub use traps::install;
