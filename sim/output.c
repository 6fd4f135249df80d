/* output.c: atomic result directories and the CSV and JSON writers. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the feature-test macro of renameat2(RENAME_NOREPLACE), so a result that appeared meanwhile is never replaced */
#include "sim/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/calendar.h"
#include "sim/stats.h"

/* ---- directories ---- */

static int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

sim_status sim_outdir_check(const char *dir, int force, sim_errs *e) {
  if (exists(dir) && !force) {
    sim_errs_add(e, dir, 0, NULL, "output directory exists (expected a new directory, or --force to replace it)");
    return SIM_EEXIST;
  }
  /* Catch an output that cannot be written before a long run, not after: the nearest existing
   * ancestor must be a writable folder. */
  char up[4096];
  snprintf(up, sizeof up, "%s", dir);
  for (;;) {
    char *slash = strrchr(up, '/');
    while (slash && slash > up && slash[1] == '\0') { /* trailing slashes */
      *slash = '\0';
      slash = strrchr(up, '/');
    }
    if (!slash) {
      snprintf(up, sizeof up, ".");
    } else if (slash == up) {
      up[1] = '\0';
    } else {
      *slash = '\0';
    }
    struct stat st;
    if (stat(up, &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        sim_errs_add(e, dir, 0, NULL, "cannot be created: %s is not a folder (expected a path in a writable folder)", up);
        return SIM_EIO;
      }
      if (access(up, W_OK | X_OK) != 0) {
        sim_errs_add(e, dir, 0, NULL, "cannot be created: %s is not writable (expected a path in a writable folder)", up);
        return SIM_EIO;
      }
      return SIM_OK;
    }
    if (!slash || strcmp(up, "/") == 0) return SIM_OK;
  }
}

/* mkdir -p of every parent of path. */
int sim_make_parents(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return 0;
}

sim_status sim_outdir_begin(sim_outdir *d, const char *dir, int force, sim_errs *e) {
  memset(d, 0, sizeof *d);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--; /* "results/x/" names the same folder as "results/x" */
  if (n == 0 || n >= sizeof d->final - 64) {
    sim_errs_add(e, dir, 0, NULL, "output directory name is empty or too long (expected a path under 4000 bytes)");
    return SIM_EIO;
  }
  memcpy(d->final, dir, n);
  d->final[n] = '\0';
  d->force = force;
  if (sim_outdir_check(d->final, force, e) != SIM_OK) return SIM_EEXIST;
  if (sim_make_parents(d->final) != 0) {
    sim_errs_add(e, d->final, 0, NULL, "cannot create its parent folders: %s", strerror(errno));
    return SIM_EIO;
  }
  (void)sim_remove_stale(d->final);
  const char *slash = strrchr(d->final, '/');
  int plen = slash ? (int)(slash - d->final + 1) : 0;
  char tag[128];
  sim_owner_tag(tag, sizeof tag);
  int len = snprintf(d->tmp, sizeof d->tmp, "%.*s.%s.partial-%s", plen, d->final, slash ? slash + 1 : d->final, tag);
  if (len < 0 || (size_t)len >= sizeof d->tmp || mkdir(d->tmp, 0777) != 0) {
    sim_errs_add(e, d->final, 0, NULL, "cannot be created: %s (expected a path in a writable folder)", strerror(errno));
    return SIM_EIO;
  }
  d->open = 1;
  return SIM_OK;
}

void sim_outdir_path(const sim_outdir *d, const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", d->tmp, name);
}

/* Messages name the file where the user will look for it, not the temporary folder. */
static void final_path(const sim_outdir *d, const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", d->final, name);
}

FILE *sim_outdir_open(sim_outdir *d, const char *name, sim_errs *e) {
  char path[4200];
  sim_outdir_path(d, name, path, sizeof path);
  FILE *f = fopen(path, "w");
  if (!f) {
    char shown[4200];
    final_path(d, name, shown, sizeof shown);
    sim_errs_add(e, shown, 0, NULL, "cannot write: %s (expected a writable folder)", strerror(errno));
  }
  return f;
}

