//! Linux error numbers (asm-generic values, as arm64 uses them).

/// A Linux errno. Handlers return `Result<T, Errno>`; the syscall layer alone turns it into `-errno`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[repr(i32)]
pub enum Errno {
    /// Operation not permitted.
    #[error("Operation not permitted")]
    EPERM = 1,
    /// No such file or directory.
    #[error("No such file or directory")]
    ENOENT = 2,
    /// No such process.
    #[error("No such process")]
    ESRCH = 3,
    /// Interrupted system call.
    #[error("Interrupted system call")]
    EINTR = 4,
    /// I/O error.
    #[error("I/O error")]
    EIO = 5,
    /// No such device or address.
    #[error("No such device or address")]
    ENXIO = 6,
    /// Argument list too long.
    #[error("Argument list too long")]
    E2BIG = 7,
    /// Exec format error.
    #[error("Exec format error")]
    ENOEXEC = 8,
    /// Bad file number.
    #[error("Bad file number")]
    EBADF = 9,
    /// No child processes.
    #[error("No child processes")]
    ECHILD = 10,
    /// Try again.
    #[error("Try again")]
    EAGAIN = 11,
    /// Out of memory.
    #[error("Out of memory")]
    ENOMEM = 12,
    /// Permission denied.
    #[error("Permission denied")]
    EACCES = 13,
    /// Bad address.
    #[error("Bad address")]
    EFAULT = 14,
    /// Block device required.
    #[error("Block device required")]
    ENOTBLK = 15,
    /// Device or resource busy.
    #[error("Device or resource busy")]
    EBUSY = 16,
    /// File exists.
    #[error("File exists")]
    EEXIST = 17,
    /// Cross-device link.
    #[error("Cross-device link")]
    EXDEV = 18,
    /// No such device.
    #[error("No such device")]
    ENODEV = 19,
    /// Not a directory.
    #[error("Not a directory")]
    ENOTDIR = 20,
    /// Is a directory.
    #[error("Is a directory")]
    EISDIR = 21,
    /// Invalid argument.
    #[error("Invalid argument")]
    EINVAL = 22,
    /// File table overflow.
    #[error("File table overflow")]
    ENFILE = 23,
    /// Too many open files.
    #[error("Too many open files")]
    EMFILE = 24,
    /// Not a typewriter.
    #[error("Not a typewriter")]
    ENOTTY = 25,
    /// Text file busy.
    #[error("Text file busy")]
    ETXTBSY = 26,
    /// File too large.
    #[error("File too large")]
    EFBIG = 27,
    /// No space left on device.
    #[error("No space left on device")]
    ENOSPC = 28,
    /// Illegal seek.
    #[error("Illegal seek")]
    ESPIPE = 29,
    /// Read-only file system.
    #[error("Read-only file system")]
    EROFS = 30,
    /// Too many links.
    #[error("Too many links")]
    EMLINK = 31,
    /// Broken pipe.
    #[error("Broken pipe")]
    EPIPE = 32,
    /// Math argument out of domain of func.
    #[error("Math argument out of domain of func")]
    EDOM = 33,
    /// Math result not representable.
    #[error("Math result not representable")]
    ERANGE = 34,
    /// Resource deadlock would occur.
    #[error("Resource deadlock would occur")]
    EDEADLK = 35,
    /// File name too long.
    #[error("File name too long")]
    ENAMETOOLONG = 36,
    /// No record locks available.
    #[error("No record locks available")]
    ENOLCK = 37,
    /// Invalid system call number.
    #[error("Invalid system call number")]
    ENOSYS = 38,
    /// Directory not empty.
    #[error("Directory not empty")]
    ENOTEMPTY = 39,
    /// Too many symbolic links encountered.
    #[error("Too many symbolic links encountered")]
    ELOOP = 40,
    /// No message of desired type.
    #[error("No message of desired type")]
    ENOMSG = 42,
    /// Identifier removed.
    #[error("Identifier removed")]
    EIDRM = 43,
    /// Device not a stream.
    #[error("Device not a stream")]
    ENOSTR = 60,
    /// No data available.
    #[error("No data available")]
    ENODATA = 61,
    /// Timer expired.
    #[error("Timer expired")]
    ETIME = 62,
    /// Out of streams resources.
    #[error("Out of streams resources")]
    ENOSR = 63,
    /// Link has been severed.
    #[error("Link has been severed")]
    ENOLINK = 67,
    /// Protocol error.
    #[error("Protocol error")]
    EPROTO = 71,
    /// Not a data message.
    #[error("Not a data message")]
    EBADMSG = 74,
    /// Accessing a corrupted shared library.
    #[error("Accessing a corrupted shared library")]
    ELIBBAD = 80,
    /// Value too large for defined data type.
    #[error("Value too large for defined data type")]
    EOVERFLOW = 75,
    /// Illegal byte sequence.
    #[error("Illegal byte sequence")]
    EILSEQ = 84,
    /// Socket operation on non-socket.
    #[error("Socket operation on non-socket")]
    ENOTSOCK = 88,
    /// Destination address required.
    #[error("Destination address required")]
    EDESTADDRREQ = 89,
    /// Message too long.
    #[error("Message too long")]
    EMSGSIZE = 90,
    /// Protocol wrong type for socket.
    #[error("Protocol wrong type for socket")]
    EPROTOTYPE = 91,
    /// Protocol not available.
    #[error("Protocol not available")]
    ENOPROTOOPT = 92,
    /// Protocol not supported.
    #[error("Protocol not supported")]
    EPROTONOSUPPORT = 93,
    /// Socket type not supported.
    #[error("Socket type not supported")]
    ESOCKTNOSUPPORT = 94,
    /// Operation not supported on transport endpoint.
    #[error("Operation not supported on transport endpoint")]
    EOPNOTSUPP = 95,
    /// Protocol family not supported.
    #[error("Protocol family not supported")]
    EPFNOSUPPORT = 96,
    /// Address family not supported by protocol.
    #[error("Address family not supported by protocol")]
    EAFNOSUPPORT = 97,
    /// Address already in use.
    #[error("Address already in use")]
    EADDRINUSE = 98,
    /// Cannot assign requested address.
    #[error("Cannot assign requested address")]
    EADDRNOTAVAIL = 99,
    /// Network is down.
    #[error("Network is down")]
    ENETDOWN = 100,
    /// Network is unreachable.
    #[error("Network is unreachable")]
    ENETUNREACH = 101,
    /// Network dropped connection because of reset.
    #[error("Network dropped connection because of reset")]
    ENETRESET = 102,
    /// Software caused connection abort.
    #[error("Software caused connection abort")]
    ECONNABORTED = 103,
    /// Connection reset by peer.
    #[error("Connection reset by peer")]
    ECONNRESET = 104,
    /// No buffer space available.
    #[error("No buffer space available")]
    ENOBUFS = 105,
    /// Transport endpoint is already connected.
    #[error("Transport endpoint is already connected")]
    EISCONN = 106,
    /// Transport endpoint is not connected.
    #[error("Transport endpoint is not connected")]
    ENOTCONN = 107,
    /// Cannot send after transport endpoint shutdown.
    #[error("Cannot send after transport endpoint shutdown")]
    ESHUTDOWN = 108,
    /// Too many references: cannot splice.
    #[error("Too many references: cannot splice")]
    ETOOMANYREFS = 109,
    /// Connection timed out.
    #[error("Connection timed out")]
    ETIMEDOUT = 110,
    /// Connection refused.
    #[error("Connection refused")]
    ECONNREFUSED = 111,
    /// Host is down.
    #[error("Host is down")]
    EHOSTDOWN = 112,
    /// No route to host.
    #[error("No route to host")]
    EHOSTUNREACH = 113,
    /// Operation already in progress.
    #[error("Operation already in progress")]
    EALREADY = 114,
    /// Operation now in progress.
    #[error("Operation now in progress")]
    EINPROGRESS = 115,
    /// Stale file handle.
    #[error("Stale file handle")]
    ESTALE = 116,
    /// Quota exceeded.
    #[error("Quota exceeded")]
    EDQUOT = 122,
    /// Operation Canceled.
    #[error("Operation Canceled")]
    ECANCELED = 125,
    /// Owner died.
    #[error("Owner died")]
    EOWNERDEAD = 130,
    /// State not recoverable.
    #[error("State not recoverable")]
    ENOTRECOVERABLE = 131,
    /// Kernel-internal: restart the interrupted call unless a handler without `SA_RESTART`
    /// runs, then `EINTR` (never reaches user space).
    #[error("Restart the system call (unless a handler without SA_RESTART runs)")]
    ERESTARTSYS = 512,
    /// Kernel-internal: always restart the interrupted call.
    #[error("Restart the system call")]
    ERESTARTNOINTR = 513,
    /// Kernel-internal: restart only when no handler runs, else `EINTR`.
    #[error("Restart the system call if no handler runs")]
    ERESTARTNOHAND = 514,
}

