/*
 * sw_ios_vpc.c - a pasted MLAG domain: NX-OS's "vpc domain" and Arista's "mlag configuration".
 *
 * DOC: NX-OS: "feature vpc" (and "feature lacp", which bondsim always has),
 * then "vpc domain 1-1000" and under it peer-keepalive, role priority,
 * system-priority, system-mac, delay restore [orphan-port|interface-vlan],
 * [no] auto-recovery [reload-delay S], peer-switch, peer-gateway and ip arp
 * synchronize; the peer link is the Port-channel with "vpc peer-link"
 * (sw_ios_if.c).  Arista EOS: "mlag configuration" with domain-id,
 * local-interface, peer-address, peer-link and reload-delay.  This file
 * reads them into struct sw_ios_domain and writes them back for "show
 * running-config"; the switch joins its domain when the scenario pairs it
 * with the other switch of the same domain id (cli/scenario_mlag.c).
 *
 * Per command: peer-switch (spanning tree), peer-gateway (routing for the
 * peer's router MAC) and ip arp synchronize (the SVIs' ARP tables) are
 * taken without a word, because bondsim's switches run no spanning tree,
 * route nothing and keep no ARP table, so they could change nothing;
 * the peer-keepalive's source, vrf and the EOS local-interface and
 * peer-address name the keepalive's path, which bondsim does not build
 * (it is a path of its own, cut by a [faults] line).  Timers bondsim does
 * not run give a warning: "delay restore interface-vlan", EOS's
 * "reload-delay".  "auto-recovery reload-delay S" is run (sw_mlag_peer.c's
 * reload_alone()).
 */
#include <stdarg.h>
#include <string.h>

#include "sw_ifname.h"
#include "sw_ios_priv.h"

/* What "vpc domain" and "mlag configuration" take, as unknown commands there list them. */
const char *const sw_ios_vpc_commands[] = {
	"peer-keepalive destination A.B.C.D [source A.B.C.D] [vrf NAME] [interval 400-10000] [timeout 3-20] [hold-timeout 3-10]",
	"role priority 1-65535",
	"system-priority 1-65535",
	"system-mac MAC",
	"delay restore 1-3600",
	"delay restore orphan-port 0-300",
	"delay restore interface-vlan 1-3600",
	"[no] auto-recovery [reload-delay 240-3600]",
	"[no] peer-switch",
	"[no] peer-gateway",
	"[no] ip arp synchronize",
	"exit",
	NULL,
};
const char *const sw_ios_vpc_words[] = { "peer-keepalive", "role", "system-priority",
	"system-mac", "delay", "auto-recovery", "peer-switch", "peer-gateway", "ip", "exit", NULL };
const char *const sw_ios_eos_commands[] = {
	"domain-id NAME",
	"local-interface VlanN",
	"peer-address A.B.C.D",
	"peer-link INTERFACE",
	"reload-delay ...",
	"exit",
	NULL,
};
const char *const sw_ios_eos_words[] = { "domain-id", "local-interface", "peer-address",
	"peer-link", "reload-delay", "exit", NULL };

void sw_ios_vpc_system_mac(uint16_t id, uint8_t mac[6])
{
	/*
	 * "show vpc role" on NX-OS: domain 100 is 00:23:04:ee:be:64, and the
	 * ids above 255 carry on into the fifth byte (domain 256 is
	 * ...:bf:00, domain 300 ...:bf:2c), as the sum below gives.
	 */
	uint16_t low = (uint16_t)(0xbe00 + id);

	mac[0] = 0x00;
	mac[1] = 0x23;
	mac[2] = 0x04;
	mac[3] = 0xee;
	mac[4] = (uint8_t)(low >> 8);
	mac[5] = (uint8_t)low;
}

void sw_ios_note(struct sw_ios_reader *r, const char *fmt, ...)
{
	struct sw_ios_note *note = g_new0(struct sw_ios_note, 1);
	va_list ap;

	va_start(ap, fmt);
	note->text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	note->line = r->line;
	g_ptr_array_add(r->c->notes, note);
}

