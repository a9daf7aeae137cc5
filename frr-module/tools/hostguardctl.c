// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguardctl: run commands in FRR daemons over their vty sockets, the way
 * vtysh does, and print the answers unchanged. Stock vtysh does not know
 * the commands of out-of-tree modules; the daemons themselves do.
 *
 *   hostguardctl [-N pathspace|-A] [-d zebra|bgpd] [-S dir] show hostguard status json
 *   hostguardctl [-N pathspace|-A] [-d zebra|bgpd] set KEY VALUE | unset KEY
 *   hostguardctl [-N pathspace|-A] metrics
 *
 * Exit status (hostguardctl.8): 0 done, 1 the daemon refused or failed the
 * command, 2 usage, 3 daemon not running or not reachable, 4 the daemon does
 * not know the command (module not loaded, or a typo).
 */
#define _GNU_SOURCE /* asprintf */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define DEFAULT_VTY_DIR "/var/run/frr"
#define CMD_MAX		4096
#define MAX_CMDS	16
#define MAX_INSTANCES	256

/* The daemon ends every answer with three NUL bytes and a status byte. */
#define TERM_LEN 4

enum exit_code {
	EXIT_OK = 0,
	EXIT_REFUSED = 1, /* the daemon answered with an error */
	EXIT_USAGE = 2,
	EXIT_UNREACHABLE = 3, /* no daemon on the socket, or it went away */
	EXIT_UNKNOWN = 4,     /* the daemon does not know the command */
};

/* FRR's vty status codes (lib/command.h) hostguardctl tells apart. */
#define FRR_CMD_SUCCESS	       0
#define FRR_CMD_ERR_NO_MATCH   2
#define FRR_CMD_ERR_AMBIGUOUS  3
#define FRR_CMD_ERR_INCOMPLETE 4
#define FRR_CMD_SUCCESS_DAEMON 10

static const char *const daemons[] = { "zebra", "bgpd" };

struct opts {
	const char *dir;
	const char *daemon;
	bool all_instances;
};

/* One metric family merged over daemons and instances. */
struct family {
	char *name, *help, *type;
	char **samples;
	size_t nsamples;
};

static struct family *families;
static size_t nfamilies;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hostguardctl [-N pathspace|-A] [-d daemon] [-S vty-dir] command...\n"
		"       hostguardctl [-N pathspace|-A] [-d daemon] set KEY VALUE | unset KEY\n"
		"       hostguardctl [-N pathspace|-A] [-S vty-dir] metrics\n"
		"       hostguardctl [-N pathspace|-A] [-d daemon] -c command [-c command]...\n"
		"  -N pathspace  FRR instance started with -N (sockets in <vty-dir>/<pathspace>);\n"
		"                -N all is -A\n"
		"  -A            every FRR instance with a socket under <vty-dir>\n"
		"  -d daemon     zebra (default) or bgpd\n"
		"  -S vty-dir    socket directory (default " DEFAULT_VTY_DIR ")\n"
		"  -c command    run several commands in one session, in order\n"
		"  -q            no error messages on stderr (exit status only)\n"
		"exit status: 0 done, 1 command refused, 2 usage, 3 daemon not running,\n"
		"             4 command unknown to the daemon (module not loaded?)\n"
		"example: hostguardctl -N hg-pe1 -d bgpd show hostguard status json\n");
}

static bool quiet;

