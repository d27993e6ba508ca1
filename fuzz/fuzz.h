/*
 * fuzz.h - the fuzz targets: one table, one libFuzzer binary per entry.
 *
 * DOC: Every parser bondsim has is a target: a name (also the folder of
 * its seeds, fuzz/corpus/<name>/, and of its kept crashes,
 * fuzz/regressions/<name>/) and a function that takes one input and must
 * neither crash, trip a sanitizer, leak, nor take its time.  The table is
 * in fuzz.c; a new parser (LACPDU, Marker, TCP ...) joins with one entry
 * there, and the Makefile and fuzz/run.sh find it by themselves.  See
 * fuzz/README.md.
 */
#ifndef BONDSIM_FUZZ_H
#define BONDSIM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_target {
	const char *name;	/* [a-z0-9_]+: binary fuzz-<name>, corpus folder */
	const char *what;	/* one line for `fuzz-<name> -help=1` and the README */
	void (*one_input)(const uint8_t *data, size_t size);
};

/* The table (fuzz.c), ended by a NULL name. */
extern const struct fuzz_target fuzz_targets[];

/* A broken promise of the code under test: says what and aborts, which
 * libFuzzer reports as a crash and keeps the input. */
void fuzz_fail(const char *target, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* fuzz_text.c: what users write */
void fuzz_scenario(const uint8_t *data, size_t size);
void fuzz_bond_options(const uint8_t *data, size_t size);
void fuzz_modprobe(const uint8_t *data, size_t size);
void fuzz_ifcfg(const uint8_t *data, size_t size);
void fuzz_networkd(const uint8_t *data, size_t size);
void fuzz_nm(const uint8_t *data, size_t size);
void fuzz_interfaces(const uint8_t *data, size_t size);
void fuzz_netplan(const uint8_t *data, size_t size);
void fuzz_hash_cmd(const uint8_t *data, size_t size);

/* fuzz_frames.c: what arrives on a wire */
void fuzz_dissect(const uint8_t *data, size_t size);
void fuzz_host_rx(const uint8_t *data, size_t size);
void fuzz_bond_hash(const uint8_t *data, size_t size);
void fuzz_lag_hash(const uint8_t *data, size_t size);

/* fuzz_lacp.c: slow protocols */
void fuzz_lacpdu(const uint8_t *data, size_t size);
void fuzz_marker(const uint8_t *data, size_t size);

/* fuzz_ios.c: a switch configured in IOS syntax */
void fuzz_ios(const uint8_t *data, size_t size);

/* fuzz_tcp.c: segments into a host's TCP */
void fuzz_tcp(const uint8_t *data, size_t size);

#endif
