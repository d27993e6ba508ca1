/*
 * scenario_check.c - what a scenario may not say even when it parses.
 *
 * DOC: A switch port that is not there, an address no host can have (the
 * subnet's network or broadcast address, loopback, multicast), a NIC MAC
 * that is multicast or all zeros, an address given twice.  The kernel
 * accepts several of these ("ip addr add 224.0.0.1/24" works) and nothing
 * would then answer, so the loader refuses them with file:line, what is
 * wrong and what would do.
 */
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "switch/sw_ifname.h"
#include "switch/switch.h"

/* "Gi0/1-24, Te1/1-2": a switch's ports, runs of numbers folded. */
static char *port_list_text(const struct sw *sw)
{
	GString *s = g_string_new(NULL);
	guint n = sw_port_count(sw);

	for (guint i = 0; i < n;) {
		const char *name = sw_port_nic(sw, i)->dev.name;
		size_t stem = strlen(name);
		guint k = i + 1;
		long first;

		while (stem && g_ascii_isdigit(name[stem - 1]))
			stem--;
		first = strtol(name + stem, NULL, 10);
		/* the longest run stem1, stem2 ... that follows in order */
		while (name[stem] && (name[stem] != '0' || !name[stem + 1]) && k < n) {
			const char *next = sw_port_nic(sw, k)->dev.name;

			if (strncmp(next, name, stem) != 0 || !g_ascii_isdigit(next[stem]) ||
			    next[stem] == '0' || strspn(next + stem, "0123456789") != strlen(next + stem) ||
			    strtol(next + stem, NULL, 10) != first + (long)(k - i))
				break;
			k++;
		}
		g_string_append_printf(s, "%s%s", s->len ? ", " : "", name);
		if (k - i > 1)
			g_string_append_printf(s, "-%ld", first + (long)(k - i) - 1);
		i = k;
	}
	return g_string_free(s, FALSE);
}

gboolean scn_fail_no_port(GError **error, struct loader *L, int line, const struct sw *sw,
			  const char *port)
{
	GPtrArray *names = g_ptr_array_new();
	char *all = port_list_text(sw);
	const char *near;
	gboolean r;

	for (guint i = 0; i < sw_port_count(sw); i++)
		g_ptr_array_add(names, sw_port_nic(sw, i)->dev.name);
	g_ptr_array_add(names, NULL);
	near = sim_nearest(port, (const char *const *)names->pdata);
	for (guint i = 0; i < sw_port_count(sw); i++) {
		const char *name = sw_port_nic(sw, i)->dev.name;
		char buf[SW_IFNAME_MAX];
		const char *longname = sw_ifname_long(name, buf, sizeof(buf));

		/* "GigabitEthernet0/1" for port Gi0/1: say how the port is named */
		if (longname != name && g_ascii_strcasecmp(longname, port) == 0) {
			r = scn_fail(error, L, line,
				     "switch %s has no port '%s': a port is named as IOS abbreviates it, write %s.%s",
				     sw_name(sw), port, sw_name(sw), name);
			g_ptr_array_free(names, TRUE);
			g_free(all);
			return r;
		}
	}
	if (near)
		r = scn_fail(error, L, line, "switch %s has no port '%s' (did you mean '%s'?); its ports: %s",
			     sw_name(sw), port, near, all);
	else
		r = scn_fail(error, L, line, "switch %s has no port '%s'; its ports: %s", sw_name(sw),
			     port, all);
	g_ptr_array_free(names, TRUE);
	g_free(all);
	return r;
}

