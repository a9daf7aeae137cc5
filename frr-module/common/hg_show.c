// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text tables from JSON objects, for the modules' show commands.
 */
#include "lib/zebra.h"

#include "common/hg_show.h"

void hg_show_row(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		 json_object *o)
{
	vty_out(vty, "%s", indent);
	for (size_t i = 0; i < ncols; i++) {
		const char *v = cols[i].title;

		if (o)
			v = json_object_get_string(hg_json_get(o, cols[i].key));
		vty_out(vty, "%-*s%s", cols[i].width, v ? v : "", i + 1 < ncols ? " " : "\n");
	}
}

void hg_show_rows(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		  json_object *arr)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		hg_show_row(vty, indent, cols, ncols, json_object_array_get_idx(arr, i));
}
