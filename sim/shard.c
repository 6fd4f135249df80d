/* SPDX-License-Identifier: GPL-3.0-or-later */
/* shard.c: the manifest of a shard (shard.json), written and read back, and the reading, checking
 * and combining of a set of shards for `tzsim merge`. A shard folder comes from another node: every
 * field and every count is checked before it is used as a size, an index or a count. */
#include "sim/shard.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void sim_shard_slice(uint32_t replications, int k, int n, uint32_t *first, uint32_t *count) {
  uint64_t lo = (uint64_t)replications * (uint64_t)(k - 1) / (uint64_t)n;
  uint64_t hi = (uint64_t)replications * (uint64_t)k / (uint64_t)n;
  *first = (uint32_t)lo;
  *count = (uint32_t)(hi - lo);
}

/* A 64-bit checksum as JSON: 16 hex digits in a string (a JSON number loses bits above 2^53). */
static json_t *hex64(uint64_t h) {
  char hex[17];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
  return json_string(hex);
}

int sim_shard_write_info(FILE *f, const sim_shard_info *s) {
  json_t *root =
      json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:i, s:i, s:I, s:I, s:i, s:I, s:I, s:I, s:o, s:o, s:s}", "tool",
                "tzsim", "kind", "shard", "version", sim_json_text(s->version), "git_revision",
                sim_json_text(s->git_revision), "scenario_fnv1a64", hex64(s->scenario_hash), "seed",
                (json_int_t)s->seed, "replications", (json_int_t)s->replications, "shard", s->shard, "shards",
                s->shards, "first", (json_int_t)s->first, "count", (json_int_t)s->count, "steps", s->steps, "out_width",
                (json_int_t)s->out_width, "headline_width", (json_int_t)s->headline_width, "extra_width",
                (json_int_t)s->extra_width, "data_fnv1a64", hex64(s->data_hash), "wall_time_s",
                json_real(round(s->wall_time_s * 1000.0) / 1000.0), "format",
                "rows.bin: count x steps x out_width float64, headline.bin: count x headline_width float64, "
                "extra.bin: count x extra_width float64, native byte order");
  sim_errs e;
  sim_errs_init(&e);
  sim_status st = sim_json_write(f, root, "shard.json", &e); /* the caller reports a failure */
  sim_errs_destroy(&e);
  return st == SIM_OK ? 0 : -1;
}

/* A manifest being read: its path, its root object, and whether a field was refused. */
typedef struct {
  const char *path;
  const json_t *root;
  sim_errs *e;
  int bad;
} manifest;

static int get_int(manifest *m, const char *key, long long lo, long long hi, long long *out) {
  int ok = sim_json_int(m->root, m->path, key, lo, hi, 1, out, m->e) == 1;
  if (!ok) m->bad = 1;
  return ok;
}

static int get_str(manifest *m, const char *key, char *out, size_t n) {
  int ok = sim_json_str(m->root, m->path, key, out, n, 1, m->e) == 1;
  if (!ok) m->bad = 1;
  return ok;
}

