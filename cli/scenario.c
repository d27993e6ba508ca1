/*
 * scenario.c - from an INI scenario to a world.
 *
 * DOC: The loader reads every section, builds models through their public
 * constructors and refuses anything it does not understand: an unknown
 * section, key, value or reference is an error naming the file, the line,
 * the valid choices and the nearest valid name.  Nothing runs and nothing is
 * written until the whole file has been accepted.  The format is described
 * in the README ("Scenario files"); the host section mirrors the commands a
 * sysadmin types: "bond bond0 = eth0 eth1", "options bond0 = mode=0
 * miimon=200", "ip bond0 = 192.168.0.100/24".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "world.h"
#include "bond_config.h"
#include "pcap.h"

#define DEFAULT_DURATION (10 * SIM_S)
#define DEFAULT_SAMPLE (100 * SIM_MS)
#define DEFAULT_LINK_DELAY SIM_US
#define DEFAULT_LINK_SPEED 1000000000ULL

struct loader {
	struct world *w;
	struct ini *ini;
	const struct world_options *opt;
	char *dir;		/* the scenario's folder, for @file references */
	uint32_t next_flow_id;
	GArray *enslave;	/* struct pending_slave: done once the cables are in */
	sim_time_t file_duration;	/* [sim] duration, before --duration */
};

/* Slaves are enslaved after [links], as on a real machine where the cables
 * are in before ifenslave runs: a slave with carrier starts "up". */
struct pending_slave {
	struct bond *bond;
	struct nic *nic;
	int line;
};

static gboolean fail(GError **error, struct loader *L, int line, const char *fmt, ...)
	G_GNUC_PRINTF(4, 5);

static gboolean fail(GError **error, struct loader *L, int line, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "%s:%d: %s", L->ini->file, line,
		    msg);
	g_free(msg);
	return FALSE;
}

/* Wrap an error from a parser that does not know where it is. */
static gboolean fail_at(GError **error, struct loader *L, int line, GError *inner)
{
	gboolean r = fail(error, L, line, "%s", inner->message);

	g_error_free(inner);
	return r;
}

static char *choices_text(const char *const *choices)
{
	GString *s = g_string_new(NULL);

	for (const char *const *c = choices; *c; c++)
		g_string_append_printf(s, "%s%s", c == choices ? "" : ", ", *c);
	return g_string_free(s, FALSE);
}

static gboolean fail_choice(GError **error, struct loader *L, int line, const char *what,
			    const char *got, const char *const *choices)
{
	const char *near = sim_nearest(got, choices);
	char *all = choices_text(choices);
	gboolean r;

	if (near)
		r = fail(error, L, line, "unknown %s '%s' (did you mean '%s'?); valid: %s", what, got,
			 near, all);
	else
		r = fail(error, L, line, "unknown %s '%s'; valid: %s", what, got, all);
	g_free(all);
	return r;
}

/* Host, switch and flow names become metric names and file names
 * (logs/<host>.log): letters, digits, '_' and '-', no more than 31. */
static gboolean name_ok(struct loader *L, int line, const char *what, const char *name,
			GError **error)
{
	if (strlen(name) > 31)
		return fail(error, L, line, "%s name '%s' is longer than 31 characters", what, name);
	for (const char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '_' && *c != '-')
			return fail(error, L, line,
				    "%s name '%s': use letters, digits, '_' and '-' only", what, name);
	return TRUE;
}

/* NIC and bond names: what the kernel accepts (IFNAMSIZ), and no '.',
 * which separates host and interface in "server.eth0". */
static gboolean ifname_ok(struct loader *L, int line, const char *name, GError **error)
{
	if (!bond_ifname_valid(name) || strchr(name, '.'))
		return fail(error, L, line,
			    "'%s' is not an interface name (at most 15 characters, no '.', '/', ':' or spaces)",
			    name);
	return TRUE;
}

static gboolean parse_time(struct loader *L, const struct ini_entry *e, const char *text,
			   sim_time_t *out, GError **error)
{
	GError *inner = NULL;

	if (!sim_time_parse(text, out, &inner))
		return fail_at(error, L, e->line, inner);
	return TRUE;
}

static gboolean parse_uint(struct loader *L, int line, const char *what, const char *text,
			   uint64_t max, uint64_t *out, GError **error)
{
	char *end;
	guint64 v;

	errno = 0;
	v = g_ascii_strtoull(text, &end, 0);
	if (!*text || *end || errno || v > max || text[0] == '-')
		return fail(error, L, line, "%s: '%s' is not a whole number from 0 to %" G_GUINT64_FORMAT,
			    what, text, (guint64)max);
	*out = v;
	return TRUE;
}

static gboolean parse_ipv4_prefix(struct loader *L, int line, const char *text, uint32_t *ip,
				  int *prefix, GError **error)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	struct in_addr a;
	uint64_t p = 24;

	g_strlcpy(addr, text, slash ? MIN(sizeof(addr), (size_t)(slash - text + 1)) : sizeof(addr));
	if (inet_pton(AF_INET, addr, &a) != 1)
		return fail(error, L, line, "'%s' is not an IPv4 address (write 192.168.0.100/24)",
			    text);
	if (slash && !parse_uint(L, line, "prefix length", slash + 1, 32, &p, error))
		return FALSE;
	*ip = ntohl(a.s_addr);
	*prefix = (int)p;
	return TRUE;
}

/* "@file" -> the file's text (relative to the scenario); else the value. */
static char *entry_text(struct loader *L, const struct ini_entry *e, char **file, int *first_line,
			GError **error)
{
	if (e->value[0] == '@') {
		char *path = g_path_is_absolute(e->value + 1)
				     ? g_strdup(e->value + 1)
				     : g_build_filename(L->dir, e->value + 1, NULL);
		char *text = NULL;

		if (!g_file_get_contents(path, &text, NULL, NULL)) {
			fail(error, L, e->line, "cannot read '%s'", path);
			g_free(path);
			return NULL;
		}
		*file = path;
		*first_line = 1;
		return text;
	}
	*file = g_strdup(L->ini->file);
	/* continuation lines start on the line after the key */
	*first_line = strchr(e->value, '\n') || !*e->value ? e->line + 1 : e->line;
	return g_strdup(e->value);
}

/* ---- [sim] ---------------------------------------------------------------- */

static gboolean load_sim(struct loader *L, struct ini_section *s, GError **error)
{
	static const char *const keys[] = { "duration", "seed", "sample", NULL };
	struct world *w = L->w;

	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (!e->key)
			return fail(error, L, e->line, "expected 'key = value' in [sim]");
		if (strcmp(e->key, "duration") == 0) {
			if (!parse_time(L, e, e->value, &w->duration, error))
				return FALSE;
			if (w->duration <= 0)
				return fail(error, L, e->line, "duration must be more than 0");
		} else if (strcmp(e->key, "sample") == 0) {
			if (!parse_time(L, e, e->value, &w->sample, error))
				return FALSE;
			if (w->sample < SIM_MS)
				return fail(error, L, e->line, "sample must be at least 1ms");
		} else if (strcmp(e->key, "seed") == 0) {
			if (!parse_uint(L, e->line, "seed", e->value, G_MAXINT64, &w->seed, error))
				return FALSE;
		} else {
			return fail_choice(error, L, e->line, "key in [sim]", e->key, keys);
		}
	}
	return TRUE;
}