void sw_ios_domain_free(struct sw_ios_domain *d)
{
	g_free(d->id);
	g_free(d->ka_dest);
	g_free(d->ka_source);
	g_free(d->ka_vrf);
	g_free(d->local_interface);
	g_free(d->peer_address);
	g_free(d->peer_link);
	g_free(d->reload_delay);
}

static void set_str(char **slot, const char *v)
{
	g_free(*slot);
	*slot = g_strdup(v);
}

/* A dotted IPv4 address: four numbers 0-255. */
static bool ipv4_ok(const char *s)
{
	g_auto(GStrv) parts = g_strsplit(s, ".", -1);
	guint64 v;

	if (g_strv_length(parts) != 4)
		return false;
	for (char **p = parts; *p; p++)
		if (strlen(*p) > 3 || !sw_ios_number(*p, 0, 255, &v))
			return false;
	return true;
}

static gboolean ipv4_arg(struct sw_ios_reader *r, const char *what, const char *w, GError **error)
{
	if (ipv4_ok(w))
		return TRUE;
	return sw_ios_fail(r, error, "%s '%s': write an IPv4 address, e.g. 10.1.1.2", what, w);
}

/* The text of the mode being configured, for errors: "vpc domain 10". */
static const char *mode_text(const struct sw_ios_domain *d)
{
	return d->kind == SW_IOS_DOMAIN_VPC ? "vpc domain" : "mlag configuration";
}

/* "vpc domain N": one domain per switch, after "feature vpc". */
static gboolean enter_vpc(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	guint64 v;

	if (!sw_ios_want_words(r, n, 3, "vpc domain", "vpc domain 10", error) ||
	    !sw_ios_num_arg(r, w[2], 1, 1000, "vpc domain", &v, error))
		return FALSE;
	if (!r->c->feature_vpc)
		return sw_ios_fail(r, error,
				   "'vpc domain %s' before 'feature vpc': NX-OS takes vPC commands once the feature is on; write feature vpc above it",
				   w[2]);
	if (d->kind == SW_IOS_DOMAIN_EOS)
		return sw_ios_fail(r, error,
				   "'vpc domain %s' and Arista's 'mlag configuration' (line %d) in one config: a switch is in one domain, NX-OS or EOS",
				   w[2], d->line);
	if (d->kind == SW_IOS_DOMAIN_VPC && d->vpc_id != v)
		return sw_ios_fail(r, error,
				   "'vpc domain %s', and 'vpc domain %u' at line %d: a switch is in one vPC domain",
				   w[2], d->vpc_id, d->line);
	if (d->kind == SW_IOS_DOMAIN_NONE) {
		d->kind = SW_IOS_DOMAIN_VPC;
		d->line = d->id_line = r->line;
		d->vpc_id = (uint16_t)v;
		d->id = g_strdup_printf("%u", (unsigned)v);
		d->delay_orphan = -1;
		d->auto_recovery = -1;
	}
	r->in_domain = true;
	return TRUE;
}

gboolean sw_ios_domain_global(struct sw_ios_reader *r, char **w, int n, bool *known,
			      GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;

	*known = true;
	if (sw_ios_is(w[0], "feature")) {
		if (n == 2 && sw_ios_is(w[1], "vpc")) {
			r->c->feature_vpc = true;
			return TRUE;
		}
		if (n == 2 && sw_ios_is(w[1], "lacp"))
			return TRUE;	/* bondsim's port-channels always speak LACP */
		return sw_ios_fail(r, error,
				   "'%s': bondsim takes feature vpc and feature lacp (its switches have no other features to turn on)",
				   r->text);
	}
	if (sw_ios_is(w[0], "vpc") && n >= 2 && sw_ios_is(w[1], "domain"))
		return enter_vpc(r, w, n, error);
	if (sw_ios_is(w[0], "mlag") && n >= 2 && sw_ios_is(w[1], "configuration")) {
		if (n != 2)
			return sw_ios_fail(r, error, "'mlag configuration' takes nothing after it");
		if (d->kind == SW_IOS_DOMAIN_VPC)
			return sw_ios_fail(r, error,
					   "'mlag configuration' and NX-OS's 'vpc domain %u' (line %d) in one config: a switch is in one domain, NX-OS or EOS",
					   d->vpc_id, d->line);
		if (d->kind == SW_IOS_DOMAIN_NONE) {
			d->kind = SW_IOS_DOMAIN_EOS;
			d->line = r->line;
			d->delay_orphan = -1;
			d->auto_recovery = -1;
		}
		r->in_domain = true;
		return TRUE;
	}
	*known = false;
	return FALSE;
}

