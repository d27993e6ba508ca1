/*
 * scenario_traffic.c - [flow] and [faults]: what is sent, and what breaks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "lacp/lacp.h"

/* ---- [flow NAME] ---------------------------------------------------------- */

static gboolean resolve_dst(struct loader *L, int line, const char *to, struct host **dst,
			    uint32_t *ip, GError **error)
{
	struct world_host *h = world_find_host(L->w, to);
	struct in_addr a;

	if (h) {
		*dst = h->host;
		*ip = host_primary_ip(h->host);
		if (!*ip)
			return scn_fail(error, L, line,
					"host %s has no IP address to send to: give it one, e.g. 'ip = 10.0.0.2/24' in [host %s]",
					to, to);
		return TRUE;
	}
	if (inet_pton(AF_INET, to, &a) == 1) {
		*ip = ntohl(a.s_addr);
		*dst = NULL;
		for (guint i = 0; i < L->w->hosts->len && !*dst; i++) {
			struct world_host *x = g_ptr_array_index(L->w->hosts, i);

			if (host_has_ip(x->host, *ip))
				*dst = x->host;
		}
		return TRUE;
	}
	return scn_fail(error, L, line,
			"'%s' is neither a host nor an IPv4 address: write a host's name or an address such as 10.0.0.2",
			to);
}

static gboolean fail_no_host(struct loader *L, int line, const char *name, GError **error)
{
	GPtrArray *names = g_ptr_array_new();
	gboolean r;

	for (guint i = 0; i < L->w->hosts->len; i++)
		g_ptr_array_add(names, ((struct world_host *)g_ptr_array_index(L->w->hosts, i))->name);
	g_ptr_array_add(names, NULL);
	r = scn_fail_choice(error, L, line, "host", name, (const char *const *)names->pdata);
	g_ptr_array_free(names, TRUE);
	return r;
}

/*
 * A key of the other flow type is a mix-up ("interval" on a udp flow would
 * silently be ignored): say which keys this type takes.
 */
static gboolean check_flow_keys(struct loader *L, struct ini_section *s, const char *type,
				GError **error)
{
	static const char *const udp_only[] = { "rate", "sport", "dport", "jitter", NULL };
	static const char *const ping_only[] = { "interval", "count", NULL };
	const bool udp = strcmp(type, "udp") == 0;

	for (guint i = 0; i < s->entries->len; i++) {
		const struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (udp && g_strv_contains(ping_only, e->key))
			return scn_fail(error, L, e->line,
					"%s applies to ping flows, not to udp: a udp flow is paced by rate and size (udp keys: type, from, to, rate, size, start, stop, sport, dport, jitter)",
					e->key);
		if (!udp && g_strv_contains(udp_only, e->key))
			return scn_fail(error, L, e->line,
					"%s applies to udp flows, not to ping: a ping sends one request per interval (ping keys: type, from, to, interval, count, size, start, stop)",
					e->key);
	}
	return TRUE;
}

/* Nothing is scheduled after the end of the run, be it the scenario's or --duration's. */
static gboolean check_start(struct loader *L, struct ini_section *s, const struct ini_entry *e,
			    sim_time_t start, GError **error)
{
	char t[32], d[32];

	if (start < L->w->duration)
		return TRUE;
	sim_time_format(L->w->duration, d, sizeof(d));
	if (!L->opt->duration)
		return scn_fail(error, L, e->line,
				"flow %s starts at %s, when the run is over (duration %s): start it earlier or raise [sim] duration",
				s->name, e->value, d);
	sim_time_format(start, t, sizeof(t));
	return scn_fail(error, L, e->line,
			"flow %s starts at %s, when the run is over (--duration %s): give a --duration above %s, or none",
			s->name, e->value, d, t);
}

