// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Strict parser for module load arguments.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>

#include "hg_args.h"

#define HG_ARGS_MAXLEN 4096

int hg_parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	char tail;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
		   &tail) != 6)
		return -1;
	if (strlen(s) != 17)
		return -1;
	for (int i = 0; i < 6; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

/* Plain decimal only: no sign, no hex, no trailing junk, no overflow. */
static int parse_u32(const char *s, size_t len, uint32_t *out)
{
	uint64_t v = 0;

	if (len == 0 || len > 10)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > UINT32_MAX)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static bool uint_in_range(const struct hg_arg_spec *spec, uint32_t v)
{
	if (v == 0 && spec->zero_ok)
		return true;
	return v >= spec->min && v <= spec->max;
}

const char *hg_args_accepted(const struct hg_arg_spec *spec, char *buf, size_t len)
{
	switch (spec->type) {
	case HG_ARG_BOOL:
		snprintf(buf, len, "on|off");
		break;
	case HG_ARG_UINT:
		snprintf(buf, len, "%s%" PRIu32 "-%" PRIu32 "%s%s%s",
			 spec->zero_ok ? "0 (off) or " : "", spec->min, spec->max,
			 spec->unit ? " (" : "", spec->unit ? spec->unit : "",
			 spec->unit ? ")" : "");
		break;
	case HG_ARG_UINT_SET:
		snprintf(buf, len,
			 "numbers or ranges %" PRIu32 "-%" PRIu32 " joined by '+', at most %d",
			 spec->min, spec->max, HG_ARG_SET_MAX);
		break;
	case HG_ARG_MAC_SET:
		snprintf(buf, len,
			 "auto, or MAC addresses xx:xx:xx:xx:xx:xx joined by '+', at most %d",
			 HG_ARG_SET_MAX);
		break;
	case HG_ARG_IP4_SET:
		snprintf(buf, len,
			 "IPv4@VNI (VNI 1-16777215, one address per VNI) joined by '+', at most %d",
			 HG_ARG_SET_MAX);
		break;
	case HG_ARG_NAME_SET:
		snprintf(buf, len,
			 "interface names (1-15 of A-Z a-z 0-9 . _ -) joined by '+', at most %d",
			 HG_ARG_SET_MAX);
		break;
	}
	return buf;
}

/*
 * A list of items joined by '+': one() parses item i (len bytes at s) into
 * set. No empty item, at most HG_ARG_SET_MAX. 0 if every item parses.
 */
static int parse_list(const char *val, uint32_t *n, void *set, const struct hg_arg_spec *spec,
		      int (*one)(const char *s, size_t len, uint32_t i, void *set,
				 const struct hg_arg_spec *spec))
{
	const char *p = val;

	*n = 0;
	for (;;) {
		const char *end = strchr(p, '+');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (!len || *n >= HG_ARG_SET_MAX || one(p, len, *n, set, spec))
			return -1;
		(*n)++;
		if (!end)
			return 0;
		p = end + 1;
	}
}

/* A number, or a range lo-hi, within the spec's bounds. */
static int uint_item(const char *p, size_t len, uint32_t i, void *arg,
		     const struct hg_arg_spec *spec)
{
	struct hg_uint_set *set = arg;
	const char *dash = memchr(p, '-', len);
	uint32_t lo, hi;

	if (dash) {
		if (parse_u32(p, (size_t)(dash - p), &lo) ||
		    parse_u32(dash + 1, len - (size_t)(dash - p) - 1, &hi))
			return -1;
	} else {
		if (parse_u32(p, len, &lo))
			return -1;
		hi = lo;
	}
	if (lo > hi || lo < spec->min || hi > spec->max)
		return -1;
	set->range[i].lo = lo;
	set->range[i].hi = hi;
	return 0;
}

/* A VNI after '@': 1-16777215. */
static int parse_vni(const char *p, size_t len, uint32_t *vni)
{
	return parse_u32(p, len, vni) || !*vni || *vni > 16777215 ? -1 : 0;
}

/* MAC, or MAC@VNI for one VNI only. */
static int mac_item(const char *p, size_t len, uint32_t i, void *arg,
		    const struct hg_arg_spec *spec)
{
	struct hg_mac_set *set = arg;
	char one[18];

	if (len < 17 || (len > 17 && p[17] != '@'))
		return -1;
	memcpy(one, p, 17);
	one[17] = '\0';
	if (hg_parse_mac(one, set->mac[i]))
		return -1;
	return len > 17 ? parse_vni(p + 18, len - 18, &set->vni[i]) : 0;
}

/* IPv4@VNI, one address per VNI. */
static int ip4_item(const char *p, size_t len, uint32_t i, void *arg,
		    const struct hg_arg_spec *spec)
{
	struct hg_ip4_set *set = arg;
	const char *at = memchr(p, '@', len);
	char one[INET_ADDRSTRLEN];
	size_t alen;

	if (!at)
		return -1;
	alen = (size_t)(at - p);
	if (alen == 0 || alen >= sizeof(one))
		return -1;
	memcpy(one, p, alen);
	one[alen] = '\0';
	if (inet_pton(AF_INET, one, &set->ip[i]) != 1 ||
	    parse_vni(at + 1, len - alen - 1, &set->vni[i]))
		return -1;
	for (uint32_t k = 0; k < i; k++)
		if (set->vni[k] == set->vni[i])
			return -1;
	return 0;
}

static bool ifname_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-';
}

