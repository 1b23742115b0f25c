/* dirs.c: mkdir/rmdir/getdents64/rename/link/unlink/symlink/readlink and the at-calls. */
#include <dirent.h>
#include <stdio.h>

#include "lcase.h"

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static int by_name(const void *left, const void *right) {
  return strcmp(*(char *const *)left, *(char *const *)right);
}

static const char *type_name(unsigned char type) {
  switch (type) {
    case DT_DIR: return "dir";
    case DT_REG: return "reg";
    case DT_LNK: return "lnk";
    case DT_FIFO: return "fifo";
    case DT_CHR: return "chr";
    default: return "other";
  }
}

static nlink_t links_of(const char *path) {
  struct stat info;
  return lstat(path, &info) == 0 ? info.st_nlink : 0;
}

static ino_t inode_of(const char *path) {
  struct stat info;
  return lstat(path, &info) == 0 ? info.st_ino : 0;
}

LCASE(mkdir_rmdir) {
  SHOW(mkdir("d", 0755));
  SHOW(mkdir("d", 0755));
  SHOW(mkdir("missing/child", 0755));
  SHOW(mkdir("d/e", 0755));
  SHOW(rmdir("d"));
  SHOW(rmdir("d/e"));
  SHOW(rmdir("d/e"));
  write_file("file", "x", 0644);
  SHOW(rmdir("file"));
  SHOW(rmdir("."));
  SHOW(mkdir("d/e", 0755));
  SHOW(rmdir("d/e/.."));
  SHOW(rmdir("d/e/"));
  SHOW(rmdir("d"));
  SHOW(mkdir("", 0755));
  SHOW(mkdir("trailing/", 0755));
  SHOW(access("trailing", F_OK));
}

LCASE(getdents64_listing) {
  mkdir("dir", 0755);
  write_file("dir/charlie", "c", 0644);
  write_file("dir/alpha", "a", 0644);
  mkdir("dir/bravo", 0755);
  symlink("alpha", "dir/delta");
  mkfifo("dir/echo", 0644);
  int fd = open("dir", O_RDONLY | O_DIRECTORY);
  char buffer[4096];
  char *names[32];
  int count = 0;
  long length;
  while ((length = syscall(SYS_getdents64, fd, buffer, sizeof buffer)) > 0) {
    for (long offset = 0; offset < length && count < 32;) {
      struct linux_dirent64 *entry = (struct linux_dirent64 *)(buffer + offset);
      char *line = malloc(300);
      snprintf(line, 300, "%s %s", entry->d_name, type_name(entry->d_type));
      names[count++] = line;
      offset += entry->d_reclen;
    }
  }
  SHOW(length);
  qsort(names, (size_t)count, sizeof names[0], by_name);
  for (int index = 0; index < count; index++) say("entry %s\n", names[index]);
  SHOW(syscall(SYS_getdents64, fd, buffer, sizeof buffer));
  SHOW(lseek(fd, 0, SEEK_SET));
  SHOW(syscall(SYS_getdents64, fd, buffer, 1));
  int file = open("dir/alpha", O_RDONLY);
  SHOW(syscall(SYS_getdents64, file, buffer, sizeof buffer));
  SHOW(syscall(SYS_getdents64, 99, buffer, sizeof buffer));
}

LCASE(rename_rules) {
  char buffer[16] = {0};
  write_file("a", "A", 0644);
  write_file("b", "B", 0644);
  SHOW(rename("a", "c"));
  SHOW(access("a", F_OK));
  SHOW(rename("c", "b"));
  int fd = open("b", O_RDONLY);
  SHOW(read(fd, buffer, sizeof buffer));
  say("b holds \"%s\"\n", buffer);
  SHOW(rename("b", "b"));
  mkdir("full", 0755);
  write_file("full/x", "x", 0644);
  mkdir("empty", 0755);
  mkdir("src", 0755);
  SHOW(rename("src", "full"));
  SHOW(rename("src", "empty"));
  SHOW(access("src", F_OK));
  SHOW(rename("b", "full"));
  SHOW(rename("full", "b"));
  SHOW(rename("full", "full/sub"));
  SHOW(rename("missing", "z"));
  SHOW(rename("b", "nodir/z"));
  write_file("x1", "1", 0644);
  write_file("x2", "2", 0644);
  SHOW(syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_NOREPLACE));
  SHOW(syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_EXCHANGE));
  fd = open("x1", O_RDONLY);
  memset(buffer, 0, sizeof buffer);
  SHOW(read(fd, buffer, sizeof buffer));
  say("x1 holds \"%s\"\n", buffer);
  SHOW(syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x3", RENAME_EXCHANGE));
  SHOW(syscall(SYS_renameat2, AT_FDCWD, "x1", AT_FDCWD, "x2", RENAME_EXCHANGE | RENAME_NOREPLACE));
}

