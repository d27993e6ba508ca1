/*
 * test_sysfs_out.c - the /sys and /proc files a host leaves under --out, as
 * Linux 6.1 would show them: active-backup after a cable pull, and two
 * 802.3ad bonds back to back, file by file.
 */
#include <criterion/criterion.h>
#include <string.h>
#include "world.h"
#include "sysfs_out.h"
#include <glib/gstdio.h>

static struct world *run(const char *text)
{
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load_text(text, "t.ini", &opt, &err);

	cr_assert_not_null(w, "%s", err ? err->message : "");
	world_run(w);
	return w;
}

static const struct sysfs_entry *find(const GPtrArray *tree, const char *rel)
{
	for (guint i = 0; i < tree->len; i++) {
		const struct sysfs_entry *e = g_ptr_array_index(tree, i);

		if (strcmp(e->rel, rel) == 0)
			return e;
	}
	return NULL;
}

/* The content of file @rel, which must exist. */
static const char *file(const GPtrArray *tree, const char *rel)
{
	const struct sysfs_entry *e = find(tree, rel);

	cr_assert_not_null(e, "no %s", rel);
	cr_assert_not_null(e->text, "%s is a symlink", rel);
	return e->text;
}

static const char *link_of(const GPtrArray *tree, const char *rel)
{
	const struct sysfs_entry *e = find(tree, rel);

	cr_assert_not_null(e, "no %s", rel);
	cr_assert_not_null(e->target, "%s is not a symlink", rel);
	return e->target;
}

/* bond0 is a virtual device; eth0 and eth1 the PCI functions 00:03.0 and 00:04.0 */
#define AB "sysfs/server/devices/virtual/net/"
#define AB0 "sysfs/server/devices/pci0000:00/0000:00:03.0/net/eth0/"
#define AB1 "sysfs/server/devices/pci0000:00/0000:00:04.0/net/eth1/"

/* active-backup, eth0's cable pulled at 1 s, snapshots before and after */
static const char ab_world[] =
	"[sim]\nduration = 2s\n"
	"[switch sw1]\nports = Gi0/1-4\n"
	"[host server]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\n"
	"options bond0 = mode=active-backup miimon=100 downdelay=200\n"
	"open_at bond0 = 0s\nip bond0 = 192.168.0.100/24\n"
	"[host client]\nip = 192.168.0.1/24\n"
	"[links]\nserver.eth0 = sw1.Gi0/1\nserver.eth1 = sw1.Gi0/2\nclient.eth0 = sw1.Gi0/3\n"
	"[flow ping]\ntype = ping\nfrom = client\nto = server\ninterval = 10ms\n"
	"[faults]\n500ms snapshot\n1s link server.eth0 down\n1.5s snapshot\n";

