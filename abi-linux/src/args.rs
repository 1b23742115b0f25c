//! Typed syscall arguments: each handler parameter is decoded from its raw register here, so
//! a bad value is an `EINVAL`/`EBADF` before the handler runs.

use kernel_core::{Errno, UserAddr};

/// Decodes one argument register.
pub trait FromArg: Sized {
    /// The typed value, or the errno Linux gives for an invalid one.
    fn from_arg(raw: u64) -> Result<Self, Errno>;
}

/// A file descriptor: non-negative `int`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fd(pub u32);

impl FromArg for Fd {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        let value = raw as i32; // Linux reads an `int`: the upper half is ignored
        u32::try_from(value).map(Fd).map_err(|_| Errno::EBADF)
    }
}

/// A clock id (`clockid_t`, an `int`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockId(pub i32);

impl FromArg for ClockId {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        Ok(ClockId(raw as i32))
    }
}

/// A pointer into user memory to a `T`; only [`crate::context::UserMemory`] dereferences it.
#[derive(Debug, PartialEq, Eq)]
pub struct UserPtr<T> {
    /// Where it points.
    pub addr: UserAddr,
    _marker: core::marker::PhantomData<fn() -> T>,
}

impl<T> Clone for UserPtr<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for UserPtr<T> {}

impl<T> UserPtr<T> {
    /// Wraps a raw user address.
    pub const fn new(raw: u64) -> Self {
        Self {
            addr: UserAddr::new(raw),
            _marker: core::marker::PhantomData,
        }
    }

    /// Whether it is NULL.
    pub const fn is_null(&self) -> bool {
        self.addr.as_u64() == 0
    }
}

impl<T> UserPtr<T> {
    /// The raw address.
    pub const fn as_u64(&self) -> u64 {
        self.addr.as_u64()
    }
}

impl<T> FromArg for UserPtr<T> {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        Ok(UserPtr::new(raw))
    }
}

impl FromArg for u64 {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        Ok(raw)
    }
}

impl FromArg for i32 {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        Ok(raw as i32) // an `int` argument: the upper half of the register is ignored
    }
}

impl FromArg for u32 {
    fn from_arg(raw: u64) -> Result<Self, Errno> {
        Ok(raw as u32) // an `unsigned int` argument
    }
}
