//! The machine layer. On aarch64 the real thing; on the host, stand-ins so that the libraries'
//! algorithms build and run under `cargo test`.

pub mod esr;

#[cfg(target_arch = "aarch64")]
pub mod aarch64;
#[cfg(target_arch = "aarch64")]
pub use aarch64::cpu::{
    cpu_index, irq_enable, irq_restore, irq_save, wait_for_interrupt, IrqState,
};

#[cfg(not(target_arch = "aarch64"))]
mod host;
#[cfg(not(target_arch = "aarch64"))]
pub use host::{cpu_index, irq_enable, irq_restore, irq_save, wait_for_interrupt, IrqState};
