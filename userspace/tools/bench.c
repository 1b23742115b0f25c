/* bench.c: the micro-benchmarks of `cargo xtask bench`, one sample each, in ns per operation.
 *
 * usage: bench [--exit]     (`--exit` returns at once: the target of fork+exec+wait)
 * Each benchmark runs 1, 2, 4, ... operations until one run lasts at least 250 ms, and reports
 * that run: `@@BENCH <name> <nanoseconds-per-operation>`. The count adapts to the kernel, so a
 * slow and a fast kernel both finish in about a second per benchmark. xtask takes the medians
 * over several boots.
 */
#include <sys/mman.h>
#include <time.h>

#include "lcase.h"

#define TARGET_NS 250000000LL

static const char *self;

static long long now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void measure(const char *name, void (*operations)(long count)) {
  for (long count = 1;; count *= 2) {
    long long start = now_ns();
    operations(count);
    long long elapsed = now_ns() - start;
    if (elapsed >= TARGET_NS || count >= (1L << 30)) {
      say("@@BENCH %s %lld\n", name, elapsed / count);
      return;
    }
  }
}

static void getpid_calls(long count) {
  for (long index = 0; index < count; index++) syscall(SYS_getpid);
}

static void clock_gettime_calls(long count) {
  struct timespec value;
  for (long index = 0; index < count; index++) clock_gettime(CLOCK_MONOTONIC, &value);
}

static void write_null(long count) {
  int fd = open("/dev/null", O_WRONLY);
  for (long index = 0; index < count; index++) write(fd, "x", 1);
  close(fd);
}

static void fork_wait(long count) {
  for (long index = 0; index < count; index++) {
    pid_t pid = fork();
    if (pid == 0) _exit(0);
    reap(pid);
  }
}

static void fork_exec_wait(long count) {
  for (long index = 0; index < count; index++) {
    pid_t pid = fork();
    if (pid == 0) {
      execl(self, "bench", "--exit", (char *)NULL);
      _exit(127);
    }
    reap(pid);
  }
}

static void mmap_touch_munmap(long count) {
  const long size = 1 << 20;
  for (long index = 0; index < count; index++) {
    char *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) die("mmap");
    for (long offset = 0; offset < size; offset += 4096) memory[offset] = 1;
    munmap(memory, size);
  }
}

static void pipe_ping_pong(long count) {
  int there[2], back[2];
  if (pipe(there) || pipe(back)) die("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    close(there[1]);
    close(back[0]);
    char byte;
    while (read(there[0], &byte, 1) == 1) write(back[1], &byte, 1);
    _exit(0);
  }
  close(there[0]);
  close(back[1]);
  char byte = 'p';
  for (long index = 0; index < count; index++) {
    write(there[1], &byte, 1);
    read(back[0], &byte, 1);
  }
  close(there[1]);
  close(back[0]);
  reap(pid);
}

static void pipe_write_64k(long count) {
  static char block[64 * 1024];
  int fds[2];
  if (pipe(fds)) die("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[1]);
    while (read(fds[0], block, sizeof block) > 0) {}
    _exit(0);
  }
  close(fds[0]);
  for (long index = 0; index < count; index++) write_all(fds[1], block, sizeof block);
  close(fds[1]);
  reap(pid);
}

static void create_write_unlink(long count) {
  static char block[4096];
  for (long index = 0; index < count; index++) {
    int fd = open("bench-file", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, block, sizeof block);
    close(fd);
    unlink("bench-file");
  }
}

static int big_file = -1;

static void read_4mib(long count) {
  static char block[64 * 1024];
  const long size = 4 << 20;
  for (long index = 0; index < count; index++) {
    for (long offset = 0; offset < size; offset += sizeof block) pread(big_file, block, sizeof block, offset);
  }
}

static void stat_calls(long count) {
  struct stat info;
  for (long index = 0; index < count; index++) stat(self, &info);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--exit") == 0) return 0;
  self = argv[0][0] == '/' ? argv[0] : "/proc/self/exe";
  measure("getpid", getpid_calls);
  measure("clock_gettime", clock_gettime_calls);
  measure("write_dev_null", write_null);
  measure("fork_wait", fork_wait);
  measure("fork_exec_wait", fork_exec_wait);
  measure("mmap_touch_munmap_1mib", mmap_touch_munmap);
  measure("pipe_ping_pong", pipe_ping_pong);
  measure("pipe_write_64kib", pipe_write_64k);
  measure("create_write_unlink", create_write_unlink);
  static char block[64 * 1024];
  big_file = open("bench-4mib", O_CREAT | O_RDWR | O_TRUNC, 0644);
  for (int chunk = 0; chunk < 64; chunk++) write_all(big_file, block, sizeof block);
  measure("read_4mib_file", read_4mib);
  close(big_file);
  unlink("bench-4mib");
  measure("stat", stat_calls);
  say("@@BENCH-DONE\n");
  return 0;
}
