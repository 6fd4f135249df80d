/* checkpoint.c: writing checkpoint files and checking what they say before anything uses it (the
 * model writes and checks its own state inside). */
#include "sim/checkpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/shard.h"

sim_status sim_ckpt_begin(FILE *f, const sim_ckpt_header *h) {
  if (fwrite(SIM_CKPT_MAGIC, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) || fwrite(h, sizeof *h, 1, f) != 1)
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

sim_status sim_ckpt_open_stream(FILE *f, const char *path, sim_ckpt_header *h, long *size, sim_errs *e) {
  char magic[sizeof SIM_CKPT_MAGIC] = "";
  *size = -1;
  if (fseek(f, 0, SEEK_END) != 0 || (*size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  if (*size < SIM_CKPT_STATES_AT + 8 || fread(magic, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) ||
      memcmp(magic, SIM_CKPT_MAGIC, strlen(SIM_CKPT_MAGIC)) != 0 || fread(h, sizeof *h, 1, f) != 1) {
    sim_errs_add(e, path, 0, "--from", "not a tzsim checkpoint of this format (expected a file written by tzsim run --checkpoint-at)");
    return SIM_EPARAM;
  }
  uint64_t stored = 0, computed = 0;
  if (fseek(f, *size - 8, SEEK_SET) != 0 || fread(&stored, sizeof stored, 1, f) != 1 || checksum(f, *size - 8, &computed) != 0 ||
      stored != computed) {
    sim_errs_add(e, path, 0, "--from", "its checksum does not match (expected an intact checkpoint file: it is damaged or incomplete)");
    return SIM_EPARAM;
  }
  if (fseek(f, SIM_CKPT_STATES_AT, SEEK_SET) != 0) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint file)");
    return SIM_EIO;
  }
  return SIM_OK;
}

sim_status sim_ckpt_open(const char *path, sim_ckpt_header *h, long *size, FILE **out, sim_errs *e) {
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a checkpoint written by tzsim run --checkpoint-at)");
    return SIM_EIO;
  }
  sim_status st = sim_ckpt_open_stream(f, path, h, size, e);
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

sim_status sim_ckpt_check_header(const char *path, const sim_ckpt_header *h, const sim_ckpt_expect *x, sim_errs *e) {
  char date[16], lo[16], hi[16];
  month_text(h->date, date);
  month_text(x->start + 1, lo);
  month_text(x->start + x->months - 1, hi);
  /* In 64 bits: the date is any int32 until checked. */
  int64_t before = (int64_t)h->date - x->start, step = x->burn_in + before;
#define BAD(...)                                  \
  do {                                            \
    sim_errs_add(e, path, 0, "--from", __VA_ARGS__); \
    return SIM_EPARAM;                            \
  } while (0)
  /* The strings were written NUL-padded: anything else is not ours. */
  if (strncmp(h->version, x->version, sizeof h->version) != 0 || strncmp(h->git_revision, x->git_revision, sizeof h->git_revision) != 0 ||
      !memchr(h->version, 0, sizeof h->version) || !memchr(h->git_revision, 0, sizeof h->git_revision))
    BAD("was written by another version of tzsim (expected a checkpoint of tzsim %s %s; header field version is \"%.31s\", git_revision \"%.31s\")",
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
    BAD("header field step is %ld (expected %lld, the engine step of its date %s with %ld burn-in months)", (long)h->step,
        (long long)step, date, (long)x->burn_in);
  if (h->reported_before != before)
    BAD("header field reported_before is %ld (expected %lld, the reported months before its date %s)", (long)h->reported_before,
        (long long)before, date);
  if (h->out_width != x->out_width)
    BAD("header field out_width is %llu (expected %llu, the monthly columns of this scenario)", (unsigned long long)h->out_width,
        (unsigned long long)x->out_width);
  if (h->prefix_hash != x->prefix_hash)
    BAD("comes from a scenario that differs before its date (territories, people, labour market) (expected a checkpoint of "
        "this scenario's first months; checkpoint date %s)", date);
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
    int known = at >= 0 && !__builtin_add_overflow((uint64_t)at, bytes, &want) && !__builtin_add_overflow(want, 8u, &want);
    sim_errs_add(e, path, 0, "--from",
                 "the file is %ld bytes (expected %llu: the header, %lu replication states and %ld months x %llu monthly "
                 "statistics, and the checksum; it is truncated or has extra bytes)",
                 size, known ? (unsigned long long)want : 0ULL, (unsigned long)h->replications, (long)h->reported_before,
                 (unsigned long long)h->out_width);
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
                   "monthly statistic %llu (month %llu, column %llu) is n=%g mean=%g m2=%g (expected n = %lu replications, a "
                   "finite mean and m2 >= 0)",
                   (unsigned long long)c, (unsigned long long)(c / h->out_width), (unsigned long long)(c % h->out_width), a->n,
                   a->mean, a->m2, (unsigned long)h->replications);
      free(*acc);
      *acc = NULL;
      return SIM_EPARAM;
    }
  }
  return SIM_OK;
}
