/* signals.c: sigaction, sigprocmask, kill/raise/sigqueue, default actions seen through wait. */
#include <sys/resource.h>

#include "lcase.h"

static volatile sig_atomic_t handled[65];
static void count_signal(int number) { handled[number]++; }

static void install(int number, void (*handler)(int), int flags) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = flags;
  if (sigaction(number, &action, NULL) != 0) die("sigaction");
}

LCASE(sigaction_basic) {
  install(SIGUSR1, count_signal, 0);
  SHOW(raise(SIGUSR1));
  SHOW(handled[SIGUSR1]);
  struct sigaction old;
  SHOW(sigaction(SIGUSR1, NULL, &old));
  FACT(old.sa_handler == count_signal);
  install(SIGUSR2, count_signal, SA_RESETHAND);
  SHOW(raise(SIGUSR2));
  SHOW(sigaction(SIGUSR2, NULL, &old));
  FACT(old.sa_handler == SIG_DFL);
  SHOW(handled[SIGUSR2]);
  install(SIGUSR1, SIG_IGN, 0);
  SHOW(raise(SIGUSR1));
  SHOW(handled[SIGUSR1]);
}

LCASE(sigaction_errors) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = count_signal;
  SHOW(sigaction(SIGKILL, &action, NULL));
  SHOW(sigaction(SIGSTOP, &action, NULL));
  SHOW(sigaction(SIGKILL, NULL, &action));
  SHOW(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8));
  SHOW(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8));
  SHOW(syscall(SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4));
  SHOW(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8));
  SHOW(syscall(SYS_rt_sigprocmask, 99, NULL, NULL, 8));
  SHOW(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 4));
}

LCASE(mask_and_pending) {
  install(SIGUSR1, count_signal, 0);
  sigset_t block, pending, current;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigaddset(&block, SIGKILL);
  sigaddset(&block, SIGSTOP);
  SHOW(sigprocmask(SIG_BLOCK, &block, NULL));
  SHOW(sigprocmask(SIG_SETMASK, NULL, &current));
  FACT(sigismember(&current, SIGUSR1));
  FACT(sigismember(&current, SIGKILL));
  FACT(sigismember(&current, SIGSTOP));
  SHOW(raise(SIGUSR1));
  SHOW(raise(SIGUSR1));
  SHOW(handled[SIGUSR1]);
  SHOW(sigpending(&pending));
  FACT(sigismember(&pending, SIGUSR1));
  SHOW(sigprocmask(SIG_UNBLOCK, &block, NULL));
  SHOW(handled[SIGUSR1]);
  SHOW(sigpending(&pending));
  FACT(sigismember(&pending, SIGUSR1));
}

LCASE(kill_errors_and_probe) {
  SHOW(kill(getpid(), 0));
  SHOW(kill(0x3ffffff0, 0));
  SHOW(kill(getpid(), 99));
  SHOW(kill(getpid(), -1));
  SHOW(syscall(SYS_tgkill, getpid(), getpid(), 0));
  SHOW(syscall(SYS_tgkill, getpid(), 0x3ffffff0, 0));
  SHOW(syscall(SYS_tgkill, 0, getpid(), SIGUSR1));
  SHOW(syscall(SYS_tkill, 0x3ffffff0, SIGUSR1));
}

static int signal_to_send;
static void receive_signal(void) {
  struct rlimit none = {0, 0};
  setrlimit(RLIMIT_CORE, &none);
  kill(getpid(), signal_to_send);
  for (int round = 0; round < 50; round++) usleep(1000);
  _exit(0);
}

LCASE(default_actions) {
  int signals[] = {SIGHUP,  SIGINT,  SIGQUIT, SIGILL,  SIGTRAP, SIGABRT, SIGBUS,
                   SIGFPE,  SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
                   SIGCHLD, SIGURG,  SIGWINCH, SIGXCPU, SIGSYS, SIGRTMIN, SIGRTMAX};
  for (size_t index = 0; index < sizeof signals / sizeof signals[0]; index++) {
    signal_to_send = signals[index];
    char what[48];
    snprintf(what, sizeof what, "%s", signame(signals[index]));
    report_child(what, spawn(receive_signal));
  }
}

static int release[2];
static void stop_then_wait(void) {
  char byte;
  close(release[1]);
  kill(getpid(), SIGSTOP);
  /* Stay alive until released, so the parent sees "continued" before the exit. */
  read(release[0], &byte, 1);
  _exit(4);
}