/* peer-keepalive destination A [source B] [vrf V] [interval MS] [timeout S] [hold-timeout S] */
static gboolean cmd_keepalive(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	char *dest = NULL, *source = NULL, *vrf = NULL;
	sim_time_t interval = 0, timeout = 0, hold = 0;
	guint64 v;

	if (n < 3 || !sw_ios_is(w[1], "destination"))
		return sw_ios_fail(r, error,
				   "'%s': write peer-keepalive destination A.B.C.D [source A.B.C.D] [vrf NAME] [interval 400-10000] [timeout 3-20] [hold-timeout 3-10]",
				   r->text);
	if (!ipv4_arg(r, "peer-keepalive destination", w[2], error))
		return FALSE;
	dest = w[2];
	for (int k = 3; k < n; k += 2) {
		const char *opt = w[k];

		if (k + 1 >= n)
			return sw_ios_fail(r, error, "peer-keepalive: '%s' wants a value after it", opt);
		if (sw_ios_is(opt, "source")) {
			if (!ipv4_arg(r, "peer-keepalive source", w[k + 1], error))
				return FALSE;
			source = w[k + 1];
		} else if (sw_ios_is(opt, "vrf")) {
			vrf = w[k + 1];
		} else if (sw_ios_is(opt, "interval")) {
			if (!sw_ios_num_arg(r, w[k + 1], 400, 10000, "peer-keepalive interval (ms)", &v,
					    error))
				return FALSE;
			interval = (sim_time_t)v * SIM_MS;
		} else if (sw_ios_is(opt, "timeout")) {
			if (!sw_ios_num_arg(r, w[k + 1], 3, 20, "peer-keepalive timeout (s)", &v, error))
				return FALSE;
			timeout = (sim_time_t)v * SIM_S;
		} else if (sw_ios_is(opt, "hold-timeout")) {
			if (!sw_ios_num_arg(r, w[k + 1], 3, 10, "peer-keepalive hold-timeout (s)", &v,
					    error))
				return FALSE;
			hold = (sim_time_t)v * SIM_S;
		} else {
			return sw_ios_fail(r, error,
					   "peer-keepalive '%s' is not modelled: bondsim takes source, vrf, interval, timeout and hold-timeout",
					   opt);
		}
	}
	if (source && strcmp(source, dest) == 0)
		return sw_ios_fail(r, error,
				   "peer-keepalive destination %s is its own source: the destination is the peer's address",
				   dest);
	set_str(&d->ka_dest, dest);
	set_str(&d->ka_source, source);
	set_str(&d->ka_vrf, vrf);
	d->ka_interval = interval;
	d->ka_timeout = timeout;
	d->hold_timeout = hold;
	d->ka_line = r->line;
	return TRUE;
}