/* ---- [switch NAME] -------------------------------------------------------- */

/* "Gi0/1-8" -> Gi0/1 ... Gi0/8 ; "Gi0/1 Gi0/2 Te1/1" -> as listed */
static gboolean add_ports(struct loader *L, struct world_switch *ws, const struct ini_entry *e,
			  GError **error)
{
	char **words = g_strsplit_set(e->value, " \t,", -1);
	gboolean ok = TRUE;

	for (char **wp = words; *wp && ok; wp++) {
		char *word = *wp, *dash, *p;
		long lo, hi;

		if (!*word)
			continue;
		dash = strrchr(word, '-');
		/* a range: the digits before '-' and the number after it */
		if (dash && dash > word && g_ascii_isdigit(dash[-1]) && g_ascii_isdigit(dash[1])) {
			p = dash;
			while (p > word && g_ascii_isdigit(p[-1]))
				p--;
			lo = strtol(p, NULL, 10);
			hi = strtol(dash + 1, NULL, 10);
			if (hi < lo || hi - lo > 4096) {
				ok = fail(error, L, e->line, "bad port range '%s'", word);
				break;
			}
			for (long n = lo; n <= hi && ok; n++) {
				char name[64];

				g_snprintf(name, sizeof(name), "%.*s%ld", (int)(p - word), word, n);
				if (strlen(name) >= NETDEV_NAME_MAX)
					ok = fail(error, L, e->line, "port name %s is longer than %d characters",
						  name, NETDEV_NAME_MAX - 1);
				else if (!sw_add_port(ws->sw, name))
					ok = fail(error, L, e->line, "port %s defined twice", name);
			}
		} else if (strlen(word) >= NETDEV_NAME_MAX) {
			ok = fail(error, L, e->line, "port name %s is longer than %d characters", word,
				  NETDEV_NAME_MAX - 1);
		} else if (!sw_add_port(ws->sw, word)) {
			ok = fail(error, L, e->line, "port %s defined twice", word);
		}
	}
	g_strfreev(words);
	return ok;
}