gboolean scn_load_flow(struct loader *L, struct ini_section *s, GError **error)
{
	static const char *const keys[] = { "type", "from", "to", "rate", "size", "start",
		"stop", "sport", "dport", "interval", "count", "jitter", NULL };
	static const char *const types[] = { "udp", "ping", NULL };
	struct ini_entry *e, *from, *to;
	const char *type;
	struct world_host *src;
	struct host *dst = NULL;
	uint32_t dst_ip = 0;
	sim_time_t start = 0, stop = L->w->duration;
	uint64_t v;

	if (!*s->name)
		return scn_fail(error, L, s->line, "a flow needs a name: [flow web]");
	if (!scn_name_ok(L, s->line, "flow", s->name, error))
		return FALSE;
	for (guint i = 0; i < L->w->flows->len; i++)
		if (!strcmp(((struct flow *)g_ptr_array_index(L->w->flows, i))->cfg.name, s->name))
			return scn_fail(error, L, s->line,
					"flow %s defined twice: give each [flow] a name of its own", s->name);
	for (guint i = 0; i < L->w->pings->len; i++)
		if (!strcmp(((struct ping *)g_ptr_array_index(L->w->pings, i))->cfg.name, s->name))
			return scn_fail(error, L, s->line,
					"flow %s defined twice: give each [flow] a name of its own", s->name);
	for (guint i = 0; i < s->entries->len; i++) {
		e = g_ptr_array_index(s->entries, i);
		if (!e->key)
			return scn_fail(error, L, e->line,
					"'%s' in [flow %s]: expected 'key = value', e.g. rate = 10M",
					e->value, s->name);
		if (!g_strv_contains(keys, e->key))
			return scn_fail_choice(error, L, e->line, "key in [flow]", e->key, keys);
	}
	e = ini_get(s, "type");
	type = e ? e->value : "udp";
	if (!g_strv_contains(types, type))
		return scn_fail_choice(error, L, e->line, "flow type", type, types);
	if (!check_flow_keys(L, s, type, error))
		return FALSE;
	from = ini_get(s, "from");
	to = ini_get(s, "to");
	if (!from || !to)
		return scn_fail(error, L, s->line, "flow %s needs 'from = HOST' and 'to = HOST'", s->name);
	src = world_find_host(L->w, from->value);
	if (!src)
		return fail_no_host(L, from->line, from->value, error);
	if (!resolve_dst(L, to->line, to->value, &dst, &dst_ip, error))
		return FALSE;
	if (host_has_ip(src->host, dst_ip))
		return scn_fail(error, L, to->line,
			    "flow %s goes from %s to itself: bondsim has no loopback device; send to another host",
			    s->name, src->name);
	if ((e = ini_get(s, "start")) &&
	    (!scn_parse_time(L, e, e->value, &start, error) || !check_start(L, s, e, start, error)))
		return FALSE;
	struct ini_entry *stop_e = ini_get(s, "stop");
	if (stop_e && !scn_parse_time(L, stop_e, stop_e->value, &stop, error))
		return FALSE;
	if (stop_e && stop <= start) {
		char t[32];

		return scn_fail(error, L, stop_e->line,
				"flow %s stops at %s, before it starts (%s): stop must come after start",
				s->name, stop_e->value, sim_time_format(start, t, sizeof(t)));
	}
	if (strcmp(type, "udp") == 0) {
		struct flow_config c = { 0 };

		if (!dst)
			return scn_fail(error, L, to->line,
					"no host in the scenario has address %s: a udp flow needs a receiver; write a host's name or one of its addresses",
					to->value);
		c.name = s->name;
		c.id = ++L->next_flow_id;
		c.src = src->host;
		c.dst = dst;
		c.dst_ip = dst_ip;
		c.sport = (uint16_t)(10000 + c.id);
		c.dport = (uint16_t)(5000 + c.id);
		c.rate_bps = 10000000;
		c.payload = 1472;
		c.start = start;
		c.stop = stop;
		if ((e = ini_get(s, "rate"))) {
			GError *inner = NULL;

			if (!sim_rate_parse(e->value, &c.rate_bps, &inner))
				return scn_fail_at(error, L, e->line, inner);
		}
		if ((e = ini_get(s, "size"))) {
			if (!scn_parse_uint(L, e->line, "size", e->value, 65507, &v, error))
				return FALSE;
			if (v > 1472)
				return scn_fail(error, L, e->line,
					    "size %s: UDP payload above 1472 bytes needs IP fragments, which bondsim does not model yet",
					    e->value);
			c.payload = (uint32_t)v;
		}
		if ((e = ini_get(s, "sport"))) {
			if (!scn_parse_uint(L, e->line, "sport", e->value, 65535, &v, error))
				return FALSE;
			c.sport = (uint16_t)v;
		}
		if ((e = ini_get(s, "dport"))) {
			if (!scn_parse_uint(L, e->line, "dport", e->value, 65535, &v, error))
				return FALSE;
			c.dport = (uint16_t)v;
		}
		if ((e = ini_get(s, "jitter"))) {
			if (!scn_parse_time(L, e, e->value, &c.jitter, error))
				return FALSE;
			/* less than one packet interval, or packets would swap */
			if (!flow_config_jitter_ok(&c)) {
				char t[32];
				sim_time_t gap = (sim_time_t)(flow_packet_bits(c.payload) * SIM_S / c.rate_bps);

				return scn_fail(error, L, e->line,
						"jitter %s is not less than one packet interval of flow %s (%s at this rate and size): use a smaller jitter",
						e->value, s->name, sim_time_format(gap, t, sizeof(t)));
			}
		}
		/* more than one packet per ns, or more sequence numbers than a
		 * receiver counts, is no network: refuse it here */
		uint64_t pkts = flow_config_packets(&c, c.stop - c.start);
		if (flow_packet_bits(c.payload) * SIM_S < c.rate_bps)
			return scn_fail(error, L, s->line,
				    "flow %s: more than one packet per nanosecond; lower the rate",
				    s->name);
		if (pkts >= UINT32_MAX)
			return scn_fail(error, L, s->line,
				    "flow %s would send more than %u packets: shorten it or lower the rate",
				    s->name, UINT32_MAX - 1);
		struct flow *f = flow_udp_new(L->w->sim, &c);
		if (!f)
			return scn_fail(error, L, s->line,
					"flow %s: port %u already in use on the receiver: give the flow a dport of its own",
					s->name, c.dport);
		g_ptr_array_add(L->w->flows, f);
	} else {
		struct ping_config c = { 0 };

		c.name = s->name;
		c.id = ++L->next_flow_id;
		c.src = src->host;
		c.dst_ip = dst_ip;
		c.interval = SIM_S;
		c.size = 56;
		c.start = start;
		c.stop = stop;
		if ((e = ini_get(s, "interval")) && !scn_parse_time(L, e, e->value, &c.interval, error))
			return FALSE;
		if (c.interval <= 0)
			return scn_fail(error, L, e->line,
					"interval %s: a ping needs time between requests; write more than 0, e.g. interval = 100ms",
					e->value);
		if ((c.stop - c.start) / c.interval >= UINT32_MAX)
			return scn_fail(error, L, e ? e->line : s->line,
				    "ping %s would send more than %u requests: raise the interval",
				    s->name, UINT32_MAX - 1);
		if ((e = ini_get(s, "count"))) {
			if (!scn_parse_uint(L, e->line, "count", e->value, 100000000, &v, error))
				return FALSE;
			c.count = (uint32_t)v;
		}
		if ((e = ini_get(s, "size"))) {
			if (!scn_parse_uint(L, e->line, "size", e->value, 1472, &v, error))
				return FALSE;
			c.size = (uint32_t)v;
		}
		g_ptr_array_add(L->w->pings, ping_new(L->w->sim, &c));
	}
	return TRUE;
}

