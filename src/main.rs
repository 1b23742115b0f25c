//! Lichen: assembles the selected board's components into a kernel.
#![no_std]
#![no_main]
