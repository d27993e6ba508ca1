/*
 * test_autoneg.c - what two ends' speed and duplex settings come up as.
 *
 * The rows are the combinations engineers meet (Cisco's NIC compatibility
 * table lists the same): end 0 is a server's NIC, end 1 a switch port.
 */
#include <criterion/criterion.h>
#include "link/autoneg.h"

#define M10 10000000ULL
#define M100 100000000ULL
#define G1 1000000000ULL
#define G10 10000000000ULL

static const struct autoneg_cfg AUTO = { 0 };
static const struct autoneg_cfg F100FULL = { true, M100, AUTONEG_DUPLEX_FULL, 0 };
static const struct autoneg_cfg F100HALF = { true, M100, AUTONEG_DUPLEX_HALF, 0 };
static const struct autoneg_cfg F100 = { true, M100, AUTONEG_DUPLEX_ANY, 0 };
static const struct autoneg_cfg F10FULL = { true, M10, AUTONEG_DUPLEX_FULL, 0 };
static const struct autoneg_cfg F1000FULL = { true, G1, AUTONEG_DUPLEX_FULL, 0 };
static const char *const NAMES[2] = { "server eth0", "sw1 Gi0/1" };

static struct autoneg_result resolve(struct autoneg_cfg a, struct autoneg_cfg b, uint64_t cable)
{
	const struct autoneg_cfg c[2] = { a, b };
	struct autoneg_result r;

	autoneg_resolve(c, cable, &r);
	return r;
}

static const char *explain(struct autoneg_cfg a, struct autoneg_cfg b, uint64_t cable)
{
	static char buf[512];
	const struct autoneg_cfg c[2] = { a, b };
	struct autoneg_result r = resolve(a, b, cable);

	return autoneg_explain(c, &r, NAMES, buf, sizeof(buf));
}

Test(autoneg, both_auto_take_the_cable_full_and_explain_nothing)
{
	struct autoneg_result r = resolve(AUTO, AUTO, G1);

	cr_assert(r.link);
	cr_assert_eq(r.speed_bps, G1);
	cr_assert(!r.half[0] && !r.half[1]);
	cr_assert_eq(r.how[0], AUTONEG_NEGOTIATED);
	cr_assert_str_eq(explain(AUTO, AUTO, G1), "");
}

Test(autoneg, port_forced_full_against_a_negotiating_nic_is_the_mismatch)
{
	struct autoneg_result r = resolve(AUTO, F100FULL, G1);

	cr_assert(r.link);
	cr_assert_eq(r.speed_bps, M100);
	cr_assert(r.half[0], "the NIC falls back to half by parallel detection");
	cr_assert(!r.half[1]);
	cr_assert_eq(r.how[0], AUTONEG_PARALLEL);
	cr_assert_eq(r.how[1], AUTONEG_FORCED);
	cr_assert_str_eq(explain(AUTO, F100FULL, G1),
			 "sw1 Gi0/1 is forced to 100M/full and sends no autonegotiation; server eth0 "
			 "negotiates, hears none, detects 100M (parallel detection) and takes half "
			 "duplex, as it cannot learn the far end's: duplex mismatch");
}

Test(autoneg, nic_forced_full_against_a_negotiating_port_is_the_mirror_image)
{
	struct autoneg_result r = resolve(F100FULL, AUTO, G1);

	cr_assert(r.link);
	cr_assert(!r.half[0] && r.half[1]);
	cr_assert_eq(r.how[1], AUTONEG_PARALLEL);
}

Test(autoneg, forced_half_against_auto_links_half_with_no_mismatch)
{
	struct autoneg_result r = resolve(F100HALF, AUTO, G1);

	cr_assert(r.link && r.half[0] && r.half[1]);
	cr_assert(strstr(explain(F100HALF, AUTO, G1), "mismatch") == NULL);
}

