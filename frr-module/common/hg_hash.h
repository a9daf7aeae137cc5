// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Typesafe hash tables of the modules by the shape of their key: the compare
 * and hash functions are written once here, the tables stay FRR's DECLARE_HASH.
 * The seed keeps two tables' layouts apart; it changes nothing else.
 */
#ifndef HG_HASH_H
#define HG_HASH_H

#include "lib/ipaddr.h"
#include "lib/jhash.h"
#include "lib/typesafe.h"

/* A table keyed by one integer member (an ifindex, a VNI, a sequence number). */
#define HG_DECLARE_INT_HASH(prefix, type, field, key, seed)                                        \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		return numcmp(a->key, b->key);                                                     \
	}                                                                                          \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		return jhash_1word((uint32_t)e->key, seed);                                        \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

/* A table keyed by an IP address within an integer (a VNI, an ifindex). */
#define HG_DECLARE_INT_IP_HASH(prefix, type, field, key, ip, seed)                                 \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		if (a->key != b->key)                                                              \
			return numcmp(a->key, b->key);                                             \
		return ipaddr_cmp(&a->ip, &b->ip);                                                 \
	}                                                                                          \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		uint32_t h = jhash_1word((uint32_t)e->key, seed);                                  \
                                                                                                   \
		return IS_IPADDR_V4(&e->ip) ? jhash_1word(e->ip.ipaddr_v4.s_addr, h)               \
					    : jhash(&e->ip.ipaddr_v6, sizeof(e->ip.ipaddr_v6), h); \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

/* A table keyed by a MAC address in one VLAN of one bridge. */
#define HG_DECLARE_BRMAC_HASH(prefix, type, field, bridge, vid, mac, seed)                         \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		if (a->bridge != b->bridge)                                                        \
			return numcmp(a->bridge, b->bridge);                                       \
		if (a->vid != b->vid)                                                              \
			return numcmp(a->vid, b->vid);                                             \
		return memcmp(a->mac, b->mac, ETH_ALEN);                                           \
	}                                                                                          \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		return jhash(e->mac, ETH_ALEN, jhash_2words((uint32_t)e->bridge, e->vid, seed));   \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

#endif /* HG_HASH_H */
