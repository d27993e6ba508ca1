/*
 * fuzz.c - the table of fuzz targets and the libFuzzer entry points.
 *
 * DOC: One binary, build-fuzz/bondsim-fuzz, holds every target; it is run
 * through links named fuzz-<target> (fuzz/run.sh makes them) and takes its
 * target from that name, so a crash replays with
 * "build-fuzz/fuzz-<target> FILE" and each target keeps its own corpus and
 * artifacts.  Run under its own name it lists the targets.  Adding a parser
 * is one line in fuzz_targets[] below (and its function): the Makefile and
 * fuzz/run.sh take the list from this binary.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <sanitizer/common_interface_defs.h>
#include "fuzz.h"

const struct fuzz_target fuzz_targets[] = {
	{ "scenario", "a scenario file: a world built (and run 10 ms) or a file:line error",
	  fuzz_scenario },
	{ "bond_options", "bonding options: module line, sysfs writes, one option at a time",
	  fuzz_bond_options },
	{ "modprobe", "an /etc/modprobe.d file, then the boot it makes", fuzz_modprobe },
	{ "ifcfg", "ifcfg-* and modprobe.d files of one host, then the boot", fuzz_ifcfg },
	{ "networkd", "systemd-networkd .netdev and .network files of one host, then the boot",
	  fuzz_networkd },
	{ "nm", "NetworkManager keyfiles of one host (bonds and their ports), then the boot",
	  fuzz_nm },
	{ "interfaces", "an /etc/network/interfaces file with bond-* options, then the boot",
	  fuzz_interfaces },
	{ "netplan", "netplan YAML files of one host (ethernets, bonds), then the boot",
	  fuzz_netplan },
	{ "hash_cmd", "the command line of `bondsim hash` (hex frames, fields)", fuzz_hash_cmd },
	{ "dissect", "wire_dissect() with every option combination", fuzz_dissect },
	{ "host_rx", "frames into a host's NIC and bond: Ethernet, ARP, IPv4, ICMP, UDP",
	  fuzz_host_rx },
	{ "bond_hash", "bond_xmit_hash() under every xmit_hash_policy", fuzz_bond_hash },
	{ "lag_hash", "the switch port-channel hash, every lag hash", fuzz_lag_hash },
	{ "lacpdu", "LACPDUs into a running two-port LACP system, with its ticks", fuzz_lacpdu },
	{ "marker", "a Marker PDU, and the Marker Response it gets", fuzz_marker },
	{ "ios", "a switch config in IOS syntax, built on a switch; its running-config read back",
	  fuzz_ios },
	{ "tcp", "TCP segments into a listener and a connecting socket; tcp_parse()", fuzz_tcp },
	{ NULL, NULL, NULL },
};

/* The target this process runs, chosen once from argv[0]. */
static const struct fuzz_target *chosen;

void fuzz_fail(const char *target, const char *fmt, ...)
{
	char msg[512];
	int n = snprintf(msg, sizeof(msg), "fuzz %s: ", target);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* stderr is closed while fuzzing (-close_fd_mask): say it where reports go */
	__sanitizer_report_error_summary(msg);
	abort();
}

/* Silence GLib's default log handler for messages below a warning. */
static void fuzz_log_quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
			   gpointer data)
{
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = strrchr((*argv)[0], '/');

	base = base ? base + 1 : (*argv)[0];
	for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
		if (g_str_has_prefix(base, "fuzz-") && strcmp(base + 5, t->name) == 0)
			chosen = t;
	if (!chosen) {
		/* the list, one name a line, then what each reads: for run.sh and people */
		for (const struct fuzz_target *t = fuzz_targets; t->name; t++)
			printf("%-14s %s\n", t->name, t->what);
		exit(0);
	}
	g_log_set_handler(NULL, G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE,
			  fuzz_log_quiet, NULL);
	/* a warning or critical is a broken promise (world_free()'s frame count, a
	 * g_return_if_fail()): abort, so that libFuzzer keeps the input */
	g_log_set_always_fatal(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	chosen->one_input(data, size);
	return 0;
}
