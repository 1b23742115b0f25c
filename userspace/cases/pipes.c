/* pipes.c: pipe/pipe2/FIFO semantics: EOF, EPIPE+SIGPIPE, O_NONBLOCK EAGAIN, capacity, poll. */
#include <poll.h>

#include "lcase.h"

static int pipe_fds[2];

LCASE(pipe_basic) {
  char buffer[8];
  SHOW(pipe(pipe_fds));
  say("fds %d %d\n", pipe_fds[0], pipe_fds[1]);
  SHOW(write(pipe_fds[1], "abc", 3));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  SHOW(write(pipe_fds[0], "x", 1));
  SHOW(read(pipe_fds[1], buffer, 1));
  SHOW(fcntl(pipe_fds[0], F_GETFL) & O_ACCMODE);
  SHOW(fcntl(pipe_fds[1], F_GETFL) & O_ACCMODE);
  int flagged[2];
  SHOW(pipe2(flagged, O_CLOEXEC | O_NONBLOCK));
  SHOW(fcntl(flagged[0], F_GETFD));
  FACT((fcntl(flagged[1], F_GETFL) & O_NONBLOCK) != 0);
  SHOW(pipe2(flagged, O_APPEND));
  SHOW(syscall(SYS_pipe2, (void *)8, 0));
}

LCASE(eof_after_close) {
  char buffer[8];
  MUST(pipe(pipe_fds));
  write_all(pipe_fds[1], "last", 4);
  SHOW(close(pipe_fds[1]));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
}

LCASE(epipe_ignored) {
  MUST(pipe(pipe_fds));
  signal(SIGPIPE, SIG_IGN);
  SHOW(close(pipe_fds[0]));
  SHOW(write(pipe_fds[1], "x", 1));
}

static void write_to_closed_pipe(void) {
  write(pipe_fds[1], "x", 1);
  say("still alive after write\n");
}

static volatile sig_atomic_t pipe_signals;
static void count_pipe_signal(int number) {
  (void)number;
  pipe_signals++;
}

LCASE(sigpipe_default_and_caught) {
  MUST(pipe(pipe_fds));
  SHOW(close(pipe_fds[0]));
  report_child("child writing to a reader-less pipe", spawn(write_to_closed_pipe));
  signal(SIGPIPE, count_pipe_signal);
  SHOW(write(pipe_fds[1], "x", 1));
  SHOW(pipe_signals);
}

LCASE(nonblock_eagain_and_capacity) {
  char buffer[4096];
  MUST(pipe2(pipe_fds, O_NONBLOCK));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  SHOW(fcntl(pipe_fds[0], F_GETPIPE_SZ));
  memset(buffer, 'p', sizeof buffer);
  long total = 0, count;
  while ((count = write(pipe_fds[1], buffer, sizeof buffer)) > 0) total += count;
  SHOW(total);
  SHOW(write(pipe_fds[1], buffer, 1));
  SHOW(read(pipe_fds[0], buffer, 100));
  SHOW(write(pipe_fds[1], buffer, 1));
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  SHOW(write(pipe_fds[1], buffer, 4096));
  int fresh[2];
  MUST(pipe2(fresh, O_NONBLOCK));
  static char big[100000];
  SHOW(write(fresh[1], big, sizeof big));
  SHOW(fcntl(fresh[0], F_SETPIPE_SZ, 8192));
  SHOW(fcntl(fresh[0], F_SETPIPE_SZ, 0));
}

LCASE(resized_pipe) {
  char buffer[4096];
  MUST(pipe2(pipe_fds, O_NONBLOCK));
  SHOW(fcntl(pipe_fds[0], F_SETPIPE_SZ, 10000));
  SHOW(fcntl(pipe_fds[1], F_GETPIPE_SZ));
  memset(buffer, 'r', sizeof buffer);
  long total = 0, count;
  while ((count = write(pipe_fds[1], buffer, sizeof buffer)) > 0) total += count;
  SHOW(total);
  SHOW(fcntl(pipe_fds[0], F_SETPIPE_SZ, 4096));
}

