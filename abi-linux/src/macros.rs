//! `syscall_table!`: one row per syscall produces constants, metadata and dispatch.

/// Declares the syscall table in two blocks, `implemented { ... }` and `absent { ... }`. Each
/// implemented row is
/// `name = number => family::handler(arg, ...);` where `handler` takes the context followed by one
/// typed argument per name (each decoded from its register with [`crate::args::FromArg`]) and
/// returns `Result<usize, Errno>`. Then `absent { name = number; ... }` names the numbers Linux
/// defines that Lichen does not implement: they return `-ENOSYS`, logged once, like numbers
/// Linux does not define.
#[macro_export]
macro_rules! syscall_table {
    (
        implemented {
            $($name:ident = $number:literal => $family:ident :: $function:ident ( $($arg:ident),* );)*
        }
        absent { $($absent:ident = $absent_number:literal;)* }
    ) => {
        /// The AArch64 syscall numbers Linux defines, implemented or not.
        #[allow(non_upper_case_globals)]
        pub mod nr {
            $(
                #[doc = concat!("`", stringify!($name), "`")]
                pub const $name: usize = $number;
            )*
            $(
                #[doc = concat!("`", stringify!($absent), "` (not implemented)")]
                pub const $absent: usize = $absent_number;
            )*
        }

        /// One entry per row, implemented rows first, in table order.
        pub static SYSCALLS: &[$crate::SyscallInfo] = &[$(
            $crate::SyscallInfo {
                name: stringify!($name),
                number: $number,
                args: &[$(stringify!($arg)),*],
                handler: concat!(stringify!($family), "::", stringify!($function)),
                implemented: true,
            },
        )* $(
            $crate::SyscallInfo {
                name: stringify!($absent),
                number: $absent_number,
                args: &[],
                handler: "",
                implemented: false,
            },
        )*];

        /// Runs syscall `number` with the six argument registers; returns what x0 gets.
        // The closure gives `?` a scope: a bad argument ends that row, not `dispatch`.
        #[allow(clippy::redundant_closure_call)]
        pub fn dispatch(
            ctx: &dyn $crate::context::SyscallContext,
            number: usize,
            registers: [u64; 6],
        ) -> isize {
            #[allow(unused_variables)]
            let result: Result<usize, kernel_core::Errno> = match number {
                $(
                    $number => {
                        let mut _next = registers.iter().copied();
                        (|| {
                            $(
                                let $arg = $crate::args::FromArg::from_arg(
                                    _next.next().unwrap_or(0),
                                )?;
                            )*
                            $family::$function(ctx, $($arg),*)
                        })()
                    }
                )*
                _ => Err($crate::unknown::report(number)),
            };
            match result {
                Ok(value) => value as isize,
                Err(errno) => errno.as_syscall_return(),
            }
        }
    };
}