/* A 64-bit hash written as 16 hexadecimal digits in a string. */
static int get_hex64(manifest *m, const char *key, uint64_t *out) {
  char text[32];
  if (!get_str(m, key, text, sizeof text)) return 0;
  int ok = strlen(text) == 16;
  for (int i = 0; i < 16 && ok; i++)
    ok = (text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f') || (text[i] >= 'A' && text[i] <= 'F');
  if (!ok) {
    sim_errs_add(m->e, m->path, 0, key, "'%s' is not a hash (expected 16 hexadecimal digits)", text);
    m->bad = 1;
    return 0;
  }
  *out = (uint64_t)strtoull(text, NULL, 16);
  return 1;
}

sim_status sim_shard_read_info(const char *dir, sim_shard_info *s, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/shard.json", dir);
  memset(s, 0, sizeof *s);
  struct stat sb;
  if (stat(path, &sb) != 0) {
    sim_errs_add(e, path, 0, NULL, "cannot read it (expected the folder of a run made with --shard K/N)");
    return SIM_EIO;
  }
  sim_status st;
  json_t *root = sim_json_read(path, SIM_JSON_MAX_BYTES, e, &st);
  if (!root) return st;
  manifest m = {path, root, e, 0};
  const json_t *tool = json_object_get(root, "tool"), *kind = json_object_get(root, "kind");
  if (!json_is_string(tool) || strcmp(json_string_value(tool), "tzsim") != 0 || !json_is_string(kind) ||
      strcmp(json_string_value(kind), "shard") != 0) {
    sim_errs_add(e, path, 0, "kind",
                 "not a tzsim shard manifest (expected the shard.json that tzsim run --shard writes)");
    json_decref(root);
    return SIM_EPARAM;
  }
  long long reps = 0, shard = 0, shards = 0, first = 0, count = 0, steps = 0, ow = 0, hw = 0, xw = 0;
  (void)get_str(&m, "version", s->version, sizeof s->version);
  (void)get_str(&m, "git_revision", s->git_revision, sizeof s->git_revision);
  (void)get_hex64(&m, "scenario_fnv1a64", &s->scenario_hash);
  (void)get_int(&m, "seed", LLONG_MIN, LLONG_MAX, &s->seed);
  int have_reps = get_int(&m, "replications", 1, UINT32_MAX, &reps);
  int have_shards = get_int(&m, "shards", 1, SIM_SHARD_MAX, &shards);
  /* The shard number is checked against the shard count this manifest gives. */
  const json_t *k = json_object_get(root, "shard");
  if (!have_shards) {
    m.bad = 1;
  } else if (!json_is_integer(k)) {
    sim_errs_add(e, path, 0, "shard", "%s%s (expected an integer from 1 to %lld, the shard count)", k ? "is " : "",
                 k ? sim_json_kind(k) : "missing", shards);
    m.bad = 1;
  } else if ((shard = (long long)json_integer_value(k)) < 1 || shard > shards) {
    sim_errs_add(e, path, 0, "shard", "%lld is out of range (expected 1 to %lld, the shard count)", shard, shards);
    m.bad = 1;
  }
  if (have_reps) {
    (void)get_int(&m, "first", 0, reps, &first);
    (void)get_int(&m, "count", 0, reps, &count);
  }
  (void)get_int(&m, "steps", 1, INT_MAX, &steps);
  (void)get_int(&m, "out_width", 1, LLONG_MAX, &ow);
  (void)get_int(&m, "headline_width", 0, LLONG_MAX, &hw);
  if (json_object_get(root, "extra_width")) (void)get_int(&m, "extra_width", 0, LLONG_MAX, &xw); /* absent: none */
  (void)get_hex64(&m, "data_fnv1a64", &s->data_hash);
  json_decref(root);
  if (m.bad || !have_reps || !have_shards) return SIM_EPARAM;
  s->replications = (uint32_t)reps;
  s->shard = (int)shard;
  s->shards = (int)shards;
  s->first = (uint32_t)first;
  s->count = (uint32_t)count;
  s->steps = (int)steps;
  s->out_width = (uint64_t)ow;
  s->headline_width = (uint64_t)hw;
  s->extra_width = (uint64_t)xw;
  return SIM_OK;
}

/* ---- a set of shards ---- */

/* Two manifests of one set must agree on a field: one message naming both otherwise. */
static int differs(const char *path, const char *key, unsigned long long got, unsigned long long want,
                   const char *other, const char *what, sim_errs *e) {
  if (got == want) return 0;
  sim_errs_add(e, path, 0, key, "%llu differs from %s (expected %llu, %s)", got, other, want, what);
  return 1;
}

/* A manifest field against what the scenario implies. */
static int mismatch(const char *path, const char *key, unsigned long long got, unsigned long long want,
                    const char *what, sim_errs *e) {
  if (got == want) return 0;
  sim_errs_add(e, path, 0, key, "%llu does not match the scenario (expected %llu, %s)", got, want, what);
  return 1;
}

sim_status sim_shard_check_set(const char *const *dirs, const sim_shard_info *info, int n, const sim_shard_expect *x,
                               sim_errs *e) {
  char path[4200], first[4200];
  snprintf(first, sizeof first, "%s/shard.json", dirs[0]);
  int bad = 0;
  /* Every shard must come from the same run: same scenario, seed, version and split. */
  for (int i = 1; i < n; i++) {
    const sim_shard_info *a = &info[0], *b = &info[i];
    snprintf(path, sizeof path, "%s/shard.json", dirs[i]);
    if (a->scenario_hash != b->scenario_hash) {
      sim_errs_add(e, path, 0, "scenario_fnv1a64",
                   "is a shard of another scenario than %s (expected shards of one run)", dirs[0]);
      bad = 1;
      continue;
    }
    if (strcmp(a->version, b->version) != 0 || strcmp(a->git_revision, b->git_revision) != 0) {
      sim_errs_add(e, path, 0, "version",
                   "%s (%s) is another version of tzsim than %s (expected shards of one run, %s (%s))", b->version,
                   b->git_revision, first, a->version, a->git_revision);
      bad = 1;
    }
    if (a->seed != b->seed) {
      sim_errs_add(e, path, 0, "seed", "%lld differs from %s (expected %lld, the same seed in every shard)", b->seed,
                   first, a->seed);
      bad = 1;
    }
    bad |= differs(path, "shards", (unsigned)b->shards, (unsigned)a->shards, first,
                   "the same shard count in every shard", e);
    bad |= differs(path, "replications", b->replications, a->replications, first,
                   "the same replications in every shard", e);
    bad |= differs(path, "steps", (unsigned)b->steps, (unsigned)a->steps, first, "the same months in every shard", e);
    bad |= differs(path, "out_width", b->out_width, a->out_width, first, "the same rows in every shard", e);
    bad |= differs(path, "headline_width", b->headline_width, a->headline_width, first,
                   "the same figures in every shard", e);
    bad |=
        differs(path, "extra_width", b->extra_width, a->extra_width, first, "the same cohort tables in every shard", e);
  }
  if (bad) return SIM_EPARAM;
  /* The set against its scenario (all manifests agree now: the first one speaks for all). */
  const sim_shard_info *a = &info[0];
  if (x->version && strcmp(a->version, x->version) != 0) {
    sim_errs_add(e, first, 0, "version", "was made by tzsim %s (expected shards of this version, %s)", a->version,
                 x->version);
    bad = 1;
  }
  if (a->scenario_hash != x->scenario_hash) {
    sim_errs_add(e, first, 0, "scenario_fnv1a64", "%016llx does not match the shard's scenario.cfg (expected %016llx)",
                 (unsigned long long)a->scenario_hash, (unsigned long long)x->scenario_hash);
    bad = 1;
  }
  if (a->seed != x->seed) {
    sim_errs_add(e, first, 0, "seed", "%lld does not match the scenario (expected %lld, as scenario.cfg says)", a->seed,
                 x->seed);
    bad = 1;
  }
  bad |= mismatch(first, "replications", a->replications, x->replications, "as scenario.cfg says", e);
  bad |= mismatch(first, "steps", (unsigned)a->steps, (unsigned)x->steps, "the months scenario.cfg reports", e);
  bad |= mismatch(first, "out_width", a->out_width, x->out_width, "the doubles of a month's row in this scenario", e);
  bad |= mismatch(first, "headline_width", a->headline_width, x->headline_width,
                  "the headline figures of this scenario", e);
  bad |= mismatch(first, "extra_width", a->extra_width, x->extra_width, "the cohort tables of this scenario", e);
  if (bad) return SIM_EPARAM;
  /* Each shard holds exactly its slice, and every shard is there once. */
  int shards = a->shards;
  int *seen = calloc((size_t)shards + 1, sizeof *seen);
  if (!seen) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory while checking the shards");
    return SIM_ENOMEM;
  }
  for (int i = 0; i < n; i++) {
    const sim_shard_info *b = &info[i];
    snprintf(path, sizeof path, "%s/shard.json", dirs[i]);
    uint32_t f, c;
    sim_shard_slice(b->replications, b->shard, shards, &f, &c);
    if (b->first != f || b->count != c) {
      sim_errs_add(e, path, 0, b->first != f ? "first" : "count",
                   "first %u and count %u are not shard %d/%d's slice (expected first %u and count %u of %u "
                   "replications)",
                   b->first, b->count, b->shard, shards, f, c, b->replications);
      bad = 1;
    }
    if (seen[b->shard]) {
      sim_errs_add(e, dirs[i], 0, NULL, "is shard %d/%d again (expected each shard once; also in %s)", b->shard, shards,
                   dirs[seen[b->shard] - 1]);
      bad = 1;
    } else {
      seen[b->shard] = i + 1;
    }
  }
  for (int k = 1; k <= shards && !bad; k++)
    if (!seen[k]) {
      sim_errs_add(e, "merge", 0, NULL, "shard %d/%d is missing (expected all %d shards of the run)", k, shards,
                   shards);
      bad = 1;
    }
  free(seen);
  return bad ? SIM_EPARAM : SIM_OK;
}