/* ---- [faults] ------------------------------------------------------------- */

static const char *const fault_verbs[] = { "link", "nic", "port", "loss", "delay", "blackhole",
	"heal", "flap", "reboot", "dump", "active_slave", "prio", "show", "enslave",
	"release", NULL };

/* How each action is written, for the errors (same order as fault_verbs). */
static const char *const fault_forms[] = {
	"TIME link END down|up", "TIME nic HOST.NIC fail|repair",
	"TIME port SWITCH.PORT shutdown|no-shutdown", "TIME loss END 5%",
	"TIME delay END 10ms", "TIME blackhole END [both|tx|rx]", "TIME heal END [both|tx|rx]",
	"TIME flap END every 1s count 5", "TIME reboot SWITCH [for 30s]", "TIME dump HOST.BOND",
	"TIME active_slave HOST.BOND NIC", "TIME prio HOST.NIC N",
	"TIME show SWITCH etherchannel|lacp", "TIME enslave HOST.BOND NIC",
	"TIME release HOST.BOND NIC", NULL,
};

static const char *fault_form(const char *verb)
{
	for (int i = 0; fault_verbs[i]; i++)
		if (strcmp(fault_verbs[i], verb) == 0)
			return fault_forms[i];
	return "TIME ACTION TARGET [ARGS]";
}

/*
 * Against the end of the run: --duration's when given (it may lengthen the
 * run as well as shorten it), else the scenario's.  A fault that would
 * never fire is a fault the user believes was tested.
 */
static gboolean check_fault_time(struct loader *L, const struct ini_entry *e, const char *text,
				 sim_time_t at, GError **error)
{
	char d[32];

	if (!L->opt->duration && at > L->file_duration)
		return scn_fail(error, L, e->line,
				"fault at %s is after the end of the run (%s): move it before then or raise [sim] duration",
				text, sim_time_format(L->file_duration, d, sizeof(d)));
	if (L->opt->duration && at > L->w->duration)
		return scn_fail(error, L, e->line,
				"fault at %s is after the end of the run (--duration %s): give a --duration of %s or more, or none",
				text, sim_time_format(L->w->duration, d, sizeof(d)), text);
	return TRUE;
}
static void take_snapshot(void *arg, struct fault *f)
{
	struct world *w = arg;
	struct proc_snapshot *snap = g_ptr_array_index(w->snapshots, f->count);
	struct world_host *h = world_find_host(w, snap->host);
	GString *s = g_string_new(NULL);

	bond_proc_dump(world_find_bond(h, snap->bond), s);
	snap->at = f->sim->now;
	snap->text = g_string_free(s, FALSE);
}

