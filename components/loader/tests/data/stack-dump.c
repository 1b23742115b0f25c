/* Dumps the initial stack of this process as Linux built it, then re-execs itself with other
 * strings, runs a #! script, and powers off. Output lines: "DUMP <sp-hex> <hex bytes...>". */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <sys/reboot.h>

static void dump(char **argv) {
    unsigned long *sp = (unsigned long *)argv - 1;
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    unsigned long end = (unsigned long)execfn + strlen(execfn) + 1 + 8;
    printf("DUMP %lx %lx ", (unsigned long)sp, end);
    for (unsigned char *p = (unsigned char *)sp; (unsigned long)p < end; p++)
        printf("%02x", *p);
    printf("\n");
    fflush(stdout);
}

int main(int argc, char **argv, char **envp) {
    dump(argv);
    if (argc >= 2 && strcmp(argv[1], "stage2") == 0) {
        char *args[] = {"x", "stage3", "", "a b c", "0123456789abcdef", NULL};
        char *env[] = {"A=1", NULL};
        execve("/init", args, env);
        return 1;
    }
    if (argc >= 2 && strcmp(argv[1], "stage3") == 0) {
        char *args[] = {"script-argv0", "one", "two", NULL};
        char *env[] = {NULL};
        execve("/script.sh", args, env);
        return 1;
    }
    if (argc >= 2 && strcmp(argv[1], "-x y") == 0) {
        char *args[] = {NULL};
        char *env[] = {"ONLY=env", "SECOND=1234567", NULL};
        execve("/init", args, env);
        return 1;
    }
    if (argc == 1 && argv[0][0] == 0) {
        reboot(RB_POWER_OFF);
        return 0;
    }
    char *args[] = {"/init", "stage2", NULL};
    execve("/init", args, envp);
    return 1;
}
