// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The libFuzzer entry point every target shares: each input goes to the
 * target's fuzz_one() as an exact-size heap copy, so that any read past
 * its end is caught.
 */
#ifndef HG_FUZZ_H
#define HG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the target does with one input. */
static void fuzz_one(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = size ? malloc(size) : NULL;

	if (size)
		memcpy(copy, data, size);
	fuzz_one(copy, size);
	free(copy);
	return 0;
}

#endif /* HG_FUZZ_H */
