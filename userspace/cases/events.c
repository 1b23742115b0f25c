/* events.c: waiting on many descriptors: poll/ppoll, select/pselect6, epoll, eventfd, timerfd, signalfd. */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

#include "lcase.h"

static long long now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

LCASE(select_and_pselect) {
  int fds[2];
  MUST(pipe(fds));
  fd_set readable, writable;
  FD_ZERO(&readable);
  FD_ZERO(&writable);
  FD_SET(fds[0], &readable);
  FD_SET(fds[1], &writable);
  struct timeval zero = {0, 0};
  SHOW(select(fds[1] + 1, &readable, &writable, NULL, &zero));
  say("read end ready %d, write end ready %d\n", FD_ISSET(fds[0], &readable), FD_ISSET(fds[1], &writable));
  write_all(fds[1], "x", 1);
  FD_ZERO(&readable);
  FD_SET(fds[0], &readable);
  SHOW(select(fds[0] + 1, &readable, NULL, NULL, &zero));
  long long before = now_ms();
  struct timeval short_wait = {0, 30000};
  FD_ZERO(&readable);
  SHOW(select(0, &readable, NULL, NULL, &short_wait));
  FACT(now_ms() - before >= 30);
  struct timespec pause_time = {0, 20000000};
  before = now_ms();
  SHOW(pselect(0, NULL, NULL, NULL, &pause_time, NULL));
  FACT(now_ms() - before >= 20);
  FD_ZERO(&readable);
  FD_SET(99, &readable);
  SHOW(select(100, &readable, NULL, NULL, &zero));
  SHOW(select(-1, NULL, NULL, NULL, &zero));
  struct timeval negative = {-1, 0};
  SHOW(select(0, NULL, NULL, NULL, &negative));
}

LCASE(ppoll_timeout) {
  struct timespec wait_time = {0, 30000000};
  long long before = now_ms();
  SHOW(ppoll(NULL, 0, &wait_time, NULL));
  FACT(now_ms() - before >= 30);
  struct timespec bad = {0, 1000000000};
  SHOW(ppoll(NULL, 0, &bad, NULL));
  struct timespec zero = {0, 0};
  SHOW(ppoll(NULL, 0, &zero, NULL));
}

static volatile sig_atomic_t usr1_seen;
static void on_usr1(int number) {
  (void)number;
  usr1_seen++;
}

LCASE(ppoll_unblocks_signal) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_usr1;
  sigaction(SIGUSR1, &action, NULL);
  sigset_t block, empty;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigemptyset(&empty);
  sigprocmask(SIG_BLOCK, &block, NULL);
  raise(SIGUSR1);
  SHOW(usr1_seen);
  struct timespec long_wait = {5, 0};
  SHOW(ppoll(NULL, 0, &long_wait, &empty));
  SHOW(usr1_seen);
  sigset_t after;
  sigprocmask(SIG_SETMASK, NULL, &after);
  FACT(sigismember(&after, SIGUSR1));
}

