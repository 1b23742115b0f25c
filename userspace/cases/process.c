/* process.c: fork/exit/wait4/waitid, pid relations, reparenting, zombies, threads, ECHILD. */
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "lcase.h"

static int exit_code;
static void exit_with_code(void) { exit(exit_code); }

LCASE(exit_statuses) {
  int codes[] = {0, 1, 7, 255, 256, 257, -1};
  for (size_t index = 0; index < sizeof codes / sizeof codes[0]; index++) {
    exit_code = codes[index];
    char what[32];
    snprintf(what, sizeof what, "exit(%d)", codes[index]);
    report_child(what, spawn(exit_with_code));
  }
}

static void exit_group_directly(void) { syscall(SYS_exit_group, 42); }
static void exit_thread_directly(void) { syscall(SYS_exit, 43); }

LCASE(exit_syscalls) {
  report_child("exit_group(42)", spawn(exit_group_directly));
  report_child("exit(43) of the only thread", spawn(exit_thread_directly));
}

static int gate[2];
static void wait_at_gate(void) {
  char byte;
  close(gate[1]);
  read(gate[0], &byte, 1);
  exit(5);
}

LCASE(wait_variants) {
  MUST(pipe(gate));
  pid_t child = spawn(wait_at_gate);
  int status = -1;
  SHOW(waitpid(child, &status, WNOHANG));
  siginfo_t info;
  memset(&info, 0, sizeof info);
  SHOW(waitid(P_PID, child, &info, WEXITED | WNOHANG));
  SHOW(info.si_pid);
  close(gate[1]);
  memset(&info, 0, sizeof info);
  SHOW(waitid(P_PID, child, &info, WEXITED | WNOWAIT));
  FACT(info.si_pid == child);
  FACT(info.si_code == CLD_EXITED);
  SHOW(info.si_status);
  SHOW(info.si_signo == SIGCHLD);
  struct rusage usage;
  FACT(wait4(child, &status, 0, &usage) == child);
  say("status %s\n", status_text(status));
  SHOW(waitid(P_PID, child, &info, WEXITED));
  SHOW(waitid(7, 0, &info, WEXITED));
  SHOW(waitid(P_ALL, 0, &info, 0));
  SHOW(waitpid(-1, &status, 0x40000));
}

LCASE(echild) {
  int status;
  SHOW(wait(&status));
  SHOW(waitpid(-1, &status, WNOHANG));
  SHOW(waitpid(getppid(), &status, 0));
  SHOW(waitpid(1, &status, 0));
  siginfo_t info;
  SHOW(waitid(P_ALL, 0, &info, WEXITED));
  pid_t child = spawn(exit_with_code);
  reap(child);
  SHOW(waitpid(child, &status, 0));
}

static pid_t parent_pid;
static void check_relations(void) {
  FACT(getppid() == parent_pid);
  FACT(getpid() != parent_pid);
  FACT(syscall(SYS_gettid) == getpid());
  FACT(getpgrp() == getpgid(parent_pid));
  FACT(getsid(0) == getsid(parent_pid));
}

LCASE(pid_relations) {
  parent_pid = getpid();
  FACT(getpid() > 1);
  FACT(getppid() >= 1);
  FACT(syscall(SYS_gettid) == getpid());
  FACT(getpid() == getpid());
  int fds[2];
  MUST(pipe(fds));
  pid_t child = fork();
  if (child == 0) {
    pid_t mine = getpid();
    write_all(fds[1], &mine, sizeof mine);
    check_relations();
    _exit(0);
  }
  pid_t reported = 0;
  MUST(read(fds[0], &reported, sizeof reported));
  reap(child);
  FACT(reported == child);
}

static int report_pipe[2];
static void orphan_a_grandchild(void) {
  pid_t middle = getpid();
  pid_t grandchild = fork();
  if (grandchild == 0) {
    while (getppid() == middle) usleep(1000);
    pid_t report[2] = {getpid(), getppid()};
    write_all(report_pipe[1], report, sizeof report);
    _exit(0);
  }
  _exit(0);
}

LCASE(orphans_are_reparented) {
  MUST(pipe(report_pipe));
  report_child("middle child", spawn(orphan_a_grandchild));
  pid_t report[2] = {0, 0};
  MUST(read(report_pipe[0], report, sizeof report));
  FACT(report[1] == 1);
  SHOW(prctl(PR_SET_CHILD_SUBREAPER, 1));
  int flag = -1;
  SHOW(prctl(PR_GET_CHILD_SUBREAPER, &flag));
  SHOW(flag);
  report_child("middle child", spawn(orphan_a_grandchild));
  MUST(read(report_pipe[0], report, sizeof report));
  FACT(report[1] == getpid());
  int status;
  pid_t reaped = wait(&status);
  FACT(reaped == report[0]);
  say("adopted grandchild: %s\n", status_text(status));
  SHOW(wait(&status));
}

static void pause_forever(void) {
  for (;;) pause();
}

LCASE(zombies) {
  pid_t child = spawn(exit_with_code);
  siginfo_t info;
  memset(&info, 0, sizeof info);
  SHOW(waitid(P_PID, child, &info, WEXITED | WNOWAIT));
  SHOW(kill(child, 0));
  reap(child);
  SHOW(kill(child, 0));
  pid_t sleeper = spawn(pause_forever);
  SHOW(kill(sleeper, SIGKILL));
  report_child("sleeper", sleeper);
}

LCASE(many_children_in_order) {
  pid_t children[8];
  for (int index = 0; index < 8; index++) {
    exit_code = 10 + index;
    children[index] = spawn(exit_with_code);
  }
  for (int index = 7; index >= 0; index--) {
    int status;
    FACT(waitpid(children[index], &status, 0) == children[index]);
    say("child %d: %s\n", index, status_text(status));
  }
  int status;
  SHOW(wait(&status));
}

static void *thread_body(void *argument) {
  long *out = argument;
  out[0] = syscall(SYS_gettid) != getpid();
  out[1] = getpid();
  return (void *)77;
}

LCASE(threads) {
  pthread_t thread;
  long results[2] = {0, 0};
  SHOW(pthread_create(&thread, NULL, thread_body, results));
  void *returned = NULL;
  SHOW(pthread_join(thread, &returned));
  SHOW((long)returned);
  FACT(results[0]);
  FACT(results[1] == getpid());
}

static void *exit_whole_group(void *argument) {
  (void)argument;
  exit(9);
}

static void threaded_exit(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, exit_whole_group, NULL);
  for (;;) pause();
}

LCASE(exit_from_thread_ends_process) {
  report_child("process whose thread called exit(9)", spawn(threaded_exit));
}

LCASE(fork_keeps_memory_and_fds) {
  int fds[2];
  MUST(pipe(fds));
  static char heap_text[32] = "before fork";
  pid_t child = fork();
  if (child == 0) {
    write_all(fds[1], heap_text, strlen(heap_text));
    strcpy(heap_text, "changed by child");
    _exit(0);
  }
  reap(child);
  char buffer[32] = {0};
  SHOW(read(fds[0], buffer, sizeof buffer - 1));
  say("child saw \"%s\"; parent still has \"%s\"\n", buffer, heap_text);
}