static gboolean load_switch(struct loader *L, struct ini_section *s, GError **error)
{
	static const char *const keys[] = { "ports", "aging", "mac_flap", "flap_moves",
		"flap_window", "flap_log_interval", "errdisable_recovery", "lag_hash",
		"txqueuelen", "lag <name>", NULL };
	struct sw_config cfg;
	struct world_switch *ws;
	GError *inner = NULL;
	uint64_t v;

	if (!*s->name)
		return fail(error, L, s->line, "a switch needs a name: [switch sw1]");
	if (!name_ok(L, s->line, "switch", s->name, error))
		return FALSE;
	if (world_find_host(L->w, s->name))
		return fail(error, L, s->line, "'%s' is already a host", s->name);
	for (guint i = 0; i < L->w->switches->len; i++)
		if (strcmp(((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name,
			   s->name) == 0)
			return fail(error, L, s->line, "switch %s defined twice", s->name);
	sw_config_init(&cfg);
	/* First the switch-wide settings, then ports, then LAGs. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);

		if (!e->key)
			return fail(error, L, e->line, "expected 'key = value' in [switch %s]",
				    s->name);
		if (strcmp(e->key, "aging") == 0) {
			if (!parse_time(L, e, e->value, &cfg.aging, error))
				return FALSE;
		} else if (strcmp(e->key, "mac_flap") == 0) {
			if (!sw_flap_action_parse(e->value, &cfg.mac_flap, &inner))
				return fail_at(error, L, e->line, inner);
		} else if (strcmp(e->key, "flap_moves") == 0) {
			if (!parse_uint(L, e->line, "flap_moves", e->value, 1000000, &v, error))
				return FALSE;
			if (v < 1)
				return fail(error, L, e->line, "flap_moves must be at least 1");
			cfg.flap_moves = (uint32_t)v;
		} else if (strcmp(e->key, "flap_window") == 0) {
			if (!parse_time(L, e, e->value, &cfg.flap_window, error))
				return FALSE;
		} else if (strcmp(e->key, "flap_log_interval") == 0) {
			if (!parse_time(L, e, e->value, &cfg.flap_log_interval, error))
				return FALSE;
		} else if (strcmp(e->key, "errdisable_recovery") == 0) {
			if (!parse_time(L, e, e->value, &cfg.errdisable_recovery, error))
				return FALSE;
		} else if (strcmp(e->key, "lag_hash") == 0) {
			if (!sw_lag_hash_parse(e->value, &cfg.lag_hash, &inner))
				return fail_at(error, L, e->line, inner);
		} else if (strcmp(e->key, "txqueuelen") == 0) {
			if (!parse_uint(L, e->line, "txqueuelen", e->value, 1000000, &v, error))
				return FALSE;
			cfg.txqueuelen = (uint32_t)v;
		} else if (strcmp(e->key, "ports") != 0 && strncmp(e->key, "lag ", 4) != 0) {
			return fail_choice(error, L, e->line, "key in [switch]", e->key, keys);
		}
	}
	ws = g_new0(struct world_switch, 1);
	ws->name = g_strdup(s->name);
	ws->sw = sw_new(L->w->sim, s->name, &cfg);
	g_ptr_array_add(L->w->switches, ws);

	struct ini_entry *ports = ini_get(s, "ports");
	if (!ports)
		return fail(error, L, s->line, "switch %s has no ports (write ports = Gi0/1-8)",
			    s->name);
	if (!add_ports(L, ws, ports, error))
		return FALSE;
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		const char *lagname = e->key + 4;
		struct sw_lag *lag;
		char **words;
		gboolean ok = TRUE;

		if (strncmp(e->key, "lag ", 4) != 0)
			continue;
		while (*lagname == ' ')
			lagname++;
		lag = sw_add_lag(ws->sw, lagname, &inner);
		if (!lag)
			return fail_at(error, L, e->line, inner);
		words = g_strsplit_set(e->value, " \t,", -1);
		for (char **wp = words; *wp && ok; wp++) {
			struct nic *port;

			if (!**wp)
				continue;
			if (g_str_has_prefix(*wp, "mode=")) {
				if (strcmp(*wp + 5, "on") != 0)
					ok = fail(error, L, e->line,
						  "LAG mode '%s' is not supported yet; valid: on (static, \"channel-group N mode on\")",
						  *wp + 5);
				continue;
			}
			if (g_str_has_prefix(*wp, "hash=")) {
				enum sw_lag_hash h;

				if (!sw_lag_hash_parse(*wp + 5, &h, &inner))
					ok = fail_at(error, L, e->line, inner);
				else
					sw_lag_set_hash(lag, h);
				continue;
			}
			port = sw_find_port(ws->sw, *wp);
			if (!port) {
				ok = fail(error, L, e->line, "switch %s has no port '%s'", s->name, *wp);
				break;
			}
			if (!sw_lag_add_port(lag, port, &inner))
				ok = fail_at(error, L, e->line, inner);
		}
		g_strfreev(words);
		if (!ok)
			return FALSE;
	}
	return TRUE;
}

/* ---- lookups -------------------------------------------------------------- */

struct world_host *world_find_host(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		if (strcmp(h->name, name) == 0)
			return h;
	}
	return NULL;
}

static struct world_switch *find_switch(const struct world *w, const char *name)
{
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		if (strcmp(s->name, name) == 0)
			return s;
	}
	return NULL;
}

struct bond *world_find_bond(const struct world_host *h, const char *name)
{
	for (guint i = 0; i < h->bonds->len; i++) {
		struct bond *b = g_ptr_array_index(h->bonds, i);

		if (strcmp(b->dev.name, name) == 0)
			return b;
	}
	return NULL;
}

static struct nic *host_nic(const struct world_host *h, const char *name)
{
	for (guint i = 0; i < h->nics->len; i++) {
		struct nic *n = g_ptr_array_index(h->nics, i);

		if (strcmp(n->dev.name, name) == 0)
			return n;
	}
	return NULL;
}

static const char **host_nic_names(const struct world_host *h)
{
	const char **v = g_new0(const char *, h->nics->len + 1);

	for (guint i = 0; i < h->nics->len; i++)
		v[i] = ((struct nic *)g_ptr_array_index(h->nics, i))->dev.name;
	return v;
}

/* "server.eth0" or "sw1.Gi0/1" -> the NIC at that end of a cable. */
static struct nic *resolve_end(struct loader *L, int line, const char *end, GError **error)
{
	const char *dot = strchr(end, '.');
	char *owner;
	struct world_host *h;
	struct world_switch *ws;
	struct nic *n = NULL;

	if (!dot || dot == end || !dot[1]) {
		fail(error, L, line, "'%s' is not an interface: write host.eth0 or switch.Gi0/1", end);
		return NULL;
	}
	owner = g_strndup(end, dot - end);
	h = world_find_host(L->w, owner);
	ws = find_switch(L->w, owner);
	if (h) {
		n = host_nic(h, dot + 1);
		if (!n) {
			const char **names = host_nic_names(h);

			if (world_find_bond(h, dot + 1))
				fail(error, L, line, "%s is a bond: cable its slaves instead", end);
			else
				fail_choice(error, L, line, "NIC of host", dot + 1, names);
			g_free(names);
		}
	} else if (ws) {
		n = sw_find_port(ws->sw, dot + 1);
		if (!n)
			fail(error, L, line, "switch %s has no port '%s'", owner, dot + 1);
	} else {
		GPtrArray *names = g_ptr_array_new();

		for (guint i = 0; i < L->w->hosts->len; i++)
			g_ptr_array_add(names, ((struct world_host *)g_ptr_array_index(L->w->hosts, i))->name);
		for (guint i = 0; i < L->w->switches->len; i++)
			g_ptr_array_add(names, ((struct world_switch *)g_ptr_array_index(L->w->switches, i))->name);
		g_ptr_array_add(names, NULL);
		fail_choice(error, L, line, "host or switch", owner, (const char *const *)names->pdata);
		g_ptr_array_free(names, TRUE);
	}
	g_free(owner);
	return n;
}

/* ---- [host NAME] ---------------------------------------------------------- */

static const char *const host_keys[] = { "nics", "bond <dev>", "options <dev>", "ip <dev>", "ip",
	"mac <nic>", "txqueuelen <nic>", "modprobe.d", "ifcfg-<dev>", NULL };

static bool key_is(const char *key, const char *verb, const char **arg)
{
	size_t n = strlen(verb);

	if (strncmp(key, verb, n) != 0 || (key[n] != ' ' && key[n] != '\t'))
		return false;
	*arg = key + n;
	while (**arg == ' ' || **arg == '\t')
		(*arg)++;
	return **arg != 0;
}

static gboolean bond_mode_supported(struct loader *L, int line, const struct bond_params *p,
				    const char *bond, GError **error)
{
	if (p->mode >= BOND_MODE_ROUNDROBIN && p->mode <= BOND_MODE_BROADCAST)
		return TRUE;
	return fail(error, L, line,
		    "%s: mode %s is not simulated yet; bondsim runs balance-rr (0), active-backup (1), balance-xor (2) and broadcast (3)",
		    bond, bond_mode_name(p->mode));
}

struct host_bond_def {
	char *name;
	int line;		/* where it was declared */
	struct bond_params params;
	bool has_params;
	int params_line;
	GPtrArray *slaves;	/* char * */
	int slaves_line;
	char *ipaddr;
	int prefix;
};

static void host_bond_def_free(gpointer p)
{
	struct host_bond_def *d = p;

	g_free(d->name);
	g_free(d->ipaddr);
	g_ptr_array_free(d->slaves, TRUE);
	g_free(d);
}

static struct host_bond_def *bond_def(GPtrArray *defs, const char *name, int line)
{
	struct host_bond_def *d;

	for (guint i = 0; i < defs->len; i++) {
		d = g_ptr_array_index(defs, i);
		if (strcmp(d->name, name) == 0)
			return d;
	}
	d = g_new0(struct host_bond_def, 1);
	d->name = g_strdup(name);
	d->line = line;
	d->slaves = g_ptr_array_new_with_free_func(g_free);
	bond_params_init(&d->params);
	g_ptr_array_add(defs, d);
	return d;
}

static void notify_peers(void *arg, struct bond *b, struct slave *active)
{
	struct world_bond *ctx = arg;

	(void)b;
	(void)active;
	if (ctx->ifc)
		arp_send_gratuitous(ctx->ifc);
}

static struct world_bond *bond_ctx(struct world *w, const char *host, struct bond *b)
{
	for (guint i = 0; i < w->bond_ctx->len; i++) {
		struct world_bond *c = g_ptr_array_index(w->bond_ctx, i);

		if (c->bond == b)
			return c;
	}
	struct world_bond *c = g_new0(struct world_bond, 1);
	c->w = w;
	c->host = host;
	c->bond = b;
	b->ev.arg = c;
	b->ev.notify_peers = notify_peers;
	g_ptr_array_add(w->bond_ctx, c);
	return c;
}

static gboolean load_host(struct loader *L, struct ini_section *s, int index, GError **error)
{
	struct world *w = L->w;
	struct world_host *h;
	GPtrArray *defs;
	struct bond_conf_set *confs = NULL;
	gboolean ok = FALSE;
	GError *inner = NULL;
	const char *arg;

	if (!*s->name)
		return fail(error, L, s->line, "a host needs a name: [host server]");
	if (!name_ok(L, s->line, "host", s->name, error))
		return FALSE;
	if (world_find_host(w, s->name) || find_switch(w, s->name))
		return fail(error, L, s->line, "'%s' is defined twice", s->name);
	h = g_new0(struct world_host, 1);
	h->name = g_strdup(s->name);
	h->line = s->line;
	h->host = host_new(w->sim, s->name);
	h->nics = g_ptr_array_new();
	h->bonds = g_ptr_array_new();
	g_ptr_array_add(w->hosts, h);
	defs = g_ptr_array_new_with_free_func(host_bond_def_free);

	/* Pass 1: NICs. */
	struct ini_entry *ne = ini_get(s, "nics");
	char **nic_names = g_strsplit_set(ne ? ne->value : "eth0", " \t,", -1);
	int nic_no = 0;
	for (char **np = nic_names; *np; np++) {
		uint8_t mac[6] = { 0x02, 0, 0, (uint8_t)++nic_no, (uint8_t)(index >> 8), (uint8_t)index };

		if (!**np)
			continue;
		if (!ifname_ok(L, ne ? ne->line : s->line, *np, error)) {
			g_strfreev(nic_names);
			goto out;
		}
		if (host_nic(h, *np)) {
			fail(error, L, ne->line, "NIC %s listed twice", *np);
			g_strfreev(nic_names);
			goto out;
		}
		g_ptr_array_add(h->nics, nic_new(w->sim, s->name, *np, mac, 0));
	}
	g_strfreev(nic_names);

	/* Pass 2: per-NIC settings, configuration files, bond declarations. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct nic *n;

		if (!e->key) {
			fail(error, L, e->line, "expected 'key = value' in [host %s]", s->name);
			goto out;
		}
		if (key_is(e->key, "mac", &arg) || key_is(e->key, "txqueuelen", &arg)) {
			n = host_nic(h, arg);
			if (!n) {
				const char **names = host_nic_names(h);

				fail_choice(error, L, e->line, "NIC", arg, names);
				g_free(names);
				goto out;
			}
			if (e->key[0] == 'm') {
				if (!mac_parse(e->value, n->dev.mac) || mac_is_multicast(n->dev.mac)) {
					fail(error, L, e->line,
					     "'%s' is not a unicast MAC (write 00:16:36:1b:bb:74)",
					     e->value);
					goto out;
				}
				memcpy(n->dev.perm_mac, n->dev.mac, 6);
			} else {
				uint64_t v;

				if (!parse_uint(L, e->line, "txqueuelen", e->value, 1000000, &v, error))
					goto out;
				if (v == 0) {
					fail(error, L, e->line, "txqueuelen must be at least 1");
					goto out;
				}
				g_free(n->q);
				n->txqueuelen = (uint32_t)v;
				n->q = g_new(struct frame *, n->txqueuelen);
			}
		} else if (strcmp(e->key, "modprobe.d") == 0 || g_str_has_prefix(e->key, "ifcfg-")) {
			char *file = NULL;
			int first = 0;
			char *text = entry_text(L, e, &file, &first, error);
			gboolean parsed;

			if (!text)
				goto out;
			if (!confs)
				confs = bond_conf_set_new();
			if (e->key[0] == 'm')
				parsed = bond_conf_parse_modprobe(confs, text, file, first, error);
			else
				parsed = bond_conf_parse_ifcfg(confs, e->key + 6, text, file, first,
							       error);
			g_free(text);
			g_free(file);
			if (!parsed)
				goto out;
		} else if (key_is(e->key, "bond", &arg)) {
			if (!ifname_ok(L, e->line, arg, error))
				goto out;
			struct host_bond_def *d = bond_def(defs, arg, e->line);
			char **sl = g_strsplit_set(e->value, " \t,", -1);

			if (d->slaves_line) {
				g_strfreev(sl);
				fail(error, L, e->line, "bond %s declared twice (line %d)", arg,
				     d->slaves_line);
				goto out;
			}
			d->slaves_line = e->line;
			for (char **sp = sl; *sp; sp++)
				if (**sp)
					g_ptr_array_add(d->slaves, g_strdup(*sp));
			g_strfreev(sl);
		} else if (!key_is(e->key, "options", &arg) && !key_is(e->key, "ip", &arg) &&
			   strcmp(e->key, "ip") != 0 && strcmp(e->key, "nics") != 0) {
			fail_choice(error, L, e->line, "key in [host]", e->key, host_keys);
			goto out;
		}
	}
	/* Bonds from modprobe.d / ifcfg files come first, in their own order. */
	if (confs) {
		if (!bond_conf_finalize(confs, error))
			goto out;
		for (guint i = 0; i < confs->bonds->len; i++) {
			struct bond_conf *c = g_ptr_array_index(confs->bonds, i);
			struct host_bond_def *d = bond_def(defs, c->name, c->line);

			d->params = c->params;
			d->has_params = true;
			d->params_line = c->line;
			for (guint k = 0; k < c->slaves->len; k++)
				g_ptr_array_add(d->slaves, g_strdup(g_ptr_array_index(c->slaves, k)));
			if (c->ipaddr) {
				d->ipaddr = g_strdup(c->ipaddr);
				d->prefix = c->prefix;
			}
		}
		for (guint i = 0; i < confs->warnings->len; i++)
			sim_log_printf(host_log(h->host), 0, "%s",
				       (char *)g_ptr_array_index(confs->warnings, i));
	}
	/* "options bond0 = ..." applies on top, as a later modprobe line would. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct host_bond_def *d = NULL;

		if (!key_is(e->key, "options", &arg))
			continue;
		for (guint k = 0; k < defs->len; k++)
			if (strcmp(((struct host_bond_def *)g_ptr_array_index(defs, k))->name, arg) == 0)
				d = g_ptr_array_index(defs, k);
		if (!d) {
			fail(error, L, e->line, "options for '%s', but there is no 'bond %s = ...'",
			     arg, arg);
			goto out;
		}
		if (!bond_params_parse(&d->params, e->value, &inner)) {
			fail_at(error, L, e->line, inner);
			goto out;
		}
		d->has_params = true;
		d->params_line = e->line;
	}
	/* Build the bonds. */
	for (guint i = 0; i < defs->len; i++) {
		struct host_bond_def *d = g_ptr_array_index(defs, i);
		GPtrArray *warn = g_ptr_array_new_with_free_func(g_free);
		struct bond *b;
		int line = d->params_line ? d->params_line : d->line;

		if (host_nic(h, d->name)) {
			g_ptr_array_free(warn, TRUE);
			fail(error, L, d->line, "%s is a NIC; a bond needs a name of its own", d->name);
			goto out;
		}
		if (!bond_params_finalize(&d->params, warn, &inner)) {
			g_ptr_array_free(warn, TRUE);
			fail_at(error, L, line, inner);
			goto out;
		}
		if (!bond_mode_supported(L, line, &d->params, d->name, error)) {
			g_ptr_array_free(warn, TRUE);
			goto out;
		}
		for (guint k = 0; k < warn->len; k++)
			sim_log_printf(host_log(h->host), 0, "%s", (char *)g_ptr_array_index(warn, k));
		g_ptr_array_free(warn, TRUE);
		b = bond_new(w->sim, s->name, d->name, &d->params, host_log(h->host));
		g_ptr_array_add(h->bonds, b);
		bond_ctx(w, h->name, b);
		if (!d->slaves->len)
			sim_log_printf(host_log(h->host), 0, "%s: bond has no slaves", d->name);
		for (guint k = 0; k < d->slaves->len; k++) {
			const char *sn = g_ptr_array_index(d->slaves, k);
			struct nic *n = host_nic(h, sn);

			if (!n) {
				const char **names = host_nic_names(h);

				fail_choice(error, L, d->slaves_line ? d->slaves_line : d->line,
					    "slave NIC", sn, names);
				g_free(names);
				goto out;
			}
			for (guint p = 0; p < L->enslave->len; p++) {
				struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, p);

				if (ps->nic == n) {
					fail(error, L, d->slaves_line ? d->slaves_line : d->line,
					     "%s is already a slave of %s", sn, ps->bond->dev.name);
					goto out;
				}
			}
			struct pending_slave ps = { b, n, d->slaves_line ? d->slaves_line : d->line };
			g_array_append_val(L->enslave, ps);
		}
	}
	/* Pass 3: addresses. */
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		struct netdev *dev = NULL;
		uint32_t ip;
		int prefix;

		if (strcmp(e->key, "ip") == 0) {
			if (h->nics->len != 1 || defs->len) {
				fail(error, L, e->line,
				     "host %s has several interfaces: say which, e.g. 'ip bond0 = %s'",
				     s->name, e->value);
				goto out;
			}
			dev = &((struct nic *)g_ptr_array_index(h->nics, 0))->dev;
		} else if (key_is(e->key, "ip", &arg)) {
			struct bond *b = world_find_bond(h, arg);
			struct nic *n = host_nic(h, arg);

			if (b)
				dev = &b->dev;
			else if (n)
				dev = &n->dev;
			else {
				fail(error, L, e->line, "host %s has no interface '%s'", s->name, arg);
				goto out;
			}
			for (guint p = 0; n && p < L->enslave->len; p++) {
				struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, p);

				/* slaves are enslaved later, once cabled: ask the plan */
				if (ps->nic == n) {
					fail(error, L, e->line, "%s is a slave of %s: put the address on %s",
					     arg, ps->bond->dev.name, ps->bond->dev.name);
					goto out;
				}
			}
		} else {
			continue;
		}
		if (!parse_ipv4_prefix(L, e->line, e->value, &ip, &prefix, error))
			goto out;
		for (guint k = 0; k < w->hosts->len; k++) {
			struct world_host *o = g_ptr_array_index(w->hosts, k);

			if (host_has_ip(o->host, ip)) {
				fail(error, L, e->line, "%s is already the address of %s", e->value,
				     o->name);
				goto out;
			}
		}
		if (host_find_if(h->host, dev->name)) {
			fail(error, L, e->line, "%s already has an address", dev->name);
			goto out;
		}
		struct host_if *ifc = host_add_if(h->host, dev, ip, prefix);
		for (guint k = 0; k < h->bonds->len; k++) {
			struct bond *b = g_ptr_array_index(h->bonds, k);

			if (&b->dev == dev) {
				b->ip = ip;
				bond_ctx(w, h->name, b)->ifc = ifc;
			}
		}
	}
	/* Addresses that came from ifcfg files. */
	for (guint i = 0; i < defs->len; i++) {
		struct host_bond_def *d = g_ptr_array_index(defs, i);
		struct bond *b = world_find_bond(h, d->name);
		uint32_t ip;
		int prefix;

		if (!d->ipaddr || host_find_if(h->host, d->name))
			continue;
		if (!parse_ipv4_prefix(L, d->line, d->ipaddr, &ip, &prefix, error))
			goto out;
		if (d->prefix)
			prefix = d->prefix;
		b->ip = ip;
		bond_ctx(w, h->name, b)->ifc = host_add_if(h->host, &b->dev, ip, prefix);
	}
	ok = TRUE;