/* An interface name (IFNAMSIZ), of the characters interface names use. */
static int name_item(const char *p, size_t len, uint32_t i, void *arg,
		     const struct hg_arg_spec *spec)
{
	struct hg_name_set *set = arg;

	if (len >= HG_ARG_NAME_LEN)
		return -1;
	for (size_t k = 0; k < len; k++)
		if (!ifname_char(p[k]))
			return -1;
	memcpy(set->name[i], p, len);
	set->name[i][len] = '\0';
	return 0;
}

static int parse_value(const struct hg_arg_spec *spec, const char *val, void *cfg)
{
	void *slot = (char *)cfg + spec->offset;
	uint32_t v;

	switch (spec->type) {
	case HG_ARG_BOOL:
		if (!strcmp(val, "on"))
			*(bool *)slot = true;
		else if (!strcmp(val, "off"))
			*(bool *)slot = false;
		else
			return -1;
		return 0;
	case HG_ARG_UINT:
		if (parse_u32(val, strlen(val), &v) || !uint_in_range(spec, v))
			return -1;
		*(uint32_t *)slot = v;
		return 0;
	case HG_ARG_UINT_SET: {
		struct hg_uint_set *set = slot;

		return parse_list(val, &set->n, set, spec, uint_item);
	}
	case HG_ARG_MAC_SET: {
		struct hg_mac_set *set = slot;

		memset(set, 0, sizeof(*set));
		if (!strcmp(val, "auto")) {
			set->is_auto = true;
			return 0;
		}
		return parse_list(val, &set->n, set, spec, mac_item);
	}
	case HG_ARG_IP4_SET: {
		struct hg_ip4_set *set = slot;

		memset(set, 0, sizeof(*set));
		return parse_list(val, &set->n, set, spec, ip4_item);
	}
	case HG_ARG_NAME_SET: {
		struct hg_name_set *set = slot;

		memset(set, 0, sizeof(*set));
		return parse_list(val, &set->n, set, spec, name_item);
	}
	}
	return -1;
}

int hg_args_parse(const struct hg_arg_spec *specs, size_t nspecs, void *cfg, const char *args,
		  char *err, size_t errlen)
{
	char buf[HG_ARGS_MAXLEN], acc[160];
	bool seen[64] = {};
	char *save = NULL, *tok;

	if (!args || !*args)
		return 0;
	if (strlen(args) >= sizeof(buf)) {
		snprintf(err, errlen, "arguments longer than %zu characters", sizeof(buf) - 1);
		return -1;
	}
	strcpy(buf, args);

	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		const struct hg_arg_spec *spec = NULL;
		size_t i;

		if (!eq) {
			snprintf(err, errlen,
				 "argument '%s' is not key=value; keys are key=value pairs joined by ','",
				 tok);
			return -1;
		}
		*eq = '\0';
		for (i = 0; i < nspecs && i < 64; i++)
			if (!strcmp(specs[i].key, tok)) {
				spec = &specs[i];
				break;
			}
		if (!spec) {
			char keys[1024] = "";
			size_t off = 0;

			for (size_t k = 0; k < nspecs; k++)
				off += (size_t)snprintf(keys + off, sizeof(keys) - off, "%s%s",
							k ? ", " : "", specs[k].key);
			snprintf(err, errlen, "unknown key '%s' (value '%s'); accepted keys: %s",
				 tok, eq + 1, keys);
			return -1;
		}
		if (seen[i]) {
			snprintf(err, errlen, "key '%s' given twice", tok);
			return -1;
		}
		seen[i] = true;
		if (parse_value(spec, eq + 1, cfg)) {
			snprintf(err, errlen, "bad value '%s' for key '%s'; accepted: %s", eq + 1,
				 tok, hg_args_accepted(spec, acc, sizeof(acc)));
			return -1;
		}
	}
	return 0;
}