sim_status sim_outdir_close(sim_outdir *d, FILE *f, const char *name, sim_errs *e) {
  char path[4200];
  final_path(d, name, path, sizeof path);
  int bad = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (bad) {
    sim_errs_add(e, path, 0, NULL, "write failed: %s (expected room on the disk and a writable folder); nothing was written",
                 strerror(err ? err : EIO));
    return SIM_EIO;
  }
  return SIM_OK;
}

// NOLINTNEXTLINE(misc-no-recursion): one level per folder level of tzsim's own result folder; lstat: links are not followed
int sim_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) return unlink(path);
  DIR *dir = opendir(path);
  if (!dir) return -1;
  struct dirent *ent;
  int rc = 0;
  while ((ent = readdir(dir)) != NULL) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    char child[4400];
    snprintf(child, sizeof child, "%s/%s", path, ent->d_name);
    if (sim_remove_tree(child) != 0) rc = -1;
  }
  closedir(dir);
  if (rmdir(path) != 0) rc = -1;
  return rc;
}

void sim_owner_tag(char *buf, size_t n) {
  char host[65] = "";
  if (gethostname(host, sizeof host - 1) != 0 || !host[0]) snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  /* The tag is part of a file name and is parsed back at its last '-'. */
  for (char *p = host; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.')) *p = '_';
  snprintf(buf, n, "%s-%ld", host, (long)getpid());
}

/* 1 if tag ("HOST-PID") names a process of this host that no longer exists. */
static int tag_is_dead(const char *tag) {
  char mine[128];
  sim_owner_tag(mine, sizeof mine);
  const char *dash = strrchr(tag, '-'), *my_dash = strrchr(mine, '-');
  if (!dash || !my_dash || dash - tag != my_dash - mine || strncmp(tag, mine, (size_t)(dash - tag)) != 0) return 0;
  char *end = NULL;
  errno = 0;
  long pid = (dash[1] >= '0' && dash[1] <= '9') ? strtol(dash + 1, &end, 10) : 0;
  if (!end || *end || errno || pid <= 0 || pid == (long)getpid()) return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int sim_remove_stale(const char *dir) {
  char parent[4096], base[4096];
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (n == 0 || n >= sizeof base) return 0;
  snprintf(base, sizeof base, "%.*s", (int)n, dir);
  char *slash = strrchr(base, '/');
  if (slash) {
    snprintf(parent, sizeof parent, "%.*s", slash == base ? 1 : (int)(slash - base), base);
    memmove(base, slash + 1, strlen(slash + 1) + 1);
  } else {
    snprintf(parent, sizeof parent, ".");
  }
  char partial[4200], ckpt[4200];
  snprintf(partial, sizeof partial, ".%s.partial-", base);
  snprintf(ckpt, sizeof ckpt, "%s.ckpt.tmp-", base);
  DIR *d = opendir(parent);
  if (!d) return 0;
  int removed = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    const char *tag = !strncmp(ent->d_name, partial, strlen(partial)) ? ent->d_name + strlen(partial)
                      : !strncmp(ent->d_name, ckpt, strlen(ckpt))     ? ent->d_name + strlen(ckpt)
                                                                       : NULL;
    if (!tag || !tag_is_dead(tag)) continue;
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", parent, ent->d_name);
    if (sim_remove_tree(path) == 0) {
      removed++;
      fprintf(stderr, "%s: notice: removed %s, left by a killed run (its process is gone from this host)\n", dir, ent->d_name);
    }
  }
  closedir(d);
  return removed;
}

void sim_outdir_abort(sim_outdir *d) {
  if (d->open) sim_remove_tree(d->tmp);
  d->open = 0;
}

sim_status sim_outdir_commit(sim_outdir *d, sim_errs *e) {
  char old[4200] = "";
  if (exists(d->final)) {
    if (!d->force) {
      sim_errs_add(e, d->final, 0, NULL, "output directory appeared during the run (expected a new directory, or --force)");
      sim_outdir_abort(d);
      return SIM_EEXIST;
    }
    snprintf(old, sizeof old, "%s.old-%ld", d->tmp, (long)getpid());
    if (rename(d->final, old) != 0) {
      sim_errs_add(e, d->final, 0, NULL, "cannot move the old result aside: %s", strerror(errno));
      sim_outdir_abort(d);
      return SIM_EIO;
    }
  }
  if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->final, RENAME_NOREPLACE) != 0) {
    int err = errno;
    sim_errs_add(e, d->final, 0, NULL, "cannot move the finished result into place: %s", strerror(err));
    /* Put the old result back: nothing is lost; if even that fails, say where it is. */
    if (old[0] && rename(old, d->final) != 0)
      sim_errs_add(e, d->final, 0, NULL, "cannot put the previous result back: %s (it is kept in %s)", strerror(errno),
                   old);
    sim_outdir_abort(d);
    return SIM_EIO;
  }
  d->open = 0;
  if (old[0]) sim_remove_tree(old);
  return SIM_OK;
}