out:
	if (confs)
		bond_conf_set_free(confs);
	g_ptr_array_free(defs, TRUE);
	return ok;
}

/* ---- [links] -------------------------------------------------------------- */

static gboolean load_links(struct loader *L, struct ini_section *s, GError **error)
{
	for (guint i = 0; i < s->entries->len; i++) {
		struct ini_entry *e = g_ptr_array_index(s->entries, i);
		char **words;
		struct nic *a, *b = NULL;
		uint64_t speed = DEFAULT_LINK_SPEED;
		sim_time_t delay = DEFAULT_LINK_DELAY;
		double loss = 0;
		gboolean ok = TRUE;
		GError *inner = NULL;

		if (!e->key)
			return fail(error, L, e->line,
				    "a link looks like 'server.eth0 = sw1.Gi0/1 speed=1G delay=1us'");
		a = resolve_end(L, e->line, e->key, error);
		if (!a)
			return FALSE;
		words = g_strsplit_set(e->value, " \t", -1);
		for (char **wp = words; *wp && ok; wp++) {
			char *word = *wp;

			if (!*word)
				continue;
			if (g_str_has_prefix(word, "speed=")) {
				if (!sim_rate_parse(word + 6, &speed, &inner))
					ok = fail_at(error, L, e->line, inner);
			} else if (g_str_has_prefix(word, "delay=")) {
				if (!sim_time_parse(word + 6, &delay, &inner))
					ok = fail_at(error, L, e->line, inner);
			} else if (g_str_has_prefix(word, "loss=")) {
				char *end;

				loss = g_ascii_strtod(word + 5, &end);
				if (*end == '%') {
					loss /= 100;
					end++;
				}
				if (*end || !(loss >= 0 && loss <= 1))
					ok = fail(error, L, e->line,
						  "loss '%s': write a probability (0.01) or a percentage (1%%)",
						  word + 5);
			} else if (strchr(word, '=')) {
				static const char *const opts[] = { "speed", "delay", "loss", NULL };
				char *k = g_strndup(word, strchr(word, '=') - word);

				ok = fail_choice(error, L, e->line, "link option", k, opts);
				g_free(k);
			} else if (!b) {
				b = resolve_end(L, e->line, word, error);
				ok = b != NULL;
			} else {
				ok = fail(error, L, e->line, "unexpected '%s'", word);
			}
		}
		g_strfreev(words);
		if (!ok)
			return FALSE;
		if (!b)
			return fail(error, L, e->line, "link from %s goes nowhere: write '%s = sw1.Gi0/1'",
				    e->key, e->key);
		if (a == b)
			return fail(error, L, e->line, "a link needs two different ends");
		if (a->link || b->link)
			return fail(error, L, e->line, "%s is already cabled",
				    a->link ? e->key : b->dev.name);
		char name[160];
		g_snprintf(name, sizeof(name), "%s.%s--%s.%s", a->dev.owner_name, a->dev.name,
			   b->dev.owner_name, b->dev.name);
		struct link *link = link_new(L->w->sim, name, a, b, speed, delay);
		link->loss = loss;
		g_ptr_array_add(L->w->links, link);
	}
	return TRUE;
}

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
			return fail(error, L, line, "host %s has no IP address", to);
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
	return fail(error, L, line, "'%s' is neither a host nor an IPv4 address", to);
}

