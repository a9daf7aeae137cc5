// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text output of show commands built as JSON first: tables and key/value
 * lists rendered from the JSON objects, so text and JSON never disagree
 * and every column is as wide as its widest value.
 */
#ifndef HG_SHOW_H
#define HG_SHOW_H

#include "lib/json.h"
#include "lib/vty.h"

/* How a column shows its JSON value. */
enum hg_col_fmt {
	HG_COL_TEXT = 0, /* as JSON prints it; numeric columns right-aligned */
	HG_COL_SECS,	 /* milliseconds as seconds, one decimal; negative: "-" */
};

/* One column: the JSON key (NULL: the row's name in an object of rows). */
struct hg_col {
	const char *key;
	const char *title;
	int width; /* at least this wide; 0: as wide as title and values */
	enum hg_col_fmt fmt;
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

/*
 * Header and one line per row; rows is a JSON array of objects or an
 * object whose members are the rows. A missing or empty value shows as
 * "-". Rows of an object, or whose first column is a number, are sorted by
 * their first two columns.
 */
void hg_show_table(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		   json_object *rows);

/*
 * "key value" lines, values aligned, "-" for an empty value; nested objects
 * indented below "key:".
 */
void hg_show_pairs(struct vty *vty, const char *indent, json_object *obj);

/* "title:" and, indented below it, obj's pairs. */
void hg_show_section(struct vty *vty, const char *title, json_object *obj);

#endif /* HG_SHOW_H */
