/* file_io.c: open/read/write/lseek/pread/pwrite/readv/writev/truncate and their errors. */
#include <sys/uio.h>

#include "lcase.h"

static void show_bytes(const char *what, const char *buffer, long count) {
  if (count < 0) {
    say("%s: -1 %s\n", what, errname(errno));
  } else {
    say("%s: %ld \"%.*s\"\n", what, count, (int)count, buffer);
  }
}

static off_t size_of(const char *path) {
  struct stat info;
  return stat(path, &info) == 0 ? info.st_size : -1;
}

LCASE(open_read_write) {
  char buffer[64];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  SHOW(fd);
  SHOW(write(fd, "hello world", 11));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(lseek(fd, 0, SEEK_SET));
  show_bytes("read 64", buffer, read(fd, buffer, sizeof buffer));
  SHOW(read(fd, buffer, sizeof buffer));
  SHOW(read(fd, buffer, 0));
  SHOW(close(fd));
  SHOW(close(fd));
  fd = open("f", O_RDONLY);
  SHOW(fd);
  show_bytes("read 5", buffer, read(fd, buffer, 5));
  show_bytes("read 5 more", buffer, read(fd, buffer, 5));
  SHOW(close(fd));
}

LCASE(lseek_whence) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  char block[100];
  memset(block, 'x', sizeof block);
  write_all(fd, block, sizeof block);
  SHOW(lseek(fd, 10, SEEK_SET));
  SHOW(lseek(fd, 5, SEEK_CUR));
  SHOW(lseek(fd, -10, SEEK_END));
  SHOW(lseek(fd, 50, SEEK_END));
  SHOW(lseek(fd, -1000, SEEK_CUR));
  SHOW(lseek(fd, -1, SEEK_SET));
  SHOW(lseek(fd, 0, 7));
  SHOW(lseek(fd, 0, SEEK_DATA));
  SHOW(lseek(fd, 0, SEEK_HOLE));
  SHOW(lseek(fd, 200, SEEK_DATA));
  int pipe_fds[2];
  MUST(pipe(pipe_fds));
  SHOW(lseek(pipe_fds[0], 0, SEEK_CUR));
  SHOW(lseek(99, 0, SEEK_SET));
}

LCASE(pread_pwrite) {
  char buffer[32];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  write_all(fd, "0123456789", 10);
  SHOW(lseek(fd, 2, SEEK_SET));
  SHOW(pwrite(fd, "AB", 2, 5));
  SHOW(lseek(fd, 0, SEEK_CUR));
  show_bytes("pread 4 at 4", buffer, pread(fd, buffer, 4, 4));
  show_bytes("pread at 8", buffer, pread(fd, buffer, sizeof buffer, 8));
  SHOW(pread(fd, buffer, sizeof buffer, 100));
  SHOW(pwrite(fd, "Z", 1, 20));
  SHOW(size_of("f"));
  SHOW(pwrite(fd, "Z", 1, -1));
  SHOW(pread(fd, buffer, 1, -1));
  int pipe_fds[2];
  MUST(pipe(pipe_fds));
  SHOW(pwrite(pipe_fds[1], "x", 1, 0));
  SHOW(pread(pipe_fds[0], buffer, 1, 0));
}

LCASE(sparse_file) {
  char buffer[16];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  SHOW(lseek(fd, 8192, SEEK_SET));
  SHOW(write(fd, "x", 1));
  SHOW(size_of("f"));
  SHOW(pread(fd, buffer, sizeof buffer, 100));
  int zeros = 1;
  for (size_t index = 0; index < sizeof buffer; index++) zeros &= buffer[index] == 0;
  FACT(zeros);
  SHOW(lseek(fd, 0, SEEK_DATA) <= 8192);
  SHOW(lseek(fd, 8192, SEEK_HOLE));
}

