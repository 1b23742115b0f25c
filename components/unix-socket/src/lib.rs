//! AF_UNIX sockets as open files (in progress).
#![no_std]
#![forbid(unsafe_code)]