/* "show etherchannel summary" / "show lacp neighbor" on the switch's console */
static void run_show(void *arg, struct fault *f)
{
	sw_show_record(arg, f->count ? "lacp" : "etherchannel");
}

/* "show sw1 etherchannel" / "show sw1 lacp": kept for the end of the switch's report. */
static struct fault *load_show(struct loader *L, const struct ini_entry *e, sim_time_t at,
			       const char *text, const char *target, const char *what,
			       GError **error)
{
	static const char *const whats[] = { "etherchannel", "lacp", NULL };
	struct world_switch *ws = world_find_switch(L->w, target);
	struct fault *f;

	if (!ws) {
		GPtrArray *names = g_ptr_array_new();

		for (guint i = 0; i < L->w->switches->len; i++)
			g_ptr_array_add(names, ((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name);
		g_ptr_array_add(names, NULL);
		scn_fail_choice(error, L, e->line, "switch to show", target,
				(const char *const *)names->pdata);
		g_ptr_array_free(names, TRUE);
		return NULL;
	}
	if (!*what) {
		scn_fail(error, L, e->line, "show what on %s? write 'show %s etherchannel' or 'show %s lacp'",
			 target, target, target);
		return NULL;
	}
	if (!g_strv_contains(whats, what)) {
		scn_fail_choice(error, L, e->line, "show command", what, whats);
		return NULL;
	}
	f = fault_new(L->w->sim, FAULT_CALL, at, text);
	f->call = run_show;
	f->call_arg = ws->sw;
	f->count = strcmp(what, "lacp") == 0;
	return f;
}

/* echo IFNAME > /sys/class/net/BOND/bonding/active_slave */
static void run_active_slave(void *arg, struct fault *f)
{
	struct bond *b = arg;

	bond_set_active_slave(b, f->nic ? f->nic->dev.name : "", f->nic ? &f->nic->dev : NULL,
			      NULL);
}

/* ip link set NIC type bond_slave prio N */
static void run_prio(void *arg, struct fault *f)
{
	struct bond *b = arg;

	bond_set_slave_prio(b, bond_find_slave(b, f->nic->dev.name), (int)f->value, NULL);
}

/* ---- enslave and release ---------------------------------------------------------------- */

/*
 * "ip link set NIC master BOND": bond_enslave(), after the kernel's
 * do_set_master() has released NIC from another bond it was in.  A NIC
 * that a release closed is opened again (bond_enslave() opens its slave);
 * one already in BOND stays as it is.
 */
static void run_enslave(void *arg, struct fault *f)
{
	struct bond *b = arg;
	struct netdev *dev = &f->nic->dev;
	GError *err = NULL;

	if (dev->master == &b->dev)
		return;
	if (dev->master)
		bond_release((struct bond *)dev->master, dev, NULL);
	if (f->pair && f->pair->done) {
		/* the release before closed it: dev_open() */
		if (f->nic->failed)
			nic_set_failed(f->nic, false);
		f->pair->done = 0;
	}
	if (!bond_enslave(b, dev, &err)) {
		if (b->log)
			sim_log_printf(b->log, f->sim->now, "%s: (slave %s): Error: %s", b->dev.name,
				       dev->name, err->message);
		g_error_free(err);
	}
}

/* "ip link set NIC nomaster": __bond_release_one(), then dev_close(NIC). */
static void run_release(void *arg, struct fault *f)
{
	struct bond *b = arg;

	if (f->nic->dev.master != &b->dev || !bond_release(b, &f->nic->dev, NULL))
		return;
	if (!f->nic->failed) {
		nic_set_failed(f->nic, true);
		f->done = 1;	/* closed it: the next enslave opens it */
	}
}

static bool is_membership(const struct fault *f)
{
	return f->kind == FAULT_COMMAND && (f->call == run_enslave || f->call == run_release);
}

/*
 * The bond @n is a slave of just before @at: the loader's enslaving, then
 * the enslave and release lines loaded so far (which come in time order).
 */
static struct bond *master_at(struct loader *L, const struct nic *n)
{
	struct bond *m = n->dev.master ? (struct bond *)n->dev.master : NULL;

	for (guint i = 0; i < L->w->faults->len; i++) {
		const struct fault *f = g_ptr_array_index(L->w->faults, i);

		if (is_membership(f) && f->nic == n)
			m = f->call == run_enslave ? f->call_arg : NULL;
	}
	return m;
}

static guint slaves_at(struct loader *L, const struct world_host *h, const struct bond *b)
{
	guint n = 0;

	for (guint i = 0; i < h->nics->len; i++)
		if (master_at(L, g_ptr_array_index(h->nics, i)) == b)
			n++;
	return n;
}

/* The last release line of @n loaded so far, NULL if none. */
static struct fault *last_release(struct loader *L, const struct nic *n)
{
	struct fault *r = NULL;

	for (guint i = 0; i < L->w->faults->len; i++) {
		struct fault *f = g_ptr_array_index(L->w->faults, i);

		if (is_membership(f) && f->nic == n)
			r = f->call == run_release ? f : NULL;
	}
	return r;
}

/*
 * "enslave server.bond0 eth1" / "release server.bond0 eth1", checked
 * against what the bond holds at that moment of the run.
 */
static struct fault *load_membership(struct loader *L, const struct ini_entry *e, sim_time_t at,
				     const char *text, GPtrArray *words, GError **error)
{
	const char *verb = g_ptr_array_index(words, 1), *target = g_ptr_array_index(words, 2);
	const char *arg1 = words->len > 3 ? g_ptr_array_index(words, 3) : NULL;
	const char *dot = strchr(target, '.');
	g_autofree char *hn = dot ? g_strndup(target, dot - target) : NULL;
	struct world_host *h = hn ? world_find_host(L->w, hn) : NULL;
	bool enslave = strcmp(verb, "enslave") == 0;
	struct bond *b = h ? world_find_bond(h, dot + 1) : NULL;
	struct bond *m;
	struct nic *nic;
	struct fault *f;
	char t[32];
	gboolean ok = TRUE;

	if (!b) {
		scn_fail(error, L, e->line, "'%s' is not a bond: write '%s server.bond0 eth1'", target,
			 verb);
		return NULL;
	}
	if (!arg1) {
		scn_fail(error, L, e->line, "%s needs a NIC: write '%s %s eth1'", verb, verb, target);
		return NULL;
	}
	nic = scn_host_nic(h, arg1);
	if (!nic) {
		const char **names = scn_host_nic_names(h);

		scn_fail_choice(error, L, e->line, "NIC of host", arg1, names);
		g_free(names);
		return NULL;
	}
	for (guint i = 0; i < L->w->faults->len && ok; i++) {
		const struct fault *g = g_ptr_array_index(L->w->faults, i);

		if (is_membership(g) && g->at > at)
			ok = scn_fail(error, L, e->line,
				      "%s at %s comes before line %d ('%s'): write enslave and release lines in time order",
				      verb, sim_time_format(at, t, sizeof(t)), g->line, g->text);
	}
	m = master_at(L, nic);
	if (ok && enslave && m == b)
		ok = scn_fail(error, L, e->line, "%s is already a slave of %s.%s then: nothing to enslave",
			      arg1, h->name, b->dev.name);
	if (ok && !enslave && m != b)
		ok = scn_fail(error, L, e->line,
			      "%s is not a slave of %s.%s then (%s%s): nothing to release", arg1,
			      h->name, b->dev.name, m ? "it is in " : "it is in no bond",
			      m ? m->dev.name : "");
	if (ok && enslave && b->ops == &bond_3ad_ops && slaves_at(L, h, b) >= LACP_MAX_PORTS)
		ok = scn_fail(error, L, e->line,
			      "%s.%s would have more than %d slaves: bondsim's 802.3ad runs up to %d ports",
			      h->name, b->dev.name, LACP_MAX_PORTS, LACP_MAX_PORTS);
	if (!ok)
		return NULL;
	f = fault_new(L->w->sim, FAULT_COMMAND, at, text);
	f->call = enslave ? run_enslave : run_release;
	f->call_arg = b;
	f->nic = nic;
	/* an enslave reopens what the NIC's last release closed */
	if (enslave)
		f->pair = last_release(L, nic);
	return f;
}

/*
 * Does a [faults] line enslave a NIC into @host.@bond?  Asked while the
 * hosts load, before the faults are: a bond declared empty needs one.
 */
gboolean scn_faults_enslave_into(const struct loader *L, const char *host, const char *bond)
{
	g_autofree char *target = g_strdup_printf("%s.%s", host, bond);

	for (guint i = 0; i < L->ini->sections->len; i++) {
		const struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "faults") != 0)
			continue;
		for (guint k = 0; k < s->entries->len; k++) {
			const struct ini_entry *e = g_ptr_array_index(s->entries, k);
			g_auto(GStrv) w = e->key ? NULL : g_strsplit_set(e->value, " \t", -1);
			int n = 0;
			const char *v[3] = { NULL };

			for (int j = 0; w && w[j] && n < 3; j++)
				if (*w[j])
					v[n++] = w[j];
			if (n == 3 && strcmp(v[1], "enslave") == 0 && strcmp(v[2], target) == 0)
				return TRUE;
		}
	}
	return FALSE;
}

