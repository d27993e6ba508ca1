/*
 * rusage.c - rusage OUT CMD [ARGS...]: run CMD, then write to OUT one line:
 * its peak RSS in KiB, user and system CPU seconds and wall seconds.
 *
 * What /usr/bin/time -f "%M %U %S" gives, but to the microsecond: GNU
 * time prints two decimals, which made a 0.014 s run and a 0.006 s one both
 * 0.01 s, and the smallest points of bench/scaling.sh's graphs lay on that
 * floor.  A small C program for the same reason GNU time is one: the peak
 * RSS the kernel reports for CMD includes what its process held between
 * fork() and exec(), a copy of the parent; a Python parent would add 10 MB
 * to every run.  The wall time is from just before fork() to the end of
 * wait4().  Exits with CMD's status (127 when it cannot be run).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	FILE *out;
	int status;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: rusage OUT CMD [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	fprintf(out, "%ld %.6f %.6f %.6f\n", ru.ru_maxrss, seconds(ru.ru_utime), seconds(ru.ru_stime),
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	if (fclose(out) != 0) {
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		return 127;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}
