/* fuzz.c: random system calls with hostile arguments in throw-away, unprivileged children.
 *
 * usage: fuzz <syscall-count> [seed]
 * Each child drops to uid/gid 65534 in a scratch directory, limits its memory and file sizes,
 * gets SIGALRM every 10 ms (so blocking calls return), and makes up to 100 random calls: numbers
 * 0..463 plus a few impossible ones, arguments from zero, small integers, flags, random words,
 * kernel addresses, unmapped and misaligned pointers, and pointers into a scratch buffer. Calls
 * that could harm the machine or the test run (reboot, kill, mount, clone, exec, time setting,
 * module loading, ...) are never made. The parent prints one deterministic summary line, then
 * checks that it can still create files and run the shell.
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <grp.h>

#include "lcase.h"

#define CALLS_PER_CHILD 100
#define HIGHEST_NUMBER 463
#define CHILD_DEADLINE_SECONDS 3

/* Never called: they could reboot, signal other processes, change the machine or escape. */
static const int denied[] = {
    SYS_reboot, SYS_kexec_load, SYS_kexec_file_load, SYS_init_module, SYS_finit_module,
    SYS_delete_module, SYS_kill, SYS_tkill, SYS_tgkill, SYS_rt_sigqueueinfo,
    SYS_rt_tgsigqueueinfo, SYS_pidfd_send_signal, SYS_ptrace, SYS_process_vm_writev,
    SYS_process_vm_readv, SYS_clone, SYS_clone3, SYS_execve, SYS_execveat, SYS_mount,
    SYS_umount2, SYS_pivot_root, SYS_chroot, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick,
    SYS_move_mount, SYS_open_tree, SYS_mount_setattr, SYS_swapon, SYS_swapoff, SYS_acct,
    SYS_syslog, SYS_vhangup, SYS_sethostname, SYS_setdomainname, SYS_settimeofday,
    SYS_clock_settime, SYS_adjtimex, SYS_clock_adjtime, SYS_quotactl, SYS_quotactl_fd,
    SYS_unshare, SYS_setns, SYS_bpf, SYS_perf_event_open, SYS_io_uring_setup,
    SYS_io_uring_enter, SYS_io_uring_register, SYS_userfaultfd, SYS_mknodat, SYS_fallocate,
    SYS_setpriority, SYS_sched_setaffinity, SYS_sched_setscheduler, SYS_sched_setparam,
    SYS_sched_setattr, SYS_ioprio_set, SYS_migrate_pages, SYS_move_pages, SYS_prlimit64,
    SYS_shmget, SYS_semget, SYS_msgget, SYS_mq_open, SYS_mq_unlink, SYS_add_key,
    SYS_request_key, SYS_keyctl, SYS_nfsservctl, SYS_exit, SYS_exit_group, SYS_rt_sigreturn,
};

static uint64_t state;

