/* exec.c: execve argv/envp, errors, #! scripts, vfork, CLOEXEC, what exec resets, ETXTBSY,
   execute-only files and noexec mounts. */
#include "lcase.h"

#include <sys/mount.h>

extern char **environ;

LHELPER(print_arguments) {
  say("helper argc %d\n", lcase_argc);
  for (int index = 0; index < lcase_argc; index++) say("argument %d \"%s\"\n", index, lcase_argv[index]);
  for (char **entry = environ; *entry; entry++) say("env \"%s\"\n", *entry);
}

static void exec_with_arguments(void) {
  char *argv[] = {"lcase", "exec.print_arguments", "one", "two words", "", NULL};
  char *envp[] = {"ALPHA=1", "BETA=two words", "EMPTY=", NULL};
  execve(lcase_self, argv, envp);
  die("execve");
}

LCASE(argv_and_envp) { report_child("exec'ed helper", spawn(exec_with_arguments)); }

LCASE(execve_errors) {
  char *argv[] = {"x", NULL};
  char *envp[] = {NULL};
  SHOW(execve("missing", argv, envp));
  mkdir("dir", 0755);
  SHOW(execve("dir", argv, envp));
  write_file("not-executable", "#!/bin/sh\necho no\n", 0644);
  SHOW(execve("not-executable", argv, envp));
  write_file("garbage", "\x7f" "ELF garbage garbage garbage garbage garbage", 0755);
  SHOW(execve("garbage", argv, envp));
  write_file("bad-interpreter", "#!/missing/interpreter\n", 0755);
  SHOW(execve("bad-interpreter", argv, envp));
  SHOW(syscall(SYS_execve, (char *)8, argv, envp));
  SHOW(syscall(SYS_execve, "garbage", (char **)8, envp));
  SHOW(execve("not-executable/x", argv, envp));
}

static void exec_script(void) {
  char *argv[] = {"./script.sh", "first", NULL};
  char *envp[] = {"PATH=/bin", NULL};
  execve("./script.sh", argv, envp);
  die("execve script");
}

static void exec_script_with_option(void) {
  char *argv[] = {"./option.sh", NULL};
  char *envp[] = {"PATH=/bin", NULL};
  execve("./option.sh", argv, envp);
  die("execve option script");
}

LCASE(shebang_scripts) {
  write_file("script.sh", "#!/bin/sh\necho \"script $0 $1 $#\"\nexit 3\n", 0755);
  report_child("script", spawn(exec_script));
  write_file("option.sh", "#!/bin/echo  opt words  \n", 0755);
  report_child("interpreter with option", spawn(exec_script_with_option));
}

static volatile int touched_by_child;

LCASE(vfork_semantics) {
  pid_t child = vfork();
  if (child == 0) {
    touched_by_child = 1;
    _exit(3);
  }
  FACT(touched_by_child == 1);
  report_child("vfork child", child);
  child = vfork();
  if (child == 0) {
    char *argv[] = {"lcase", "exec.print_arguments", "from vfork", NULL};
    char *envp[] = {NULL};
    execve(lcase_self, argv, envp);
    _exit(127);
  }
  say("parent resumed after child's exec\n");
  report_child("vfork+exec child", child);
}

LHELPER(probe_descriptors) {
  for (int fd = 3; fd < 8; fd++) say("fd %d %s\n", fd, fcntl(fd, F_GETFD) < 0 ? "closed" : "open");
}

static void exec_probe(void) {
  execl(lcase_self, "lcase", "exec.probe_descriptors", (char *)NULL);
  die("execl");
}

LCASE(cloexec_across_exec) {
  SHOW(open("/dev/null", O_RDONLY));
  SHOW(open("/dev/null", O_RDONLY | O_CLOEXEC));
  SHOW(dup(3));
  SHOW(fcntl(3, F_DUPFD_CLOEXEC, 6));
  int fds[2];
  SHOW(pipe2(fds, O_CLOEXEC));
  report_child("probe", spawn(exec_probe));
}

LHELPER(probe_signals) {
  struct sigaction action;
  sigaction(SIGUSR1, NULL, &action);
  say("SIGUSR1 %s\n", action.sa_handler == SIG_DFL ? "default" : "not default");
  sigaction(SIGUSR2, NULL, &action);
  say("SIGUSR2 %s\n", action.sa_handler == SIG_IGN ? "ignored" : "not ignored");
  sigset_t mask;
  sigprocmask(SIG_SETMASK, NULL, &mask);
  say("SIGHUP %s\n", sigismember(&mask, SIGHUP) ? "blocked" : "unblocked");
  sigpending(&mask);
  say("SIGHUP %s\n", sigismember(&mask, SIGHUP) ? "pending" : "not pending");
}

static void on_signal(int number) { (void)number; }

