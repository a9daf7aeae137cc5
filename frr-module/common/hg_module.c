// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Start-up checks both modules share: the module runs only in the FRR it
 * was built for (same x.y.z; the same Debian package version for a build
 * from a Debian source tree; the same layout-changing configure options),
 * and its load arguments parse.
 */
#include "lib/zebra.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "lib/defaults.h"
#include "lib/json.h"
#include "lib/version.h"
#include "lib/vty.h"

#include "common/hg_cfgargs.h"
#include "common/hg_compat.h"
#include "common/hg_config.h"
#include "common/hg_module.h"

/* dpkg's database: which package owns the running daemon, its version. */
#define HG_DPKG_INFO   "/var/lib/dpkg/info/frr.list"
#define HG_DPKG_STATUS "/var/lib/dpkg/status"

/* What the running FRR is, as found at load. */
static struct {
	char version[64];
	char package[64]; /* "" unless the daemon is dpkg's frr package */
	char abi[64];	  /* "" if its libfrr has no configure arguments */
} running;

static bool file_has_line(const char *path, const char *line)
{
	char buf[PATH_MAX + 2];
	bool found = false;
	FILE *f = fopen(path, "r");

	if (!f)
		return false;
	while (!found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		found = !strcmp(buf, line);
	}
	fclose(f);
	return found;
}

/* Version of the installed package "frr" in dpkg's status file. */
static bool dpkg_frr_version(char *out, size_t len)
{
	char buf[512];
	bool in_frr = false, found = false;
	FILE *f = fopen(HG_DPKG_STATUS, "r");

	if (!f)
		return false;
	while (!found && fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!strncmp(buf, "Package: ", 9))
			in_frr = !strcmp(buf + 9, "frr");
		else if (in_frr && !strncmp(buf, "Version: ", 9)) {
			strlcpy(out, buf + 9, len);
			found = true;
		}
	}
	fclose(f);
	return found;
}

/* The package version of the running daemon, when dpkg installed it. */
static void find_package(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	unsigned long fn_addr;
	const char *fn;

	if (n > 0) {
		exe[n] = '\0';
	} else {
		/* /proc/self/exe is closed to a daemon that changed its uid. */
		fn_addr = getauxval(AT_EXECFN);
		fn = (const char *)fn_addr;
		if (!fn || fn[0] != '/')
			return;
		strlcpy(exe, fn, sizeof(exe));
	}
	if (file_has_line(HG_DPKG_INFO, exe))
		dpkg_frr_version(running.package, sizeof(running.package));
}

/* The configure arguments compiled into the libfrr this daemon runs with. */
static bool running_cfgargs(char *out, size_t len)
{
	Dl_info info;
	struct stat st;
	void *img;
	bool ok;
	int fd;

	if (!dladdr((void *)frr_defaults_version, &info) || !info.dli_fname)
		return false;
	fd = open(info.dli_fname, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) || st.st_size <= 0) {
		close(fd);
		return false;
	}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return false;
	ok = hg_cfgargs_from_image(img, (size_t)st.st_size, out, len);
	munmap(img, (size_t)st.st_size);
	return ok;
}

static void check_running(const char *module, const char *daemon)
{
	struct hg_frr_abi built, have;
	char args[4096], b[64], err[512];

	/* Read before the configuration's "frr version" line can change it. */
	strlcpy(running.version, frr_defaults_version(), sizeof(running.version));
	if (strcmp(running.version, FRR_VER_SHORT)) {
		snprintf(err, sizeof(err),
			 "built for FRR %s but this %s is FRR %s; rebuild hostguard against FRR %s",
			 FRR_VER_SHORT, daemon, running.version, running.version);
		hg_module_refuse(module, err);
	}

	find_package();
	if (HG_FRR_PKG_VERSION[0] && running.package[0] &&
	    strcmp(running.package, HG_FRR_PKG_VERSION)) {
		snprintf(err, sizeof(err),
			 "built for package frr %s but this %s is package frr %s; rebuild hostguard against frr %s",
			 HG_FRR_PKG_VERSION, daemon, running.package, running.package);
		hg_module_refuse(module, err);
	}

	/* Same x.y.z, so options the arguments leave out default alike. */
	if (!running_cfgargs(args, sizeof(args)))
		return;
	hg_cfgargs_abi(FRR_CONFIG_ARGS, &built);
	hg_cfgargs_abi(args, &have);
	hg_frr_abi_fmt(&have, running.abi, sizeof(running.abi));
	if (!hg_frr_abi_equal(&built, &have)) {
		hg_frr_abi_fmt(&built, b, sizeof(b));
		snprintf(err, sizeof(err),
			 "built for FRR %s configured with %s but this %s's FRR is configured with %s; rebuild hostguard against a tree configured like it",
			 FRR_VER_SHORT, b, daemon, running.abi);
		hg_module_refuse(module, err);
	}
}

void hg_module_configure(const char *module, const char *daemon, const struct hg_arg_spec *specs,
			 size_t nspecs, void *cfg, size_t cfg_size, const char *load_args)
{
	struct hg_config_node node = { module, daemon, specs, nspecs, cfg, cfg_size };
	char err[1024];

	/* Logging is not up yet: stderr reaches the journal or the log. */
	check_running(module, daemon);
	if (hg_args_parse(specs, nspecs, cfg, load_args, err, sizeof(err)))
		hg_module_refuse(module, err);
	hg_config_init(&node);
}

void hg_module_status_json(json_object *json, const char *module, const char *const *limits)
{
	struct hg_frr_abi built;
	json_object *arr = json_object_new_array();
	char b[64];

	json_object_string_add(json, "module", module);
	json_object_string_add(json, "version", HG_VERSION);
	hg_cfgargs_abi(FRR_CONFIG_ARGS, &built);
	hg_frr_abi_fmt(&built, b, sizeof(b));
	json_object_string_add(json, "frrVersion", running.version);
	json_object_string_add(json, "builtForFrr", HG_FRR_VERSION);
	if (running.package[0])
		json_object_string_add(json, "frrPackage", running.package);
	if (HG_FRR_PKG_VERSION[0])
		json_object_string_add(json, "builtForFrrPackage", HG_FRR_PKG_VERSION);
	json_object_string_add(json, "builtForFrrOptions", b);
	if (running.abi[0])
		json_object_string_add(json, "frrOptions", running.abi);
	for (; *limits; limits++)
		json_object_array_add(arr, json_object_new_string(*limits));
	json_object_object_add(json, "frrLineLimits", arr);
}

void hg_module_status_text(struct vty *vty, const char *daemon, const char *const *limits)
{
	vty_out(vty, "hostguard %s (%s), built for FRR %s, running in FRR %s\n", HG_VERSION, daemon,
		HG_FRR_VERSION, running.version);
	for (; *limits; limits++)
		vty_out(vty, "FRR %s: %s\n", FRR_VER_SHORT, *limits);
}
