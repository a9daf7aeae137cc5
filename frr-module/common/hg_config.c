// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "hostguard DAEMON" configuration node, generated from the module's
 * load-argument table: one "KEY VALUE" and one "no KEY" command per key,
 * built at run time so that keys added to the table need no CLI code.
 */
#include "lib/zebra.h"

#include "lib/command.h"
#include "lib/json.h"
#include "lib/libfrr.h"
#include "lib/memory.h"
#include "lib/printfrr.h"
#include "lib/vty.h"

#include "common/hg_compat.h"
#include "common/hg_config.h"

DECLARE_MGROUP(HOSTGUARD);
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_CONFIG, "hostguard configuration");

DEFINE_HOOK(hg_reconfigure, (const struct hg_arg_spec *spec), (spec));

/*
 * Out-of-tree modules have no node of their own in FRR's node enum; the
 * first index past it is free in every supported FRR line (8.4 to 10.7
 * share struct cmd_node, install_node() and the config_write signature).
 */
#define HG_CONFIG_NODE ((enum node_type)NODE_TYPE_MAX)
/*
 * A daemon reading an integrated frr.conf itself (-f frr.conf) meets the
 * other module's block too; its lines land in this empty node, fail there
 * and in CONFIG_NODE, and never reach this daemon's keys of the same name.
 */
#define HG_OTHER_NODE ((enum node_type)(NODE_TYPE_MAX + 1))

#define HG_VALUE_MAX 2048

struct hg_config_cmd {
	struct cmd_element el;
	const struct hg_arg_spec *spec;
	bool no;
};

static struct hg_config_node node;
static void *startup; /* cfg as the load arguments left it */
static struct hg_config_cmd *cmds;

static const struct hg_arg_spec *spec_find(const char *key)
{
	for (size_t i = 0; i < node.nspecs; i++)
		if (!strcmp(node.specs[i].key, key))
			return &node.specs[i];
	return NULL;
}

static bool same_value(const struct hg_arg_spec *spec, const void *a, const void *b)
{
	char va[HG_VALUE_MAX], vb[HG_VALUE_MAX];

	return !strcmp(hg_args_format(spec, a, va, sizeof(va)),
		       hg_args_format(spec, b, vb, sizeof(vb)));
}

static void slot_copy(const struct hg_arg_spec *spec, void *dst, const void *src)
{
	memcpy((char *)dst + spec->offset, (const char *)src + spec->offset, hg_args_size(spec));
}

int hg_config_set(const char *key, const char *value, char *err, size_t errlen)
{
	const struct hg_arg_spec *spec = spec_find(key);
	char arg[HG_VALUE_MAX], was[HG_VALUE_MAX], now[HG_VALUE_MAX];
	void *next, *old;
	int ret = 0;

	if (!spec) {
		/* the parser names every accepted key */
		snprintf(arg, sizeof(arg), "%s=%s", key, value ? value : "");
		return hg_args_parse(node.specs, node.nspecs, node.cfg, arg, err, errlen);
	}
	next = XMALLOC(MTYPE_HG_CONFIG, node.cfg_size);
	old = XMALLOC(MTYPE_HG_CONFIG, node.cfg_size);
	memcpy(next, node.cfg, node.cfg_size);
	memcpy(old, node.cfg, node.cfg_size);
	if (value) {
		snprintf(arg, sizeof(arg), "%s=%s", key, value);
		ret = hg_args_parse(node.specs, node.nspecs, next, arg, err, errlen);
	} else {
		slot_copy(spec, next, startup);
	}
	if (ret || same_value(spec, next, node.cfg))
		goto out;
	if (spec->restart_only) {
		snprintf(err, errlen,
			 "key '%s' takes effect only at start: set it in -M %s:%s=... and restart %s",
			 key, node.module, key, node.daemon);
		ret = -1;
		goto out;
	}
	slot_copy(spec, node.cfg, next);
	if (hook_call(hg_reconfigure, spec)) {
		slot_copy(spec, node.cfg, old);
		hook_call(hg_reconfigure, spec);
		snprintf(err, errlen,
			 "key '%s' could not be applied now; it keeps '%s' (see the log)", key,
			 hg_args_format(spec, node.cfg, was, sizeof(was)));
		ret = -1;
		goto out;
	}
	zlog_info("%s: %s set to %s (was %s)", node.module, key,
		  hg_args_format(spec, node.cfg, now, sizeof(now)),
		  hg_args_format(spec, old, was, sizeof(was)));
out:
	XFREE(MTYPE_HG_CONFIG, next);
	XFREE(MTYPE_HG_CONFIG, old);
	return ret;
}