Test(autoneg, a_forced_speed_with_no_duplex_is_half)
{
	struct autoneg_result r = resolve(F100FULL, F100, M100);

	cr_assert(r.link);
	cr_assert(!r.half[0] && r.half[1]);
	cr_assert_str_eq(explain(F100FULL, F100, M100),
			 "server eth0 is forced to 100M/full, sw1 Gi0/1 is forced to 100M with no duplex "
			 "set (half: nothing is negotiated): neither negotiates: duplex mismatch");
}

Test(autoneg, both_forced_alike_link_both_forced_apart_never)
{
	struct autoneg_result r = resolve(F100FULL, F100FULL, G1);

	cr_assert(r.link && !r.half[0] && !r.half[1]);
	cr_assert_eq(r.speed_bps, M100);
	r = resolve(F10FULL, F100FULL, G1);
	cr_assert(!r.link);
	cr_assert_str_eq(explain(F10FULL, F100FULL, G1),
			 "no link: server eth0 is forced to 10M/full, sw1 Gi0/1 is forced to 100M/full: "
			 "ends forced to different speeds never link");
}

Test(autoneg, a_forced_1000_still_negotiates)
{
	struct autoneg_result r = resolve(AUTO, F1000FULL, G1);

	cr_assert(r.link);
	cr_assert_eq(r.speed_bps, G1);
	cr_assert(!r.half[0] && !r.half[1]);
	cr_assert_eq(r.how[0], AUTONEG_NEGOTIATED);
	/* ... and needs a partner able to run 1000 */
	r = resolve(AUTO, F1000FULL, M100);
	cr_assert(!r.link);
}

Test(autoneg, parallel_detection_goes_by_what_the_phy_can_run_not_what_it_advertises)
{
	struct autoneg_result r = resolve((struct autoneg_cfg){ false, G1, AUTONEG_DUPLEX_FULL, 0 },
					  F100, G1);

	cr_assert(r.link);
	cr_assert_eq(r.speed_bps, M100);
	cr_assert(r.half[0] && r.half[1], "no duplex set on the forced end: half at both");
	cr_assert(strstr(explain((struct autoneg_cfg){ false, G1, AUTONEG_DUPLEX_FULL, 0 }, F100, G1),
			 "mismatch") == NULL);
}

Test(autoneg, a_forced_speed_the_far_end_cannot_run_is_no_link)
{
	struct autoneg_result r = resolve(AUTO, F100FULL, M10);

	cr_assert(!r.link);
	cr_assert_str_eq(explain(AUTO, F100FULL, M10),
			 "no link: sw1 Gi0/1 is forced to 100M/full and sends no autonegotiation; "
			 "server eth0 cannot run 100M");
}

Test(autoneg, limited_advertisements_meet_at_the_best_common_mode)
{
	struct autoneg_cfg only100 = { false, M100, AUTONEG_DUPLEX_ANY, 0 };
	struct autoneg_cfg half_only = { false, 0, AUTONEG_DUPLEX_HALF, 0 };
	struct autoneg_result r = resolve(only100, AUTO, G1);

	cr_assert(r.link && r.speed_bps == M100 && !r.half[0] && !r.half[1]);
	cr_assert_str_eq(explain(only100, AUTO, G1),
			 "server eth0 advertises 100M only: both negotiate 100M/full");
	/* no 1000baseT/Half on Intel NICs and Catalyst ports: half only meets at 100 */
	r = resolve(AUTO, half_only, G1);
	cr_assert(r.link && r.speed_bps == M100 && r.half[0] && r.half[1]);
	r = resolve((struct autoneg_cfg){ false, G1, 0, 0 }, only100, G1);
	cr_assert(!r.link, "1000 only against 100 only: nothing in common");
}

Test(autoneg, a_10g_cable_runs_at_its_speed)
{
	struct autoneg_result r = resolve(AUTO, (struct autoneg_cfg){ false, G10, 0, 0 }, G10);

	cr_assert(r.link && r.speed_bps == G10 && !r.half[0] && !r.half[1]);
	cr_assert_eq(r.how[0], AUTONEG_FIXED);
	cr_assert_str_eq(explain(AUTO, AUTO, G10), "");
	r = resolve(AUTO, F1000FULL, G10);
	cr_assert(!r.link);
	cr_assert_str_eq(explain(AUTO, F1000FULL, G10),
			 "no link: a 10G cable runs at its one speed, and sw1 Gi0/1 is set to 1G");
}

