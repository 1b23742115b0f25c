/* sockets.c: AF_UNIX sockets: socketpair, bound stream and datagram sockets, SCM_RIGHTS. */
#include <sys/socket.h>
#include <sys/un.h>

#include "lcase.h"

static struct sockaddr_un address_of(const char *path) {
  struct sockaddr_un address;
  memset(&address, 0, sizeof address);
  address.sun_family = AF_UNIX;
  strncpy(address.sun_path, path, sizeof address.sun_path - 1);
  return address;
}

LCASE(socketpair_stream) {
  int pair[2];
  SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  SHOW(write(pair[0], "hello", 5));
  char buffer[16] = {0};
  SHOW(read(pair[1], buffer, sizeof buffer));
  say("got \"%s\"\n", buffer);
  SHOW(write(pair[1], "back", 4));
  SHOW(recv(pair[0], buffer, sizeof buffer, MSG_DONTWAIT));
  SHOW(recv(pair[0], buffer, sizeof buffer, MSG_DONTWAIT));
  SHOW(shutdown(pair[1], SHUT_WR));
  SHOW(read(pair[0], buffer, sizeof buffer));
  signal(SIGPIPE, SIG_IGN);
  close(pair[0]);
  SHOW(write(pair[1], "x", 1));
  SHOW(send(pair[1], "x", 1, MSG_NOSIGNAL));
  SHOW(socketpair(AF_INET, SOCK_STREAM, 0, pair));
  SHOW(socketpair(AF_UNIX, 99, 0, pair));
}

LCASE(socketpair_datagram_boundaries) {
  int pair[2];
  SHOW(socketpair(AF_UNIX, SOCK_DGRAM, 0, pair));
  SHOW(send(pair[0], "one", 3, 0));
  SHOW(send(pair[0], "second", 6, 0));
  char buffer[16];
  SHOW(recv(pair[1], buffer, sizeof buffer, 0));
  SHOW(recv(pair[1], buffer, 2, 0));
  SHOW(recv(pair[1], buffer, sizeof buffer, MSG_DONTWAIT));
  SHOW(send(pair[0], "peek", 4, 0));
  SHOW(recv(pair[1], buffer, sizeof buffer, MSG_PEEK));
  SHOW(recv(pair[1], buffer, sizeof buffer, 0));
}

static void connect_and_send(void) {
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  struct sockaddr_un address = address_of("server.sock");
  if (connect(client, (struct sockaddr *)&address, sizeof address) != 0) die("connect");
  write_all(client, "from client", 11);
  char buffer[16] = {0};
  long count = read(client, buffer, sizeof buffer - 1);
  say("client got %ld \"%s\"\n", count, buffer);
}

LCASE(bound_stream_server) {
  int server = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  SHOW(server >= 0);
  struct sockaddr_un address = address_of("server.sock");
  SHOW(bind(server, (struct sockaddr *)&address, sizeof address));
  SHOW(bind(server, (struct sockaddr *)&address, sizeof address));
  struct stat info;
  SHOW(stat("server.sock", &info));
  FACT(S_ISSOCK(info.st_mode));
  int other = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(bind(other, (struct sockaddr *)&address, sizeof address));
  SHOW(listen(server, 4));
  pid_t child = spawn(connect_and_send);
  int connection = accept(server, NULL, NULL);
  SHOW(connection >= 0);
  char buffer[16] = {0};
  SHOW(read(connection, buffer, sizeof buffer - 1));
  say("server got \"%s\"\n", buffer);
  write_all(connection, "reply", 5);
  report_child("client", child);
  struct sockaddr_un missing = address_of("missing.sock");
  int client = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(connect(client, (struct sockaddr *)&missing, sizeof missing));
  SHOW(accept(other, NULL, NULL));
  SHOW(listen(99, 1));
}

LCASE(datagram_sendto) {
  int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);
  struct sockaddr_un address = address_of("dgram.sock");
  SHOW(bind(receiver, (struct sockaddr *)&address, sizeof address));
  int sender = socket(AF_UNIX, SOCK_DGRAM, 0);
  SHOW(sendto(sender, "datagram", 8, 0, (struct sockaddr *)&address, sizeof address));
  char buffer[16] = {0};
  SHOW(recvfrom(receiver, buffer, sizeof buffer, 0, NULL, NULL));
  say("received \"%s\"\n", buffer);
  struct sockaddr_un missing = address_of("nobody.sock");
  SHOW(sendto(sender, "x", 1, 0, (struct sockaddr *)&missing, sizeof missing));
  SHOW(send(sender, "x", 1, 0));
}

LCASE(pass_descriptor_with_scm_rights) {
  int pair[2];
  MUST(socketpair(AF_UNIX, SOCK_STREAM, 0, pair));
  write_file("shared.txt", "passed along", 0644);
  int file = open("shared.txt", O_RDONLY);
  char control[CMSG_SPACE(sizeof(int))];
  memset(control, 0, sizeof control);
  struct iovec payload = {"F", 1};
  struct msghdr message = {.msg_iov = &payload, .msg_iovlen = 1, .msg_control = control,
                           .msg_controllen = sizeof control};
  struct cmsghdr *header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(header), &file, sizeof file);
  SHOW(sendmsg(pair[0], &message, 0));
  SHOW(close(file));
  char received_control[CMSG_SPACE(sizeof(int))];
  char byte;
  struct iovec incoming = {&byte, 1};
  struct msghdr reply = {.msg_iov = &incoming, .msg_iovlen = 1, .msg_control = received_control,
                         .msg_controllen = sizeof received_control};
  SHOW(recvmsg(pair[1], &reply, 0));
  struct cmsghdr *got = CMSG_FIRSTHDR(&reply);
  FACT(got && got->cmsg_type == SCM_RIGHTS);
  int passed = -1;
  if (got) memcpy(&passed, CMSG_DATA(got), sizeof passed);
  SHOW(passed);
  char buffer[32] = {0};
  SHOW(read(passed, buffer, sizeof buffer - 1));
  say("through the passed descriptor: \"%s\"\n", buffer);
}

LCASE(socket_errors) {
  SHOW(socket(12345, SOCK_STREAM, 0));
  SHOW(socket(AF_UNIX, SOCK_STREAM, 99));
  int fd = open("/dev/null", O_RDONLY);
  struct sockaddr_un address = address_of("x.sock");
  SHOW(bind(fd, (struct sockaddr *)&address, sizeof address));
  SHOW(connect(fd, (struct sockaddr *)&address, sizeof address));
  int sock = socket(AF_UNIX, SOCK_STREAM, 0);
  SHOW(bind(sock, (struct sockaddr *)&address, 1));
  SHOW(send(sock, "x", 1, 0));
  SHOW(getsockopt(sock, SOL_SOCKET, 12345, NULL, NULL));
  int type = 0;
  socklen_t length = sizeof type;
  SHOW(getsockopt(sock, SOL_SOCKET, SO_TYPE, &type, &length));
  FACT(type == SOCK_STREAM);
}
