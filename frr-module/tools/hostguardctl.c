// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguardctl: run a command in an FRR daemon over its vty socket, the way
 * vtysh does, and print the answer unchanged. Stock vtysh does not know the
 * commands of out-of-tree modules; the daemons themselves do.
 *
 *   hostguardctl [-N pathspace] [-d zebra|bgpd] [-S dir] show hostguard status json
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_VTY_DIR "/var/run/frr"
#define CMD_MAX		4096

/* The daemon ends every answer with three NUL bytes and a status byte. */
#define TERM_LEN 4

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hostguardctl [-N pathspace] [-d daemon] [-S vty-dir] command...\n"
		"  -N pathspace  FRR instance started with -N (sockets in <vty-dir>/<pathspace>)\n"
		"  -d daemon     zebra (default) or bgpd\n"
		"  -S vty-dir    socket directory (default " DEFAULT_VTY_DIR ")\n"
		"example: hostguardctl -d bgpd show hostguard status json\n");
}

static int vty_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		fprintf(stderr, "hostguardctl: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(stderr, "hostguardctl: cannot connect to %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * Send one command; copy the answer to out (if not NULL). Returns the
 * daemon's status (0: success) or -1 on a connection error.
 */
static int run(int fd, const char *cmd, FILE *out)
{
	char buf[65536];
	char tail[TERM_LEN] = { 1, 1, 1, 1 };
	size_t held = 0;

	if (write(fd, cmd, strlen(cmd) + 1) != (ssize_t)strlen(cmd) + 1) {
		fprintf(stderr, "hostguardctl: write: %s\n", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0) {
			fprintf(stderr, "hostguardctl: connection closed by the daemon\n");
			return -1;
		}
		/*
		 * The last TERM_LEN bytes may be the terminator: hold them
		 * back until more data shows they are text.
		 */
		for (ssize_t i = 0; i < n; i++) {
			if (held == TERM_LEN) {
				if (out)
					fputc(tail[0], out);
				memmove(tail, tail + 1, TERM_LEN - 1);
				held--;
			}
			tail[held++] = buf[i];
			if (held == TERM_LEN && !tail[0] && !tail[1] && !tail[2])
				return (unsigned char)tail[3];
		}
	}
}

int main(int argc, char **argv)
{
	const char *pathspace = NULL, *daemon = "zebra";
	const char *dir = DEFAULT_VTY_DIR;
	char path[512], cmd[CMD_MAX] = "";
	size_t off = 0;
	int opt, fd, ret;

	while ((opt = getopt(argc, argv, "+N:d:S:h")) != -1) {
		switch (opt) {
		case 'N':
			pathspace = optarg;
			break;
		case 'd':
			daemon = optarg;
			break;
		case 'S':
			dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc || (strcmp(daemon, "zebra") && strcmp(daemon, "bgpd"))) {
		usage(stderr);
		return 2;
	}
	if (pathspace && (strchr(pathspace, '/') || !*pathspace)) {
		fprintf(stderr, "hostguardctl: bad pathspace '%s'\n", pathspace);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		int n = snprintf(cmd + off, sizeof(cmd) - off, "%s%s", i > optind ? " " : "",
				 argv[i]);

		if (n < 0 || (size_t)n >= sizeof(cmd) - off) {
			fprintf(stderr, "hostguardctl: command too long\n");
			return 2;
		}
		off += (size_t)n;
	}
	snprintf(path, sizeof(path), "%s%s%s/%s.vty", dir, pathspace ? "/" : "",
		 pathspace ? pathspace : "", daemon);

	fd = vty_connect(path);
	if (fd < 0)
		return 1;
	/* Sessions start in view mode; debug commands need enable. */
	if (run(fd, "enable", NULL) < 0) {
		close(fd);
		return 1;
	}
	ret = run(fd, cmd, stdout);
	fflush(stdout);
	close(fd);
	if (ret < 0)
		return 1;
	if (ret != 0) {
		fprintf(stderr, "hostguardctl: %s answered status %d for '%s'\n", daemon, ret, cmd);
		return 1;
	}
	return 0;
}
