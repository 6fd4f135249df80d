/* SPDX-License-Identifier: GPL-3.0-or-later */
/* checkpoint.c: writing checkpoint files and checking what they say before anything uses it (the
 * model writes and checks its own state inside). */
#include "sim/checkpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim/calendar.h"
#include "sim/hash.h"
#include "sim/outdir.h"

sim_status sim_ckpt_begin(FILE *f, const sim_ckpt_header *h, const char *prefix, size_t len) {
  sim_ckpt_header hh = *h;
  hh.prefix_len = len;
  if (fwrite(SIM_CKPT_MAGIC, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) ||
      fwrite(&hh, sizeof hh, 1, f) != 1 || (len && fwrite(prefix, 1, len, f) != len))
    return SIM_EIO;
  return SIM_OK;
}

/* FNV-1a of the first n bytes of f. */
static int checksum(FILE *f, long n, uint64_t *out) {
  unsigned char buf[1 << 16];
  uint64_t h = SIM_FNV1A_INIT;
  if (fseek(f, 0, SEEK_SET) != 0) return -1;
  for (long done = 0; done < n;) {
    size_t want = (size_t)(n - done) < sizeof buf ? (size_t)(n - done) : sizeof buf;
    if (fread(buf, 1, want, f) != want) return -1;
    h = sim_fnv1a(h, buf, want);
    done += (long)want;
  }
  *out = h;
  return 0;
}

sim_status sim_ckpt_finish(FILE *f, const sim_stats_acc *acc, size_t cells) {
  if (cells && fwrite(acc, sizeof *acc, cells, f) != cells) return SIM_EIO;
  if (fflush(f) != 0) return SIM_EIO;
  long n = ftell(f);
  uint64_t h;
  if (n < 0 || checksum(f, n, &h) != 0 || fseek(f, 0, SEEK_END) != 0 || fwrite(&h, sizeof h, 1, f) != 1) return SIM_EIO;
  return fflush(f) == 0 ? SIM_OK : SIM_EIO;
}

sim_status sim_ckpt_open_stream(FILE *f, const char *path, sim_ckpt_header *h, long *size, char **prefix, sim_errs *e) {
  char magic[sizeof SIM_CKPT_MAGIC] = "";
  *size = -1;
  *prefix = NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (*size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  if (*size < SIM_CKPT_PREFIX_AT + 8 || fread(magic, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) ||
      memcmp(magic, SIM_CKPT_MAGIC, strlen(SIM_CKPT_MAGIC)) != 0 || fread(h, sizeof *h, 1, f) != 1) {
    sim_errs_add(e, path, 0, "--from",
                 "not a tzsim checkpoint of this format (expected a file written by tzsim run --checkpoint-at)");
    return SIM_EPARAM;
  }
  uint64_t stored = 0, computed = 0;
  if (fseek(f, *size - 8, SEEK_SET) != 0 || fread(&stored, sizeof stored, 1, f) != 1 ||
      checksum(f, *size - 8, &computed) != 0 || stored != computed) {
    sim_errs_add(e, path, 0, "--from",
                 "its checksum does not match (expected an intact checkpoint file: it is damaged or incomplete)");
    return SIM_EPARAM;
  }
  /* The prefix text lies within the file: its length bounds the allocation. */
  uint64_t room = (uint64_t)(*size - 8 - SIM_CKPT_PREFIX_AT);
  if (h->prefix_len > room) {
    sim_errs_add(e, path, 0, "--from", "header field prefix_len is %llu (expected at most %llu, what the file holds)",
                 (unsigned long long)h->prefix_len, (unsigned long long)room);
    return SIM_EPARAM;
  }
  if (!(*prefix = malloc((size_t)h->prefix_len + 1))) {
    sim_errs_add(e, path, 0, "--from", "out of memory for its %llu bytes of prefix text",
                 (unsigned long long)h->prefix_len);
    return SIM_ENOMEM;
  }
  if (fseek(f, SIM_CKPT_PREFIX_AT, SEEK_SET) != 0 ||
      (h->prefix_len && fread(*prefix, 1, (size_t)h->prefix_len, f) != h->prefix_len)) {
    free(*prefix);
    *prefix = NULL;
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  (*prefix)[h->prefix_len] = '\0';
  return SIM_OK;
}

sim_status sim_ckpt_open(const char *path, sim_ckpt_header *h, long *size, char **prefix, FILE **out, sim_errs *e) {
  *out = NULL;
  *prefix = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a checkpoint written by tzsim run --checkpoint-at)");
    return SIM_EIO;
  }
  sim_status st = sim_ckpt_open_stream(f, path, h, size, prefix, e);
  if (st != SIM_OK) {
    (void)fclose(f);
    return st;
  }
  *out = f;
  return SIM_OK;
}