static void __attribute__((format(printf, 1, 2))) err(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	fputs("hostguardctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void sock_path(char *buf, size_t len, const struct opts *o, const char *ps,
		      const char *daemon)
{
	snprintf(buf, len, "%s%s%s/%s.vty", o->dir, *ps ? "/" : "", ps, daemon);
}

static int vty_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		err("socket path too long: %s", path);
		return -1;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		err("cannot connect to %s: %s (daemon not running, or another pathspace: -N)", path,
		    strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* Output sink: a stream, or a growing buffer (metrics are merged first). */
struct sink {
	FILE *f;
	char *buf;
	size_t len, cap;
};

static void sink_put(struct sink *s, char c)
{
	if (s->f) {
		fputc(c, s->f);
		return;
	}
	if (s->len + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 65536;
		s->buf = realloc(s->buf, s->cap);
		if (!s->buf) {
			err("out of memory");
			exit(EXIT_REFUSED);
		}
	}
	s->buf[s->len++] = c;
	s->buf[s->len] = '\0';
}

/*
 * Send one command; copy the answer to out (if not NULL). Returns the
 * daemon's status (0: success) or -1 on a connection error.
 */
static int run(int fd, const char *cmd, struct sink *out)
{
	char buf[65536];
	char tail[TERM_LEN] = { 1, 1, 1, 1 };
	size_t held = 0;

	if (write(fd, cmd, strlen(cmd) + 1) != (ssize_t)strlen(cmd) + 1) {
		err("write: %s", strerror(errno));
		return -1;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0) {
			err("connection closed by the daemon");
			return -1;
		}
		/*
		 * The last TERM_LEN bytes may be the terminator: hold them
		 * back until more data shows they are text.
		 */
		for (ssize_t i = 0; i < n; i++) {
			if (held == TERM_LEN) {
				if (out)
					sink_put(out, tail[0]);
				memmove(tail, tail + 1, TERM_LEN - 1);
				held--;
			}
			tail[held++] = buf[i];
			if (held == TERM_LEN && !tail[0] && !tail[1] && !tail[2])
				return (unsigned char)tail[3];
		}
	}
}

static enum exit_code status_exit(int status)
{
	switch (status) {
	case FRR_CMD_SUCCESS:
	case FRR_CMD_SUCCESS_DAEMON:
		return EXIT_OK;
	case FRR_CMD_ERR_NO_MATCH:
	case FRR_CMD_ERR_AMBIGUOUS:
	case FRR_CMD_ERR_INCOMPLETE:
		return EXIT_UNKNOWN;
	default:
		return EXIT_REFUSED;
	}
}

/* Run cmds in one session of one daemon; the first failure ends it. */
static enum exit_code session(const struct opts *o, const char *ps, const char *daemon,
			      const char *const *cmds, size_t ncmds, struct sink *out)
{
	char path[512];
	int fd, st = 0;
	enum exit_code ec = EXIT_OK;

	sock_path(path, sizeof(path), o, ps, daemon);
	fd = vty_connect(path);
	if (fd < 0)
		return EXIT_UNREACHABLE;
	/* Sessions start in view mode; debug and config commands need enable. */
	if (run(fd, "enable", NULL) < 0) {
		close(fd);
		return EXIT_UNREACHABLE;
	}
	for (size_t i = 0; i < ncmds && ec == EXIT_OK; i++) {
		st = run(fd, cmds[i], out);
		if (st < 0) {
			ec = EXIT_UNREACHABLE;
			break;
		}
		ec = status_exit(st);
		if (ec == EXIT_UNKNOWN)
			err("%s%s%s does not know '%s'%s", daemon, *ps ? " in " : "", ps, cmds[i],
			    strstr(cmds[i], "hostguard") ? " (is its hostguard module loaded?)"
							 : "");
		else if (ec != EXIT_OK)
			err("%s%s%s refused '%s' (status %d)", daemon, *ps ? " in " : "", ps,
			    cmds[i], st);
	}
	if (out && out->f)
		fflush(out->f);
	close(fd);
	return ec;
}

static bool has_socket(const struct opts *o, const char *ps, const char *daemon)
{
	char path[512];
	struct stat st;

	sock_path(path, sizeof(path), o, ps, daemon);
	return !stat(path, &st) && S_ISSOCK(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every instance with a socket of one of daemons (only the given daemon
 * when not NULL): "" for the default instance, then the pathspaces.
 */
static size_t find_instances(const struct opts *o, const char *daemon, char **out, size_t max)
{
	size_t n = 0, first;
	DIR *d;
	struct dirent *e;

	for (size_t k = 0; k < 2; k++)
		if ((!daemon || !strcmp(daemon, daemons[k])) && has_socket(o, "", daemons[k])) {
			out[n++] = strdup("");
			break;
		}
	first = n;
	d = opendir(o->dir);
	if (!d)
		return n;
	while ((e = readdir(d)) && n < max) {
		if (e->d_name[0] == '.')
			continue;
		for (size_t k = 0; k < 2; k++)
			if ((!daemon || !strcmp(daemon, daemons[k])) &&
			    has_socket(o, e->d_name, daemons[k])) {
				out[n++] = strdup(e->d_name);
				break;
			}
	}
	closedir(d);
	qsort(out + first, n - first, sizeof(*out), cmp_str);
	return n;
}

/* ------------------------------------------------------------ metrics */

static struct family *family_get(const char *name, size_t len)
{
	for (size_t i = 0; i < nfamilies; i++)
		if (strlen(families[i].name) == len && !strncmp(families[i].name, name, len))
			return &families[i];
	families = realloc(families, (nfamilies + 1) * sizeof(*families));
	if (!families) {
		err("out of memory");
		exit(EXIT_REFUSED);
	}
	memset(&families[nfamilies], 0, sizeof(*families));
	families[nfamilies].name = strndup(name, len);
	return &families[nfamilies++];
}

static void family_add_sample(struct family *f, char *line)
{
	f->samples = realloc(f->samples, (f->nsamples + 1) * sizeof(*f->samples));
	if (!f->samples) {
		err("out of memory");
		exit(EXIT_REFUSED);
	}
	f->samples[f->nsamples++] = line;
}

/* A label value in the exposition format: \, " and newline escaped. */
static void escape_label(char *buf, size_t len, const char *v)
{
	size_t o = 0;

	for (; *v && o + 3 < len; v++) {
		if (*v == '\\' || *v == '"' || *v == '\n') {
			buf[o++] = '\\';
			buf[o++] = *v == '\n' ? 'n' : *v;
		} else
			buf[o++] = *v;
	}
	buf[o] = '\0';
}

/* One sample line with the instance's label put first. */
static char *sample_with_label(const char *line, const char *label)
{
	size_t nlen = strcspn(line, "{ ");
	const char *rest = line + nlen;
	char *s;
	int r;

	if (!label)
		return strdup(line);
	if (*rest == '{')
		r = asprintf(&s, "%.*s{%s%s%s", (int)nlen, line, label, rest[1] == '}' ? "" : ",",
			     rest + 1);
	else
		r = asprintf(&s, "%.*s{%s}%s", (int)nlen, line, label, rest);
	return r < 0 ? NULL : s;
}

/* Merge one daemon's exposition text into the families. */
static void metrics_merge(char *text, const char *label)
{
	char *save = NULL;

	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "# HELP ", 7) || !strncmp(l, "# TYPE ", 7)) {
			char *name = l + 7;
			size_t nlen = strcspn(name, " ");
			struct family *f = family_get(name, nlen);
			char **slot = l[2] == 'H' ? &f->help : &f->type;

			if (!*slot && name[nlen])
				*slot = strdup(name + nlen + 1);
			continue;
		}
		if (l[0] == '#' || !l[0])
			continue;
		family_add_sample(family_get(l, strcspn(l, "{ ")), sample_with_label(l, label));
	}
}