impl Errno {
    /// `EWOULDBLOCK` is `EAGAIN` on Linux.
    pub const EWOULDBLOCK: Errno = Errno::EAGAIN;
    /// `ENOTSUP` is `EOPNOTSUPP` on Linux.
    pub const ENOTSUP: Errno = Errno::EOPNOTSUPP;

    /// The positive errno number.
    pub const fn code(self) -> i32 {
        self as i32
    }

    /// Whether this is one of the kernel-internal restart codes (`ERESTART*`), which the
    /// return to user mode turns into a restart or `EINTR`.
    pub const fn is_restart(self) -> bool {
        matches!(
            self,
            Errno::ERESTARTSYS | Errno::ERESTARTNOINTR | Errno::ERESTARTNOHAND
        )
    }

    /// The value a system call returns for this error: `-errno`.
    pub const fn as_syscall_return(self) -> isize {
        -(self as i32 as isize)
    }
}

#[cfg(test)]
mod tests {
    use super::Errno;

    #[test]
    fn values_match_linux() {
        assert_eq!(Errno::ENOENT.code(), 2);
        assert_eq!(Errno::EFAULT.code(), 14);
        assert_eq!(Errno::ENOSYS.code(), 38);
        assert_eq!(Errno::ELOOP.code(), 40);
        assert_eq!(Errno::ETIMEDOUT.code(), 110);
        assert_eq!(Errno::ENOSYS.as_syscall_return(), -38);
        assert_eq!(Errno::EWOULDBLOCK, Errno::EAGAIN);
    }
}