/* A month index as YYYY-MM when it is a plausible date, else as a number. */
static void month_text(int32_t m, char buf[16]) {
  if (m >= 0 && m < 10000 * 12)
    sim_cal_format(m, buf);
  else
    snprintf(buf, 16, "%ld", (long)m);
}

/* One line of a prefix text as printable text of at most 80 characters (the checkpoint's is untrusted). */
static void shown(const char *line, size_t n, char out[96]) {
  size_t k = 0;
  for (size_t i = 0; i < n && k < 80; i++) {
    unsigned char c = (unsigned char)line[i];
    char shown_char = line[i];
    if (c < 0x20 || c >= 0x7f) shown_char = '?';
    out[k++] = shown_char;
  }
  if (n > 80) {
    memcpy(out + k, "...", 3);
    k += 3;
  }
  out[k] = '\0';
}

/* The first "key=value" line where the two texts differ: "key (here V, in the checkpoint W)". */
static void first_difference(const char *ours, const char *theirs, char *out, size_t len) {
  while (*ours || *theirs) {
    size_t a = strcspn(ours, "\n"), b = strcspn(theirs, "\n");
    if (a != b || memcmp(ours, theirs, a) != 0) {
      const char *eq_a = memchr(ours, '=', a), *eq_b = memchr(theirs, '=', b);
      size_t ka = eq_a ? (size_t)(eq_a - ours) : a, kb = eq_b ? (size_t)(eq_b - theirs) : b;
      char k[96], v[96], w[96];
      shown(ours, ka, k);
      shown(eq_a ? eq_a + 1 : "", eq_a ? a - ka - 1 : 0, v);
      if (!a) {
        shown(theirs, kb, k);
        snprintf(out, len, "first key that differs: %s (absent here, in the checkpoint only)", k);
      } else if (eq_b && ka == kb && memcmp(ours, theirs, ka) == 0) {
        shown(eq_b + 1, b - kb - 1, w);
        snprintf(out, len, "first key that differs: %s (here %s, in the checkpoint %s)", k, v, w);
      } else {
        shown(theirs, kb, w);
        snprintf(out, len, "first key that differs: %s (here %s; the checkpoint has %s in its place)", k, v,
                 b ? w : "nothing");
      }
      return;
    }
    ours += a + (ours[a] == '\n');
    theirs += b + (theirs[b] == '\n');
  }
  snprintf(out, len, "its prefix text is the same but not its fingerprint");
}

