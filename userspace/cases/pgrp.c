/* pgrp.c: process groups and sessions: setpgid, setsid, getsid, kill of a group, errors. */
#include "lcase.h"

static void group_leader_checks(void) {
  SHOW(setpgid(0, 0));
  FACT(getpgrp() == getpid());
  SHOW(setsid());
  _exit(0);
}

LCASE(setpgid_basic) {
  report_child("leader", spawn(group_leader_checks));
  pid_t child = spawn(group_leader_checks);
  report_child("second", child);
  SHOW(setpgid(0, getpgrp()));
}

static void session_checks(void) {
  pid_t old_group = getpgrp();
  pid_t sid = setsid();
  FACT(sid == getpid());
  FACT(getsid(0) == getpid());
  FACT(getpgrp() == getpid());
  SHOW(setsid());
  SHOW(setpgid(0, old_group));
  SHOW(getsid(0) == getsid(getpid()));
  SHOW(open("/dev/tty", O_RDWR));
}

LCASE(setsid_rules) { report_child("session child", spawn(session_checks)); }

LCASE(errors) {
  SHOW(setpgid(-1, 0));
  SHOW(setpgid(0, -1));
  SHOW(setpgid(0x3ffffff0, 0));
  SHOW(getpgid(0x3ffffff0));
  SHOW(getsid(0x3ffffff0));
  SHOW(kill(-0x3ffffff0, SIGTERM));
  SHOW(getpgid(0) == getpgrp());
}

static void wait_in_group(void) {
  for (;;) pause();
}

LCASE(kill_process_group) {
  pid_t first = spawn(wait_in_group);
  SHOW(setpgid(first, first));
  pid_t second = fork();
  if (second == 0) {
    setpgid(0, first);
    wait_in_group();
  }
  SHOW(setpgid(second, first) == 0 || errno == EACCES);
  /* Make sure the second child has joined before the group is signalled. */
  while (getpgid(second) != first) usleep(1000);
  SHOW(kill(-first, SIGTERM));
  report_child("first", first);
  report_child("second", second);
  SHOW(kill(-first, SIGTERM));
}

static int gate[2];
static void exec_and_wait(void) {
  close(gate[1]);
  char descriptor[16];
  snprintf(descriptor, sizeof descriptor, "%d", gate[0]);
  execl(lcase_self, "lcase", "pgrp.read_gate", descriptor, (char *)NULL);
  _exit(127);
}

LHELPER(read_gate) {
  char byte;
  read(atoi(lcase_argv[0]), &byte, 1);
}

LCASE(setpgid_after_exec) {
  MUST(pipe(gate));
  int ready[2];
  MUST(pipe(ready));
  pid_t child = spawn(exec_and_wait);
  wait_for_exec(child, "pgrp.read_gate");
  SHOW(setpgid(child, child));
  close(gate[1]);
  report_child("exec'ed child", child);
}