/* a * b, or 0 if it overflows size_t. */
static int mul_size(size_t a, size_t b, size_t *out) {
  if (b && a > SIZE_MAX / b) return 0;
  *out = a * b;
  return 1;
}

/* Open a data file of a shard, whose size must be exactly what its manifest implies. */
static FILE *open_data(const char *dir, const char *name, size_t bytes, const char *how, sim_errs *e) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  struct stat sb;
  FILE *f = sim_fopen_regular(path, &sb);
  if (!f) {
    sim_errs_add(e, path, 0, NULL, "cannot read it: %s (expected a complete shard folder)",
                 errno == EINVAL ? "not a regular file" : strerror(errno));
    return NULL;
  }
  if (sb.st_size < 0 || (unsigned long long)sb.st_size != bytes) {
    sim_errs_add(e, path, 0, NULL, "has %lld bytes (expected %zu: %s, as shard.json says)", (long long)sb.st_size,
                 bytes, how);
    (void)fclose(f);
    return NULL;
  }
  return f;
}

/* One replication's rows: every count of persons a whole number from 0 to its bound. Returns 0 and
 * one message naming the file, the replication, the month and the cell at the first bad one. */
static int check_rows(const char *dir, uint32_t rep, const double *rows, const sim_shard_expect *x, sim_errs *e) {
  const sim_layout *l = x->layout;
  if (!l || !x->metric_bound) return 1;
  size_t cells = (size_t)l->n_groups * (size_t)l->n_arms;
  for (int s = 0; s < x->steps; s++)
    for (size_t c = 0; c < cells; c++) {
      const double *row = rows + (size_t)s * x->out_width + c * (size_t)l->n_metrics;
      for (int m = 0; m < l->n_metrics; m++) {
        int b = x->metric_bound[m];
        if (b == SIM_SHARD_ANY) continue;
        double v = row[m], max = b == SIM_SHARD_POPULATION ? x->max_count : row[b], q = v / x->unit;
        if (isfinite(v) && v >= 0 && v <= max && fabs(q - nearbyint(q)) <= 1e-6 * fmax(1.0, q)) continue;
        char path[4200], whole[64];
        snprintf(path, sizeof path, "%s/rows.bin", dir);
        if (x->unit == 1.0)
          snprintf(whole, sizeof whole, "a whole number");
        else
          snprintf(whole, sizeof whole, "a multiple of the scale %g", x->unit);
        int month = (int)l->first_month + s;
        sim_errs_add(e, path, 0, l->metric_names[m],
                     "%g in replication %u, %04d-%02d, %s, %s is not a count of persons (expected %s from 0 to %g, the "
                     "%s)",
                     v, rep + 1, month / 12, month % 12 + 1, l->group_names[c / (size_t)l->n_arms],
                     l->arm_names[c % (size_t)l->n_arms], whole, max,
                     b == SIM_SHARD_POPULATION ? "most persons the scenario can hold" : l->metric_names[b]);
        return 0;
      }
    }
  return 1;
}

