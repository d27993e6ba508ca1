/*
 * test_keepalive_fault.c - "[faults] TIME keepalive DOMAIN down|up [from
 * SWITCH]" (cli/scenario_faults.c): both directions, or one switch's
 * keepalives alone, as each switch's log then tells it.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "switch/switch.h"
#include "world.h"

#define PAIR(faults)                                                                     \
	"[sim]\nduration = 16s\n"                                                        \
	"[switch sw1]\nports = Gi0/1-4\n[switch sw2]\nports = Gi0/1-4\n"                 \
	"[mlag pair]\nswitches = sw1 sw2\npeer_link = Gi0/4\nrole_priority = 100 200\n" \
	"[links]\nsw1.Gi0/4 = sw2.Gi0/4\n"                                               \
	"[faults]\n" faults

static struct world *run(const char *text)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "ka.ini", &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	return w;
}

/* When @sw's log first says @needle; -1: never. */
static sim_time_t log_at(struct world *w, const char *sw, const char *needle)
{
	const GArray *lines = sw_log(world_find_switch(w, sw)->sw)->lines;

	for (guint i = 0; i < lines->len; i++) {
		const struct sim_log_line *l = &g_array_index(lines, struct sim_log_line, i);

		if (strstr(l->text, needle))
			return l->at;
	}
	return -1;
}

#define FAIL "%VPC-2-PEER_KEEP_ALIVE_RECV_FAIL"
#define BACK "%VPC-2-PEER_KEEP_ALIVE_RECV_SUCCESS"

/* "down from sw1" at 5.2 s: sw2 misses sw1's from 5 s on (lost at 10 s); sw1 hears on. */
Test(keepalive_fault, down_from_one_switch_is_noticed_by_the_other_only)
{
	struct world *w = run(PAIR("5200ms keepalive pair down from sw1\n"
				   "12200ms keepalive pair up from sw1\n"));

	cr_expect_eq(log_at(w, "sw2", FAIL), 10 * SIM_S);
	cr_expect_eq(log_at(w, "sw1", FAIL), -1);
	/* back at 12.2 s: sw2 hears sw1's keepalive of 13 s */
	cr_expect_eq(log_at(w, "sw2", BACK), 13 * SIM_S);
	world_free(w);
}

/* "down" alone is both ways: sw1 misses sw2's from 4.5 s, sw2 sw1's from 5 s. */
Test(keepalive_fault, down_alone_is_both_directions)
{
	struct world *w = run(PAIR("5200ms keepalive pair down\n"));

	cr_expect_eq(log_at(w, "sw1", FAIL), 9 * SIM_S + 500 * SIM_MS);
	cr_expect_eq(log_at(w, "sw2", FAIL), 10 * SIM_S);
	world_free(w);
}

/* "up" alone after one direction lost brings that one back too. */
Test(keepalive_fault, up_alone_ends_a_one_way_loss)
{
	struct world *w = run(PAIR("5200ms keepalive pair down from sw2\n"
				   "11200ms keepalive pair up\n"));

	cr_expect_eq(log_at(w, "sw1", FAIL), 9 * SIM_S + 500 * SIM_MS);
	cr_expect_eq(log_at(w, "sw1", BACK), 11 * SIM_S + 500 * SIM_MS);
	cr_expect_eq(log_at(w, "sw2", FAIL), -1);
	world_free(w);
}