/* delay restore S | delay restore orphan-port S | delay restore interface-vlan S */
static gboolean cmd_delay(struct sw_ios_reader *r, char **w, int n, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	guint64 v;

	if (n < 3 || !sw_ios_is(w[1], "restore"))
		return sw_ios_fail(r, error,
				   "'%s': write delay restore 1-3600, delay restore orphan-port 0-300 or delay restore interface-vlan 1-3600",
				   r->text);
	if (sw_ios_is(w[2], "orphan-port")) {
		if (!sw_ios_want_words(r, n, 4, "delay restore orphan-port",
				       "delay restore orphan-port 10", error) ||
		    !sw_ios_num_arg(r, w[3], 0, 300, "delay restore orphan-port", &v, error))
			return FALSE;
		d->delay_orphan = (sim_time_t)v * SIM_S;
		d->orphan_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[2], "interface-vlan")) {
		if (!sw_ios_want_words(r, n, 4, "delay restore interface-vlan",
				       "delay restore interface-vlan 10", error) ||
		    !sw_ios_num_arg(r, w[3], 1, 3600, "delay restore interface-vlan", &v, error))
			return FALSE;
		r->c->domain.svi_delay = (int)v;
		sw_ios_note(r, "delay restore interface-vlan %s: bondsim's switches have no VLAN interfaces; the line changes nothing",
			    w[3]);
		return TRUE;
	}
	if (!sw_ios_want_words(r, n, 3, "delay restore", "delay restore 30", error) ||
	    !sw_ios_num_arg(r, w[2], 1, 3600, "delay restore", &v, error))
		return FALSE;
	d->delay_restore = (sim_time_t)v * SIM_S;
	d->delay_line = r->line;
	return TRUE;
}

/* [no] auto-recovery [reload-delay 240-3600] */
static gboolean cmd_auto_recovery(struct sw_ios_reader *r, char **w, int n, bool no,
				  GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	guint64 v;

	if (no && n != 1)
		return sw_ios_fail(r, error, "'no auto-recovery' takes nothing after it");
	if (!no && n != 1 && !(n == 3 && sw_ios_is(w[1], "reload-delay")))
		return sw_ios_fail(r, error,
				   "'%s': write auto-recovery, auto-recovery reload-delay 240-3600 or no auto-recovery",
				   r->text);
	if (n == 3) {
		if (!sw_ios_num_arg(r, w[2], 240, 3600, "auto-recovery reload-delay", &v, error))
			return FALSE;
		d->ar_reload_delay = (int)v;
	}
	if (n == 1)	/* plain "auto-recovery", or "no": the default delay again */
		d->ar_reload_delay = 0;
	d->auto_recovery = !no;
	d->auto_recovery_line = r->line;
	return TRUE;
}

/* The commands under "vpc domain N". */
static gboolean vpc_cmd(struct sw_ios_reader *r, char **w, int n, bool *known, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	bool no = sw_ios_is(w[0], "no");
	guint64 v;

	if (no && n >= 2 && sw_ios_is(w[1], "auto-recovery"))
		return cmd_auto_recovery(r, w + 1, n - 1, true, error);
	if (sw_ios_is(w[0], "auto-recovery"))
		return cmd_auto_recovery(r, w, n, false, error);
	if (sw_ios_is(w[0], "peer-keepalive"))
		return cmd_keepalive(r, w, n, error);
	if (sw_ios_is(w[0], "delay"))
		return cmd_delay(r, w, n, error);
	if (sw_ios_is(w[0], "role") && n >= 2 && sw_ios_is(w[1], "priority")) {
		if (!sw_ios_want_words(r, n, 3, "role priority", "role priority 100", error) ||
		    !sw_ios_num_arg(r, w[2], 1, 65535, "role priority", &v, error))
			return FALSE;
		d->role_priority = (uint16_t)v;
		d->role_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "system-priority")) {
		if (!sw_ios_want_words(r, n, 2, "system-priority", "system-priority 4000", error) ||
		    !sw_ios_num_arg(r, w[1], 1, 65535, "system-priority", &v, error))
			return FALSE;
		d->system_priority = (uint16_t)v;
		d->sysprio_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "system-mac")) {
		if (!sw_ios_want_words(r, n, 2, "system-mac", "system-mac 0023.04ee.be0a", error))
			return FALSE;
		if (!mac_parse(w[1], d->mac) || (d->mac[0] & 1))
			return sw_ios_fail(r, error,
					   "system-mac '%s': write a unicast MAC, e.g. 0023.04ee.be0a or 00:23:04:ee:be:0a",
					   w[1]);
		d->have_mac = true;
		d->mac_line = r->line;
		return TRUE;
	}
	/* "no" takes them back: they are off by default */
	w += no;
	n -= no;
	if (n == 1 && sw_ios_is(w[0], "peer-switch"))
		return d->peer_switch = !no, TRUE;
	if (n == 1 && sw_ios_is(w[0], "peer-gateway"))
		return d->peer_gateway = !no, TRUE;
	if (n == 3 && sw_ios_is(w[0], "ip") && sw_ios_is(w[1], "arp") &&
	    sw_ios_is(w[2], "synchronize"))
		return d->arp_sync = !no, TRUE;
	*known = false;
	return FALSE;
}

