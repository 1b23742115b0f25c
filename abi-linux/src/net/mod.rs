//! `AF_UNIX` sockets: `socket`, `socketpair`, `bind`, `listen`, `accept4`, `connect`, the send
//! and receive calls, `shutdown`, names and options.