Test(sysfs_out, active_backup_after_a_pull)
{
	struct world *w = run(ab_world);
	GPtrArray *t = sysfs_tree_new();

	sysfs_tree_world(w, "sysfs", "proc", t);
	cr_assert_str_eq(file(t, "sysfs/server/class/net/bonding_masters"), "bond0\n");
	cr_assert_null(find(t, "sysfs/client/class/net/bonding_masters"), "no bonding module there");
	cr_assert_str_eq(link_of(t, "sysfs/server/class/net/bond0"), "../../devices/virtual/net/bond0");
	cr_assert_str_eq(link_of(t, "sysfs/server/class/net/eth1"),
			 "../../devices/pci0000:00/0000:00:04.0/net/eth1");
	cr_assert_str_eq(link_of(t, AB "bond0/lower_eth0"), "../../../pci0000:00/0000:00:03.0/net/eth0");
	cr_assert_str_eq(link_of(t, AB1 "master"), "../../../../virtual/net/bond0");
	cr_assert_str_eq(link_of(t, AB1 "upper_bond0"), "../../../../virtual/net/bond0");
	/* a NIC has a device (its PCI function), a bond has none */
	cr_assert_str_eq(link_of(t, AB0 "device"), "../../../0000:00:03.0");
	cr_assert_null(find(t, AB "bond0/device"));
	cr_assert_str_eq(link_of(t, "sysfs/client/class/net/eth0"),
			 "../../devices/pci0000:00/0000:00:03.0/net/eth0");
	/* bonding/: the option table's display, then the bond's state */
	cr_assert_str_eq(file(t, AB "bond0/bonding/mode"), "active-backup 1\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/slaves"), "eth0 eth1\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/active_slave"), "eth1\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/mii_status"), "up\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/miimon"), "100\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/downdelay"), "200\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/updelay"), "0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/xmit_hash_policy"), "layer2 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/lacp_rate"), "slow 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/fail_over_mac"), "none 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/primary_reselect"), "always 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/arp_validate"), "none 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/arp_all_targets"), "any 0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/use_carrier"), "1\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/num_grat_arp"), "1\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/all_slaves_active"), "0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/queue_id"), "eth0:0 eth1:0\n");
	cr_assert_str_eq(file(t, AB "bond0/bonding/primary"), "");
	cr_assert_str_eq(file(t, AB "bond0/bonding/arp_ip_target"), "");
	/* 802.3ad's files exist in every mode, empty outside it */
	cr_assert_str_eq(file(t, AB "bond0/bonding/ad_aggregator"), "");
	cr_assert_str_eq(file(t, AB "bond0/bonding/ad_partner_mac"), "");
	cr_assert_str_eq(file(t, AB "bond0/bonding/ad_actor_system"), "");
	cr_assert_str_eq(file(t, AB "bond0/bonding/ad_actor_sys_prio"), "");
	/* the pulled slave */
	cr_assert_str_eq(file(t, AB0 "bonding_slave/state"), "backup\n");
	cr_assert_str_eq(file(t, AB0 "bonding_slave/mii_status"), "down\n");
	cr_assert_str_eq(file(t, AB0 "bonding_slave/link_failure_count"), "1\n");
	cr_assert_str_eq(file(t, AB0 "bonding_slave/perm_hwaddr"), "02:00:00:01:00:01\n");
	cr_assert_str_eq(file(t, AB0 "bonding_slave/ad_aggregator_id"), "N/A\n");
	cr_assert_str_eq(file(t, AB0 "bonding_slave/ad_actor_oper_port_state"), "N/A\n");
	cr_assert_str_eq(file(t, AB0 "carrier"), "0\n");
	cr_assert_str_eq(file(t, AB0 "operstate"), "down\n");
	cr_assert_str_eq(file(t, AB0 "speed"), "-1\n");
	cr_assert_str_eq(file(t, AB0 "duplex"), "unknown\n");
	/* the one that took over */
	cr_assert_str_eq(file(t, AB1 "bonding_slave/state"), "active\n");
	cr_assert_str_eq(file(t, AB1 "bonding_slave/mii_status"), "up\n");
	cr_assert_str_eq(file(t, AB1 "bonding_slave/link_failure_count"), "0\n");
	cr_assert_str_eq(file(t, AB1 "speed"), "1000\n");
	/* the bond: its active slave's speed, the bond's MAC on every slave */
	cr_assert_str_eq(file(t, AB "bond0/speed"), "1000\n");
	cr_assert_str_eq(file(t, AB "bond0/duplex"), "full\n");
	cr_assert_str_eq(file(t, AB "bond0/operstate"), "up\n");
	cr_assert_str_eq(file(t, AB "bond0/mtu"), "1500\n");
	cr_assert_str_eq(file(t, AB "bond0/address"), "02:00:00:01:00:01\n");
	cr_assert_str_eq(file(t, AB1 "address"), "02:00:00:01:00:01\n");
	/* the bond's counters are its slaves' sum; nothing left it from the
	 * pull at 1.0 s to the failover: the miimon ticks fall at k * 104 ms,
	 * the pull is seen at 1.040 s and downdelay's two ticks end at 1.248 s.
	 * eth1 sent the GARP and the 75 replies from 1.25 to 1.99 s: 177
	 * frames sent */
	cr_assert_str_eq(file(t, AB "bond0/statistics/rx_packets"), "202\n");
	cr_assert_str_eq(file(t, AB "bond0/statistics/tx_packets"), "177\n");
	cr_assert_str_eq(file(t, AB1 "statistics/tx_packets"), "76\n");
	cr_assert_str_eq(file(t, AB "bond0/statistics/rx_errors"), "0\n");
	/* /proc: net/dev in the kernel's columns, net/bonding as the report has it */
	cr_assert_str_eq(file(t, "proc/server/net/dev"),
		"Inter-|   Receive                                                |  Transmit\n"
		" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
		"  eth0:    9842     101    0    0    0     0          0         0     9842     101    0    0    0     0       0          0\n"
		"  eth1:    9842     101    0    0    0     0          0         0     7392      76    0    0    0     0       0          0\n"
		" bond0:   19684     202    0    0    0     0          0         0    17234     177    0    0    0     0       0          0\n");
	GString *proc = g_string_new(NULL);

	bond_proc_dump(g_ptr_array_index(((struct world_host *)g_ptr_array_index(w->hosts, 0))->bonds, 0),
		       proc);
	cr_assert_str_eq(file(t, "proc/server/net/bonding/bond0"), proc->str);
	g_string_free(proc, TRUE);
	/* the snapshots: before the pull both slaves up, eth0 active */
	cr_assert_eq(w->sys_snapshots->len, 2);
	GPtrArray *before = g_ptr_array_index(w->sys_snapshots, 0);
	GPtrArray *after = g_ptr_array_index(w->sys_snapshots, 1);

	cr_assert_str_eq(file(before, "sysfs@0.500s/server/devices/virtual/net/bond0/bonding/active_slave"),
			 "eth0\n");
	cr_assert_str_eq(file(before, "sysfs@0.500s/server/devices/pci0000:00/0000:00:03.0/net/eth0/bonding_slave/mii_status"),
			 "up\n");
	cr_assert_str_eq(file(before, "sysfs@0.500s/server/devices/pci0000:00/0000:00:04.0/net/eth1/bonding_slave/state"),
			 "backup\n");
	cr_assert_not_null(find(before, "proc@0.500s/server/net/dev"));
	cr_assert_str_eq(file(after, "sysfs@1.500s/server/devices/virtual/net/bond0/bonding/active_slave"),
			 "eth1\n");
	cr_assert_str_eq(file(after, "sysfs@1.500s/server/devices/pci0000:00/0000:00:03.0/net/eth0/bonding_slave/mii_status"),
			 "down\n");
	g_ptr_array_free(t, TRUE);
	world_free(w);
}

