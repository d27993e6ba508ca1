/*
 * capture.c - the links a run captures, how much of each frame, how much
 * in all.
 *
 * DOC: A capture of every link with whole frames grows by the line rate
 * of every cable: a 30-minute run of a few 1G links is tens of gigabytes,
 * almost all of it zeros, since a frame here carries real header bytes and
 * only the length of its payload.  So by default a record keeps the
 * header bytes and the real on-wire length (--pcap-snaplen), an engineer
 * names the cables they want to look at as they name them in the scenario
 * (--pcap-links server.eth0,sw1.Gi0/24, or a whole host or switch), and all
 * captures together stop at a size cap (--pcap-max, 1G unless raised),
 * cleanly between two records, with a message that says when and how to
 * get more.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gstdio.h>
#include "capture.h"
#include "pcap.h"
#include "wire/wire.h"

/* "1G", "500M", "1536K" when exact, else "1.4G" (K, M, G in 1024s);
 * @up: rounded up to a whole number of the unit instead ("2G"). */
static const char *format_size(uint64_t bytes, bool up, char *buf, size_t size)
{
	static const char units[] = "KMGT";
	int u = -1;
	double v = (double)bytes;

	while (u < 3 && v >= 1024) {
		v /= 1024;
		u++;
	}
	if (up)
		v = ceil(v);
	if (u < 0)
		g_snprintf(buf, size, "%.0f", v);
	else if (v == floor(v))
		g_snprintf(buf, size, "%.0f%c", v, units[u]);
	else
		g_snprintf(buf, size, "%.1f%c", v, units[u]);
	return buf;
}

static gboolean parse_snaplen(const char *text, uint32_t *snaplen, GError **error)
{
	char *end;
	guint64 n;

	if (strcmp(text, "headers") == 0) {
		*snaplen = PCAP_SNAPLEN_HEADERS;
		return TRUE;
	}
	n = g_ascii_strtoull(text, &end, 10);
	if (end != text && !*end && g_ascii_isdigit(text[0]) && n <= PCAP_SNAPLEN_MAX) {
		/* 0 is whole frames, as tcpdump -s 0 */
		*snaplen = n ? (uint32_t)n : PCAP_SNAPLEN_MAX;
		return TRUE;
	}
	g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
		    "--pcap-snaplen: '%s': write 'headers' (the default: each frame's header bytes), "
		    "a byte count from 1 to %u, or 0 for whole frames", text, (unsigned)PCAP_SNAPLEN_MAX);
	return FALSE;
}

gboolean capture_options(struct world_options *wo, gboolean pcap, char **links,
			 const char *snaplen, const char *max, const char *out_dir, GError **error)
{
	GError *inner = NULL;

	wo->pcap = pcap || links;
	wo->pcap_dir = out_dir;
	wo->pcap_links = links;
	wo->pcap_snaplen = PCAP_SNAPLEN_HEADERS;
	wo->pcap_max = CAPTURE_MAX_DEFAULT;
	if (!wo->pcap && (snaplen || max)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s sets up captures: add --pcap (every link) or --pcap-links LIST",
			    snaplen ? "--pcap-snaplen" : "--pcap-max");
		return FALSE;
	}
	if (wo->pcap && !out_dir) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s writes into --out DIR: give one", pcap ? "--pcap" : "--pcap-links");
		return FALSE;
	}
	if (snaplen && !parse_snaplen(snaplen, &wo->pcap_snaplen, error))
		return FALSE;
	if (max && !sim_size_parse(max, &wo->pcap_max, &inner)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID, "--pcap-max: %s", inner->message);
		g_error_free(inner);
		return FALSE;
	}
	return TRUE;
}

/* Does @word name @l: the link, one of its cable ends, or the host or switch at one? */
static bool link_named(const struct link *l, const char *word)
{
	if (strcmp(l->name, word) == 0)
		return true;
	for (int e = 0; e < 2; e++) {
		const struct netdev *d = l->end[e];
		size_t n = strlen(d->owner_name);

		if (strcmp(d->owner_name, word) == 0 ||
		    (strncmp(d->owner_name, word, n) == 0 && word[n] == '.' &&
		     strcmp(word + n + 1, d->name) == 0))
			return true;
	}
	return false;
}

