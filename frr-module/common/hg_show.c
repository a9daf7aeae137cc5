// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Text tables from JSON objects, for the modules' show commands: rows in
 * hash order or keyed by a number are sorted by their first two columns;
 * each cell is formatted when measured and again when printed.
 */
#include "lib/zebra.h"

#include "lib/memory.h"

#include "common/hg_show.h"

DECLARE_MGROUP(HOSTGUARD);
DEFINE_MTYPE_STATIC(HOSTGUARD, HG_SHOW, "hostguard show table");

#define HG_SHOW_CELL 256

/*
 * A cell's text: the row's name for a column without key, "-" for a
 * missing value. *numeric says whether it is a number (right-aligned).
 */
static const char *cell_text(const struct hg_col *col, const char *name, json_object *row,
			     bool *numeric, char *buf, size_t len)
{
	json_object *v;

	*numeric = false;
	if (!col->key)
		return name ? name : "-";
	v = hg_json_get(row, col->key);
	if (!v)
		return "-";
	if (col->fmt == HG_COL_SECS) {
		int64_t ms = json_object_get_int64(v);

		*numeric = true;
		if (ms < 0)
			return "-";
		snprintf(buf, len, "%" PRId64 ".%" PRId64, ms / 1000, (ms % 1000) / 100);
		return buf;
	}
	*numeric = json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
	snprintf(buf, len, "%s", json_object_get_string(v));
	return buf[0] ? buf : "-";
}

struct row {
	const char *name; /* in an object of rows; NULL in an array */
	json_object *obj;
};

struct table {
	struct vty *vty;
	const char *indent;
	const struct hg_col *cols;
	size_t ncols;
	int *width;
	bool *numeric;
};

/* The rows of an array, or of an object whose members are rows. */
static size_t rows_collect(json_object *rows, struct row **out)
{
	size_t n = 0;

	if (json_object_is_type(rows, json_type_array)) {
		n = json_object_array_length(rows);
		*out = XCALLOC(MTYPE_HG_SHOW, (n + 1) * sizeof(**out));
		for (size_t i = 0; i < n; i++)
			(*out)[i].obj = json_object_array_get_idx(rows, i);
		return n;
	}
	*out = XCALLOC(MTYPE_HG_SHOW, (json_object_object_length(rows) + 1) * sizeof(**out));
	json_object_object_foreach(rows, name, obj)
	{
		(*out)[n].name = name;
		(*out)[n++].obj = obj;
	}
	return n;
}

static const struct hg_col *sort_cols;

/* Rows in the order of their first two columns, numbers as numbers. */
static int cell_cmp(const struct hg_col *col, const struct row *a, const struct row *b)
{
	char ba[HG_SHOW_CELL], bb[HG_SHOW_CELL];
	bool na, nb;
	const char *ta = cell_text(col, a->name, a->obj, &na, ba, sizeof(ba));
	const char *tb = cell_text(col, b->name, b->obj, &nb, bb, sizeof(bb));

	if (na && nb && strlen(ta) != strlen(tb))
		return strlen(ta) < strlen(tb) ? -1 : 1;
	return strcmp(ta, tb);
}

static int row_cmp(const void *pa, const void *pb)
{
	int c = cell_cmp(&sort_cols[0], pa, pb);

	return c ? c : cell_cmp(&sort_cols[1], pa, pb);
}

static void measure_row(struct table *t, const struct row *r)
{
	char buf[HG_SHOW_CELL];
	bool num;

	for (size_t i = 0; i < t->ncols; i++) {
		const char *text = cell_text(&t->cols[i], r->name, r->obj, &num, buf, sizeof(buf));

		/* a column is numeric when every value present is */
		if (!num && strcmp(text, "-"))
			t->numeric[i] = false;
		t->width[i] = MAX(t->width[i], (int)strlen(text));
	}
}

static void print_cells(struct table *t, const char *const *text)
{
	vty_out(t->vty, "%s", t->indent);
	for (size_t i = 0; i < t->ncols; i++) {
		bool last = i + 1 == t->ncols;

		if (t->numeric[i])
			vty_out(t->vty, "%*s", t->width[i], text[i]);
		else if (last)
			vty_out(t->vty, "%s", text[i]);
		else
			vty_out(t->vty, "%-*s", t->width[i], text[i]);
		vty_out(t->vty, "%s", last ? "\n" : "  ");
	}
}

static void print_row(struct table *t, const struct row *r)
{
	char buf[t->ncols][HG_SHOW_CELL];
	const char *text[t->ncols];
	bool num;

	for (size_t i = 0; i < t->ncols; i++)
		text[i] = cell_text(&t->cols[i], r->name, r->obj, &num, buf[i], sizeof(buf[i]));
	print_cells(t, text);
}

void hg_show_table(struct vty *vty, const char *indent, const struct hg_col *cols, size_t ncols,
		   json_object *rows)
{
	int width[ncols];
	bool numeric[ncols];
	const char *titles[ncols];
	struct table t = { vty, indent, cols, ncols, width, numeric };
	struct row *r;
	size_t n = rows_collect(rows, &r);

	memset(numeric, true, sizeof(numeric));
	for (size_t i = 0; i < ncols; i++) {
		width[i] = MAX(cols[i].width, (int)strlen(cols[i].title));
		titles[i] = cols[i].title;
	}
	for (size_t i = 0; i < n; i++)
		measure_row(&t, &r[i]);
	/* hash order, or a list keyed by a number (VNI): sort; else keep it */
	if (ncols >= 2 && (!json_object_is_type(rows, json_type_array) || numeric[0])) {
		sort_cols = cols;
		qsort(r, n, sizeof(*r), row_cmp);
	}
	print_cells(&t, titles);
	for (size_t i = 0; i < n; i++)
		print_row(&t, &r[i]);
	XFREE(MTYPE_HG_SHOW, r);
}

static int pairs_key_width(json_object *obj)
{
	int w = 0;

	json_object_object_foreach(obj, k, v)
		if (!json_object_is_type(v, json_type_object))
			w = MAX(w, (int)strlen(k));
	return w;
}

void hg_show_pairs(struct vty *vty, const char *indent, json_object *obj)
{
	int w = pairs_key_width(obj);
	char deeper[64];

	snprintf(deeper, sizeof(deeper), "%s  ", indent);
	json_object_object_foreach(obj, k, v)
	{
		if (json_object_is_type(v, json_type_object)) {
			vty_out(vty, "%s%s:\n", indent, k);
			hg_show_pairs(vty, deeper, v);
			continue;
		}
		const char *s = json_object_get_string(v);

		vty_out(vty, "%s%-*s  %s\n", indent, w, k, s && *s ? s : "-");
	}
}

void hg_show_section(struct vty *vty, const char *title, json_object *obj)
{
	vty_out(vty, "%s:\n", title);
	hg_show_pairs(vty, "  ", obj);
}