static void metrics_print(void)
{
	for (size_t i = 0; i < nfamilies; i++) {
		struct family *f = &families[i];

		if (f->help)
			printf("# HELP %s %s\n", f->name, f->help);
		if (f->type)
			printf("# TYPE %s %s\n", f->name, f->type);
		for (size_t k = 0; k < f->nsamples; k++)
			if (f->samples[k])
				printf("%s\n", f->samples[k]);
	}
}

static void metrics_free(void)
{
	for (size_t i = 0; i < nfamilies; i++) {
		struct family *f = &families[i];

		for (size_t k = 0; k < f->nsamples; k++)
			free(f->samples[k]);
		free(f->samples);
		free(f->name);
		free(f->help);
		free(f->type);
	}
	free(families);
	families = NULL;
	nfamilies = 0;
}

/*
 * Both daemons of each instance: their "show hostguard metrics", and
 * hostguard_up saying which answered. Exit 3 only when none did.
 */
static enum exit_code metrics(const struct opts *o, char **instances, size_t ninst,
			      bool label_instances)
{
	const char *cmd = "show hostguard metrics";
	char up[1024], esc[512], label[600];
	size_t answered = 0;
	struct family *f;

	for (size_t i = 0; i < ninst; i++) {
		escape_label(esc, sizeof(esc), instances[i]);
		snprintf(label, sizeof(label), "pathspace=\"%s\"", esc);
		for (size_t k = 0; k < 2; k++) {
			struct sink s = {};
			enum exit_code ec = EXIT_UNREACHABLE;
			bool ok;

			if (has_socket(o, instances[i], daemons[k]))
				ec = session(o, instances[i], daemons[k], &cmd, 1, &s);
			ok = ec == EXIT_OK;
			answered += ok;
			if (ok && s.buf)
				metrics_merge(s.buf, label_instances ? label : NULL);
			free(s.buf);
			f = family_get("hostguard_up", strlen("hostguard_up"));
			if (!f->help) {
				f->help = strdup("1 if the daemon answered with its hostguard "
						 "metrics, 0 if it is not running or has no "
						 "hostguard module");
				f->type = strdup("gauge");
			}
			snprintf(up, sizeof(up), "hostguard_up{%s%sdaemon=\"%s\"} %d",
				 label_instances ? label : "", label_instances ? "," : "",
				 daemons[k], ok);
			family_add_sample(f, strdup(up));
		}
	}
	metrics_print();
	metrics_free();
	return answered ? EXIT_OK : EXIT_UNREACHABLE;
}

/* ------------------------------------------------------------ main */

static int join(char *buf, size_t len, char **words, int n)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		int w = snprintf(buf + off, len - off, "%s%s", i ? " " : "", words[i]);

		if (w < 0 || (size_t)w >= len - off)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* cmds in one session per instance of o->daemon; the worst exit status. */
