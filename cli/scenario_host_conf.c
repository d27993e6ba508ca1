/*
 * scenario_host_conf.c - a [host]'s configuration files (modprobe.d, ifcfg-*,
 * interfaces, networkd, nm, netplan) read and booted, and what bondsim says
 * about how it read them.
 *
 * DOC: The parsers (models/bond/bond_config*.c) keep two lists at the lines
 * that caused them: what the kernel prints (a module load's "bonding:
 * unknown parameter 'miimom' ignored", a sysfs write's refusal), which goes
 * to the host's kernel log as the kernel prints it, and bondsim's notes on
 * how a file was read (a key given twice, an option not modelled, what a
 * tool hands the kernel), which go to the host's configuration notes.  The
 * notes are also warnings on stderr, at their line, but for what a tool
 * hands the kernel; of the kernel's lines, those that say a value was
 * refused, reset or ignored (scn_says_unmeant()).
 */
#include <stdlib.h>
#include <string.h>
#include "loader.h"
#include "bond/bond_config.h"

/* "modprobe.d =", "ifcfg-bond0 =", "interfaces =", "networkd NAME =" ... into @confs. */
gboolean scn_host_conf_parse(struct loader *L, const struct ini_entry *e, const char *arg,
			     struct bond_conf_set **confs, GError **error)
{
	char *file = NULL;
	int first = 0;
	char *text = scn_entry_text(L, e, &file, &first, error);
	gboolean yaml = g_str_has_prefix(e->key, "netplan");
	gboolean parsed;

	if (!text)
		return FALSE;
	if (!*confs)
		*confs = bond_conf_set_new();
	if (yaml)
		parsed = bond_conf_parse_netplan(*confs, arg, text, file, first, error);
	else if (e->key[0] == 'm')
		parsed = bond_conf_parse_modprobe(*confs, text, file, first, error);
	else if (e->key[0] == 'n' && e->key[1] == 'm')
		parsed = bond_conf_parse_nm(*confs, arg, text, file, first, error);
	else if (e->key[0] == 'n')
		parsed = bond_conf_parse_networkd(*confs, arg, text, file, first, error);
	else if (e->key[1] == 'n')
		parsed = bond_conf_parse_interfaces(*confs, text, file, first, error);
	else
		parsed = bond_conf_parse_ifcfg(*confs, e->key + 6, text, file, first,
					       error);
	g_free(text);
	g_free(file);
	return parsed;
}

/*
 * The host's configuration files booted.  First the speed, duplex and
 * autoneg they set (ETHTOOL_OPTS, a keyfile's [ethernet], ifupdown's
 * link-speed ...), onto the host's NICs, as the "ethtool NIC =" key would
 * set them; a NIC set both ways is refused, as which one wins would be a
 * matter of boot order.  Then the bonds (networkd's [Match] Name= globs
 * match the same NIC names).
 */
static gboolean boot_conf_files(struct loader *L, const struct ini_section *s,
				struct world_host *h, struct bond_conf_set *confs,
				GError **error)
{
	gboolean ok;
	g_autofree const char **nic_names = g_new0(const char *, h->nics->len + 1);
	g_autofree guint8 (*macs)[6] = g_malloc0(sizeof(*macs) * (h->nics->len + 1));

	/* udev's .link files go by the NICs' names and addresses */
	for (guint i = 0; i < h->nics->len; i++) {
		const struct nic *n = g_ptr_array_index(h->nics, i);

		nic_names[i] = n->dev.name;
		memcpy(macs[i], n->dev.perm_mac, 6);
	}
	if (!bond_conf_link_files_apply(confs, h->nics->len, nic_names, (const guint8 (*)[6])macs,
					error))
		return FALSE;
	for (guint i = 0; i < confs->links->len; i++) {
		const struct bond_conf_link *l = g_ptr_array_index(confs->links, i);
		struct nic *n = scn_host_nic(h, l->nic);
		const struct ini_entry *e = scn_host_key(s, "ethtool", l->nic);

		if (!n) {
			const char **names = scn_host_nic_names(h);
			const char *near = sim_nearest(l->nic, names);
			char *all = g_strjoinv(", ", (char **)names);

			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
				    "%s:%d: %s sets %s's speed and duplex ('%s'), but host %s has no NIC %s%s%s%s; valid: %s",
				    l->file, l->line, l->what, l->nic, l->words, h->name, l->nic,
				    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "", all);
			g_free(all);
			g_free(names);
			return FALSE;
		}
		if (e)
			return scn_fail(error, L, e->line,
					"ethtool %s is set here and by %s at %s:%d ('%s'): set %s's speed and duplex in one place",
					l->nic, l->what, l->file, l->line, l->words, l->nic);
		n->an = l->an;
	}
	confs->nics = nic_names;
	ok = bond_conf_finalize(confs, error);
	confs->nics = NULL;
	return ok;
}

/*
 * Where "file:12: text" from the configuration parsers has its text, and
 * (@line_colon, may be NULL) the ':' before 12; NULL: no location.
 */
