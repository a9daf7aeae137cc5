// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one place where FRR library API differences between supported FRR
 * lines are absorbed (event loop, interface address lists). Everything else
 * in hostguard calls these names only. zebra's and bgpd's EVPN internals
 * have their own boundary per daemon (zebra/zhg_evpn.c, bgpd/bhg_evpn.c).
 *
 * HG_FRR_LINE is major * 100 + minor of the FRR tree built against
 * (configure reads it from the tree's lib/version.h): 804, 1003 ... 1007.
 */
#ifndef HG_COMPAT_H
#define HG_COMPAT_H

#include "lib/version.h"

#ifndef HG_FRR_LINE
#error "hostguard: HG_FRR_LINE is not defined (configure sets it)"
#endif

#if HG_FRR_LINE >= 1000
/* FRR 10.x: the event loop is struct event (renamed in 9.x). */
#include "lib/frrevent.h"

typedef struct event hg_event_t;
typedef struct event_loop hg_loop_t;

#define HG_EVENT_ARG(e)			      EVENT_ARG(e)
#define HG_EVENT_FD(e)			      EVENT_FD(e)
#define hg_timer_msec(loop, cb, arg, ms, ref) event_add_timer_msec(loop, cb, arg, ms, ref)
#define hg_add_read(loop, cb, arg, fd, ref)   event_add_read(loop, cb, arg, fd, ref)
#define hg_event_cancel(ref)		      event_cancel(ref)
/* Safe from another pthread when ref is NULL (the loop takes its lock). */
#define hg_event_now(loop, cb, arg, ref) event_add_event(loop, cb, arg, 0, ref)
#define hg_timer_remain_msec(e)		 event_timer_remain_msec(e)

/* An interface's addresses: a typesafe list since FRR 9.1. */
#define hg_if_connected_each(ifp, c) frr_each (if_connected, (ifp)->connected, c)

#elif HG_FRR_LINE == 804
/* FRR 8.4: struct thread, handlers already return void. */
#include "lib/thread.h"
#include "lib/linklist.h"

typedef struct thread hg_event_t;
typedef struct thread_master hg_loop_t;

#define HG_EVENT_ARG(e)			      THREAD_ARG(e)
#define HG_EVENT_FD(e)			      THREAD_FD(e)
#define hg_timer_msec(loop, cb, arg, ms, ref) thread_add_timer_msec(loop, cb, arg, ms, ref)
#define hg_add_read(loop, cb, arg, fd, ref)   thread_add_read(loop, cb, arg, fd, ref)
#define hg_event_cancel(ref)		      thread_cancel(ref)
/* Safe from another pthread when ref is NULL (the loop takes its lock). */
#define hg_event_now(loop, cb, arg, ref)      thread_add_event(loop, cb, arg, 0, ref)
#define hg_timer_remain_msec(e)		      thread_timer_remain_msec(e)

/* An interface's addresses: a struct list of struct connected. */
#define hg_if_connected_each(ifp, c)                                                               \
	for (struct listnode *hg_cnode_ = listhead((ifp)->connected);                              \
	     hg_cnode_ && ((c) = listgetdata(hg_cnode_), true);                                    \
	     hg_cnode_ = listnextnode(hg_cnode_))

#else
#error "hostguard: this FRR line has no compatibility mapping (hg_compat.h)"
#endif

/*
 * Refuse to load: a module whose init returns an error crashes FRR 10.3's
 * loader (lib/module.c reads the module's runtime data after dlclose()), so
 * the daemon is stopped here instead, before anything else is set up, with
 * the reason on stderr (the journal, or the daemon's .err file).
 */
#include <stdio.h>
#include <stdlib.h>

static inline void __attribute__((noreturn)) hg_module_refuse(const char *module, const char *why)
{
	fprintf(stderr, "%s: %s\n", module, why);
	fflush(stderr);
	exit(1);
}

#endif /* HG_COMPAT_H */
