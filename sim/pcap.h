/*
 * pcap.h - capture files Wireshark opens (nanosecond resolution).
 *
 * DOC: A record keeps the frame's on-wire length (the length the caller
 * gives: payload and whatever padding its link layer adds) and as many of
 * its bytes as the capture's snaplen allows: the header bytes the frame
 * carries, then zeros.  The default keeps exactly the headers, since the
 * rest is zeros by definition; Wireshark then shows the real size and marks
 * the frame "[Packet size limited during capture]".  The caller names the
 * file's link type.
 *
 * Every capture of a run may share one budget: when the next record would
 * take the files past it, every capture on that budget stops, between two
 * records, so each file stays a valid capture up to that time.
 *
 * The file is written under a temporary name and renamed by pcap_commit(),
 * so a run that fails leaves no half-written capture behind.
 */
#ifndef BONDSIM_PCAP_H
#define BONDSIM_PCAP_H

#include <glib.h>
#include "sim.h"

#define PCAP_SNAPLEN_HEADERS	0	/* keep the frame's header bytes, no more */
#define PCAP_SNAPLEN_MAX	262144	/* as tcpdump: what "-s 0" means */

/* What all the captures of a run may write together, and what became of it. */
struct pcap_budget {
	uint64_t max;		/* bytes, file headers included; 0: no limit */
	uint64_t used;		/* bytes written (or buffered) so far */
	bool full;		/* max reached: every capture on it has stopped */
	sim_time_t full_at;	/* when the first record did not fit */
	uint64_t records;	/* frames captured */
	uint64_t skipped;	/* frames not captured since it was full */
};

struct pcap;

/*
 * @linktype: the pcap LINKTYPE_* value of every frame in the file;
 * @snaplen: bytes kept of each frame, PCAP_SNAPLEN_HEADERS for its headers;
 * @budget: shared by the captures of a run, or NULL.
 */
struct pcap *pcap_open(const char *path, uint32_t linktype, uint32_t snaplen,
		       struct pcap_budget *budget, GError **error);
/* Record @f, a frame of @len bytes on the wire (at least its header bytes). */
void pcap_write(struct pcap *p, sim_time_t at, const struct frame *f, uint32_t len);
/* Flush and close, still under the temporary name; FALSE (and the file
 * removed) on an I/O error, which names the file and the system's reason.
 * Lets a caller check every output before it renames any of them. */
gboolean pcap_finish(struct pcap *p, GError **error);
/* Finish if needed, then rename into place and free @p; FALSE on an I/O error. */
gboolean pcap_commit(struct pcap *p, GError **error);
/* The file's final name. */
const char *pcap_path(const struct pcap *p);
/* Close and delete (a failed run). */
void pcap_discard(struct pcap *p);

#endif
