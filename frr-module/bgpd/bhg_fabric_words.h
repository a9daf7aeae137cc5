// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fabric check's findings in an operator's words: what is wrong, what
 * to change, on which PE.
 */
#ifndef BHG_FABRIC_WORDS_H
#define BHG_FABRIC_WORDS_H

#include "bhg_fabric.h"

/*
 * Fill f->problem, f->action and f->change_on from f and its VNI; hints:
 * VNIs other VTEPs advertise that this PE does not have (no remote VTEP).
 */
void bhg_fabric_words(struct bhg_finding *f, const struct bhg_fabric_vni *fv, const char *hints);

#endif /* BHG_FABRIC_WORDS_H */
