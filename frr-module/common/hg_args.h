// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strict parser for module load arguments ("-M mod:key=value,key=value").
 *
 * Pure C, no FRR dependency, so it is unit-tested on its own.
 */
#ifndef HG_ARGS_H
#define HG_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

enum hg_arg_type {
	HG_ARG_BOOL,	 /* on|off */
	HG_ARG_UINT,	 /* integer in [min, max], 0 allowed if zero_ok */
	HG_ARG_UINT_SET, /* list of integers joined by '+', ranges a-b */
	HG_ARG_MAC_SET,	 /* MAC[@VNI] joined by '+' (no VNI: every VNI), or "auto" */
	HG_ARG_IP4_SET,	 /* IPv4@VNI joined by '+': one address per VNI */
	HG_ARG_NAME_SET, /* interface names joined by '+' */
};

#define HG_ARG_SET_MAX 64

struct hg_uint_set {
	uint32_t n;
	struct {
		uint32_t lo, hi;
	} range[HG_ARG_SET_MAX];
};

struct hg_mac_set {
	bool is_auto;
	uint32_t n;
	uint8_t mac[HG_ARG_SET_MAX][6];
	uint32_t vni[HG_ARG_SET_MAX]; /* 0: every VNI */
};

struct hg_ip4_set {
	uint32_t n;
	struct in_addr ip[HG_ARG_SET_MAX];
	uint32_t vni[HG_ARG_SET_MAX];
};

#define HG_ARG_NAME_LEN 16 /* IFNAMSIZ */

struct hg_name_set {
	uint32_t n;
	char name[HG_ARG_SET_MAX][HG_ARG_NAME_LEN];
};

struct hg_arg_spec {
	const char *key;
	enum hg_arg_type type;
	size_t offset; /* of the value in the caller's config struct */
	uint32_t min, max;
	bool zero_ok; /* 0 means "off" for this UINT */
	const char *unit;
	const char *help;
	bool restart_only; /* cannot change while the daemon runs (hg_config.c) */
};

/*
 * Parse args (may be NULL or empty) into cfg, which already holds defaults.
 * On error returns -1 and writes one line naming the key, the value and
 * what is accepted into err.
 */
int hg_args_parse(const struct hg_arg_spec *specs, size_t nspecs, void *cfg, const char *args,
		  char *err, size_t errlen);

/* Render the effective value of one key; returns buf. */
const char *hg_args_format(const struct hg_arg_spec *spec, const void *cfg, char *buf, size_t len);

/* Describe what a key accepts ("on|off", "1-60 (s)", ...); returns buf. */
const char *hg_args_accepted(const struct hg_arg_spec *spec, char *buf, size_t len);

/* Size of a key's value in the config struct. */
size_t hg_args_size(const struct hg_arg_spec *spec);

bool hg_uint_set_contains(const struct hg_uint_set *set, uint32_t v);
bool hg_mac_set_contains(const struct hg_mac_set *set, const uint8_t *mac);

/* The address given for vni; false if none. */
bool hg_ip4_set_lookup(const struct hg_ip4_set *set, uint32_t vni, struct in_addr *ip);
bool hg_name_set_contains(const struct hg_name_set *set, const char *name);

int hg_parse_mac(const char *s, uint8_t *mac);

#endif /* HG_ARGS_H */
