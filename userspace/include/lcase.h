/* lcase.h: the case framework of Lichen's userspace tests: registration and deterministic output.
 *
 * Every case prints facts that are identical on any correct Linux: return values that the ABI
 * fixes (fd numbers, byte counts), errno NAMES, yes/no facts. Never pids, addresses, times or
 * inode numbers. Output goes straight to fd 1 with write(2) (no stdio buffer to duplicate on
 * fork). Build flags (set by `cargo xtask`): -static -O2 -D_GNU_SOURCE -DLCASE_GROUP="<file>".
 */
#ifndef LCASE_H
#define LCASE_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* One registered case (or helper: a mode that exec tests re-enter, never listed as a case). */
struct lcase {
  const char *group;
  const char *name;
  void (*run)(void);
  int line;
  int helper;
};

void lcase_register(const char *group, const char *name, void (*run)(void), int line, int helper);

#ifndef LCASE_GROUP
#define LCASE_GROUP "lcase"
#endif

#define LCASE_DEFINE(name, helper)                                                    \
  static void lcase_body_##name(void);                                                \
  __attribute__((constructor)) static void lcase_register_##name(void) {              \
    lcase_register(LCASE_GROUP, #name, lcase_body_##name, __LINE__, helper);          \
  }                                                                                   \
  static void lcase_body_##name(void)

/* `LCASE(name) { ... }` defines the case `<group>.<name>` (xtask finds it by this text). */
#define LCASE(name) LCASE_DEFINE(name, 0)
/* `LHELPER(name) { ... }` defines a mode reached as `lcase <group>.<name>`, not a case. */
#define LHELPER(name) LCASE_DEFINE(name, 1)

/* Arguments after the case name (for helpers), and the path of this program. */
extern int lcase_argc;
extern char **lcase_argv;
extern const char *lcase_self;

/* Output. */
void say(const char *format, ...) __attribute__((format(printf, 1, 2)));
const char *errname(int error);
const char *signame(int signal_number);
const char *status_text(int status);
void show(const char *what, long result);
void show_ok(const char *what, long result);
void show_ptr(const char *what, const void *pointer);
void fact(const char *what, int truth);
void die(const char *what) __attribute__((noreturn));

/* `expr = N` or `expr = -1 ENAME`. */
#define SHOW(expr) show(#expr, (long)(expr))
/* `expr = ok` or `expr = -1 ENAME` (for results that are not deterministic). */
#define SHOW_OK(expr) show_ok(#expr, (long)(expr))
/* `expr = ok` or `expr = MAP_FAILED ENAME`. */
#define SHOW_PTR(expr) show_ptr(#expr, (const void *)(expr))
/* `expr: yes` or `expr: no`. */
#define FACT(expr) fact(#expr, (expr) ? 1 : 0)
/* Stops the case when a set-up step fails: `FATAL <what>: ENAME`, exit 99. */
#define MUST(expr) ((expr) < 0 ? die(#expr) : (void)0)

/* Processes. */
pid_t spawn(void (*child)(void));
int reap(pid_t pid);
void report_child(const char *what, pid_t pid);
/* Forks a helper that sends `signal_number` to the caller once it sleeps (its /proc state is S);
 * reap the returned pid afterwards. Makes "interrupt a blocked call" independent of timing. */
pid_t signal_when_sleeping(int signal_number);
/* Waits until `child` runs the program whose command line contains `name` (it has exec'ed). */
void wait_for_exec(pid_t child, const char *name);
void write_file(const char *path, const char *text, mode_t mode);
void write_all(int fd, const void *buffer, size_t length);

#endif
