/* output.c: deterministic output helpers shared by every test program (no stdio buffers). */
#include <stdarg.h>
#include <stdio.h>

#include "lcase.h"

void write_all(int fd, const void *buffer, size_t length) {
  const char *bytes = buffer;
  while (length > 0) {
    ssize_t written = write(fd, bytes, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    bytes += written;
    length -= (size_t)written;
  }
}

void say(const char *format, ...) {
  char line[2048];
  int saved = errno;
  va_list arguments;
  va_start(arguments, format);
  int length = vsnprintf(line, sizeof line, format, arguments);
  va_end(arguments);
  if (length < 0) length = 0;
  if ((size_t)length >= sizeof line) length = sizeof line - 1;
  write_all(1, line, (size_t)length);
  errno = saved;
}

const char *errname(int error) {
  static char unknown[32];
  const char *name = strerrorname_np(error);
  if (name) return name;
  snprintf(unknown, sizeof unknown, "E%d", error);
  return unknown;
}

const char *signame(int signal_number) {
  static char unknown[32];
  const char *name = sigabbrev_np(signal_number);
  if (name) {
    snprintf(unknown, sizeof unknown, "SIG%s", name);
  } else if (signal_number >= SIGRTMIN && signal_number <= SIGRTMAX) {
    snprintf(unknown, sizeof unknown, "SIGRTMIN+%d", signal_number - SIGRTMIN);
  } else {
    snprintf(unknown, sizeof unknown, "signal %d", signal_number);
  }
  return unknown;
}

const char *status_text(int status) {
  static char text[64];
  if (WIFEXITED(status)) {
    snprintf(text, sizeof text, "exit %d", WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    snprintf(text, sizeof text, "killed by %s%s", signame(WTERMSIG(status)),
             WCOREDUMP(status) ? " (core dumped)" : "");
  } else if (WIFSTOPPED(status)) {
    snprintf(text, sizeof text, "stopped by %s", signame(WSTOPSIG(status)));
  } else if (WIFCONTINUED(status)) {
    snprintf(text, sizeof text, "continued");
  } else {
    snprintf(text, sizeof text, "status 0x%x", status);
  }
  return text;
}

void show(const char *what, long result) {
  if (result < 0) {
    say("%s = %ld %s\n", what, result, errname(errno));
  } else {
    say("%s = %ld\n", what, result);
  }
}

void show_ok(const char *what, long result) {
  if (result < 0) {
    say("%s = %ld %s\n", what, result, errname(errno));
  } else {
    say("%s = ok\n", what);
  }
}

void show_ptr(const char *what, const void *pointer) {
  if (pointer == (const void *)-1) {
    say("%s = MAP_FAILED %s\n", what, errname(errno));
  } else if (pointer == NULL) {
    say("%s = NULL %s\n", what, errname(errno));
  } else {
    say("%s = ok\n", what);
  }
}

void fact(const char *what, int truth) { say("%s: %s\n", what, truth ? "yes" : "no"); }

void die(const char *what) {
  say("FATAL %s: %s\n", what, errname(errno));
  _exit(99);
}
