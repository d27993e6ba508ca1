/*
 * heap.h - the process's heap on huge pages (heap.c).
 */
#ifndef BONDSIM_HEAP_H
#define BONDSIM_HEAP_H

#include <stdbool.h>

/*
 * Worlds of this many hosts or more are built on huge pages.  Measured on
 * W4: 6 % less CPU at 512 hosts, 12 to 14 % at 1,024; at 256 hosts (about
 * 8 MiB of state, still within the TLB's reach) 2 %, for a peak RSS that
 * 2 MiB pages round up by 19 % and that then grows in 2 MiB steps.
 */
#define HEAP_HUGE_HOSTS 512

/*
 * Before a world of @hosts is built: from HEAP_HUGE_HOSTS on, and once per
 * process, reserve the heap's next stretch, big enough for the world, and
 * advise it for transparent huge pages.  True when a stretch was advised
 * (glibc's malloc growing with sbrk(), which valgrind's and the
 * sanitizers' allocators do not), false when nothing was done.
 */
bool heap_use_huge_pages(unsigned hosts);

#endif
