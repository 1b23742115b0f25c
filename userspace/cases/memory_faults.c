/* memory_faults.c: SIGSEGV/SIGBUS caught with their si_code, mprotect, EFAULT from bad pointers. */
#include <setjmp.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>

#include "lcase.h"

#define PAGE 4096L

static sigjmp_buf recovery;
static volatile int fault_signal, fault_code, fault_address_matches;
static volatile char *volatile expected_address;

static void on_fault(int number, siginfo_t *info, void *context) {
  (void)context;
  fault_signal = number;
  fault_code = info->si_code;
  fault_address_matches = (char *)info->si_addr == expected_address;
  siglongjmp(recovery, 1);
}

static void catch_faults(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_fault;
  action.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &action, NULL);
  sigaction(SIGBUS, &action, NULL);
}

static const char *code_name(int number, int code) {
  if (number == SIGSEGV && code == SEGV_MAPERR) return "SEGV_MAPERR";
  if (number == SIGSEGV && code == SEGV_ACCERR) return "SEGV_ACCERR";
  if (number == SIGBUS && code == BUS_ADRERR) return "BUS_ADRERR";
  return "other";
}

static void touch(const char *what, volatile char *address, int write) {
  fault_signal = 0;
  expected_address = address;
  if (sigsetjmp(recovery, 1) == 0) {
    if (write) {
      *address = 1;
    } else {
      (void)*address;
    }
    say("%s: no fault\n", what);
  } else {
    say("%s: %s %s, address matches %d\n", what, signame(fault_signal),
        code_name(fault_signal, fault_code), fault_address_matches);
  }
}

LCASE(segv_codes) {
  catch_faults();
  char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  touch("write mapped", memory, 1);
  SHOW(munmap(memory + PAGE, PAGE));
  touch("read unmapped", memory + PAGE + 8, 0);
  SHOW(mprotect(memory, PAGE, PROT_READ));
  touch("read read-only", memory, 0);
  touch("write read-only", memory + 16, 1);
  SHOW(mprotect(memory, PAGE, PROT_NONE));
  touch("read PROT_NONE", memory, 0);
  touch("read null", NULL, 0);
  SHOW(mprotect(memory + 1, PAGE, PROT_READ));
  SHOW(mprotect(memory, PAGE, 0x100));
  SHOW(mprotect(memory + PAGE, PAGE, PROT_READ));
}

LCASE(sigbus_beyond_file) {
  catch_faults();
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  write_all(fd, "short", 5);
  char *memory = mmap(NULL, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
  touch("read inside the file", memory + 2, 0);
  touch("read in the last page past EOF", memory + 100, 0);
  touch("read a page wholly past EOF", memory + PAGE, 0);
  MUST(ftruncate(fd, 2 * PAGE));
  touch("read after the file grew", memory + PAGE, 0);
}

static volatile char *volatile repair_page;
static volatile int repairs;
static void repair(int number) {
  (void)number;
  mprotect((void *)repair_page, PAGE, PROT_READ | PROT_WRITE);
  repairs++;
}

LCASE(handler_repairs_and_returns) {
  signal(SIGSEGV, repair);
  repair_page = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  repair_page[100] = 'w';
  say("write completed after repair: \"%c\", repairs %d\n", repair_page[100], repairs);
}

static volatile int *volatile low_address = (int *)16;
static void uncaught_segv(void) { *low_address = 1; }

LCASE(uncaught_fault_kills) { report_child("child touching address 16", spawn(uncaught_segv)); }

LCASE(efault_from_bad_pointers) {
  int fds[2];
  MUST(pipe(fds));
  char *unmapped = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  munmap(unmapped, PAGE);
  char *kernel = (char *)0xffff000000000000UL;
  SHOW(syscall(SYS_write, fds[1], 1, 10));
  SHOW(write(fds[1], unmapped, 10));
  SHOW(write(fds[1], kernel, 10));
  SHOW(write(1, kernel, 10));
  write_all(fds[1], "data", 4);
  SHOW(read(fds[0], unmapped, 4));
  SHOW(read(fds[0], kernel, 4));
  SHOW(syscall(SYS_openat, AT_FDCWD, unmapped, O_RDONLY));
  SHOW(syscall(SYS_newfstatat, AT_FDCWD, ".", kernel, 0));
  SHOW(syscall(SYS_fstat, 0, unmapped));
  SHOW(syscall(SYS_pipe2, unmapped, 0));
  SHOW(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, unmapped));
  SHOW(syscall(SYS_uname, kernel));
  SHOW(syscall(SYS_getcwd, unmapped, 100));
  SHOW(syscall(SYS_rt_sigaction, SIGUSR1, unmapped, NULL, 8));
  SHOW(syscall(SYS_wait4, -1, unmapped, WNOHANG, NULL));
  struct iovec vector = {unmapped, 4};
  SHOW(writev(fds[1], &vector, 1));
  SHOW(syscall(SYS_writev, fds[1], unmapped, 1));
  SHOW(syscall(SYS_read, 99, unmapped, 4));
}

LCASE(partial_copy_at_a_fault) {
  char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(memory, 'p', 2 * PAGE);
  MUST(munmap(memory + PAGE, PAGE));
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  SHOW(write(fd, memory + PAGE - 100, 200));
  struct stat info;
  fstat(fd, &info);
  SHOW(info.st_size);
  write_all(fd, memory, 300);
  lseek(fd, 0, SEEK_SET);
  SHOW(read(fd, memory + PAGE - 50, 200));
}