#define AD "sysfs/a/devices/virtual/net/"

Test(sysfs_out, lacp_back_to_back)
{
	struct world *w = run("[sim]\nduration = 4s\n"
			      "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 0s\n"
			      "options bond0 = mode=802.3ad lacp_rate=fast miimon=100 "
			      "xmit_hash_policy=layer3+4\nip bond0 = 10.0.0.1/24\n"
			      "[host b]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 50ms\n"
			      "options bond0 = mode=802.3ad miimon=100\nip bond0 = 10.0.0.2/24\n"
			      "[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n");
	GPtrArray *t = sysfs_tree_new();

	sysfs_tree_world(w, "sysfs", "proc", t);
	cr_assert_str_eq(file(t, AD "bond0/bonding/mode"), "802.3ad 4\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/lacp_rate"), "fast 1\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/lacp_active"), "on 1\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_select"), "stable 0\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/xmit_hash_policy"), "layer3+4 1\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/active_slave"), "", "not in 802.3ad");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_aggregator"), "1\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_num_ports"), "2\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_actor_key"), "9\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_partner_key"), "9\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_partner_mac"), "02:00:00:01:00:02\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_actor_sys_prio"), "65535\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_actor_system"), "00:00:00:00:00:00\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/ad_user_port_key"), "0\n");
	cr_assert_str_eq(file(t, AD "bond0/bonding/min_links"), "0\n");
	cr_assert_str_eq(file(t, AD "bond0/speed"), "2000\n");
	/* a's ports: Activity, Timeout (fast), Aggregation, Sync, Collecting,
	 * Distributing = 63; b (slow) the same less Timeout = 61 */
	for (int i = 0; i < 2; i++) {
		static const char *const want[][2] = {
			{ "state", "active\n" }, { "ad_aggregator_id", "1\n" },
			{ "ad_actor_oper_port_state", "63\n" },
			{ "ad_partner_oper_port_state", "61\n" },
		};

		for (size_t k = 0; k < G_N_ELEMENTS(want); k++) {
			char p[160];

			g_snprintf(p, sizeof(p), "sysfs/a/devices/pci0000:00/0000:00:%02d.0/net/eth%d/bonding_slave/%s",
				   3 + i, i, want[k][0]);
			cr_assert_str_eq(file(t, p), want[k][1], "%s", p);
		}
	}
	cr_assert_str_eq(file(t, "sysfs/b/devices/pci0000:00/0000:00:03.0/net/eth0/bonding_slave/ad_actor_oper_port_state"),
			 "61\n");
	g_ptr_array_free(t, TRUE);
	world_free(w);
}

Test(sysfs_out, folder_names)
{
	char *a = sysfs_dir_at("sysfs", 2 * SIM_S), *b = sysfs_dir_at("proc", 2500 * SIM_US),
	     *c = sysfs_dir_at("sysfs", 1 * SIM_S + 7);

	cr_assert_str_eq(a, "sysfs@2.000s");
	cr_assert_str_eq(b, "proc@0.002500000s");
	cr_assert_str_eq(c, "sysfs@1.000000007s");
	g_free(a);
	g_free(b);
	g_free(c);
}

/* Through output.c: the links land as links, node_exporter's path resolves
 * inside the tree, and the next run into the folder removes what it did not
 * write again. */