static gboolean load_flow(struct loader *L, struct ini_section *s, GError **error)
{
	static const char *const keys[] = { "type", "from", "to", "rate", "size", "start",
		"stop", "sport", "dport", "interval", "count", NULL };
	static const char *const types[] = { "udp", "ping", NULL };
	struct ini_entry *e, *from, *to;
	const char *type;
	struct world_host *src;
	struct host *dst = NULL;
	uint32_t dst_ip = 0;
	sim_time_t start = 0, stop = L->w->duration;
	uint64_t v;

	if (!*s->name)
		return fail(error, L, s->line, "a flow needs a name: [flow web]");
	if (!name_ok(L, s->line, "flow", s->name, error))
		return FALSE;
	for (guint i = 0; i < L->w->flows->len; i++)
		if (!strcmp(((struct flow *)g_ptr_array_index(L->w->flows, i))->cfg.name, s->name))
			return fail(error, L, s->line, "flow %s defined twice", s->name);
	for (guint i = 0; i < L->w->pings->len; i++)
		if (!strcmp(((struct ping *)g_ptr_array_index(L->w->pings, i))->cfg.name, s->name))
			return fail(error, L, s->line, "flow %s defined twice", s->name);
	for (guint i = 0; i < s->entries->len; i++) {
		e = g_ptr_array_index(s->entries, i);
		if (!e->key)
			return fail(error, L, e->line, "expected 'key = value' in [flow %s]", s->name);
		if (!g_strv_contains(keys, e->key))
			return fail_choice(error, L, e->line, "key in [flow]", e->key, keys);
	}
	e = ini_get(s, "type");
	type = e ? e->value : "udp";
	if (!g_strv_contains(types, type))
		return fail_choice(error, L, e->line, "flow type", type, types);
	from = ini_get(s, "from");
	to = ini_get(s, "to");
	if (!from || !to)
		return fail(error, L, s->line, "flow %s needs 'from = HOST' and 'to = HOST'", s->name);
	src = world_find_host(L->w, from->value);
	if (!src)
		return fail(error, L, from->line, "no host '%s'", from->value);
	if (!resolve_dst(L, to->line, to->value, &dst, &dst_ip, error))
		return FALSE;
	if (host_has_ip(src->host, dst_ip))
		return fail(error, L, to->line,
			    "flow %s goes from %s to itself: bondsim has no loopback device",
			    s->name, src->name);
	if ((e = ini_get(s, "start")) && !parse_time(L, e, e->value, &start, error))
		return FALSE;
	struct ini_entry *stop_e = ini_get(s, "stop");
	if (stop_e && !parse_time(L, stop_e, stop_e->value, &stop, error))
		return FALSE;
	if (stop_e && stop <= start)
		return fail(error, L, stop_e->line, "flow %s stops before it starts", s->name);
	/* a --duration shorter than the start: the flow simply never sends */
	if (stop < start)
		stop = start;
	if (strcmp(type, "udp") == 0) {
		struct flow_config c = { 0 };

		if (!dst)
			return fail(error, L, to->line, "no host in the scenario has address %s",
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
				return fail_at(error, L, e->line, inner);
		}
		if ((e = ini_get(s, "size"))) {
			if (!parse_uint(L, e->line, "size", e->value, 65507, &v, error))
				return FALSE;
			if (v > 1472)
				return fail(error, L, e->line,
					    "size %s: UDP payload above 1472 bytes needs IP fragments, which bondsim does not model yet",
					    e->value);
			c.payload = (uint32_t)v;
		}
		if ((e = ini_get(s, "sport"))) {
			if (!parse_uint(L, e->line, "sport", e->value, 65535, &v, error))
				return FALSE;
			c.sport = (uint16_t)v;
		}
		if ((e = ini_get(s, "dport"))) {
			if (!parse_uint(L, e->line, "dport", e->value, 65535, &v, error))
				return FALSE;
			c.dport = (uint16_t)v;
		}
		/* more than one packet per ns, or more sequence numbers than a
		 * receiver counts, is no network: refuse it here */
		__extension__ unsigned __int128 pkts =
			(unsigned __int128)(c.stop - c.start) * c.rate_bps /
			((unsigned __int128)(20 + 8 + c.payload) * 8 * SIM_S);
		if ((uint64_t)(20 + 8 + c.payload) * 8 * SIM_S < c.rate_bps)
			return fail(error, L, s->line,
				    "flow %s: more than one packet per nanosecond; lower the rate",
				    s->name);
		if (pkts >= UINT32_MAX)
			return fail(error, L, s->line,
				    "flow %s would send more than %u packets: shorten it or lower the rate",
				    s->name, UINT32_MAX - 1);
		struct flow *f = flow_udp_new(L->w->sim, &c);
		if (!f)
			return fail(error, L, s->line, "flow %s: port %u already in use on the receiver",
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
		if ((e = ini_get(s, "interval")) && !parse_time(L, e, e->value, &c.interval, error))
			return FALSE;
		if (c.interval <= 0)
			return fail(error, L, e->line, "interval must be more than 0");
		if ((c.stop - c.start) / c.interval >= UINT32_MAX)
			return fail(error, L, e ? e->line : s->line,
				    "ping %s would send more than %u requests: raise the interval",
				    s->name, UINT32_MAX - 1);
		if ((e = ini_get(s, "count"))) {
			if (!parse_uint(L, e->line, "count", e->value, 100000000, &v, error))
				return FALSE;
			c.count = (uint32_t)v;
		}
		if ((e = ini_get(s, "size"))) {
			if (!parse_uint(L, e->line, "size", e->value, 1472, &v, error))
				return FALSE;
			c.size = (uint32_t)v;
		}
		g_ptr_array_add(L->w->pings, ping_new(L->w->sim, &c));
	}
	return TRUE;
}

/* ---- [faults] ------------------------------------------------------------- */

static const char *const fault_verbs[] = { "link", "nic", "port", "loss", "delay", "blackhole",
	"heal", "flap", "reboot", "dump", NULL };

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

static gboolean load_fault_line(struct loader *L, const struct ini_entry *e, GError **error)
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
		fail(error, L, e->line,
		     "a fault looks like 'TIME ACTION TARGET [ARGS]', e.g. '2s link server.eth0 down'");
		goto out;
	}
	if (!sim_time_parse(g_ptr_array_index(words, 0), &at, &inner)) {
		fail_at(error, L, e->line, inner);
		goto out;
	}
	/* Against the scenario's own duration: a shorter --duration just
	 * leaves later faults unfired. */
	if (at > L->file_duration) {
		char t[32];

		fail(error, L, e->line, "fault at %s is after the end of the run (%s)",
		     (char *)g_ptr_array_index(words, 0), sim_time_format(L->file_duration, t, sizeof(t)));
		goto out;
	}
	verb = g_ptr_array_index(words, 1);
	target = g_ptr_array_index(words, 2);
	arg1 = words->len > 3 ? g_ptr_array_index(words, 3) : "";
	g_ptr_array_add(words, NULL);
	text = g_strjoinv(" ", (char **)words->pdata + 1);
	g_ptr_array_set_size(words, words->len - 1);
	if (!g_strv_contains(fault_verbs, verb)) {
		fail_choice(error, L, e->line, "fault action", verb, fault_verbs);
		goto out;
	}
	/* TIME VERB TARGET ARGS: a word after the last argument is a mistake. */
	max_words = strcmp(verb, "flap") == 0 ? 7 : strcmp(verb, "reboot") == 0 ? 5 :
		    strcmp(verb, "dump") == 0 ? 3 : 4;
	if (words->len > max_words) {
		fail(error, L, e->line, "unexpected '%s' after '%s'",
		     (char *)g_ptr_array_index(words, max_words),
		     (char *)g_ptr_array_index(words, max_words - 1));
		goto out;
	}
	if (strcmp(verb, "reboot") == 0) {
		struct world_switch *ws = find_switch(L->w, target);
		sim_time_t down = 60 * SIM_S;

		if (!ws) {
			fail(error, L, e->line, "no switch '%s' to reboot", target);
			goto out;
		}
		/* "reboot sw1 for 30s" */
		if (words->len >= 5 && strcmp(arg1, "for") == 0) {
			if (!sim_time_parse(g_ptr_array_index(words, 4), &down, &inner)) {
				fail_at(error, L, e->line, inner);
				goto out;
			}
		} else if (words->len != 3) {
			fail(error, L, e->line, "write 'reboot SWITCH for 30s'");
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_SWITCH_REBOOT, at, text);
		f->sw = ws->sw;
		f->value = down;
		goto done;
	}
	if (strcmp(verb, "dump") == 0) {
		const char *dot = strchr(target, '.');
		char *hn = dot ? g_strndup(target, dot - target) : NULL;
		struct world_host *h = hn ? world_find_host(L->w, hn) : NULL;

		g_free(hn);
		if (!h || !world_find_bond(h, dot + 1)) {
			fail(error, L, e->line, "'%s' is not a bond: write 'dump server.bond0'", target);
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
	nic = resolve_end(L, e->line, target, error);
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
			fail(error, L, e->line, "%s is not a switch port", target);
			goto out;
		}
		if (strcmp(arg1, "shutdown") == 0)
			f = fault_new(L->w->sim, FAULT_PORT_SHUTDOWN, at, text);
		else if (strcmp(arg1, "no-shutdown") == 0)
			f = fault_new(L->w->sim, FAULT_PORT_NO_SHUTDOWN, at, text);
		else {
			fail(error, L, e->line, "port action '%s'; valid: shutdown, no-shutdown", arg1);
			goto out;
		}
		f->sw = ws->sw;
		f->nic = nic;
		goto done;
	}
	if (strcmp(verb, "nic") == 0) {
		/* The port's PHY belongs to the switch (shutdown, err-disable, reload). */
		if (find_switch(L->w, nic->dev.owner_name)) {
			fail(error, L, e->line, "%s is a switch port: write 'port %s shutdown'",
			     target, target);
			goto out;
		}
		if (strcmp(arg1, "fail") == 0)
			f = fault_new(L->w->sim, FAULT_NIC_FAIL, at, text);
		else if (strcmp(arg1, "repair") == 0)
			f = fault_new(L->w->sim, FAULT_NIC_REPAIR, at, text);
		else {
			fail(error, L, e->line, "nic action '%s'; valid: fail, repair", arg1);
			goto out;
		}
		f->nic = nic;
		goto done;
	}
	/* The rest act on the cable at that end. */
	if (!nic->link) {
		fail(error, L, e->line, "%s is not cabled (see [links])", target);
		goto out;
	}
	if (strcmp(verb, "link") == 0) {
		if (strcmp(arg1, "down") == 0)
			f = fault_new(L->w->sim, FAULT_LINK_DOWN, at, text);
		else if (strcmp(arg1, "up") == 0)
			f = fault_new(L->w->sim, FAULT_LINK_UP, at, text);
		else {
			fail(error, L, e->line, "link action '%s'; valid: down, up", arg1);
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
			fail(error, L, e->line, "loss '%s': write 0.05 or 5%%", arg1);
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_LOSS, at, text);
		f->loss = p;
	} else if (strcmp(verb, "delay") == 0) {
		f = fault_new(L->w->sim, FAULT_DELAY, at, text);
		if (!sim_time_parse(arg1, &f->value, &inner)) {
			fault_free(f);
			f = NULL;
			fail_at(error, L, e->line, inner);
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
			fail(error, L, e->line, "direction '%s'; valid: both, tx, rx", arg1);
			goto out;
		}
	} else if (strcmp(verb, "flap") == 0) {
		/* "flap END every 1s count 5" */
		uint64_t n;

		if (words->len != 7 || strcmp(arg1, "every") != 0 ||
		    strcmp(g_ptr_array_index(words, 5), "count") != 0) {
			fail(error, L, e->line, "write 'flap server.eth0 every 1s count 5'");
			goto out;
		}
		f = fault_new(L->w->sim, FAULT_FLAP, at, text);
		if (!sim_time_parse(g_ptr_array_index(words, 4), &f->value, &inner) ||
		    f->value < 2 * SIM_NS) {
			fault_free(f);
			f = NULL;
			if (inner)
				fail_at(error, L, e->line, inner);
			else
				fail(error, L, e->line, "flap period too short");
			goto out;
		}
		if (!parse_uint(L, e->line, "count", g_ptr_array_index(words, 6), 100000, &n, error)) {
			fault_free(f);
			f = NULL;
			goto out;
		}
		if (n == 0) {
			fault_free(f);
			f = NULL;
			fail(error, L, e->line, "flap count must be at least 1");
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

/* ---- the whole file ------------------------------------------------------- */

static const char *const section_kinds[] = { "sim", "switch", "host", "links", "flow",
	"faults", "expect", NULL };

static gboolean load_all(struct loader *L, GError **error)
{
	struct world *w = L->w;
	int host_index = 0;

	/* Kinds first, so a typo in a header is reported before anything else. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		const struct ini_entry *first, *again;

		if (!g_strv_contains(section_kinds, s->kind))
			return fail_choice(error, L, s->line, "section", s->kind, section_kinds);
		/* a key given twice is a typo or a merge gone wrong, never meant
		 * ([links] says "already cabled", which is clearer there) */
		if (strcmp(s->kind, "links") != 0 && ini_section_dup_key(s, &first, &again))
			return fail(error, L, again->line, "'%s' given twice in [%s%s%s] (first at line %d)",
				    again->key, s->kind, *s->name ? " " : "", s->name, first->line);
	}
	/* [sim] first: durations are needed to check flows and faults. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "sim") == 0 && !load_sim(L, s, error))
			return FALSE;
	}
	L->file_duration = w->duration;
	if (L->opt->duration)
		w->duration = L->opt->duration;
	if (L->opt->seed_set)
		w->seed = L->opt->seed;
	w->sim = sim_new(w->seed);
	series_init(&w->series, w->sim, w->sample);
	/* Then the things that have names: switches and hosts, in file order. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "switch") == 0 && !load_switch(L, s, error))
			return FALSE;
		if (strcmp(s->kind, "host") == 0 && !load_host(L, s, ++host_index, error))
			return FALSE;
	}
	/* Then what refers to them. */
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "links") == 0 && !load_links(L, s, error))
			return FALSE;
	}
	for (guint i = 0; i < L->enslave->len; i++) {
		struct pending_slave *ps = &g_array_index(L->enslave, struct pending_slave, i);
		GError *inner = NULL;

		if (!bond_enslave(ps->bond, ps->nic, &inner))
			return fail_at(error, L, ps->line, inner);
	}
	for (guint i = 0; i < L->ini->sections->len; i++) {
		struct ini_section *s = g_ptr_array_index(L->ini->sections, i);

		if (strcmp(s->kind, "flow") == 0 && !load_flow(L, s, error))
			return FALSE;
		if (strcmp(s->kind, "faults") == 0)
			for (guint k = 0; k < s->entries->len; k++)
				if (!load_fault_line(L, g_ptr_array_index(s->entries, k), error))
					return FALSE;
		if (strcmp(s->kind, "expect") == 0) {
			for (guint k = 0; k < s->entries->len; k++) {
				struct ini_entry *e = g_ptr_array_index(s->entries, k);
				struct expectation *x;
				char *line = e->key ? g_strdup_printf("%s = %s", e->key, e->value)
						    : g_strdup(e->value);
				gboolean ok = expect_parse(line, L->ini->file, e->line, &x, error);

				g_free(line);
				if (!ok)
					return FALSE;
				g_ptr_array_add(w->expects, x);
			}
		}
	}
	if (!w->hosts->len && !w->switches->len)
		return fail(error, L, 1, "nothing to simulate: no [host] and no [switch] section");
	/* A NIC without a cable has no carrier: almost always a mistake. */
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->nics->len; k++) {
			struct nic *n = g_ptr_array_index(h->nics, k);

			if (!n->link)
				return fail(error, L, h->line, "%s.%s is not cabled: add '%s.%s = SWITCH.PORT' under [links]",
					    h->name, n->dev.name, h->name, n->dev.name);
		}
	}
	return expect_validate(w, error);
}

