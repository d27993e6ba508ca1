/*
 * scenario_faults.c - [faults]: what breaks, and the administrator's commands, when.
 *
 * DOC: One line per action, "TIME VERB TARGET ...": cables, NICs, switch
 * ports, loss and delay, silent failures, reloads, an MLAG domain's
 * keepalive (scenario_keepalive.c), /proc dumps and switch show commands,
 * active_slave and prio, IOS's speed and duplex on a port (ethtool's
 * lines: scenario_ethtool.c),
 * enslave and release (checked in
 * time order against what each bond holds at that moment), and snapshots of
 * every host's /sys and /proc (sysfs_out.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "loader.h"
#include "sysfs_out.h"
#include "lacp/lacp.h"

/* ---- [faults] ------------------------------------------------------------- */

static const char *const fault_verbs[] = { "link", "nic", "port", "loss", "delay", "blackhole",
	"heal", "flap", "reboot", "dump", "active_slave", "prio", "show", "enslave",
	"release", "snapshot", "keepalive", "ethtool", NULL };

/* How each action is written, for the errors (same order as fault_verbs). */
static const char *const fault_forms[] = {
	"TIME link END down|up", "TIME nic HOST.NIC fail|repair",
	"TIME port SWITCH.PORT shutdown|no-shutdown|speed 100|duplex full", "TIME loss END 5%",
	"TIME delay END 10ms", "TIME blackhole END [both|tx|rx]", "TIME heal END [both|tx|rx]",
	"TIME flap END every 1s count 5", "TIME reboot SWITCH [for 30s]", "TIME dump HOST.BOND",
	"TIME active_slave HOST.BOND NIC", "TIME prio HOST.NIC N",
	"TIME show SWITCH etherchannel|lacp|vpc|keepalive|interfaces|vlan|trunk", "TIME enslave HOST.BOND NIC",
	"TIME release HOST.BOND NIC", "TIME snapshot", "TIME keepalive MLAG down|up [from SWITCH]",
	"TIME ethtool [-s|-r] HOST.NIC|HOST.BOND [speed N] [duplex half|full] [autoneg on|off] [advertise 0xN]", NULL,
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
	char d[32], last[32];

	if (!L->opt->duration && at > L->file_duration)
		return scn_fail(error, L, e->line,
				"fault at %s is after the end of the run (%s): move it before then or raise [sim] duration",
				text, sim_time_format(L->file_duration, d, sizeof(d)));
	/* the one --duration to suggest is one that takes the whole file */
	if (L->opt->duration && at > L->w->duration)
		return scn_fail(error, L, e->line,
				"fault at %s is after the end of the run (--duration %s): give a --duration above %s (the file's last fault or flow start), or none",
				text, sim_time_format(L->w->duration, d, sizeof(d)),
				sim_time_format(MAX(at, scn_last_scheduled(L)), last, sizeof(last)));
	return TRUE;
}
static void take_snapshot(void *arg, struct fault *f)
{
	struct world *w = arg;
	struct proc_snapshot *snap = g_ptr_array_index(w->snapshots, f->count);
	struct world_host *h = world_find_host(w, snap->host);
	GString *s = g_string_new(NULL);

	bond_proc_dump(world_find_bond(h, snap->bond), s);
	snap->text = g_string_free(s, FALSE);
}

/* "show etherchannel summary" / "show lacp neighbor" on the switch's console */
static void run_show(void *arg, struct fault *f)
{
	static const char *const whats[] = { "etherchannel", "lacp", "vpc", "keepalive", "interfaces",
		"vlan", "trunk" };

	sw_show_record(arg, whats[f->count]);
}

/* "show sw1 etherchannel" / "show sw1 lacp": kept for the end of the switch's report. */
static struct fault *load_show(struct loader *L, const struct ini_entry *e, sim_time_t at,
			       const char *text, const char *target, const char *what,
			       GError **error)
{
	static const char *const whats[] = { "etherchannel", "lacp", "vpc", "keepalive", "interfaces",
		"vlan", "trunk", NULL };
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
		scn_fail(error, L, e->line, "show what on %s? write 'show %s etherchannel', 'show %s "
			 "lacp', 'show %s vpc', 'show %s keepalive', 'show %s interfaces', 'show %s "
			 "vlan' or 'show %s trunk'", target, target, target, target, target, target,
			 target, target);
		return NULL;
	}
	if (!g_strv_contains(whats, what)) {
		scn_fail_choice(error, L, e->line, "show command", what, whats);
		return NULL;
	}
	f = fault_new(L->w->sim, FAULT_CALL, at, text);
	f->call = run_show;
	f->call_arg = ws->sw;
	for (f->count = 0; strcmp(whats[f->count], what) != 0; f->count++)
		;
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

/* The dev_close() that ends a release (run_release()). */
static void close_released(struct sim *sim, void *arg)
{
	struct fault *f = arg;

	(void)sim;
	if (!f->nic->failed) {
		nic_set_failed(f->nic, true);
		f->done = 1;	/* closed it: the next enslave opens it */
	}
}

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
	/* the release's dev_close() ends its command, before this one: a
	 * close still waiting for the NIC to drain happens now */
	if (f->pair && sim_timer_pending(&f->pair->then)) {
		sim_timer_cancel(f->sim, &f->pair->then);
		close_released(f->sim, f->pair);
	}
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

