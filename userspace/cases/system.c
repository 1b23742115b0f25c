/* system.c: scheduler and system queries, and the procfs files BusyBox tools read. */
#include <sched.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>

#include "lcase.h"

static long read_text(const char *path, char *buffer, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  long total = 0, count;
  while ((count = read(fd, buffer + total, size - 1 - (size_t)total)) > 0) total += count;
  close(fd);
  buffer[total] = 0;
  return total;
}

static int count_lines_starting(const char *text, const char *prefix) {
  int count = 0;
  for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, prefix, strlen(prefix)) == 0) count++;
  }
  return count;
}

LCASE(scheduler_queries) {
  cpu_set_t set;
  CPU_ZERO(&set);
  SHOW(sched_getaffinity(0, sizeof set, &set));
  SHOW(CPU_COUNT(&set));
  SHOW(sched_yield());
  unsigned cpu = 99, node = 99;
  SHOW(getcpu(&cpu, &node));
  FACT(cpu < 4);
  SHOW(node);
  SHOW(sched_getscheduler(0));
  struct sched_param param;
  SHOW(sched_getparam(0, &param));
  SHOW(param.sched_priority);
  SHOW(sched_get_priority_max(SCHED_FIFO));
  SHOW(sched_get_priority_min(SCHED_FIFO));
  SHOW(getpriority(PRIO_PROCESS, 0));
  SHOW(nice(0));
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  SHOW(sched_setaffinity(0, sizeof set, &set));
  SHOW(sched_getaffinity(0, sizeof set, &set));
  SHOW(CPU_COUNT(&set));
  CPU_ZERO(&set);
  SHOW(sched_setaffinity(0, sizeof set, &set));
  SHOW(sched_getscheduler(0x3ffffff0));
}

LCASE(sysinfo_and_counts) {
  struct sysinfo info;
  SHOW(sysinfo(&info));
  FACT(info.uptime > 0);
  FACT(info.totalram > 0 && info.freeram > 0 && info.freeram <= info.totalram);
  FACT(info.procs > 0);
  FACT(info.mem_unit > 0);
  SHOW(get_nprocs());
  SHOW(get_nprocs_conf());
  SHOW(sysconf(_SC_PAGESIZE));
  SHOW(sysconf(_SC_NPROCESSORS_ONLN));
  SHOW(getpagesize());
}

LCASE(proc_system_files) {
  static char text[65536];
  SHOW(read_text("/proc/cpuinfo", text, sizeof text) > 0);
  SHOW(count_lines_starting(text, "processor"));
  SHOW(read_text("/proc/meminfo", text, sizeof text) > 0);
  FACT(strncmp(text, "MemTotal:", 9) == 0);
  FACT(strstr(text, "\nMemFree:") != NULL);
  FACT(strstr(text, "\nMemAvailable:") != NULL);
  SHOW(read_text("/proc/uptime", text, sizeof text) > 0);
  double up = 0, idle = 0;
  FACT(sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0);
  SHOW(read_text("/proc/loadavg", text, sizeof text) > 0);
  double load[3];
  int running = 0, total = 0;
  FACT(sscanf(text, "%lf %lf %lf %d/%d", &load[0], &load[1], &load[2], &running, &total) == 5);
  SHOW(read_text("/proc/stat", text, sizeof text) > 0);
  FACT(strncmp(text, "cpu ", 4) == 0);
  SHOW(count_lines_starting(text, "cpu"));
  SHOW(read_text("/proc/mounts", text, sizeof text) > 0);
  FACT(strstr(text, " /proc proc ") != NULL);
  FACT(strstr(text, " /tmp tmpfs ") != NULL);
  SHOW(read_text("/proc/cmdline", text, sizeof text) > 0);
  FACT(strstr(text, "rdinit=/init") != NULL);
  SHOW(read_text("/proc/missing-file", text, sizeof text));
}

LCASE(proc_self_files) {
  static char text[8192];
  SHOW(read_text("/proc/self/status", text, sizeof text) > 0);
  FACT(strncmp(text, "Name:\tlcase\n", 12) == 0);
  char expected[64];
  snprintf(expected, sizeof expected, "\nPid:\t%d\n", getpid());
  FACT(strstr(text, expected) != NULL);
  snprintf(expected, sizeof expected, "\nPPid:\t%d\n", getppid());
  FACT(strstr(text, expected) != NULL);
  FACT(strstr(text, "\nState:\tR (running)\n") != NULL);
  MUST(open("/dev/null", O_RDONLY));
  char link[64] = {0};
  SHOW(readlink("/proc/self/fd/3", link, sizeof link - 1));
  say("fd 3 -> \"%s\"\n", link);
  int fds[2];
  MUST(pipe(fds));
  memset(link, 0, sizeof link);
  FACT(readlink("/proc/self/fd/4", link, sizeof link - 1) > 0 && strncmp(link, "pipe:[", 6) == 0);
  SHOW(readlink("/proc/self/fd/50", link, sizeof link - 1));
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", getpid());
  SHOW(read_text(path, text, sizeof text) > 0);
  FACT(strstr(text, " (lcase) R ") != NULL);
  snprintf(path, sizeof path, "/proc/%d/cwd", getpid());
  char cwd[256] = {0}, here[256] = {0};
  SHOW(readlink(path, cwd, sizeof cwd - 1) > 0);
  FACT(getcwd(here, sizeof here) && strcmp(cwd, here) == 0);
  SHOW(access("/proc/1", F_OK));
  SHOW(access("/proc/1073741823", F_OK));
}
