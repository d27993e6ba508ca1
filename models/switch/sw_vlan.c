/*
 * sw_vlan.c - 802.1Q VLANs on the switch's bridge ports.
 *
 * DOC: Every bridge port (a plain port, or a port-channel with its members)
 * is an access port of one VLAN (VLAN 1 unless configured) or a trunk with
 * an allowed list (default 1-4094) and a native VLAN (default 1), as on a
 * Catalyst.  What bridge() (switch.c) asks of them:
 *
 *   ingress  untagged or priority-tagged (VID 0): the access VLAN / native
 *            VLAN.  Tagged (TPID 0x8100) on an access port: taken only with
 *            the access VID (a Catalyst takes its access and voice VLANs
 *            tagged and drops the rest); on a trunk: only with an allowed
 *            VID.  Anything else is dropped as vlan_not_allowed.  A
 *            priority tag is taken off at once: the frame then goes on as
 *            if it had come untagged.
 *   learning and lookup are per VLAN (the FDB key's VLAN is the frame's).
 *   flooding reaches only the bridge ports that carry the VLAN.
 *   egress filtering: a known unicast whose FDB entry names a bridge port
 *            that does not carry the VLAN (an MLAG sync from a twin
 *            channel with other VLANs) is dropped as vlan_not_allowed on
 *            the port it would have left by (switch.c).  Checked only on
 *            this path, so a switch without VLANs pays nothing for it.
 *   egress   untagged on an access port and in a trunk's native VLAN,
 *            else tagged 0x8100 with PCP 0, DEI 0 and the VID.  A tag that
 *            came in with the frame is kept as it was (its PCP too) when the
 *            frame leaves tagged.
 *
 * Only 0x8100 is a tag here: a Catalyst is a C-VLAN bridge, and an 802.1ad
 * (0x88a8) frame is an untagged frame of another ethertype to it.  While
 * every port is access 1 or a trunk of all with native 1 (sw->vlan_aware
 * false), an untagged frame is in VLAN 1 and leaves every port untagged:
 * bridge() then skips all of this for it, and only tagged frames come here.
 *
 * The MLAG peer link is a trunk of every VLAN with native 1 unless
 * configured otherwise (sw_vlan_peer_link()), so untagged traffic crosses
 * it as before and every VLAN reaches the peer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sw_priv.h"
#include "wire/wire.h"

void sw_vlan_set_add_range(struct sw_vlan_set *s, uint16_t lo, uint16_t hi)
{
	for (uint32_t v = lo; v <= hi && v < 64 * SW_VLAN_SET_WORDS; v++)
		s->bits[v >> 6] |= 1ull << (v & 63);
}

void sw_vlan_set_remove_range(struct sw_vlan_set *s, uint16_t lo, uint16_t hi)
{
	for (uint32_t v = lo; v <= hi && v < 64 * SW_VLAN_SET_WORDS; v++)
		s->bits[v >> 6] &= ~(1ull << (v & 63));
}

void sw_vlan_set_all(struct sw_vlan_set *s)
{
	memset(s, 0, sizeof(*s));
	sw_vlan_set_add_range(s, 1, WIRE_VLAN_VID_MAX);
}

static bool set_is_all(const struct sw_vlan_set *s)
{
	struct sw_vlan_set all;

	sw_vlan_set_all(&all);
	return memcmp(s, &all, sizeof(all)) == 0;
}

gboolean sw_vid_parse(const char *text, uint16_t *vid, GError **error)
{
	char *end;
	long v;

	errno = 0;
	v = g_ascii_isdigit(*text) ? strtol(text, &end, 10) : -1;
	if (v < 0 || *end || errno) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "bad VLAN '%s': write a VLAN ID from 1 to 4094", text);
		return FALSE;
	}
	if (v == 0 || v == 4095) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "VLAN %ld is reserved by 802.1Q (%s): write a VLAN ID from 1 to 4094",
			    v, v ? "for implementations" : "a priority tag's VID");
		return FALSE;
	}
	if (v > WIRE_VLAN_VID_MAX) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "VLAN %s is out of range: write a VLAN ID from 1 to 4094", text);
		return FALSE;
	}
	*vid = (uint16_t)v;
	return TRUE;
}

/* One item of a list: "10" or "30-40". */
static gboolean list_item(const char *item, struct sw_vlan_set *s, GError **error)
{
	const char *dash = strchr(item, '-');
	uint16_t lo, hi;

	if (!dash)
		return sw_vid_parse(item, &lo, error) &&
		       (sw_vlan_set_add_range(s, lo, lo), TRUE);
	if (dash == item || !dash[1]) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "bad VLAN range '%s': write FIRST-LAST, e.g. 30-40", item);
		return FALSE;
	}
	{
		g_autofree char *first = g_strndup(item, (gsize)(dash - item));

		if (!sw_vid_parse(first, &lo, error) || !sw_vid_parse(dash + 1, &hi, error))
			return FALSE;
	}
	if (hi < lo) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_RANGE,
			    "bad VLAN range '%s': write FIRST-LAST with LAST not below FIRST, e.g. 30-40",
			    item);
		return FALSE;
	}
	sw_vlan_set_add_range(s, lo, hi);
	return TRUE;
}

