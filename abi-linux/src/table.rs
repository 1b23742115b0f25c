//! The table: one row per AArch64 syscall number (`include/uapi/asm-generic/unistd.h`).
//! Numbers without a row return `-ENOSYS`. `docs/syscalls.md` is generated from it
//! (`cargo xtask syscalls-doc`).

use crate::{events, fs, misc, mm, process, sched, time};

crate::syscall_table! {
    getcwd = 17 => process::getcwd(buf, size);
    chdir = 49 => process::chdir(path);
    dup = 23 => fs::dup(fd);
    dup3 = 24 => fs::dup3(oldfd, newfd, flags);
    fcntl = 25 => fs::fcntl(fd, cmd, arg);
    ioctl = 29 => fs::ioctl(fd, cmd, arg);
    umount2 = 39 => fs::umount2(target, flags);
    mount = 40 => fs::mount(source, target, fstype, flags, data);
    mkdirat = 34 => fs::mkdirat(dirfd, path, mode);
    unlinkat = 35 => fs::unlinkat(dirfd, path, flags);
    faccessat = 48 => fs::faccessat(dirfd, path, mode);
    openat = 56 => fs::openat(dirfd, path, flags, mode);
    close = 57 => fs::close(fd);
    pipe2 = 59 => fs::pipe2(fds, flags);
    getdents64 = 61 => fs::getdents64(fd, dirp, count);
    lseek = 62 => fs::lseek(fd, offset, whence);
    readv = 65 => fs::readv(fd, iov, iovcnt);
    writev = 66 => fs::writev(fd, iov, iovcnt);
    pread64 = 67 => fs::pread64(fd, buf, count, offset);
    pwrite64 = 68 => fs::pwrite64(fd, buf, count, offset);
    readlinkat = 78 => fs::readlinkat(dirfd, path, buf, size);
    newfstatat = 79 => fs::newfstatat(dirfd, path, statbuf, flags);
    fstat = 80 => fs::fstat(fd, statbuf);
    read = 63 => fs::read(fd, buf, count);
    write = 64 => fs::write(fd, buf, count);
    exit = 93 => process::exit(status);
    exit_group = 94 => process::exit_group(status);
    set_tid_address = 96 => process::set_tid_address(tidptr);
    set_robust_list = 99 => process::set_robust_list(head, len);
    nanosleep = 101 => time::nanosleep(request, remaining);
    clock_gettime = 113 => time::clock_gettime(clock, tp);
    clock_nanosleep = 115 => time::clock_nanosleep(clock, flags, request, remaining);
    sched_yield = 124 => sched::sched_yield();
    setgid = 144 => process::setgid(gid);
    setuid = 146 => process::setuid(uid);
    kill = 129 => process::kill(pid, sig);
    rt_sigaction = 134 => process::rt_sigaction(sig, act, oact, sigsetsize);
    rt_sigprocmask = 135 => process::rt_sigprocmask(how, set, oldset, sigsetsize);
    rt_sigreturn = 139 => process::rt_sigreturn();
    uname = 160 => misc::uname(buf);
    getpid = 172 => process::getpid();
    getppid = 173 => process::getppid();
    getuid = 174 => process::getuid();
    geteuid = 175 => process::geteuid();
    getgid = 176 => process::getgid();
    getegid = 177 => process::getegid();
    gettid = 178 => process::gettid();
    brk = 214 => mm::brk(addr);
    munmap = 215 => mm::munmap(addr, length);
    mmap = 222 => mm::mmap(addr, length, prot, flags, fd, offset);
    mprotect = 226 => mm::mprotect(addr, length, prot);
    prlimit64 = 261 => process::prlimit64(pid, resource, new, old);
    clone = 220 => process::clone(flags, stack, parent_tid, tls, child_tid);
    execve = 221 => process::execve(path, argv, envp);
    wait4 = 260 => process::wait4(pid, status, options, rusage);
    getrandom = 278 => misc::getrandom(buf, len, flags);
    eventfd2 = 19 => events::eventfd2(initval, flags);
    epoll_create1 = 20 => events::epoll_create1(flags);
    epoll_ctl = 21 => events::epoll_ctl(epfd, op, fd, event);
    epoll_pwait = 22 => events::epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize);
    pselect6 = 72 => events::pselect6(n, readfds, writefds, exceptfds, timeout, sigmask);
    ppoll = 73 => events::ppoll(fds, nfds, tmo_p, sigmask, sigsetsize);
    signalfd4 = 74 => events::signalfd4(fd, mask, sizemask, flags);
    timerfd_create = 85 => events::timerfd_create(clockid, flags);
    timerfd_settime = 86 => events::timerfd_settime(fd, flags, new_value, old_value);
    timerfd_gettime = 87 => events::timerfd_gettime(fd, curr_value);
}
