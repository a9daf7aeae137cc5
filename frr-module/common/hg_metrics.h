// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * "show hostguard metrics": the modules' counters in Prometheus' text
 * exposition format (for node_exporter's textfile collector, through
 * hostguardctl metrics), derived from the same JSON as the show commands
 * so that a counter added there is exported too.
 */
#ifndef HG_METRICS_H
#define HG_METRICS_H

#include "lib/json.h"
#include "lib/vty.h"

enum hg_metric_type {
	HG_METRIC_COUNTER = 0, /* name gets "_total" */
	HG_METRIC_GAUGE,
};

/* What a JSON key is, when it is not a counter or needs better help. */
struct hg_metric_desc {
	const char *key; /* JSON key */
	enum hg_metric_type type;
	const char *help;
	const char *label; /* nested object: its members are this label's values */
};

/* hostguard_info{daemon,version,frr_version} 1 */
void hg_metrics_info(struct vty *vty, const char *daemon);

/* "# HELP" and "# TYPE" of one family. */
void hg_metric_family(struct vty *vty, const char *name, enum hg_metric_type type, const char *help);

/* One sample; labels: "" or 'a="x",b="y"'. */
void hg_metric_sample(struct vty *vty, const char *name, const char *labels, int64_t value);

/*
 * Every number or boolean of obj as a family prefix_<key in snake_case>;
 * a nested object as one family with a label (desc's, or "kind") whose
 * values are its keys. Keys without desc are counters.
 */
void hg_metrics_json(struct vty *vty, const char *prefix, json_object *obj,
		     const struct hg_metric_desc *desc, size_t ndesc);

#endif /* HG_METRICS_H */