LCASE(dup_shares_offset) {
  char buffer[8];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  write_all(fd, "abcdefgh", 8);
  lseek(fd, 0, SEEK_SET);
  int copy = dup(fd);
  SHOW(copy);
  show_bytes("read 3 via fd", buffer, read(fd, buffer, 3));
  SHOW(lseek(copy, 0, SEEK_CUR));
  show_bytes("read 2 via copy", buffer, read(copy, buffer, 2));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(fcntl(copy, F_SETFL, O_APPEND));
  FACT((fcntl(fd, F_GETFL) & O_APPEND) != 0);
  SHOW(fcntl(copy, F_GETFD));
  SHOW(close(fd));
  show_bytes("read 3 via copy after close", buffer, read(copy, buffer, 3));
  SHOW(dup(fd));
}

LCASE(dup2_dup3) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  SHOW(dup2(fd, fd));
  SHOW(dup2(fd, 10));
  SHOW(fcntl(10, F_GETFD));
  SHOW(dup3(fd, fd, 0));
  SHOW(dup3(fd, 11, O_CLOEXEC));
  SHOW(fcntl(11, F_GETFD));
  SHOW(dup3(fd, 12, O_NONBLOCK));
  SHOW(dup2(99, 13));
  SHOW(dup2(fd, -1));
  SHOW(dup2(fd, 100000));
  int other = open("g", O_CREAT | O_RDWR, 0644);
  SHOW(other);
  SHOW(dup2(other, 10));
  write_all(10, "via10", 5);
  SHOW(size_of("g"));
  SHOW(size_of("f"));
}

LCASE(fcntl_flags) {
  int read_only = open("f", O_CREAT | O_RDONLY, 0644);
  int write_only = open("f", O_WRONLY);
  int read_write = open("f", O_RDWR | O_APPEND);
  SHOW(fcntl(read_only, F_GETFL) & O_ACCMODE);
  SHOW(fcntl(write_only, F_GETFL) & O_ACCMODE);
  SHOW(fcntl(read_write, F_GETFL) & O_ACCMODE);
  FACT((fcntl(read_write, F_GETFL) & O_APPEND) != 0);
  SHOW(fcntl(read_only, F_SETFL, O_NONBLOCK | O_RDWR));
  FACT((fcntl(read_only, F_GETFL) & O_NONBLOCK) != 0);
  SHOW(fcntl(read_only, F_GETFL) & O_ACCMODE);
  SHOW(fcntl(read_only, F_SETFL, 0));
  FACT((fcntl(read_only, F_GETFL) & O_NONBLOCK) != 0);
  SHOW(fcntl(read_only, F_GETFD));
  SHOW(fcntl(read_only, F_SETFD, FD_CLOEXEC));
  SHOW(fcntl(read_only, F_GETFD));
  SHOW(fcntl(read_only, F_DUPFD, 20));
  SHOW(fcntl(read_only, F_DUPFD, 20));
  SHOW(fcntl(20, F_GETFD));
  SHOW(fcntl(read_only, F_DUPFD_CLOEXEC, 30));
  SHOW(fcntl(30, F_GETFD));
  SHOW(fcntl(read_only, F_DUPFD, -1));
  SHOW(fcntl(read_only, 9999));
  SHOW(fcntl(99, F_GETFD));
}

LCASE(o_append) {
  char buffer[32];
  write_file("f", "start", 0644);
  int fd = open("f", O_WRONLY | O_APPEND);
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(write(fd, "+end", 4));
  SHOW(lseek(fd, 0, SEEK_CUR));
  SHOW(pwrite(fd, "!", 1, 0));
  SHOW(size_of("f"));
  int reader = open("f", O_RDONLY);
  show_bytes("content", buffer, read(reader, buffer, sizeof buffer));
}

