/*
 * pcap.c - libpcap file format writer (nanosecond variant).
 *
 * DOC: Magic 0xa1b23c4d marks nanosecond timestamps, which Wireshark and
 * tshark read natively; simulated times are exact to the nanosecond and
 * microsecond stamps would merge back-to-back 10G frames.  The link type and
 * each frame's recorded length come from the caller, so the kernel knows no
 * link layer; bytes past the frame's headers are written as zeros.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "pcap.h"

#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAP_SNAPLEN 65535

struct pcap {
	FILE *fp;		/* NULL once finished */
	char *path;
	char *tmp_path;
	bool failed;
};

struct pcap *pcap_open(const char *path, uint32_t linktype, GError **error)
{
	struct pcap *p = g_new0(struct pcap, 1);
	struct {
		uint32_t magic;
		uint16_t major, minor;
		int32_t thiszone;
		uint32_t sigfigs, snaplen, linktype;
	} hdr = { PCAP_MAGIC_NS, 2, 4, 0, 0, PCAP_SNAPLEN, linktype };

	p->path = g_strdup(path);
	p->tmp_path = g_strdup_printf("%s.part", path);
	p->fp = fopen(p->tmp_path, "wb");
	if (!p->fp) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: %s", p->tmp_path,
			    g_strerror(errno));
		g_free(p->path);
		g_free(p->tmp_path);
		g_free(p);
		return NULL;
	}
	/* Native byte order: readers detect it from the magic. */
	if (fwrite(&hdr, sizeof(hdr), 1, p->fp) != 1)
		p->failed = true;
	return p;
}

void pcap_write(struct pcap *p, sim_time_t at, const struct frame *f, uint32_t len)
{
	static const uint8_t zeros[2048];
	uint32_t cap = MIN(len, (uint32_t)PCAP_SNAPLEN);
	struct {
		uint32_t sec, nsec, caplen, len;
	} rec = { (uint32_t)(at / SIM_S), (uint32_t)(at % SIM_S), cap, len };

	if (p->failed)
		return;
	if (fwrite(&rec, sizeof(rec), 1, p->fp) != 1 ||
	    fwrite(f->data, 1, MIN(f->hdr_len, cap), p->fp) != MIN(f->hdr_len, cap)) {
		p->failed = true;
		return;
	}
	for (uint32_t left = cap > f->hdr_len ? cap - f->hdr_len : 0; left > 0;) {
		uint32_t n = MIN(left, (uint32_t)sizeof(zeros));

		if (fwrite(zeros, 1, n, p->fp) != n) {
			p->failed = true;
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
	bool ok = !p->failed;

	if (!p->fp)
		return ok;
	if (fclose(p->fp) != 0)
		ok = false;
	p->fp = NULL;
	if (!ok) {
		p->failed = true;
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: could not write capture",
			    p->path);
		g_unlink(p->tmp_path);
	}
	return ok;
}

gboolean pcap_commit(struct pcap *p, GError **error)
{
	bool ok = pcap_finish(p, error);

	if (ok && g_rename(p->tmp_path, p->path) != 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: could not rename capture",
			    p->path);
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
