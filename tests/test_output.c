/*
 * test_output.c - output_commit() is all or none for --json and --junit
 * too: a rename that fails at the commit (the destination turned into a
 * folder after the run checked it) puts every named file and --out back as
 * they were.  And what a commit keeps listed without writing it (a sweep's
 * runs, written in place) stays until a commit that does not keep it.
 */
#include <criterion/criterion.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include "output.h"
#include "tmp_tree.h"

struct rig {
	char *dir;		/* everything below is in here */
	char *json, *junit, *out;
};

static void rig_init(struct rig *r)
{
	r->dir = g_dir_make_tmp("bondsim-output-XXXXXX", NULL);
	cr_assert_not_null(r->dir);
	r->json = g_build_filename(r->dir, "r.json", NULL);
	r->junit = g_build_filename(r->dir, "j.xml", NULL);
	r->out = g_build_filename(r->dir, "o", NULL);
}

static void rig_fini(struct rig *r)
{
	rm_tree(r->dir);
	g_free(r->dir);
	g_free(r->json);
	g_free(r->junit);
	g_free(r->out);
}

/* One run's outputs: report.txt under --out (if @out), --json and --junit. */
static struct output *stage(const struct rig *r, bool out, const char *text)
{
	GError *err = NULL;
	struct output *o = output_new(out ? r->out : NULL, &err);

	cr_assert_not_null(o, "%s", err ? err->message : "");
	if (out)
		cr_assert(output_add(o, "report.txt", text, strlen(text), &err), "%s",
			  err ? err->message : "");
	cr_assert(output_add_named(o, "--json", r->json, text, strlen(text), &err), "%s",
		  err ? err->message : "");
	cr_assert(output_add_named(o, "--junit", r->junit, text, strlen(text), &err), "%s",
		  err ? err->message : "");
	return o;
}

/*
 * --junit's place becomes a folder once its temporary file is written: its
 * rename fails at the commit, after --json's and --out's succeeded.
 */
static void block_junit(const struct rig *r)
{
	char *inside = g_build_filename(r->junit, "x", NULL);

	g_unlink(r->junit);
	cr_assert_eq(g_mkdir(r->junit, 0755), 0);
	cr_assert(g_file_set_contents(inside, "x", -1, NULL));
	g_free(inside);
}

static void commit_fails_on_junit(struct output *o, const struct rig *r)
{
	GError *err = NULL;
	char *want = g_strdup_printf("--junit: cannot write %s: Is a directory", r->junit);

	cr_assert_not(output_commit(o, &err));
	cr_assert_not_null(err);
	cr_assert_str_eq(err->message, want);
	g_error_free(err);
	g_free(want);
	output_free(o);
}

Test(output, failed_junit_rename_puts_json_and_out_back)
{
	struct rig r;
	struct output *o;
	GError *err = NULL;
	struct stat before, after;
	char *report, *names;

	rig_init(&r);
	/* an earlier run: report.txt, r.json and j.xml all say "one" */
	o = stage(&r, true, "one");
	cr_assert(output_commit(o, &err), "%s", err ? err->message : "");
	output_free(o);
	cr_assert_eq(stat(r.json, &before), 0);

	o = stage(&r, true, "two");
	block_junit(&r);
	commit_fails_on_junit(o, &r);

	assert_text(r.json, "one");
	cr_assert_eq(stat(r.json, &after), 0);
	cr_assert_eq(after.st_ino, before.st_ino, "--json is the earlier file itself");
	report = g_build_filename(r.out, "report.txt", NULL);
	assert_text(report, "one");
	g_free(report);
	/* no temporary or earlier file left beside them */
	names = sorted_names(r.dir);
	cr_assert_str_eq(names, "j.xml o r.json");
	g_free(names);
	names = sorted_names(r.out);
	cr_assert_str_eq(names, ".bondsim-files report.txt");
	g_free(names);
	rig_fini(&r);
}

Test(output, failed_junit_rename_removes_a_new_json)
{
	struct rig r;
	struct output *o;
	char *names;

	rig_init(&r);
	o = stage(&r, false, "two");
	block_junit(&r);
	commit_fails_on_junit(o, &r);
	/* there was no r.json: there is none again */
	names = sorted_names(r.dir);
	cr_assert_str_eq(names, "j.xml");
	g_free(names);
	rig_fini(&r);
}

