/* paths.c: path walk: symlink loops, ENOTDIR, EISDIR, ENAMETOOLONG, cwd, `..` and slashes. */
#include <limits.h>

#include "lcase.h"

LCASE(symlink_loops) {
  SHOW(symlink("b", "a"));
  SHOW(symlink("a", "b"));
  SHOW(open("a", O_RDONLY));
  SHOW(symlink("self", "self"));
  SHOW(access("self", F_OK));
  SHOW(access("self/x", F_OK));
  write_file("s0", "end", 0644);
  char from[16], to[16];
  for (int index = 1; index <= 41; index++) {
    snprintf(to, sizeof to, "s%d", index - 1);
    snprintf(from, sizeof from, "s%d", index);
    MUST(symlink(to, from));
  }
  SHOW(access("s40", F_OK));
  SHOW(access("s41", F_OK));
  struct stat info;
  SHOW(lstat("s41", &info));
}

LCASE(enotdir) {
  write_file("file", "x", 0644);
  struct stat info;
  SHOW(open("file/x", O_RDONLY));
  SHOW(open("file/x", O_CREAT | O_WRONLY, 0644));
  SHOW(mkdir("file/x", 0755));
  SHOW(stat("file/", &info));
  SHOW(stat("file/.", &info));
  SHOW(chdir("file"));
  SHOW(open("file", O_RDONLY | O_DIRECTORY));
  SHOW(rmdir("file"));
  int fd = open("file", O_RDONLY);
  SHOW(openat(fd, "x", O_RDONLY));
  SHOW(openat(fd, "/dev/null", O_RDONLY) >= 0);
  SHOW(openat(99, "x", O_RDONLY));
}

LCASE(eisdir) {
  char buffer[4];
  mkdir("dir", 0755);
  SHOW(open("dir", O_WRONLY));
  SHOW(open("dir", O_RDWR));
  SHOW(open("dir", O_CREAT | O_RDONLY, 0644));
  SHOW(open("dir", O_CREAT | O_WRONLY, 0644));
  SHOW(open("dir", O_RDONLY | O_TRUNC));
  int fd = open("dir", O_RDONLY);
  SHOW(fd);
  SHOW(read(fd, buffer, sizeof buffer));
  SHOW(unlink("dir"));
  SHOW(truncate("dir", 0));
}

LCASE(enametoolong) {
  char name[300];
  memset(name, 'n', 255);
  name[255] = 0;
  SHOW(open(name, O_RDONLY));
  SHOW(open(name, O_CREAT | O_WRONLY, 0644));
  SHOW(unlink(name));
  memset(name, 'n', 256);
  name[256] = 0;
  SHOW(open(name, O_RDONLY));
  SHOW(mkdir(name, 0755));
  static char path[PATH_MAX + 16];
  for (size_t index = 0; index < sizeof path - 1; index += 2) {
    path[index] = 'p';
    path[index + 1] = '/';
  }
  path[sizeof path - 1] = 0;
  SHOW(open(path, O_RDONLY));
  path[PATH_MAX - 2] = 0;
  SHOW(open(path, O_RDONLY));
}

LCASE(chdir_getcwd) {
  char start[PATH_MAX], here[PATH_MAX];
  MUST(getcwd(start, sizeof start) ? 0 : -1);
  mkdir("sub", 0755);
  mkdir("sub/inner", 0755);
  SHOW(chdir("sub/inner"));
  MUST(getcwd(here, sizeof here) ? 0 : -1);
  FACT(strncmp(here, start, strlen(start)) == 0);
  say("relative cwd \"%s\"\n", here + strlen(start));
  SHOW(chdir("../.."));
  MUST(getcwd(here, sizeof here) ? 0 : -1);
  FACT(strcmp(here, start) == 0);
  SHOW(syscall(SYS_getcwd, here, 1));
  SHOW(syscall(SYS_getcwd, here, 0));
  SHOW(chdir("missing"));
  int fd = open("sub", O_RDONLY | O_DIRECTORY);
  SHOW(fchdir(fd));
  MUST(getcwd(here, sizeof here) ? 0 : -1);
  say("relative cwd \"%s\"\n", here + strlen(start));
  SHOW(chdir(start));
  mkdir("gone", 0755);
  SHOW(chdir("gone"));
  SHOW(rmdir("../gone"));
  SHOW(syscall(SYS_getcwd, here, sizeof here));
  SHOW(open("x", O_CREAT | O_WRONLY, 0644));
  SHOW(chdir(".."));
  SHOW(chdir("/"));
  MUST(getcwd(here, sizeof here) ? 0 : -1);
  say("cwd \"%s\"\n", here);
}

LCASE(dot_dot_and_slashes) {
  struct stat first, second;
  mkdir("d", 0755);
  mkdir("d/e", 0755);
  write_file("f", "x", 0644);
  SHOW(access("d/../f", F_OK));
  SHOW(access("d/e/../../f", F_OK));
  SHOW(access("d//e///", F_OK));
  SHOW(access("./d/./e/.", F_OK));
  SHOW(access("f/", F_OK));
  SHOW(access("f/..", F_OK));
  SHOW(stat("/", &first));
  SHOW(stat("/..", &second));
  FACT(first.st_ino == second.st_ino && first.st_dev == second.st_dev);
  SHOW(stat("/../../..", &second));
  FACT(first.st_ino == second.st_ino);
  SHOW(stat("d/e/..", &first));
  SHOW(stat("d", &second));
  FACT(first.st_ino == second.st_ino);
}
