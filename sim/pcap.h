/*
 * pcap.h - capture files Wireshark opens (LINKTYPE_ETHERNET, ns resolution).
 *
 * DOC: Frames are written whole: the header bytes the frame carries and its
 * payload as zeros, padded to the 60-byte minimum, no FCS.  The file is
 * written under a temporary name and renamed by pcap_commit(), so a run that
 * fails leaves no half-written capture behind.
 */
#ifndef BONDSIM_PCAP_H
#define BONDSIM_PCAP_H

#include <glib.h>
#include "sim.h"

struct pcap;

struct pcap *pcap_open(const char *path, GError **error);
void pcap_write(struct pcap *p, sim_time_t at, const struct frame *f);
/* Flush and close, still under the temporary name; FALSE (and the file
 * removed) on an I/O error.  Lets a caller check every output before it
 * renames any of them. */
gboolean pcap_finish(struct pcap *p, GError **error);
/* Finish if needed, then rename into place and free @p; FALSE on an I/O error. */
gboolean pcap_commit(struct pcap *p, GError **error);
/* Close and delete (a failed run). */
void pcap_discard(struct pcap *p);

#endif