Test(output, commit_replaces_both_and_leaves_nothing_else)
{
	struct rig r;
	struct output *o;
	GError *err = NULL;
	char *names;

	rig_init(&r);
	cr_assert(g_file_set_contents(r.json, "one", -1, NULL));
	cr_assert(g_file_set_contents(r.junit, "one", -1, NULL));
	o = stage(&r, false, "two");
	cr_assert(output_commit(o, &err), "%s", err ? err->message : "");
	output_free(o);
	assert_text(r.json, "two");
	assert_text(r.junit, "two");
	names = sorted_names(r.dir);
	cr_assert_str_eq(names, "j.xml r.json");
	g_free(names);
	rig_fini(&r);
}

/* A commit of @rels (NULL-ended, each file saying its name) on --out, keeping @keep. */
static void commit_out(const struct rig *r, const char *const *rels, const char *keep,
		       const char *const *keep_listed_but)
{
	GError *err = NULL;
	struct output *o = output_new(r->out, &err);

	cr_assert_not_null(o, "%s", err ? err->message : "");
	if (keep)
		output_keep(o, keep);
	if (keep_listed_but)
		output_keep_listed(o, keep_listed_but);
	for (const char *const *rel = rels; *rel; rel++)
		cr_assert(output_add(o, *rel, *rel, strlen(*rel), &err), "%s", err ? err->message : "");
	cr_assert(output_commit(o, &err), "%s", err ? err->message : "");
	output_free(o);
}

static void assert_out(const struct rig *r, const char *names, const char *manifest)
{
	char *path = g_build_filename(r->out, ".bondsim-files", NULL);
	char *got = sorted_names(r->out);

	cr_assert_str_eq(got, names);
	assert_text(path, manifest);
	g_free(got);
	g_free(path);
}

/*
 * A sweep lists the file its run writes in place; merge keeps what the
 * sweep listed and removes only its own earlier files; the next sweep
 * removes the earlier one's, its run's file with them.
 */
Test(output, kept_files_are_listed_never_moved_and_stay)
{
	static const char *const sweep[] = { "runs.list", NULL };
	static const char *const merge_own[] = { "summary.txt", "summary.png", NULL };
	static const char *const merge1[] = { "summary.txt", "summary.png", NULL };
	static const char *const merge2[] = { "summary.txt", NULL };
	struct rig r;
	char *runs, *run;

	rig_init(&r);
	runs = g_build_filename(r.out, "runs", NULL);
	run = g_build_filename(runs, "000000.json", NULL);
	commit_out(&r, sweep, "runs/000000.json", NULL);
	assert_out(&r, ".bondsim-files runs.list", "runs.list\nruns/000000.json\n");
	/* the run writes its file in place */
	cr_assert_eq(g_mkdir(runs, 0755), 0);
	cr_assert(g_file_set_contents(run, "run", -1, NULL));
	commit_out(&r, merge1, NULL, merge_own);
	assert_out(&r, ".bondsim-files runs runs.list summary.png summary.txt",
		   "summary.txt\nsummary.png\nruns.list\nruns/000000.json\n");
	/* without the graph: the earlier merge's goes, the sweep's files stay */
	commit_out(&r, merge2, NULL, merge_own);
	assert_out(&r, ".bondsim-files runs runs.list summary.txt",
		   "summary.txt\nruns.list\nruns/000000.json\n");
	assert_text(run, "run");
	/* the next sweep: the earlier one's files go, its run's and runs/ with them */
	commit_out(&r, sweep, NULL, NULL);
	assert_out(&r, ".bondsim-files runs.list", "runs.list\n");
	rig_fini(&r);
	g_free(runs);
	g_free(run);
}

/*
 * An empty name ("--json $UNSET") is refused by the check before the run:
 * found only at the commit, the rename failed after stdout was written.
 */
Test(output, empty_named_path_refused_before_the_run)
{
	GError *err = NULL;
	struct output *o = output_new(NULL, &err);
	GPtrArray *rels = g_ptr_array_new();

	cr_assert_not_null(o);
	output_plan_named(o, "--json", "");
	cr_assert_not(output_check(o, rels, &err));
	cr_assert_not_null(err);
	cr_assert_str_eq(err->message,
			 "--json: which file? the name is empty: give a FILE, or - for standard output");
	g_error_free(err);
	g_ptr_array_free(rels, TRUE);
	output_free(o);
}