static uint64_t next_random(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static int is_denied(long number) {
  for (size_t index = 0; index < sizeof denied / sizeof denied[0]; index++) {
    if (denied[index] == number) return 1;
  }
  return 0;
}

static char *scratch;      /* a valid buffer holding harmless bytes */
static char *unmapped;     /* a page that was mapped, then unmapped */
#define SCRATCH_SIZE 8192

/* Refills the scratch buffer: letters, digits and zeros, never '/' or '.', so any path made
 * from it names a file inside the scratch directory. */
static void refill_scratch(void) {
  for (int index = 0; index < SCRATCH_SIZE; index++) {
    uint64_t value = next_random() % 40;
    scratch[index] = value < 26 ? (char)('a' + value) : value < 36 ? (char)('0' + value - 26) : 0;
  }
}

static uint64_t random_argument(void) {
  switch (next_random() % 12) {
    case 0: return 0;
    case 1: return next_random() % 64;
    case 2: return (uint64_t)-1;
    case 3: return 1ULL << (next_random() % 32);
    case 4: return next_random();
    case 5: return 0xffff000000000000ULL + (next_random() % (1ULL << 40) & ~7ULL);
    case 6: return 0xffffffffffffffffULL - next_random() % 0x10000;
    case 7: return (uint64_t)(uintptr_t)(unmapped + next_random() % 4096);
    case 8: return (uint64_t)(uintptr_t)(scratch + next_random() % SCRATCH_SIZE);
    case 9: return (uint64_t)(uintptr_t)scratch;
    case 10: return 4096 * (next_random() % 16);
    default: return next_random() % 4096 + 1;
  }
}

static void on_alarm(int number) { (void)number; }

static volatile uint64_t *progress; /* shared with the parent: calls started so far */

static void child(uint64_t seed) {
  state = seed | 1;
  setpgid(0, 0);
  int fd = open("out", O_CREAT | O_RDWR, 0666);
  if (fd < 0) _exit(90);
  dup2(fd, 0);
  dup2(fd, 1);
  dup2(fd, 2);
  syscall(SYS_close_range, 3, ~0U, 0);
  struct rlimit memory = {256 << 20, 256 << 20}, file_size = {1 << 20, 1 << 20};
  struct rlimit files = {64, 64}, processes = {0, 0};
  setrlimit(RLIMIT_AS, &memory);
  setrlimit(RLIMIT_FSIZE, &file_size);
  setrlimit(RLIMIT_NOFILE, &files);
  setrlimit(RLIMIT_NPROC, &processes);
  signal(SIGXFSZ, SIG_IGN);
  if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0) _exit(91);
  scratch = mmap(NULL, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  unmapped = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (scratch == MAP_FAILED || unmapped == MAP_FAILED) _exit(92);
  munmap(unmapped, 4096);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_alarm;
  sigaction(SIGALRM, &action, NULL);
  struct itimerval ticks = {{0, 10000}, {0, 10000}};
  setitimer(ITIMER_REAL, &ticks, NULL);
  for (int call = 0; call < CALLS_PER_CHILD; call++) {
    long number;
    do {
      number = next_random() % 8 == 0 ? (long)(next_random() % 2000) - 500
                                     : (long)(next_random() % (HIGHEST_NUMBER + 1));
    } while (is_denied(number));
    uint64_t arguments[6];
    for (int index = 0; index < 6; index++) arguments[index] = random_argument();
    refill_scratch();
    __atomic_add_fetch(progress, 1, __ATOMIC_RELAXED);
    syscall(number, arguments[0], arguments[1], arguments[2], arguments[3], arguments[4],
            arguments[5]);
  }
  _exit(0);
}

/* Waits for `pid` up to the deadline, then kills it; always reaps it. */
static void wait_or_kill(pid_t pid) {
  sigset_t children;
  sigemptyset(&children);
  sigaddset(&children, SIGCHLD);
  struct timespec deadline = {CHILD_DEADLINE_SECONDS, 0};
  int status;
  for (;;) {
    if (waitpid(pid, &status, WNOHANG) == pid) return;
    if (sigtimedwait(&children, NULL, &deadline) < 0 && errno == EAGAIN) break;
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
}

static void check_shell(void) {
  int fds[2];
  if (pipe(fds) != 0) die("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    execl("/bin/sh", "sh", "-c", "echo shell alive", (char *)NULL);
    _exit(127);
  }
  close(fds[1]);
  char buffer[64] = {0};
  long length = read(fds[0], buffer, sizeof buffer - 1);
  say("shell check: %s", length > 0 ? buffer : "no output\n");
  report_child("shell", pid);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    say("usage: fuzz <syscall-count> [seed]\n");
    return 2;
  }
  uint64_t wanted = strtoull(argv[1], NULL, 10);
  uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20250101;
  say("== case fuzz.syscalls\n");
  sigset_t children;
  sigemptyset(&children);
  sigaddset(&children, SIGCHLD);
  sigprocmask(SIG_BLOCK, &children, NULL);
  progress = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (progress == MAP_FAILED) die("mmap");
  MUST(mkdir("scratch", 0777));
  MUST(chmod("scratch", 0777));
  MUST(chdir("scratch"));
  for (uint64_t index = 0; *progress < wanted; index++) {
    pid_t pid = fork();
    if (pid < 0) die("fork");
    if (pid == 0) child(seed * 1000003 + index);
    wait_or_kill(pid);
  }
  MUST(chdir(".."));
  say("fuzz: at least %llu random system calls made in throw-away children\n",
      (unsigned long long)wanted);
  write_file("after", "written after fuzzing", 0644);
  int fd = open("after", O_RDONLY);
  char buffer[32] = {0};
  SHOW(read(fd, buffer, sizeof buffer - 1));
  sigprocmask(SIG_UNBLOCK, &children, NULL);
  check_shell();
  return 0;
}