static void exec_signal_probe(void) {
  signal(SIGUSR1, on_signal);
  signal(SIGUSR2, SIG_IGN);
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGHUP);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  raise(SIGHUP);
  /* Skip lcase's own reset by calling the helper through a direct execve of the real helper. */
  char *argv[] = {"lcase", "exec.probe_signals", NULL};
  char *envp[] = {"LCASE_KEEP_SIGNALS=1", NULL};
  execve(lcase_self, argv, envp);
  die("execve");
}

LCASE(exec_resets_handlers) { report_child("probe", spawn(exec_signal_probe)); }

LCASE(proc_self_exe_and_cmdline) {
  char buffer[256];
  long length = readlink("/proc/self/exe", buffer, sizeof buffer - 1);
  FACT(length > 0);
  buffer[length > 0 ? length : 0] = 0;
  say("exe ends with /lcase: %s\n", length > 6 && strcmp(buffer + length - 6, "/lcase") == 0 ? "yes" : "no");
  int fd = open("/proc/self/cmdline", O_RDONLY);
  length = read(fd, buffer, sizeof buffer);
  SHOW(length);
  for (long index = 0; index < length; index++) {
    if (buffer[index] == 0) buffer[index] = '|';
  }
  say("cmdline after argv[0]: \"%.*s\"\n", (int)(length - (long)strlen(lcase_self)),
      buffer + strlen(lcase_self));
}

static int busy_gate[2];

LHELPER(read_gate) {
  char byte;
  read(atoi(lcase_argv[0]), &byte, 1);
}

static void run_busy_copy(void) {
  close(busy_gate[1]);
  char descriptor[16];
  snprintf(descriptor, sizeof descriptor, "%d", busy_gate[0]);
  execl("./busy", "lcase", "exec.read_gate", descriptor, (char *)NULL);
  _exit(127);
}

static void exec_busy_copy(void) {
  char *argv[] = {"lcase", "exec.print_arguments", NULL};
  char *envp[] = {NULL};
  execve("./busy", argv, envp);
  say("child execve: %s\n", errname(errno));
  _exit(1);
}

static void copy_self(const char *path) {
  int in = open(lcase_self, O_RDONLY);
  int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  if (in < 0 || out < 0) die("copy_self");
  static char buffer[65536];
  long count;
  while ((count = read(in, buffer, sizeof buffer)) > 0) write_all(out, buffer, (size_t)count);
  close(in);
  close(out);
}

LCASE(text_file_busy) {
  /* This very program is running: it cannot be opened for writing. */
  SHOW(open(lcase_self, O_WRONLY));
  copy_self("busy");
  MUST(pipe(busy_gate));
  pid_t child = spawn(run_busy_copy);
  close(busy_gate[0]);
  wait_for_exec(child, "exec.read_gate");
  SHOW(open("busy", O_WRONLY));
  SHOW(open("busy", O_RDWR));
  SHOW(open("busy", O_RDONLY | O_TRUNC));
  SHOW(truncate("busy", 0));
  int reader = open("busy", O_RDONLY);
  SHOW_OK(reader);
  close(reader);
  close(busy_gate[1]);
  report_child("running copy", child);
  int writer = open("busy", O_WRONLY);
  SHOW_OK(writer);
  report_child("exec while open for writing", spawn(exec_busy_copy));
  close(writer);
  report_child("exec after the writer closed", spawn(exec_busy_copy));
}

static void exec_copy_as_user(void) {
  if (setgid(1000) != 0 || setuid(1000) != 0) die("setuid");
  char *argv[] = {"lcase", "exec.print_arguments", NULL};
  char *envp[] = {NULL};
  execve("./execute-only", argv, envp);
  say("execve as uid 1000: %s\n", errname(errno));
  _exit(1);
}

static void exec_from_noexec_mount(void) {
  char *argv[] = {"lcase", "exec.print_arguments", NULL};
  char *envp[] = {NULL};
  execve("./noexec/program", argv, envp);
  say("execve on a noexec mount: %s\n", errname(errno));
  _exit(1);
}

LCASE(execute_only_and_noexec) {
  /* Execute permission is enough: the kernel reads the program, not the user. */
  copy_self("execute-only");
  SHOW(chmod("execute-only", 0711));
  report_child("mode 0711 as uid 1000", spawn(exec_copy_as_user));
  SHOW(chmod("execute-only", 0744));
  report_child("mode 0744 as uid 1000", spawn(exec_copy_as_user));
  SHOW(mkdir("noexec", 0755));
  SHOW(mount("tmpfs", "noexec", "tmpfs", MS_NOEXEC, NULL));
  copy_self("noexec/program");
  report_child("noexec mount", spawn(exec_from_noexec_mount));
  SHOW(umount("noexec"));
}
