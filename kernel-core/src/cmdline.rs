//! The Linux-style kernel command line.
// Written by the devicetree/cmdline work.