LCASE(epoll_basics) {
  int epoll = epoll_create1(EPOLL_CLOEXEC);
  SHOW(epoll >= 0);
  SHOW(fcntl(epoll, F_GETFD));
  int fds[2];
  MUST(pipe(fds));
  struct epoll_event event = {.events = EPOLLIN, .data.u64 = 7};
  SHOW(epoll_ctl(epoll, EPOLL_CTL_ADD, fds[0], &event));
  SHOW(epoll_ctl(epoll, EPOLL_CTL_ADD, fds[0], &event));
  struct epoll_event ready[4];
  SHOW(epoll_wait(epoll, ready, 4, 0));
  write_all(fds[1], "x", 1);
  SHOW(epoll_wait(epoll, ready, 4, 0));
  say("data %llu, events IN %d\n", (unsigned long long)ready[0].data.u64, (ready[0].events & EPOLLIN) != 0);
  event.events = EPOLLIN | EPOLLET;
  SHOW(epoll_ctl(epoll, EPOLL_CTL_MOD, fds[0], &event));
  SHOW(epoll_wait(epoll, ready, 4, 0));
  SHOW(epoll_wait(epoll, ready, 4, 0));
  close(fds[1]);
  SHOW(epoll_wait(epoll, ready, 4, 0));
  FACT((ready[0].events & EPOLLHUP) != 0);
  SHOW(epoll_ctl(epoll, EPOLL_CTL_DEL, fds[0], NULL));
  SHOW(epoll_ctl(epoll, EPOLL_CTL_DEL, fds[0], NULL));
  write_file("regular", "r", 0644);
  int regular = open("regular", O_RDONLY);
  SHOW(epoll_ctl(epoll, EPOLL_CTL_ADD, regular, &event));
  SHOW(epoll_ctl(epoll, EPOLL_CTL_ADD, epoll, &event));
  SHOW(epoll_wait(epoll, ready, 0, 0));
  long long before = now_ms();
  SHOW(epoll_wait(epoll, ready, 4, 30));
  FACT(now_ms() - before >= 30);
  SHOW(epoll_create(0));
}

LCASE(eventfd_counter) {
  int counter = eventfd(3, EFD_NONBLOCK);
  SHOW(counter >= 0);
  uint64_t value = 0;
  SHOW(read(counter, &value, sizeof value));
  say("value %llu\n", (unsigned long long)value);
  SHOW(read(counter, &value, sizeof value));
  value = 5;
  SHOW(write(counter, &value, sizeof value));
  SHOW(write(counter, &value, sizeof value));
  SHOW(read(counter, &value, sizeof value));
  say("value %llu\n", (unsigned long long)value);
  SHOW(read(counter, &value, 4));
  value = ~0ULL;
  SHOW(write(counter, &value, sizeof value));
  int semaphore = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
  SHOW(read(semaphore, &value, sizeof value));
  say("semaphore read %llu\n", (unsigned long long)value);
  SHOW(read(semaphore, &value, sizeof value));
  SHOW(read(semaphore, &value, sizeof value));
  SHOW(eventfd(0, 0x1234));
}

LCASE(timerfd_expirations) {
  int timer = timerfd_create(CLOCK_MONOTONIC, 0);
  SHOW(timer >= 0);
  struct itimerspec setting = {{0, 10000000}, {0, 10000000}};
  SHOW(timerfd_settime(timer, 0, &setting, NULL));
  uint64_t expirations = 0;
  SHOW(read(timer, &expirations, sizeof expirations));
  FACT(expirations >= 1);
  struct itimerspec current;
  SHOW(timerfd_gettime(timer, &current));
  FACT(current.it_interval.tv_nsec == 10000000);
  struct itimerspec stop = {{0, 0}, {0, 0}};
  SHOW(timerfd_settime(timer, 0, &stop, NULL));
  int nonblocking = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  SHOW(read(nonblocking, &expirations, sizeof expirations));
  SHOW(read(timer, &expirations, 4));
  SHOW(timerfd_create(12345, 0));
  struct itimerspec bad = {{0, 0}, {0, 1000000000}};
  SHOW(timerfd_settime(timer, 0, &bad, NULL));
}

LCASE(signalfd_reads_signals) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGUSR2);
  sigprocmask(SIG_BLOCK, &mask, NULL);
  int descriptor = signalfd(-1, &mask, SFD_NONBLOCK);
  SHOW(descriptor >= 0);
  struct signalfd_siginfo info;
  SHOW(read(descriptor, &info, sizeof info));
  raise(SIGUSR2);
  SHOW(read(descriptor, &info, sizeof info));
  FACT(info.ssi_signo == SIGUSR2);
  FACT(info.ssi_pid == (uint32_t)getpid());
  SHOW(read(descriptor, &info, sizeof info));
  SHOW(read(descriptor, &info, 8));
  SHOW(signalfd(99, &mask, 0));
}