/* The commands under "mlag configuration" (Arista EOS). */
static gboolean eos_cmd(struct sw_ios_reader *r, char **w, int n, bool *known, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	g_autofree char *name = NULL;
	bool is_po;

	if (sw_ios_is(w[0], "domain-id")) {
		if (!sw_ios_want_words(r, n, 2, "domain-id", "domain-id pair1", error))
			return FALSE;
		if (strlen(w[1]) > 31 || strspn(w[1], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
						"0123456789._-") != strlen(w[1]))
			return sw_ios_fail(r, error,
					   "domain-id '%s': bondsim takes up to 31 letters, digits, '.', '_' and '-' (it names the domain in reports and [faults])",
					   w[1]);
		set_str(&d->id, w[1]);
		d->id_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "local-interface")) {
		guint64 v;

		if (!sw_ios_want_words(r, n, 2, "local-interface", "local-interface Vlan4094", error))
			return FALSE;
		if (g_ascii_strncasecmp(w[1], "Vlan", 4) != 0 ||
		    !sw_ios_number(w[1] + 4, 1, 4094, &v))
			return sw_ios_fail(r, error,
					   "local-interface '%s': the MLAG peering's VLAN interface, e.g. local-interface Vlan4094",
					   w[1]);
		g_free(d->local_interface);
		d->local_interface = g_strdup_printf("Vlan%u", (unsigned)v);
		d->local_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "peer-address")) {
		if (n >= 2 && sw_ios_is(w[1], "heartbeat"))
			return sw_ios_fail(r, error,
					   "'%s': dual-primary detection is not modelled; without it a lost peer link leaves both switches forwarding, as bondsim runs a pasted EOS domain",
					   r->text);
		if (!sw_ios_want_words(r, n, 2, "peer-address", "peer-address 10.0.0.2", error) ||
		    !ipv4_arg(r, "peer-address", w[1], error))
			return FALSE;
		set_str(&d->peer_address, w[1]);
		d->peer_address_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "peer-link")) {
		if (n < 2)
			return sw_ios_fail(r, error, "'peer-link' names no interface: write e.g. peer-link Port-Channel10");
		if (!sw_ios_port_name(r, r->text + strlen(w[0]), &name, &is_po, error))
			return FALSE;
		set_str(&d->peer_link, name);
		d->peer_link_line = r->line;
		return TRUE;
	}
	if (sw_ios_is(w[0], "reload-delay")) {
		const char *rest = r->text + strlen(w[0]);

		if (n < 2)
			return sw_ios_fail(r, error, "'reload-delay' wants a time: write e.g. reload-delay mlag 300");
		while (*rest == ' ' || *rest == '\t')
			rest++;
		set_str(&d->reload_delay, rest);
		sw_ios_note(r, "reload-delay %s is not modelled: a switch back from a reload holds its MLAG channels until the peer link is up and delay restore (30 s) has passed",
			    rest);
		return TRUE;
	}
	if (sw_ios_is(w[0], "dual-primary"))
		return sw_ios_fail(r, error,
				   "'%s': dual-primary detection is not modelled; without it a lost peer link leaves both switches forwarding, as bondsim runs a pasted EOS domain",
				   r->text);
	*known = false;
	return FALSE;
}