/*
 * "active_slave server.bond0 eth1" ("" clears) and "prio server.eth1 10":
 * the kernel's own refusals (a slave that is down, the wrong mode) are its
 * log lines at that moment; names that are nowhere in the scenario are
 * errors here.
 */
static struct fault *load_bond_command(struct loader *L, const struct ini_entry *e, sim_time_t at,
				       const char *text, GPtrArray *words, GError **error)
{
	const char *verb = g_ptr_array_index(words, 1), *target = g_ptr_array_index(words, 2);
	const char *arg1 = words->len > 3 ? g_ptr_array_index(words, 3) : NULL;
	const char *dot = strchr(target, '.');
	g_autofree char *hn = dot ? g_strndup(target, dot - target) : NULL;
	struct world_host *h = hn ? world_find_host(L->w, hn) : NULL;
	struct nic *nic = NULL;
	struct bond *b;
	struct fault *f;
	int prio;

	if (strcmp(verb, "active_slave") == 0) {
		b = h ? world_find_bond(h, dot + 1) : NULL;
		if (!b) {
			scn_fail(error, L, e->line, "'%s' is not a bond: write 'active_slave "
				 "server.bond0 eth1' (\"\" clears it)", target);
			return NULL;
		}
		if (!arg1) {
			scn_fail(error, L, e->line, "active_slave needs a slave: write "
				 "'active_slave %s eth1' (\"\" clears it)", target);
			return NULL;
		}
		if (strcmp(arg1, "\"\"") != 0) {
			nic = scn_host_nic(h, arg1);
			if (!nic) {
				const char **names = scn_host_nic_names(h);

				scn_fail_choice(error, L, e->line, "NIC of host", arg1, names);
				g_free(names);
				return NULL;
			}
		}
		f = fault_new(L->w->sim, FAULT_COMMAND, at, text);
		f->call = run_active_slave;
		f->call_arg = b;
		f->nic = nic;
		return f;
	}
	nic = h ? scn_host_nic(h, dot + 1) : NULL;
	if (!nic || !nic->dev.master) {
		scn_fail(error, L, e->line, "'%s' is not a bond slave: write 'prio server.eth1 10'",
			 target);
		return NULL;
	}
	if (!arg1) {
		scn_fail(error, L, e->line, "prio needs a number: write 'prio %s 10'", target);
		return NULL;
	}
	if (!scn_parse_prio(L, e->line, arg1, &prio, error))
		return NULL;
	f = fault_new(L->w->sim, FAULT_COMMAND, at, text);
	f->call = run_prio;
	f->call_arg = world_find_bond(h, nic->dev.master->name);
	f->nic = nic;
	f->value = prio;
	return f;
}