/* Read one shard (the manifest checked) into r, in replication order. */
static sim_status read_shard(const char *dir, const sim_shard_info *info, const sim_shard_expect *x, double *rows,
                             double *extra, sim_run_result *r, sim_errs *e) {
  size_t rep_doubles, rep_rows, rep_head, rep_extra, all_rows, all_head, all_extra;
  if (!mul_size((size_t)x->steps, (size_t)x->out_width, &rep_doubles) ||
      !mul_size(rep_doubles, sizeof(double), &rep_rows) ||
      !mul_size((size_t)x->headline_width, sizeof(double), &rep_head) ||
      !mul_size((size_t)x->extra_width, sizeof(double), &rep_extra) || !mul_size(info->count, rep_rows, &all_rows) ||
      !mul_size(info->count, rep_head, &all_head) || !mul_size(info->count, rep_extra, &all_extra)) {
    sim_errs_add(e, dir, 0, NULL, "its data would not fit in memory (expected a shard of a run this machine can hold)");
    return SIM_ENOMEM;
  }
  FILE *fr = open_data(dir, "rows.bin", all_rows, "count x steps x out_width doubles", e);
  FILE *fh = fr ? open_data(dir, "headline.bin", all_head, "count x headline_width doubles", e) : NULL;
  FILE *fx = fh && x->extra_width ? open_data(dir, "extra.bin", all_extra, "count x extra_width doubles", e) : NULL;
  double *heads = fh ? malloc(all_head + sizeof(double)) : NULL;
  sim_status st = SIM_OK;
  if (!fr || !fh || (x->extra_width && !fx))
    st = SIM_EPARAM;
  else if (!heads) {
    sim_errs_add(e, dir, 0, NULL, "out of memory while reading its headline figures");
    st = SIM_ENOMEM;
  }
  int ok = st == SIM_OK && heads && fread(heads, 1, all_head, fh) == all_head;
  uint64_t h = SIM_FNV1A_INIT;
  /* A bad value stops the combining but not the reading: a shard damaged by accident is then told
   * by its checksum (rerun it), a consistent one with impossible values by the value. */
  sim_errs values;
  sim_errs_init(&values);
  for (uint32_t k = 0; k < info->count && ok; k++) {
    ok = fread(rows, 1, rep_rows, fr) == rep_rows;
    if (!ok) break;
    h = sim_fnv1a(h, rows, rep_rows);
    if (values.count || !check_rows(dir, info->first + k, rows, x, &values)) continue;
    if (r->replications >= x->replications) { /* unreachable once the slices are checked; never write past them */
      sim_errs_add(&values, dir, 0, "count", "holds more replications than the run (expected %u in all)",
                   x->replications);
      continue;
    }
    sim_result_add_replication(r, rows, heads + (size_t)k * x->headline_width);
  }
  if (ok) h = sim_fnv1a(h, heads, all_head);
  /* The extra vectors, one replication at a time, after the rows and headline figures: NaN marks a
   * missing value (skipped). The cohort tables hold percentages, differences of percentages and
   * persons (at most one per agent slot and month), never an infinity. */
  double extra_max = x->max_count > 0 ? fmax(100.0, x->max_count * ((double)x->steps + 1.0)) : (double)INFINITY;
  for (uint32_t k = 0; k < info->count && ok && st == SIM_OK && x->extra_width; k++) {
    ok = fread(extra, 1, rep_extra, fx) == rep_extra;
    if (!ok) break;
    h = sim_fnv1a(h, extra, rep_extra);
    for (size_t c = 0; c < x->extra_width && !values.count; c++)
      if (!isnan(extra[c]) && !(extra[c] >= -100 && extra[c] <= extra_max)) {
        char path[4200];
        snprintf(path, sizeof path, "%s/extra.bin", dir);
        sim_errs_add(&values, path, 0, NULL,
                     "%g at value %zu of replication %u is not a cohort statistic (expected NaN or a number from -100 "
                     "to "
                     "%g: percentages, percentage points, or persons over the horizon)",
                     extra[c], c + 1, info->first + k + 1, extra_max);
      }
    if (!values.count) sim_result_add_extra(r, extra);
  }
  free(heads);
  if (fr) (void)fclose(fr);
  if (fh) (void)fclose(fh);
  if (fx) (void)fclose(fx);
  if (st == SIM_OK && (!ok || h != info->data_hash)) {
    sim_errs_add(e, dir, 0, NULL, "its data does not match its checksum (expected an intact shard: rerun it)");
    st = SIM_EPARAM;
  } else if (st == SIM_OK && values.count) {
    for (size_t i = 0; i < values.count; i++) sim_errs_add_raw(e, values.msg[i]);
    st = SIM_EPARAM;
  }
  sim_errs_destroy(&values);
  return st;
}

