// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FRR's configure arguments: the string a tree compiles into version.h
 * (FRR_CONFIG_ARGS) and the copy in the running libfrr's version banner.
 * Only the options that change structure layouts the modules read matter.
 * Pure code (no FRR headers), unit-tested.
 */
#ifndef HG_CFGARGS_H
#define HG_CFGARGS_H

#include <stdbool.h>
#include <stddef.h>

/* Layout-changing options; "default" when the arguments do not set them. */
struct hg_frr_abi {
	char multipath[16]; /* --enable-multipath=N: N, "yes" or "no" */
	char vnc[8];	    /* --enable-bgp-vnc / --disable-bgp-vnc: "yes" or "no" */
};

/* The layout-changing options of a configure-arguments string. */
void hg_cfgargs_abi(const char *args, struct hg_frr_abi *abi);

bool hg_frr_abi_equal(const struct hg_frr_abi *a, const struct hg_frr_abi *b);

/* "multipath=256 bgp-vnc=yes", for messages. */
void hg_frr_abi_fmt(const struct hg_frr_abi *abi, char *buf, size_t len);

/*
 * The configure arguments in a libfrr image (the banner that
 * `libfrr.so --version` prints: "configured with:\n    ARGS\n"), copied
 * NUL-terminated into out; false if the image has none or out is too small.
 */
bool hg_cfgargs_from_image(const void *image, size_t len, char *out, size_t outlen);

#endif /* HG_CFGARGS_H */
