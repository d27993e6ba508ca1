/*
 * fuzz_ios.c - the target for a switch configured in IOS syntax (models/switch/sw_ios*.c).
 *
 * DOC: The input is a config as an engineer could paste it.  Beyond the
 * sanitizers, the target holds the parser to its promises: a refusal
 * names sw1.cfg and its line; a config that parses and builds on a switch
 * has a running-config that parses and builds again, on a second switch,
 * into the same running-config byte for byte (the round trip the README
 * promises).
 */
#include <string.h>
#include "fuzz.h"
#include "switch/sw_ios.h"

#define FUZZ_IOS_FILE "sw1.cfg"

/* Parse and build @text on a new switch "sw1": its running-config, or NULL with @err. */
static char *build(struct sim *sim, const char *text, GError **err)
{
	struct sw_ios *c = sw_ios_parse(text, FUZZ_IOS_FILE, 1, err);
	struct sw_config cfg;
	struct sw *sw;
	char *rc = NULL;

	if (!c)
		return NULL;
	sw_config_init(&cfg);
	sw_ios_config(c, &cfg);
	sw = sw_new(sim, "sw1", &cfg);
	if (sw_ios_apply(c, sw, err))
		rc = g_strdup(sw_running_config(sw));
	sw_free(sw);
	sw_ios_free(c);
	return rc;
}

void fuzz_ios(const uint8_t *data, size_t size)
{
	char *text = g_strndup((const char *)data, size);
	struct sim *sim = sim_new(1);
	GError *err = NULL;
	char *rc = build(sim, text, &err), *again;

	g_free(text);
	if (!rc) {
		if (!err)
			fuzz_fail("ios", "refused without an error");
		if (!g_str_has_prefix(err->message, FUZZ_IOS_FILE ":"))
			fuzz_fail("ios", "error without " FUZZ_IOS_FILE ":line: %s", err->message);
		g_error_free(err);
		sim_free(sim);
		return;
	}
	again = build(sim, rc, &err);
	if (!again)
		fuzz_fail("ios", "its running-config is refused: %s\n%s", err ? err->message : "?", rc);
	if (strcmp(again, rc) != 0)
		fuzz_fail("ios", "running-config read back differs:\n%s---\n%s", rc, again);
	g_free(again);
	g_free(rc);
	sim_free(sim);
}