LCASE(stop_and_continue) {
  MUST(pipe(release));
  pid_t child = spawn(stop_then_wait);
  close(release[0]);
  int status;
  FACT(waitpid(child, &status, WUNTRACED) == child);
  say("after SIGSTOP: %s\n", status_text(status));
  SHOW(kill(child, SIGCONT));
  FACT(waitpid(child, &status, WCONTINUED) == child);
  say("after SIGCONT: %s\n", status_text(status));
  close(release[1]);
  report_child("finally", child);
}

static volatile sig_atomic_t chld_code, chld_status, chld_count;
static volatile pid_t chld_pid;
static void on_child(int number, siginfo_t *info, void *context) {
  (void)number;
  (void)context;
  chld_count++;
  chld_code = info->si_code;
  chld_status = info->si_status;
  chld_pid = info->si_pid;
}

static void exit_five(void) { _exit(5); }

LCASE(sigchld_info) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_child;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGCHLD, &action, NULL);
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGCHLD);
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t child = spawn(exit_five);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  waitid(P_PID, child, &info, WEXITED | WNOWAIT);
  sigprocmask(SIG_SETMASK, &old, NULL);
  SHOW(chld_count);
  FACT(chld_code == CLD_EXITED);
  SHOW(chld_status);
  FACT(chld_pid == child);
  reap(child);
}

LCASE(ignored_sigchld_reaps) {
  signal(SIGCHLD, SIG_IGN);
  pid_t child = spawn(exit_five);
  int status;
  SHOW(waitpid(child, &status, 0));
  signal(SIGCHLD, SIG_DFL);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  action.sa_flags = SA_NOCLDWAIT;
  sigaction(SIGCHLD, &action, NULL);
  child = spawn(exit_five);
  SHOW(waitpid(child, &status, 0));
}

static volatile sig_atomic_t info_code, info_pid_matches, info_value;
static void on_info(int number, siginfo_t *info, void *context) {
  (void)number;
  (void)context;
  info_code = info->si_code;
  info_pid_matches = info->si_pid == getpid();
  info_value = info->si_value.sival_int;
}

static const char *code_name(int code) {
  switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    case SI_KERNEL: return "SI_KERNEL";
    default: return "other";
  }
}

LCASE(siginfo_codes) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_info;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR1, &action, NULL);
  kill(getpid(), SIGUSR1);
  say("kill: %s, pid matches %d\n", code_name(info_code), info_pid_matches);
  raise(SIGUSR1);
  say("raise: %s, pid matches %d\n", code_name(info_code), info_pid_matches);
  union sigval value = {.sival_int = 42};
  SHOW(sigqueue(getpid(), SIGUSR1, value));
  say("sigqueue: %s, value %d\n", code_name(info_code), info_value);
}

static int order[16];
static volatile sig_atomic_t order_count;
static void record_order(int number) {
  if (order_count < 16) order[order_count++] = number;
}

LCASE(delivery_order_and_queueing) {
  int numbers[] = {SIGUSR2, SIGHUP, SIGUSR1, SIGRTMIN + 1, SIGRTMIN};
  sigset_t block, old;
  sigemptyset(&block);
  for (int index = 0; index < 5; index++) {
    install(numbers[index], record_order, 0);
    sigaddset(&block, numbers[index]);
  }
  sigprocmask(SIG_BLOCK, &block, &old);
  for (int index = 0; index < 5; index++) raise(numbers[index]);
  raise(SIGUSR1);
  raise(SIGRTMIN);
  raise(SIGRTMIN);
  sigprocmask(SIG_SETMASK, &old, NULL);
  SHOW(order_count);
  for (int index = 0; index < order_count; index++) say("delivered %s\n", signame(order[index]));
}

static volatile sig_atomic_t blocked_inside, other_blocked_inside;
static void check_mask_inside(int number) {
  sigset_t current;
  sigprocmask(SIG_SETMASK, NULL, &current);
  blocked_inside = sigismember(&current, number);
  other_blocked_inside = sigismember(&current, SIGUSR2);
}

LCASE(mask_during_handler) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = check_mask_inside;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGUSR2);
  sigaction(SIGUSR1, &action, NULL);
  raise(SIGUSR1);
  say("plain: self blocked %d, sa_mask blocked %d\n", blocked_inside, other_blocked_inside);
  action.sa_flags = SA_NODEFER;
  sigemptyset(&action.sa_mask);
  sigaction(SIGUSR1, &action, NULL);
  raise(SIGUSR1);
  say("SA_NODEFER: self blocked %d, sa_mask blocked %d\n", blocked_inside, other_blocked_inside);
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  FACT(!sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2));
}