gboolean scn_load_fault_line(struct loader *L, const struct ini_entry *e, GError **error)
{
	char **wv = g_strsplit_set(e->value, " \t", -1);
	GPtrArray *words = g_ptr_array_new();
	struct fault *f = NULL;
	sim_time_t at;
	GError *inner = NULL;
	gboolean ok = FALSE;
	const char *verb, *target, *arg1;
	struct nic *nic = NULL;
	char *text = NULL;
	guint max_words;

	for (char **p = wv; *p; p++)
		if (**p)
			g_ptr_array_add(words, *p);
	if (e->key || words->len < 3) {
		scn_fail(error, L, e->line,
		     "a fault looks like 'TIME ACTION TARGET [ARGS]', e.g. '2s link server.eth0 down'");
		goto out;
	}
	if (!sim_time_parse(g_ptr_array_index(words, 0), &at, &inner)) {
		scn_fail_at(error, L, e->line, inner);
		goto out;
	}
	if (!check_fault_time(L, e, g_ptr_array_index(words, 0), at, error))
		goto out;
	verb = g_ptr_array_index(words, 1);
	target = g_ptr_array_index(words, 2);
	arg1 = words->len > 3 ? g_ptr_array_index(words, 3) : "";
	g_ptr_array_add(words, NULL);
	text = g_strjoinv(" ", (char **)words->pdata + 1);
	g_ptr_array_set_size(words, words->len - 1);
	if (!g_strv_contains(fault_verbs, verb)) {
		scn_fail_choice(error, L, e->line, "fault action", verb, fault_verbs);
		goto out;
	}
	/* TIME VERB TARGET ARGS: a word after the last argument is a mistake. */
	max_words = strcmp(verb, "flap") == 0 ? 7 : strcmp(verb, "reboot") == 0 ? 5 :
		    strcmp(verb, "dump") == 0 ? 3 : 4;
	if (words->len > max_words) {
		scn_fail(error, L, e->line, "unexpected '%s' after '%s': a %s line is '%s'",
			 (char *)g_ptr_array_index(words, max_words),
			 (char *)g_ptr_array_index(words, max_words - 1), verb, fault_form(verb));
		goto out;
	}
	if (strcmp(verb, "reboot") == 0) {
		struct world_switch *ws = world_find_switch(L->w, target);
		sim_time_t down = 60 * SIM_S;

		if (!ws) {
			GPtrArray *names = g_ptr_array_new();

			for (guint i = 0; i < L->w->switches->len; i++)
				g_ptr_array_add(names, ((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name);
			g_ptr_array_add(names, NULL);
			scn_fail_choice(error, L, e->line, "switch to reboot", target,
					(const char *const *)names->pdata);
			g_ptr_array_free(names, TRUE);
			goto out;
		}
		/* "reboot sw1 for 30s" */
		if (words->len >= 5 && strcmp(arg1, "for") == 0) {
			if (!sim_time_parse(g_ptr_array_index(words, 4), &down, &inner)) {
				scn_fail_at(error, L, e->line, inner);
				goto out;
			}
		} else if (words->len != 3) {
			scn_fail(error, L, e->line, "write 'reboot SWITCH for 30s'");
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_SWITCH_REBOOT, at, text);
		f->sw = ws->sw;
		f->value = down;
		goto done;
	}
	if (strcmp(verb, "active_slave") == 0 || strcmp(verb, "prio") == 0) {
		f = load_bond_command(L, e, at, text, words, error);
		if (!f)
			goto out;
		goto done;
	}
	if (strcmp(verb, "show") == 0) {
		f = load_show(L, e, at, text, target, arg1, error);
		if (!f)
			goto out;
		goto done;
	}
	if (strcmp(verb, "enslave") == 0 || strcmp(verb, "release") == 0) {
		f = load_membership(L, e, at, text, words, error);
		if (!f)
			goto out;
		goto done;
	}
	if (strcmp(verb, "dump") == 0) {
		const char *dot = strchr(target, '.');
		char *hn = dot ? g_strndup(target, dot - target) : NULL;
		struct world_host *h = hn ? world_find_host(L->w, hn) : NULL;

		g_free(hn);
		if (!h || !world_find_bond(h, dot + 1)) {
			scn_fail(error, L, e->line, "'%s' is not a bond: write 'dump server.bond0'", target);
			goto out;
		}
		struct proc_snapshot *snap = g_new0(struct proc_snapshot, 1);
		snap->host = g_strdup(h->name);
		snap->bond = g_strdup(dot + 1);
		f = fault_new(L->w->sim, FAULT_CALL, at, text);
		f->call = take_snapshot;
		f->call_arg = L->w;
		f->count = (int)L->w->snapshots->len;
		g_ptr_array_add(L->w->snapshots, snap);
		goto done;
	}
	nic = scn_resolve_end(L, e->line, target, error);
	if (!nic)
		goto out;
	if (strcmp(verb, "port") == 0) {
		struct world_switch *ws = NULL;

		for (guint i = 0; i < L->w->switches->len && !ws; i++) {
			struct world_switch *x = g_ptr_array_index(L->w->switches, i);

			if (sw_find_port(x->sw, nic->dev.name) == nic)
				ws = x;
		}
		if (!ws) {
			scn_fail(error, L, e->line,
				 "%s is a host's NIC, not a switch port: write 'nic %s fail' (port acts on a switch port, e.g. 'port sw1.Gi0/1 shutdown')",
				 target, target);
			goto out;
		}
		if (strcmp(arg1, "shutdown") == 0)
			f = fault_new(L->w->sim, FAULT_PORT_SHUTDOWN, at, text);
		else if (strcmp(arg1, "no-shutdown") == 0)
			f = fault_new(L->w->sim, FAULT_PORT_NO_SHUTDOWN, at, text);
		else {
			scn_fail(error, L, e->line, "port action '%s'; valid: shutdown, no-shutdown", arg1);
			goto out;
		}
		f->sw = ws->sw;
		f->nic = nic;
		goto done;
	}
	if (strcmp(verb, "nic") == 0) {
		/* The port's PHY belongs to the switch (shutdown, err-disable, reload). */
		if (world_find_switch(L->w, nic->dev.owner_name)) {
			scn_fail(error, L, e->line, "%s is a switch port: write 'port %s shutdown'",
			     target, target);
			goto out;
		}
		if (strcmp(arg1, "fail") == 0)
			f = fault_new(L->w->sim, FAULT_NIC_FAIL, at, text);
		else if (strcmp(arg1, "repair") == 0)
			f = fault_new(L->w->sim, FAULT_NIC_REPAIR, at, text);
		else {
			scn_fail(error, L, e->line, "nic action '%s'; valid: fail, repair", arg1);
			goto out;
		}
		f->nic = nic;
		goto done;
	}
	/* The rest act on the cable at that end. */
	if (!nic->link) {
		scn_fail(error, L, e->line,
			 "%s is not cabled: '%s' acts on the cable plugged in there; cable it under [links] or name a cabled end",
			 target, verb);
		goto out;
	}
	if (strcmp(verb, "link") == 0) {
		if (strcmp(arg1, "down") == 0)
			f = fault_new(L->w->sim, FAULT_LINK_DOWN, at, text);
		else if (strcmp(arg1, "up") == 0)
			f = fault_new(L->w->sim, FAULT_LINK_UP, at, text);
		else {
			scn_fail(error, L, e->line, "link action '%s'; valid: down, up", arg1);
			goto out;
		}
	} else if (strcmp(verb, "loss") == 0) {
		char *end;
		double p = g_ascii_strtod(arg1, &end);

		if (*end == '%') {
			p /= 100;
			end++;
		}
		if (!*arg1 || *end || !(p >= 0 && p <= 1)) {	/* NaN too */
			scn_fail(error, L, e->line, "loss '%s': write 0.05 or 5%%", arg1);
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_LOSS, at, text);
		f->loss = p;
	} else if (strcmp(verb, "delay") == 0) {
		f = fault_new(L->w->sim, FAULT_DELAY, at, text);
		if (!sim_time_parse(arg1, &f->value, &inner)) {
			fault_free(f);
			f = NULL;
			scn_fail_at(error, L, e->line, inner);
			goto out;
		}
	} else if (strcmp(verb, "blackhole") == 0 || strcmp(verb, "heal") == 0) {
		f = fault_new(L->w->sim, verb[0] == 'b' ? FAULT_BLACKHOLE : FAULT_HEAL, at, text);
		/* "blackhole END" both ways; "blackhole END tx|rx" one way seen from END */
		if (strcmp(arg1, "tx") == 0)
			f->from_end = nic->link_end;
		else if (strcmp(arg1, "rx") == 0)
			f->from_end = 1 - nic->link_end;
		else if (*arg1 && strcmp(arg1, "both") != 0) {
			fault_free(f);
			f = NULL;
			scn_fail(error, L, e->line, "direction '%s'; valid: both, tx, rx", arg1);
			goto out;
		}
	} else if (strcmp(verb, "flap") == 0) {
		/* "flap END every 1s count 5" */
		uint64_t n;

		if (words->len != 7 || strcmp(arg1, "every") != 0 ||
		    strcmp(g_ptr_array_index(words, 5), "count") != 0) {
			scn_fail(error, L, e->line, "write 'flap server.eth0 every 1s count 5'");
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_FLAP, at, text);
		if (!sim_time_parse(g_ptr_array_index(words, 4), &f->value, &inner) ||
		    f->value < 2 * SIM_NS) {
			fault_free(f);
			f = NULL;
			if (inner)
				scn_fail_at(error, L, e->line, inner);
			else
				scn_fail(error, L, e->line,
					 "flap period %s is too short: it takes at least 2ns (down, then up half a period later)",
					 (char *)g_ptr_array_index(words, 4));
			goto out;
		}
		if (!scn_parse_uint(L, e->line, "flap count", g_ptr_array_index(words, 6), 100000, &n, error)) {
			fault_free(f);
			f = NULL;
			goto out;
		}
		if (n == 0) {
			fault_free(f);
			f = NULL;
			scn_fail(error, L, e->line,
				 "flap count 0: a flap happens at least once; write a count from 1 to 100000");
			goto out;
		}
		f->count = (int)n;
	}
	f->link = nic->link;
	f->nic = nic;
done:
	f->line = e->line;
	g_ptr_array_add(L->w->faults, f);
	ok = TRUE;
out:
	g_free(text);
	g_ptr_array_free(words, TRUE);
	g_strfreev(wv);
	return ok;
}