static void add_series(struct world *w)
{
	char name[128];

	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++) {
			struct bond *b = g_ptr_array_index(h->bonds, k);

			g_snprintf(name, sizeof(name), "%s.%s.tx_mbps", h->name, b->dev.name);
			series_add(&w->series, name, &b->dev.stats.tx_bytes, 8e-6);
			g_snprintf(name, sizeof(name), "%s.%s.rx_mbps", h->name, b->dev.name);
			series_add(&w->series, name, &b->dev.stats.rx_bytes, 8e-6);
		}
		for (guint k = 0; k < h->nics->len; k++) {
			struct nic *n = g_ptr_array_index(h->nics, k);

			g_snprintf(name, sizeof(name), "%s.%s.tx_mbps", h->name, n->dev.name);
			series_add(&w->series, name, &n->dev.stats.tx_bytes, 8e-6);
			g_snprintf(name, sizeof(name), "%s.%s.rx_mbps", h->name, n->dev.name);
			series_add(&w->series, name, &n->dev.stats.rx_bytes, 8e-6);
		}
	}
	for (guint i = 0; i < w->flows->len; i++) {
		struct flow *f = g_ptr_array_index(w->flows, i);

		g_snprintf(name, sizeof(name), "flow.%s.rx_mbps", f->cfg.name);
		series_add(&w->series, name, &f->rx.bytes, 8e-6);
	}
}

