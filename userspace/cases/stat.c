/* stat.c: stat/fstat/lstat/newfstatat/statx fields that are deterministic, chmod/chown, access. */
#include <sys/sysmacros.h>

#include "lcase.h"

static void show_mode(const char *path) {
  struct stat info;
  if (lstat(path, &info) != 0) {
    say("%s: %s\n", path, errname(errno));
    return;
  }
  say("%s: type %o perm %04o nlink %lu uid %u gid %u\n", path, info.st_mode & S_IFMT,
      info.st_mode & 07777, (unsigned long)info.st_nlink, info.st_uid, info.st_gid);
}

LCASE(regular_file) {
  umask(0);
  int fd = open("f", O_CREAT | O_WRONLY, 0640);
  char block[5000];
  memset(block, 'b', sizeof block);
  write_all(fd, block, sizeof block);
  struct stat by_path, by_fd, by_link;
  SHOW(stat("f", &by_path));
  SHOW(fstat(fd, &by_fd));
  SHOW(lstat("f", &by_link));
  show_mode("f");
  SHOW(by_path.st_size);
  FACT(by_path.st_ino == by_fd.st_ino && by_fd.st_ino == by_link.st_ino);
  FACT(by_path.st_dev == by_fd.st_dev);
  FACT(by_path.st_blksize > 0);
  FACT(by_path.st_blocks * 512 >= by_path.st_size);
  SHOW(by_path.st_rdev);
  SHOW(stat("missing", &by_path));
  SHOW(fstat(99, &by_fd));
}

LCASE(directory) {
  umask(022);
  mkdir("d", 0777);
  show_mode("d");
  mkdir("d/sub1", 0755);
  mkdir("d/sub2", 0700);
  write_file("d/file", "x", 0644);
  show_mode("d");
  show_mode("d/sub2");
  SHOW(rmdir("d/sub1"));
  show_mode("d");
  struct stat info;
  SHOW(stat("/", &info));
  FACT(S_ISDIR(info.st_mode));
}

static void show_device(const char *path) {
  struct stat info;
  if (stat(path, &info) != 0) {
    say("%s: %s\n", path, errname(errno));
    return;
  }
  say("%s: %s %u:%u perm %04o\n", path, S_ISCHR(info.st_mode) ? "char" : "other",
      major(info.st_rdev), minor(info.st_rdev), info.st_mode & 07777);
}

LCASE(devices) {
  show_device("/dev/null");
  show_device("/dev/zero");
  show_device("/dev/full");
  show_device("/dev/random");
  show_device("/dev/urandom");
  show_device("/dev/tty");
  show_device("/dev/console");
}

LCASE(fifo_and_pipe) {
  int fds[2];
  MUST(pipe(fds));
  struct stat info;
  SHOW(fstat(fds[0], &info));
  FACT(S_ISFIFO(info.st_mode));
  SHOW(info.st_size);
  SHOW(mkfifo("fifo", 0600));
  SHOW(stat("fifo", &info));
  FACT(S_ISFIFO(info.st_mode));
  show_mode("fifo");
  SHOW(mkfifo("fifo", 0600));
}

LCASE(fstatat_and_statx) {
  write_file("target", "0123456789", 0644);
  symlink("target", "link");
  struct stat info;
  SHOW(fstatat(AT_FDCWD, "link", &info, AT_SYMLINK_NOFOLLOW));
  FACT(S_ISLNK(info.st_mode));
  SHOW(info.st_size);
  SHOW(fstatat(AT_FDCWD, "link", &info, 0));
  SHOW(info.st_size);
  SHOW(fstatat(AT_FDCWD, "link", &info, 0x4000000));
  int fd = open("target", O_RDONLY);
  SHOW(fstatat(fd, "", &info, AT_EMPTY_PATH));
  SHOW(info.st_size);
  struct statx extended;
  SHOW(statx(AT_FDCWD, "target", 0, STATX_BASIC_STATS, &extended));
  FACT((extended.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
  SHOW(extended.stx_size);
  SHOW(extended.stx_nlink);
  SHOW(extended.stx_mode & 07777);
  SHOW(statx(AT_FDCWD, "link", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &extended));
  FACT(S_ISLNK(extended.stx_mode));
  SHOW(statx(AT_FDCWD, "target", 0, STATX__RESERVED, &extended));
  SHOW(statx(AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &extended));
}

LCASE(timestamps) {
  write_file("f", "x", 0644);
  struct stat before, after;
  MUST(stat("f", &before));
  int fd = open("f", O_WRONLY | O_APPEND);
  write_all(fd, "more", 4);
  MUST(stat("f", &after));
  FACT(after.st_mtim.tv_sec >= before.st_mtim.tv_sec);
  struct timespec times[2] = {{1000000000, 123}, {1200000000, 456789}};
  SHOW(utimensat(AT_FDCWD, "f", times, 0));
  MUST(stat("f", &after));
  say("atime %ld.%09ld mtime %ld.%09ld\n", (long)after.st_atim.tv_sec, after.st_atim.tv_nsec,
      (long)after.st_mtim.tv_sec, after.st_mtim.tv_nsec);
  struct timespec omit[2] = {{0, UTIME_OMIT}, {77, 0}};
  SHOW(futimens(fd, omit));
  MUST(stat("f", &after));
  say("atime %ld.%09ld mtime %ld.%09ld\n", (long)after.st_atim.tv_sec, after.st_atim.tv_nsec,
      (long)after.st_mtim.tv_sec, after.st_mtim.tv_nsec);
  FACT(after.st_ctim.tv_sec > 1000000000);
  struct timespec bad[2] = {{0, 1000000000}, {0, 0}};
  SHOW(utimensat(AT_FDCWD, "f", bad, 0));
  SHOW(utimensat(AT_FDCWD, "missing", times, 0));
}

LCASE(chmod_chown) {
  write_file("f", "x", 0644);
  SHOW(chmod("f", 0));
  show_mode("f");
  SHOW(chmod("f", 04755));
  show_mode("f");
  SHOW(chown("f", 1000, 1000));
  show_mode("f");
  int fd = open("f", O_RDONLY);
  SHOW(fchmod(fd, 02711));
  show_mode("f");
  SHOW(fchown(fd, -1, 0));
  show_mode("f");
  symlink("f", "link");
  SHOW(lchown("link", 5, 6));
  show_mode("link");
  show_mode("f");
  SHOW(chmod("missing", 0644));
  SHOW(fchmod(99, 0644));
}

LCASE(access_modes) {
  write_file("plain", "x", 0644);
  write_file("exec", "x", 0744);
  write_file("none", "x", 0);
  SHOW(access("plain", R_OK | W_OK));
  SHOW(access("plain", X_OK));
  SHOW(access("exec", X_OK));
  SHOW(access("none", R_OK | W_OK));
  SHOW(access("none", X_OK));
  SHOW(access("missing", F_OK));
  SHOW(access("plain", 0x10));
  SHOW(faccessat(AT_FDCWD, "plain", R_OK, AT_EACCESS));
  SHOW(syscall(SYS_faccessat, AT_FDCWD, "plain", 0x10));
}
