//! Physical frame allocation and the kernel heap.
#![no_std]
#![forbid(unsafe_code)]
