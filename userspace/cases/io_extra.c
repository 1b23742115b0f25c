/* io_extra.c: sendfile, copy_file_range, splice, fsync, record locks and flock across processes. */
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/statfs.h>

#include "lcase.h"

static void show_content(const char *path) {
  char buffer[64] = {0};
  int fd = open(path, O_RDONLY);
  long count = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  for (long index = 0; index < count; index++) {
    if (buffer[index] == 0) buffer[index] = '.';
  }
  say("%s holds %ld \"%s\" (holes shown as dots)\n", path, count, count > 0 ? buffer : "");
}

LCASE(sendfile_and_copy_file_range) {
  write_file("source", "0123456789abcdef", 0644);
  int source = open("source", O_RDONLY);
  int target = open("target", O_CREAT | O_WRONLY, 0644);
  off_t offset = 4;
  SHOW(sendfile(target, source, &offset, 6));
  SHOW(offset);
  SHOW(lseek(source, 0, SEEK_CUR));
  SHOW(sendfile(target, source, NULL, 3));
  SHOW(lseek(source, 0, SEEK_CUR));
  show_content("target");
  int copy = open("copy", O_CREAT | O_WRONLY, 0644);
  loff_t in = 10, out = 2;
  SHOW(copy_file_range(source, &in, copy, &out, 100, 0));
  say("offsets now %lld %lld\n", (long long)in, (long long)out);
  show_content("copy");
  SHOW(copy_file_range(source, NULL, copy, NULL, 4, 1));
  SHOW(sendfile(source, target, NULL, 1));
}

LCASE(splice_through_a_pipe) {
  write_file("source", "spliced bytes", 0644);
  int source = open("source", O_RDONLY);
  int fds[2];
  MUST(pipe(fds));
  SHOW(splice(source, NULL, fds[1], NULL, 7, 0));
  int target = open("target", O_CREAT | O_WRONLY, 0644);
  SHOW(splice(fds[0], NULL, target, NULL, 100, 0));
  show_content("target");
  SHOW(splice(source, NULL, target, NULL, 4, 0));
  int other[2];
  MUST(pipe(other));
  write_all(fds[1], "teed", 4);
  SHOW(tee(fds[0], other[1], 100, 0));
  char buffer[8] = {0};
  SHOW(read(fds[0], buffer, sizeof buffer - 1));
  SHOW(read(other[0], buffer, sizeof buffer - 1));
  say("tee copy \"%s\"\n", buffer);
}

LCASE(sync_calls) {
  int fd = open("f", O_CREAT | O_WRONLY, 0644);
  write_all(fd, "x", 1);
  SHOW(fsync(fd));
  SHOW(fdatasync(fd));
  SHOW(syncfs(fd));
  sync();
  SHOW(fsync(99));
  int fds[2];
  MUST(pipe(fds));
  SHOW(fsync(fds[0]));
}

static int lock_probe(int fd, short type, off_t start, off_t length) {
  struct flock lock = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = length};
  return fcntl(fd, F_SETLK, &lock);
}

static void probe_locks(void) {
  int fd = open("locked", O_RDWR);
  SHOW(lock_probe(fd, F_WRLCK, 0, 10));
  SHOW(lock_probe(fd, F_RDLCK, 0, 10));
  SHOW(lock_probe(fd, F_WRLCK, 10, 10));
  struct flock query = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5};
  SHOW(fcntl(fd, F_GETLK, &query));
  say("conflict type %s start %ld len %ld owner is parent %d\n",
      query.l_type == F_WRLCK ? "F_WRLCK" : query.l_type == F_RDLCK ? "F_RDLCK" : "F_UNLCK",
      (long)query.l_start, (long)query.l_len, query.l_pid == getppid());
  SHOW(flock(fd, LOCK_EX | LOCK_NB));
  SHOW(flock(fd, LOCK_SH | LOCK_NB));
}

LCASE(record_locks_and_flock) {
  write_file("locked", "0123456789abcdefghij", 0644);
  int fd = open("locked", O_RDWR);
  SHOW(lock_probe(fd, F_WRLCK, 0, 10));
  SHOW(lock_probe(fd, F_RDLCK, 0, 10));
  SHOW(flock(fd, LOCK_SH));
  report_child("prober", spawn(probe_locks));
  SHOW(lock_probe(fd, F_UNLCK, 0, 10));
  SHOW(flock(fd, LOCK_UN));
  report_child("prober after unlock", spawn(probe_locks));
  SHOW(lock_probe(fd, 99, 0, 10));
  SHOW(flock(fd, 99));
  int read_only = open("locked", O_RDONLY);
  SHOW(lock_probe(read_only, F_WRLCK, 0, 1));
}

LCASE(statfs_of_tmpfs) {
  struct statfs info;
  SHOW(statfs(".", &info));
  say("f_type 0x%lx (TMPFS_MAGIC 0x01021994)\n", (unsigned long)info.f_type);
  FACT(info.f_bsize > 0);
  FACT(info.f_namelen == 255);
  SHOW(statfs("/proc", &info));
  say("/proc f_type 0x%lx\n", (unsigned long)info.f_type);
  SHOW(statfs("missing", &info));
  int fd = open(".", O_RDONLY);
  SHOW(fstatfs(fd, &info));
}
