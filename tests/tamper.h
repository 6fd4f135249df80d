/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tamper.h: edits a real shard folder or result folder the way an attacker would, and recomputes
 * whatever checksum or hash the folder carries (shard.json's data_fnv1a64 over rows.bin,
 * headline.bin and extra.bin; its scenario_fnv1a64 over scenario.cfg), so that only the field and
 * value checks of tzsim can catch the change, never the checksum. Every function returns 0, or -1
 * (with a line on stderr) if the folder could not be edited: a test asserts the 0. */
#ifndef TEST_TAMPER_H
#define TEST_TAMPER_H
#include <stddef.h>

/* A copy of folder src at dst (dst removed first). */
int tamper_copy(const char *src, const char *dst);
/* Set member key of the JSON object in file path (rewritten with jansson, members in order) to the
 * JSON text value, e.g. "9", "-100000", "\"2\"". */
int tamper_json_set(const char *path, const char *key, const char *value);
/* Overwrite the double at index i of dir/name (native byte order), then rehash the shard. */
int tamper_set_double(const char *dir, const char *name, size_t i, double v);
/* Cut (delta < 0) or extend with zero bytes (delta > 0) dir/name, then rehash the shard. */
int tamper_resize(const char *dir, const char *name, long delta);
/* Recompute shard.json's data_fnv1a64 from the data files as they are now. */
int tamper_rehash(const char *dir);
/* Replace the first occurrence of from by to in dir/scenario.cfg, then recompute shard.json's
 * scenario_fnv1a64 (the hash of the resolved scenario it carries). */
int tamper_scenario(const char *dir, const char *from, const char *to);
/* Text files of a result folder (no checksum): cut the file to its first `bytes` bytes; keep only
 * the lines for which keep(line number from 1) is nonzero; replace field col (from 0) of line
 * (from 1) of a CSV file by text. */
int tamper_cut(const char *path, size_t bytes);
int tamper_drop_line(const char *path, int line);
int tamper_csv_set(const char *path, int line, int col, const char *text);

#endif