static gboolean open_captures(struct world *w, const char *dir, GError **error)
{
	for (guint i = 0; i < w->links->len; i++) {
		struct link *l = g_ptr_array_index(w->links, i);
		char *file = g_strdup_printf("%s.pcap", l->name), *path;

		/* "server.eth0--sw1.Gi0/1" -> "server.eth0--sw1.Gi0_1.pcap" */
		g_strdelimit(file, "/\\:", '_');
		path = g_build_filename(dir, "pcap", file, NULL);
		g_free(file);
		l->pcap = pcap_open(path, error);
		g_free(path);
		if (!l->pcap)
			return FALSE;
	}
	return TRUE;
}

struct world *world_load(const char *path, const struct world_options *opt, GError **error)
{
	struct loader L = { 0 };
	struct world *w = g_new0(struct world, 1);

	w->file = g_strdup(path);
	w->duration = DEFAULT_DURATION;
	w->sample = DEFAULT_SAMPLE;
	w->seed = 1;
	w->hosts = g_ptr_array_new();
	w->switches = g_ptr_array_new();
	w->links = g_ptr_array_new();
	w->flows = g_ptr_array_new();
	w->pings = g_ptr_array_new();
	w->faults = g_ptr_array_new();
	w->expects = g_ptr_array_new();
	w->snapshots = g_ptr_array_new();
	w->events = g_array_new(FALSE, FALSE, sizeof(struct world_event));
	w->bond_ctx = g_ptr_array_new_with_free_func(g_free);
	w->bond_macs = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	w->learn_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	L.w = w;
	L.opt = opt;
	L.enslave = g_array_new(FALSE, FALSE, sizeof(struct pending_slave));
	L.ini = ini_load(path, error);
	if (!L.ini)
		goto fail;
	L.dir = g_path_get_dirname(path);
	if (!load_all(&L, error))
		goto fail;
	add_series(w);
	failover_install_hooks(w);
	if (opt->pcap) {
		char *dir = g_build_filename(opt->pcap_dir ? opt->pcap_dir : ".", "pcap", NULL);

		if (g_mkdir_with_parents(dir, 0755) != 0) {
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: cannot create", dir);
			g_free(dir);
			goto fail;
		}
		g_free(dir);
		if (!open_captures(w, opt->pcap_dir ? opt->pcap_dir : ".", error))
			goto fail;
		w->pcap = true;
	}
	ini_free(L.ini);
	g_free(L.dir);
	g_array_free(L.enslave, TRUE);
	return w;
fail:
	ini_free(L.ini);
	g_free(L.dir);
	g_array_free(L.enslave, TRUE);
	world_free(w);
	return NULL;
}

