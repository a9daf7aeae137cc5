// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one place where FRR API differences between supported FRR lines are
 * absorbed. Everything else in hostguard calls these names only.
 *
 * FRR >= 9.1 renamed the event loop (struct thread -> struct event,
 * thread_add_* -> event_add_*); FRR 8.x support means a second branch here.
 */
#ifndef HG_COMPAT_H
#define HG_COMPAT_H

#include "lib/version.h"

#if defined(HG_FRR_HAS_EVENT_H)
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
#else
#error "hostguard: this FRR line has no compatibility mapping yet (hg_compat.h)"
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