static int config_cmd(const struct cmd_element *self, struct vty *vty, int argc,
		      struct cmd_token *argv[])
{
	const struct hg_config_cmd *c = container_of(self, struct hg_config_cmd, el);
	char err[1024];

	if (hg_config_set(c->spec->key, c->no ? NULL : argv[argc - 1]->arg, err, sizeof(err))) {
		vty_out(vty, "%% %s: %s\n", node.module, err);
		return CMD_WARNING_CONFIG_FAILED;
	}
	return CMD_SUCCESS;
}

/* Any other word: the parser's message names the keys it accepts. */
static int unknown_cmd(const struct cmd_element *self, struct vty *vty, int argc,
		       struct cmd_token *argv[])
{
	char err[1024];

	if (hg_config_set(argv[argc - 2]->arg, argv[argc - 1]->arg, err, sizeof(err)) == 0)
		return CMD_SUCCESS; /* not reached: every key has its own command */
	vty_out(vty, "%% %s: %s\n", node.module, err);
	return CMD_WARNING_CONFIG_FAILED;
}

static int other_cmd(const struct cmd_element *self, struct vty *vty, int argc,
		     struct cmd_token *argv[])
{
	if (vty->type != VTY_FILE) {
		vty_out(vty, "%% %s: this is %s; its settings are under 'hostguard %s'\n",
			node.module, node.daemon, node.daemon);
		return CMD_WARNING_CONFIG_FAILED;
	}
	vty->node = HG_OTHER_NODE;
	return CMD_SUCCESS;
}

static int enter_cmd(const struct cmd_element *self, struct vty *vty, int argc,
		     struct cmd_token *argv[])
{
	vty->node = HG_CONFIG_NODE;
	return CMD_SUCCESS;
}

json_object *hg_config_json(void)
{
	json_object *cfg = json_object_new_object();
	char buf[HG_VALUE_MAX];

	for (size_t i = 0; i < node.nspecs; i++)
		json_object_string_add(cfg, node.specs[i].key,
				       hg_args_format(&node.specs[i], node.cfg, buf, sizeof(buf)));
	return cfg;
}

/* Only what differs from the start-up values: -M stays the default. */
static int config_write(struct vty *vty)
{
	char buf[HG_VALUE_MAX];
	bool any = false;

	for (size_t i = 0; i < node.nspecs; i++) {
		const struct hg_arg_spec *spec = &node.specs[i];

		if (same_value(spec, node.cfg, startup))
			continue;
		if (!any)
			vty_out(vty, "hostguard %s\n", node.daemon);
		any = true;
		vty_out(vty, " %s %s\n", spec->key,
			hg_args_format(spec, node.cfg, buf, sizeof(buf)));
	}
	if (any)
		vty_out(vty, "exit\n");
	return any;
}

static struct cmd_node config_node = {
	.node = HG_CONFIG_NODE,
	.parent_node = CONFIG_NODE,
	.config_write = config_write,
};

/* Keywords win over WORD: the keys' own commands are matched first. */
static struct cmd_element unknown_el = {
	.string = "WORD WORD",
	.doc = "Key\nValue\n",
	.func = unknown_cmd,
	.name = "hostguard_config_unknown_key",
};

static struct cmd_node other_node = {
	.name = "hostguard (another daemon's block)",
	.node = HG_OTHER_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-hostguard-other)# ",
};

static struct cmd_element other_el = {
	.string = "hostguard WORD",
	.doc = "hostguard EVPN host protection\nAnother daemon's module\n",
	.attr = CMD_ATTR_HIDDEN,
	.func = other_cmd,
	.name = "hostguard_other_daemon",
};

static struct cmd_element enter_el = {
	.func = enter_cmd,
	.name = "hostguard_config_node",
};

