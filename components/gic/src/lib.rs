//! Drivers for the Arm GICv2 and GICv3 interrupt controllers.
#![no_std]
#![forbid(unsafe_code)]