static enum exit_code run_commands(const struct opts *o, const char *const *cmds, size_t ncmds,
				   char **instances, size_t ninst)
{
	enum exit_code worst = EXIT_OK;
	size_t shown = 0;
	bool json;

	/* Several instances: a header each, or one JSON object by pathspace. */
	json = ncmds && strlen(cmds[ncmds - 1]) >= 4 &&
	       !strcmp(cmds[ncmds - 1] + strlen(cmds[ncmds - 1]) - 4, "json");
	if (o->all_instances && json)
		printf("{");
	for (size_t i = 0; i < ninst; i++) {
		struct sink out = { .f = stdout };
		const char *name = *instances[i] ? instances[i] : "default";
		enum exit_code ec;

		if (o->all_instances && !has_socket(o, instances[i], o->daemon))
			continue;
		if (o->all_instances) {
			if (json)
				printf("%s\"%s\":", shown ? "," : "", name);
			else
				printf("%s=== %s (%s)\n", shown ? "\n" : "", name, o->daemon);
			shown++;
			fflush(stdout);
		}
		ec = session(o, instances[i], o->daemon, cmds, ncmds, &out);
		if (o->all_instances && json && ec != EXIT_OK)
			printf("null");
		if (ec > worst)
			worst = ec;
	}
	if (o->all_instances && json)
		printf("}\n");
	return worst;
}

int main(int argc, char **argv)
{
	struct opts o = { .dir = DEFAULT_VTY_DIR, .daemon = "zebra" };
	const char *pathspace = "";
	const char *cmds[MAX_CMDS + 3];
	char line[CMD_MAX], node[64];
	char *instances[MAX_INSTANCES];
	size_t ncmds = 0, ninst;
	bool daemon_given = false, is_metrics;
	enum exit_code ec;
	int opt;

	while ((opt = getopt(argc, argv, "+N:Ad:S:c:qh")) != -1) {
		switch (opt) {
		case 'N':
			if (!strcmp(optarg, "all"))
				o.all_instances = true;
			else
				pathspace = optarg;
			break;
		case 'A':
			o.all_instances = true;
			break;
		case 'd':
			o.daemon = optarg;
			daemon_given = true;
			break;
		case 'S':
			o.dir = optarg;
			break;
		case 'c':
			if (ncmds == MAX_CMDS) {
				err("at most %d commands", MAX_CMDS);
				return EXIT_USAGE;
			}
			cmds[ncmds++] = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if ((optind >= argc && !ncmds) || (optind < argc && ncmds) ||
	    (strcmp(o.daemon, "zebra") && strcmp(o.daemon, "bgpd"))) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strchr(pathspace, '/') || (pathspace[0] == '.')) {
		err("bad pathspace '%s'", pathspace);
		return EXIT_USAGE;
	}
	is_metrics = optind < argc && !strcmp(argv[optind], "metrics");

	/* metrics: every daemon of the instances, merged (no -d) */
	if (is_metrics && (optind + 1 != argc || daemon_given)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* set KEY VALUE / unset KEY: the daemon's hostguard node, in config mode */
	snprintf(node, sizeof(node), "hostguard %s", o.daemon);
	if (!is_metrics && optind < argc &&
	    (!strcmp(argv[optind], "set") || !strcmp(argv[optind], "unset"))) {
		bool set = argv[optind][0] == 's';

		if (argc - optind != (set ? 3 : 2)) {
			usage(stderr);
			return EXIT_USAGE;
		}
		snprintf(line, sizeof(line), "%s%s%s%s", set ? "" : "no ", argv[optind + 1],
			 set ? " " : "", set ? argv[optind + 2] : "");
		cmds[0] = "configure terminal";
		cmds[1] = node;
		cmds[2] = line;
		ncmds = 3;
	} else if (!is_metrics && optind < argc) {
		if (join(line, sizeof(line), argv + optind, argc - optind)) {
			err("command too long");
			return EXIT_USAGE;
		}
		cmds[0] = line;
		ncmds = 1;
	}

	if (o.all_instances) {
		ninst = find_instances(&o, is_metrics || !daemon_given ? NULL : o.daemon, instances,
				       MAX_INSTANCES);
		if (!ninst) {
			err("no FRR daemon sockets under %s", o.dir);
			return EXIT_UNREACHABLE;
		}
	} else {
		instances[0] = (char *)pathspace;
		ninst = 1;
	}

	if (is_metrics)
		ec = metrics(&o, instances, ninst, o.all_instances || *pathspace);
	else
		ec = run_commands(&o, cmds, ncmds, instances, ninst);
	if (o.all_instances)
		for (size_t i = 0; i < ninst; i++)
			free(instances[i]);
	return ec;
}
