// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Prometheus text exposition of the modules' counters.
 */
#include "lib/zebra.h"

#include "lib/version.h"

#include "common/hg_metrics.h"

#define HG_METRIC_NAME 160

/* probesRateLimited -> probes_rate_limited (Prometheus names are snake_case). */
static void snake(char *buf, size_t len, const char *key)
{
	size_t o = 0;

	for (const char *k = key; *k && o + 2 < len; k++) {
		if (isupper((unsigned char)*k)) {
			if (o)
				buf[o++] = '_';
			buf[o++] = (char)tolower((unsigned char)*k);
		} else if (isalnum((unsigned char)*k)) {
			buf[o++] = *k;
		} else {
			buf[o++] = '_';
		}
	}
	buf[o] = '\0';
}

static void metric_name(char *buf, size_t len, const char *prefix, const char *key,
			enum hg_metric_type type)
{
	char s[HG_METRIC_NAME];

	snake(s, sizeof(s), key);
	snprintf(buf, len, "%s_%s%s", prefix, s, type == HG_METRIC_COUNTER ? "_total" : "");
}

void hg_metric_family(struct vty *vty, const char *name, enum hg_metric_type type, const char *help)
{
	vty_out(vty, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
		type == HG_METRIC_COUNTER ? "counter" : "gauge");
}

void hg_metric_sample(struct vty *vty, const char *name, const char *labels, int64_t value)
{
	if (labels && *labels)
		vty_out(vty, "%s{%s} %" PRId64 "\n", name, labels, value);
	else
		vty_out(vty, "%s %" PRId64 "\n", name, value);
}

void hg_metrics_info(struct vty *vty, const char *daemon)
{
	char labels[128];

	hg_metric_family(vty, "hostguard_info", HG_METRIC_GAUGE,
			 "hostguard module loaded, with its version and FRR's");
	snprintf(labels, sizeof(labels), "daemon=\"%s\",version=\"%s\",frr_version=\"%s\"", daemon,
		 HG_VERSION, FRR_VER_SHORT);
	hg_metric_sample(vty, "hostguard_info", labels, 1);
}

static const struct hg_metric_desc *desc_find(const struct hg_metric_desc *desc, size_t n,
					      const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(desc[i].key, key))
			return &desc[i];
	return NULL;
}

static bool is_number(json_object *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_boolean);
}

void hg_metrics_json(struct vty *vty, const char *prefix, json_object *obj,
		     const struct hg_metric_desc *desc, size_t ndesc)
{
	char name[2 * HG_METRIC_NAME], help[2 * HG_METRIC_NAME], label[2 * HG_METRIC_NAME];

	json_object_object_foreach(obj, key, v)
	{
		const struct hg_metric_desc *d = desc_find(desc, ndesc, key);
		enum hg_metric_type type = d ? d->type : HG_METRIC_COUNTER;
		bool nested = json_object_is_type(v, json_type_object);

		if (!nested && !is_number(v))
			continue;
		metric_name(name, sizeof(name), prefix, key, type);
		if (d && d->help)
			snprintf(help, sizeof(help), "%s", d->help);
		else
			snprintf(help, sizeof(help), "%s (%s in show hostguard status)", key,
				 nested ? "object" : "counter");
		hg_metric_family(vty, name, type, help);
		if (!nested) {
			hg_metric_sample(vty, name, NULL, json_object_get_int64(v));
			continue;
		}
		json_object_object_foreach(v, sub, sv)
		{
			if (!is_number(sv))
				continue;
			snprintf(label, sizeof(label), "%s=\"%s\"",
				 d && d->label ? d->label : "kind", sub);
			hg_metric_sample(vty, name, label, json_object_get_int64(sv));
		}
	}
}