/* "server.eth3", "sw1.Gi0/8": a NIC or a switch port of the world, cabled or not. */
static bool nic_exists(const struct world *w, const char *word)
{
	const char *dot = strchr(word, '.');
	char *owner = dot ? g_strndup(word, dot - word) : NULL;
	const struct world_host *h = owner ? world_find_host(w, owner) : NULL;
	const struct world_switch *s = owner ? world_find_switch(w, owner) : NULL;
	bool found = s && sw_find_port(s->sw, dot + 1);

	for (guint i = 0; h && i < h->nics->len; i++)
		found |= strcmp(((const struct nic *)g_ptr_array_index(h->nics, i))->dev.name,
				dot + 1) == 0;
	g_free(owner);
	return found;
}

static gboolean refuse_link_name(const struct world *w, const char *word, GError **error)
{
	GPtrArray *choices = g_ptr_array_new_with_free_func(g_free);
	GString *links = g_string_new(NULL);
	const char *near;

	for (guint i = 0; i < w->links->len; i++) {
		const struct link *l = g_ptr_array_index(w->links, i);

		g_string_append_printf(links, "%s%s", i ? ", " : "", l->name);
		for (int e = 0; e < 2; e++)
			g_ptr_array_add(choices, g_strdup_printf("%s.%s", l->end[e]->owner_name,
								 l->end[e]->name));
	}
	g_ptr_array_add(choices, NULL);
	if (nic_exists(w, word)) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "bondsim: --pcap-links: %s has no cable; links: %s", word, links->str);
	} else {
		near = sim_nearest(word, (const char *const *)choices->pdata);
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "bondsim: --pcap-links: no link '%s'%s%s%s; name a cable end (HOST.NIC, SWITCH.PORT), "
			    "a host, a switch or a link: %s", word, near ? " (did you mean '" : "",
			    near ? near : "", near ? "'?)" : "", links->str);
	}
	g_string_free(links, TRUE);
	g_ptr_array_free(choices, TRUE);
	return FALSE;
}

/* Which links to capture: every one, or those the list names (each once). */
static gboolean select_links(struct world *w, char **lists, GError **error)
{
	bool *want = g_new0(bool, w->links->len + 1);
	gboolean ok = TRUE;
	guint words = 0;

	for (char **list = lists; list && *list && ok; list++) {
		char **items = g_strsplit(*list, ",", -1);

		for (char **it = items; *it && ok; it++) {
			char *word = g_strstrip(*it);
			bool found = false;

			if (!*word)
				continue;
			words++;
			for (guint i = 0; i < w->links->len; i++) {
				if (link_named(g_ptr_array_index(w->links, i), word)) {
					want[i] = true;
					found = true;
				}
			}
			if (!found)
				ok = refuse_link_name(w, word, error);
		}
		g_strfreev(items);
	}
	if (ok && lists && !words) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "bondsim: --pcap-links: the list is empty; e.g. --pcap-links server.eth0,sw1.Gi0/1");
		ok = FALSE;
	}
	for (guint i = 0; ok && i < w->links->len; i++) {
		if (!lists || want[i])
			g_ptr_array_add(w->captured, g_ptr_array_index(w->links, i));
	}
	g_free(want);
	return ok;
}

gboolean capture_open(struct world *w, const struct world_options *opt, GError **error)
{
	gboolean ok = TRUE;
	char *dir;

	if (!opt->pcap)
		return TRUE;
	if (!select_links(w, opt->pcap_links, error))
		return FALSE;
	dir = g_build_filename(opt->pcap_dir ? opt->pcap_dir : ".", "pcap", NULL);
	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: cannot create: %s", dir,
			    g_strerror(errno));
		g_free(dir);
		return FALSE;
	}
	w->pcap = true;
	w->pcap_snaplen = opt->pcap_snaplen;
	w->pcap_budget.max = opt->pcap_max;
	for (guint i = 0; i < w->captured->len; i++) {
		struct link *l = g_ptr_array_index(w->captured, i);
		char *file = g_strdup_printf("%s.pcap", l->name), *path;

		/* "server.eth0--sw1.Gi0/1" -> "server.eth0--sw1.Gi0_1.pcap" */
		g_strdelimit(file, "/\\:", '_');
		path = g_build_filename(dir, file, NULL);
		g_free(file);
		link_set_pcap(l, pcap_open(path, WIRE_ETH_PCAP_LINKTYPE, opt->pcap_snaplen,
					   &w->pcap_budget, error));
		g_free(path);
		if (!l->pcap) {
			ok = FALSE;
			break;
		}
	}
	g_free(dir);
	return ok;
}