gboolean sw_ios_domain_cmd(struct sw_ios_reader *r, char **w, int n, bool *known, GError **error)
{
	*known = true;
	if (n == 1 && sw_ios_is(w[0], "exit")) {
		r->in_domain = false;
		return TRUE;
	}
	if (n == 2 && sw_ios_is(w[0], "no") && sw_ios_is(w[1], "shutdown"))
		return TRUE;	/* the default: the domain runs */
	if (sw_ios_is(w[0], "shutdown"))
		return sw_ios_fail(r, error, "'%s' in %s: a domain shut down is not modelled; leave the line out",
				   r->text, mode_text(&r->c->domain));
	if (r->c->domain.kind == SW_IOS_DOMAIN_VPC)
		return vpc_cmd(r, w, n, known, error);
	return eos_cmd(r, w, n, known, error);
}

/*
 * NX-OS numbers a vPC 1-4096, and its LACP key is 0x8000 plus that number
 * (sw_mlag_set_nxos_lacp()): a larger one is no vPC NX-OS would take.
 */
static gboolean vpc_numbers(struct sw_ios_reader *r, GError **error)
{
	for (guint k = 0; k < r->c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(r->c->ifs, k);

		if (i->mlag <= SW_IOS_VPC_MAX)
			continue;
		r->line = i->mlag_line;
		return sw_ios_fail(r, error,
				   "vpc %u under Port-channel%s: NX-OS numbers a vPC 1-%u (its LACP key is 0x8000 plus the number)",
				   i->mlag, i->name + 2, SW_IOS_VPC_MAX);
	}
	return TRUE;
}

/* What one config must give its domain, and its peer link on a Port-channel it has. */
gboolean sw_ios_domain_check(struct sw_ios_reader *r, GError **error)
{
	struct sw_ios_domain *d = &r->c->domain;
	const struct sw_ios_if *pl = NULL;

	for (guint k = 0; k < r->c->ifs->len; k++) {
		const struct sw_ios_if *i = g_ptr_array_index(r->c->ifs, k);

		if (!i->peer_link)
			continue;
		r->line = i->peer_link_line;
		if (d->kind != SW_IOS_DOMAIN_VPC)
			return sw_ios_fail(r, error,
					   "vpc peer-link under Port-channel%s, but the config has no 'vpc domain N': the peer link is a vPC domain's",
					   i->name + 2);
		if (pl)
			return sw_ios_fail(r, error,
					   "vpc peer-link under Port-channel%s and Port-channel%s: a vPC domain has one peer link",
					   pl->name + 2, i->name + 2);
		pl = i;
	}
	if (d->kind == SW_IOS_DOMAIN_NONE)
		return TRUE;
	r->line = d->line;
	if (d->kind == SW_IOS_DOMAIN_VPC) {
		if (!d->ka_dest)
			return sw_ios_fail(r, error,
					   "vpc domain %u has no peer-keepalive: NX-OS brings no vPC up without it; write e.g. peer-keepalive destination 10.1.1.2 source 10.1.1.1 under it",
					   d->vpc_id);
		if (!pl)
			return sw_ios_fail(r, error,
					   "vpc domain %u has no peer link: write vpc peer-link under the interface Port-channel that joins the two switches",
					   d->vpc_id);
		set_str(&d->peer_link, pl->name);
		d->peer_link_line = pl->peer_link_line;
		return vpc_numbers(r, error);
	}
	if (!d->id || !d->local_interface || !d->peer_address || !d->peer_link)
		return sw_ios_fail(r, error,
				   "mlag configuration has no %s: EOS brings MLAG up with domain-id, local-interface, peer-address and peer-link, e.g. domain-id pair1, local-interface Vlan4094, peer-address 10.0.0.2, peer-link Port-Channel10",
				   !d->id ? "domain-id" : !d->local_interface ? "local-interface" :
				   !d->peer_address ? "peer-address" : "peer-link");
	if (!g_hash_table_lookup(r->by_name, d->peer_link)) {
		char longname[SW_IFNAME_MAX];

		r->line = d->peer_link_line;
		return sw_ios_fail(r, error,
				   "peer-link %s: the config has no interface %s; the peer link is a port or Port-channel of this switch",
				   sw_ifname_long(d->peer_link, longname, sizeof(longname)),
				   sw_ifname_long(d->peer_link, longname, sizeof(longname)));
	}
	return TRUE;
}

