#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include "heap.h"

/* The VmFlags line of the mapping of /proc/self/smaps that holds @p. */
static char *vm_flags_of(const void *p)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	char line[512], *flags = NULL;
	bool inside = false;

	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;

		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			inside = (unsigned long)p >= lo && (unsigned long)p < hi;
		else if (inside && strncmp(line, "VmFlags:", 8) == 0)
			flags = g_strdup(line + 8);
	}
	fclose(f);
	return flags;
}

/* Every small object allocated after the call lies in an advised mapping:
 * the stretch the heap grew by, not the heap below it. */
Test(heap, objects_after_the_call_are_on_huge_pages)
{
	gpointer obj[2048];
	char *flags;

	if (!g_file_test("/sys/kernel/mm/transparent_hugepage", G_FILE_TEST_IS_DIR))
		cr_skip_test("no transparent huge pages in this kernel");
#ifdef __SANITIZE_ADDRESS__
	cr_assert_not(heap_use_huge_pages(1024), "ASan's allocator does not grow with sbrk()");
	cr_skip_test("ASan: objects do not live in glibc's heap");
#endif
	cr_assert(heap_use_huge_pages(1024));
	for (int i = 0; i < 2048; i++)
		obj[i] = g_malloc0(4096);	/* 8 MiB: past the first huge page boundary */
	flags = vm_flags_of(obj[2047]);
	cr_assert_not_null(flags);
	cr_expect_not_null(strstr(flags, " hg"), "VmFlags:%s", flags);
	g_free(flags);
	/* and once per process: a second call changes nothing and says so */
	cr_expect(heap_use_huge_pages(1024));
	for (int i = 0; i < 2048; i++)
		g_free(obj[i]);
}

/* Under HEAP_HUGE_HOSTS nothing is touched, and a big world after it still gets its pages. */
Test(heap, small_worlds_are_left_alone)
{
	void *top = sbrk(0);

	cr_assert_not(heap_use_huge_pages(HEAP_HUGE_HOSTS - 1));
	cr_assert_not(heap_use_huge_pages(4));
	cr_expect_eq(sbrk(0), top, "the heap moved for a small world");
#ifndef __SANITIZE_ADDRESS__
	if (g_file_test("/sys/kernel/mm/transparent_hugepage", G_FILE_TEST_IS_DIR))
		cr_expect(heap_use_huge_pages(HEAP_HUGE_HOSTS));
#endif
}
