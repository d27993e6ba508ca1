/*
 * pcap.c - libpcap file format writer (nanosecond variant).
 *
 * DOC: Magic 0xa1b23c4d marks nanosecond timestamps, which Wireshark and
 * tshark read natively; simulated times are exact to the nanosecond and
 * microsecond stamps would merge back-to-back 10G frames.  The link type and
 * each frame's on-wire length come from the caller, so the kernel knows no
 * link layer; bytes past the frame's headers are written as zeros.
 *
 * A record is kept whole or not at all: the budget is checked before a byte
 * of it is written, so a capture stopped by its budget ends on a record
 * boundary.  An I/O error stops the capture too, and keeps the system's
 * reason (errno) for the message the run ends with.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "pcap.h"

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_FILE_HDR 24
#define PCAP_REC_HDR 16

struct pcap {
	FILE *fp;		/* NULL once finished */
	char *path;
	char *tmp_path;
	uint32_t snaplen;	/* PCAP_SNAPLEN_HEADERS, or bytes */
	struct pcap_budget *budget;	/* NULL: no limit */
	int err;		/* errno of the first failed write; 0: none */
};

static void pcap_fail(struct pcap *p)
{
	if (!p->err)
		p->err = errno ? errno : EIO;
}

struct pcap *pcap_open(const char *path, uint32_t linktype, uint32_t snaplen,
		       struct pcap_budget *budget, GError **error)
{
	struct pcap *p = g_new0(struct pcap, 1);
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t thiszone;
		uint32_t sigfigs, snaplen, linktype;
	} hdr = { PCAP_MAGIC_NS, 2, 4, 0, 0,
		  snaplen == PCAP_SNAPLEN_HEADERS ? FRAME_HDR_MAX : snaplen, linktype };

	p->path = g_strdup(path);
	p->tmp_path = g_strdup_printf("%s.part", path);
	p->snaplen = snaplen;
	p->budget = budget;
	p->fp = fopen(p->tmp_path, "wb");
	if (!p->fp) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: %s", p->tmp_path,
			    g_strerror(errno));
		g_free(p->path);
		g_free(p->tmp_path);
		g_free(p);
		return NULL;
	}
	/* Native byte order: readers detect it from the magic.  The file
	 * header is written whatever the budget says: a capture with no
	 * record is still a valid (empty) capture. */
	errno = 0;
	if (fwrite(&hdr, sizeof(hdr), 1, p->fp) != 1)
		pcap_fail(p);
	if (budget)
		budget->used += PCAP_FILE_HDR;
	return p;
}

/* Room for @bytes more?  If not, the budget is full from now on. */
static bool budget_take(struct pcap_budget *b, sim_time_t at, uint64_t bytes)
{
	if (!b)
		return true;
	if (!b->full && (!b->max || b->used + bytes <= b->max)) {
		b->used += bytes;
		b->records++;
		return true;
	}
	if (!b->full) {
		b->full = true;
		b->full_at = at;
	}
	b->skipped++;
	return false;
}

void pcap_write(struct pcap *p, sim_time_t at, const struct frame *f, uint32_t len)
{
	static const uint8_t zeros[2048];
	uint32_t cap = p->snaplen == PCAP_SNAPLEN_HEADERS ? f->hdr_len : p->snaplen;
	struct {
		uint32_t sec, nsec, caplen, len;
	} rec;

	cap = MIN(cap, len);
	rec.sec = (uint32_t)(at / SIM_S);
	rec.nsec = (uint32_t)(at % SIM_S);
	rec.caplen = cap;
	rec.len = len;
	if (p->err || !p->fp || !budget_take(p->budget, at, PCAP_REC_HDR + (uint64_t)cap))
		return;
	errno = 0;
	if (fwrite(&rec, sizeof(rec), 1, p->fp) != 1 ||
	    fwrite(f->data, 1, MIN(f->hdr_len, cap), p->fp) != MIN(f->hdr_len, cap)) {
		pcap_fail(p);
		return;
	}
	for (uint32_t left = cap > f->hdr_len ? cap - f->hdr_len : 0; left > 0;) {
		uint32_t n = MIN(left, (uint32_t)sizeof(zeros));

		if (fwrite(zeros, 1, n, p->fp) != n) {
			pcap_fail(p);
			return;
		}
		left -= n;
	}
}

static void pcap_destroy(struct pcap *p)
{
	g_free(p->path);
	g_free(p->tmp_path);
	g_free(p);
}

gboolean pcap_finish(struct pcap *p, GError **error)
{
	if (p->fp) {
		errno = 0;
		/* fclose() flushes: a full disk usually shows up here */
		if (fclose(p->fp) != 0)
			pcap_fail(p);
		p->fp = NULL;
		if (p->err)
			g_unlink(p->tmp_path);
	}
	if (p->err) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: could not write capture: %s",
			    p->path, g_strerror(p->err));
		return FALSE;
	}
	return TRUE;
}

gboolean pcap_commit(struct pcap *p, GError **error)
{
	bool ok = pcap_finish(p, error);

	if (ok && g_rename(p->tmp_path, p->path) != 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: could not rename capture: %s",
			    p->path, g_strerror(errno));
		g_unlink(p->tmp_path);
		ok = false;
	}
	pcap_destroy(p);
	return ok;
}

void pcap_discard(struct pcap *p)
{
	if (p->fp)
		fclose(p->fp);
	g_unlink(p->tmp_path);
	pcap_destroy(p);
}

const char *pcap_path(const struct pcap *p)
{
	return p->path;
}
