/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tamper.c: see tamper.h. The checksums are recomputed with tzsim's own sim_fnv1a. */
#include "tamper.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e_util.h"
#include "sim/shard.h"

static int fail(const char *what, const char *path) {
  fprintf(stderr, "tamper: %s: %s\n", path, what);
  return -1;
}

static int write_all(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return fail("cannot write", path);
  int bad = fwrite(data, 1, n, f) != n;
  if (fclose(f) != 0 || bad) return fail("cannot write", path);
  return 0;
}

int tamper_copy(const char *src, const char *dst) {
  char cmd[9000];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' && cp -r '%s' '%s'", dst, src, dst);
  e2e_result r = e2e_sh(cmd);
  int st = r.status;
  e2e_result_free(&r);
  return st == 0 ? 0 : fail("cannot copy", src);
}

/* Rewrite a JSON file with member key set to the JSON value (NULL: the value itself, decref'd). */
static int json_put(const char *path, const char *key, json_t *value) {
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  if (!root || !value || json_object_set_new(root, key, value) != 0) {
    json_decref(root);
    return fail("cannot edit as JSON", path);
  }
  int rc = json_dump_file(root, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  return rc == 0 ? 0 : fail("cannot write", path);
}

int tamper_json_set(const char *path, const char *key, const char *value) {
  json_error_t err;
  return json_put(path, key, json_loads(value, JSON_DECODE_ANY, &err));
}

static int hash_file(const char *dir, const char *name, uint64_t *h) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data) return e2e_exists(path) ? fail("cannot read", path) : 0; /* an absent file hashes as empty */
  *h = sim_fnv1a(*h, data, n);
  free(data);
  return 0;
}

int tamper_rehash(const char *dir) {
  uint64_t h = SIM_FNV1A_INIT;
  if (hash_file(dir, "rows.bin", &h) || hash_file(dir, "headline.bin", &h) || hash_file(dir, "extra.bin", &h))
    return -1;
  char path[4200], hex[32];
  snprintf(path, sizeof path, "%s/shard.json", dir);
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
  return json_put(path, "data_fnv1a64", json_string(hex));
}

int tamper_set_double(const char *dir, const char *name, size_t i, double v) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data || (i + 1) * sizeof v > n) {
    free(data);
    return fail("no such double", path);
  }
  memcpy(data + i * sizeof v, &v, sizeof v);
  int rc = write_all(path, data, n);
  free(data);
  return rc ? rc : tamper_rehash(dir);
}

int tamper_resize(const char *dir, const char *name, long delta) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data || (delta < 0 && (size_t)-delta > n)) {
    free(data);
    return fail("cannot resize", path);
  }
  size_t m = delta < 0 ? n - (size_t)-delta : n + (size_t)delta;
  char *out = calloc(m + 1, 1);
  if (!out) {
    free(data);
    return fail("out of memory", path);
  }
  memcpy(out, data, m < n ? m : n);
  int rc = write_all(path, out, m);
  free(out);
  free(data);
  return rc ? rc : tamper_rehash(dir);
}

int tamper_scenario(const char *dir, const char *from, const char *to) {
  char path[4200];
  snprintf(path, sizeof path, "%s/scenario.cfg", dir);
  size_t n = 0;
  char *text = e2e_slurp(path, &n);
  char *at = text ? strstr(text, from) : NULL;
  if (!at) {
    free(text);
    return fail("no such text", path);
  }
  size_t head = (size_t)(at - text), lf = strlen(from), lt = strlen(to), m = n - lf + lt;
  char *out = malloc(m + 1);
  if (!out) {
    free(text);
    return fail("out of memory", path);
  }
  memcpy(out, text, head);
  memcpy(out + head, to, lt);
  memcpy(out + head + lt, at + lf, n - head - lf);
  free(text);
  int rc = write_all(path, out, m);
  char hex[32];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sim_fnv1a(SIM_FNV1A_INIT, out, m));
  free(out);
  snprintf(path, sizeof path, "%s/shard.json", dir);
  return rc ? rc : json_put(path, "scenario_fnv1a64", json_string(hex));
}

int tamper_cut(const char *path, size_t bytes) {
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data || bytes > n) {
    free(data);
    return fail("cannot cut", path);
  }
  int rc = write_all(path, data, bytes);
  free(data);
  return rc;
}

/* The offset of the start of line (from 1), or the file's size if it has fewer lines. */
static size_t line_start(const char *text, size_t n, int line) {
  size_t at = 0;
  for (int l = 1; l < line && at < n; at++)
    if (text[at] == '\n') l++;
  return at;
}

int tamper_drop_line(const char *path, int line) {
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data) return fail("cannot read", path);
  size_t a = line_start(data, n, line), b = line_start(data, n, line + 1);
  if (a >= n) {
    free(data);
    return fail("no such line", path);
  }
  memmove(data + a, data + b, n - b);
  int rc = write_all(path, data, n - (b - a));
  free(data);
  return rc;
}

int tamper_csv_set(const char *path, int line, int col, const char *text) {
  size_t n = 0;
  char *data = e2e_slurp(path, &n);
  if (!data) return fail("cannot read", path);
  size_t a = line_start(data, n, line);
  for (int c = 0; c < col && a < n; a++)
    if (data[a] == ',') c++;
  size_t b = a;
  while (b < n && data[b] != ',' && data[b] != '\n') b++;
  if (a >= n) {
    free(data);
    return fail("no such field", path);
  }
  size_t lt = strlen(text), m = n - (b - a) + lt;
  char *out = malloc(m + 1);
  if (!out) {
    free(data);
    return fail("out of memory", path);
  }
  memcpy(out, data, a);
  memcpy(out + a, text, lt);
  memcpy(out + a + lt, data + b, n - b);
  int rc = write_all(path, out, m);
  free(out);
  free(data);
  return rc;
}
