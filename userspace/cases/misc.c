/* misc.c: uname, umask, rlimits, credentials, character devices, getrandom, prctl and procfs. */
#include <grp.h>
#include <linux/reboot.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include "lcase.h"

LCASE(uname_fields) {
  struct utsname names;
  SHOW(uname(&names));
  say("sysname \"%s\" machine \"%s\"\n", names.sysname, names.machine);
  FACT(names.release[0] >= '0' && names.release[0] <= '9');
  SHOW(syscall(SYS_uname, (void *)8));
}

LCASE(umask_applies) {
  say("umask(077) returned %04o\n", umask(077));
  say("umask(077) returned %04o\n", umask(077));
  int fd = open("private", O_CREAT | O_WRONLY, 0666);
  struct stat info;
  fstat(fd, &info);
  say("file perm %04o\n", info.st_mode & 07777);
  mkdir("private-dir", 0777);
  stat("private-dir", &info);
  say("dir perm %04o\n", info.st_mode & 07777);
  umask(0);
  fd = open("open", O_CREAT | O_WRONLY, 0666);
  fstat(fd, &info);
  say("file perm %04o\n", info.st_mode & 07777);
  say("umask(01777) returned %04o\n", umask(01777));
  say("umask(022) returned %04o\n", umask(022));
}

static void show_limit(const char *name, int resource) {
  struct rlimit limit;
  if (getrlimit(resource, &limit) != 0) {
    say("%s: %s\n", name, errname(errno));
    return;
  }
  char soft[32], hard[32];
  if (limit.rlim_cur == RLIM_INFINITY) strcpy(soft, "unlimited");
  else snprintf(soft, sizeof soft, "%llu", (unsigned long long)limit.rlim_cur);
  if (limit.rlim_max == RLIM_INFINITY) strcpy(hard, "unlimited");
  else snprintf(hard, sizeof hard, "%llu", (unsigned long long)limit.rlim_max);
  say("%s: soft %s hard %s\n", name, soft, hard);
}

LCASE(rlimits) {
  show_limit("NOFILE", RLIMIT_NOFILE);
  show_limit("STACK", RLIMIT_STACK);
  show_limit("CORE", RLIMIT_CORE);
  show_limit("CPU", RLIMIT_CPU);
  show_limit("FSIZE", RLIMIT_FSIZE);
  show_limit("AS", RLIMIT_AS);
  struct rlimit few = {5, 4096};
  SHOW(setrlimit(RLIMIT_NOFILE, &few));
  int opened = 0;
  while (open("/dev/null", O_RDONLY) >= 0) opened++;
  SHOW(opened);
  SHOW(open("/dev/null", O_RDONLY));
  SHOW(dup2(0, 10));
  SHOW(fcntl(0, F_DUPFD, 10));
  struct rlimit inverted = {100, 10};
  SHOW(setrlimit(RLIMIT_NOFILE, &inverted));
  SHOW(setrlimit(99, &few));
  struct rlimit raised = {2048, 8192};
  SHOW(setrlimit(RLIMIT_NOFILE, &raised));
  show_limit("NOFILE", RLIMIT_NOFILE);
  struct rlimit old;
  SHOW(prlimit(0, RLIMIT_NOFILE, NULL, &old));
  SHOW(old.rlim_cur);
  /* While the file-size limit is 10 bytes, this case's own output (a file) cannot grow: the
   * results are printed after the limit is lifted again. */
  struct rlimit tiny_file = {10, RLIM_INFINITY}, no_limit = {RLIM_INFINITY, RLIM_INFINITY};
  signal(SIGXFSZ, SIG_IGN);
  int fd = open("f", O_CREAT | O_WRONLY, 0644);
  long limited = setrlimit(RLIMIT_FSIZE, &tiny_file);
  long first = write(fd, "0123456789abcdef", 16);
  long second = write(fd, "x", 1);
  int second_error = errno;
  setrlimit(RLIMIT_FSIZE, &no_limit);
  say("setrlimit(RLIMIT_FSIZE, 10) = %ld; write 16 = %ld; write 1 more = %ld %s\n", limited, first,
      second, second < 0 ? errname(second_error) : "");
}

static void drop_privileges(void) {
  write_file("secret", "s", 0600);
  SHOW(setgid(1000));
  SHOW(setuid(1000));
  say("uid %d euid %d gid %d egid %d\n", getuid(), geteuid(), getgid(), getegid());
  SHOW(setuid(0));
  SHOW(open("secret", O_RDONLY));
  SHOW(kill(1, 0));
  SHOW(setgroups(0, NULL));
}