static const char *ipv4_text(uint32_t ip, char buf[INET_ADDRSTRLEN])
{
	struct in_addr a = { .s_addr = htonl(ip) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/*
 * An interface address no host can have: the kernel would take most of
 * them ("ip addr add 224.0.0.1/24" works), and nothing would answer.
 * /31 and /32 have no network or broadcast address (RFC 3021).
 */
gboolean scn_check_host_address(struct loader *L, int line, const char *what, uint32_t ip,
				int prefix, GError **error)
{
	uint32_t mask = prefix ? ~0u << (32 - prefix) : 0;
	char a[INET_ADDRSTRLEN], net[INET_ADDRSTRLEN], lo[INET_ADDRSTRLEN], hi[INET_ADDRSTRLEN];
	const char *why = NULL;

	ipv4_text(ip, a);
	if (ip == 0)
		why = "cannot be a host's address";
	else if ((ip >> 24) == 0)
		why = "is in 0.0.0.0/8 (\"this network\"), which no host may use";
	else if ((ip >> 24) == 127)
		why = "is a loopback address (127.0.0.0/8), which never leaves its host";
	else if ((ip >> 28) == 0xe)
		why = "is a multicast address (224.0.0.0/4): a group, not a host";
	else if (ip == 0xffffffffu)
		why = "is the limited broadcast address";
	else if ((ip >> 28) == 0xf)
		why = "is reserved (240.0.0.0/4): no host may use it";
	if (why)
		return scn_fail(error, L, line,
				"%s: %s %s (use a unicast address inside the subnet, e.g. 10.0.0.1/%d)",
				what, a, why, prefix);
	if (prefix > 30)
		return TRUE;
	ipv4_text(ip & mask, net);
	ipv4_text((ip & mask) + 1, lo);
	ipv4_text((ip | ~mask) - 1, hi);
	if ((ip & ~mask) == 0)
		return scn_fail(error, L, line,
				"%s: %s is the network address of %s/%d, not a host's (use one from %s to %s)",
				what, a, net, prefix, lo, hi);
	if ((ip & ~mask) == ~mask)
		return scn_fail(error, L, line,
				"%s: %s is the broadcast address of %s/%d, not a host's (use one from %s to %s)",
				what, a, net, prefix, lo, hi);
	return TRUE;
}

/* One address per interface, and no address on two interfaces of the world. */
gboolean scn_address_free(struct loader *L, int line, const struct world_host *h,
			  const struct netdev *dev, uint32_t ip, GError **error)
{
	const struct host_if *hi = host_find_if(h->host, dev->name);
	char text[INET_ADDRSTRLEN];

	ipv4_text(ip, text);
	for (guint k = 0; k < L->w->hosts->len; k++) {
		const struct world_host *o = g_ptr_array_index(L->w->hosts, k);

		if (host_has_ip(o->host, ip))
			return scn_fail(error, L, line,
					"%s is already the address of %s: every interface needs an address of its own",
					text, o->name);
	}
	if (hi) {
		ipv4_text(hi->ip, text);
		return scn_fail(error, L, line,
				"%s already has an address (%s/%d): bondsim gives an interface one address",
				dev->name, text, hi->prefix_len);
	}
	return TRUE;
}

/*
 * "mac eth0 = ...": a NIC's own address is unicast and not all zeros, as
 * is_valid_ether_addr() demands before a driver may take it.
 */
gboolean scn_check_mac(struct loader *L, const struct ini_entry *e, uint8_t mac[6],
		       GError **error)
{
	static const uint8_t zero[6];

	if (!mac_parse(e->value, mac))
		return scn_fail(error, L, e->line,
				"%s = %s: not a MAC address; write six hex octets, e.g. 00:16:36:1b:bb:74 (or 00-16-36-1b-bb-74, 0016.361b.bb74)",
				e->key, e->value);
	if (memcmp(mac, zero, 6) == 0)
		return scn_fail(error, L, e->line,
				"%s = %s: the all-zero MAC is no NIC's address; use a unicast one, e.g. 02:00:00:00:01:01 (02: locally administered)",
				e->key, e->value);
	if (mac_is_multicast(mac))
		return scn_fail(error, L, e->line,
				"%s = %s: a %s MAC (the first octet is odd) is no NIC's address; use a unicast one (first octet even), e.g. 02:00:00:00:01:01",
				e->key, e->value,
				memcmp(mac, "\xff\xff\xff\xff\xff\xff", 6) == 0 ? "broadcast" : "multicast");
	return TRUE;
}

/* Two NICs of one bond carry one MAC by design: the bond gives its own
 * (the first slave's) to every slave with fail_over_mac=none. */
static bool same_bond(const struct nic *a, const struct nic *b)
{
	return a->dev.master && a->dev.master == b->dev.master;
}

/* The "mac" line behind the MAC @n carries, 0: none (bondsim's default, or
 * its bond's: a slave carries the bond's MAC with fail_over_mac=none). */
static int mac_line(struct loader *L, const struct nic *n)
{
	if (memcmp(n->dev.mac, n->dev.perm_mac, 6) != 0)
		return 0;
	return GPOINTER_TO_INT(g_hash_table_lookup(L->mac_lines, n));
}

/* "server.eth0 (its mac at line 12)", "(its bond bond0's MAC)" or "(bondsim's default MAC for it)". */
static char *holder_text(struct loader *L, const char *host, const struct nic *n)
{
	int line = mac_line(L, n);
	char *where = line ? scn_line_text(L, line) : NULL;
	char *s;

	if (line)
		s = g_strdup_printf("%s.%s (its mac at %s)", host, n->dev.name, where);
	else if (memcmp(n->dev.mac, n->dev.perm_mac, 6) != 0 && n->dev.master)
		s = g_strdup_printf("%s.%s (its bond %s's MAC)", host, n->dev.name,
				    n->dev.master->name);
	else
		s = g_strdup_printf("%s.%s (bondsim's default MAC for it)", host, n->dev.name);
	g_free(where);
	return s;
}

/* The warning, at the "mac" line of @n if it has one, else of @f's. */
static void warn_shared_mac(struct loader *L, const char *fhost, const struct nic *f,
			    const char *nhost, const struct nic *n)
{
	bool at_n = mac_line(L, n) != 0;
	int line = at_n ? mac_line(L, n) : mac_line(L, f);
	const char *host = at_n ? nhost : fhost;
	const struct nic *self = at_n ? n : f;
	char *other = at_n ? holder_text(L, fhost, f) : holder_text(L, nhost, n);
	char m[18];

	if (!line)
		return;		/* neither set it: the defaults differ, a .link file did */
	scn_warn(L, NULL, line,
		 "%s.%s and %s both have MAC %s: a switch that hears both learns it on two "
		 "ports in turn and sends frames for it to whichever sent last, so traffic to "
		 "one or the other is lost; give each NIC its own MAC",
		 host, self->dev.name, other, mac_format(self->dev.mac, m));
	g_free(other);
}

/*
 * A MAC that a "mac" line gives to a NIC another NIC has too.  Real networks
 * break this way (a cloned VM, a MAC typed twice), so it runs, but the
 * switch learns the MAC on two ports and sends its frames to whichever
 * NIC spoke last: said at the "mac" line.  Each later holder of a MAC is
 * matched with the first one, in the order the hosts and NICs are declared.
 */
void scn_warn_shared_macs(struct loader *L)
{
	GHashTable *first = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	GHashTable *host_of = g_hash_table_new(g_direct_hash, g_direct_equal);

	for (guint i = 0; i < L->w->hosts->len; i++) {
		const struct world_host *h = g_ptr_array_index(L->w->hosts, i);

		for (guint k = 0; k < h->nics->len; k++) {
			const struct nic *n = g_ptr_array_index(h->nics, k);
			gint64 *key = g_new0(gint64, 1);
			const struct nic *f;

			/* what it carries on the wire: a slave may carry its bond's */
			memcpy(key, n->dev.mac, 6);
			g_hash_table_insert(host_of, (gpointer)n, h->name);
			f = g_hash_table_lookup(first, key);
			if (!f) {
				g_hash_table_insert(first, key, (gpointer)n);
				continue;
			}
			g_free(key);
			if (!same_bond(f, n))
				warn_shared_mac(L, g_hash_table_lookup(host_of, f), f, h->name, n);
		}
	}
	g_hash_table_destroy(first);
	g_hash_table_destroy(host_of);
}