sim_status sim_ckpt_check_header(const char *path, const sim_ckpt_header *h, const char *prefix,
                                 const sim_ckpt_expect *x, sim_errs *e) {
  char date[16], lo[16], hi[16];
  month_text(h->date, date);
  month_text(x->start + 1, lo);
  month_text(x->start + x->months - 1, hi);
  /* In 64 bits: the date is any int32 until checked. */
  int64_t before = (int64_t)h->date - x->start, step = x->burn_in + before;
#define BAD(...)                                                                                                       \
  do {                                                                                                                 \
    sim_errs_add(e, path, 0, "--from", __VA_ARGS__);                                                                   \
    return SIM_EPARAM;                                                                                                 \
  } while (0)
  /* The strings were written NUL-padded: anything else is not ours. */
  if (strncmp(h->version, x->version, sizeof h->version) != 0 ||
      strncmp(h->git_revision, x->git_revision, sizeof h->git_revision) != 0 ||
      !memchr(h->version, 0, sizeof h->version) || !memchr(h->git_revision, 0, sizeof h->git_revision))
    BAD("was written by another version of tzsim (expected a checkpoint of tzsim %s %s; header field version is "
        "\"%.31s\", git_revision \"%.31s\")",
        x->version, x->git_revision, memchr(h->version, 0, sizeof h->version) ? h->version : "?",
        memchr(h->git_revision, 0, sizeof h->git_revision) ? h->git_revision : "?");
  if (h->replications != x->replications)
    BAD("header field replications is %lu (expected %lu, this scenario's replications)", (unsigned long)h->replications,
        (unsigned long)x->replications);
  if (h->seed != x->seed)
    BAD("header field seed is %lld (expected %lld, this scenario's seed)", (long long)h->seed, (long long)x->seed);
  if (h->date <= x->start || h->date >= x->start + x->months)
    BAD("header field date is %s, outside this scenario's horizon (expected a month from %s to %s)", date, lo, hi);
  if (h->step != step)
    BAD("header field step is %ld (expected %lld, the engine step of its date %s with %ld burn-in months)",
        (long)h->step, (long long)step, date, (long)x->burn_in);
  if (h->reported_before != before)
    BAD("header field reported_before is %ld (expected %lld, the reported months before its date %s)",
        (long)h->reported_before, (long long)before, date);
  if (h->out_width != x->out_width)
    BAD("header field out_width is %llu (expected %llu, the monthly columns of this scenario)",
        (unsigned long long)h->out_width, (unsigned long long)x->out_width);
  if (h->prefix_hash != x->prefix_hash) {
    char diff[512];
    first_difference(x->prefix, prefix, diff, sizeof diff);
    BAD("comes from a scenario that differs before its date: %s (expected a checkpoint of this scenario's first "
        "months; "
        "checkpoint date %s)",
        diff, date);
  }
#undef BAD
  return SIM_OK;
}