LCASE(o_excl) {
  SHOW(open("new", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW(open("new", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW(open("new", O_CREAT | O_WRONLY, 0644));
  SHOW(symlink("missing-target", "dangling"));
  SHOW(open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
  SHOW(access("missing-target", F_OK));
  SHOW(open("dangling", O_CREAT | O_WRONLY, 0644));
  SHOW(access("missing-target", F_OK));
  SHOW(mkdir("dir", 0755));
  SHOW(open("dir", O_CREAT | O_EXCL | O_RDONLY, 0644));
}

LCASE(o_trunc) {
  write_file("f", "0123456789", 0644);
  SHOW(size_of("f"));
  int fd = open("f", O_WRONLY | O_TRUNC);
  SHOW(fd);
  SHOW(size_of("f"));
  SHOW(write(fd, "abc", 3));
  close(fd);
  fd = open("f", O_RDONLY | O_TRUNC);
  SHOW(fd);
  SHOW(size_of("f"));
  close(fd);
  write_file("f", "0123456789", 0644);
  fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
  SHOW(size_of("f"));
}

LCASE(readv_writev) {
  char first[4], second[16];
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  struct iovec out[3] = {{"one ", 4}, {"", 0}, {"two three", 9}};
  SHOW(writev(fd, out, 3));
  lseek(fd, 0, SEEK_SET);
  struct iovec in[2] = {{first, sizeof first}, {second, sizeof second}};
  long count = readv(fd, in, 2);
  SHOW(count);
  say("first \"%.4s\" second \"%.*s\"\n", first, (int)(count - 4), second);
  SHOW(syscall(SYS_writev, fd, out, -1));
  SHOW(syscall(SYS_writev, fd, out, 5000));
  SHOW(preadv(fd, in, 2, 4));
  say("first \"%.4s\"\n", first);
}

LCASE(rw_errors) {
  char buffer[8];
  write_file("f", "data", 0644);
  mkdir("dir", 0755);
  int read_only = open("f", O_RDONLY);
  int write_only = open("f", O_WRONLY);
  int directory = open("dir", O_RDONLY | O_DIRECTORY);
  SHOW(write(read_only, "x", 1));
  SHOW(read(write_only, buffer, 1));
  SHOW(read(directory, buffer, 1));
  SHOW(write(directory, "x", 1));
  SHOW(write(-1, "x", 1));
  SHOW(read(1000, buffer, 1));
  SHOW(open("dir", O_WRONLY));
  SHOW(open("dir", O_RDWR));
  SHOW(open("missing", O_RDONLY));
  SHOW(open("", O_RDONLY));
  SHOW(open("f", O_RDONLY | O_DIRECTORY));
  SHOW(open("dir", O_RDONLY | O_DIRECTORY));
}

LCASE(truncate_sizes) {
  char buffer[16];
  write_file("f", "0123456789", 0644);
  int fd = open("f", O_RDWR);
  SHOW(ftruncate(fd, 4));
  SHOW(size_of("f"));
  SHOW(ftruncate(fd, 12));
  SHOW(size_of("f"));
  SHOW(pread(fd, buffer, sizeof buffer, 0));
  FACT(memcmp(buffer, "0123\0\0\0\0\0\0\0\0", 12) == 0);
  SHOW(ftruncate(fd, -1));
  SHOW(truncate("f", 2));
  SHOW(size_of("f"));
  SHOW(truncate("missing", 0));
  int read_only = open("f", O_RDONLY);
  SHOW(ftruncate(read_only, 0));
  mkdir("dir", 0755);
  SHOW(truncate("dir", 0));
  SHOW(ftruncate(99, 0));
}

LCASE(close_range_and_lowest_fd) {
  for (int index = 0; index < 5; index++) SHOW(open("/dev/null", O_RDONLY));
  SHOW(close(4));
  SHOW(close(6));
  SHOW(open("/dev/null", O_RDONLY));
  SHOW(open("/dev/null", O_RDONLY));
  SHOW(open("/dev/null", O_RDONLY));
  SHOW(syscall(SYS_close_range, 5, ~0U, 0));
  SHOW(fcntl(5, F_GETFD));
  SHOW(fcntl(4, F_GETFD));
  SHOW(syscall(SYS_close_range, 4, 3, 0));
  SHOW(open("/dev/null", O_RDONLY));
}