/* VLAN IDs and ranges with commas; @also ends the error's list of what to write. */
static gboolean ids_parse(const char *text, struct sw_vlan_set *out, const char *also,
			  GError **error)
{
	struct sw_vlan_set s = { { 0 } };
	char **items;
	gboolean ok = TRUE;

	if (!*text || text[strlen(text) - 1] == ',' || *text == ',' || strstr(text, ",,")) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "bad VLAN list '%s': write VLAN IDs and ranges with commas, e.g. 10,20,30-40%s",
			    text, also);
		return FALSE;
	}
	items = g_strsplit(text, ",", -1);
	for (char **ip = items; *ip && ok; ip++)
		ok = list_item(*ip, &s, error);
	g_strfreev(items);
	if (ok)
		*out = s;
	return ok;
}

gboolean sw_vlan_ids_parse(const char *text, struct sw_vlan_set *out, GError **error)
{
	return ids_parse(text, out, ", each from 1 to 4094", error);
}

gboolean sw_vlan_list_parse(const char *text, struct sw_vlan_set *out, GError **error)
{
	if (strcmp(text, "all") == 0) {
		sw_vlan_set_all(out);
		return TRUE;
	}
	if (strcmp(text, "none") == 0) {
		memset(out, 0, sizeof(*out));
		return TRUE;
	}
	return ids_parse(text, out, ", or all or none", error);
}

char *sw_vlan_set_text(const struct sw_vlan_set *s)
{
	GString *out = g_string_new(NULL);

	for (uint32_t v = 1; v <= WIRE_VLAN_VID_MAX; v++) {
		uint32_t last = v;

		if (!sw_vlan_set_has(s, (uint16_t)v))
			continue;
		while (last < WIRE_VLAN_VID_MAX && sw_vlan_set_has(s, (uint16_t)(last + 1)))
			last++;
		g_string_append_printf(out, "%s%u", out->len ? "," : "", v);
		if (last > v)
			g_string_append_printf(out, "-%u", last);
		v = last;
	}
	if (!out->len)
		g_string_append(out, "none");
	return g_string_free(out, FALSE);
}

/* A default setting: untagged frames are VLAN 1 and leave untagged, as with no VLANs. */
static bool plain(const struct sw_vlan_port *c)
{
	return !c || (c->pvid == SW_VLAN_DEFAULT && (!c->trunk || set_is_all(&c->allowed)));
}

static void update_aware(struct sw *sw)
{
	sw->vlan_aware = false;
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		if (!plain(bp->vlan))
			sw->vlan_aware = true;
	}
}

bool sw_vlan_configured(const struct sw *sw)
{
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const struct sw_vlan_port *c = bp->vlan;

		if (!c || c->implicit || (!c->trunk && c->pvid == SW_VLAN_DEFAULT))
			continue;
		/* a pasted peer link's "switchport mode trunk" says what it is anyway */
		if (!(plain(c) && sw->mlag && sw->mlag->finished &&
		      sw_mlag_peer_link(sw) == bp))
			return true;
	}
	return false;
}

/* The bridge port named @name, or NULL with the reason in @error. */
static struct sw_bport *find_bport(struct sw *sw, const char *name, GError **error)
{
	struct sw_lag *lag = sw_find_lag(sw, name);
	struct nic *nic;
	struct sw_port *p;

	if (lag)
		return &lag->bport;
	nic = sw_find_port(sw, name);
	if (!nic) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_NOT_FOUND,
			    "switch %s has no port or port-channel '%s'", sw->name, name);
		return NULL;
	}
	p = sw_port_of(sw, nic);
	if (p->lag) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_INVALID,
			    "%s is a member of %s, whose VLANs it follows: set them on %s", name,
			    p->lag->name, p->lag->name);
		return NULL;
	}
	return &p->own;
}

static void set(struct sw *sw, struct sw_bport *bp, const struct sw_vlan_port *c)
{
	if (!bp->vlan)
		bp->vlan = g_new0(struct sw_vlan_port, 1);
	*bp->vlan = *c;
	sw_fdb_flush_bport(sw, bp);
	update_aware(sw);
}