/* ---- names ---- */

void sim_safe_name(const char *text, char *out, size_t n) {
  /* Two-byte UTF-8 sequences of the Latin-1 letters French names use, and their ASCII forms. */
  static const struct { const char *utf8, *ascii; } map[] = {
      {"\xc3\xa0", "a"}, {"\xc3\xa2", "a"}, {"\xc3\xa4", "a"}, {"\xc3\xa7", "c"}, {"\xc3\xa8", "e"},
      {"\xc3\xa9", "e"}, {"\xc3\xaa", "e"}, {"\xc3\xab", "e"}, {"\xc3\xae", "i"}, {"\xc3\xaf", "i"},
      {"\xc3\xb4", "o"}, {"\xc3\xb6", "o"}, {"\xc3\xb9", "u"}, {"\xc3\xbb", "u"}, {"\xc3\xbc", "u"},
      {"\xc3\x80", "A"}, {"\xc3\x89", "E"}, {"\xc3\x88", "E"}, {"\xc3\x87", "C"}, {"\xc3\x8e", "I"},
      {"\xc3\x94", "O"}, {"\xc5\x93", "oe"}, {"\xc5\x92", "OE"}};
  size_t k = 0;
  if (n == 0) return;
  for (const char *s = text; *s && k + 3 < n;) {
    int done = 0;
    for (size_t m = 0; m < sizeof map / sizeof map[0] && !done; m++)
      if (strncmp(s, map[m].utf8, 2) == 0) {
        for (const char *a = map[m].ascii; *a && k + 1 < n; a++) out[k++] = *a;
        s += 2;
        done = 1;
      }
    if (done) continue;
    char c = *s++;
    int alnum_before = k > 0 && ((out[k - 1] >= 'a' && out[k - 1] <= 'z') || (out[k - 1] >= 'A' && out[k - 1] <= 'Z') ||
                                 (out[k - 1] >= '0' && out[k - 1] <= '9'));
    /* A dot only inside a name ("v1.2"), never leading or after a separator: no "..". */
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
             (c == '.' && alnum_before);
    char put = c;
    if (!ok) put = '_';
    if (put == '_' && k > 0 && out[k - 1] == '_') continue; /* "a / b" -> "a_b", not "a___b" */
    out[k++] = put;
  }
  while (k > 0 && (out[k - 1] == '_' || out[k - 1] == '.')) k--;
  if (k == 0) {
    snprintf(out, n, "unnamed");
    return;
  }
  out[k] = '\0';
}

/* ---- quoting ---- */

