//! AArch64 translation tables (4 KiB granule, 48-bit VA): built here, host-testable.
// Written by the paging work; see docs/contracts/paging.md.
