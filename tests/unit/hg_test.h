// SPDX-License-Identifier: GPL-2.0-or-later
/* Minimal unit-test harness: each CHECK counts; main prints a summary. */
#ifndef HG_TEST_H
#define HG_TEST_H

#include <stdio.h>

static int hg_test_passed, hg_test_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond) {                                                                        \
			hg_test_passed++;                                                          \
		} else {                                                                           \
			hg_test_failed++;                                                          \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

static inline int hg_test_summary(const char *name)
{
	printf("%s: %d checks passed, %d failed\n", name, hg_test_passed, hg_test_failed);
	return hg_test_failed ? 1 : 0;
}

#ifdef HG_CORPUS
#include <stdint.h>

/* One seed frame of the fuzz corpus (tests/fuzz/corpus/DIR/NAME). */
static inline size_t hg_test_corpus(const char *dir, const char *name, uint8_t *buf, size_t len)
{
	char path[512];
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s/%s", HG_CORPUS, dir, name);
	fp = fopen(path, "rb");
	CHECK(fp != NULL);
	if (!fp)
		return 0;
	n = fread(buf, 1, len, fp);
	fclose(fp);
	return n;
}
#endif

#endif /* HG_TEST_H */
