/*
 * readfile.c - reading an input file that a user named, without surprises.
 *
 * DOC: Scenarios, their @file includes and `bondsim hash --frames` read
 * files a user names, and a user can name anything: /dev/zero (endless), a
 * FIFO nobody writes to (open() would wait for ever), a directory, a 4 GB
 * log.  sim_read_file() opens without blocking, refuses a directory, and
 * reads at most @max bytes: past that the file is refused with its size
 * limit, so no input eats memory or hangs the run.  A FIFO with no writer
 * reads as empty.
 *
 * Every reader takes text, so the checks for text are made here once: a NUL
 * byte would end the C string early and drop the rest of the file without a
 * word, and a UTF-8 byte order mark, which Windows editors write, is
 * invisible in the error it would cause on line 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sim.h"

gboolean sim_text_check(const char *name, char *text, gsize *len, GError **error)
{
	const char *nul = memchr(text, '\0', *len);

	if (nul) {
		int line = 1;

		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_PARSE,
			    "%s:%d: a NUL byte: this is not a text file", name, line);
		return FALSE;
	}
	if (*len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		memmove(text, text + 3, *len - 3 + 1);
		*len -= 3;
	}
	return TRUE;
}

gboolean sim_read_file(const char *path, gsize max, char **text, gsize *len, GError **error)
{
	GString *s;
	struct stat st;
	char buf[65536];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: %s", path,
			    g_strerror(errno));
		return FALSE;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
			    "%s: is a directory, not a file", path);
		return FALSE;
	}
	/* Opened: from now on reads may wait for data, as any reader would. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	s = g_string_new(NULL);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = errno;

			close(fd);
			g_string_free(s, TRUE);
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO, "%s: %s", path,
				    g_strerror(err));
			return FALSE;
		}
		if (n == 0)
			break;
		if (s->len + (gsize)n > max) {
			close(fd);
			g_string_free(s, TRUE);
			g_set_error(error, BONDSIM_ERROR, BONDSIM_ERROR_IO,
				    "%s: larger than %" G_GSIZE_FORMAT " MiB, the most bondsim reads "
				    "from one input file", path, max >> 20);
			return FALSE;
		}
		g_string_append_len(s, buf, n);
	}
	close(fd);
	if (!sim_text_check(path, s->str, &s->len, error)) {
		g_string_free(s, TRUE);
		return FALSE;
	}
	if (len)
		*len = s->len;
	*text = g_string_free(s, FALSE);
	return TRUE;
}
