/*
 * test_vlan_conf.c - VLAN devices that configuration files ask for, end to
 * end: the file's VLAN is made on the host's bond with the file's address,
 * and a flow between two such addresses is delivered.
 *
 * Two hosts cabled back to back (as in test_vlan.c), so that nothing
 * between them looks at the tags.  Host a takes its bond and VLAN from the
 * format under test, host b from scenario lines, so that a VLAN the file
 * lost would leave the flow undelivered.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <glib/gstdio.h>
#include "world.h"
#include "ini_tmp.h"
#include "options_cmd.h"
#include "bond/bond.h"
#include "link/vlan_dev.h"
#include "host/host.h"

/* b: a bond of eth0, VLAN 100 on it with 10.0.100.2, a flow from a to it */
#define PEER                                                                         \
	"[host b]\nnics = eth0\nbond bond0 = eth0\noptions bond0 = mode=active-backup " \
	"miimon=100\nvlan bond0.100 = bond0 100\nip bond0.100 = 10.0.100.2/24\n"    \
	"[links]\na.eth0 = b.eth0\n"                                                 \
	"[flow v100]\nfrom = a\nto = 10.0.100.2\nrate = 8M\nsize = 1000\nstart = 0.2s\n"

static struct world *load(const char *host_a, char **msg)
{
	char *text = g_strconcat("[sim]\nduration = 1s\n[host a]\nnics = eth0\n", host_a, PEER,
				 NULL);
	char *path = ini_tmp(text);
	struct world_options opt = { .seed_set = true, .seed = 1 };
	GError *err = NULL;
	struct world *w = world_load(path, &opt, &err);

	*msg = err ? g_strdup(err->message) : NULL;
	g_clear_error(&err);
	g_unlink(path);
	g_free(path);
	g_free(text);
	return w;
}

static struct world_host *host(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, name) == 0)
			return h;
	}
	cr_assert_fail("no host %s", name);
	return NULL;
}

/*
 * Host a from @host_a: its bond0.100 exists on bond0 with VID 100 and
 * 10.0.100.1/24, the bond has no address, and the flow's 779 datagrams
 * (and the ARP request before them) reach b's bond0.100.
 */
static void assert_delivered(const char *host_a)
{
	char *msg = NULL;
	struct world *w = load(host_a, &msg);
	struct vlan_dev *va, *vb;
	struct bond *b;

	cr_assert_not_null(w, "%s", msg ? msg : "");
	world_run(w);
	va = world_find_vlan(host(w, "a"), "bond0.100");
	vb = world_find_vlan(host(w, "b"), "bond0.100");
	b = world_find_bond(host(w, "a"), "bond0");
	cr_assert_not_null(va);
	cr_assert_not_null(b);
	cr_assert_eq(va->real, &b->dev);
	cr_assert_eq(va->vid, 100);
	cr_assert_not_null(host_find_if(host(w, "a")->host, "bond0.100"));
	cr_assert_null(host_find_if(host(w, "a")->host, "bond0"));
	cr_assert_eq(va->dev.stats.tx_packets, 780);
	cr_assert_eq(vb->dev.stats.rx_packets, 780);
	world_free(w);
}

Test(vlan_conf, ifcfg)
{
	assert_delivered("ifcfg-bond0 =\n    DEVICE=bond0\n    BONDING_OPTS=\"mode=1 miimon=100\"\n"
			 "    BOOTPROTO=none\n"
			 "ifcfg-eth0 =\n    DEVICE=eth0\n    MASTER=bond0\n    SLAVE=yes\n"
			 "ifcfg-bond0.100 =\n    DEVICE=bond0.100\n    VLAN=yes\n"
			 "    IPADDR=10.0.100.1\n    PREFIX=24\n");
}

Test(vlan_conf, ifupdown)
{
	assert_delivered("interfaces =\n    auto bond0\n    iface bond0 inet manual\n"
			 "        bond-slaves eth0\n        bond-mode active-backup\n"
			 "        bond-miimon 100\n"
			 "    auto bond0.100\n    iface bond0.100 inet static\n"
			 "        address 10.0.100.1\n        netmask 255.255.255.0\n");
}