void capture_warn_stopped(const struct world *w, FILE *out)
{
	const struct pcap_budget *b = &w->pcap_budget;
	char at[32], max[32], need[32];

	if (!w->pcap || !b->full)
		return;
	fprintf(out,
		"bondsim: captures stopped at %ss (simulated): together they reached --pcap-max %s "
		"(%" G_GUINT64_FORMAT " bytes); the %" G_GUINT64_FORMAT " frames after that are not in "
		"pcap/, the files hold everything before.\n",
		sim_time_format_sec(b->full_at, at, sizeof(at)), format_size(b->max, false, max, sizeof(max)),
		(guint64)b->max, (guint64)b->skipped);
	/* What the whole run needed: the frames left out, at the mean size of
	 * those captured, and 10 % to spare (another seed, a longer run). */
	if (b->records > 0) {
		double est = 1.1 * ((double)b->used +
				    (double)b->skipped * (double)b->used / (double)b->records);

		est = MIN(est, 1e15);

		fprintf(out, "bondsim: to capture the whole run, raise the cap "
				       "(--pcap-max %s should do), capture fewer links "
				       "(--pcap-links HOST.NIC,...)%s.\n",
				       format_size((uint64_t)est, true, need, sizeof(need)),
				       w->pcap_snaplen == PCAP_SNAPLEN_HEADERS ? "" :
				       " or fewer bytes per frame (--pcap-snaplen headers)");
	}
}

static void snaplen_text(uint32_t snaplen, GString *out)
{
	if (snaplen == PCAP_SNAPLEN_HEADERS)
		g_string_append(out, "headers only");
	else if (snaplen == PCAP_SNAPLEN_MAX)
		g_string_append(out, "whole frames");
	else
		g_string_append_printf(out, "%u bytes", snaplen);
}

void capture_report_text(const struct world *w, GString *out)
{
	const struct pcap_budget *b = &w->pcap_budget;
	char used[32], max[32], at[32];

	if (!w->pcap)
		return;
	g_string_append(out, "\n== Captures (pcap/)\n  links    ");
	for (guint i = 0; i < w->captured->len; i++)
		g_string_append_printf(out, "%s%s", i ? ", " : "",
				       ((const struct link *)g_ptr_array_index(w->captured, i))->name);
	g_string_append(out, "\n  snaplen  ");
	snaplen_text(w->pcap_snaplen, out);
	g_string_append(out, " (each record keeps the frame's length on the wire)\n");
	g_string_append_printf(out, "  written  %" G_GUINT64_FORMAT " frames, %s of --pcap-max %s\n",
			       (guint64)b->records, format_size(b->used, false, used, sizeof(used)),
			       b->max ? format_size(b->max, false, max, sizeof(max)) : "(none)");
	if (b->full)
		g_string_append_printf(out, "  STOPPED  at %ss: the cap was reached; %" G_GUINT64_FORMAT
				       " frames after that not captured\n",
				       sim_time_format_sec(b->full_at, at, sizeof(at)),
				       (guint64)b->skipped);
}

void capture_report_json(const struct world *w, struct json *j)
{
	const struct pcap_budget *b = &w->pcap_budget;

	if (!w->pcap)
		return;
	json_begin_object(j, "captures");
	json_begin_array(j, "links");
	for (guint i = 0; i < w->captured->len; i++)
		json_string(j, NULL, ((const struct link *)g_ptr_array_index(w->captured, i))->name);
	json_end_array(j);
	/* 0: headers only */
	json_int(j, "snaplen", w->pcap_snaplen);
	json_int(j, "max_bytes", (int64_t)b->max);
	json_int(j, "bytes", (int64_t)b->used);
	json_int(j, "frames", (int64_t)b->records);
	json_bool(j, "stopped", b->full);
	if (b->full)
		json_int(j, "stopped_at_ns", b->full_at);
	else
		json_string(j, "stopped_at_ns", NULL);
	json_int(j, "frames_not_captured", (int64_t)b->skipped);
	json_end_object(j);
}