LCASE(credentials) {
  say("uid %d euid %d gid %d egid %d\n", getuid(), geteuid(), getgid(), getegid());
  SHOW(getgroups(0, NULL));
  report_child("unprivileged child", spawn(drop_privileges));
  uid_t real, effective, saved;
  SHOW(getresuid(&real, &effective, &saved));
  say("resuid %d %d %d\n", real, effective, saved);
}

static void show_read(const char *path, size_t count) {
  char buffer[64];
  int fd = open(path, O_RDONLY);
  long got = read(fd, buffer, count);
  int zeros = 1;
  for (long index = 0; index < got; index++) zeros &= buffer[index] == 0;
  say("read %zu from %s: %ld%s\n", count, path, got, got > 0 && zeros ? " zeros" : "");
  close(fd);
}

static void show_write(const char *path) {
  int fd = open(path, O_WRONLY);
  long wrote = write(fd, "0123456789", 10);
  say("write 10 to %s: %ld%s%s\n", path, wrote, wrote < 0 ? " " : "", wrote < 0 ? errname(errno) : "");
  close(fd);
}

LCASE(character_devices) {
  show_read("/dev/null", 16);
  show_read("/dev/zero", 16);
  show_read("/dev/full", 16);
  show_read("/dev/urandom", 16);
  show_read("/dev/random", 16);
  show_write("/dev/null");
  show_write("/dev/zero");
  show_write("/dev/full");
  int fd = open("/dev/null", O_RDWR);
  SHOW(lseek(fd, 100, SEEK_SET));
}

LCASE(getrandom_calls) {
  unsigned char first[32], second[32];
  SHOW(getrandom(first, sizeof first, 0));
  SHOW(getrandom(second, sizeof second, GRND_NONBLOCK));
  FACT(memcmp(first, second, sizeof first) != 0);
  SHOW(getrandom(first, 0, 0));
  SHOW(getrandom(first, sizeof first, 0x80));
  SHOW(syscall(SYS_getrandom, (void *)8, 16, 0));
}

LCASE(prctl_and_proc_self) {
  char name[32] = {0};
  SHOW(prctl(PR_SET_NAME, "renamed-case"));
  SHOW(prctl(PR_GET_NAME, name));
  say("name \"%s\"\n", name);
  int fd = open("/proc/self/comm", O_RDONLY);
  char comm[32] = {0};
  SHOW(read(fd, comm, sizeof comm - 1));
  char *newline = strchr(comm, '\n');
  if (newline) *newline = 0;
  say("comm \"%s\" ended by a newline %d\n", comm, newline != NULL);
  char link[32] = {0};
  SHOW(readlink("/proc/self", link, sizeof link - 1) > 0);
  FACT(atoi(link) == getpid());
  fd = open("/proc/self/stat", O_RDONLY);
  char stat_text[512] = {0};
  MUST(read(fd, stat_text, sizeof stat_text - 1));
  FACT(atoi(stat_text) == getpid());
  char *close_paren = strrchr(stat_text, ')');
  say("state %c\n", close_paren ? close_paren[2] : '?');
  SHOW(prctl(9999, 0));
  SHOW(prctl(PR_SET_PDEATHSIG, SIGKILL));
  int signal_number = -1;
  SHOW(prctl(PR_GET_PDEATHSIG, &signal_number));
  SHOW(signal_number);
  SHOW(prctl(PR_SET_PDEATHSIG, 99));
}

/* reboot(2)'s checks, without rebooting: root only (checked first), both magic numbers, known
   commands; the Ctrl-Alt-Del settings are the only commands that return. */
static void reboot_as_nobody(void) {
  if (setuid(65534) != 0) die("setuid");
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0));
  SHOW(syscall(SYS_reboot, 1, 2, 3, 0));
  _exit(0);
}

LCASE(reboot_checks) {
  SHOW(syscall(SYS_reboot, 0, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0));
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, 1234, LINUX_REBOOT_CMD_POWER_OFF, 0));
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x1234, 0));
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2C, LINUX_REBOOT_CMD_CAD_OFF, 0));
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_CMD_CAD_ON, 0));
  SHOW(syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2B, LINUX_REBOOT_CMD_CAD_OFF, 0));
  report_child("as nobody", spawn(reboot_as_nobody));
}