static const char *located_text(const char *text, const char **line_colon)
{
	for (const char *c = strchr(text, ':'); c; c = strchr(c + 1, ':')) {
		const char *d = c + 1;

		while (g_ascii_isdigit(*d))
			d++;
		if (d > c + 1 && d[0] == ':' && d[1] == ' ') {
			if (line_colon)
				*line_colon = c;
			return d + 2;
		}
	}
	return NULL;
}

/* "file:12: text" -> "text", as the kernel printed it. */
static const char *after_location(const char *text)
{
	const char *t = located_text(text, NULL);

	return t ? t : text;
}

/* "file:12: text" from the configuration parsers -> a warning at file:12. */
static void warn_located(struct loader *L, const char *text)
{
	const char *colon = NULL;
	const char *t = located_text(text, &colon);
	char *file;

	if (!t) {
		scn_warn(L, NULL, 0, "%s", text);
		return;
	}
	file = g_strndup(text, colon - text);
	/* "file:11: warning: miimon ...", not "warning: Warning: miimon ..." */
	scn_warn(L, file, atoi(colon + 1), "%s", g_str_has_prefix(t, "Warning: ") ? t + 9 : t);
	g_free(file);
}

/*
 * A kernel line that says a parameter was refused, reset or ignored (pr_warn,
 * pr_err, "irrelevant in mode"), or a tool's key given twice or to no effect
 * (an address already given, an empty list, a bond-primary naming no
 * slave), not a line that reports what was set: the module loads all the
 * same, so the run goes on, but the user wrote that value and should hear of
 * it on stderr, at its line, not only in the log.
 */
bool scn_says_unmeant(const char *msg)
{
	static const char *const words[] = { "Warning:", "Error:", "unknown parameter",
		"irrelevant", "only affects", "requires", "Forcing", "did you mean",
		"given again", "already given at", "and none did", "ARP targets at most",
		"fails to enslave", "writes no primary", "no kind networkd knows",
		"no Kind= networkd knows", "bondsim gives an interface one address",
		"ifenslave 2.13 ignores", "in a stanza with bond-master", "hook does nothing",
		"never creates it", "bond-give-a-chance", "bondsim does not model it",
		"refuses to enslave it again", ".link: ", "not a multiple of", NULL };

	for (const char *const *w = words; *w; w++)
		if (strstr(msg, *w))
			return true;
	return false;
}

/*
 * "options bond0 = miimon=100 miimon=200": the kernel's parameter parser
 * takes the last one without a word; the host's configuration notes and
 * stderr say so.
 */
void scn_host_note_repeated_options(struct loader *L, struct world_host *h,
				    const struct ini_entry *e, const char *bond)
{
	struct bond_param_repeats rep;
	GPtrArray *msgs = g_ptr_array_new_with_free_func(g_free);

	bond_param_repeats_init(&rep);
	bond_param_repeats_add(&rep, e->value, L->ini->file, e->line, msgs);
	for (guint i = 0; i < msgs->len; i++) {
		const char *m = g_ptr_array_index(msgs, i);

		if (ini_origin(L->ini, e->line))
			g_ptr_array_add(h->notes, g_strdup_printf("%s: %s: %s",
								  ini_origin(L->ini, e->line), bond, m));
		else
			g_ptr_array_add(h->notes, g_strdup_printf("%s:%d: %s: %s", L->ini->file,
								  e->line, bond, m));
		scn_warn(L, NULL, e->line, "%s: %s", bond, m);
	}
	bond_param_repeats_fini(&rep);
	g_ptr_array_free(msgs, TRUE);
}

/* The files booted onto @h: NICs' link settings, bonds, then the kernel's lines and the notes. */
gboolean scn_host_conf_boot(struct loader *L, const struct ini_section *s, struct world_host *h,
			    struct bond_conf_set *confs, GError **error)
{
	if (!boot_conf_files(L, s, h, confs, error))
		return FALSE;
	for (guint i = 0; i < confs->repeated->len; i++) {
		g_ptr_array_add(h->notes, g_strdup(g_ptr_array_index(confs->repeated, i)));
		warn_located(L, g_ptr_array_index(confs->repeated, i));
	}
	for (guint i = 0; i < confs->kernel->len; i++) {
		const char *m = g_ptr_array_index(confs->kernel, i);

		sim_log_printf(host_log(h->host), 0, "%s", after_location(m));
		if (scn_says_unmeant(m))
			warn_located(L, m);
	}
	for (guint i = 0; i < confs->warnings->len; i++) {
		const char *m = g_ptr_array_index(confs->warnings, i);

		/* the files' view: the scenario may still enslave (scn_load_host() notes a bond left empty) */
		if (g_str_has_suffix(m, " has no slaves"))
			continue;
		g_ptr_array_add(h->notes, g_strdup(m));
		/* each says something written is ignored, odd or refused, but this */
		if (!strstr(m, " hands the kernel: "))
			warn_located(L, m);
	}
	return TRUE;
}