Test(autoneg, settings_as_text)
{
	char buf[64];

	cr_assert_str_eq(autoneg_cfg_text(&AUTO, buf, sizeof(buf)), "auto");
	cr_assert_str_eq(autoneg_cfg_text(&F100FULL, buf, sizeof(buf)), "100M/full");
	cr_assert_str_eq(autoneg_cfg_text(&F100, buf, sizeof(buf)), "100M/auto");
	cr_assert_str_eq(autoneg_cfg_text(&(struct autoneg_cfg){ false, M100, AUTONEG_DUPLEX_FULL, 0 },
					  buf, sizeof(buf)), "auto, 100M/full");
}

/* IOS's "speed auto 10 100", a .link's Advertise=: a set one speed and one duplex cannot say */
Test(autoneg, an_advertise_mask_limits_negotiation_to_its_modes)
{
	struct autoneg_cfg ios_10_100 = { .advertise = AUTONEG_ADV_10HALF | AUTONEG_ADV_10FULL |
					  AUTONEG_ADV_100HALF | AUTONEG_ADV_100FULL };
	struct autoneg_cfg full_100_1000 = { .advertise = AUTONEG_ADV_100FULL | AUTONEG_ADV_1000FULL };
	struct autoneg_cfg half_only = { false, 0, AUTONEG_DUPLEX_HALF, 0 };
	struct autoneg_result r = resolve(AUTO, ios_10_100, G1);
	char buf[64];

	cr_assert(!autoneg_is_default(&ios_10_100));
	cr_assert(r.link && r.speed_bps == M100 && !r.half[0] && !r.half[1]);
	cr_assert_eq(r.how[1], AUTONEG_NEGOTIATED);
	cr_assert_str_eq(explain(AUTO, ios_10_100, G1),
			 "sw1 Gi0/1 advertises 10M, 100M only: both negotiate 100M/full");
	r = resolve(full_100_1000, ios_10_100, G1);
	cr_assert(r.link && r.speed_bps == M100 && !r.half[0]);
	r = resolve(full_100_1000, AUTO, M100);
	cr_assert(r.link && r.speed_bps == M100, "a 100M cable: 1000 is not run");
	r = resolve(full_100_1000, half_only, G1);
	cr_assert(!r.link, "full duplex only against half only: nothing in common");
	/* parallel detection goes by what the PHY can run, not by the mask */
	r = resolve(full_100_1000, F10FULL, G1);
	cr_assert(r.link && r.speed_bps == M10 && r.half[0] && !r.half[1]);
	cr_assert_str_eq(autoneg_cfg_text(&ios_10_100, buf, sizeof(buf)), "auto, 10M, 100M");
	cr_assert_str_eq(autoneg_cfg_text(&full_100_1000, buf, sizeof(buf)), "auto, 100M/full, 1G/full");
}

/* ethtool -s during the run: a speed, a duplex or autoneg off said replaces the list */
Test(autoneg, an_ethtool_change_replaces_an_advertise_list)
{
	const struct autoneg_cfg list = { .advertise = AUTONEG_ADV_100FULL | AUTONEG_ADV_1000FULL };
	struct autoneg_change ch;
	struct autoneg_cfg c;

	cr_assert(autoneg_parse_change("speed 100", &ch, NULL));
	c = autoneg_change_apply(&list, &ch);
	cr_assert(!c.forced && c.speed_bps == M100 && c.advertise == 0);
	cr_assert(autoneg_parse_change("autoneg off speed 1000 duplex full", &ch, NULL));
	c = autoneg_change_apply(&list, &ch);
	cr_assert(c.forced && c.advertise == 0, "a forced 1000 negotiates 1000 only, not the list");
	cr_assert(autoneg_parse_change("autoneg on", &ch, NULL));
	c = autoneg_change_apply(&list, &ch);
	cr_assert(autoneg_is_default(&c), "autoneg on alone advertises everything again");
}