static void write_many_bytes(void) {
  close(pipe_fds[0]);
  char block[1000];
  for (int round = 0; round < 200; round++) {
    memset(block, 'a' + round % 26, sizeof block);
    write_all(pipe_fds[1], block, sizeof block);
  }
}

LCASE(blocking_stream_across_fork) {
  MUST(pipe(pipe_fds));
  pid_t child = spawn(write_many_bytes);
  close(pipe_fds[1]);
  char buffer[3000];
  long total = 0, count;
  unsigned long sum = 0;
  while ((count = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    for (long index = 0; index < count; index++) sum = sum * 31 + (unsigned char)buffer[index];
    total += count;
  }
  SHOW(total);
  say("checksum %lx\n", sum);
  report_child("writer", child);
}

static void write_blocks_of_a(void) {
  char block[4096];
  memset(block, 'A', sizeof block);
  for (int round = 0; round < 64; round++) write_all(pipe_fds[1], block, sizeof block);
}

static void write_blocks_of_b(void) {
  char block[4096];
  memset(block, 'B', sizeof block);
  for (int round = 0; round < 64; round++) write_all(pipe_fds[1], block, sizeof block);
}

LCASE(atomic_pipe_buf_writes) {
  MUST(pipe(pipe_fds));
  pid_t first = spawn(write_blocks_of_a);
  pid_t second = spawn(write_blocks_of_b);
  close(pipe_fds[1]);
  static char all[2 * 64 * 4096];
  long total = 0, count;
  while ((count = read(pipe_fds[0], all + total, sizeof all - (size_t)total)) > 0) total += count;
  SHOW(total);
  int uniform = 1, count_a = 0;
  for (long block = 0; block < total / 4096; block++) {
    char first_byte = all[block * 4096];
    count_a += first_byte == 'A';
    for (long index = 1; index < 4096; index++) uniform &= all[block * 4096 + index] == first_byte;
  }
  FACT(uniform);
  SHOW(count_a);
  report_child("writer A", first);
  report_child("writer B", second);
}

LCASE(fifo_open_rules) {
  char buffer[8];
  SHOW(mkfifo("fifo", 0644));
  SHOW(open("fifo", O_WRONLY | O_NONBLOCK));
  int reader = open("fifo", O_RDONLY | O_NONBLOCK);
  SHOW(reader);
  SHOW(read(reader, buffer, sizeof buffer));
  int writer = open("fifo", O_WRONLY | O_NONBLOCK);
  SHOW(writer);
  SHOW(read(reader, buffer, sizeof buffer));
  SHOW(write(writer, "fifo", 4));
  SHOW(read(reader, buffer, sizeof buffer));
  SHOW(close(writer));
  SHOW(read(reader, buffer, sizeof buffer));
  SHOW(open("fifo", O_RDWR) >= 0);
}

static void show_poll(const char *what, int fd, short events) {
  struct pollfd entry = {.fd = fd, .events = events};
  int ready = poll(&entry, 1, 0);
  say("%s: poll = %d revents%s%s%s%s\n", what, ready, entry.revents & POLLIN ? " IN" : "",
      entry.revents & POLLOUT ? " OUT" : "", entry.revents & POLLHUP ? " HUP" : "",
      entry.revents & POLLERR ? " ERR" : "");
}

LCASE(poll_states) {
  MUST(pipe(pipe_fds));
  show_poll("empty read end", pipe_fds[0], POLLIN);
  show_poll("empty write end", pipe_fds[1], POLLOUT);
  write_all(pipe_fds[1], "x", 1);
  show_poll("read end with data", pipe_fds[0], POLLIN);
  close(pipe_fds[1]);
  show_poll("read end, writer gone", pipe_fds[0], POLLIN);
  int other[2];
  MUST(pipe(other));
  close(other[0]);
  show_poll("write end, reader gone", other[1], POLLOUT);
  struct pollfd closed = {.fd = 99, .events = POLLIN};
  SHOW(poll(&closed, 1, 0));
  SHOW(closed.revents == POLLNVAL);
  struct pollfd ignored = {.fd = -1, .events = POLLIN};
  SHOW(poll(&ignored, 1, 0));
  SHOW(poll(NULL, 0, 10));
}
