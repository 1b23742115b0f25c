/* memory.c: mmap (anonymous, file private/shared), munmap, mremap, brk, madvise, fork COW. */
#include <sys/mman.h>

#include "lcase.h"

#define PAGE 4096L

static int all_bytes(const char *memory, long length, char value) {
  for (long index = 0; index < length; index++) {
    if (memory[index] != value) return 0;
  }
  return 1;
}

LCASE(anonymous_mappings) {
  char *memory = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW_PTR(memory);
  FACT(((unsigned long)memory & (PAGE - 1)) == 0);
  FACT(all_bytes(memory, 3 * PAGE, 0));
  memset(memory, 'm', 3 * PAGE);
  FACT(all_bytes(memory, 3 * PAGE, 'm'));
  SHOW(munmap(memory + PAGE, PAGE));
  SHOW(munmap(memory, 3 * PAGE));
  SHOW(munmap(memory, 3 * PAGE));
  SHOW_PTR(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  SHOW_PTR(mmap((void *)(PAGE + 1), PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0));
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 99, 0));
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1));
  SHOW(munmap((void *)(PAGE + 1), PAGE));
  SHOW(munmap(NULL, 0));
}

LCASE(file_private_mapping) {
  char text[PAGE + 100];
  memset(text, 'f', sizeof text);
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  write_all(fd, text, sizeof text);
  char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
  SHOW_PTR(memory);
  FACT(all_bytes(memory, PAGE + 100, 'f'));
  FACT(all_bytes(memory + PAGE + 100, PAGE - 100, 0));
  memory[0] = 'X';
  char first = 0;
  SHOW(pread(fd, &first, 1, 0));
  say("file byte 0 \"%c\", mapping byte 0 \"%c\"\n", first, memory[0]);
  SHOW(pwrite(fd, "Y", 1, 10));
  say("mapping byte 10 after file write \"%c\"\n", memory[10]);
  char *offset_map = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
  SHOW_PTR(offset_map);
  FACT(all_bytes(offset_map, 100, 'f'));
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100));
  int write_only = open("f", O_WRONLY);
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, write_only, 0));
  int read_only = open("f", O_RDONLY);
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, read_only, 0));
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, read_only, 0));
  mkdir("dir", 0755);
  int directory = open("dir", O_RDONLY);
  SHOW_PTR(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, directory, 0));
}

LCASE(file_shared_mapping) {
  int fd = open("f", O_CREAT | O_RDWR, 0644);
  MUST(ftruncate(fd, PAGE));
  char *memory = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  SHOW_PTR(memory);
  memcpy(memory, "shared", 6);
  SHOW(msync(memory, PAGE, MS_SYNC));
  char buffer[8] = {0};
  SHOW(pread(fd, buffer, 6, 0));
  say("file holds \"%s\"\n", buffer);
  SHOW(pwrite(fd, "SH", 2, 0));
  say("mapping holds \"%.6s\"\n", memory);
  SHOW(msync(memory + 1, PAGE, MS_SYNC));
  SHOW(munmap(memory, PAGE));
}

LCASE(mremap_moves) {
  char *memory = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(memory, 'r', 2 * PAGE);
  /* A guard mapping right after, so growing in place is impossible: the third page is
   * unmapped, then mapped again as the guard. */
  SHOW(munmap(memory + 2 * PAGE, PAGE));
  char *guard = mmap(memory + 2 * PAGE, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  SHOW_PTR(guard);
  FACT(guard == memory + 2 * PAGE);
  SHOW_PTR(mremap(memory, 2 * PAGE, 4 * PAGE, 0));
  char *moved = mremap(memory, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
  SHOW_PTR(moved);
  FACT(moved != memory);
  FACT(all_bytes(moved, 2 * PAGE, 'r'));
  FACT(all_bytes(moved + 2 * PAGE, 2 * PAGE, 0));
  char *shrunk = mremap(moved, 4 * PAGE, PAGE, 0);
  FACT(shrunk == moved);
  FACT(all_bytes(shrunk, PAGE, 'r'));
  SHOW_PTR(mremap(moved, PAGE, 0, MREMAP_MAYMOVE));
  SHOW_PTR(mremap(moved + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE));
  SHOW_PTR(mremap(moved, PAGE, 2 * PAGE, 0x40));
}

LCASE(fixed_noreplace_and_madvise) {
  char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW_PTR(mmap(memory, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
  char *replaced = mmap(memory, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  FACT(replaced == memory);
  memset(memory, 'd', 2 * PAGE);
  SHOW(madvise(memory, PAGE, MADV_DONTNEED));
  FACT(all_bytes(memory, PAGE, 0));
  FACT(all_bytes(memory + PAGE, PAGE, 'd'));
  SHOW(madvise(memory + 1, PAGE, MADV_DONTNEED));
  SHOW(madvise(memory, PAGE, 9999));
}

LCASE(brk_moves) {
  char *start = (char *)syscall(SYS_brk, 0);
  char *grown = (char *)syscall(SYS_brk, start + 64 * 1024);
  FACT(grown == start + 64 * 1024);
  FACT(all_bytes(start, 64 * 1024, 0));
  memset(start, 'b', 64 * 1024);
  char *shrunk = (char *)syscall(SYS_brk, start + PAGE);
  FACT(shrunk == start + PAGE);
  char *regrown = (char *)syscall(SYS_brk, start + 2 * PAGE);
  FACT(regrown == start + 2 * PAGE);
  FACT(all_bytes(start, PAGE, 'b'));
  FACT(all_bytes(start + PAGE, PAGE, 0));
  char *refused = (char *)syscall(SYS_brk, start - 64L * 1024 * 1024 * 1024);
  FACT(refused == start + 2 * PAGE);
  FACT((char *)syscall(SYS_brk, 0) == start + 2 * PAGE);
}

static char *shared_memory;
static char private_buffer[16] = "parent";

static void write_both(void) {
  strcpy(shared_memory, "from child");
  strcpy(private_buffer, "child");
}

LCASE(fork_copy_on_write) {
  shared_memory = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  SHOW_PTR(shared_memory);
  strcpy(shared_memory, "empty");
  char *heap = malloc(1 << 20);
  memset(heap, 'h', 1 << 20);
  pid_t child = fork();
  if (child == 0) {
    write_both();
    memset(heap, 'c', 1 << 20);
    _exit(0);
  }
  reap(child);
  say("shared \"%s\" private \"%s\"\n", shared_memory, private_buffer);
  FACT(all_bytes(heap, 1 << 20, 'h'));
}

LCASE(generated_code_runs) {
  /* mov w0, #42; ret */
  static const uint32_t code[] = {0x52800540, 0xd65f03c0};
  unsigned char *memory = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW_PTR(memory);
  memcpy(memory, code, sizeof code);
  SHOW(mprotect(memory, PAGE, PROT_READ | PROT_EXEC));
  __builtin___clear_cache((char *)memory, (char *)memory + sizeof code);
  int (*function)(void) = (int (*)(void))memory;
  SHOW(function());
  SHOW(mprotect(memory, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC));
  memory[0] = 0x20; /* mov w0, #41 */
  memory[1] = 0x05;
  __builtin___clear_cache((char *)memory, (char *)memory + sizeof code);
  SHOW(function());
}