static void running_keepalive(const struct sw_ios_domain *d, GString *out)
{
	g_string_append_printf(out, " peer-keepalive destination %s", d->ka_dest);
	if (d->ka_source)
		g_string_append_printf(out, " source %s", d->ka_source);
	if (d->ka_vrf)
		g_string_append_printf(out, " vrf %s", d->ka_vrf);
	if (d->ka_interval)
		g_string_append_printf(out, " interval %" G_GINT64_FORMAT,
				       (gint64)(d->ka_interval / SIM_MS));
	if (d->ka_timeout)
		g_string_append_printf(out, " timeout %" G_GINT64_FORMAT,
				       (gint64)(d->ka_timeout / SIM_S));
	if (d->hold_timeout)
		g_string_append_printf(out, " hold-timeout %" G_GINT64_FORMAT,
				       (gint64)(d->hold_timeout / SIM_S));
	g_string_append_c(out, '\n');
}

void sw_ios_domain_running(const struct sw_ios *c, bool head, GString *out)
{
	const struct sw_ios_domain *d = &c->domain;
	char longname[SW_IFNAME_MAX];

	if (head) {
		if (c->feature_vpc)
			g_string_append(out, "feature vpc\n");
		return;
	}
	if (d->kind == SW_IOS_DOMAIN_EOS) {
		g_string_append_printf(out, "mlag configuration\n domain-id %s\n local-interface %s\n"
				       " peer-address %s\n peer-link %s\n", d->id, d->local_interface,
				       d->peer_address,
				       sw_ifname_long(d->peer_link, longname, sizeof(longname)));
		if (d->reload_delay)
			g_string_append_printf(out, " reload-delay %s\n", d->reload_delay);
		g_string_append(out, "!\n");
		return;
	}
	if (d->kind != SW_IOS_DOMAIN_VPC)
		return;
	g_string_append_printf(out, "vpc domain %u\n", d->vpc_id);
	if (d->peer_switch)
		g_string_append(out, " peer-switch\n");
	if (d->role_priority)
		g_string_append_printf(out, " role priority %u\n", d->role_priority);
	if (d->system_priority)
		g_string_append_printf(out, " system-priority %u\n", d->system_priority);
	if (d->have_mac)
		g_string_append_printf(out, " system-mac %02x%02x.%02x%02x.%02x%02x\n", d->mac[0],
				       d->mac[1], d->mac[2], d->mac[3], d->mac[4], d->mac[5]);
	running_keepalive(d, out);
	if (d->delay_restore)
		g_string_append_printf(out, " delay restore %" G_GINT64_FORMAT "\n",
				       (gint64)(d->delay_restore / SIM_S));
	if (d->svi_delay)
		g_string_append_printf(out, " delay restore interface-vlan %d\n", d->svi_delay);
	if (d->delay_orphan >= 0)
		g_string_append_printf(out, " delay restore orphan-port %" G_GINT64_FORMAT "\n",
				       (gint64)(d->delay_orphan / SIM_S));
	if (d->peer_gateway)
		g_string_append(out, " peer-gateway\n");
	if (d->auto_recovery == 0)
		g_string_append(out, " no auto-recovery\n");
	if (d->auto_recovery == 1 && d->ar_reload_delay)
		g_string_append_printf(out, " auto-recovery reload-delay %d\n", d->ar_reload_delay);
	else if (d->auto_recovery == 1)
		g_string_append(out, " auto-recovery\n");
	if (d->arp_sync)
		g_string_append(out, " ip arp synchronize\n");
	g_string_append(out, "!\n");
}
