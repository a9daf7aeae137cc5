// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text output of show commands built as JSON first: one table row from an
 * object's keys, so text and JSON never disagree.
 */
#ifndef HG_SHOW_H
#define HG_SHOW_H

#include "lib/json.h"
#include "lib/vty.h"

/* One column: the JSON key, its title, its width (0: last column). */
struct hg_col {
	const char *key;
	const char *title;
	int width;
};

/*
 * A key's value, NULL if absent. FRR's json.h forbids json-c's
 * json_object_object_get() from 10.5 on; this works on every line.
 */
static inline json_object *hg_json_get(json_object *o, const char *key)
{
	json_object *v = NULL;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* Print the header (when o is NULL) or one row of a table. */
void hg_show_row(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		 json_object *o);

/* Every object of a JSON array as a row. */
void hg_show_rows(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		  json_object *arr);

#endif /* HG_SHOW_H */
