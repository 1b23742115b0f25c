#!/usr/bin/env bash
# Runs the whole test suite, exactly as the README says: `cargo xtask test`.
# Works on a fresh Debian 12 machine with only rustup's stable toolchain: xtask installs the
# rest (as root directly, otherwise through sudo). Needs no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."
# rustup's default install puts cargo in ~/.cargo/bin, which a non-login shell may lack.
if ! command -v cargo >/dev/null 2>&1 && [ -f "${HOME:-/root}/.cargo/env" ]; then
    . "${HOME:-/root}/.cargo/env"
fi
exec cargo xtask test