Test(vlan_conf, nm)
{
	assert_delivered("nm bond0.nmconnection =\n    [connection]\n    id=bond0\n    type=bond\n"
			 "    interface-name=bond0\n    [bond]\n    mode=active-backup\n"
			 "    [ipv4]\n    method=disabled\n"
			 "nm eth0.nmconnection =\n    [connection]\n    id=eth0\n    type=ethernet\n"
			 "    interface-name=eth0\n    master=bond0\n    slave-type=bond\n"
			 "nm bond0.100.nmconnection =\n    [connection]\n    id=bond0.100\n"
			 "    type=vlan\n    interface-name=bond0.100\n    [vlan]\n    id=100\n"
			 "    parent=bond0\n    [ipv4]\n    method=manual\n"
			 "    address1=10.0.100.1/24\n");
}

Test(vlan_conf, networkd)
{
	assert_delivered("networkd 25-bond0.netdev =\n    [NetDev]\n    Name=bond0\n    Kind=bond\n"
			 "    [Bond]\n    Mode=active-backup\n    MIIMonitorSec=100ms\n"
			 "networkd 26-bond0.100.netdev =\n    [NetDev]\n    Name=bond0.100\n"
			 "    Kind=vlan\n    [VLAN]\n    Id=100\n"
			 "networkd 30-eth0.network =\n    [Match]\n    Name=eth0\n    [Network]\n"
			 "    Bond=bond0\n"
			 "networkd 40-bond0.network =\n    [Match]\n    Name=bond0\n    [Network]\n"
			 "    VLAN=bond0.100\n"
			 "networkd 50-bond0.100.network =\n    [Match]\n    Name=bond0.100\n"
			 "    [Network]\n    Address=10.0.100.1/24\n");
}

/* netplan, rendered for networkd and for NetworkManager */
#define NETPLAN(renderer)                                                              \
	"netplan 01-net.yaml =\n    network:\n      version: 2\n      renderer: " renderer \
	"\n      ethernets:\n        eth0: {}\n      bonds:\n        bond0:\n"            \
	"          interfaces: [eth0]\n          parameters: {mode: active-backup, "        \
	"mii-monitor-interval: 100}\n      vlans:\n        bond0.100:\n"                   \
	"          id: 100\n          link: bond0\n          addresses: [10.0.100.1/24]\n"

Test(vlan_conf, netplan_networkd)
{
	assert_delivered(NETPLAN("networkd"));
}

Test(vlan_conf, netplan_nm)
{
	assert_delivered(NETPLAN("NetworkManager"));
}

/* What "bondsim options --explain" printed, @path written as "S". */
static char *explained(const char *path)
{
	char *argv[] = { "options", "--explain", (char *)path, NULL };
	GString *out = g_string_new(NULL);
	char buf[512];
	FILE *f;

	cr_assert_eq(options_explain_main(3, argv), 0);
	fflush(stdout);
	f = cr_get_redirected_stdout();
	while (fgets(buf, sizeof(buf), f))
		g_string_append(out, buf);
	return g_string_free(out, FALSE);
}

/*
 * options --explain lists the VLAN devices the files define after the
 * bonds, as a bond is listed: name, VID, device and the file:line that
 * defined it (ifcfg's DEVICE line), then its address.
 */
Test(vlan_conf, options_explain_lists_each_vlan_with_its_line, .init = cr_redirect_stdout)
{
	char *path = ini_tmp("[sim]\nduration = 1s\n[host a]\nnics = eth0\n"
			     "ifcfg-bond0 =\n    DEVICE=bond0\n    BONDING_OPTS=\"mode=1 miimon=100\"\n"
			     "    BOOTPROTO=none\n"
			     "ifcfg-eth0 =\n    DEVICE=eth0\n    MASTER=bond0\n    SLAVE=yes\n"
			     "ifcfg-bond0.100 =\n    DEVICE=bond0.100\n    VLAN=yes\n"
			     "    IPADDR=10.0.100.1\n    PREFIX=24\n" PEER);
	char *text = explained(path);
	char **parts = g_strsplit(text, path, -1);
	char *got = g_strjoinv("S", parts);

	cr_expect_str_eq(got, "== host a: 1 bond, 1 VLAN\n"
			      "bond0: made by the bonding module at S:6\n"
			      "  options bonding mode=active-backup miimon=100\n"
			      "  slaves=eth0\n"
			      "  address=(none)\n"
			      "  mode=active-backup           S:7\n"
			      "  miimon=100                   S:7\n"
			      "bond0.100: VLAN 100 on bond0 at S:14\n"
			      "  address=10.0.100.1/24\n");
	g_free(got);
	g_strfreev(parts);
	g_free(text);
	g_unlink(path);
	g_free(path);
}
