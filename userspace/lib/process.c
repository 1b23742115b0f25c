/* process.c: child-process helpers of the test programs: spawn, reap, signal a sleeper. */
#include "lcase.h"

pid_t spawn(void (*child)(void)) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    child();
    _exit(0);
  }
  return pid;
}

int reap(pid_t pid) {
  int status = 0;
  pid_t got;
  do {
    got = waitpid(pid, &status, 0);
  } while (got < 0 && errno == EINTR);
  if (got < 0) die("waitpid");
  return status;
}

void report_child(const char *what, pid_t pid) { say("%s: %s\n", what, status_text(reap(pid))); }

void write_file(const char *path, const char *text, mode_t mode) {
  int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);
  if (fd < 0) die(path);
  write_all(fd, text, strlen(text));
  close(fd);
}

/* The state letter of /proc/<pid>/stat (third field, after the parenthesised name). */
static char process_state(pid_t pid) {
  char path[64], text[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return 0;
  long length = read(fd, text, sizeof text - 1);
  close(fd);
  if (length <= 0) return 0;
  text[length] = 0;
  char *end = strrchr(text, ')');
  return end && end[1] == ' ' ? end[2] : 0;
}

pid_t signal_when_sleeping(int signal_number) {
  pid_t target = getpid();
  pid_t helper = fork();
  if (helper < 0) die("fork");
  if (helper == 0) {
    for (int round = 0; round < 20000; round++) {
      char state = process_state(target);
      if (state == 'S' || state == 0) break;
      usleep(500);
    }
    kill(target, signal_number);
    _exit(0);
  }
  return helper;
}

void wait_for_exec(pid_t child, const char *name) {
  char path[64], buffer[128];
  snprintf(path, sizeof path, "/proc/%d/cmdline", child);
  for (;;) {
    int fd = open(path, O_RDONLY);
    long count = fd >= 0 ? read(fd, buffer, sizeof buffer - 1) : -1;
    if (fd >= 0) close(fd);
    if (count > 0 && memmem(buffer, (size_t)count, name, strlen(name))) return;
    usleep(1000);
  }
}
