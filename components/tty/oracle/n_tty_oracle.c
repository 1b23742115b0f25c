/* n_tty oracle: replays line-discipline cases on a Linux pty and prints what Linux produced.
 *
 * Input (stdin or argv[1]): one case per line,
 *   name iflag oflag lflag vmin vtime input_hex [cc]
 * (flags in hex, input as hex bytes without separators, '-' for none; the optional cc field
 * sets control characters as index=hexvalue pairs joined by ',', e.g. 11=2e,16=21;
 * '#' lines are comments).
 * Output, one line per case:
 *   name iflag oflag lflag vmin vtime input_hex => echo_hex reads signals
 * where reads is the non-blocking reads of the slave until EAGAIN, each as hex, joined by '/'
 * ('-' when none; an empty read, i.e. EOF, shows as 'EOF'), and signals the numbers of the
 * keyboard signals delivered, joined by ',' ('-' when none).
 * Built with: aarch64-linux-gnu-gcc -static -O2 -o n_tty_oracle n_tty_oracle.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static volatile int signals_seen[64];
static volatile int signal_count;

static void on_signal(int number)
{
    if (signal_count < 64)
        signals_seen[signal_count++] = number;
}

static void print_hex(const unsigned char *bytes, size_t length)
{
    for (size_t i = 0; i < length; i++)
        printf("%02x", bytes[i]);
}

static size_t parse_hex(const char *text, unsigned char *out, size_t capacity)
{
    size_t length = 0;
    while (text[0] && text[1] && length < capacity) {
        unsigned int value;
        if (sscanf(text, "%2x", &value) != 1)
            break;
        out[length++] = (unsigned char)value;
        text += 2;
    }
    return length;
}

static void run_case(char *line)
{
    char name[128], input_hex[20000], cc_text[256];
    unsigned int iflag, oflag, lflag, vmin, vtime;
    static unsigned char input[10000], buffer[20000];
    input_hex[0] = 0;
    cc_text[0] = 0;
    if (sscanf(line, "%127s %x %x %x %u %u %19999s %255s", name, &iflag, &oflag, &lflag, &vmin,
               &vtime, input_hex, cc_text) < 6)
        return;
    size_t input_length = parse_hex(input_hex, input, sizeof input);

    int master = posix_openpt(O_RDWR | O_NOCTTY);
    grantpt(master);
    unlockpt(master);
    int slave = open(ptsname(master), O_RDWR);
    ioctl(slave, TIOCSCTTY, 1);
    tcsetpgrp(slave, getpgrp());
    struct termios settings;
    tcgetattr(slave, &settings);
    settings.c_iflag = iflag;
    settings.c_oflag = oflag;
    settings.c_lflag = lflag;
    settings.c_cc[VMIN] = vmin;
    settings.c_cc[VTIME] = vtime;
    char cc_pairs[256];
    strcpy(cc_pairs, cc_text);
    for (char *pair = strtok(cc_pairs, ","); pair; pair = strtok(NULL, ",")) {
        unsigned int index, value;
        if (sscanf(pair, "%u=%x", &index, &value) == 2 && index < NCCS)
            settings.c_cc[index] = value;
    }
    tcsetattr(slave, TCSANOW, &settings);
    signal_count = 0;

    /* Feed byte by byte so the pty's flip buffer hands each one to n_tty in order. */
    for (size_t i = 0; i < input_length; i++) {
        if (write(master, &input[i], 1) != 1)
            break;
        tcdrain(master);
    }
    usleep(100000);

    printf("%s %x %x %x %u %u %s%s%s => ", name, iflag, oflag, lflag, vmin, vtime,
           input_length ? input_hex : "-", cc_text[0] ? " " : "", cc_text);
    fcntl(master, F_SETFL, O_NONBLOCK);
    size_t echo_length = 0;
    for (;;) {
        ssize_t got = read(master, buffer + echo_length, sizeof buffer - echo_length);
        if (got <= 0)
            break;
        echo_length += got;
    }
    if (echo_length)
        print_hex(buffer, echo_length);
    else
        printf("-");
    printf(" ");
    fcntl(slave, F_SETFL, O_NONBLOCK);
    int reads = 0;
    for (int round = 0; round < 64; round++) {
        ssize_t got = read(slave, buffer, sizeof buffer);
        if (got < 0)
            break;
        if (reads++)
            printf("/");
        if (got == 0) {
            printf("EOF");
            if (round > 8)
                break;
            continue;
        }
        print_hex(buffer, got);
    }
    if (!reads)
        printf("-");
    printf(" ");
    for (int i = 0; i < signal_count; i++)
        printf(i ? ",%d" : "%d", signals_seen[i]);
    if (!signal_count)
        printf("-");
    printf("\n");
    fflush(stdout);
    ioctl(slave, TIOCNOTTY);
    close(slave);
    close(master);
}

int main(int argc, char **argv)
{
    FILE *cases = argc > 1 ? fopen(argv[1], "r") : stdin;
    static char line[25000];
    if (!cases)
        return 1;
    setsid();
    signal(SIGINT, on_signal);
    signal(SIGQUIT, on_signal);
    signal(SIGTSTP, on_signal);
    signal(SIGHUP, SIG_IGN);
    signal(SIGCONT, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    printf("ORACLE-BEGIN\n");
    while (fgets(line, sizeof line, cases)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = 0;
        run_case(line);
    }
    printf("ORACLE-END\n");
    fflush(stdout);
    return 0;
}
