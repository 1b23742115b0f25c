/* main.c: the multi-call entry of `lcase`: runs one case (or helper) by name, or lists them. */
#include <stdio.h>

#include "lcase.h"

#define MAX_CASES 512

static struct lcase cases[MAX_CASES];
static int case_count;

int lcase_argc;
char **lcase_argv;
const char *lcase_self;

void lcase_register(const char *group, const char *name, void (*run)(void), int line, int helper) {
  if (case_count < MAX_CASES) {
    cases[case_count++] = (struct lcase){group, name, run, line, helper};
  }
}

/* Every signal to its default action and nothing blocked, whatever the parent left behind. */
static void reset_signals(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  for (int number = 1; number < NSIG; number++) {
    sigaction(number, &action, NULL); /* fails harmlessly for KILL, STOP and libc's own */
  }
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

static int by_group_and_line(const void *left, const void *right) {
  const struct lcase *a = left, *b = right;
  int order = strcmp(a->group, b->group);
  return order ? order : a->line - b->line;
}

static const struct lcase *find(const char *full_name) {
  for (int index = 0; index < case_count; index++) {
    char name[256];
    snprintf(name, sizeof name, "%s.%s", cases[index].group, cases[index].name);
    if (strcmp(name, full_name) == 0) return &cases[index];
  }
  return NULL;
}

static int run_one(const struct lcase *selected) {
  say("== case %s.%s\n", selected->group, selected->name);
  selected->run();
  return 0;
}

int main(int argc, char **argv) {
  lcase_self = (argc > 0 && argv[0][0] == '/') ? argv[0] : "/proc/self/exe";
  if (!getenv("LCASE_KEEP_SIGNALS")) reset_signals();
  qsort(cases, (size_t)case_count, sizeof cases[0], by_group_and_line);
  if (argc < 2 || strcmp(argv[1], "--list") == 0) {
    for (int index = 0; index < case_count; index++) {
      if (!cases[index].helper) say("%s.%s\n", cases[index].group, cases[index].name);
    }
    return argc < 2 ? 2 : 0;
  }
  const struct lcase *selected = find(argv[1]);
  if (!selected) {
    say("lcase: no case `%s` (try --list)\n", argv[1]);
    return 2;
  }
  lcase_argc = argc - 2;
  lcase_argv = argv + 2;
  if (selected->helper) {
    selected->run();
    return 0;
  }
  return run_one(selected);
}