LCASE(link_unlink) {
  write_file("f", "x", 0644);
  SHOW(links_of("f"));
  SHOW(link("f", "g"));
  SHOW(links_of("f"));
  FACT(inode_of("f") == inode_of("g"));
  SHOW(link("f", "g"));
  SHOW(link("missing", "h"));
  mkdir("dir", 0755);
  SHOW(link("dir", "dir2"));
  SHOW(unlink("g"));
  SHOW(links_of("f"));
  SHOW(unlink("g"));
  SHOW(unlink("dir"));
  SHOW(unlinkat(AT_FDCWD, "dir", AT_REMOVEDIR));
  SHOW(unlinkat(AT_FDCWD, "f", AT_REMOVEDIR));
  SHOW(unlinkat(AT_FDCWD, "f", 0x1234));
}

LCASE(unlink_open_file) {
  char buffer[16] = {0};
  write_file("f", "still here", 0644);
  int fd = open("f", O_RDWR);
  SHOW(unlink("f"));
  SHOW(access("f", F_OK));
  SHOW(read(fd, buffer, sizeof buffer));
  say("content \"%s\"\n", buffer);
  struct stat info;
  SHOW(fstat(fd, &info));
  SHOW(info.st_nlink);
  SHOW(write(fd, "!", 1));
  SHOW(fstat(fd, &info));
  SHOW(info.st_size);
}

LCASE(symlink_readlink) {
  char buffer[64];
  write_file("target", "T", 0644);
  SHOW(symlink("target", "link"));
  long length = readlink("link", buffer, sizeof buffer);
  SHOW(length);
  say("points to \"%.*s\"\n", (int)(length > 0 ? length : 0), buffer);
  SHOW(readlink("link", buffer, 3));
  say("truncated \"%.3s\"\n", buffer);
  SHOW(readlink("target", buffer, sizeof buffer));
  SHOW(readlink("missing", buffer, sizeof buffer));
  SHOW(readlink("link", buffer, 0));
  SHOW(symlink("target", "link"));
  SHOW(symlink("", "empty"));
  struct stat info;
  SHOW(lstat("link", &info));
  FACT(S_ISLNK(info.st_mode));
  SHOW(info.st_size);
  SHOW(stat("link", &info));
  FACT(S_ISREG(info.st_mode));
  SHOW(symlink("nowhere", "dangling"));
  SHOW(stat("dangling", &info));
  SHOW(lstat("dangling", &info));
  SHOW(open("link", O_RDONLY | O_NOFOLLOW));
  SHOW(open("link", O_RDONLY | O_NOFOLLOW | O_PATH) >= 0);
  mkdir("dir", 0755);
  SHOW(symlink("dir", "dirlink"));
  write_file("dirlink/inside", "i", 0644);
  SHOW(access("dir/inside", F_OK));
  SHOW(symlink("../dir/inside", "dir/up"));
  SHOW(access("dir/up", F_OK));
}

LCASE(at_calls) {
  mkdir("dir", 0755);
  int directory = open("dir", O_RDONLY | O_DIRECTORY);
  SHOW(openat(directory, "made", O_CREAT | O_WRONLY, 0644));
  SHOW(access("dir/made", F_OK));
  SHOW(mkdirat(directory, "sub", 0755));
  SHOW(symlinkat("made", directory, "link"));
  struct stat info;
  SHOW(fstatat(directory, "link", &info, AT_SYMLINK_NOFOLLOW));
  FACT(S_ISLNK(info.st_mode));
  SHOW(fstatat(directory, "link", &info, 0));
  FACT(S_ISREG(info.st_mode));
  SHOW(linkat(directory, "made", directory, "hard", 0));
  SHOW(renameat(directory, "hard", AT_FDCWD, "moved"));
  SHOW(unlinkat(directory, "sub", 0));
  SHOW(unlinkat(directory, "sub", AT_REMOVEDIR));
  SHOW(openat(directory, "/dev/null", O_RDONLY) >= 0);
  SHOW(fstatat(directory, "", &info, 0));
  SHOW(fstatat(directory, "", &info, AT_EMPTY_PATH));
  FACT(S_ISDIR(info.st_mode));
  SHOW(open(".", O_TMPFILE | O_RDWR, 0600) >= 0);
  SHOW(open("dir/made", O_TMPFILE | O_RDWR, 0600));
}
