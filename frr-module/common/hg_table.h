// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Typesafe tables of the modules by the shape of their key: the compare and
 * hash functions (and a tree's resumable walk) are written once here, the
 * tables stay FRR's containers.
 *
 * A hash suits a table of bounded, modest size. A table whose size hosts
 * or tenants drive (tens of thousands of entries) is a red-black tree:
 * FRR's hash rehashes every entry at once when it grows or shrinks, tens
 * of milliseconds on zebra's main thread at 50k entries; a tree never
 * does, and costs about the same memory per entry as hash item and bucket.
 * The seed keeps two hashes' layouts apart; it changes nothing else.
 */
#ifndef HG_TABLE_H
#define HG_TABLE_H

#include "lib/ipaddr.h"
#include "lib/jhash.h"
#include "lib/typesafe.h"
#include "lib/typerb.h"

/*
 * A walk over a tree that goes on in a later event-loop callback. Its
 * cursor is a copy of the next entry's key, never a pointer: entries may
 * be freed in between. prefix##_resume() returns the entry at the cursor,
 * or the one after it if that one left (the first entry when restart), and
 * moves the cursor past it; NULL at the end.
 */
#define HG_TREE_CURSOR(prefix, type)                                                               \
	struct prefix##_cursor {                                                                   \
		type key;                                                                          \
		bool more;                                                                         \
	};                                                                                         \
	static inline type *prefix##_resume(struct prefix##_head *h, struct prefix##_cursor *c,    \
					    bool restart)                                          \
	{                                                                                          \
		type *e = restart   ? prefix##_first(h)                                            \
			  : c->more ? prefix##_find_gteq(h, &c->key)                               \
				    : NULL;                                                        \
		type *next = e ? prefix##_next(h, e) : NULL;                                       \
                                                                                                   \
		c->more = next != NULL;                                                            \
		if (next)                                                                          \
			prefix##_key_copy(&c->key, next);                                          \
		return e;                                                                          \
	}                                                                                          \
	MACRO_REQUIRE_SEMICOLON() /* end */

/* A key of one integer member (an ifindex, a VNI, a sequence number). */
#define HG_INT_KEY_CMP(prefix, type, key)                                                          \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		return numcmp(a->key, b->key);                                                     \
	}

#define HG_DECLARE_INT_HASH(prefix, type, field, key, seed)                                        \
	HG_INT_KEY_CMP(prefix, type, key)                                                          \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		return jhash_1word((uint32_t)e->key, seed);                                        \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

/* A key of an IP address within an integer (a VNI, an ifindex). */
#define HG_INT_IP_KEY_CMP(prefix, type, key, ip)                                                   \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		if (a->key != b->key)                                                              \
			return numcmp(a->key, b->key);                                             \
		return ipaddr_cmp(&a->ip, &b->ip);                                                 \
	}

#define HG_DECLARE_INT_IP_HASH(prefix, type, field, key, ip, seed)                                 \
	HG_INT_IP_KEY_CMP(prefix, type, key, ip)                                                   \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		uint32_t h = jhash_1word((uint32_t)e->key, seed);                                  \
                                                                                                   \
		return IS_IPADDR_V4(&e->ip) ? jhash_1word(e->ip.ipaddr_v4.s_addr, h)               \
					    : jhash(&e->ip.ipaddr_v6, sizeof(e->ip.ipaddr_v6), h); \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

#define HG_DECLARE_INT_IP_TREE(prefix, type, field, key, ip)                                       \
	HG_INT_IP_KEY_CMP(prefix, type, key, ip)                                                   \
	DECLARE_RBTREE_UNIQ(prefix, type, field, prefix##_key_cmp);                                \
	static inline void prefix##_key_copy(type *dst, const type *src)                           \
	{                                                                                          \
		dst->key = src->key;                                                               \
		dst->ip = src->ip;                                                                 \
	}                                                                                          \
	HG_TREE_CURSOR(prefix, type)

/* A key of a MAC address in one VLAN of one bridge. */
#define HG_BRMAC_KEY_CMP(prefix, type, bridge, vid, mac)                                           \
	static int prefix##_key_cmp(const type *a, const type *b)                                  \
	{                                                                                          \
		if (a->bridge != b->bridge)                                                        \
			return numcmp(a->bridge, b->bridge);                                       \
		if (a->vid != b->vid)                                                              \
			return numcmp(a->vid, b->vid);                                             \
		return memcmp(a->mac, b->mac, ETH_ALEN);                                           \
	}

#define HG_DECLARE_BRMAC_HASH(prefix, type, field, bridge, vid, mac, seed)                         \
	HG_BRMAC_KEY_CMP(prefix, type, bridge, vid, mac)                                           \
	static uint32_t prefix##_key_hash(const type *e)                                           \
	{                                                                                          \
		return jhash(e->mac, ETH_ALEN, jhash_2words((uint32_t)e->bridge, e->vid, seed));   \
	}                                                                                          \
	DECLARE_HASH(prefix, type, field, prefix##_key_cmp, prefix##_key_hash)

#define HG_DECLARE_BRMAC_TREE(prefix, type, field, bridge, vid, mac)                               \
	HG_BRMAC_KEY_CMP(prefix, type, bridge, vid, mac)                                           \
	DECLARE_RBTREE_UNIQ(prefix, type, field, prefix##_key_cmp);                                \
	static inline void prefix##_key_copy(type *dst, const type *src)                           \
	{                                                                                          \
		dst->bridge = src->bridge;                                                         \
		dst->vid = src->vid;                                                               \
		memcpy(dst->mac, src->mac, ETH_ALEN);                                              \
	}                                                                                          \
	HG_TREE_CURSOR(prefix, type)

/*
 * Empties a hash: the statement after it runs for each item, already
 * removed. Not a pop loop: a hash's pop searches from its first bucket
 * every time, quadratic in the table's size.
 */
#define hg_hash_drain(prefix, head, item)                                                          \
	frr_each_safe (prefix, head, item)                                                         \
		if (prefix##_del(head, item), false) {                                             \
		} else

#endif /* HG_TABLE_H */
