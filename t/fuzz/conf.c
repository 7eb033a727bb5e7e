/*
 * conf.c: libFuzzer target for steward.conf (src/conf.c). Invariants: an
 * accepted file leaves every number within its range and every string a
 * string; a refused one says why.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "conf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct conf	c;
	char		err[512] = "";

	conf_defaults(&c);
	if (conf_parse(&c, (const char *)data, len, "fuzz", err,
	    sizeof(err)) == 0) {
		if (c.workers < 1 || c.workers > 128 || c.database == NULL ||
		    c.max_body_size < 1024 || c.argon2_memory < 8 ||
		    c.argon2_memory < 8 * c.argon2_parallelism ||
		    c.argon2_memory > c.argon2_max_memory)
			abort();
	} else if (err[0] == '\0')
		abort();
	conf_free(&c);
	return 0;
}
