/*
 * pcap.h - capture files Wireshark opens (nanosecond resolution).
 *
 * DOC: Frames are written whole: the header bytes the frame carries, then
 * zeros up to the length the caller gives (the payload, and whatever
 * padding its link layer adds).  The caller also names the file's link
 * type.  The file is written under a temporary name and renamed by
 * pcap_commit(), so a run that fails leaves no half-written capture behind.
 */
#ifndef BONDSIM_PCAP_H
#define BONDSIM_PCAP_H

#include <glib.h>
#include "sim.h"

struct pcap;

/* @linktype: the pcap LINKTYPE_* value of every frame in the file. */
struct pcap *pcap_open(const char *path, uint32_t linktype, GError **error);
/* Record @f as a frame of @len bytes (at least its header bytes, normally). */
void pcap_write(struct pcap *p, sim_time_t at, const struct frame *f, uint32_t len);
/* Flush and close, still under the temporary name; FALSE (and the file
 * removed) on an I/O error.  Lets a caller check every output before it
 * renames any of them. */
gboolean pcap_finish(struct pcap *p, GError **error);
/* Finish if needed, then rename into place and free @p; FALSE on an I/O error. */
gboolean pcap_commit(struct pcap *p, GError **error);
/* Close and delete (a failed run). */
void pcap_discard(struct pcap *p);

#endif
