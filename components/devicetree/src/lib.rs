//! Reads the flattened device tree: memory, CPUs, chosen, and device nodes.
#![no_std]
#![forbid(unsafe_code)]
