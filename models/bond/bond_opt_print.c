/*
 * bond_opt_print.c - "bondsim options [NAME]": the options table as a
 * reference (values, defaults, the modes each applies to, how it is set),
 * and the bonding.rst settings that are no bond option.
 */
#include "bond_options_priv.h"

#include <stdio.h>
#include <string.h>

static char *modes_text(unsigned int mask)
{
	GString *s = g_string_new(NULL);

	if ((mask & BOND_MODES_ALL) == BOND_MODES_ALL)
		return g_string_free(g_string_append(s, "all"), FALSE);
	for (int m = 0; m < BOND_MODE_COUNT; m++)
		if (mask & BOND_MODE_BIT(m))
			g_string_append_printf(s, "%s%s(%d)", s->len ? " " : "", bond_mode_name(m),
					       m);
	return g_string_free(s, FALSE);
}

/* Every option, or only @only. */
static void print_options(FILE *out, const struct bond_opt_desc *only)
{
	struct bond_params def;

	bond_params_init(&def);
	if (!only)
		fprintf(out, "Bonding options (Linux 6.1; names and numbers are both accepted; coupled_control, netlink-only since 6.9, is not modelled)\n");
	for (int i = 0; i < BOND_OPT_COUNT; i++) {
		const struct bond_opt_desc *d = bond_opt_get(i);

		if (only && d != only)
			continue;

		g_autofree char *dflt = bond_opt_value_text(&def, d->id);
		g_autofree char *modes = modes_text(d->modes);
		g_autofree char *refused = d->unsupp ? modes_text(d->unsupp) : NULL;

		fprintf(out, "%s%s%s%s%s\n    %s\n", only ? "" : "\n", d->name, d->unit ? " (" : "",
			d->unit ? d->unit : "", d->unit ? ")" : "", d->desc);
		if (d->type == BOND_OPT_T_NUMBER) {
			g_autofree char *vals = bond_opt_valid_values_text(d);

			fprintf(out, "    %s\n", vals);
		} else if (d->type == BOND_OPT_T_IPV4_LIST) {
			fprintf(out, "    values: a.b.c.d[,a.b.c.d...] "
				"(sysfs: +a.b.c.d / -a.b.c.d)\n");
		} else if (d->type == BOND_OPT_T_IPV6_LIST) {
			fprintf(out, "    values: IPv6 addresses, comma separated\n");
		} else if (d->type == BOND_OPT_T_IFNAME) {
			fprintf(out, "    values: interface name, at most 15 characters\n");
		} else {
			fprintf(out, "    values: unicast MAC xx:xx:xx:xx:xx:xx\n");
		}
		fprintf(out, "    default: %s\n", *dflt ? dflt : "(none)");
		fprintf(out, "    effective in: %s\n", modes);
		if (refused)
			fprintf(out, "    refused at run time in: %s\n", refused);
		fprintf(out, "    set via: %s%s%s%s%s\n",
			d->modparam != BOND_OPT_MP_NONE ? "module parameter" : "",
			d->modparam != BOND_OPT_MP_NONE && (d->flags & BOND_OPT_F_SYSFS) ? ", " : "",
			(d->flags & BOND_OPT_F_SYSFS) ? "sysfs/BONDING_OPTS" : "",
			(d->flags & BOND_OPT_F_NETLINK) ? "netlink only (ip link, NetworkManager)" : "",
			(d->flags & BOND_OPT_F_IFDOWN) ? " (bond down only)" :
			(d->flags & BOND_OPT_F_NOSLAVES) ? " (no slaves only)" : "");
	}
}

/*
 * bonding.rst's settings that are no bond option of the table: a run-time
 * write, or a slave's.  Listed so that looking one up says where it is.
 */
static const struct {
	const char *name, *text;
} elsewhere[] = {
	{ "active_slave", "the active slave, a run-time write (sysfs active_slave, ip link set bond0 "
	  "type bond active_slave eth1): in a scenario, [faults] 'TIME active_slave HOST.BOND NIC' "
	  "(\"\" clears it); in active-backup, balance-tlb and balance-alb" },
	{ "prio", "a slave's priority for the active slave's choice (Linux 6.0+, ip link set eth1 "
	  "type bond_slave prio N): in a scenario, 'prio eth1 = N' in [host], or [faults] "
	  "'TIME prio HOST.NIC N'; in active-backup, balance-tlb and balance-alb" },
	{ "queue_id", "a slave's transmit queue for tc filters (sysfs queue_id, 'eth1:2'): not "
	  "modelled; frames always go by the mode's choice, and /proc shows 'Slave queue ID: 0'" },
};

void bond_opts_print_table(FILE *out)
{
	print_options(out, NULL);
	fprintf(out, "\nSet elsewhere (no bond option)\n");
	for (size_t i = 0; i < G_N_ELEMENTS(elsewhere); i++)
		fprintf(out, "\n%s\n    %s\n", elsewhere[i].name, elsewhere[i].text);
}

gboolean bond_opts_print_option(FILE *out, const char *name)
{
	const struct bond_opt_desc *d = bond_opt_lookup(name);

	if (d)
		print_options(out, d);
	for (size_t i = 0; !d && i < G_N_ELEMENTS(elsewhere); i++)
		if (strcmp(elsewhere[i].name, name) == 0) {
			fprintf(out, "%s\n    %s\n", elsewhere[i].name, elsewhere[i].text);
			return TRUE;
		}
	return d != NULL;
}