sim_status sim_ckpt_read_stats(FILE *f, const char *path, const sim_ckpt_header *h, long size, sim_stats_acc **acc,
                               sim_errs *e) {
  *acc = NULL;
  long at = ftell(f);
  /* Checked arithmetic: the header fields are already equal to the scenario's, but nothing here
   * may rely on that to stay in bounds. */
  uint64_t cells = 0, bytes = 0;
  if (at < 0 || h->reported_before < 0 || __builtin_mul_overflow((uint64_t)h->reported_before, h->out_width, &cells) ||
      __builtin_mul_overflow(cells, (uint64_t)sizeof **acc, &bytes) || bytes > (uint64_t)(size - 8) ||
      (uint64_t)(size - 8) - bytes != (uint64_t)at) {
    uint64_t want = 0;
    int known =
        at >= 0 && !__builtin_add_overflow((uint64_t)at, bytes, &want) && !__builtin_add_overflow(want, 8u, &want);
    sim_errs_add(e, path, 0, "--from",
                 "the file is %ld bytes (expected %llu: the header, %lu replication states and %ld months x %llu "
                 "monthly "
                 "statistics, and the checksum; it is truncated or has extra bytes)",
                 size, known ? (unsigned long long)want : 0ULL, (unsigned long)h->replications,
                 (long)h->reported_before, (unsigned long long)h->out_width);
    return SIM_EPARAM;
  }
  *acc = malloc((size_t)(cells ? cells : 1) * sizeof **acc);
  if (!*acc) {
    sim_errs_add(e, path, 0, "--from", "out of memory for the checkpoint's %llu statistics", (unsigned long long)cells);
    return SIM_ENOMEM;
  }
  if (cells && fread(*acc, sizeof **acc, (size_t)cells, f) != (size_t)cells) {
    free(*acc);
    *acc = NULL;
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  for (uint64_t c = 0; c < cells; c++) {
    const sim_stats_acc *a = &(*acc)[c];
    /* Monthly values are counts and money, never NaN; Welford's m2 never decreases from 0. */
    if (a->n != (double)h->replications || !isfinite(a->mean) || !isfinite(a->m2) || a->m2 < 0) {
      sim_errs_add(e, path, 0, "--from",
                   "monthly statistic %llu (month %llu, column %llu) is n=%g mean=%g m2=%g (expected n = %lu "
                   "replications, a "
                   "finite mean and m2 >= 0)",
                   (unsigned long long)c, (unsigned long long)(c / h->out_width),
                   (unsigned long long)(c % h->out_width), a->n, a->mean, a->m2, (unsigned long)h->replications);
      free(*acc);
      *acc = NULL;
      return SIM_EPARAM;
    }
  }
  return SIM_OK;
}

/* ---- --checkpoint-every: restart points ---- */

sim_status sim_restart_write(const char *path, const sim_restart_header *h, const sim_run_result *r,
                             sim_status (*save)(void *ctx, void *file), void *ctx) {
  char tmp[4400], tag[128];
  sim_owner_tag(tag, sizeof tag); /* a killed writer's file is removed by the next run (sim_remove_stale) */
  if (snprintf(tmp, sizeof tmp, "%s.tmp-%s", path, tag) >= (int)sizeof tmp) return SIM_EIO;
  FILE *f = fopen(tmp, "w+b");
  if (!f) return SIM_EIO;
  size_t cells = (size_t)h->reported_steps * h->out_width, heads = (size_t)h->rep * h->headline_width;
  int ok = fwrite(SIM_RESTART_MAGIC, 1, strlen(SIM_RESTART_MAGIC), f) == strlen(SIM_RESTART_MAGIC) &&
           fwrite(h, sizeof *h, 1, f) == 1 && (!cells || fwrite(r->monthly, sizeof *r->monthly, cells, f) == cells) &&
           (!heads || fwrite(r->headline, sizeof *r->headline, heads, f) == heads) &&
           (!h->extra_width || fwrite(r->extra, sizeof *r->extra, h->extra_width, f) == h->extra_width) &&
           save(ctx, f) == SIM_OK && sim_ckpt_finish(f, NULL, 0) == SIM_OK && fsync(fileno(f)) == 0;
  /* Only a complete file replaces the previous restart point. */
  if (fclose(f) != 0) ok = 0;
  if (!ok || rename(tmp, path) != 0) {
    (void)remove(tmp);
    return SIM_EIO;
  }
  return SIM_OK;
}

/* The statistics of a restart file are checked before the run adds to them. */
static int acc_ok(const sim_stats_acc *a, double n_lo, double n_hi) {
  return a->n >= n_lo && a->n <= n_hi && a->n == floor(a->n) && isfinite(a->mean) && isfinite(a->m2) && a->m2 >= 0 &&
         (a->n > 0 || (a->mean == 0 && a->m2 == 0));
}

sim_status sim_restart_open(const char *path, const sim_restart_header *x, int first_reported, sim_run_result *r,
                            uint32_t *rep, int *step, FILE **out, long *size, sim_errs *e) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    sim_errs_add(e, path, 0, "--resume", "cannot read it (expected the restart file written by --checkpoint-every)");
    return SIM_EIO;
  }
  sim_status st = sim_restart_open_stream(f, path, x, first_reported, r, rep, step, size, e);
  if (st != SIM_OK) {
    (void)fclose(f);
    return st;
  }
  *out = f;
  return SIM_OK;
}

