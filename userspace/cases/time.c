/* time.c: clocks, sleeps and timers, printed as facts (never the times themselves). */
#include <elf.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>

#include "lcase.h"

static long long nanoseconds(clockid_t clock) {
  struct timespec now;
  if (clock_gettime(clock, &now) != 0) return -1;
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

LCASE(clocks_monotonic) {
  long long previous = nanoseconds(CLOCK_MONOTONIC);
  int never_backwards = 1;
  for (int round = 0; round < 10000; round++) {
    long long now = nanoseconds(CLOCK_MONOTONIC);
    never_backwards &= now >= previous;
    previous = now;
  }
  FACT(never_backwards);
  clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                        CLOCK_THREAD_CPUTIME_ID, CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE,
                        CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME};
  for (size_t index = 0; index < sizeof clocks / sizeof clocks[0]; index++) {
    struct timespec value, resolution;
    long result = syscall(SYS_clock_gettime, clocks[index], &value);
    long resolution_result = syscall(SYS_clock_getres, clocks[index], &resolution);
    say("clock %d: gettime %s, getres %s, nsec in range %d, resolution under 1 s %d\n",
        (int)clocks[index], result == 0 ? "ok" : errname(errno),
        resolution_result == 0 ? "ok" : errname(errno), value.tv_nsec >= 0 && value.tv_nsec < 1000000000,
        resolution.tv_sec == 0 && resolution.tv_nsec > 0);
  }
  struct timespec value;
  SHOW(syscall(SYS_clock_gettime, 100, &value));
  SHOW(syscall(SYS_clock_getres, 100, &value));
  SHOW(syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));
  FACT(nanoseconds(CLOCK_BOOTTIME) >= nanoseconds(CLOCK_MONOTONIC) - 1000000);
}

LCASE(nanosleep_durations) {
  long long before = nanoseconds(CLOCK_MONOTONIC);
  struct timespec request = {0, 20000000}, remaining;
  SHOW(nanosleep(&request, &remaining));
  long long slept = nanoseconds(CLOCK_MONOTONIC) - before;
  FACT(slept >= 20000000);
  FACT(slept < 5000000000LL);
  struct timespec zero = {0, 0};
  SHOW(nanosleep(&zero, NULL));
  struct timespec too_many_ns = {0, 1000000000};
  SHOW(nanosleep(&too_many_ns, NULL));
  struct timespec negative = {-1, 0};
  SHOW(nanosleep(&negative, NULL));
  SHOW(syscall(SYS_nanosleep, (void *)8, NULL));
}