const char *hg_args_format(const struct hg_arg_spec *spec, const void *cfg, char *buf, size_t len)
{
	const void *slot = (const char *)cfg + spec->offset;
	size_t off = 0;

	buf[0] = '\0';
	switch (spec->type) {
	case HG_ARG_BOOL:
		snprintf(buf, len, "%s", *(const bool *)slot ? "on" : "off");
		break;
	case HG_ARG_UINT:
		snprintf(buf, len, "%" PRIu32, *(const uint32_t *)slot);
		break;
	case HG_ARG_UINT_SET: {
		const struct hg_uint_set *set = slot;

		for (uint32_t i = 0; i < set->n && off < len; i++) {
			if (set->range[i].lo == set->range[i].hi)
				off += (size_t)snprintf(buf + off, len - off, "%s%" PRIu32,
							i ? "+" : "", set->range[i].lo);
			else
				off += (size_t)snprintf(buf + off, len - off,
							"%s%" PRIu32 "-%" PRIu32, i ? "+" : "",
							set->range[i].lo, set->range[i].hi);
		}
		break;
	}
	case HG_ARG_MAC_SET: {
		const struct hg_mac_set *set = slot;

		if (set->is_auto) {
			snprintf(buf, len, "auto");
			break;
		}
		for (uint32_t i = 0; i < set->n && off < len; i++) {
			const uint8_t *m = set->mac[i];

			off += (size_t)snprintf(buf + off, len - off,
						"%s%02x:%02x:%02x:%02x:%02x:%02x", i ? "+" : "",
						m[0], m[1], m[2], m[3], m[4], m[5]);
			if (set->vni[i] && off < len)
				off += (size_t)snprintf(buf + off, len - off, "@%u", set->vni[i]);
		}
		break;
	}
	case HG_ARG_IP4_SET: {
		const struct hg_ip4_set *set = slot;
		char a[INET_ADDRSTRLEN];

		for (uint32_t i = 0; i < set->n && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s%s@%u", i ? "+" : "",
						inet_ntop(AF_INET, &set->ip[i], a, sizeof(a)),
						set->vni[i]);
		break;
	}
	case HG_ARG_NAME_SET: {
		const struct hg_name_set *set = slot;

		for (uint32_t i = 0; i < set->n && off < len; i++)
			off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "+" : "",
						set->name[i]);
		break;
	}
	}
	return buf;
}

size_t hg_args_size(const struct hg_arg_spec *spec)
{
	switch (spec->type) {
	case HG_ARG_BOOL:
		return sizeof(bool);
	case HG_ARG_UINT:
		return sizeof(uint32_t);
	case HG_ARG_UINT_SET:
		return sizeof(struct hg_uint_set);
	case HG_ARG_MAC_SET:
		return sizeof(struct hg_mac_set);
	case HG_ARG_IP4_SET:
		return sizeof(struct hg_ip4_set);
	case HG_ARG_NAME_SET:
		return sizeof(struct hg_name_set);
	}
	return 0;
}

bool hg_uint_set_contains(const struct hg_uint_set *set, uint32_t v)
{
	for (uint32_t i = 0; i < set->n; i++)
		if (v >= set->range[i].lo && v <= set->range[i].hi)
			return true;
	return false;
}

bool hg_mac_set_contains(const struct hg_mac_set *set, const uint8_t *mac)
{
	for (uint32_t i = 0; i < set->n; i++)
		if (!memcmp(set->mac[i], mac, 6))
			return true;
	return false;
}

bool hg_ip4_set_lookup(const struct hg_ip4_set *set, uint32_t vni, struct in_addr *ip)
{
	for (uint32_t i = 0; i < set->n; i++)
		if (set->vni[i] == vni) {
			*ip = set->ip[i];
			return true;
		}
	return false;
}

bool hg_name_set_contains(const struct hg_name_set *set, const char *name)
{
	for (uint32_t i = 0; i < set->n; i++)
		if (!strcmp(set->name[i], name))
			return true;
	return false;
}