static void install_cmds(void)
{
	char acc[256];

	cmds = XCALLOC(MTYPE_HG_CONFIG, 2 * node.nspecs * sizeof(*cmds));
	for (size_t i = 0; i < node.nspecs; i++) {
		const struct hg_arg_spec *spec = &node.specs[i];
		struct hg_config_cmd *set = &cmds[2 * i], *no = &cmds[2 * i + 1];

		hg_args_accepted(spec, acc, sizeof(acc));
		set->spec = no->spec = spec;
		no->no = true;
		set->el.string = asprintfrr(MTYPE_HG_CONFIG, "%s WORD", spec->key);
		set->el.doc = asprintfrr(MTYPE_HG_CONFIG, "%s\n%s\n", spec->help, acc);
		no->el.string = asprintfrr(MTYPE_HG_CONFIG, "no %s [WORD]", spec->key);
		no->el.doc = asprintfrr(MTYPE_HG_CONFIG, "%s%s\n%s\n", NO_STR, spec->help, acc);
		set->el.func = no->el.func = config_cmd;
		set->el.name = no->el.name = spec->key;
		_install_element(HG_CONFIG_NODE, &set->el);
		_install_element(HG_CONFIG_NODE, &no->el);
	}
}

/*
 * Stock vtysh does not know the node, so "vtysh -b" cannot pass it on
 * from an integrated frr.conf: a daemon that read no file of its own
 * takes its block from frr.conf itself, once, after its start-up config.
 */
static void read_integrated(void)
{
	const char *own = host_config_get();
	char path[512], line[HG_VALUE_MAX], hdr[64], err[1024];
	const char *slash;
	bool inside = false;
	FILE *f;

	if (!own || !(slash = strrchr(own, '/')) || !strcmp(slash, "/frr.conf"))
		return;
	snprintf(path, sizeof(path), "%.*s/frr.conf", (int)(slash - own), own);
	f = fopen(path, "r");
	if (!f)
		return;
	snprintf(hdr, sizeof(hdr), "hostguard %s", node.daemon);
	while (fgets(line, sizeof(line), f)) {
		char *key, *value, *save = NULL;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != ' ') {
			inside = !strcmp(line, hdr);
			continue;
		}
		key = strtok_r(line, " ", &save);
		if (!inside || !key)
			continue;
		value = strtok_r(NULL, " ", &save);
		if (!strcmp(key, "no") && value)
			key = value, value = NULL;
		if (hg_config_set(key, value, err, sizeof(err)))
			zlog_warn("%s: %s: %s", node.module, path, err);
	}
	fclose(f);
}

static int config_post(hg_loop_t *loop)
{
	read_integrated();
	return 0;
}

static int config_install(hg_loop_t *loop)
{
	config_node.name = asprintfrr(MTYPE_HG_CONFIG, "hostguard %s", node.daemon);
	config_node.prompt = asprintfrr(MTYPE_HG_CONFIG, "%%s(config-hostguard-%s)# ", node.daemon);
	install_node(&config_node);
	install_default(HG_CONFIG_NODE);
	enter_el.string = config_node.name;
	enter_el.doc = asprintfrr(MTYPE_HG_CONFIG,
				  "hostguard EVPN host protection\n%s module settings\n",
				  node.daemon);
	_install_element(CONFIG_NODE, &enter_el);
	install_node(&other_node);
	install_default(HG_OTHER_NODE);
	_install_element(CONFIG_NODE, &other_el);
	install_cmds();
	_install_element(HG_CONFIG_NODE, &unknown_el);
	return 0;
}

static void free_text(const char *text)
{
	qfree(MTYPE_HG_CONFIG, (void *)text);
}

/*
 * At exit, before FRR reports what is still allocated (FRR 10.7's
 * topotests fail on any such report): FRR's command tables that point at
 * these are only freed after this hook, never read.
 */
static int config_fini(void)
{
	for (size_t i = 0; cmds && i < 2 * node.nspecs; i++) {
		free_text(cmds[i].el.string);
		free_text(cmds[i].el.doc);
	}
	XFREE(MTYPE_HG_CONFIG, cmds);
	if (config_node.name) {
		free_text(config_node.name);
		free_text(config_node.prompt);
		free_text(enter_el.doc);
	}
	XFREE(MTYPE_HG_CONFIG, startup);
	return 0;
}

void hg_config_init(const struct hg_config_node *n)
{
	node = *n;
	startup = XMALLOC(MTYPE_HG_CONFIG, node.cfg_size);
	memcpy(startup, node.cfg, node.cfg_size);
	hook_register(frr_late_init, config_install);
	hook_register(frr_config_post, config_post);
	hook_register(frr_fini, config_fini);
}
