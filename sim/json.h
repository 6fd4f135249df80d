/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.h: every JSON file tzsim writes or reads goes through jansson. Writing: build a json_t tree
 * (objects keep their insertion order) and hand it to sim_json_write, the one place that decides
 * the bytes. Reading: untrusted manifests, typed member by member. No engine here. */
#ifndef SIM_JSON_H
#define SIM_JSON_H
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "sim/errs.h"

/* shard.json and the other JSON manifests are a few kilobytes; anything larger is not ours. */
#define SIM_JSON_MAX_BYTES (1u << 20)

/* The dump flags of every file: two-space indent, keys in insertion order; sim_json_dumps then
 * rewrites each real in its shortest form that reads back to the same double. */
#define SIM_JSON_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17))

/* ---- writing ---- */

/* A number: a real, or null for NaN and the infinities (JSON has no such numbers). */
json_t *sim_json_num(double v);
/* A string from any bytes: each byte that is not valid UTF-8 becomes U+FFFD (jansson refuses
 * invalid UTF-8). NULL only when out of memory. */
json_t *sim_json_text(const char *s);
/* Set key (any bytes, as sim_json_text) of object o to v, stealing v; on any failure (o or v NULL,
 * out of memory) both are released and NULL is returned, so a tree being built becomes NULL and
 * sim_json_write reports it. */
json_t *sim_json_put(json_t *o, const char *key, json_t *v);
/* Append v to array a, the same way. */
json_t *sim_json_push(json_t *a, json_t *v);
/* The text of root as every file has it (SIM_JSON_FLAGS, then each real in its shortest round-trip
 * form with ".0" when whole: 0.1, 6.567, 2.0), malloc'd; NULL when out of memory. */
char *sim_json_dumps(const json_t *root);
/* Write root to f followed by a newline, then release root (also when it is NULL: a tree that
 * could not be built for lack of memory, SIM_ENOMEM with a message naming what). */
sim_status sim_json_write(FILE *f, json_t *root, const char *what, sim_errs *e);

/* ---- reading ---- */

/* A JSON file of untrusted origin, parsed with jansson: refused (NULL, one message, *st set) if it
 * is unreadable, larger than max_bytes, not JSON or not an object. Free with json_decref. */
json_t *sim_json_read(const char *path, size_t max_bytes, sim_errs *e, sim_status *st);
/* Typed members of a JSON object read from path: 1 and *out set; 0 if absent and not required;
 * -1 with one message naming path and key if absent and required, of another type, out of
 * [lo, hi], or (strings) longer than n - 1 bytes or holding a control character. */
int sim_json_int(const json_t *obj, const char *path, const char *key, long long lo, long long hi, int required,
                 long long *out, sim_errs *e);
/* How a JSON value's type reads in a message ("an object", "a string"...). */
const char *sim_json_kind(const json_t *v);
int sim_json_str(const json_t *obj, const char *path, const char *key, char *out, size_t n, int required, sim_errs *e);

#endif