Test(sysfs_out, written_staged_and_removed)
{
	struct world *w = run(ab_world);
	char *dir = g_dir_make_tmp("bondsim-sysfs-XXXXXX", NULL);
	GError *err = NULL;
	struct output *o = output_new(dir, &err);
	char *p, *text = NULL, *manifest = NULL;

	cr_assert_not_null(o, "%s", err ? err->message : "");
	cr_assert(sysfs_write_out(w, o, &err), "%s", err ? err->message : "");
	cr_assert(output_commit(o, &err), "%s", err ? err->message : "");
	output_free(o);
	p = g_build_filename(dir, "sysfs/server/class/net/bond0", NULL);
	cr_assert(g_file_test(p, G_FILE_TEST_IS_SYMLINK));
	g_free(p);
	/* the path node_exporter 1.5's bonding collector reads */
	p = g_build_filename(dir, "sysfs@1.500s/server/class/net/bond0/lower_eth0/bonding_slave/mii_status",
			     NULL);
	cr_assert(g_file_get_contents(p, &text, NULL, NULL));
	cr_assert_str_eq(text, "down\n");
	g_free(text);
	g_free(p);
	p = g_build_filename(dir, ".bondsim-files", NULL);
	cr_assert(g_file_get_contents(p, &manifest, NULL, NULL));
	cr_assert(strstr(manifest, "sysfs/server/devices/virtual/net/bond0/lower_eth0\n"));
	cr_assert_null(strstr(manifest, "lower_eth0/"), "a link is listed, not what is behind it");
	g_free(manifest);
	g_free(p);
	/* a run that writes nothing there: the trees are gone */
	o = output_new(dir, &err);
	cr_assert(output_commit(o, &err));
	output_free(o);
	p = g_build_filename(dir, "sysfs@1.500s", NULL);
	cr_assert_not(g_file_test(p, G_FILE_TEST_EXISTS));
	g_free(p);
	p = g_build_filename(dir, "sysfs", NULL);
	cr_assert_not(g_file_test(p, G_FILE_TEST_EXISTS));
	g_free(p);
	p = g_build_filename(dir, ".bondsim-files", NULL);
	g_unlink(p);
	g_free(p);
	cr_assert_eq(g_rmdir(dir), 0, "nothing else left in %s", dir);
	g_free(dir);
	world_free(w);
}

/* A VLAN device on a bond: virtual, the bond's speed, linked both ways, in /proc. */
Test(sysfs_out, a_vlan_device_on_a_bond)
{
	struct world *w = run("[sim]\nduration = 2500ms\n"
			      "[host a]\nnics = eth0 eth1\nbond bond0 = eth0 eth1\nopen_at bond0 = 0s\n"
			      "options bond0 = mode=active-backup miimon=100\n"
			      "vlan bond0.100 = bond0 100\nip bond0.100 = 10.0.100.1/24\n"
			      "[host b]\nnics = eth0 eth1\nvlan eth0.100 = eth0 100\n"
			      "ip eth0.100 = 10.0.100.2/24\n"
			      "[links]\na.eth0 = b.eth0\na.eth1 = b.eth1\n"
			      "[flow p]\ntype = ping\nfrom = b\nto = 10.0.100.1\ncount = 3\n");
	GPtrArray *t = sysfs_tree_new();

	sysfs_tree_world(w, "sysfs", "proc", t);
	cr_assert_str_eq(file(t, "sysfs/a/devices/virtual/net/bond0.100/speed"), "1000\n");
	cr_assert_str_eq(file(t, "sysfs/a/devices/virtual/net/bond0.100/carrier"), "1\n");
	cr_assert_str_eq(file(t, "sysfs/a/devices/virtual/net/bond0.100/statistics/rx_packets"),
			 "4\n");	/* 3 echo requests and b's ARP request */
	cr_assert_str_eq(link_of(t, "sysfs/a/devices/virtual/net/bond0.100/lower_bond0"),
			 "../../../virtual/net/bond0");
	cr_assert_str_eq(link_of(t, "sysfs/a/devices/virtual/net/bond0/upper_bond0.100"),
			 "../../../virtual/net/bond0.100");
	cr_assert_str_eq(link_of(t, "sysfs/b/devices/virtual/net/eth0.100/lower_eth0"),
			 "../../../pci0000:00/0000:00:03.0/net/eth0");
	cr_assert_str_eq(file(t, "proc/a/net/vlan/config"),
			 "VLAN Dev name\t | VLAN ID\n"
			 "Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n"
			 "bond0.100      | 100  | bond0\n");
	cr_assert(strstr(file(t, "proc/a/net/dev"), "\nbond0.100:"));
	g_ptr_array_free(t, TRUE);
	world_free(w);
}
