/*
 * heap.c - the process's heap on huge pages.
 *
 * DOC: A big world's state is per host, per port and per cable, and a
 * frame-hop reads a line or two of each object on its way.  At 1,024 hosts
 * (W4) those objects lie in about 31 MiB of heap: 7,900 pages of 4 KiB,
 * more than a core's second-level TLB maps, so a frame-hop there also
 * pays for page walks that a 256-host world (8 MiB) mostly does not.  On
 * 2 MiB pages the same heap is 16 TLB entries.  README "Speed", sixth
 * round, has what it bought.
 *
 * glibc's malloc grows its heap with sbrk(), and by the request plus
 * M_TOP_PAD.  Asked for a pad as large as the world will need (64 KiB a
 * host, twice what W4 uses), it grows the heap once by a fresh stretch
 * with nothing in it yet; that stretch is advised MADV_HUGEPAGE,
 * so the kernel backs it with huge pages as it is first touched (THP
 * "madvise", Debian's default; with THP "never" nothing changes).  The
 * pad is address space: only what is touched is resident.  Large
 * allocations (a frame pool's chunks, the event wheel's arrays) are kept
 * in the heap rather than in mmap()s of their own, and the heap is not
 * trimmed back under the pad.  Under valgrind or a sanitizer, whose
 * allocators do not use sbrk(), the heap does not move and nothing is
 * advised.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>
#include "heap.h"

#define HUGE_PAGE	((uintptr_t)2 << 20)
#define PAD_MIN		(64 << 20)
#define PAD_PER_HOST	(64 << 10)	/* W4: 31 MiB of heap at 1,024 hosts, 30 KiB each */
#define PAD_MAX		(512 << 20)	/* twice this still an int, as mallopt() takes */
#define MMAP_FROM	(4 << 20)	/* smaller allocations stay in the heap */

bool heap_use_huge_pages(unsigned hosts)
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE)
	static bool done, advised;
	uintptr_t before, after, lo, hi;
	int pad;
	void *p;

	if (hosts < HEAP_HUGE_HOSTS || done)
		return advised;
	done = true;
	pad = hosts >= PAD_MAX / PAD_PER_HOST ? PAD_MAX : MAX(PAD_MIN, (int)hosts * PAD_PER_HOST);
	mallopt(M_MMAP_THRESHOLD, MMAP_FROM);
	mallopt(M_TRIM_THRESHOLD, 2 * pad);
	mallopt(M_TOP_PAD, pad);
	before = (uintptr_t)sbrk(0);
	/* more than the heap's top holds: it grows by this and the pad at once */
	p = malloc(HUGE_PAGE);
	after = (uintptr_t)sbrk(0);
	lo = (before + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	hi = after & ~(HUGE_PAGE - 1);
	if (p && before != (uintptr_t)-1 && after > before && hi > lo)
		advised = madvise((void *)lo, hi - lo, MADV_HUGEPAGE) == 0;
	free(p);
	return advised;
#else
	return false;
#endif
}