sim_status sim_shard_merge(const char *const *dirs, int n, const sim_shard_expect *x, sim_run_result *r, sim_errs *e) {
  memset(r, 0, sizeof *r);
  if (n < 1) {
    sim_errs_add(e, "merge", 0, NULL, "no shard folder (expected the folders of every shard of a run)");
    return SIM_EPARAM;
  }
  sim_shard_info *info = calloc((size_t)n, sizeof *info);
  int *order = calloc((size_t)n, sizeof *order);
  if (!info || !order) {
    free(info);
    free(order);
    sim_errs_add(e, NULL, 0, NULL, "out of memory while reading the shards");
    return SIM_ENOMEM;
  }
  sim_status st = SIM_OK;
  for (int i = 0; i < n; i++) {
    sim_status s = sim_shard_read_info(dirs[i], &info[i], e);
    if (s != SIM_OK && st != SIM_EPARAM) st = s == SIM_EIO ? SIM_EPARAM : s; /* a missing shard.json is bad input */
  }
  if (st == SIM_OK) st = sim_shard_check_set(dirs, info, n, x, e);
  /* Now every shard number is in [1, n] exactly once (n shards of n): read them in replication order. */
  size_t rep_doubles = 0;
  double *rows = NULL, *extra = NULL;
  if (st == SIM_OK &&
      (!mul_size((size_t)x->steps, (size_t)x->out_width, &rep_doubles) ||
       !(rows = malloc((rep_doubles + 1) * sizeof *rows)) ||
       !(extra = malloc(((size_t)x->extra_width + 1) * sizeof *extra)) ||
       sim_result_begin(r, x->replications, x->steps, (size_t)x->out_width, (size_t)x->headline_width) != SIM_OK ||
       sim_result_begin_extra(r, (size_t)x->extra_width) != SIM_OK)) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the merged result");
    st = SIM_ENOMEM;
  }
  for (int i = 0; i < n && st == SIM_OK; i++) order[info[i].shard - 1] = i;
  for (int k = 0; k < n && st == SIM_OK; k++) st = read_shard(dirs[order[k]], &info[order[k]], x, rows, extra, r, e);
  free(rows);
  free(extra);
  free(order);
  free(info);
  if (st != SIM_OK) sim_run_result_free(r);
  return st;
}