/* A number a spreadsheet reads as a number: -?DIGITS[.DIGITS][e[+-]DIGITS]. */
static int plain_negative_number(const char *s) {
  const char *p = s + (*s == '-');
  int digits = 0;
  for (; *p >= '0' && *p <= '9'; p++) digits++;
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++) digits++;
  if (!digits) return 0;
  if (*p == 'e' || *p == 'E') {
    p += (p[1] == '+' || p[1] == '-') ? 2 : 1;
    if (!(*p >= '0' && *p <= '9')) return 0;
    while (*p >= '0' && *p <= '9') p++;
  }
  return *p == '\0' && s[0] == '-';
}

int sim_csv_is_formula(const char *s) {
  if (s[0] == '\0' || !strchr("=+-@\t\r", s[0])) return 0;
  if (!strcmp(s, "-")) return 0; /* a lone dash (the unit of a ratio) computes nothing */
  return !plain_negative_number(s);
}

void sim_csv_field(FILE *f, const char *s) {
  int formula = sim_csv_is_formula(s);
  if (!formula && !strpbrk(s, ",\"\r\n")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  if (formula) fputc('\'', f); /* OWASP: a leading quote makes a spreadsheet show the text, not run it */
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

int sim_utf8_len(const unsigned char *s) { return sim_utf8_valid_len(s); }

void sim_json_string(FILE *f, const char *str) {
  const unsigned char *s = (const unsigned char *)str;
  fputc('"', f);
  while (*s) {
    int n = sim_utf8_len(s);
    if (n == 0) {
      fputs("\\ufffd", f);
      s++;
      continue;
    }
    if (n > 1) {
      fwrite(s, 1, (size_t)n, f);
      s += n;
      continue;
    }
    switch (*s) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (*s < 0x20 || *s == 0x7F)
        fprintf(f, "\\u%04x", *s);
      else
        fputc(*s, f);
    }
    s++;
  }
  fputc('"', f);
}

void sim_json_number(FILE *f, double v) {
  if (!isfinite(v))
    fputs("null", f);
  else
    fprintf(f, "%.17g", v);
}

/* CSV numbers: 12 significant digits are exact for counts and to the euro for sums below 1e12,
 * and stay readable. */
static void csv_number(FILE *f, double v) {
  if (!isfinite(v))
    fputs("", f);
  else
    fprintf(f, "%.12g", v == 0.0 ? 0.0 : v); /* no "-0" */
}

/* ---- writers ---- */

static const char *group_name(const sim_layout *l, int g) {
  return g == l->total_group ? "total" : l->group_names[g];
}

sim_status sim_write_monthly_csv(FILE *f, const sim_layout *l, const sim_run_result *r) {
  int with_ci = r->replications > 1;
  fputs("territory,date,arm", f);
  for (int m = 0; m < l->n_metrics; m++) {
    fprintf(f, ",%s", l->metric_names[m]);
    if (with_ci) fprintf(f, ",%s_lo,%s_hi", l->metric_names[m], l->metric_names[m]);
  }
  fputc('\n', f);
  for (int g = 0; g < l->n_groups; g++)
    for (int step = 0; step < r->reported_steps; step++)
      for (int a = 0; a < l->n_arms; a++) {
        char date[8];
        sim_cal_format(l->first_month + step, date);
        sim_csv_field(f, group_name(l, g));
        fprintf(f, ",%s,%s", date, l->arm_names[a]);
        const sim_stats_acc *row =
            r->monthly + (size_t)step * r->out_width + ((size_t)g * (size_t)l->n_arms + (size_t)a) * (size_t)l->n_metrics;
        for (int m = 0; m < l->n_metrics; m++) {
          sim_stats_ci c = sim_stats_ci_of_acc(&row[m]);
          fputc(',', f);
          csv_number(f, c.mean);
          if (with_ci) {
            fputc(',', f);
            csv_number(f, c.lo);
            fputc(',', f);
            csv_number(f, c.hi);
          }
        }
        fputc('\n', f);
      }
  return ferror(f) ? SIM_EIO : SIM_OK;
}

sim_status sim_summarise(const sim_layout *l, const sim_run_result *r, sim_stats_ci *out) {
  size_t stride = r->headline_width;
  for (int g = 0; g < l->n_groups; g++)
    for (int k = 0; k < l->n_figures; k++) {
      const sim_figure *fig = &l->figures[k];
      const double *base = r->headline + (size_t)g * (size_t)l->n_figures;
      sim_stats_ci c;
      if (fig->num >= 0)
        c = sim_stats_ratio_ci(base + fig->num, base + fig->den, stride, r->replications);
      else
        c = sim_stats_ci_of(base + k, stride, r->replications);
      out[(size_t)g * (size_t)l->n_figures + (size_t)k] = c;
    }
  return SIM_OK;
}

static void json_figures(FILE *f, const sim_layout *l, const sim_stats_ci *ci, int g, const char *indent) {
  fputs("{\n", f);
  for (int k = 0; k < l->n_figures; k++) {
    const sim_stats_ci *c = &ci[(size_t)g * (size_t)l->n_figures + (size_t)k];
    fprintf(f, "%s  \"%s\": {\"mean\": ", indent, l->figures[k].name);
    sim_json_number(f, c->mean);
    fputs(", \"lo\": ", f);
    sim_json_number(f, c->lo);
    fputs(", \"hi\": ", f);
    sim_json_number(f, c->hi);
    fprintf(f, ", \"n\": %d}%s\n", c->n, k + 1 < l->n_figures ? "," : "");
  }
  fprintf(f, "%s}", indent);
}

sim_status sim_write_summary_json(FILE *f, const sim_layout *l, const sim_stats_ci *ci, const char *scenario,
                                  uint64_t seed, uint32_t replications) {
  fputs("{\n  \"scenario\": ", f);
  sim_json_string(f, scenario);
  fprintf(f, ",\n  \"seed\": %llu,\n  \"replications\": %u,\n", (unsigned long long)seed, replications);
  fputs("  \"interval\": \"95% Student t interval over replications; ratios are ratios of means with a delta-method interval\",\n", f);
  fputs("  \"units\": {", f);
  for (int k = 0; k < l->n_figures; k++) {
    fprintf(f, "%s\"%s\": ", k ? ", " : "", l->figures[k].name);
    sim_json_string(f, l->figures[k].unit);
  }
  fputs("},\n  \"total\": ", f);
  json_figures(f, l, ci, l->total_group, "  ");
  fputs(",\n  \"territories\": {\n", f);
  int first = 1;
  for (int g = 0; g < l->n_groups; g++) {
    if (g == l->total_group) continue;
    fprintf(f, "%s    ", first ? "" : ",\n");
    first = 0;
    sim_json_string(f, l->group_names[g]);
    fputs(": ", f);
    json_figures(f, l, ci, g, "    ");
  }
  fputs("\n  }\n}\n", f);
  return ferror(f) ? SIM_EIO : SIM_OK;
}

sim_status sim_write_summary_csv(FILE *f, const sim_layout *l, const sim_stats_ci *ci) {
  fputs("territory,figure,unit,mean,lo,hi,sd,n\n", f);
  for (int g = 0; g < l->n_groups; g++)
    for (int k = 0; k < l->n_figures; k++) {
      const sim_stats_ci *c = &ci[(size_t)g * (size_t)l->n_figures + (size_t)k];
      sim_csv_field(f, group_name(l, g));
      fprintf(f, ",%s,", l->figures[k].name);
      sim_csv_field(f, l->figures[k].unit);
      fputc(',', f);
      csv_number(f, c->mean);
      fputc(',', f);
      csv_number(f, c->lo);
      fputc(',', f);
      csv_number(f, c->hi);
      fputc(',', f);
      csv_number(f, c->sd);
      fprintf(f, ",%d\n", c->n);
    }
  return ferror(f) ? SIM_EIO : SIM_OK;
}