sim_status sim_restart_open_stream(FILE *f, const char *path, const sim_restart_header *x, int first_reported,
                                   sim_run_result *r, uint32_t *rep, int *step, long *size, sim_errs *e) {
  sim_restart_header h;
  char magic[sizeof SIM_RESTART_MAGIC] = "";
  uint64_t stored = 0, computed = 0;
#define BAD(...)                                                                                                       \
  do {                                                                                                                 \
    sim_errs_add(e, path, 0, "--resume", __VA_ARGS__);                                                                 \
    return SIM_EPARAM;                                                                                                 \
  } while (0)
  if (fseek(f, 0, SEEK_END) != 0 || (*size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
      *size < (long)(strlen(SIM_RESTART_MAGIC) + sizeof h + 8) ||
      fread(magic, 1, strlen(SIM_RESTART_MAGIC), f) != strlen(SIM_RESTART_MAGIC) ||
      memcmp(magic, SIM_RESTART_MAGIC, strlen(SIM_RESTART_MAGIC)) != 0 || fread(&h, sizeof h, 1, f) != 1)
    BAD("not a tzsim restart file of this format (expected a file written by tzsim run --checkpoint-every)");
  if (fseek(f, *size - 8, SEEK_SET) != 0 || fread(&stored, sizeof stored, 1, f) != 1 ||
      checksum(f, *size - 8, &computed) != 0 || stored != computed)
    BAD("its checksum does not match (expected an intact restart file: it is damaged or incomplete; remove it to start "
        "again)");
  if (strncmp(h.version, x->version, sizeof h.version) != 0 ||
      strncmp(h.git_revision, x->git_revision, sizeof h.git_revision) != 0)
    BAD("was written by another version of tzsim (expected tzsim %s %s; remove it to start again)", x->version,
        x->git_revision);
  if (h.scenario_hash != x->scenario_hash || h.seed != x->seed || h.replications != x->replications)
    BAD("was written for another scenario, seed or replication count (expected a restart file of this very run; remove "
        "it to start again)");
  if (h.reported_steps != x->reported_steps || h.out_width != x->out_width || h.headline_width != x->headline_width ||
      h.extra_width != x->extra_width)
    BAD("its table sizes differ from this run's (expected a restart file of this very run)");
  int steps = first_reported + x->reported_steps;
  if (h.rep >= h.replications || h.step < 1 || h.step >= steps)
    BAD("header field rep is %lu and step %ld (expected rep below %lu and step from 1 to %d)", (unsigned long)h.rep,
        (long)h.step, (unsigned long)h.replications, steps - 1);
  size_t cells = (size_t)h.reported_steps * h.out_width, heads = (size_t)h.rep * h.headline_width;
  if (fseek(f, (long)(strlen(SIM_RESTART_MAGIC) + sizeof h), SEEK_SET) != 0 ||
      (uint64_t)*size < strlen(SIM_RESTART_MAGIC) + sizeof h + 8 + cells * sizeof *r->monthly +
                            heads * sizeof *r->headline + h.extra_width * sizeof *r->extra ||
      (cells && fread(r->monthly, sizeof *r->monthly, cells, f) != cells) ||
      (heads && fread(r->headline, sizeof *r->headline, heads, f) != heads) ||
      (h.extra_width && fread(r->extra, sizeof *r->extra, h.extra_width, f) != h.extra_width))
    BAD("the file ends inside its statistics (expected a complete restart file)");
  /* Steps of rep before h.step already count rep; later ones do not yet. */
  for (size_t c = 0; c < cells; c++) {
    int s = first_reported + (int)(c / h.out_width);
    double n = (double)h.rep + (s < h.step ? 1 : 0);
    if (!acc_ok(&r->monthly[c], n, n))
      BAD("monthly statistic %zu is n=%g mean=%g m2=%g (expected n = %g, a finite mean and m2 >= 0)", c,
          r->monthly[c].n, r->monthly[c].mean, r->monthly[c].m2, n);
  }
  for (size_t c = 0; c < h.extra_width; c++)
    if (!acc_ok(&r->extra[c], 0, (double)h.rep))
      BAD("extra statistic %zu is n=%g (expected at most %lu values, a finite mean and m2 >= 0)", c, r->extra[c].n,
          (unsigned long)h.rep);
#undef BAD
  r->replications = h.rep;
  *rep = h.rep;
  *step = h.step;
  return SIM_OK;
}