LCASE(clock_nanosleep_absolute) {
  struct timespec target;
  clock_gettime(CLOCK_MONOTONIC, &target);
  target.tv_nsec += 20000000;
  if (target.tv_nsec >= 1000000000) {
    target.tv_sec++;
    target.tv_nsec -= 1000000000;
  }
  say("absolute: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL)));
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  FACT(now.tv_sec > target.tv_sec || (now.tv_sec == target.tv_sec && now.tv_nsec >= target.tv_nsec));
  struct timespec past = {0, 1};
  say("past absolute: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL)));
  struct timespec short_wait = {0, 1000000};
  say("realtime relative: %s\n", errname(clock_nanosleep(CLOCK_REALTIME, 0, &short_wait, NULL)));
  say("bad clock: %s\n", errname(clock_nanosleep(100, 0, &short_wait, NULL)));
  say("thread cputime clock: %s\n", errname(clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &short_wait, NULL)));
  struct timespec bad = {0, -1};
  say("bad nsec: %s\n", errname(clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
}

LCASE(wall_clock_sanity) {
  struct timeval tv;
  SHOW(gettimeofday(&tv, NULL));
  FACT(tv.tv_usec >= 0 && tv.tv_usec < 1000000);
  struct timespec realtime;
  clock_gettime(CLOCK_REALTIME, &realtime);
  FACT(realtime.tv_sec - tv.tv_sec >= 0 && realtime.tv_sec - tv.tv_sec <= 2);
  time_t seconds = time(NULL);
  FACT(seconds - realtime.tv_sec >= 0 && seconds - realtime.tv_sec <= 2);
  FACT(realtime.tv_sec > 1577836800);
  struct timezone zone;
  SHOW(syscall(SYS_gettimeofday, &tv, &zone));
  SHOW(syscall(SYS_gettimeofday, (void *)8, NULL));
}

LCASE(cpu_time_advances) {
  struct timespec start, end;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &start);
  volatile unsigned long spin = 0;
  long long wall_start = nanoseconds(CLOCK_MONOTONIC);
  while (nanoseconds(CLOCK_MONOTONIC) - wall_start < 30000000) spin++;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &end);
  FACT(end.tv_sec > start.tv_sec || end.tv_nsec > start.tv_nsec);
  struct rusage usage;
  SHOW(getrusage(RUSAGE_SELF, &usage));
  FACT(usage.ru_utime.tv_sec > 0 || usage.ru_utime.tv_usec > 0 || usage.ru_stime.tv_usec > 0);
  SHOW(getrusage(RUSAGE_CHILDREN, &usage));
  SHOW(getrusage(99, &usage));
}

static volatile sig_atomic_t alarms;
static void count_alarm(int number) {
  (void)number;
  alarms++;
}

LCASE(itimer_and_alarm) {
  signal(SIGALRM, count_alarm);
  sigset_t block, empty;
  sigemptyset(&block);
  sigaddset(&block, SIGALRM);
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &block, NULL);
  struct itimerval timer = {{0, 20000}, {0, 20000}};
  SHOW(setitimer(ITIMER_REAL, &timer, NULL));
  for (int round = 0; round < 3; round++) sigsuspend(&empty);
  SHOW(alarms);
  struct itimerval stop = {{0, 0}, {0, 0}}, old;
  SHOW(setitimer(ITIMER_REAL, &stop, &old));
  FACT(old.it_interval.tv_usec == 20000);
  SHOW(getitimer(ITIMER_REAL, &old));
  FACT(old.it_value.tv_sec == 0 && old.it_value.tv_usec == 0);
  SHOW(alarm(5));
  SHOW(alarm(0));
  SHOW(alarm(0));
  SHOW(setitimer(99, &timer, NULL));
  struct itimerval bad = {{0, 0}, {0, 2000000}};
  SHOW(setitimer(ITIMER_REAL, &bad, NULL));
}

static long long spec_nanoseconds(const struct timespec *value) {
  return value->tv_sec * 1000000000LL + value->tv_nsec;
}

/* glibc answers clock_gettime and gettimeofday from the vDSO when AT_SYSINFO_EHDR names one;
   its answers and the system calls' must be one clock, read in any interleaving. */
LCASE(vdso_matches_system_calls) {
  unsigned long base = getauxval(AT_SYSINFO_EHDR);
  FACT(base != 0 && base % 4096 == 0);
  FACT(base != 0 && memcmp((const void *)base, ELFMAG, SELFMAG) == 0);
  clockid_t clocks[] = {CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW};
  for (size_t index = 0; index < sizeof clocks / sizeof clocks[0]; index++) {
    int ordered = 1;
    for (int round = 0; round < 2000; round++) {
      struct timespec before, during, after;
      clock_gettime(clocks[index], &before);
      syscall(SYS_clock_gettime, clocks[index], &during);
      clock_gettime(clocks[index], &after);
      ordered &= spec_nanoseconds(&before) <= spec_nanoseconds(&during) &&
                 spec_nanoseconds(&during) <= spec_nanoseconds(&after);
    }
    say("clock %d: library and system call in order: %s\n", (int)clocks[index],
        ordered ? "yes" : "no");
  }
  int ordered = 1;
  for (int round = 0; round < 2000; round++) {
    struct timeval before, during, after;
    gettimeofday(&before, NULL);
    syscall(SYS_gettimeofday, &during, NULL);
    gettimeofday(&after, NULL);
    long long b = before.tv_sec * 1000000LL + before.tv_usec;
    long long d = during.tv_sec * 1000000LL + during.tv_usec;
    long long a = after.tv_sec * 1000000LL + after.tv_usec;
    ordered &= b <= d && d <= a;
  }
  FACT(ordered);
}