/*
 * "ip link set NIC nomaster": __bond_release_one(), then dev_close(NIC).
 * The kernel closes the slave at the end of the release, after a
 * synchronize_rcu(), so what the release sent (802.3ad's last LACPDU,
 * Sync off) is on the wire by then: the close comes once the frame on the
 * wire and the control frames have reached the far end (nic_drained_at()),
 * not with them in flight; data still queued is dropped with the qdisc.
 */
static void run_release(void *arg, struct fault *f)
{
	struct bond *b = arg;

	if (f->nic->dev.master != &b->dev || !bond_release(b, &f->nic->dev, NULL))
		return;
	if (!f->nic->failed) {
		/* a nanosecond after the last arrival: the cable arms that
		 * delivery only when the one before it is in, after this */
		sim_timer_init(&f->then, close_released, f);
		sim_timer_arm(f->sim, &f->then, nic_drained_at(f->nic) + 1);
	}
}

static bool is_membership(const struct fault *f)
{
	return f->kind == FAULT_COMMAND && (f->call == run_enslave || f->call == run_release);
}

struct bond *scn_fault_enslaves(const struct fault *f)
{
	return f->kind == FAULT_COMMAND && f->call == run_enslave ? f->call_arg : NULL;
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
		scn_fail_nic(error, L, e->line, h, arg1);
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
				scn_fail_nic(error, L, e->line, h, arg1);
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
	/* "2s snapshot" is the one action without a target */
	if (e->key || words->len < 2 ||
	    (words->len == 2 && strcmp(g_ptr_array_index(words, 1), "snapshot") != 0)) {
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
	target = words->len > 2 ? g_ptr_array_index(words, 2) : "";
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
		    strcmp(verb, "dump") == 0 ? 3 : strcmp(verb, "snapshot") == 0 ? 2 :
		    strcmp(verb, "ethtool") == 0 ? 10 : strcmp(verb, "keepalive") == 0 ? 6 :
		    strcmp(verb, "port") == 0 && (!strcmp(arg1, "speed") || !strcmp(arg1, "duplex")) ? 5 : 4;
	if (words->len > max_words) {
		scn_fail(error, L, e->line, "unexpected '%s' after '%s': %s is written '%s'",
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
	if (strcmp(verb, "keepalive") == 0) {
		f = scn_load_keepalive(L, e, at, text, words, error);
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
	if (strcmp(verb, "ethtool") == 0) {
		f = scn_load_ethtool(L, e, at, text, words, error);
		if (!f)
			goto out;
		goto done;
	}
	if (strcmp(verb, "snapshot") == 0) {
		for (guint i = 0; i < L->w->faults->len; i++) {
			const struct fault *g = g_ptr_array_index(L->w->faults, i);

			if (g->call == sysfs_take_snapshot && g->at == at) {
				scn_fail(error, L, e->line,
					 "a snapshot at %s is already taken (line %d): one per moment",
					 (char *)g_ptr_array_index(words, 0), g->line);
				goto out;
			}
		}
		f = fault_new(L->w->sim, FAULT_CALL, at, text);
		f->call = sysfs_take_snapshot;
		f->call_arg = L->w;
		f->count = (int)L->w->sys_snapshots->len;
		g_ptr_array_add(L->w->sys_snapshots, sysfs_tree_new());
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
		/* set now, not when taken: a run cut short reports a dump not reached at its time */
		snap->at = at;
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
		else if (strcmp(arg1, "speed") == 0 || strcmp(arg1, "duplex") == 0) {
			/* IOS's interface commands, typed during the run */
			uint64_t bps = 0;
			enum autoneg_duplex dx = AUTONEG_DUPLEX_ANY;

			if (words->len != 5) {
				scn_fail(error, L, e->line, "write 'port %s %s %s'", target, arg1,
					 arg1[0] == 's' ? "100" : "full");
				goto out;
			}
			if (!nic_link(nic)) {
				scn_fail(error, L, e->line,
					 "%s is not cabled: its %s changes nothing during the run; set it in [switch] instead",
					 target, arg1);
				goto out;
			}
			if (!scn_parse_port_phy(L, e->line, arg1, g_ptr_array_index(words, 4), &bps, &dx,
						error) ||
			    !scn_phy_runs(L, e->line, target, nic, bps, error) ||
			    !scn_port_phy_allowed(L, e->line, target, ws->sw, nic, at,
						  arg1[0] == 's' ? (int64_t)(bps / 1000000) : -1, dx,
						  error))
				goto out;
			f = fault_new(L->w->sim, FAULT_PORT_PHY, at, text);
			f->port_speed_mbps = arg1[0] == 's' ? (int64_t)(bps / 1000000) : -1;
			f->port_duplex = dx;
		} else {
			scn_fail(error, L, e->line,
				 "port action '%s'; valid: shutdown, no-shutdown, speed, duplex", arg1);
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
	if (!nic_link(nic)) {
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
		double p;

		if (!sim_loss_parse(arg1, &p)) {
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
			f->from_end = nic_link_end(nic);
		else if (strcmp(arg1, "rx") == 0)
			f->from_end = 1 - nic_link_end(nic);
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
		if (!scn_parse_uint_low(L, e->line, "flap count", g_ptr_array_index(words, 6), 1, 100000,
					&n, error)) {
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
	f->link = nic_link(nic);
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