void world_run(struct world *w)
{
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		for (guint k = 0; k < h->bonds->len; k++)
			bond_open(g_ptr_array_index(h->bonds, k));
	}
	for (guint i = 0; i < w->faults->len; i++) {
		struct fault *f = g_ptr_array_index(w->faults, i);

		fault_arm(f);
		/* the failover report asks each flow about the arrivals around it */
		for (guint k = 0; k < w->flows->len; k++)
			flow_rx_watch(&((struct flow *)g_ptr_array_index(w->flows, k))->rx, f->at);
		for (guint k = 0; k < w->pings->len; k++)
			flow_rx_watch(&((struct ping *)g_ptr_array_index(w->pings, k))->rx, f->at);
	}
	series_start(&w->series);
	sim_run(w->sim, w->duration);
}

void world_free(struct world *w)
{
	if (!w)
		return;
	for (guint i = 0; i < w->faults->len; i++)
		fault_free(g_ptr_array_index(w->faults, i));
	for (guint i = 0; i < w->flows->len; i++)
		flow_free(g_ptr_array_index(w->flows, i));
	for (guint i = 0; i < w->pings->len; i++)
		ping_free(g_ptr_array_index(w->pings, i));
	for (guint i = 0; i < w->expects->len; i++)
		expect_free(g_ptr_array_index(w->expects, i));
	for (guint i = 0; i < w->snapshots->len; i++) {
		struct proc_snapshot *s = g_ptr_array_index(w->snapshots, i);

		g_free(s->host);
		g_free(s->bond);
		g_free(s->text);
		g_free(s);
	}
	if (w->sim)
		series_fini(&w->series);
	for (guint i = 0; i < w->links->len; i++) {
		struct link *l = g_ptr_array_index(w->links, i);

		if (l->pcap)
			pcap_discard(l->pcap);
		link_free(l);
	}
	for (guint i = 0; i < w->hosts->len; i++) {
		struct world_host *h = g_ptr_array_index(w->hosts, i);

		host_free(h->host);
		for (guint k = 0; k < h->bonds->len; k++)
			bond_free(g_ptr_array_index(h->bonds, k));
		for (guint k = 0; k < h->nics->len; k++)
			nic_free(g_ptr_array_index(h->nics, k));
		g_ptr_array_free(h->bonds, TRUE);
		g_ptr_array_free(h->nics, TRUE);
		g_free(h->name);
		g_free(h);
	}
	for (guint i = 0; i < w->switches->len; i++) {
		struct world_switch *s = g_ptr_array_index(w->switches, i);

		sw_free(s->sw);
		g_free(s->name);
		g_free(s);
	}
	g_ptr_array_free(w->hosts, TRUE);
	g_ptr_array_free(w->switches, TRUE);
	g_ptr_array_free(w->links, TRUE);
	g_ptr_array_free(w->flows, TRUE);
	g_ptr_array_free(w->pings, TRUE);
	g_ptr_array_free(w->faults, TRUE);
	g_ptr_array_free(w->expects, TRUE);
	g_ptr_array_free(w->snapshots, TRUE);
	g_array_free(w->events, TRUE);
	g_ptr_array_free(w->bond_ctx, TRUE);
	g_hash_table_destroy(w->bond_macs);
	g_hash_table_destroy(w->learn_seen);
	sim_free(w->sim);
	g_free(w->file);
	g_free(w);
}
