/* signal_frames.c: handlers returning through sigreturn, EINTR vs SA_RESTART, sigsuspend, sigaltstack. */
#include <time.h>

#include "lcase.h"

/* Interrupts the caller's next blocking call with SIGALRM; returns the helper to reap. */
static pid_t interrupt_next_sleep(void) { return signal_when_sleeping(SIGALRM); }

static void install(int number, void (*handler)(int), int flags) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = flags;
  if (sigaction(number, &action, NULL) != 0) die("sigaction");
}

static volatile double clobber_sink;
static volatile sig_atomic_t handler_runs;
static void clobber_registers(int number) {
  (void)number;
  double values[32];
  for (int index = 0; index < 32; index++) values[index] = index * 3.25 + number;
  double total = 0;
  for (int index = 0; index < 32; index++) total += values[index] * values[(index + 7) % 32];
  clobber_sink = total;
  handler_runs++;
}

LCASE(sigreturn_restores_state) {
  install(SIGUSR1, clobber_registers, 0);
  double a = 1.5, b = 2.25, c = 0;
  long x = 11, y = 13, z = 0;
  for (int round = 0; round < 100; round++) {
    c += a * b;
    z += x * y;
    if (round % 10 == 0) raise(SIGUSR1);
    a += 0.5;
    x += 1;
  }
  say("fp %.3f int %ld handler runs %d\n", c, z, handler_runs);
}

static int pipe_fds[2];
static void write_from_handler(int number) {
  (void)number;
  write(pipe_fds[1], "h", 1);
}

LCASE(eintr_read_without_restart) {
  char buffer[4];
  MUST(pipe(pipe_fds));
  install(SIGALRM, write_from_handler, 0);
  pid_t helper = interrupt_next_sleep();
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  reap(helper);
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
}

LCASE(sa_restart_resumes_read) {
  char buffer[4] = {0};
  MUST(pipe(pipe_fds));
  install(SIGALRM, write_from_handler, SA_RESTART);
  pid_t helper = interrupt_next_sleep();
  SHOW(read(pipe_fds[0], buffer, sizeof buffer));
  reap(helper);
  say("read \"%.1s\"\n", buffer);
}

static void nothing(int number) { (void)number; }

static volatile pid_t victim;
static void kill_victim(int number) {
  (void)number;
  kill(victim, SIGKILL);
}

static void pause_forever(void) {
  for (;;) pause();
}

LCASE(eintr_sleeps_and_waits) {
  install(SIGALRM, nothing, SA_RESTART);
  struct timespec long_sleep = {10, 0}, remaining = {0, 0};
  pid_t helper = interrupt_next_sleep();
  SHOW(nanosleep(&long_sleep, &remaining));
  reap(helper);
  FACT(remaining.tv_sec >= 5 && remaining.tv_sec <= 10);
  helper = interrupt_next_sleep();
  int error = clock_nanosleep(CLOCK_MONOTONIC, 0, &long_sleep, NULL);
  reap(helper);
  say("clock_nanosleep: %s\n", errname(error));
  helper = interrupt_next_sleep();
  SHOW(pause());
  reap(helper);
  install(SIGALRM, nothing, 0);
  victim = spawn(pause_forever);
  int status;
  helper = interrupt_next_sleep();
  SHOW(waitpid(victim, &status, 0));
  reap(helper);
  kill(victim, SIGKILL);
  report_child("child", victim);
  install(SIGALRM, kill_victim, SA_RESTART);
  victim = spawn(pause_forever);
  helper = interrupt_next_sleep();
  FACT(waitpid(victim, &status, 0) == victim);
  reap(helper);
  say("restarted wait saw: %s\n", status_text(status));
}

static volatile sig_atomic_t suspend_runs;
static void count_suspend(int number) {
  (void)number;
  suspend_runs++;
}

LCASE(sigsuspend_waits) {
  install(SIGUSR1, count_suspend, 0);
  sigset_t block, empty;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, NULL);
  pid_t parent = getpid();
  pid_t child = fork();
  if (child == 0) {
    kill(parent, SIGUSR1);
    _exit(0);
  }
  sigemptyset(&empty);
  SHOW(sigsuspend(&empty));
  SHOW(suspend_runs);
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  FACT(sigismember(&after, SIGUSR1));
  reap(child);
  struct timespec timeout = {0, 20000000};
  siginfo_t info;
  SHOW(sigtimedwait(&block, &info, &timeout));
  raise(SIGUSR1);
  SHOW(sigtimedwait(&block, &info, &timeout) == SIGUSR1);
  SHOW(suspend_runs);
}

static char alternate_stack[64 * 1024];
static volatile sig_atomic_t on_alternate, flags_inside;
static void check_stack(int number) {
  (void)number;
  char local;
  on_alternate = &local >= alternate_stack && &local < alternate_stack + sizeof alternate_stack;
  stack_t current;
  sigaltstack(NULL, &current);
  flags_inside = current.ss_flags;
}

static volatile int depth_sink;
static int recurse(int depth) {
  volatile char pad[4096];
  pad[0] = (char)depth;
  if (depth_sink < 0) return 0;
  return recurse(depth + 1) + pad[0];
}

static void overflow_on_alternate(int number) {
  (void)number;
  write(1, "caught stack overflow on the alternate stack\n", 45);
  _exit(0);
}

static void overflow_child(void) {
  stack_t stack = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
  sigaltstack(&stack, NULL);
  install(SIGSEGV, overflow_on_alternate, SA_ONSTACK);
  depth_sink = recurse(0);
}

LCASE(sigaltstack_use) {
  stack_t stack = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0};
  SHOW(sigaltstack(&stack, NULL));
  install(SIGUSR1, check_stack, SA_ONSTACK);
  raise(SIGUSR1);
  say("on alternate %d, SS_ONSTACK inside %d\n", on_alternate, (flags_inside & SS_ONSTACK) != 0);
  install(SIGUSR1, check_stack, 0);
  raise(SIGUSR1);
  say("without SA_ONSTACK: on alternate %d\n", on_alternate);
  stack_t small = {.ss_sp = alternate_stack, .ss_size = 16, .ss_flags = 0};
  SHOW(sigaltstack(&small, NULL));
  stack_t bad_flags = {.ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 99};
  SHOW(sigaltstack(&bad_flags, NULL));
  report_child("overflowing child", spawn(overflow_child));
}