gboolean sw_set_vlan_access(struct sw *sw, const char *name, uint16_t vid, GError **error)
{
	struct sw_bport *bp = find_bport(sw, name, error);

	g_assert(vid >= 1 && vid <= WIRE_VLAN_VID_MAX);
	if (!bp)
		return FALSE;
	set(sw, bp, &(struct sw_vlan_port){ .pvid = vid });
	return TRUE;
}

gboolean sw_set_vlan_trunk(struct sw *sw, const char *name, const struct sw_vlan_set *allowed,
			   uint16_t native, GError **error)
{
	struct sw_bport *bp = find_bport(sw, name, error);
	struct sw_vlan_port c = { .trunk = true, .pvid = native, .allowed = *allowed };

	g_assert(native >= 1 && native <= WIRE_VLAN_VID_MAX);
	if (!bp)
		return FALSE;
	/* 0 and 4095 are never carried, whatever a caller put in the set */
	sw_vlan_set_remove_range(&c.allowed, 0, 0);
	sw_vlan_set_remove_range(&c.allowed, 4095, 4095);
	set(sw, bp, &c);
	return TRUE;
}

void sw_vlan_peer_link(struct sw *sw, struct sw_bport *bp)
{
	struct sw_vlan_port c = { .trunk = true, .implicit = true, .pvid = SW_VLAN_DEFAULT };

	if (bp->vlan)
		return;
	sw_vlan_set_all(&c.allowed);
	set(sw, bp, &c);
}

bool sw_vlan_of(const struct sw *sw, const char *name, bool *trunk, uint16_t *pvid,
		struct sw_vlan_set *allowed)
{
	for (guint i = 0; i < sw->bports->len; i++) {
		const struct sw_bport *bp = g_ptr_array_index(sw->bports, i);
		const struct sw_vlan_port *c = bp->vlan;

		if (strcmp(bp->name, name) != 0)
			continue;
		*trunk = c && c->trunk;
		*pvid = c ? c->pvid : SW_VLAN_DEFAULT;
		if (allowed && c && c->trunk)
			*allowed = c->allowed;
		else if (allowed)
			memset(allowed, 0, sizeof(*allowed));
		return true;
	}
	return false;
}

void sw_vlan_free(struct sw *sw)
{
	for (guint i = 0; i < sw->bports->len; i++) {
		struct sw_bport *bp = g_ptr_array_index(sw->bports, i);

		g_free(bp->vlan);
		bp->vlan = NULL;
	}
}

enum drop_reason sw_vlan_ingress(const struct sw_bport *bp, struct frame **fp, uint16_t *vid,
				 bool *tagged)
{
	const struct sw_vlan_port *c = sw_bport_vlan(bp);
	struct frame *f = *fp;
	uint16_t pvid = c ? c->pvid : SW_VLAN_DEFAULT;
	uint16_t v = 0;
	bool tag = wire_has_8021q_tag(f->data, f->hdr_len);

	if (tag)
		v = wire_rd16(f->data + WIRE_VLAN_OFF_TCI) & WIRE_VLAN_VID_MASK;
	if (tag && v == 0) {
		uint64_t id = f->id;

		f = frame_make_writable(f);
		f->id = id;
		wire_vlan_pop(f->data, f->hdr_len);
		f->hdr_len -= WIRE_VLAN_HLEN;
		f->len -= WIRE_VLAN_HLEN;
		*fp = f;
		tag = false;
	}
	if (!tag)
		v = pvid;
	else if ((!c || !c->trunk) && v != pvid)
		return DROP_VLAN_NOT_ALLOWED;
	if (!sw_vlan_carries(bp, v))
		return DROP_VLAN_NOT_ALLOWED;
	*vid = v;
	*tagged = tag;
	return SW_FORWARDED;
}

struct frame *sw_vlan_egress_form(struct frame *f, bool tagged_now, bool tag, uint16_t vid)
{
	uint64_t id = f->id;

	if (tagged_now == tag)
		return f;
	f = frame_make_writable(f);
	/* the same frame, tagged or not: a loop must still know it when it comes back */
	f->id = id;
	if (tag) {
		/* FRAME_HDR_MAX leaves room for a tag over any header a model builds */
		g_assert(f->hdr_len + WIRE_VLAN_HLEN <= FRAME_HDR_MAX);
		wire_vlan_push(f->data, f->hdr_len, vid);
		f->hdr_len += WIRE_VLAN_HLEN;
		f->len += WIRE_VLAN_HLEN;
	} else {
		wire_vlan_pop(f->data, f->hdr_len);
		f->hdr_len -= WIRE_VLAN_HLEN;
		f->len -= WIRE_VLAN_HLEN;
	}
	return f;
}
